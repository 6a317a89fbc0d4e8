//! `dladm-link`: S10 `dladm show-link` and S11/illumos `dladm show-link -p -o link,class,mtu,state,over`.
//!
//! Three layouts are accepted, chosen line by line:
//!
//! - Solaris 10 (before Crossbow), tab-separated labels:
//!   `e1000g0\t\ttype: non-vlan\tmtu: 1500\tdevice: e1000g0`, with `type: vlan 5` for
//!   VLANs, `type: legacy` for non-GLDv3 devices and `aggregation: key 1` instead of
//!   `device:` for aggregations.
//! - The parseable form, `net0:phys:1500:up:` with `\:` escapes; `over` is a
//!   space-separated list and may be empty.
//! - The column table that `dladm show-link` prints without `-p` on Crossbow releases
//!   (OpenSolaris, Solaris 11, illumos): a `LINK CLASS MTU STATE [BRIDGE] OVER` header,
//!   then rows, with `--` for "none". The header decides which column is which.
//!
//! Solaris 11 shows the links of running zones as `<zone>/<link>`; the zone goes to
//! [`Datalink::zone`] and the name keeps the link part, so that a link lent to a zone still
//! counts as existing (and busy) under its own name.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::{excerpt, split_escaped};

/// One datalink.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Datalink {
    pub name: String,
    /// `phys`, `vnic`, `aggr`, ... (S10: `non-vlan`, `vlan`, `legacy`).
    pub class: Option<String>,
    pub mtu: Option<u32>,
    pub state: Option<String>,
    pub over: Vec<String>,
    /// The zone owning the link, where the output says so.
    pub zone: Option<String>,
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<Datalink>, ParseError> {
    let mut links = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if is_header(line) {
            columns = Some(line.split_whitespace().map(str::to_string).collect());
            continue;
        }
        let link = if let Some(columns) = &columns {
            parse_row(columns, line, line_no)?
        } else if line.split_whitespace().nth(1) == Some("type:") {
            parse_s10(line, line_no)?
        } else if line.contains(':') {
            parse_parseable(line, line_no)?
        } else {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected `link:class:mtu:state:over`, `NAME type: ...` or a \
                     `LINK CLASS ...` table, got {}",
                    excerpt(line)
                ),
            ));
        };
        links.push(link);
    }
    Ok(links)
}

fn is_header(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("LINK") && words.any(|w| w == "CLASS")
}

/// `--` (and `-`) is how the table says "none".
fn value(text: &str) -> Option<&str> {
    match text {
        "" | "-" | "--" => None,
        other => Some(other),
    }
}

fn parse_mtu(text: &str, line_no: usize) -> Result<Option<u32>, ParseError> {
    value(text)
        .map(|t| {
            t.parse::<u32>().map_err(|_| {
                ParseError::new(line_no, format!("expected an MTU, got {}", excerpt(t)))
            })
        })
        .transpose()
}

/// `web01/net0` -> (`net0`, Some(`web01`)); a plain name has no zone.
fn split_zone(name: &str, line_no: usize) -> Result<(String, Option<String>), ParseError> {
    if name.is_empty() {
        return Err(ParseError::new(line_no, "empty link name"));
    }
    match name.split_once('/') {
        None => Ok((name.to_string(), None)),
        Some((zone, link)) if !zone.is_empty() && !link.is_empty() => {
            Ok((link.to_string(), Some(zone.to_string())))
        }
        Some(_) => Err(ParseError::new(
            line_no,
            format!("expected a link name or `zone/link`, got {}", excerpt(name)),
        )),
    }
}

fn over_list(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(value)
        .map(str::to_string)
        .collect()
}

