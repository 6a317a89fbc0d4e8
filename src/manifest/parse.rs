//! XML -> [`Manifest`], with roxmltree: DTDs allowed but never fetched, node and size limits.
//!
//! Manifests come from remote hosts, so they are untrusted. roxmltree never resolves the
//! external DTD (no entity resolver is set), refuses undeclared entities (XXE `SYSTEM`
//! entities included) and detects entity expansion loops (billion laughs); the size and node
//! limits below bound memory. Every error carries a line, and a column where there is one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use roxmltree::{Document, Node, ParsingOptions};

use super::fast::{self, Sections};
use super::shape::ChildLists;
use super::{Manifest, read, shape};
use crate::engine::classes::fingerprint;
use crate::software::Inventory;

/// Largest manifest accepted (a native zone with thousands of packages is a few hundred KiB).
pub const MAX_MANIFEST_BYTES: usize = 16 * 1024 * 1024;

/// Most XML nodes (elements, text runs, comments) accepted. A native manifest with 3,000
/// packages, their patches and dev-perms has about 20,000; a document that fills
/// [`MAX_MANIFEST_BYTES`] with one-line elements has about 600,000. The limit only guards
/// against pathological input (`<a/><a/>...`, ~4 bytes a node), at ~60 MB of tree.
pub const MAX_MANIFEST_NODES: u32 = 1_000_000;

/// Why a manifest could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Hash)]
pub enum ManifestError {
    #[error("line {line}, column {column}: {message}")]
    Xml {
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{size} bytes is larger than the {max}-byte limit")]
    TooLarge { size: usize, max: usize },
    #[error("line {line}: {message}")]
    Invalid { line: u32, message: String },
}

/// Parses a manifest: `detach -n` output, `SUNWdetached.xml` or `/etc/zones/<zone>.xml`.
///
/// Only what no target could accept is an error: bytes that are not UTF-8 or not
/// well-formed XML, a root other than `<zone>`, a zone without a name. Anything the DTD
/// governs (unknown elements and attributes, a missing `#REQUIRED` attribute) is kept for
/// [`super::validate::validate`] against the target's DTD; missing required attributes read
/// as empty strings.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, ManifestError> {
    parse(bytes, None)
}

/// Parses manifests, reading each distinct inventory section once: zones cloned from one
/// image carry the same thousands of `<package>` and `<patch>` elements, and share the
/// parsed inventory. Equal inventories are held once, however their documents were read.
/// The results are [`parse_manifest`]'s.
#[derive(Default)]
pub struct ManifestParser {
    pub(super) sections: Sections,
    /// The roots' child lists, shared between documents with the same one.
    pub(super) lists: ChildLists,
    pub(super) inventories: Inventories,
}

/// Inventories by fingerprint: each distinct inventory is held once.
#[derive(Default)]
pub(super) struct Inventories(Mutex<HashMap<u128, Arc<Inventory>>>);

impl Inventories {
    /// The inventory held for `inventory`'s fingerprint, `inventory` itself the first time.
    pub(super) fn intern(&self, inventory: Arc<Inventory>) -> Arc<Inventory> {
        let key = fingerprint(&*inventory);
        // A poisoned lock (a panic elsewhere) only costs the sharing.
        match self.0.lock() {
            Ok(mut held) => held.entry(key).or_insert(inventory).clone(),
            Err(_) => inventory,
        }
    }
}

impl ManifestParser {
    pub fn parse(&self, bytes: &[u8]) -> Result<Manifest, ManifestError> {
        parse(bytes, Some(self))
    }

    /// How many distinct inventory sections were read.
    pub fn distinct_sections(&self) -> usize {
        self.sections.len()
    }
}

fn parse(bytes: &[u8], parser: Option<&ManifestParser>) -> Result<Manifest, ManifestError> {
    let text = prepare(bytes)?;
    match fast::parse(text, parser) {
        // Its inventory was interned when its section was first read.
        Some(manifest) => Ok(manifest),
        None => {
            let mut manifest = parse_dom(text, parser.map(|p| &p.lists))?;
            if let Some(p) = parser {
                manifest.inventory = p.inventories.intern(manifest.inventory);
            }
            Ok(manifest)
        }
    }
}

