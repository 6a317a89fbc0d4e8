//! [`Parsers`]: parsing shared between the hosts of a snapshot. Hosts at one patch level
//! record the same package dumps (`gen-fleet` hard-links equal files), zones cloned
//! from one image the same inventory: each distinct fact output is parsed once, each
//! distinct manifest inventory read once, and every host gets its own copy of the result.
//! Only what does not depend on the host is shared: errors name their host, so they are
//! made per host from the shared parser complaint.

use std::any::{Any, type_name};
use std::sync::Arc;

use super::ParseError;
use crate::collect::{FactId, RawFact};
use crate::manifest::ManifestParser;
use crate::memo::Memo;

/// Parsers with memory, for loading many hosts (in parallel).
#[derive(Default)]
pub struct Parsers {
    /// Parsed values by what they are (fact id and type) and the outputs they are made of
    /// (exit status, stdout and stderr of each).
    facts: Memo<Arc<dyn Any + Send + Sync>>,
    pub manifests: ManifestParser,
}

impl Parsers {
    /// What `parser` makes of `raw`, parsed the first time this output is seen.
    pub fn fact<T: Clone + Send + Sync + 'static>(
        &self,
        id: FactId,
        raw: &RawFact,
        parser: fn(&RawFact) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        self.shared(id.name(), &[raw], || parser(raw))
    }

    /// What `compute` makes of the outputs `raws`, computed the first time these outputs
    /// are seen under `what` (a fact id, or a name for a fact made of several).
    pub fn shared<T: Clone + Send + Sync + 'static>(
        &self,
        what: &str,
        raws: &[&RawFact],
        compute: impl Fn() -> T,
    ) -> T {
        let exits: Vec<[u8; 4]> = raws.iter().map(|r| r.exit.to_le_bytes()).collect();
        let mut key: Vec<&[u8]> = vec![what.as_bytes(), type_name::<T>().as_bytes()];
        for (raw, exit) in raws.iter().zip(&exits) {
            key.extend([
                exit.as_slice(),
                raw.stdout.as_bytes(),
                raw.stderr.as_bytes(),
            ]);
        }
        let value = self.facts.get_or_compute(&key, || {
            let value: Arc<dyn Any + Send + Sync> = Arc::new(compute());
            value
        });
        match value.downcast_ref::<T>() {
            Some(value) => value.clone(),
            // The key names the type, so this does not happen; computing again is still right.
            None => compute(),
        }
    }

    /// How many distinct fact outputs were parsed.
    pub fn distinct_facts(&self) -> usize {
        self.facts.len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::collect::RawHost;
    use crate::facts::{FactProblem, HostFacts};

    fn demo_host(name: &str) -> RawHost {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/inventories/demo/snapshot/hosts"
        );
        RawHost::read(&std::path::Path::new(dir).join(name)).unwrap()
    }

    /// `raw` under another name, as a host at the same patch level would record it.
    fn twin(raw: &RawHost, name: &str) -> RawHost {
        RawHost {
            name: name.to_string(),
            ..raw.clone()
        }
    }

    #[test]
    fn shared_parsing_gives_what_parsing_alone_gives() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/inventories/demo/snapshot/hosts"
        );
        let parsers = Parsers::default();
        for entry in std::fs::read_dir(dir).unwrap() {
            let raw = RawHost::read(&entry.unwrap().path()).unwrap();
            for raw in [twin(&raw, "a"), raw.clone(), twin(&raw, "b")] {
                assert_eq!(
                    HostFacts::from_raw_shared(&raw, &parsers),
                    HostFacts::from_raw(&raw)
                );
            }
        }
    }

    #[test]
    fn equal_outputs_are_parsed_once_and_parse_alike() {
        let raw = demo_host("s10-fra-01");
        let parsers = Parsers::default();
        let a = HostFacts::from_raw_shared(&raw, &parsers);
        let seen = parsers.distinct_facts();
        let b = HostFacts::from_raw_shared(&twin(&raw, "s10-fra-99"), &parsers);
        assert_eq!(parsers.distinct_facts(), seen);
        assert!(a.svr4.is_ok());
        assert_eq!(a.svr4, b.svr4);
        assert_eq!(a.uname, b.uname);
        let (Ok(db_a), Ok(db_b)) = (&a.svr4, &b.svr4) else {
            unreachable!()
        };
        assert!(Arc::ptr_eq(&db_a.packages, &db_b.packages));
    }

    #[test]
    fn a_shared_garbled_output_names_each_host() {
        let mut raw = demo_host("s10-fra-01");
        let garbled = RawFact::from_stdout("not a package dump\n");
        raw.facts.insert(FactId::Svr4Pkginfo, garbled.clone());
        raw.facts.insert(FactId::UnameA, garbled);
        let parsers = Parsers::default();
        for name in ["h1", "h2"] {
            let raw = twin(&raw, name);
            let facts = HostFacts::from_raw_shared(&raw, &parsers);
            for error in [facts.svr4.unwrap_err(), facts.uname.unwrap_err()] {
                assert_eq!(error.host, name);
                assert!(matches!(error.problem, FactProblem::Garbled(_)), "{error}");
                assert!(error.to_string().starts_with(&format!("host {name}: ")));
            }
        }
    }

    #[test]
    fn svr4_problems_are_those_of_parsing_alone() {
        let good = demo_host("s10-fra-01");
        let garbled = RawFact::from_stdout("not a package dump\n");
        let failed = RawFact {
            exit: 2,
            stderr: "cat: cannot open\n".into(),
            ..RawFact::default()
        };
        let variants: [&[(FactId, Option<&RawFact>)]; 5] = [
            &[
                (FactId::Svr4Pkginfo, Some(&garbled)),
                (FactId::Svr4Depend, None),
            ],
            &[
                (FactId::Svr4Pkginfo, None),
                (FactId::Svr4Depend, Some(&garbled)),
            ],
            &[
                (FactId::Svr4Depend, Some(&failed)),
                (FactId::Svr4GzOnly, None),
            ],
            &[(FactId::Svr4ContentsDirs, None)],
            &[(FactId::Svr4GzOnly, Some(&failed))],
        ];
        let parsers = Parsers::default();
        for changes in variants {
            let mut raw = good.clone();
            for (id, fact) in changes {
                match fact {
                    Some(f) => raw.facts.insert(*id, (*f).clone()),
                    None => raw.facts.remove(id),
                };
            }
            let alone = HostFacts::from_raw(&raw).svr4;
            assert_eq!(HostFacts::from_raw_shared(&raw, &parsers).svr4, alone);
        }
    }
}
