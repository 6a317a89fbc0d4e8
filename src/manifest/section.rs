//! The package and patch inventory of a native manifest, read without a DOM.
//!
//! A native `detach -n` manifest is mostly its inventory: thousands of `<package>` and
//! `<patch>` elements, byte for byte the same in every zone cloned from one image.
//! [`start`] finds where that run begins among the root's children, [`extent`] where the
//! longest run this reader accepts ends, and [`Section::read`] makes of it what the DOM
//! path ([`super::read`], [`super::shape`]) would: the inventory, the element shapes and
//! the root's children. What the reader does not accept stays with the DOM path.
//!
//! The accepted subset is narrow so that a section means the same in any document: the
//! four inventory element names (no namespace prefix), attributes with ASCII names not
//! starting with `xml`, values of printable ASCII without `<` or entity references, and
//! white space between elements: nothing there depends on the DTD, the namespaces in scope
//! or anything else outside the section.

use std::collections::HashMap;
use std::sync::Arc;

use super::read::patch_id;
use super::{ElementShape, OtherContent};
use crate::software::{InvElement, Inventory};

/// The elements a section may hold, at any depth.
const NAMES: [&str; 4] = ["package", "patch", "obsoletes", "incompatible"];
/// The elements a section is a run of (the root's children that make the inventory).
const TOP: [&str; 2] = ["package", "patch"];
/// Deepest nesting read (zonecfg writes two levels: `<patch><obsoletes/></patch>`).
const MAX_DEPTH: usize = 4;
/// Most attributes on one element (zonecfg writes at most two).
const MAX_ATTRS: usize = 8;

/// What the DOM path makes of a section, apart from its place in the document.
#[derive(Debug)]
pub(super) struct Section {
    pub inventory: Arc<Inventory>,
    /// Distinct shapes, sorted; `line` is the number of newlines in the section before
    /// the shape's first element (0: on the section's first line).
    pub shapes: Vec<ElementShape>,
    /// The names of the section's top-level elements, in order: the root's children.
    pub children: Vec<&'static str>,
    /// Whether white space separates top-level elements.
    pub blank: bool,
    pub newlines: u32,
    /// XML nodes (elements and text runs) in the section.
    pub nodes: usize,
}

/// Where the first `<package>` or `<patch>` child of the root element starts, when the
/// document up to there is plain enough to tell without a parser (comments, processing
/// instructions, CDATA, a DOCTYPE without internal subset, elements, text) and white space
/// precedes it (so that no entity reference or `]]>` can straddle the section). Whether
/// that prefix is well-formed is left to the parser that reads the rest.
pub(super) fn start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut pos = 0;
    let mut depth = 0usize;
    loop {
        let lt = pos + b.get(pos..)?.iter().position(|&c| c == b'<')?;
        let rest = b.get(lt..)?;
        pos = if rest.starts_with(b"<!--") {
            lt + find(rest, 4, b"-->")?
        } else if rest.starts_with(b"<?") {
            lt + find(rest, 2, b"?>")?
        } else if rest.starts_with(b"<![CDATA[") {
            lt + find(rest, 9, b"]]>")?
        } else if rest.starts_with(b"<!DOCTYPE") && depth == 0 {
            let end = tag_end(rest)?;
            // An internal subset can declare entities; not worth reading here.
            if rest.get(..end)?.contains(&b'[') {
                return None;
            }
            lt + end + 1
        } else if rest.starts_with(b"<!") {
            return None;
        } else if rest.starts_with(b"</") {
            depth = depth.checked_sub(1).filter(|&d| d > 0)?;
            lt + 2 + rest.get(2..)?.iter().position(|&c| c == b'>')? + 1
        } else {
            let name_len = rest
                .iter()
                .skip(1)
                .position(|&c| is_space(c) || c == b'/' || c == b'>')?;
            let name = rest.get(1..1 + name_len)?;
            if depth == 1 && TOP.iter().any(|t| t.as_bytes() == name) {
                return is_space(*b.get(lt.checked_sub(1)?)?).then_some(lt);
            }
            let end = tag_end(rest)?;
            if rest.get(end.checked_sub(1)?) != Some(&b'/') {
                depth += 1;
            } else if depth == 0 {
                return None;
            }
            lt + end + 1
        };
    }
}

/// The offset just past `pattern`, searched from `from`.
fn find(hay: &[u8], from: usize, pattern: &[u8]) -> Option<usize> {
    let at = hay
        .get(from..)?
        .windows(pattern.len())
        .position(|w| w == pattern)?;
    Some(from + at + pattern.len())
}

