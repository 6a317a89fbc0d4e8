//! `zones:` of the inventory: which zones of the source hosts become rows of the matrix.
//!
//! A zone is selected when its name matches an `include` glob and no `exclude` glob, and
//! its host passes the tag filters: for every tag of `include_host_tags` the host has one
//! of the listed values, and for no tag of `exclude_host_tags` it has a listed value.
//!
//! Globs are matched by [`Glob`], a small matcher for zone names (`*`, `?`, `[abc]`,
//! `[a-z]`, `[!abc]`). It is the one place to change should a glob crate be preferred.

use std::collections::BTreeMap;
use std::fmt;

/// Which zones to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneSelection {
    /// At least one must match (default: `*`).
    pub include: Vec<Glob>,
    /// None may match.
    pub exclude: Vec<Glob>,
    /// Tag -> accepted values: the zone's host must have one of them, for every tag.
    pub include_host_tags: BTreeMap<String, Vec<String>>,
    /// Tag -> refused values: the zone's host must have none of them, for any tag.
    pub exclude_host_tags: BTreeMap<String, Vec<String>>,
}

impl Default for ZoneSelection {
    fn default() -> Self {
        ZoneSelection {
            include: vec![Glob::any()],
            exclude: Vec::new(),
            include_host_tags: BTreeMap::new(),
            exclude_host_tags: BTreeMap::new(),
        }
    }
}

impl ZoneSelection {
    /// Whether zone `zone` on a host with tags `host_tags` is selected.
    pub fn selects(&self, zone: &str, host_tags: &BTreeMap<String, String>) -> bool {
        self.selects_host(host_tags)
            && self.include.iter().any(|g| g.matches(zone))
            && !self.exclude.iter().any(|g| g.matches(zone))
    }

    /// Whether the zones of a host with tags `host_tags` can be selected at all (a source
    /// host that fails this need not be asked for its zones).
    pub fn selects_host(&self, host_tags: &BTreeMap<String, String>) -> bool {
        let has = |tag: &String, values: &Vec<String>| {
            host_tags.get(tag).is_some_and(|v| values.contains(v))
        };
        self.include_host_tags.iter().all(|(t, vs)| has(t, vs))
            && !self.exclude_host_tags.iter().any(|(t, vs)| has(t, vs))
    }
}

