//! `default-brand`: `/etc/zones/SUNWdefault.xml`, the template whose `brand` a manifest with an empty brand gets.
//!
//! Solaris 10 templates carry no `brand` attribute (zones are `native`); OpenSolaris and
//! illumos ship `brand="ipkg"`, Solaris 11 `brand="solaris"`. The file has a DOCTYPE naming
//! the external zonecfg DTD, so DTDs are allowed, but nothing is ever fetched (no entity
//! resolver) and the node count is bounded.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// The brand of the host's default template (`native` when the template names none).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DefaultBrand(pub String);

/// Far above the handful of nodes a template has; bounds memory on hostile input.
const NODES_LIMIT: u32 = 100_000;

/// The brand libzonecfg falls back to when the template names none.
const FALLBACK_BRAND: &str = "native";

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<DefaultBrand, ParseError> {
    if raw.stdout.trim().is_empty() {
        return Err(ParseError::new(
            0,
            "empty output, expected the zone template XML",
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    // roxmltree counts rows from 1 like ParseError does, but puts an error at the very
    // end of a newline-terminated text on the row after the last line: keep it on a line
    // that exists.
    let line_count = raw.stdout.lines().count();
    let line_of = |row: u32| usize::try_from(row).map_or(line_count, |r| r.min(line_count));
    let doc = roxmltree::Document::parse_with_options(&raw.stdout, options).map_err(|e| {
        // A truncated document is reported at its start; its last line is where the
        // missing end tag should have been.
        let line = match e {
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                line_count
            }
            _ => line_of(e.pos().row),
        };
        ParseError::new(line, format!("not a well-formed zone template: {e}"))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "zone" {
        return Err(ParseError::new(
            line_of(doc.text_pos_at(root.range().start).row),
            format!(
                "expected a <zone> root element, got <{}>",
                excerpt(root.tag_name().name())
            ),
        ));
    }
    let brand = root
        .attribute("brand")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(FALLBACK_BRAND);
    Ok(DefaultBrand(brand.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_template_has_no_brand() -> Result<(), ParseError> {
        let b = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/default-brand/s10.xml"
        )))?;
        assert_eq!(b, DefaultBrand("native".into()));
        Ok(())
    }

    #[test]
    fn ipkg_and_solaris_templates() -> Result<(), ParseError> {
        let ipkg = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/default-brand/ipkg.xml"
        )))?;
        assert_eq!(ipkg.0, "ipkg");
        let s11 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/default-brand/s11.xml"
        )))?;
        assert_eq!(s11.0, "solaris");
        let native = parse(&RawFact::from_stdout(
            r#"<zone name="default" zonepath="" autoboot="false" brand="native"/>"#,
        ))?;
        assert_eq!(native.0, "native");
        let empty = parse(&RawFact::from_stdout(
            r#"<zone name="default" zonepath="" autoboot="false" brand=""/>"#,
        ))?;
        assert_eq!(empty.0, "native");
        Ok(())
    }

    #[test]
    fn never_resolves_external_entities() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE zone [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<zone name=\"&x;\" brand=\"native\"/>\n";
        assert!(parse(&RawFact::from_stdout(xxe)).is_err());
    }

    #[test]
    fn malformed_documents_name_the_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line(""), Some(0));
        assert_eq!(
            line("<?xml version=\"1.0\"?>\n<zone name=\"default\">\n</zon>\n"),
            Some(3)
        );
        assert_eq!(
            line("<?xml version=\"1.0\"?>\n\n<template brand=\"ipkg\"/>\n"),
            Some(3)
        );
        assert_eq!(
            line("cat: cannot open /etc/zones/SUNWdefault.xml\n"),
            Some(1)
        );
        assert_eq!(
            line("<?xml version=\"1.0\"?>\n<zone name=\"x\">\n"),
            Some(2)
        );
    }
}
