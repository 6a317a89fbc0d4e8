//! DTD validation of a manifest against the target's zonecfg DTD, as libxml2 does on
//! attach: unknown elements and attributes, `#REQUIRED` attributes, enumerations, `#FIXED`
//! values and content models.
//!
//! It works on [`Manifest::shapes`] only, so the cost is per distinct shape, not per
//! element. Known gaps, none of which a zonecfg DTD exercises: ID uniqueness and IDREF
//! targets are not checked (ID/IDREF/ENTITY values are checked as names only), and the
//! values of inventory attributes are not kept in shapes, so a DTD that gave them a type
//! other than CDATA would not have those values checked.

use std::collections::BTreeMap;

use super::{ElementShape, Manifest, OtherContent};
use crate::facts::dtd::{AttDef, AttDefault, AttType, ContentSpec, Dtd, ElementDecl, Mismatch};

/// One reason the target's DTD rejects the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DtdViolation {
    /// Manifest line of the first element with this problem.
    pub line: u32,
    /// e.g. `element "anet" is not declared in the target's DTD`.
    pub message: String,
}

/// Every violation, in a stable order (line, then message). Empty: the target would accept
/// the document.
pub fn validate(manifest: &Manifest, dtd: &Dtd) -> Vec<DtdViolation> {
    // Message -> first line: shapes differ in values, so one problem can show up in several.
    let mut found: BTreeMap<String, u32> = BTreeMap::new();
    let mut report = |line: u32, message: String| {
        found
            .entry(message)
            .and_modify(|l| *l = (*l).min(line))
            .or_insert(line);
    };
    for shape in &manifest.shapes {
        if shape.parent.is_none() && shape.name != "zone" {
            report(
                shape.line,
                format!("the root element is \"{}\", not \"zone\"", shape.name),
            );
        }
        check_shape(shape, dtd, &mut report);
    }
    let mut out: Vec<DtdViolation> = found
        .into_iter()
        .map(|(message, line)| DtdViolation { line, message })
        .collect();
    out.sort_by(|a, b| (a.line, &a.message).cmp(&(b.line, &b.message)));
    out
}

fn check_shape(shape: &ElementShape, dtd: &Dtd, report: &mut impl FnMut(u32, String)) {
    let name = &shape.name;
    let line = shape.line;
    let Some(decl) = dtd.element(name) else {
        // libxml2 also rejects each attribute of an undeclared element; one message says it.
        report(
            line,
            format!("element \"{name}\" is not declared in the target's DTD"),
        );
        return;
    };
    for (attr, value) in &shape.attrs {
        match dtd.attribute(name, attr) {
            None => report(
                line,
                format!("attribute \"{attr}\" of element \"{name}\" is not declared"),
            ),
            Some(def) => {
                if let Some(v) = value
                    && let Some(problem) = value_problem(def, v)
                {
                    report(
                        line,
                        format!("attribute \"{attr}\" of element \"{name}\" {problem}"),
                    );
                }
            }
        }
    }
    for def in dtd.attributes(name) {
        if def.default == AttDefault::Required && !shape.attrs.iter().any(|(a, _)| *a == def.name) {
            report(
                line,
                format!(
                    "element \"{name}\" lacks required attribute \"{}\"",
                    def.name
                ),
            );
        }
    }
    check_content(shape, dtd, decl, report);
}

