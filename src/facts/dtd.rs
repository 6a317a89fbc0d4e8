//! `zonecfg-dtd`: the `<!ELEMENT>` and `<!ATTLIST>` declarations of the target's
//! `zonecfg.dtd.1`, enough to validate a manifest the way libxml2 does on attach
//! (domain.md §0 fact 3, §1.2).
//!
//! A fleet has a handful of distinct DTDs for thousands of hosts, so a [`Dtd`] compares and
//! hashes by its declarations only (not comments or layout), and its content models are
//! compiled to automata here, once: callers can cache validation results per distinct DTD.

mod content;
mod list_checks;
mod scan;

use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};

pub use content::{Automaton, ContentSpec, MAX_POSITIONS, Mismatch, Occur, Particle, Term};
pub use list_checks::{ListChecks, SHARED_LIST_MIN};

use crate::collect::RawFact;

use super::ParseError;

/// A parsed zonecfg DTD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dtd {
    elements: BTreeMap<String, ElementDecl>,
    attlists: BTreeMap<String, Vec<AttDef>>,
    /// FNV-1a of the canonical declarations; stable across runs and Rust versions.
    fingerprint: u64,
}

/// One `<!ELEMENT>` declaration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ElementDecl {
    pub content: ContentSpec,
    /// The compiled model, for [`ContentSpec::Children`] only.
    automaton: Option<Automaton>,
    /// Content-check results of shared child lists, for validators to keep.
    pub list_checks: ListChecks,
}

impl ElementDecl {
    /// The compiled children model (`None` for `EMPTY`, `ANY` and mixed content).
    pub fn automaton(&self) -> Option<&Automaton> {
        self.automaton.as_ref()
    }
}

/// One attribute definition of an `<!ATTLIST>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttDef {
    pub name: String,
    pub kind: AttType,
    pub default: AttDefault,
}

/// An attribute type (XML 1.0 §3.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttType {
    Cdata,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    NmToken,
    NmTokens,
    /// `NOTATION (a | b)`
    Notation(Vec<String>),
    /// `(a | b)`
    Enumeration(Vec<String>),
}

/// An attribute default (XML 1.0 §3.3.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttDefault {
    Required,
    Implied,
    /// `#FIXED "v"`: the attribute, when present, must have exactly this value.
    Fixed(String),
    /// A plain default value.
    Value(String),
}

impl fmt::Display for AttType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttType::Cdata => f.write_str("CDATA"),
            AttType::Id => f.write_str("ID"),
            AttType::IdRef => f.write_str("IDREF"),
            AttType::IdRefs => f.write_str("IDREFS"),
            AttType::Entity => f.write_str("ENTITY"),
            AttType::Entities => f.write_str("ENTITIES"),
            AttType::NmToken => f.write_str("NMTOKEN"),
            AttType::NmTokens => f.write_str("NMTOKENS"),
            AttType::Notation(v) => write!(f, "NOTATION ({})", v.join(" | ")),
            AttType::Enumeration(v) => write!(f, "({})", v.join(" | ")),
        }
    }
}

impl fmt::Display for AttDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttDefault::Required => f.write_str("#REQUIRED"),
            AttDefault::Implied => f.write_str("#IMPLIED"),
            AttDefault::Fixed(v) => write!(f, "#FIXED {v:?}"),
            AttDefault::Value(v) => write!(f, "{v:?}"),
        }
    }
}

impl Hash for Dtd {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal DTDs have equal fingerprints, so this agrees with `Eq`.
        self.fingerprint.hash(state);
    }
}

impl Default for Dtd {
    /// A DTD that declares nothing: every element is undeclared.
    fn default() -> Self {
        Dtd::from_parts(BTreeMap::new(), BTreeMap::new())
    }
}

impl Dtd {
    fn from_parts(
        elements: BTreeMap<String, ElementDecl>,
        attlists: BTreeMap<String, Vec<AttDef>>,
    ) -> Dtd {
        let mut canon = String::new();
        for (name, decl) in &elements {
            canon.push_str(&format!("<!ELEMENT {name} {}>\n", decl.content));
        }
        for (elem, defs) in &attlists {
            for d in defs {
                canon.push_str(&format!(
                    "<!ATTLIST {elem} {} {} {}>\n",
                    d.name, d.kind, d.default
                ));
            }
        }
        Dtd {
            elements,
            attlists,
            fingerprint: fnv1a(canon.as_bytes()),
        }
    }

    /// A content hash of the declarations, stable across runs: use it as a cache key.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Declared elements, by name.
    pub fn elements(&self) -> &BTreeMap<String, ElementDecl> {
        &self.elements
    }

    pub fn element(&self, name: &str) -> Option<&ElementDecl> {
        self.elements.get(name)
    }

    /// The attributes declared for `element`, in declaration order (empty when none).
    pub fn attributes(&self, element: &str) -> &[AttDef] {
        self.attlists.get(element).map_or(&[], Vec::as_slice)
    }