/// The offset of the `>` that ends the markup starting `s`, skipping quoted literals.
fn tag_end(s: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &c) in s.iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The length of the longest run of accepted elements `text` starts with, white space
/// between them included and after the last one not; 0 when there is none.
pub(super) fn extent(text: &str) -> usize {
    let mut scanner = Scanner {
        text,
        pos: 0,
        sink: (),
    };
    scanner.run()
}

/// Whether `after`, what follows a section, starts (after white space) with another
/// `<package>` or `<patch>`, which a longer section would have taken in.
pub(super) fn continues(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\t', '\r', '\n']);
    TOP.iter().any(|name| {
        rest.strip_prefix('<')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with([' ', '\t', '\r', '\n', '/', '>']))
    })
}

impl Section {
    /// Reads a section that [`extent`] accepted whole; `None` otherwise.
    pub(super) fn read(section: &str) -> Option<Section> {
        let mut scanner = Scanner {
            text: section,
            pos: 0,
            sink: Builder {
                text: section,
                ..Builder::default()
            },
        };
        if scanner.run() != section.len() {
            return None;
        }
        let b = scanner.sink;
        let mut shapes: Vec<ElementShape> = b
            .shapes
            .into_iter()
            .map(|(k, line)| ElementShape {
                name: k.name.to_string(),
                parent: Some(k.parent.to_string()),
                attrs: k.attrs.iter().map(|a| (a.to_string(), None)).collect(),
                children: k.children.iter().map(|c| c.to_string()).collect(),
                other_content: k.other,
                line,
            })
            .collect();
        shapes.sort_unstable();
        Some(Section {
            inventory: Arc::new(Inventory::from_elements(b.elements)),
            shapes,
            children: b.children,
            blank: b.blank,
            newlines: count_newlines(section.as_bytes()),
            nodes: b.nodes,
        })
    }
}

fn count_newlines(b: &[u8]) -> u32 {
    u32::try_from(b.iter().filter(|&&c| c == b'\n').count()).unwrap_or(u32::MAX)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

/// What the reader reports as it goes; `()` only checks.
trait Sink<'a> {
    fn open(&mut self, _name: &'static str, _offset: usize) {}
    fn attr(&mut self, _name: &'a str, _value: &'a str) {}
    /// A run of white space in the open element (or between top-level elements).
    fn blank(&mut self) {}
    fn close(&mut self) {}
}

impl Sink<'_> for () {}

struct Scanner<'a, S> {
    text: &'a str,
    pos: usize,
    sink: S,
}

impl<'a, S: Sink<'a>> Scanner<'a, S> {
    /// Reads top-level elements while it can; returns the end of the last complete one.
    fn run(&mut self) -> usize {
        let mut end = self.pos;
        while self.element(0).is_some() {
            end = self.pos;
            if self.space() {
                if self.peek() != Some(b'<') {
                    break;
                }
                self.sink.blank();
            }
        }
        end
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// Skips white space; whether there was any.
    fn space(&mut self) -> bool {
        let from = self.pos;
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        self.pos > from
    }

    fn name(&mut self) -> Option<&'a str> {
        let from = self.pos;
        if !is_name_start(self.peek()?) {
            return None;
        }
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        self.text.get(from..self.pos)
    }

    /// One element at `depth` (0: a child of the root), with everything in it.
    fn element(&mut self, depth: usize) -> Option<()> {
        let offset = self.pos;
        self.expect(b'<')?;
        let allowed: &[&'static str] = if depth == 0 { &TOP } else { &NAMES };
        let written = self.name()?;
        let name = *allowed.iter().find(|n| **n == written)?;
        self.sink.open(name, offset);
        let mut attrs: [&str; MAX_ATTRS] = [""; MAX_ATTRS];
        let mut count = 0;
        loop {
            let spaced = self.space();
            match self.peek()? {
                b'/' => {
                    self.pos += 1;
                    self.expect(b'>')?;
                    self.sink.close();
                    return Some(());
                }
                b'>' => {
                    self.pos += 1;
                    break;
                }
                _ if spaced && count < MAX_ATTRS => {
                    let (attr, value) = self.attribute()?;
                    if attrs.get(..count)?.contains(&attr) {
                        return None;
                    }
                    *attrs.get_mut(count)? = attr;
                    count += 1;
                    self.sink.attr(attr, value);
                }
                _ => return None,
            }
        }
        loop {
            if self.space() {
                self.sink.blank();
            }
            if self.text.as_bytes().get(self.pos..)?.starts_with(b"</") {
                self.pos += 2;
                if self.name()? != name {
                    return None;
                }
                self.space();
                self.expect(b'>')?;
                self.sink.close();
                return Some(());
            }
            if depth + 1 >= MAX_DEPTH {
                return None;
            }
            self.element(depth + 1)?;
        }
    }

    fn attribute(&mut self) -> Option<(&'a str, &'a str)> {
        let name = self.name()?;
        // `xmlns` declares a namespace, `xml*` names are reserved: the DOM path decides.
        if name.len() >= 3 && name.as_bytes().get(..3)?.eq_ignore_ascii_case(b"xml") {
            return None;
        }
        self.space();
        self.expect(b'=')?;
        self.space();
        let quote = self.peek().filter(|&q| q == b'"' || q == b'\'')?;
        self.pos += 1;
        let from = self.pos;
        loop {
            match self.peek()? {
                c if c == quote => break,
                // Entity references and the white space the parser would normalize are left
                // to the DOM path; so is anything beyond printable ASCII.
                b'<' | b'&' => return None,
                c if (0x20..0x7f).contains(&c) => self.pos += 1,
                _ => return None,
            }
        }
        let value = self.text.get(from..self.pos)?;
        self.pos += 1;
        Some((name, value))
    }
}