fn check_content(
    shape: &ElementShape,
    dtd: &Dtd,
    decl: &ElementDecl,
    report: &mut impl FnMut(u32, String),
) {
    let (name, line) = (&shape.name, shape.line);
    let content = &decl.content;
    match content {
        ContentSpec::Any => {}
        ContentSpec::Empty => {
            if !shape.children.is_empty() {
                report(
                    line,
                    format!("element \"{name}\" is declared EMPTY but has child elements"),
                );
            } else if shape.other_content == OtherContent::Text {
                report(
                    line,
                    format!("element \"{name}\" is declared EMPTY but has text"),
                );
            } else if shape.other_content == OtherContent::Ignorable {
                // libxml2 keeps blanks and comments as children, so `<e> </e>` is not EMPTY.
                report(
                    line,
                    format!(
                        "element \"{name}\" is declared EMPTY but has white space or a comment inside"
                    ),
                );
            }
        }
        ContentSpec::Mixed(allowed) => {
            for child in shape.children.iter() {
                if !allowed.contains(child) {
                    report(
                        line,
                        format!(
                            "element \"{child}\" is not allowed in element \"{name}\" ({content})"
                        ),
                    );
                }
            }
        }
        ContentSpec::Children(_) => {
            if shape.other_content == OtherContent::Text {
                report(
                    line,
                    format!(
                        "element \"{name}\" has text, which its content model {content} does not allow"
                    ),
                );
            }
            let problem = decl
                .list_checks
                .get_or_check(&shape.children, || children_problem(shape, dtd, decl));
            if let Some(message) = problem {
                report(line, message);
            }
        }
    }
}

/// What is wrong with the children of `shape` under its element-content model `decl`.
/// It depends on the child list and the DTD only, so results are kept per shared list.
fn children_problem(shape: &ElementShape, dtd: &Dtd, decl: &ElementDecl) -> Option<String> {
    let automaton = decl.automaton()?;
    if !automaton.is_deterministic() {
        // libxml2 prints "Content model of X is not determinist" and then accepts any
        // children (checked with xmllint 2.9.14): a model it cannot compile is not
        // enforced, and the document still validates.
        return None;
    }
    // Undeclared children already have their own message; matching without them
    // reports only what would still be wrong once they are gone.
    let kids: Vec<&str> = shape
        .children
        .iter()
        .map(String::as_str)
        .filter(|c| dtd.element(c).is_some())
        .collect();
    let m = automaton.check(kids.iter().copied()).err()?;
    Some(content_message(&shape.name, &decl.content, &kids, &m))
}

fn content_message(name: &str, content: &ContentSpec, kids: &[&str], m: &Mismatch) -> String {
    let expected = |e: &[String]| -> String {
        let quoted: Vec<String> = e.iter().map(|n| format!("\"{n}\"")).collect();
        match quoted.len() {
            0 => "no more children".to_string(),
            1 => quoted.concat(),
            _ => format!("one of {}", quoted.join(", ")),
        }
    };
    let what = match m {
        Mismatch::Unexpected { index, expected: e } => {
            let child = kids.get(*index).copied().unwrap_or("");
            let place = match index.checked_sub(1).and_then(|i| kids.get(i)) {
                Some(prev) => format!("after \"{prev}\""),
                None => "first".to_string(),
            };
            format!(
                "\"{child}\" is not allowed {place}; expected {}",
                expected(e)
            )
        }
        Mismatch::Incomplete { expected: e } => {
            format!("children end too early; expected {}", expected(e))
        }
    };
    format!("children of element \"{name}\" do not match {content}: {what}")
}

/// Why a value does not fit its attribute definition (XML 1.0 §3.3.1), if it does not.
fn value_problem(def: &AttDef, value: &str) -> Option<String> {
    let tokens_ok = match &def.kind {
        AttType::Cdata => true,
        AttType::NmToken | AttType::Enumeration(_) | AttType::Notation(_) => {
            is_nmtoken(value.trim_matches(' '))
        }
        AttType::NmTokens => tokens(value).all(is_nmtoken) && tokens(value).next().is_some(),
        AttType::Id | AttType::IdRef | AttType::Entity => is_name(value.trim_matches(' ')),
        AttType::IdRefs | AttType::Entities => {
            tokens(value).all(is_name) && tokens(value).next().is_some()
        }
    };
    if !tokens_ok {
        return Some(format!(
            "has value {}, not a valid {}",
            shown(value),
            type_word(&def.kind)
        ));
    }
    if let AttType::Enumeration(allowed) | AttType::Notation(allowed) = &def.kind
        && !allowed.iter().any(|a| a == value)
    {
        return Some(format!(
            "has value {}, not one of {}",
            shown(value),
            def.kind
        ));
    }
    if let AttDefault::Fixed(fixed) = &def.default
        && value != fixed
    {
        return Some(format!(
            "has value {}, but the DTD fixes it to {}",
            shown(value),
            shown(fixed)
        ));
    }
    None
}