/// The text of a document that may be XML: size, encoding and first-character checks.
pub(super) fn prepare(bytes: &[u8]) -> Result<&str, ManifestError> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            size: bytes.len(),
            max: MAX_MANIFEST_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        ManifestError::Xml {
            line,
            column,
            message: "not valid UTF-8 (zonecfg writes UTF-8)".into(),
        }
    })?;
    // libxml2 accepts a byte order mark; roxmltree positions are simpler without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ManifestError::Invalid {
            line: 1,
            message: "empty document".into(),
        });
    }
    if !text.trim_start().starts_with('<') {
        // zoneadm's own wording for this case (domain.md §1.2) is "is not an XML file".
        let first = text.trim_start().lines().next().unwrap_or("");
        let shown: String = first.chars().take(60).collect();
        return Err(ManifestError::Invalid {
            line: 1,
            message: format!("not an XML file (it starts with {shown:?})"),
        });
    }
    Ok(text)
}

/// The whole document through roxmltree: the reference the fast path is held to.
pub(super) fn parse_dom(text: &str, lists: Option<&ChildLists>) -> Result<Manifest, ManifestError> {
    let doc = Document::parse_with_options(text, options()).map_err(|e| xml_error(text, e))?;
    let lines = LineIndex::new(text);
    let root = doc.root_element();
    let root_name = qname(root);
    if root_name != "zone" {
        return Err(ManifestError::Invalid {
            line: lines.line(root.range().start),
            message: format!("the root element is <{root_name}>, not <zone>"),
        });
    }
    let mut manifest = read::read_zone(root, &lines)?;
    manifest.doctype_system = doctype_system(text.get(..root.range().start).unwrap_or(""));
    manifest.shapes = shape::collect(root, &lines, None, lists);
    Ok(manifest)
}

/// ParsingOptions is !Send: built per call so that callers can parse in parallel.
pub(super) fn options<'input>() -> ParsingOptions<'input> {
    ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_MANIFEST_NODES,
        ..ParsingOptions::default()
    }
}

fn xml_error(text: &str, e: roxmltree::Error) -> ManifestError {
    let pos = e.pos();
    let message = match e {
        roxmltree::Error::NodesLimitReached => {
            format!("more than {MAX_MANIFEST_NODES} XML nodes; not a zone manifest")
        }
        roxmltree::Error::UnexpectedEndOfStream => {
            // roxmltree puts this at 1:1; the end of the text is where it happened.
            let (line, column) = line_col(text.as_bytes(), text.len());
            return ManifestError::Xml {
                line,
                column,
                message: "the document ends unexpectedly (truncated output?)".into(),
            };
        }
        other => {
            // roxmltree ends its messages with " at row:col", which the variant already says.
            let s = other.to_string();
            let suffix = format!(" at {}:{}", pos.row, pos.col);
            s.strip_suffix(&suffix).unwrap_or(&s).to_string()
        }
    };
    ManifestError::Xml {
        line: pos.row,
        column: pos.col,
        message,
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // The prefix is valid UTF-8 (it is what from_utf8 accepted), so counting non-continuation
    // bytes counts characters.
    let column = before
        .get(line_start..)
        .unwrap_or(&[])
        .iter()
        .filter(|&&b| (b & 0xc0) != 0x80)
        .count()
        + 1;
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Byte offset -> line, by binary search over line starts: shapes and unknown elements
/// need lines for thousands of nodes, and a scan from the start each time would be quadratic.
pub(super) struct LineIndex {
    starts: Vec<usize>,
    /// Where a section was cut out of the text, and how many lines it had: offsets from
    /// there on are that many lines further down in the whole document.
    gap: usize,
    gap_lines: u32,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            gap: usize::MAX,
            gap_lines: 0,
        }
    }

    /// The index of a text from which `lines` newlines were cut out at `offset`.
    pub(super) fn with_gap(self, offset: usize, lines: u32) -> LineIndex {
        LineIndex {
            gap: offset,
            gap_lines: lines,
            ..self
        }
    }

    /// 1-based line of byte `offset`.
    pub(super) fn line(&self, offset: usize) -> u32 {
        let line = saturate(self.starts.partition_point(|&s| s <= offset));
        if offset >= self.gap {
            line.saturating_add(self.gap_lines)
        } else {
            line
        }
    }
}

