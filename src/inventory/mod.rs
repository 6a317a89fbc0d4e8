//! The operator's view of the fleet. For now: the naming rules that keep host and zone
//! names safe to use as file names and inside remote commands.

pub mod names;
