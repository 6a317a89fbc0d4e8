//! `zfs-list`: `zfs list -H -o name,type,mountpoint,zoned`, tab-separated.
//!
//! `-H` separates fields with a single tab and prints no header. Snapshots and bookmarks
//! show `-` for properties they do not have. A listing without the `zoned` column (three
//! fields) is accepted and read as "not zoned".

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

use std::collections::BTreeMap;

/// ZFS dataset type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    Filesystem,
    Volume,
    Snapshot,
    Bookmark,
    Other,
}

impl DatasetKind {
    fn from_type(text: &str) -> DatasetKind {
        match text {
            "filesystem" => DatasetKind::Filesystem,
            "volume" => DatasetKind::Volume,
            "snapshot" => DatasetKind::Snapshot,
            "bookmark" => DatasetKind::Bookmark,
            _ => DatasetKind::Other,
        }
    }
}

/// One dataset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dataset {
    pub kind: DatasetKind,
    /// `legacy`, `none`, `-` or a path.
    pub mountpoint: String,
    pub zoned: bool,
}

/// All datasets by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ZfsList {
    pub datasets: BTreeMap<String, Dataset>,
}

impl ZfsList {
    /// Datasets strictly below `name`.
    pub fn children<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Dataset)> + 'a {
        let prefix = format!("{name}/");
        self.datasets
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
    }
}

/// Parses the fact's output.
pub fn parse(raw: &RawFact) -> Result<ZfsList, ParseError> {
    let mut datasets = BTreeMap::new();
    for (index, line) in raw.stdout.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (name, kind, mountpoint, zoned) = match fields.as_slice() {
            [name, kind, mountpoint] => (*name, *kind, (*mountpoint).to_string(), None),
            [name, kind, middle @ .., zoned] if !middle.is_empty() => {
                // Dataset names cannot hold a tab, but a mountpoint path can: anything
                // between the type and the last field is the mountpoint.
                (*name, *kind, middle.join("\t"), Some(*zoned))
            }
            _ => {
                return Err(ParseError::new(
                    line_no,
                    format!(
                        "expected tab-separated name, type, mountpoint and zoned, got {}",
                        excerpt(line)
                    ),
                ));
            }
        };
        // Only emptiness is checked: ZFS allows spaces in dataset names.
        if name.is_empty() {
            return Err(ParseError::new(
                line_no,
                format!("expected a dataset name, got {}", excerpt(name)),
            ));
        }
        let zoned = match zoned {
            None | Some("off" | "-") => false,
            Some("on") => true,
            Some(other) => {
                return Err(ParseError::new(
                    line_no,
                    format!("expected zoned `on`, `off` or `-`, got {}", excerpt(other)),
                ));
            }
        };
        datasets.insert(
            name.to_string(),
            Dataset {
                kind: DatasetKind::from_type(kind),
                mountpoint,
                zoned,
            },
        );
    }
    Ok(ZfsList { datasets })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_with_every_type() -> Result<(), ParseError> {
        let list = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/zfs-list/s11.out"
        )))?;
        assert_eq!(list.datasets.len(), 11);
        let get = |n: &str| list.datasets.get(n).cloned();
        assert_eq!(
            get("tank/web01"),
            Some(Dataset {
                kind: DatasetKind::Filesystem,
                mountpoint: "/zones/web01".into(),
                zoned: false,
            })
        );
        assert_eq!(get("tank/web01/data").map(|d| d.zoned), Some(true));
        assert_eq!(
            get("rpool/ROOT").map(|d| d.mountpoint),
            Some("legacy".into())
        );
        assert_eq!(get("rpool/dump").map(|d| d.kind), Some(DatasetKind::Volume));
        assert_eq!(
            get("tank/web01@before-patch").map(|d| (d.kind, d.zoned)),
            Some((DatasetKind::Snapshot, false))
        );
        assert_eq!(
            get("tank/web01#b1").map(|d| d.kind),
            Some(DatasetKind::Bookmark)
        );
        let children: Vec<&str> = list
            .children("tank/web01")
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(children, ["tank/web01/data"]);
        Ok(())
    }

    #[test]
    fn three_columns_other_types_and_tabs_in_mountpoints() -> Result<(), ParseError> {
        let list = parse(&RawFact::from_stdout(
            "tank\tfilesystem\t/tank\ntank/x\tweird\tnone\toff\ntank/t\tfilesystem\t/a\tb\ton\ntank/my data\tfilesystem\t/my data\toff\n",
        ))?;
        assert_eq!(list.datasets.get("tank").map(|d| d.zoned), Some(false));
        assert_eq!(
            list.datasets.get("tank/x").map(|d| d.kind),
            Some(DatasetKind::Other)
        );
        assert_eq!(
            list.datasets
                .get("tank/t")
                .map(|d| (d.mountpoint.as_str(), d.zoned)),
            Some(("/a\tb", true))
        );
        assert!(list.datasets.contains_key("tank/my data"));
        assert!(parse(&RawFact::from_stdout(""))?.datasets.is_empty());
        Ok(())
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line("tank\tfilesystem\t/tank\toff\ntank/a filesystem /a off\n"),
            Some(2)
        );
        assert_eq!(line("tank\tfilesystem\n"), Some(1));
        assert_eq!(line("\n\ntank\tfilesystem\t/tank\tmaybe\n"), Some(3));
        assert_eq!(line("\tfilesystem\t/tank\toff\n"), Some(1));
        assert_eq!(
            line("NAME                USED  AVAIL  REFER  MOUNTPOINT\n"),
            Some(1)
        );
    }
}