    pub fn attribute(&self, element: &str, attr: &str) -> Option<&AttDef> {
        self.attributes(element).iter().find(|d| d.name == attr)
    }
}

/// Parses the fact's output (the text of the target's `zonecfg.dtd.1`).
pub fn parse(raw: &RawFact) -> Result<Dtd, ParseError> {
    parse_text(&raw.stdout)
}

/// Parses DTD text. Errors carry the 1-based line of the DTD.
///
/// As libxml2 does, the first declaration of an element, and of an attribute of an element,
/// is binding; later ones are ignored.
pub fn parse_text(text: &str) -> Result<Dtd, ParseError> {
    let mut elements = BTreeMap::new();
    let mut attlists: BTreeMap<String, Vec<AttDef>> = BTreeMap::new();
    for decl in scan::declarations(text)? {
        match decl {
            scan::Decl::Element(name, content) => {
                if elements.contains_key(&name) {
                    continue;
                }
                let automaton = match &content {
                    // The scanner already refused models over the size limit, with their line.
                    ContentSpec::Children(p) => Some(Automaton::compile(p).map_err(|_| {
                        ParseError::new(
                            0,
                            format!(
                                "the content model of element {name:?} names more than \
                                 {MAX_POSITIONS} elements"
                            ),
                        )
                    })?),
                    _ => None,
                };
                elements.insert(
                    name,
                    ElementDecl {
                        content,
                        automaton,
                        list_checks: ListChecks::default(),
                    },
                );
            }
            scan::Decl::Attlist(elem, defs) => {
                let list = attlists.entry(elem).or_default();
                for d in defs {
                    if !list.iter().any(|old| old.name == d.name) {
                        list.push(d);
                    }
                }
            }
        }
    }
    if elements.is_empty() {
        return Err(ParseError::new(0, "no <!ELEMENT> declarations: not a DTD"));
    }
    Ok(Dtd::from_parts(elements, attlists))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const ILLUMOS_2006: &str = include_str!("../../tests/fixtures/dtd/illumos-2006.dtd");
    const ILLUMOS_2010: &str = include_str!("../../tests/fixtures/dtd/illumos-2010.dtd");
    const SMARTOS: &str = include_str!("../../tests/fixtures/dtd/smartos.dtd");

    fn att<'a>(d: &'a Dtd, e: &str, a: &str) -> &'a AttDef {
        d.attribute(e, a).unwrap()
    }

    #[test]
    fn illumos_2006() {
        let d = parse_text(ILLUMOS_2006).unwrap();
        assert_eq!(d.elements().len(), 19);
        assert_eq!(d.element("network").unwrap().content, ContentSpec::Empty);
        assert_eq!(att(&d, "network", "address").default, AttDefault::Required);
        assert!(d.attribute("zone", "ip-type").is_none());
        assert_eq!(
            att(&d, "zone", "autoboot").kind,
            AttType::Enumeration(vec!["true".into(), "false".into()])
        );
        assert_eq!(
            att(&d, "zone", "version"),
            &AttDef {
                name: "version".into(),
                kind: AttType::NmToken,
                default: AttDefault::Fixed("1".into()),
            }
        );
        assert_eq!(
            att(&d, "filesystem", "raw").default,
            AttDefault::Value(String::new())
        );
        let zone = d.element("zone").unwrap();
        assert_eq!(
            zone.content.to_string(),
            "(filesystem | inherited-pkg-dir | network | device | deleted-device | rctl | \
             attr | dataset | package | patch | dev-perm | tmp_pool | pset | mcap)*"
        );
        assert!(zone.automaton().unwrap().is_deterministic());
        assert_eq!(
            d.element("patch").unwrap().content.to_string(),
            "(obsoletes | incompatible)*"
        );
    }

    #[test]
    fn illumos_2010_and_smartos() {
        let d = parse_text(ILLUMOS_2010).unwrap();
        assert_eq!(
            att(&d, "network", "address").default,
            AttDefault::Value("".into())
        );
        assert!(d.attribute("zone", "ip-type").is_some());
        assert!(d.element("security-flags").is_some());
        assert!(d.element("net-attr").is_none());

        let s = parse_text(SMARTOS).unwrap();
        assert_eq!(
            s.element("network").unwrap().content.to_string(),
            "(net-attr)*"
        );
        assert!(s.attribute("zone", "debugid").is_some());
        assert!(s.attribute("dataset", "alias").is_some());
        assert_ne!(d.fingerprint(), s.fingerprint());
    }

    #[test]
    fn fingerprint_ignores_comments_and_layout() {
        let a =
            parse_text("<!ELEMENT a (b)*><!ELEMENT b EMPTY><!ATTLIST b x CDATA #IMPLIED>").unwrap();
        let b = parse_text(
            "<?xml version='1.0'?>\n<!-- c -->\n<!ELEMENT b  EMPTY >\n\
             <!ELEMENT a ( b )* >\n<!ATTLIST b\n\tx\tCDATA\t#IMPLIED>\n",
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.fingerprint(), b.fingerprint());
        let c =
            parse_text("<!ELEMENT a (b)+><!ELEMENT b EMPTY><!ATTLIST b x CDATA #IMPLIED>").unwrap();
        assert_ne!(a.fingerprint(), c.fingerprint());
        assert_eq!(
            parse_text(ILLUMOS_2010).unwrap().fingerprint(),
            parse_text(ILLUMOS_2010).unwrap().fingerprint()
        );
    }

    #[test]
    fn content_models_and_types() {
        let d = parse_text(
            "<!ELEMENT r (a, (b | c)+, d?)>\n<!ELEMENT m (#PCDATA | a | b)*>\n\
             <!ELEMENT p (#PCDATA)>\n<!ELEMENT any ANY>\n\
             <!ATTLIST r id ID #IMPLIED refs IDREFS #IMPLIED t NMTOKENS 'a b'\n\
                 n NOTATION (gif | png) #IMPLIED f CDATA #FIXED \"x&amp;y&#65;\">\n\
             <!ENTITY e \"<not a decl>\">\n<!NOTATION gif SYSTEM 'gif'>",
        )
        .unwrap();
        assert_eq!(
            d.element("r").unwrap().content.to_string(),
            "(a, (b | c)+, d?)"
        );
        assert_eq!(
            d.element("m").unwrap().content,
            ContentSpec::Mixed(vec!["a".into(), "b".into()])
        );
        assert_eq!(d.element("p").unwrap().content, ContentSpec::Mixed(vec![]));
        assert_eq!(d.element("any").unwrap().content, ContentSpec::Any);
        assert_eq!(att(&d, "r", "refs").kind, AttType::IdRefs);
        assert_eq!(att(&d, "r", "t").default, AttDefault::Value("a b".into()));
        assert_eq!(
            att(&d, "r", "n").kind,
            AttType::Notation(vec!["gif".into(), "png".into()])
        );
        assert_eq!(att(&d, "r", "f").default, AttDefault::Fixed("x&yA".into()));
    }

    #[test]
    fn first_declaration_wins() {
        let d = parse_text(
            "<!ELEMENT a EMPTY><!ELEMENT a ANY>\n<!ATTLIST a x CDATA #REQUIRED>\n\
             <!ATTLIST a x CDATA #IMPLIED y CDATA #IMPLIED>",
        )
        .unwrap();
        assert_eq!(d.element("a").unwrap().content, ContentSpec::Empty);
        assert_eq!(att(&d, "a", "x").default, AttDefault::Required);
        assert_eq!(d.attributes("a").len(), 2);
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("<!ELEMENT a EMPTY>\n<!ELEMENT b (c | d, e)>", 2, "mixing"),
            (
                "<!ELEMENT a EMPTY>\n\n%pe;",
                3,
                "parameter entity reference %pe;",
            ),
            (
                "<!ELEMENT a (%kids;)>",
                1,
                "parameter entity reference %kids;",
            ),
            (
                "<!ELEMENT a EMPTY>\n<!ATTLIST a x %t; #IMPLIED>",
                2,
                "parameter entity",
            ),
            (
                "<!ELEMENT a EMPTY>\n<![INCLUDE[ <!ELEMENT b EMPTY> ]]>",
                2,
                "conditional",
            ),
            ("<!ELEMENT a (#PCDATA | b)>", 1, ")*"),
            ("<!ELEMENT a (b, c>", 1, "expected"),
            (
                "<!ELEMENT a EMPTY>\n<!ATTLIST a x BOGUS #IMPLIED>",
                2,
                "BOGUS",
            ),
            ("<!ELEMENT a EMPTY>\n<!ATTLIST a x CDATA>", 2, "#REQUIRED"),
            (
                "<!ELEMENT a EMPTY>\n<!ATTLIST a x CDATA 'open>",
                2,
                "unterminated",
            ),
            ("<!-- never closed", 1, "unterminated comment"),
            ("hello", 1, "expected a markup declaration"),
            (
                "<!ELEMENT a EMPTY>\n<!ATTLIST a x CDATA '&ent;'>",
                2,
                "entity reference",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse_text(text).unwrap_err();
            assert_eq!(e.line, *line, "{text}: {e}");
            assert!(e.message.contains(needle), "{text}: {e}");
        }
        assert!(parse_text("").is_err());
        assert!(parse_text("<!-- only a comment -->").is_err());
    }

    #[test]
    fn oversized_model_is_refused_with_its_line() {
        let names: Vec<String> = (0..=MAX_POSITIONS).map(|i| format!("e{i}")).collect();
        let text = format!("<!ELEMENT a EMPTY>\n<!ELEMENT z ({})*>", names.join(" | "));
        let e = parse_text(&text).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("more than"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("<!ELEMENT a {}b{}>", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_text(&text).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn reads_the_raw_fact() {
        let raw = RawFact {
            stdout: ILLUMOS_2010.into(),
            ..RawFact::default()
        };
        assert_eq!(parse(&raw).unwrap(), parse_text(ILLUMOS_2010).unwrap());
    }
}
