//! Zone and host name rules (domain.md §5, snapshot-format.md).
//!
//! Names read from remote hosts are untrusted: they are validated before they are used as
//! file names or substituted into a command.

/// Longest zone name: `ZONENAME_MAX` is 64 including the NUL.
pub const ZONENAME_MAX_LEN: usize = 63;

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("name is empty")]
    Empty,
    #[error("name is longer than {max} characters")]
    TooLong { max: usize },
    #[error("name must start with a letter or digit")]
    BadStart,
    #[error("name contains {0:?}; only letters, digits, '-', '_' and '.' are allowed")]
    BadChar(char),
    #[error("\"global\" is the global zone, not a zone that can move")]
    Global,
}

/// `ZONENAME_REGEXP = [a-zA-Z0-9][-_.a-zA-Z0-9]{0,62}`, and not `global`.
pub fn validate_zone_name(name: &str) -> Result<(), NameError> {
    validate_shape(name)?;
    if name == "global" {
        return Err(NameError::Global);
    }
    Ok(())
}

/// Inventory host names follow the same shape (they become directory names).
pub fn validate_host_name(name: &str) -> Result<(), NameError> {
    validate_shape(name)
}

fn validate_shape(name: &str) -> Result<(), NameError> {
    let mut chars = name.chars();
    let first = chars.next().ok_or(NameError::Empty)?;
    if name.len() > ZONENAME_MAX_LEN {
        return Err(NameError::TooLong {
            max: ZONENAME_MAX_LEN,
        });
    }
    if !first.is_ascii_alphanumeric() {
        return Err(NameError::BadStart);
    }
    match chars.find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        Some(bad) => Err(NameError::BadChar(bad)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_solaris_names() {
        for ok in ["web01", "a", "Z9", "db-01.prod_x", &"x".repeat(63)] {
            assert_eq!(validate_zone_name(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_unsafe_names() {
        assert_eq!(validate_zone_name(""), Err(NameError::Empty));
        assert_eq!(validate_zone_name("global"), Err(NameError::Global));
        assert_eq!(validate_zone_name("-x"), Err(NameError::BadStart));
        assert_eq!(validate_zone_name("a;rm"), Err(NameError::BadChar(';')));
        assert_eq!(validate_zone_name("a b"), Err(NameError::BadChar(' ')));
        assert_eq!(
            validate_zone_name(&"x".repeat(64)),
            Err(NameError::TooLong { max: 63 })
        );
        assert!(validate_host_name("global").is_ok());
    }
}
