//! Reading the operator's YAML files (the inventory, a gating plan): one error type with
//! file, line and column, the parser limits, and span-aware helpers for semantic checks.
//!
//! serde-saphyr reports syntax errors, unknown keys, bad values and duplicate keys with
//! their position; values that parse but are wrong (a duplicate host name, an invalid zone
//! name) are checked afterwards on [`Spanned`] values, so they get a position too.

use std::borrow::Cow;
use std::fmt;
use std::io::Read as _;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::{Localizer, Location, SnippetMode, Spanned, UserMessageFormatter};

/// Largest input file read, YAML or JSON. Inventories of thousands of hosts stay far below.
pub const MAX_YAML_BYTES: u64 = 16 * 1024 * 1024;

/// A line and column (1-based) in an input file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl Position {
    pub fn new(line: u64, column: u64) -> Self {
        Position { line, column }
    }

    /// Where a YAML value was used (for an alias, the alias rather than the anchor).
    pub(crate) fn of<T>(value: &Spanned<T>) -> Self {
        Self::from_location(value.referenced)
    }

    pub(crate) fn from_location(location: Location) -> Self {
        Position::new(location.line(), location.column())
    }
}

/// A problem in an input file, with its position when it has one.
///
/// Displays as `inventories/x.yaml:12:5: duplicate host name "s10a" (first at line 4)`,
/// or `inventories/x.yaml: cannot read: ...` when the problem is the file as a whole
/// (`line` and `column` are then 0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub path: PathBuf,
    /// 1-based; 0 when the error is about the whole file.
    pub line: u64,
    /// 1-based; 0 when the error is about the whole file.
    pub column: u64,
    pub message: String,
}

impl InputError {
    pub fn new(path: &Path, at: Position, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    /// An error about the file as a whole (it cannot be read, it is too large).
    pub fn whole_file(path: &Path, message: impl Into<String>) -> Self {
        Self::new(path, Position::default(), message)
    }

    pub fn position(&self) -> Option<Position> {
        (self.line > 0).then_some(Position::new(self.line, self.column))
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.position() {
            Some(at) => write!(f, "{path}:{}:{}: {}", at.line, at.column, self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

/// Reads a YAML input file as UTF-8 text, refusing files over [`MAX_YAML_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, InputError> {
    read_text_capped(path, MAX_YAML_BYTES)
}

/// Reads an input file as UTF-8 text, refusing files over `max` bytes.
pub(crate) fn read_text_capped(path: &Path, max: u64) -> Result<String, InputError> {
    let file = std::fs::File::open(path)
        .map_err(|e| InputError::whole_file(path, format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::whole_file(path, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(InputError::whole_file(
            path,
            format!(
                "larger than {} MiB; this is not an input zonescan expects",
                max / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        InputError::whole_file(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Parser limits for hand-written configuration: generous for real files, and small
/// enough that an alias bomb or a deeply nested document is refused early.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 500_000,
            max_events: 2_000_000,
            max_aliases: 10_000,
            max_anchors: 10_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
        },
        // Anchors and merge keys that share settings between hosts replay a few events
        // per use; a bomb replays millions.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 200_000,
            max_replay_stack_depth: 16,
        },
        with_snippet: false,
    }
}

/// Renders the location separately: our own `path:line:column:` prefix replaces
/// serde-saphyr's `at line X, column Y` suffix.
struct NoLocationSuffix;

impl Localizer for NoLocationSuffix {
    fn attach_location<'a>(&self, base: Cow<'a, str>, _loc: Location) -> Cow<'a, str> {
        base
    }
}

/// Parses one YAML document into `T`; every error carries `path` and, when known, its
/// line and column.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, InputError> {
    let blank = |l: &str| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    };
    if text.lines().all(blank) {
        return Err(InputError::new(
            path,
            Position::new(1, 1),
            "no YAML document: the file is empty or only comments",
        ));
    }
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let at = e
            .location()
            .map(Position::from_location)
            .unwrap_or_default();
        let formatter = UserMessageFormatter.with_localizer(&NoLocationSuffix);
        let message = e.render_with_options(serde_saphyr::render_options! {
            formatter: &formatter,
            snippets: SnippetMode::Off,
        });
        InputError::new(path, at, message)
    })
}

/// A YAML mapping that keeps the position of every key and value, in file order.
///
/// Duplicate keys never reach it: the parser refuses them.
#[derive(Debug, Clone)]
pub(crate) struct SpannedMap<K, V>(pub Vec<(Spanned<K>, Spanned<V>)>);

impl<K, V> Default for SpannedMap<K, V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = SpannedMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SpannedMap(entries))
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// One scalar or a list of scalars (`dc: fra1` or `dc: [fra1, ams1]`), as strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;

        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or a list of values")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    values.push(v);
                }
                Ok(OneOrMany(values))
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

/// The directory that relative paths in `path` are relative to.
pub(crate) fn base_dir(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(default)]
        map: Option<SpannedMap<String, OneOrMany>>,
        #[serde(default)]
        #[allow(dead_code)]
        list: Vec<String>,
    }

    fn parse(text: &str) -> Result<Doc, InputError> {
        parse_yaml(text, Path::new("dir/x.yaml"))
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = parse("list: []\nbogus: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(
            e.to_string()
                .starts_with("dir/x.yaml:2:1: unknown field `bogus`"),
            "{e}"
        );
        assert!(!e.message.contains("at line"), "{e}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("map:\n  a: x\n  a: y\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{e}");
        assert!(e.message.contains("duplicate"), "{e}");
    }

    #[test]
    fn spanned_map_keeps_positions() {
        let doc = parse("map:\n  dc: fra1\n  tier: [prod, test]\n  n: 3\n").unwrap();
        let map = doc.map.unwrap().0;
        assert_eq!(map.len(), 3);
        assert_eq!(Position::of(&map[1].0), Position::new(3, 3));
        assert_eq!(
            map[1].1.value,
            OneOrMany(vec!["prod".into(), "test".into()])
        );
        assert_eq!(map[2].1.value, OneOrMany(vec!["3".into()]));
    }

    #[test]
    fn one_or_many_refuses_a_mapping() {
        let e = parse("map:\n  dc: {x: 1}\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 7), "{e}");
        assert!(e.message.contains("a value or a list of values"), "{e}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        text.push_str("bomb: *a8\n");
        // Any value is accepted, so that only the limits can stop the expansion.
        let e = parse_yaml::<std::collections::BTreeMap<String, de::IgnoredAny>>(
            &text,
            Path::new("x.yaml"),
        )
        .unwrap_err();
        assert!(e.message.contains("too large or too complex"), "{e}");
    }

    #[test]
    fn whole_file_errors_have_no_position() {
        let e = read_text(Path::new("/nonexistent/inventory.yaml")).unwrap_err();
        assert_eq!(e.position(), None);
        assert!(
            e.to_string()
                .starts_with("/nonexistent/inventory.yaml: cannot read:"),
            "{e}"
        );
    }
}
