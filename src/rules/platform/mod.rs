//! ZM0xx: the manifest's DTD, the brand, and the advisory release and platform checks.

pub mod brand_missing;
pub mod dtd_invalid;
pub mod isa_differs;
pub mod machine_class_differs;
pub mod release_differs;
pub mod sun4u_to_sun4v;

/// Machine class (`uname -m`) of source and target, when both are known.
fn machine_classes<'a>(
    pair: &crate::rules::Pair<'a>,
) -> Result<
    (
        &'a crate::facts::uname::Uname,
        &'a crate::facts::uname::Uname,
    ),
    crate::rules::NotRun,
> {
    let source = pair.source()?;
    let src = crate::rules::Pair::need(&source.uname)?;
    let dst = crate::rules::Pair::need(&pair.target.uname)?;
    Ok((src, dst))
}
