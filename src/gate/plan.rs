//! The plan of a maintenance window (`--plan FILE`): planned moves and evacuations, and
//! whether the matrix supports them.
//!
//! ```yaml
//! version: 1
//! moves:
//!   - zone: web01          # or web01@s10-fra-01, or a separate `from: s10-fra-01`,
//!     to: s10-fra-02       #   when zones of that name are on several hosts
//! evacuate:
//!   - s10-fra-01
//! ```
//!
//! A move holds when its pair's verdict is `ok`, `warn` or `update`. An evacuation holds
//! when every zone on the host has at least one such target that the plan does not also
//! evacuate. Names the snapshot does not know make a requirement fail (the plan may be
//! right and the scan incomplete); a plan that contradicts itself is refused on loading.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::inventory::names::{validate_host_name, validate_zone_name};
use crate::inventory::yaml::{self, InputError, Position};

/// The plan format this zonescan reads.
pub const PLAN_VERSION: u32 = 1;

/// A problem in a plan file: `plans/window.yaml:4:11: message`.
pub type PlanError = InputError;

/// What a maintenance window intends to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The file it was read from, as given.
    pub path: PathBuf,
    /// In file order.
    pub moves: Vec<PlannedMove>,
    /// In file order; no host twice.
    pub evacuate: Vec<Evacuation>,
}

/// A zone that is to move to another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMove {
    pub zone: String,
    /// The zone's host, when the plan names it (`web01@s10-fra-01` or `from:`).
    pub from: Option<String>,
    pub to: String,
    /// Where the move's `zone:` value is in the plan file.
    pub at: Position,
}

impl PlannedMove {
    /// `move web01 -> s10-fra-02`, or `move web01@s10-fra-01 -> s10-fra-02`.
    pub fn requirement(&self) -> String {
        match &self.from {
            Some(from) => format!("move {}@{from} -> {}", self.zone, self.to),
            None => format!("move {} -> {}", self.zone, self.to),
        }
    }
}

/// A host that every zone must be able to leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evacuation {
    pub host: String,
    /// Where the host name is in the plan file.
    pub at: Position,
}

impl Evacuation {
    /// `evacuate s10-fra-01`.
    pub fn requirement(&self) -> String {
        format!("evacuate {}", self.host)
    }
}

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    version: S<u32>,
    moves: Option<Vec<RawMove>>,
    evacuate: Option<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMove {
    zone: S<String>,
    from: Option<S<String>>,
    to: S<String>,
}

impl Plan {
    /// Reads and checks a plan file.
    pub fn load(path: &Path) -> Result<Plan, PlanError> {
        let text = yaml::read_text(path)?;
        Self::parse(&text, path)
    }

    /// Checks plan text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Plan, PlanError> {
        let raw: RawPlan = yaml::parse_yaml(text, path)?;
        let err = |at: Position, message: String| PlanError::new(path, at, message);
        if raw.version.value != PLAN_VERSION {
            return Err(err(
                Position::of(&raw.version),
                format!(
                    "plan version {} is not supported; this zonescan reads version {PLAN_VERSION}",
                    raw.version.value
                ),
            ));
        }

        let mut evacuate: Vec<Evacuation> = Vec::new();
        for host in raw.evacuate.unwrap_or_default() {
            let at = Position::of(&host);
            validate_host_name(&host.value)
                .map_err(|e| err(at, format!("invalid host name {:?}: {e}", host.value)))?;
            if let Some(first) = evacuate.iter().find(|e| e.host == host.value) {
                return Err(err(
                    at,
                    format!(
                        "{} is already evacuated (first at line {})",
                        host.value, first.at.line
                    ),
                ));
            }
            evacuate.push(Evacuation {
                host: host.value,
                at,
            });
        }

        let mut moves: Vec<PlannedMove> = Vec::new();
        for m in raw.moves.unwrap_or_default() {
            let at = Position::of(&m.zone);
            let (zone, at_host) = match m.zone.value.split_once('@') {
                Some((zone, host)) => (zone.to_string(), Some(host.to_string())),
                None => (m.zone.value.clone(), None),
            };
            validate_zone_name(&zone)
                .map_err(|e| err(at, format!("invalid zone name {zone:?}: {e}")))?;
            let from = match (at_host, &m.from) {
                (Some(_), Some(from)) => {
                    return Err(err(
                        Position::of(from),
                        format!(
                            "the zone's host is given twice ({} and from: {}); give it once",
                            m.zone.value, from.value
                        ),
                    ));
                }
                (Some(host), None) => {
                    validate_host_name(&host)
                        .map_err(|e| err(at, format!("invalid host name {host:?}: {e}")))?;
                    Some(host)
                }
                (None, Some(from)) => {
                    validate_host_name(&from.value).map_err(|e| {
                        err(
                            Position::of(from),
                            format!("invalid host name {:?}: {e}", from.value),
                        )
                    })?;
                    Some(from.value.clone())
                }
                (None, None) => None,
            };
            let to_at = Position::of(&m.to);
            let to = m.to.value;
            validate_host_name(&to)
                .map_err(|e| err(to_at, format!("invalid host name {to:?}: {e}")))?;
            if from.as_deref() == Some(to.as_str()) {
                return Err(err(to_at, format!("moves {zone} from {to} to itself")));
            }
            if evacuate.iter().any(|e| e.host == to) {
                return Err(err(
                    to_at,
                    format!("moves {zone} to {to}, which this plan evacuates"),
                ));
            }
            let same_zone = |p: &PlannedMove| {
                p.zone == zone
                    && (p.from.is_none() || from.is_none() || p.from.as_deref() == from.as_deref())
            };
            if let Some(first) = moves.iter().find(|p| same_zone(p)) {
                return Err(err(
                    at,
                    format!(
                        "zone {zone} is already moved at line {} ({})",
                        first.at.line,
                        first.requirement()
                    ),
                ));
            }
            moves.push(PlannedMove { zone, from, to, at });
        }

        if moves.is_empty() && evacuate.is_empty() {
            return Err(err(
                Position::of(&raw.version),
                "the plan has no moves and no evacuations".into(),
            ));
        }
        Ok(Plan {
            path: path.to_path_buf(),
            moves,
            evacuate,
        })
    }
}

mod evaluate;

pub use evaluate::evaluate;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