/// A value from the manifest, quoted and escaped (it is untrusted: control characters must
/// not reach a terminal) and cut to a readable length.
fn shown(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    if value.chars().count() <= MAX_CHARS {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX_CHARS).collect();
        format!("{head:?}...")
    }
}

fn type_word(kind: &AttType) -> &'static str {
    match kind {
        AttType::Cdata => "string",
        AttType::NmToken | AttType::Enumeration(_) | AttType::Notation(_) => "name token",
        AttType::NmTokens => "list of name tokens",
        AttType::Id | AttType::IdRef | AttType::Entity => "name",
        AttType::IdRefs | AttType::Entities => "list of names",
    }
}

fn tokens(value: &str) -> impl Iterator<Item = &str> {
    value.split(' ').filter(|t| !t.is_empty())
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_numeric() || matches!(c, '-' | '.' | '\u{b7}')
}

fn is_nmtoken(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(is_name_start) && s.chars().all(is_name_char)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn def(kind: AttType, default: AttDefault) -> AttDef {
        AttDef {
            name: "a".into(),
            kind,
            default,
        }
    }

    #[test]
    fn value_types() {
        let implied = || AttDefault::Implied;
        let tok = def(AttType::NmToken, implied());
        assert_eq!(value_problem(&tok, "a-1.b"), None);
        assert_eq!(value_problem(&tok, " a "), None);
        assert!(value_problem(&tok, "a b").unwrap().contains("name token"));
        assert!(value_problem(&tok, "").is_some());
        let toks = def(AttType::NmTokens, implied());
        assert_eq!(value_problem(&toks, "a  1"), None);
        assert!(value_problem(&toks, " ").is_some());
        let id = def(AttType::Id, implied());
        assert_eq!(value_problem(&id, "_x1"), None);
        assert!(value_problem(&id, "1x").unwrap().contains("valid name"));
        let refs = def(AttType::IdRefs, implied());
        assert_eq!(value_problem(&refs, "a b"), None);
        assert!(value_problem(&refs, "a 1").is_some());
        assert_eq!(
            value_problem(&def(AttType::Cdata, implied()), "any thing"),
            None
        );
    }

    #[test]
    fn enumeration_and_fixed() {
        let e = def(
            AttType::Enumeration(vec!["true".into(), "false".into()]),
            AttDefault::Required,
        );
        assert_eq!(value_problem(&e, "true"), None);
        assert_eq!(
            value_problem(&e, "yes").unwrap(),
            "has value \"yes\", not one of (true | false)"
        );
        // libxml2 compares the value as written.
        assert!(value_problem(&e, "true ").is_some());
        let f = def(AttType::NmToken, AttDefault::Fixed("1".into()));
        assert_eq!(value_problem(&f, "1"), None);
        assert_eq!(
            value_problem(&f, "2").unwrap(),
            "has value \"2\", but the DTD fixes it to \"1\""
        );
    }

    #[test]
    fn values_in_messages_are_escaped_and_short() {
        let e = def(AttType::Enumeration(vec!["a".into()]), AttDefault::Implied);
        let msg = value_problem(&e, "b\u{1b}[31m").unwrap();
        assert!(!msg.contains('\u{1b}'), "{msg}");
        let msg = value_problem(&e, &"x".repeat(1000)).unwrap();
        assert!(msg.len() < 120, "{msg}");
    }

    #[test]
    fn content_messages() {
        let spec = ContentSpec::Empty;
        let m = Mismatch::Unexpected {
            index: 1,
            expected: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            content_message("z", &spec, &["a", "c"], &m),
            "children of element \"z\" do not match EMPTY: \"c\" is not allowed after \"a\"; \
             expected one of \"a\", \"b\""
        );
        let m = Mismatch::Incomplete {
            expected: vec!["r".into()],
        };
        assert_eq!(
            content_message("z", &spec, &[], &m),
            "children of element \"z\" do not match EMPTY: children end too early; expected \"r\""
        );
    }
}
