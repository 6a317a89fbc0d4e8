//! `showrev`: `showrev -p` / `patchadd -p`, one `Patch:` line per patch.
//!
//! `Patch: 147147-26 Obsoletes: 144500-19, 142909-17 Requires: 118833-36 Incompatibles:  Packages: SUNWcakr, SUNWcsr`:
//! labels followed by comma-separated lists, any of which may be empty.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// One installed patch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShowrevPatch {
    /// `147147-26`.
    pub id: String,
    pub obsoletes: Vec<String>,
    pub requires: Vec<String>,
    pub packages: Vec<String>,
}

const LABELS: [&str; 5] = [
    "Patch:",
    "Obsoletes:",
    "Requires:",
    "Incompatibles:",
    "Packages:",
];

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Vec<ShowrevPatch>, ParseError> {
    let mut patches = Vec::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if !line.trim_start().starts_with("Patch:") {
            return Err(ParseError::new(
                line_no,
                format!(
                    "expected a `Patch: NNNNNN-RR ...` line, got {}",
                    excerpt(line)
                ),
            ));
        }
        patches.push(parse_line(line, line_no)?);
    }
    Ok(patches)
}

fn parse_line(line: &str, line_no: usize) -> Result<ShowrevPatch, ParseError> {
    // Words after each label, up to the next label.
    let mut values: Vec<(&str, Vec<String>)> = Vec::new();
    for word in line.split_whitespace() {
        if LABELS.contains(&word) {
            values.push((word, Vec::new()));
        } else if let Some((_, list)) = values.last_mut() {
            list.extend(
                word.split(',')
                    .filter(|item| !item.is_empty())
                    .map(str::to_string),
            );
        }
    }
    let list = |label: &str| {
        values
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, list)| list.clone())
            .unwrap_or_default()
    };
    let id = match list("Patch:").as_slice() {
        [id] if is_patch_id(id) => id.clone(),
        _ => {
            return Err(ParseError::new(
                line_no,
                format!("expected one patch id after `Patch:` in {}", excerpt(line)),
            ));
        }
    };
    Ok(ShowrevPatch {
        id,
        obsoletes: list("Obsoletes:"),
        requires: list("Requires:"),
        packages: list("Packages:"),
    })
}

/// `NNNNNN-RR`, or an IDR (`IDR151234-01`), which has the same shape behind a prefix.
fn is_patch_id(id: &str) -> bool {
    let id = id.strip_prefix("IDR").unwrap_or(id);
    id.split_once('-').is_some_and(|(base, rev)| {
        !base.is_empty()
            && !rev.is_empty()
            && base.chars().all(|c| c.is_ascii_digit())
            && rev.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_patch_list() -> Result<(), ParseError> {
        let patches = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/showrev/s10.out"
        )))?;
        assert_eq!(patches.len(), 4);
        assert_eq!(
            patches[1],
            ShowrevPatch {
                id: "147147-26".into(),
                obsoletes: vec!["144500-19".into(), "142909-17".into()],
                requires: vec!["118833-36".into()],
                packages: vec!["SUNWcakr".into(), "SUNWcsr".into()],
            }
        );
        assert!(patches[2].obsoletes.is_empty() && patches[2].requires.is_empty());
        assert_eq!(patches[2].packages, ["SUNWcsu"]);
        assert_eq!(patches[3].requires, ["121133-02", "119317-01"]);
        assert_eq!(patches[3].packages.len(), 4);
        Ok(())
    }

    #[test]
    fn empty_output_and_blank_lines() -> Result<(), ParseError> {
        assert!(parse(&RawFact::from_stdout(""))?.is_empty());
        let p = parse(&RawFact::from_stdout(
            "\nPatch: IDR151234-01 Obsoletes:  Requires:  Incompatibles:  Packages: SUNWcsu\n\n",
        ))?;
        assert_eq!(p[0].id, "IDR151234-01");
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line(
                "Patch: 120011-14 Obsoletes:  Requires:  Incompatibles:  Packages: SUNWcsu\nNo patches are installed\n"
            ),
            Some(2)
        );
        assert_eq!(line("Patch: Obsoletes: Requires:\n"), Some(1));
        assert_eq!(line("Patch: 120011 Packages: SUNWcsu\n"), Some(1));
        assert_eq!(line("\n\nPatch: 1-1 2-2 Packages: SUNWcsu\n"), Some(3));
    }
}
