//! Distinct element shapes: everything DTD validation looks at (name, parent, attributes,
//! children, other content), once per distinct combination.
//!
//! Validation runs per (zone, distinct target DTD), so its input must be small: the
//! inventory elements (`package`, `patch`, ...) are CDATA-only in every zonecfg DTD, so
//! their attribute values are dropped and 1,500 `<package>` elements become one shape.
//! Collection is one pass with a hash set of borrowed keys; strings are copied only for
//! the distinct shapes.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::HashMap;
use roxmltree::Node;

use super::parse::{LineIndex, qname};
use super::{ElementShape, OtherContent};
use crate::memo::Memo;

/// Child lists by their names: the root's, shared between documents.
pub(super) type ChildLists = Memo<Arc<[String]>>;

/// Elements whose attribute values are not kept in shapes.
const VALUELESS: &[&str] = &["package", "patch", "obsoletes", "incompatible", "dev-perm"];

#[derive(PartialEq, Eq, Hash)]
struct Key<'a> {
    name: &'a str,
    parent: Option<&'a str>,
    attrs: Vec<(Cow<'a, str>, Option<&'a str>)>,
    children: Vec<&'a str>,
    other: OtherContent,
}

/// An inventory section cut out of the document before parsing ([`super::fast`]): where
/// it was, and what it holds.
pub(super) struct Splice<'a> {
    /// Its offset in the parsed text: it goes between the root's children before and after.
    pub at: usize,
    /// Its top-level elements: the root's children there.
    pub children: &'a [&'static str],
    /// Whether white space separates them (root content the parsed text lacks).
    pub blank: bool,
    /// Its shapes, with lines counted from its first line.
    pub shapes: &'a [ElementShape],
    pub first_line: u32,
}