/// A row of the column table, laid out by the header.
fn parse_row(columns: &[String], line: &str, line_no: usize) -> Result<Datalink, ParseError> {
    let words: Vec<&str> = line.split_whitespace().collect();
    // OVER is a space-separated list: as the last column it takes every remaining word.
    let last_is_over = columns.last().is_some_and(|c| c == "OVER");
    let fixed = if last_is_over {
        columns.len().saturating_sub(1)
    } else {
        columns.len()
    };
    if words.len() < fixed || (!last_is_over && words.len() > fixed) {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected {} columns ({}), got {} in {}",
                columns.len(),
                columns.join(" "),
                words.len(),
                excerpt(line)
            ),
        ));
    }
    let cell = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .filter(|&i| i < fixed)
            .and_then(|i| words.get(i).copied())
    };
    let Some(link) = cell("LINK") else {
        return Err(ParseError::new(line_no, "the table has no LINK column"));
    };
    let (name, prefix_zone) = split_zone(link, line_no)?;
    let zone = prefix_zone.or_else(|| cell("ZONE").and_then(value).map(str::to_string));
    let over = if last_is_over {
        over_list(&words.get(fixed..).unwrap_or_default().join(" "))
    } else {
        Vec::new()
    };
    Ok(Datalink {
        name,
        class: cell("CLASS").and_then(value).map(str::to_string),
        mtu: parse_mtu(cell("MTU").unwrap_or(""), line_no)?,
        state: cell("STATE").and_then(value).map(str::to_string),
        over,
        zone,
    })
}

/// `link:class:mtu:state:over`.
fn parse_parseable(line: &str, line_no: usize) -> Result<Datalink, ParseError> {
    let fields = split_escaped(line, ':', 0);
    let [link, class, mtu, state, rest @ ..] = fields.as_slice() else {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected at least 4 colon-separated fields (link:class:mtu:state:over), \
                 got {} in {}",
                fields.len(),
                excerpt(line)
            ),
        ));
    };
    let (name, zone) = split_zone(link, line_no)?;
    Ok(Datalink {
        name,
        class: value(class).map(str::to_string),
        mtu: parse_mtu(mtu, line_no)?,
        state: value(state).map(str::to_string),
        over: rest.first().map(|o| over_list(o)).unwrap_or_default(),
        zone,
    })
}

