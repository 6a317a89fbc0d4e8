//! `zoneadm-list`: `zoneadm list -cp`, 4 to 10 colon-separated fields with `\:` escapes.
//!
//! Fields by release (domain.md §3.1), always read by position:
//!
//! | release | fields |
//! |---|---|
//! | S10 3/05 | `zoneid:zonename:state:zonepath` |
//! | S10 8/07 | `...:uuid` |
//! | later S10, OpenSolaris, illumos | `...:uuid:brand:ip-type` |
//! | SmartOS | `...:ip-type:debugid` |
//! | S11 | `...:ip-type:R\|W\|-:file-mac-profile` (and more on later updates) |
//!
//! The man page warns that fields may be added, so anything after ip-type is ignored.
//! This module also holds [`split_escaped`], shared with the other `-p` (parseable)
//! outputs of `ipadm` and `dladm`, which use the same escaping.

use crate::collect::RawFact;

use super::ParseError;

/// IP type as `zoneadm list -p` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpType {
    Shared,
    Exclusive,
}

/// One line of `zoneadm list -cp`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ZoneEntry {
    /// `None` when the zone is not running (`-`).
    pub id: Option<u32>,
    pub name: String,
    pub state: String,
    /// Unescaped (`\:` -> `:`).
    pub zonepath: String,
    pub uuid: Option<String>,
    pub brand: Option<String>,
    pub ip_type: Option<IpType>,
}

impl ZoneEntry {
    pub fn is_global(&self) -> bool {
        self.name == "global"
    }

    /// `installed` or further: the zone owns its zonepath and, when running, its addresses.
    pub fn is_installed(&self) -> bool {
        !matches!(self.state.as_str(), "configured" | "incomplete")
    }

    pub fn is_running(&self) -> bool {
        matches!(
            self.state.as_str(),
            "running" | "ready" | "shutting_down" | "down"
        )
    }
}

/// Splits one line of a Solaris `-p` (parseable) listing at unescaped `sep`, turning
/// `\<sep>` into `<sep>` and `\\` into `\`. Any other backslash is kept as it is, since
/// the commands only escape those two characters.
///
/// At most `max_fields` fields are returned: the last one takes the rest of the line, with
/// its separators kept (so an address whose colons were, unusually, not escaped stays
/// whole). `max_fields` of 0 means no limit.
pub fn split_escaped(line: &str, sep: char, max_fields: usize) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&next) if next == sep || next == '\\' => {
                    current.push(next);
                    chars.next();
                }
                _ => current.push('\\'),
            }
        } else if c == sep && (max_fields == 0 || fields.len() + 1 < max_fields) {
            fields.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    fields.push(current);
    fields
}

/// A short, printable rendering of input text for error messages: long lines are cut so
/// that one garbled megabyte does not end up in a report.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut shown: String = text.chars().take(MAX_CHARS).collect();
    if text.chars().nth(MAX_CHARS).is_some() {
        shown.push_str("...");
    }
    format!("{shown:?}")
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<ZoneEntry>, ParseError> {
    let mut zones = Vec::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        zones.push(parse_line(line, line_no)?);
    }
    Ok(zones)
}