/// The distinct shapes under (and including) `root`, sorted, each with its first line;
/// with `splice`, those of the whole document the section was cut out of.
pub(super) fn collect<'a>(
    root: Node<'a, '_>,
    lines: &LineIndex,
    splice: Option<&Splice<'a>>,
    lists: Option<&ChildLists>,
) -> Vec<ElementShape> {
    let mut seen: HashMap<Key<'a>, u32> = HashMap::default();
    // The root's shape is the only one without a parent, so it is kept aside rather than
    // hashed: with an inventory, its children run to thousands.
    let mut root_shape = None;
    for node in root.descendants().filter(Node::is_element) {
        let name = qname(node);
        let keep_values = !VALUELESS.contains(&name);
        let mut attrs: Vec<(Cow<'_, str>, Option<&str>)> = node
            .attributes()
            .map(|a| (attr_qname(node, &a), keep_values.then(|| a.value())))
            .collect();
        attrs.extend(namespace_decls(node).map(|(n, v)| (n, keep_values.then_some(v))));
        attrs.sort_unstable();
        let mut children = Vec::new();
        let mut other = OtherContent::None;
        let mut pending = splice.filter(|_| node == root);
        for child in node.children() {
            if child.is_element() {
                if let Some(s) = pending.filter(|s| child.range().start >= s.at) {
                    children.extend_from_slice(s.children);
                    pending = None;
                }
                children.push(qname(child));
            } else if child.is_text() && child.text().is_some_and(|t| !is_xml_blank(t)) {
                other = OtherContent::Text;
            } else {
                // White space, a comment or a processing instruction.
                other = other.max(OtherContent::Ignorable);
            }
        }
        if let Some(s) = pending {
            children.extend_from_slice(s.children);
        }
        if splice.is_some_and(|s| s.blank) && node == root {
            other = other.max(OtherContent::Ignorable);
        }
        let key = Key {
            name,
            parent: node.parent_element().map(qname),
            attrs,
            children,
            other,
        };
        let line = || lines.line(node.range().start);
        if node == root {
            root_shape = Some((key, line()));
        } else {
            // Document order: the first insertion is the first occurrence.
            seen.entry(key).or_insert_with(line);
        }
    }
    let spliced = splice.map_or(&[][..], |s| s.shapes);
    let first_line = splice.map_or(0, |s| s.first_line);
    for shape in spliced {
        let line = first_line.saturating_add(shape.line);
        let key = Key {
            name: &shape.name,
            parent: shape.parent.as_deref(),
            attrs: shape
                .attrs
                .iter()
                .map(|(n, v)| (Cow::Borrowed(n.as_str()), v.as_deref()))
                .collect(),
            children: shape.children.iter().map(String::as_str).collect(),
            other: shape.other_content,
        };
        seen.entry(key)
            .and_modify(|first| *first = (*first).min(line))
            .or_insert(line);
    }
    let shape = |(k, line): (Key<'_>, u32), children| ElementShape {
        name: k.name.to_string(),
        parent: k.parent.map(str::to_string),
        attrs: k
            .attrs
            .into_iter()
            .map(|(n, v)| (n.into_owned(), v.map(str::to_string)))
            .collect(),
        children,
        other_content: k.other,
        line,
    };
    let owned = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
    let mut shapes: Vec<ElementShape> = seen
        .into_iter()
        .map(|(k, line)| {
            let children = owned(&k.children);
            shape((k, line), children)
        })
        .collect();
    if let Some((k, line)) = root_shape {
        let children = match lists {
            Some(lists) => {
                // One key of the names each followed by NUL, which no XML name holds.
                let mut key = Vec::with_capacity(k.children.iter().map(|n| n.len() + 1).sum());
                for name in &k.children {
                    key.extend_from_slice(name.as_bytes());
                    key.push(0);
                }
                lists.get_or_compute(&[&key], || owned(&k.children))
            }
            None => owned(&k.children),
        };
        shapes.push(shape((k, line), children));
    }
    shapes.sort_unstable();
    shapes
}

/// XML white space: what libxml2 treats as ignorable between elements.
fn is_xml_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The attribute name as written (`p:attr`), since libxml2 validates qualified names.
fn attr_qname<'a>(node: Node<'a, '_>, a: &roxmltree::Attribute<'a, '_>) -> Cow<'a, str> {
    if a.namespace().is_none() {
        return Cow::Borrowed(a.name());
    }
    let text = node.document().input_text();
    match text.get(a.range_qname()) {
        Some(q) if !q.is_empty() => Cow::Borrowed(q),
        _ => Cow::Borrowed(a.name()),
    }
}

/// Namespace declarations made on this element (`xmlns`, `xmlns:p`): roxmltree keeps them
/// out of the attributes, but libxml2 validates them as attributes. roxmltree lists the
/// namespaces in scope, so those not inherited unchanged from the parent are the new ones.
fn namespace_decls<'a>(node: Node<'a, '_>) -> impl Iterator<Item = (Cow<'a, str>, &'a str)> {
    let parent = node.parent_element();
    node.namespaces()
        .filter(move |ns| {
            !parent.is_some_and(|p| {
                p.namespaces()
                    .any(|q| q.name() == ns.name() && q.uri() == ns.uri())
            })
        })
        .map(|ns| {
            let name = match ns.name() {
                Some(prefix) => Cow::Owned(format!("xmlns:{prefix}")),
                None => Cow::Borrowed("xmlns"),
            };
            (name, ns.uri())
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn shapes(xml: &str) -> Vec<ElementShape> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        collect(doc.root_element(), &LineIndex::new(xml), None, None)
    }

    #[test]
    fn inventory_collapses_and_config_keeps_values() {
        let s = shapes(
            "<zone name=\"z\">\n<package name=\"A\" version=\"1\"/>\n\
             <package name=\"B\" version=\"2\"/>\n<dataset name=\"t/a\"/>\n\
             <dataset name=\"t/b\"/>\n</zone>",
        );
        let names: Vec<_> = s.iter().map(|s| (s.name.as_str(), s.line)).collect();
        assert_eq!(
            names,
            [("dataset", 4), ("dataset", 5), ("package", 2), ("zone", 1)]
        );
        let pkg = &s[2];
        assert_eq!(
            pkg.attrs,
            [("name".to_string(), None), ("version".to_string(), None)]
        );
        assert_eq!(pkg.parent.as_deref(), Some("zone"));
        assert_eq!(*s[3].children, ["package", "package", "dataset", "dataset"]);
        assert_eq!(s[3].parent, None);
        assert_eq!(s[3].attrs, [("name".to_string(), Some("z".to_string()))]);
    }

    #[test]
    fn text_and_namespaces() {
        let s =
            shapes("<zone xmlns:p=\"urn:x\" p:a=\"1\"><network> </network><attr>hi</attr></zone>");
        let zone = s.iter().find(|s| s.name == "zone").unwrap();
        let names: Vec<_> = zone.attrs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["p:a", "xmlns:p"]);
        let other = |n: &str| s.iter().find(|s| s.name == n).unwrap().other_content;
        assert_eq!(other("network"), OtherContent::Ignorable);
        assert_eq!(other("attr"), OtherContent::Text);
        assert_eq!(other("zone"), OtherContent::None);
    }

    #[test]
    fn many_packages_stay_cheap() {
        let mut xml = String::from("<zone name=\"z\">\n");
        for i in 0..1500 {
            xml.push_str(&format!(
                "  <package name=\"SUNWp{i}\" version=\"11.10.0,REV={i}\"/>\n"
            ));
            if i % 4 == 0 {
                xml.push_str(&format!(
                    "  <patch id=\"{}-01\"><obsoletes id=\"1\"/></patch>\n",
                    100_000 + i
                ));
            }
        }
        xml.push_str("</zone>\n");
        let s = shapes(&xml);
        let names: Vec<_> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["obsoletes", "package", "patch", "zone"]);
    }
}