/// A shape as the builder keys it.
#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    name: &'static str,
    parent: &'static str,
    /// Sorted names: the values of inventory elements are not part of their shape.
    attrs: Vec<&'a str>,
    children: Vec<&'static str>,
    other: OtherContent,
}

struct Open<'a> {
    name: &'static str,
    line: u32,
    attrs: Vec<(&'a str, &'a str)>,
    children: Vec<&'static str>,
    other: OtherContent,
    /// The `id`s of an `<obsoletes>` children, for a top-level `<patch>`.
    obsoletes: Vec<String>,
}

impl Open<'_> {
    /// A `#REQUIRED` attribute: empty when missing, as in [`super::read`].
    fn req(&self, name: &str) -> String {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(String::new, |(_, v)| (*v).to_string())
    }
}

#[derive(Default)]
struct Builder<'a> {
    open: Vec<Open<'a>>,
    elements: Vec<InvElement>,
    shapes: HashMap<Key<'a>, u32>,
    children: Vec<&'static str>,
    blank: bool,
    nodes: usize,
    /// Newlines before `counted`, for the line of each element.
    newlines: u32,
    counted: usize,
    text: &'a str,
}

impl<'a> Sink<'a> for Builder<'a> {
    fn open(&mut self, name: &'static str, offset: usize) {
        let skipped = self
            .text
            .as_bytes()
            .get(self.counted..offset)
            .unwrap_or(&[]);
        self.newlines = self.newlines.saturating_add(count_newlines(skipped));
        self.counted = offset;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(name),
            None => self.children.push(name),
        }
        self.nodes += 1;
        self.open.push(Open {
            name,
            line: self.newlines,
            attrs: Vec::new(),
            children: Vec::new(),
            other: OtherContent::None,
            obsoletes: Vec::new(),
        });
    }

    fn attr(&mut self, name: &'a str, value: &'a str) {
        if let Some(e) = self.open.last_mut() {
            e.attrs.push((name, value));
        }
    }

    fn blank(&mut self) {
        self.nodes += 1;
        match self.open.last_mut() {
            Some(e) => e.other = OtherContent::Ignorable,
            None => self.blank = true,
        }
    }

    fn close(&mut self) {
        let Some(e) = self.open.pop() else {
            return;
        };
        let top_level_parent = self.open.len() == 1;
        let parent = self.open.last_mut();
        let mut attrs: Vec<&str> = e.attrs.iter().map(|(n, _)| *n).collect();
        attrs.sort_unstable();
        let key = Key {
            name: e.name,
            // The fast path is taken only under a root written `<zone>`.
            parent: parent.as_ref().map_or("zone", |p| p.name),
            attrs,
            children: e.children.clone(),
            other: e.other,
        };
        self.shapes.entry(key).or_insert(e.line);
        match parent {
            Some(p) if p.name == "patch" && top_level_parent && e.name == "obsoletes" => {
                p.obsoletes.push(e.req("id"));
            }
            Some(_) => {}
            None if e.name == "package" => self.elements.push(InvElement::Package {
                name: e.req("name"),
                version: e.req("version"),
            }),
            None => self.elements.push(InvElement::Patch {
                id: patch_id(&e.req("id")),
                obsoletes: e.obsoletes,
            }),
        }
    }
}