/// Why a glob was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlobError {
    #[error("glob is empty")]
    Empty,
    #[error("'[' without a closing ']'")]
    UnclosedClass,
    #[error("'[]' matches nothing")]
    EmptyClass,
    #[error("range {0}-{1} is backwards")]
    BackwardsRange(char, char),
    #[error(
        "{0:?} cannot occur in a zone name; globs use letters, digits, '-', '_', '.', '*', '?' and [...]"
    )]
    BadChar(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`
    One,
    /// `*`
    Star,
    /// `[...]`: inclusive ranges, negated with a leading `!` or `^`.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A shell-style glob over zone names: `*` (any run), `?` (one character), `[abc]`,
/// `[a-z]`, `[!a-z]`. Case-sensitive, as zone names are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    tokens: Vec<Token>,
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        if pattern.is_empty() {
            return Err(GlobError::Empty);
        }
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => Token::Star,
                '?' => Token::One,
                '[' => {
                    let negated = chars.next_if(|&c| c == '!' || c == '^').is_some();
                    let mut ranges = Vec::new();
                    loop {
                        match chars.next() {
                            None => return Err(GlobError::UnclosedClass),
                            Some(']') => break,
                            Some(lo) if name_char(lo) => {
                                let hi = if chars.next_if_eq(&'-').is_some() {
                                    match chars.next() {
                                        Some(hi) if name_char(hi) => hi,
                                        // `[a-]`: the dash is literal.
                                        Some(']') => {
                                            ranges.push((lo, lo));
                                            ranges.push(('-', '-'));
                                            break;
                                        }
                                        None => return Err(GlobError::UnclosedClass),
                                        Some(bad) => return Err(GlobError::BadChar(bad)),
                                    }
                                } else {
                                    lo
                                };
                                if hi < lo {
                                    return Err(GlobError::BackwardsRange(lo, hi));
                                }
                                ranges.push((lo, hi));
                            }
                            Some(bad) => return Err(GlobError::BadChar(bad)),
                        }
                    }
                    if ranges.is_empty() {
                        return Err(GlobError::EmptyClass);
                    }
                    Token::Class { negated, ranges }
                }
                c if name_char(c) => Token::Literal(c),
                bad => return Err(GlobError::BadChar(bad)),
            });
        }
        Ok(Glob {
            pattern: pattern.to_string(),
            tokens,
        })
    }

    /// `*`: every zone.
    pub fn any() -> Glob {
        Glob {
            pattern: "*".into(),
            tokens: vec![Token::Star],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn matches(&self, name: &str) -> bool {
        let text: Vec<char> = name.chars().collect();
        let one = |t: &Token, c: char| match t {
            Token::Literal(l) => *l == c,
            Token::One => true,
            Token::Star => false,
            Token::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negated
            }
        };
        // Greedy with one backtrack point: the last `*` seen. Linear for these patterns.
        let (mut t, mut p) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.tokens.get(p) {
                Some(Token::Star) => {
                    star = Some((p, t));
                    p += 1;
                }
                Some(tok) if one(tok, text[t]) => {
                    t += 1;
                    p += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        star = Some((sp, st + 1));
                        p = sp + 1;
                        t = st + 1;
                    }
                    None => return false,
                },
            }
        }
        self.tokens[p.min(self.tokens.len())..]
            .iter()
            .all(|tok| *tok == Token::Star)
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn m(pattern: &str, name: &str) -> bool {
        Glob::new(pattern).unwrap().matches(name)
    }

    #[test]
    fn glob_matching() {
        assert!(m("*", "web01"));
        assert!(m("web*", "web01"));
        assert!(m("web*", "web"));
        assert!(!m("web*", "db01"));
        assert!(m("*01", "web01"));
        assert!(m("w*b*1", "wxxbyy1"));
        assert!(!m("w*b*1", "wxxbyy2"));
        assert!(m("web0?", "web01"));
        assert!(!m("web0?", "web0"));
        assert!(m("web0[12]", "web02"));
        assert!(!m("web0[12]", "web03"));
        assert!(m("web0[1-3]", "web03"));
        assert!(m("web0[!1-3]", "web04"));
        assert!(!m("web0[!1-3]", "web02"));
        assert!(m("web0[^1]", "web02"));
        assert!(m("db[a-]", "db-"));
        assert!(m("**a**", "xax"));
        assert!(!m("Web*", "web01"));
        assert!(m("a*b*c*d", "aXbcYcZd"));
        assert!(!m("a*b*c*d", "aXbcYcZ"));
        assert!(m("db01", "db01"));
        assert!(!m("db01", "db011"));
    }

    #[test]
    fn glob_errors() {
        assert_eq!(Glob::new(""), Err(GlobError::Empty));
        assert_eq!(Glob::new("web[01"), Err(GlobError::UnclosedClass));
        assert_eq!(Glob::new("web[]"), Err(GlobError::EmptyClass));
        assert_eq!(
            Glob::new("web[9-0]"),
            Err(GlobError::BackwardsRange('9', '0'))
        );
        assert_eq!(Glob::new("web 01"), Err(GlobError::BadChar(' ')));
        assert_eq!(Glob::new("zones/*"), Err(GlobError::BadChar('/')));
        assert_eq!(Glob::new("a[b/]"), Err(GlobError::BadChar('/')));
    }

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selection_by_name_and_host_tags() {
        let sel = ZoneSelection {
            include: vec![Glob::new("web*").unwrap(), Glob::new("db*").unwrap()],
            exclude: vec![Glob::new("*-old").unwrap()],
            include_host_tags: [("dc".to_string(), vec!["fra1".into(), "ams1".into()])]
                .into_iter()
                .collect(),
            exclude_host_tags: [("tier".to_string(), vec!["lab".into()])]
                .into_iter()
                .collect(),
        };
        let prod = tags(&[("dc", "fra1"), ("tier", "prod")]);
        assert!(sel.selects("web01", &prod));
        assert!(sel.selects("db01", &prod));
        assert!(!sel.selects("app01", &prod));
        assert!(!sel.selects("web01-old", &prod));
        assert!(!sel.selects("web01", &tags(&[("dc", "lon1")])));
        assert!(
            !sel.selects("web01", &tags(&[])),
            "a required tag is missing"
        );
        assert!(!sel.selects("web01", &tags(&[("dc", "ams1"), ("tier", "lab")])));
        assert!(ZoneSelection::default().selects("anything", &tags(&[])));
    }
}
