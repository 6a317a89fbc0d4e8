//! Puts the fleet reports into the output directory. Each file is written atomically: to a
//! temporary file in the same directory, flushed and synced, then renamed over the target,
//! so that a reader (or a crash) never sees half a report.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ReportInput;
use super::shared::Shared;
use super::summary::FleetSummary;
use crate::engine::FleetResult;

/// The default output directory.
pub const DEFAULT_DIR: &str = "reports";
pub const MATRIX_CSV: &str = "matrix.csv";
pub const PAIRS_CSV: &str = "pairs.csv";
pub const FINDINGS_CSV: &str = "findings.csv";
pub const REPORT_JSON: &str = "report.json";
pub const REPORT_HTML: &str = "report.html";

/// A report that could not be written, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot create the report directory {}: {source}", dir.display())]
    CreateDir { dir: PathBuf, source: io::Error },
    #[error("{name:?} is not a file name")]
    BadName { name: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot replace {}: {source}", path.display())]
    Rename { path: PathBuf, source: io::Error },
}

/// Writes `dir/name` atomically with `f`, creating `dir` if needed: `f` writes into a
/// buffered `.name.tmp-<pid>` in `dir`, which is flushed, synced and renamed over
/// `dir/name`. On error the temporary file is removed and the target is left as it was.
/// `name` must be a plain file name not starting with `.` (the temporary files do).
pub fn write_atomically(
    dir: &Path,
    name: &str,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<PathBuf, ReportError> {
    let plain = Path::new(name)
        .file_name()
        .is_some_and(|n| n == name && !name.starts_with('.'));
    if !plain {
        return Err(ReportError::BadName { name: name.into() });
    }
    fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let path = dir.join(name);
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        let mut out = BufWriter::new(file);
        f(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    })();
    if let Err(source) = written {
        let _ = fs::remove_file(&temp);
        return Err(ReportError::Write { path, source });
    }
    if let Err(source) = fs::rename(&temp, &path) {
        let _ = fs::remove_file(&temp);
        return Err(ReportError::Rename { path, source });
    }
    // Make the rename itself durable; not every platform can open a directory.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(path)
}

/// Writes `matrix.csv`, `pairs.csv`, `findings.csv`, `report.json` and `report.html` into
/// `dir`, each atomically, and returns their paths in that order. Each file is whole, but
/// the set is not: when one fails, the others may already have been replaced.
pub fn write_all(
    dir: &Path,
    fleet: &FleetResult,
    input: &ReportInput<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    write_all_with_summary(dir, fleet, &FleetSummary::new(fleet), input)
}

/// One report: its file name and how to write it.
type Job<'a> = (
    &'static str,
    Box<dyn Fn(&mut dyn Write) -> io::Result<()> + Sync + 'a>,
);

/// [`write_all`] with a summary already computed (for the terminal summary, say). What
/// several reports derive from the outcomes is computed once, then the reports are written
/// side by side, each to its own temporary file: their bytes do not depend on it.
pub fn write_all_with_summary(
    dir: &Path,
    fleet: &FleetResult,
    summary: &FleetSummary,
    input: &ReportInput<'_>,
) -> Result<Vec<PathBuf>, ReportError> {
    let shared = Shared::new(fleet, input);
    let shared = &shared;
    let jobs: [Job<'_>; 5] = [
        (MATRIX_CSV, Box::new(|w| super::csv::write_matrix(w, fleet))),
        (
            PAIRS_CSV,
            Box::new(|w| super::csv::write_pairs_shared(w, fleet, input, shared)),
        ),
        (
            FINDINGS_CSV,
            Box::new(|w| super::csv::write_findings_shared(w, fleet, input, shared)),
        ),
        (
            REPORT_JSON,
            Box::new(|w| super::json::write_json_shared(w, fleet, summary, input, shared)),
        ),
        (
            REPORT_HTML,
            Box::new(|w| super::html::write_html_shared(w, fleet, summary, input, shared)),
        ),
    ];
    // Started from the last job: report.html is packed on one thread and takes the
    // longest; started last, it kept one core busy alone at the end. The paths are
    // returned in the jobs' order.
    let mut written: Vec<Result<PathBuf, ReportError>> = jobs
        .par_iter()
        .rev()
        .map(|(name, write)| write_atomically(dir, name, |w| write(w)))
        .collect();
    written.reverse();
    written.into_iter().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::report::ReportOptions;
    use crate::report::test_fleet::{changes, fleet, input, requirements};

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("reports/nested");
        let path = write_atomically(&dir, "a.csv", |w| w.write_all(b"first\n")).unwrap();
        assert_eq!(path, dir.join("a.csv"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "first\n");
        write_atomically(&dir, "a.csv", |w| w.write_all(b"second\n")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second\n");
        assert_eq!(names(&dir), ["a.csv"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_atomically(dir, "a.csv", |w| w.write_all(b"old\n")).unwrap();
        let err = write_atomically(dir, "a.csv", |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(matches!(err, ReportError::Write { .. }));
        assert_eq!(
            err.to_string(),
            format!("cannot write {}: disk full", dir.join("a.csv").display())
        );
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old\n");
        assert_eq!(names(dir), ["a.csv"]);
    }

    #[test]
    fn names_must_be_plain_file_names() {
        let tmp = tempfile::tempdir().unwrap();
        for bad in ["", "../x.csv", "a/b.csv", ".hidden", "..", "/abs"] {
            let err = write_atomically(tmp.path(), bad, |_| Ok(())).unwrap_err();
            assert!(matches!(err, ReportError::BadName { .. }), "{bad:?}");
        }
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn a_directory_that_cannot_be_created_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, "").unwrap();
        let err = write_atomically(&file.join("sub"), "a.csv", |_| Ok(())).unwrap_err();
        assert!(matches!(err, ReportError::CreateDir { .. }));
        assert!(err.to_string().contains("file/sub"), "{err}");
    }

    #[test]
    fn writes_every_report() {
        let tmp = tempfile::tempdir().unwrap();
        let (f, r, c) = (fleet(), requirements(), changes());
        let paths = write_all(tmp.path(), &f, &input(&r, &c, ReportOptions::default())).unwrap();
        let expected: Vec<PathBuf> = [
            MATRIX_CSV,
            PAIRS_CSV,
            FINDINGS_CSV,
            REPORT_JSON,
            REPORT_HTML,
        ]
        .iter()
        .map(|n| tmp.path().join(n))
        .collect();
        assert_eq!(paths, expected);
        assert_eq!(
            names(tmp.path()),
            [
                "findings.csv",
                "matrix.csv",
                "pairs.csv",
                "report.html",
                "report.json"
            ]
        );
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(tmp.path().join(REPORT_JSON)).unwrap())
                .unwrap();
        assert_eq!(json["schema_version"], 2);
        let matrix = fs::read_to_string(tmp.path().join(MATRIX_CSV)).unwrap();
        assert!(matrix.starts_with("zone,source_host,brand,state,s10-a,s10-b,s10-c\n"));
    }
}
