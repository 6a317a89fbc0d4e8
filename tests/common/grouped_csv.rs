//! The grouped `pairs.csv` and `findings.csv` read back pair by pair: [`expand`] turns
//! them into the rows the per-pair form writes, so that tests can hold the two forms to
//! each other.

use std::collections::BTreeMap;
use std::path::Path;

use super::report_json::format;

pub type Rows = Vec<Vec<String>>;

/// The records of a CSV file, header apart.
pub fn records(path: &Path) -> (Vec<String>, Rows) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{e}"));
    let header = reader
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{e}"));
            r.iter().map(str::to_string).collect()
        })
        .collect();
    (header, rows)
}

/// The grouped `pairs.csv` and `findings.csv` of `dir` as the per-pair form would list
/// them: a `pairs.csv` row per host of each group, and a `findings.csv` row per finding of
/// its outcome, every template filled in with the pair's names. Also checks that each
/// group's hosts come in the order of `matrix.csv`'s columns.
pub fn expand(dir: &Path) -> (Rows, Rows) {
    let (matrix, _) = records(&dir.join("matrix.csv"));
    let column = |host: &str| matrix.iter().position(|h| h == host);
    let (header, groups) = records(&dir.join("pairs.csv"));
    assert_eq!(header[2], "hosts", "not the grouped form: {header:?}");
    let (header, findings) = records(&dir.join("findings.csv"));
    assert_eq!(header[0], "outcome", "not the grouped form: {header:?}");
    let mut by_outcome: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for f in &findings {
        by_outcome.entry(f[0].as_str()).or_default().push(f);
    }
    let (mut pairs, mut rows) = (Vec::new(), Vec::new());
    for g in &groups {
        let hosts: Vec<&str> = g[2].split(' ').collect();
        assert_eq!(hosts.len().to_string(), g[3], "{g:?}");
        let columns: Vec<Option<usize>> = hosts.iter().map(|h| column(h)).collect();
        assert!(columns.windows(2).all(|w| w[0] < w[1]), "{g:?}");
        for host in hosts {
            let names = [("zone", &*g[0]), ("host", host), ("source_host", &*g[1])];
            let mut pair = vec![g[0].clone(), g[1].clone(), host.to_string()];
            pair.extend(g[5..12].iter().cloned());
            pair.push(format(&g[12], &names));
            pair.push(g[13].clone());
            pairs.push(pair);
            for f in by_outcome.get(g[4].as_str()).into_iter().flatten() {
                assert_eq!(f[2], g[5], "the outcome's verdict: {f:?}");
                let mut row = vec![g[0].clone(), g[1].clone(), host.to_string()];
                row.extend(f[2..5].iter().cloned());
                row.push(format(&f[5], &names));
                row.push(format(&f[6], &names));
                rows.push(row);
            }
        }
    }
    (pairs, rows)
}
