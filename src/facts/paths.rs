//! `paths`: `ls -ldL -- 'p1' 'p2' ...`; present paths on stdout, missing ones on stderr.
//!
//! stdout has one long listing per path that exists, in the same layout on Solaris and
//! GNU `ls`: `drwx------   2 root     root           2 Jan 12 10:15 /zones/web01`, with the
//! year instead of the time for old files and `major, minor` instead of the size for
//! devices. The path is everything after the date, so it may contain spaces.
//!
//! stderr names the paths `ls` could not list: `/x/y: No such file or directory` on
//! Solaris, `ls: cannot access '/x/y': No such file or directory` with GNU `ls`. `ls` then
//! exits non-zero, which is why this fact is parsed whatever the exit status.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::{BTreeMap, BTreeSet};

/// File type from the first character of the mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathKind {
    Directory,
    File,
    CharDevice,
    BlockDevice,
    Other,
}

impl PathKind {
    fn from_mode(mode: &str) -> PathKind {
        match mode.chars().next() {
            Some('d') => PathKind::Directory,
            Some('-') => PathKind::File,
            Some('c') => PathKind::CharDevice,
            Some('b') => PathKind::BlockDevice,
            _ => PathKind::Other,
        }
    }
}

/// One listed path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathEntry {
    pub kind: PathKind,
    /// `drwx------`.
    pub mode: String,
    pub owner: String,
    pub group: String,
}

/// Paths probed on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Paths {
    pub present: BTreeMap<String, PathEntry>,
    /// Paths `ls` reported as absent (`No such file or directory`).
    pub missing: BTreeSet<String>,
    /// Paths `ls` could not examine for another reason (`Permission denied`, a symbolic
    /// link loop, ...), with that reason: whether they exist is unknown.
    pub inaccessible: BTreeMap<String, String>,
}

const NO_SUCH_FILE: &str = "No such file or directory";

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<Paths, ParseError> {
    let mut paths = Paths::default();
    for (index, line) in raw.stdout.lines().enumerate() {
        let text = line.trim_start();
        // `total N` heads the listing of a directory's contents; -d should prevent it.
        if text.is_empty() || text.starts_with("total ") {
            continue;
        }
        let (path, entry) = parse_listing(line, index + 1)?;
        paths.present.insert(path, entry);
    }
    // stderr is free text: lines that do not name a path are not evidence about any path.
    for line in raw.stderr.lines() {
        if let Some((path, reason)) = parse_complaint(line) {
            if reason == NO_SUCH_FILE {
                paths.missing.insert(path);
            } else {
                paths.inaccessible.insert(path, reason.to_string());
            }
        }
    }
    Ok(paths)
}

/// The next whitespace-separated word of `rest`, and what follows it.
fn next_word(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    rest.split_at_checked(end)
        .filter(|(word, _)| !word.is_empty())
}