/// The element name as written, with its prefix (`z:zone`): libxml2 validates qualified
/// names, while roxmltree reports the local name and the namespace URI.
pub(super) fn qname<'a>(node: Node<'a, '_>) -> &'a str {
    let local = node.tag_name().name();
    if node.tag_name().namespace().is_none() {
        return local;
    }
    let text = node.document().input_text();
    let start = node.range().start + 1;
    let tail = text.get(start..).unwrap_or("");
    let end = tail
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(tail.len());
    // A default-namespace element is written without a prefix; both cases read the same.
    tail.get(..end).filter(|s| !s.is_empty()).unwrap_or(local)
}

/// The system id of the DOCTYPE in the prolog (`file:///usr/share/lib/xml/dtd/zonecfg.dtd.1`).
/// roxmltree parses the DOCTYPE but does not expose it. The prolog is already known to be
/// well-formed, so a small scan suffices.
pub(super) fn doctype_system(prolog: &str) -> Option<String> {
    let mut rest = prolog.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1;
        } else if let Some(r) = rest.strip_prefix("<!DOCTYPE") {
            return external_id_system(r);
        } else {
            return None;
        }
    }
}

/// After `<!DOCTYPE`: `S Name (S ExternalID)?`; the system literal of the ExternalID.
fn external_id_system(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = s.get(s.find(|c: char| c.is_whitespace())?..)?.trim_start();
    let s = if let Some(r) = s.strip_prefix("PUBLIC") {
        skip_literal(r.trim_start())?.trim_start()
    } else {
        s.strip_prefix("SYSTEM")?.trim_start()
    };
    let quote = s.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let body = s.get(1..)?;
    Some(body.get(..body.find(quote)?)?.to_string())
}

fn skip_literal(s: &str) -> Option<&str> {
    let quote = s.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let body = s.get(1..)?;
    body.get(body.find(quote)? + 1..)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn doctype_variants() {
        let sys = Some("file:///usr/share/lib/xml/dtd/zonecfg.dtd.1".to_string());
        let public = "<!DOCTYPE zone PUBLIC \"-//Sun Microsystems Inc//DTD Zones//EN\" \
                      \"file:///usr/share/lib/xml/dtd/zonecfg.dtd.1\">";
        assert_eq!(
            doctype_system(&format!("<?xml version=\"1.0\"?>\n{public}\n")),
            sys
        );
        assert_eq!(
            doctype_system(&format!(
                "<?xml version='1.0' encoding='UTF-8' ?>\n<!-- c -->\n{public}\n<!-- after -->\n"
            )),
            sys
        );
        assert_eq!(
            doctype_system("<!DOCTYPE zone SYSTEM 'file:///usr/share/lib/xml/dtd/zonecfg.dtd.1'>"),
            sys
        );
        assert_eq!(doctype_system("<!DOCTYPE zone [ <!ENTITY a 'b'> ]>"), None);
        assert_eq!(doctype_system("<?xml version=\"1.0\"?>\n"), None);
        assert_eq!(doctype_system("<!DOCTYPE"), None);
        assert_eq!(doctype_system("<!DOCTYPE zone PUBLIC \"x"), None);
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(1), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
        assert_eq!(idx.line(100), 4);
    }

    #[test]
    fn utf8_error_position() {
        assert_eq!(line_col(b"ab\ncd\xc3\xa9e", 7), (2, 4));
        let err = parse_manifest(b"<zone name=\"a\">\n  <x y=\"\xff\"/></zone>").unwrap_err();
        assert!(
            matches!(
                err,
                ManifestError::Xml {
                    line: 2,
                    column: 9,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