/// `e1000g5000\ttype: vlan 5\tmtu: 1500\tdevice: e1000g0`: labels, each followed by
/// words up to the next label.
fn parse_s10(line: &str, line_no: usize) -> Result<Datalink, ParseError> {
    const LABELS: [&str; 4] = ["type:", "mtu:", "device:", "aggregation:"];
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or_default();
    let mut values: Vec<(&str, Vec<&str>)> = Vec::new();
    for word in words {
        if LABELS.contains(&word) {
            values.push((word, Vec::new()));
        } else if let Some((_, current)) = values.last_mut() {
            current.push(word);
        }
    }
    let get = |label: &str| {
        values
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, words)| words.as_slice())
    };
    let type_words = get("type:").unwrap_or_default();
    // `vlan 5`: the class is `vlan`; the VLAN id is part of the link name anyway.
    let Some(class) = type_words.first() else {
        return Err(ParseError::new(
            line_no,
            format!("`type:` without a value in {}", excerpt(line)),
        ));
    };
    let mtu = match get("mtu:") {
        Some([mtu]) => parse_mtu(mtu, line_no)?,
        Some(_) => {
            return Err(ParseError::new(
                line_no,
                format!("expected `mtu: N` in {}", excerpt(line)),
            ));
        }
        None => None,
    };
    // The device a VLAN sits on is what it is "over"; a plain link is its own device.
    let over = match get("device:") {
        Some([device]) if *device != name => vec![(*device).to_string()],
        _ => Vec::new(),
    };
    Ok(Datalink {
        name: name.to_string(),
        class: Some((*class).to_string()),
        mtu,
        state: None,
        over,
        zone: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(name: &str, class: &str, mtu: u32, state: Option<&str>, over: &[&str]) -> Datalink {
        Datalink {
            name: name.into(),
            class: Some(class.into()),
            mtu: Some(mtu),
            state: state.map(Into::into),
            over: over.iter().map(|o| (*o).to_string()).collect(),
            zone: None,
        }
    }

    #[test]
    fn solaris_10_show_link() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dladm-link/s10.out"
        )))?;
        assert_eq!(
            links,
            [
                link("e1000g0", "non-vlan", 1500, None, &[]),
                link("e1000g1", "non-vlan", 9000, None, &[]),
                link("e1000g5000", "vlan", 1500, None, &["e1000g0"]),
                link("aggr1", "non-vlan", 1500, None, &[]),
                link("qfe0", "legacy", 1500, None, &[]),
            ]
        );
        Ok(())
    }

    #[test]
    fn solaris_10_with_spaces_instead_of_tabs() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(
            "e1000g0   type: non-vlan   mtu: 1500   device: e1000g0\naggr1  type: non-vlan mtu: 1500 aggregation: key 1\n",
        ))?;
        assert_eq!(links[0], link("e1000g0", "non-vlan", 1500, None, &[]));
        assert_eq!(links[1].name, "aggr1");
        Ok(())
    }

    #[test]
    fn solaris_11_table_with_zone_links() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dladm-link/s11.out"
        )))?;
        assert_eq!(links.len(), 9);
        assert_eq!(links[0], link("net0", "phys", 1500, Some("up"), &[]));
        assert_eq!(links[1].state.as_deref(), Some("unknown"));
        assert_eq!(
            links[4],
            link("aggr0", "aggr", 9000, Some("up"), &["net2", "net3"])
        );
        assert_eq!(links[6].over, ["stub0"]);
        assert_eq!(links[7].name, "net0");
        assert_eq!(links[7].zone.as_deref(), Some("web01"));
        assert_eq!(links[8].name, "net1");
        assert_eq!(links[8].zone.as_deref(), Some("db01"));
        Ok(())
    }

    #[test]
    fn illumos_table_with_bridge_column() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dladm-link/illumos.out"
        )))?;
        assert_eq!(links.len(), 3);
        assert_eq!(links[0], link("e1000g0", "phys", 1500, Some("up"), &[]));
        assert_eq!(links[1].state.as_deref(), Some("down"));
        assert_eq!(links[2].over, ["e1000g0"]);
        Ok(())
    }

    #[test]
    fn table_with_zone_column() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(
            "LINK   ZONE   CLASS  MTU   STATE  OVER\nnet0   --     phys   1500  up     --\nvnic1  web01  vnic   1500  up     net0\n",
        ))?;
        assert_eq!(links[0].zone, None);
        assert_eq!(links[1].zone.as_deref(), Some("web01"));
        assert_eq!(links[1].over, ["net0"]);
        Ok(())
    }

    #[test]
    fn parseable_form() -> Result<(), ParseError> {
        let links = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/dladm-link/s11-parseable.out"
        )))?;
        assert_eq!(links[0], link("net0", "phys", 1500, Some("up"), &[]));
        assert_eq!(links[1].over, ["net2", "net3"]);
        assert_eq!(links[2].name, "net0");
        assert_eq!(links[2].zone.as_deref(), Some("web01"));
        let escaped = parse(&RawFact::from_stdout("odd\\:name:phys:1500:up\n"))?;
        assert_eq!(escaped[0].name, "odd:name");
        assert!(escaped[0].over.is_empty());
        assert!(parse(&RawFact::from_stdout(""))?.is_empty());
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(line("net0:phys:1500:up:\nnet1:phys\n"), Some(2));
        assert_eq!(line("net0:phys:big:up:\n"), Some(1));
        assert_eq!(line("LINK CLASS MTU STATE OVER\nnet0 phys 1500\n"), Some(2));
        assert_eq!(
            line("LINK CLASS MTU STATE\nnet0 phys 1500 up extra\n"),
            Some(2)
        );
        assert_eq!(
            line("\ne1000g0 type: non-vlan mtu: x device: e1000g0\n"),
            Some(2)
        );
        assert_eq!(line("e1000g0 type: mtu: 1500\n"), Some(1));
        assert_eq!(line("e1000g0 type: non-vlan mtu: 1500 1600\n"), Some(1));
        assert_eq!(line("something else\n"), Some(1));
        assert_eq!(line("/net0:phys:1500:up:\n"), Some(1));
        assert_eq!(
            line("CLASS LINK\nphys net0\n"),
            Some(1),
            "not a LINK header"
        );
    }
}