/// `mode links owner group size|major, minor month day time|year path`.
fn parse_listing(line: &str, line_no: usize) -> Result<(String, PathEntry), ParseError> {
    let expected = |what: &str| {
        ParseError::new(
            line_no,
            format!(
                "expected {what} in a long listing such as \
                 `drwxr-xr-x   2 root  root  2 Jan 12 10:15 /zones/z`, got {}",
                excerpt(line)
            ),
        )
    };
    let (mode, rest) = next_word(line).ok_or_else(|| expected("a mode"))?;
    let kind = PathKind::from_mode(mode);
    if mode.chars().count() < 10 {
        return Err(expected("a mode such as `drwxr-xr-x`"));
    }
    let (links, rest) = next_word(rest).ok_or_else(|| expected("a link count"))?;
    if !is_number(links) {
        return Err(expected("a link count"));
    }
    let (owner, rest) = next_word(rest).ok_or_else(|| expected("an owner"))?;
    let (group, rest) = next_word(rest).ok_or_else(|| expected("a group"))?;
    let (size, mut rest) = next_word(rest).ok_or_else(|| expected("a size"))?;
    if let Some(major) = size.strip_suffix(',') {
        // Devices: `247,  1` (two words) instead of a size.
        let (minor, after) = next_word(rest).ok_or_else(|| expected("a device minor number"))?;
        if !is_number(major) || !is_number(minor) {
            return Err(expected("`major, minor` device numbers"));
        }
        rest = after;
    } else if !size.split(',').all(is_number) {
        return Err(expected("a size"));
    }
    let (month, rest) = next_word(rest).ok_or_else(|| expected("a date"))?;
    let (day, rest) = next_word(rest).ok_or_else(|| expected("a date"))?;
    let (time_or_year, rest) = next_word(rest).ok_or_else(|| expected("a date"))?;
    let month_ok = month.len() == 3 && month.chars().all(|c| c.is_ascii_alphabetic());
    let day_ok = is_number(day) && day.len() <= 2;
    let time_ok = time_or_year
        .split(':')
        .all(|part| is_number(part) && part.len() <= 4);
    if !(month_ok && day_ok && time_ok) {
        return Err(expected("a date such as `Jan 12 10:15` or `Jan 12  2019`"));
    }
    // The paths zonescan asks about are absolute, so leading blanks are column padding.
    let path = rest.trim_start();
    if path.is_empty() {
        return Err(expected("a path after the date"));
    }
    Ok((
        path.to_string(),
        PathEntry {
            kind,
            mode: mode.to_string(),
            owner: owner.to_string(),
            group: group.to_string(),
        },
    ))
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// `/x/y: No such file or directory` (Solaris), `ls: /x/y: ...` or
/// `ls: cannot access '/x/y': ...` (GNU, which quotes the name) -> (path, reason).
fn parse_complaint(line: &str) -> Option<(String, &str)> {
    let text = line.trim_end();
    let text = text.strip_prefix("ls: ").unwrap_or(text);
    let text = text.strip_prefix("cannot access ").unwrap_or(text);
    // The reason (an strerror text) has no ": ", the path might: cut at the last one.
    let (name, reason) = text.rsplit_once(": ")?;
    let path = unquote(name);
    path.starts_with('/').then_some((path, reason.trim()))
}

/// Undoes GNU `ls`'s shell quoting of a name in a message: `'a b'`, `"it's"`,
/// `'it'\''s'`. A name without quotes is returned as it is.
fn unquote(name: &str) -> String {
    if !name.starts_with(['\'', '"']) {
        return name.to_string();
    }
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '\\') => {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(stdout: &str, stderr: &str, exit: i32) -> RawFact {
        RawFact {
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
            exit,
        }
    }

    fn kind_of(paths: &Paths, path: &str) -> Option<PathKind> {
        paths.present.get(path).map(|e| e.kind)
    }

    #[test]
    fn solaris_listing_and_missing_paths() -> Result<(), ParseError> {
        let paths = parse(&raw(
            include_str!("../../tests/fixtures/facts/paths/solaris.out"),
            include_str!("../../tests/fixtures/facts/paths/solaris.err"),
            2,
        ))?;
        assert_eq!(paths.present.len(), 8);
        assert_eq!(
            paths.present.get("/zones/web01"),
            Some(&PathEntry {
                kind: PathKind::Directory,
                mode: "drwx------".into(),
                owner: "root".into(),
                group: "root".into(),
            })
        );
        assert_eq!(
            kind_of(&paths, "/export/web01/data"),
            Some(PathKind::Directory),
            "year instead of time"
        );
        assert_eq!(
            kind_of(&paths, "/dev/zvol/rdsk/tank/vol1"),
            Some(PathKind::CharDevice)
        );
        assert_eq!(
            kind_of(&paths, "/dev/zvol/dsk/tank/vol1"),
            Some(PathKind::BlockDevice)
        );
        let spaced = paths.present.get("/export/share/a file  with spaces");
        assert_eq!(spaced.map(|e| e.mode.as_str()), Some("-rw-r--r--+"));
        assert_eq!(spaced.map(|e| e.group.as_str()), Some("other"));
        assert_eq!(kind_of(&paths, "/var/run/sock"), Some(PathKind::Other));
        assert_eq!(kind_of(&paths, "/var/run/fifo"), Some(PathKind::Other));
        let missing: Vec<&str> = paths.missing.iter().map(String::as_str).collect();
        assert_eq!(missing, ["/export/missing", "/zones/gone"]);
        assert_eq!(
            paths.inaccessible.get("/root/secret/x").map(String::as_str),
            Some("Permission denied")
        );
        Ok(())
    }

    #[test]
    fn gnu_listing_and_quoted_names() -> Result<(), ParseError> {
        let paths = parse(&raw(
            include_str!("../../tests/fixtures/facts/paths/gnu.out"),
            include_str!("../../tests/fixtures/facts/paths/gnu.err"),
            2,
        ))?;
        assert_eq!(kind_of(&paths, "/zones/web01"), Some(PathKind::Directory));
        assert_eq!(kind_of(&paths, "/dev/null"), Some(PathKind::CharDevice));
        assert!(paths.missing.contains("/export/missing"));
        assert!(paths.missing.contains("/it's here"));
        assert!(paths.inaccessible.contains_key("/root/secret/x"));
        assert_eq!(unquote("'/it'\\''s'"), "/it's");
        assert_eq!(unquote("'/a b'"), "/a b");
        assert_eq!(unquote("/plain"), "/plain");
        Ok(())
    }

    #[test]
    fn total_lines_blank_lines_and_nothing_found() -> Result<(), ParseError> {
        let paths = parse(&raw(
            "total 4\n\n-rw-r--r--   1 root     root         123 Jan 12 10:15 /etc/x\n",
            "",
            0,
        ))?;
        assert_eq!(kind_of(&paths, "/etc/x"), Some(PathKind::File));
        let none = parse(&raw(
            "",
            "/a: No such file or directory\n/b: No such file or directory\n",
            2,
        ))?;
        assert!(none.present.is_empty());
        assert_eq!(none.missing.len(), 2);
        Ok(())
    }

    #[test]
    fn unrelated_stderr_is_not_about_any_path() -> Result<(), ParseError> {
        let paths = parse(&raw(
            "",
            "sudo: a password is required\nls: illegal option -- L\n",
            1,
        ))?;
        assert_eq!(paths, Paths::default());
        Ok(())
    }

    #[test]
    fn malformed_listings_name_their_line() {
        let line = |s: &str| parse(&raw(s, "", 0)).err().map(|e| e.line);
        let good = "drwx------   2 root     root           2 Jan 12 10:15 /zones/web01\n";
        assert_eq!(
            line(&format!("{good}drwx------   2 root root 2 Jan 12 10:15\n")),
            Some(2)
        );
        assert_eq!(
            line("drwx------   x root root 2 Jan 12 10:15 /z\n"),
            Some(1)
        );
        assert_eq!(
            line("drwx------ 2 root root 2 January 12 10:15 /z\n"),
            Some(1)
        );
        assert_eq!(line("drwx------ 2 root root 2 Jan 123 10:15 /z\n"), Some(1));
        assert_eq!(
            line("drwx------ 2 root root 2 Jan 12 yesterday /z\n"),
            Some(1)
        );
        assert_eq!(
            line("crw------- 1 root sys 13, Jan 12 10:15 /dev/x\n"),
            Some(1)
        );
        assert_eq!(line("drwx 2 root root 2 Jan 12 10:15 /z\n"), Some(1));
        assert_eq!(line("\n\n/zones/web01\n"), Some(3));
    }
}
