//! The path for manifests with an inventory: the inventory section ([`super::section`]) is
//! cut out and read once per distinct content, the rest of the document goes through
//! roxmltree as before, and the two are put together as the DOM path would have read the
//! whole. Whenever a document is not plainly of that form, or anything is wrong with it,
//! [`parse`] declines and the DOM path decides, errors and all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use roxmltree::{Document, Node};

use super::parse::{Inventories, LineIndex, MAX_MANIFEST_NODES, doctype_system, options, qname};
use super::section::{self, Section};
use super::shape::{self, Splice};
use super::{Manifest, ManifestParser, read};
use crate::memo::Memo;

/// How many bytes of a section pick the known sections it may be: zones cloned from one
/// image start their inventory alike, so this only narrows the search.
const HEAD: usize = 256;

/// Sections read so far. A document whose text at the section start is a known section
/// (followed by no further inventory element) uses it without scanning: equal bytes
/// are an equal section wherever they stand, once [`section::start`] has accepted the
/// place.
#[derive(Default)]
pub(super) struct Sections {
    /// By content, each read once (`None`: not a section after all).
    memo: Memo<Option<Arc<Section>>>,
    /// By their first [`HEAD`] bytes.
    known: Mutex<HashMap<Box<[u8]>, Vec<Known>>>,
}

/// A section's text and what it holds.
type Known = (Arc<str>, Arc<Section>);

impl Sections {
    /// The known section that `rest` starts with, and its length.
    fn known(&self, rest: &str) -> Option<(usize, Arc<Section>)> {
        let head = rest.as_bytes().get(..HEAD)?;
        let candidates = self.known.lock().ok()?.get(head)?.clone();
        candidates.into_iter().find_map(|(text, section)| {
            let after = rest.get(text.len()..)?;
            (rest.starts_with(&*text) && !section::continues(after)).then(|| (text.len(), section))
        })
    }

    /// The section `cut` holds, read the first time these bytes are seen, with its
    /// inventory interned in `inventories`.
    fn read(&self, cut: &str, inventories: &Inventories) -> Option<Arc<Section>> {
        let section = self.memo.get_or_compute(&[cut.as_bytes()], || {
            Section::read(cut).map(|mut section| {
                section.inventory = inventories.intern(section.inventory);
                Arc::new(section)
            })
        })?;
        if let (Some(head), Ok(mut known)) = (cut.as_bytes().get(..HEAD), self.known.lock()) {
            let same = known.entry(Box::from(head)).or_default();
            if !same.iter().any(|(text, _)| **text == *cut) {
                same.push((Arc::from(cut), section.clone()));
            }
        }
        Some(section)
    }

    pub(super) fn len(&self) -> usize {
        self.memo.len()
    }
}

/// The manifest, or `None` when the DOM path must read this document.
pub(super) fn parse(text: &str, parser: Option<&ManifestParser>) -> Option<Manifest> {
    let sections = parser.map(|p| &p.sections);
    let start = section::start(text)?;
    let rest = text.get(start..)?;
    let (len, section) = match sections.and_then(|s| s.known(rest)) {
        Some(known) => known,
        None => {
            let len = section::extent(rest);
            let cut = rest.get(..len).filter(|s| !s.is_empty())?;
            let section = match parser {
                Some(p) => p.sections.read(cut, &p.inventories),
                None => Section::read(cut).map(Arc::new),
            }?;
            (len, section)
        }
    };
    let end = start + len;
    let cut = text.get(start..end)?;
    let mut outer = String::with_capacity(text.len() - cut.len());
    outer.push_str(text.get(..start)?);
    outer.push_str(text.get(end..)?);
    let doc = Document::parse_with_options(&outer, options()).ok()?;
    // Cutting merges the text around the section into one node: one more in the whole.
    let nodes = doc.root().descendants().count() + section.nodes + 1;
    if nodes >= MAX_MANIFEST_NODES as usize {
        return None;
    }
    let root = doc.root_element();
    let inventory_elsewhere = root
        .children()
        .filter(Node::is_element)
        .any(|c| matches!(qname(c), "package" | "patch"));
    if qname(root) != "zone" || inventory_elsewhere {
        return None;
    }
    let lines = LineIndex::new(&outer);
    let first_line = lines.line(start);
    let lines = lines.with_gap(start, section.newlines);
    let mut manifest = read::read_zone(root, &lines).ok()?;
    manifest.inventory = section.inventory.clone();
    manifest.doctype_system = doctype_system(outer.get(..root.range().start).unwrap_or(""));
    let splice = Splice {
        at: start,
        children: &section.children,
        blank: section.blank,
        shapes: &section.shapes,
        first_line,
    };
    manifest.shapes = shape::collect(root, &lines, Some(&splice), parser.map(|p| &p.lists));
    Some(manifest)
}