fn parse_line(line: &str, line_no: usize) -> Result<ZoneEntry, ParseError> {
    let fields = split_escaped(line, ':', 0);
    let [id, name, state, zonepath, rest @ ..] = fields.as_slice() else {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected at least 4 colon-separated fields (zoneid:zonename:state:zonepath), \
                 got {} in {}",
                fields.len(),
                excerpt(line)
            ),
        ));
    };
    let id = match id.as_str() {
        "-" => None,
        text => Some(text.parse::<u32>().map_err(|_| {
            ParseError::new(
                line_no,
                format!(
                    "expected a zone id (a number or `-`), got {}",
                    excerpt(text)
                ),
            )
        })?),
    };
    if name.is_empty() {
        return Err(ParseError::new(line_no, "empty zone name"));
    }
    if state.is_empty() {
        return Err(ParseError::new(
            line_no,
            format!("empty state for zone {}", excerpt(name)),
        ));
    }
    // The global zone's uuid is empty, and so is any field a release leaves blank.
    let non_empty = |field: Option<&String>| field.filter(|f| !f.is_empty()).cloned();
    let ip_type = match rest.get(2).map(String::as_str) {
        None | Some("") => None,
        Some("shared") => Some(IpType::Shared),
        // `excl` is what zoneadm prints; `exclusive` is the zonecfg spelling, accepted in
        // case a release or a hand-assembled snapshot uses it.
        Some("excl" | "exclusive") => Some(IpType::Exclusive),
        Some(other) => {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected ip-type `shared` or `excl` in field 7, got {}",
                    excerpt(other)
                ),
            ));
        }
    };
    Ok(ZoneEntry {
        id,
        name: name.clone(),
        state: state.clone(),
        zonepath: zonepath.clone(),
        uuid: non_empty(rest.first()),
        brand: non_empty(rest.get(1)),
        ip_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_line(stdout: &str) -> Option<usize> {
        parse(&RawFact::from_stdout(stdout)).err().map(|e| e.line)
    }

    #[test]
    fn s10_3_05_has_four_fields() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/s10-3-05.out"
        )))?;
        assert_eq!(zones.len(), 3);
        assert_eq!(
            zones[1],
            ZoneEntry {
                id: Some(1),
                name: "web01".into(),
                state: "running".into(),
                zonepath: "/zones/web01".into(),
                uuid: None,
                brand: None,
                ip_type: None,
            }
        );
        assert_eq!(zones[2].id, None);
        assert!(zones[0].is_global());
        assert!(zones[2].is_installed() && !zones[2].is_running());
        Ok(())
    }

    #[test]
    fn s10_8_07_adds_the_uuid() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/s10-8-07.out"
        )))?;
        assert_eq!(zones[0].uuid, None, "the global zone's uuid is empty");
        assert_eq!(
            zones[1].uuid.as_deref(),
            Some("61901255-35cf-40d6-d501-f37dc84eb504")
        );
        assert_eq!(zones[1].brand, None);
        Ok(())
    }

    #[test]
    fn later_s10_has_brand_and_ip_type_and_escapes() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/s10-later.out"
        )))?;
        assert_eq!(zones.len(), 5);
        assert_eq!(zones[0].ip_type, Some(IpType::Shared));
        assert_eq!(zones[1].id, Some(3));
        assert_eq!(zones[2].ip_type, Some(IpType::Exclusive));
        assert_eq!(zones[2].brand.as_deref(), Some("native"));
        assert_eq!(zones[3].state, "configured");
        assert_eq!(zones[3].uuid, None);
        assert!(!zones[3].is_installed());
        assert_eq!(zones[4].zonepath, "/zones/a:b\\c");
        Ok(())
    }

    #[test]
    fn smartos_debugid_is_ignored() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/smartos.out"
        )))?;
        assert_eq!(zones.len(), 3);
        assert_eq!(zones[1].brand.as_deref(), Some("joyent"));
        assert_eq!(zones[1].ip_type, Some(IpType::Exclusive));
        assert_eq!(zones[2].brand.as_deref(), Some("lx"));
        Ok(())
    }

    #[test]
    fn s11_nine_and_ten_fields() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/s11.out"
        )))?;
        assert_eq!(zones.len(), 4);
        assert_eq!(zones[1].zonepath, "/system/zones/web01");
        assert_eq!(zones[1].brand.as_deref(), Some("solaris"));
        assert_eq!(zones[1].ip_type, Some(IpType::Exclusive));
        assert_eq!(zones[3].brand.as_deref(), Some("solaris10"));
        let ten = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zoneadm-list/s11-4-ten-fields.out"
        )))?;
        assert_eq!(ten.len(), 2);
        assert_eq!(ten[1].brand.as_deref(), Some("solaris-kz"));
        Ok(())
    }

    #[test]
    fn exclusive_spelling_and_blank_lines() -> Result<(), ParseError> {
        let zones = parse(&RawFact::from_stdout(
            "\n0:global:running:/::ipkg:shared\n\n-:z:installed:/z::ipkg:exclusive\n",
        ))?;
        assert_eq!(zones.len(), 2);
        assert_eq!(zones[1].ip_type, Some(IpType::Exclusive));
        assert!(parse(&RawFact::from_stdout(""))?.is_empty());
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        assert_eq!(err_line("0:global:running:/\n1:web01:running\n"), Some(2));
        assert_eq!(
            err_line("0:global:running:/\n\nx:web01:running:/z\n"),
            Some(3)
        );
        assert_eq!(err_line("-1:web01:running:/z\n"), Some(1));
        assert_eq!(err_line("0::running:/\n"), Some(1));
        assert_eq!(err_line("0:global::/\n"), Some(1));
        assert_eq!(err_line("0:global:running:/::native:weird\n"), Some(1));
        assert_eq!(err_line("zoneadm: command not found\n"), Some(1));
    }

    #[test]
    fn split_escaped_handles_escapes_and_limits() {
        assert_eq!(split_escaped("a:b\\:c:d", ':', 0), ["a", "b:c", "d"]);
        assert_eq!(split_escaped("a\\\\:b", ':', 0), ["a\\", "b"]);
        assert_eq!(split_escaped("a\\x\\", ':', 0), ["a\\x\\"]);
        assert_eq!(split_escaped("", ':', 0), [""]);
        assert_eq!(split_escaped("a:b:c:d", ':', 2), ["a", "b:c:d"]);
        assert_eq!(split_escaped("a:b\\:c", ':', 2), ["a", "b:c"]);
    }

    #[test]
    fn excerpt_cuts_long_text() {
        assert_eq!(excerpt("ab"), "\"ab\"");
        let long = "é".repeat(100);
        assert!(excerpt(&long).ends_with("...\""));
        assert_eq!(excerpt(&long).chars().filter(|c| *c == 'é').count(), 60);
    }
}
