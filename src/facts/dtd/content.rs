//! `<!ELEMENT>` content models and the automata that check a child sequence against them.
//!
//! A children model is compiled once, when the DTD is parsed, into its Glushkov (position)
//! automaton: one state per element name in the model plus a start state. XML requires
//! these models to be deterministic; libxml2 complains about one that is not and then does
//! not enforce it, so [`Automaton::is_deterministic`] tells callers when to skip the check.
//! Matching simulates the automaton on a set of states, so a deterministic model is a plain
//! walk and even a pathological one costs O(children x positions): no backtracking.

use std::fmt;

/// Most element names one content model may mention. zonecfg's largest (`zone`) has 16;
/// the bound keeps a hostile DTD from building a quadratic follow table.
pub const MAX_POSITIONS: usize = 512;

/// The content specification of an `<!ELEMENT>` declaration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContentSpec {
    /// `EMPTY`: no child elements, no text.
    Empty,
    /// `ANY`: any declared children and text.
    Any,
    /// `(#PCDATA)` when the list is empty, else `(#PCDATA | a | b)*`.
    Mixed(Vec<String>),
    /// Element content: `(a, (b | c)*, d?)`.
    Children(Particle),
}

/// How often a particle may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Occur {
    Once,
    /// `?`
    Optional,
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
}

/// A content particle with its occurrence indicator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Particle {
    pub term: Term,
    pub occur: Occur,
}

/// What a particle matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    Name(String),
    /// `(a, b, c)`
    Seq(Vec<Particle>),
    /// `(a | b | c)`
    Choice(Vec<Particle>),
}

impl fmt::Display for Occur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Occur::Once => "",
            Occur::Optional => "?",
            Occur::ZeroOrMore => "*",
            Occur::OneOrMore => "+",
        })
    }
}

impl fmt::Display for Particle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (items, sep) = match &self.term {
            Term::Name(n) => return write!(f, "{n}{}", self.occur),
            Term::Seq(items) => (items, ", "),
            Term::Choice(items) => (items, " | "),
        };
        f.write_str("(")?;
        for (i, p) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            write!(f, "{p}")?;
        }
        write!(f, "){}", self.occur)
    }
}

impl fmt::Display for ContentSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentSpec::Empty => f.write_str("EMPTY"),
            ContentSpec::Any => f.write_str("ANY"),
            ContentSpec::Mixed(names) if names.is_empty() => f.write_str("(#PCDATA)"),
            ContentSpec::Mixed(names) => write!(f, "(#PCDATA | {})*", names.join(" | ")),
            ContentSpec::Children(p) => {
                // A bare name is written in parentheses, as the DTD syntax requires.
                if matches!(p.term, Term::Name(_)) {
                    write!(f, "({}){}", term_name(p), p.occur)
                } else {
                    write!(f, "{p}")
                }
            }
        }
    }
}

fn term_name(p: &Particle) -> &str {
    match &p.term {
        Term::Name(n) => n,
        _ => "",
    }
}

impl Particle {
    /// How many element names the particle mentions (its automaton's positions).
    pub fn name_count(&self) -> usize {
        match &self.term {
            Term::Name(_) => 1,
            Term::Seq(items) | Term::Choice(items) => items.iter().map(Particle::name_count).sum(),
        }
    }
}

/// Why a child sequence does not match a model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mismatch {
    /// The child at `index` (0-based) cannot appear there; `expected` lists what could.
    Unexpected { index: usize, expected: Vec<String> },
    /// The children ended while the model still required one of `expected`.
    Incomplete { expected: Vec<String> },
}

/// The Glushkov automaton of a children model. State 0 is the start; state `p >= 1` means
/// "just matched position `p`", whose element name is `symbols[p - 1]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Automaton {
    symbols: Vec<String>,
    /// For each state, the positions it may move to (sorted, distinct).
    next: Vec<Vec<u32>>,
    accept: Vec<bool>,
    deterministic: bool,
}

/// nullable/first/last of a sub-expression, the classic Glushkov attributes.
struct Frag {
    nullable: bool,
    first: Vec<u32>,
    last: Vec<u32>,
}

/// The model mentions more than [`MAX_POSITIONS`] names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TooComplex;

impl Automaton {
    /// Compiles a children model.
    pub fn compile(model: &Particle) -> Result<Automaton, TooComplex> {
        let mut a = Automaton {
            symbols: Vec::new(),
            next: vec![Vec::new()],
            accept: Vec::new(),
            deterministic: true,
        };
        let frag = a.build(model)?;
        a.next[0] = frag.first.clone();
        for list in &mut a.next {
            list.sort_unstable();
            list.dedup();
        }
        a.accept = vec![false; a.next.len()];
        a.accept[0] = frag.nullable;
        for &p in &frag.last {
            a.accept[p as usize] = true;
        }
        // Deterministic (XML 1.0 appendix E) iff no state can move to two positions that
        // carry the same name.
        a.deterministic = a.next.iter().all(|list| {
            let mut names: Vec<&str> = list.iter().map(|&p| a.symbol(p)).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            names.len() == n
        });
        Ok(a)
    }

    fn symbol(&self, p: u32) -> &str {
        self.symbols
            .get((p as usize).wrapping_sub(1))
            .map_or("", String::as_str)
    }

    fn build(&mut self, p: &Particle) -> Result<Frag, TooComplex> {
        let mut frag = match &p.term {
            Term::Name(n) => {
                if self.symbols.len() >= MAX_POSITIONS {
                    return Err(TooComplex);
                }
                self.symbols.push(n.clone());
                self.next.push(Vec::new());
                let pos = self.symbols.len() as u32;
                Frag {
                    nullable: false,
                    first: vec![pos],
                    last: vec![pos],
                }
            }
            Term::Seq(items) => {
                let mut acc = Frag {
                    nullable: true,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for item in items {
                    let f = self.build(item)?;
                    self.link(&acc.last, &f.first);
                    if acc.nullable {
                        acc.first.extend_from_slice(&f.first);
                    }
                    if f.nullable {
                        acc.last.extend_from_slice(&f.last);
                    } else {
                        acc.last = f.last;
                    }
                    acc.nullable &= f.nullable;
                }
                acc
            }
            Term::Choice(items) => {
                let mut acc = Frag {
                    nullable: false,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for item in items {
                    let f = self.build(item)?;
                    acc.nullable |= f.nullable;
                    acc.first.extend_from_slice(&f.first);
                    acc.last.extend_from_slice(&f.last);
                }
                acc
            }
        };
        match p.occur {
            Occur::Once => {}
            Occur::Optional => frag.nullable = true,
            Occur::ZeroOrMore | Occur::OneOrMore => {
                let (last, first) = (frag.last.clone(), frag.first.clone());
                self.link(&last, &first);
                frag.nullable |= p.occur == Occur::ZeroOrMore;
            }
        }
        Ok(frag)
    }

    /// Every position in `from` may be followed by every position in `to`.
    fn link(&mut self, from: &[u32], to: &[u32]) {
        for &f in from {
            if let Some(list) = self.next.get_mut(f as usize) {
                list.extend_from_slice(to);
                // Keep lists short while building: repeated `*` nesting re-adds positions.
                list.sort_unstable();
                list.dedup();
            }
        }
    }

    /// Whether the model is deterministic, as XML requires (libxml2 does not enforce a model
    /// that is not).
    pub fn is_deterministic(&self) -> bool {
        self.deterministic
    }

    /// Runs the automaton over a child sequence.
    pub fn check<'n>(&self, children: impl IntoIterator<Item = &'n str>) -> Result<(), Mismatch> {
        let mut states: Vec<u32> = vec![0];
        let mut moved: Vec<u32> = Vec::new();
        for (index, name) in children.into_iter().enumerate() {
            moved.clear();
            for &s in &states {
                if let Some(list) = self.next.get(s as usize) {
                    moved.extend(list.iter().copied().filter(|&p| self.symbol(p) == name));
                }
            }
            if moved.is_empty() {
                return Err(Mismatch::Unexpected {
                    index,
                    expected: self.expected(&states),
                });
            }
            moved.sort_unstable();
            moved.dedup();
            std::mem::swap(&mut states, &mut moved);
        }
        if states
            .iter()
            .any(|&s| self.accept.get(s as usize).copied().unwrap_or(false))
        {
            Ok(())
        } else {
            Err(Mismatch::Incomplete {
                expected: self.expected(&states),
            })
        }
    }

    fn expected(&self, states: &[u32]) -> Vec<String> {
        let mut names: Vec<String> = states
            .iter()
            .filter_map(|&s| self.next.get(s as usize))
            .flatten()
            .map(|&p| self.symbol(p).to_string())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn name(n: &str, occur: Occur) -> Particle {
        Particle {
            term: Term::Name(n.into()),
            occur,
        }
    }

    fn seq(items: Vec<Particle>, occur: Occur) -> Particle {
        Particle {
            term: Term::Seq(items),
            occur,
        }
    }

    fn choice(items: Vec<Particle>, occur: Occur) -> Particle {
        Particle {
            term: Term::Choice(items),
            occur,
        }
    }

    fn ok(a: &Automaton, kids: &[&str]) -> bool {
        a.check(kids.iter().copied()).is_ok()
    }

    #[test]
    fn star_choice_accepts_any_order() {
        let m = choice(
            vec![name("a", Occur::Once), name("b", Occur::Once)],
            Occur::ZeroOrMore,
        );
        let a = Automaton::compile(&m).unwrap();
        assert!(a.is_deterministic());
        assert!(ok(&a, &[]));
        assert!(ok(&a, &["a", "b", "b", "a"]));
        assert_eq!(
            a.check(["a", "c"]),
            Err(Mismatch::Unexpected {
                index: 1,
                expected: vec!["a".into(), "b".into()]
            })
        );
        assert_eq!(m.to_string(), "(a | b)*");
    }

    #[test]
    fn sequence_with_optional_and_plus() {
        // (a, b?, (c | d)+, e*)
        let m = seq(
            vec![
                name("a", Occur::Once),
                name("b", Occur::Optional),
                choice(
                    vec![name("c", Occur::Once), name("d", Occur::Once)],
                    Occur::OneOrMore,
                ),
                name("e", Occur::ZeroOrMore),
            ],
            Occur::Once,
        );
        let a = Automaton::compile(&m).unwrap();
        assert!(a.is_deterministic());
        assert!(ok(&a, &["a", "c"]));
        assert!(ok(&a, &["a", "b", "d", "c", "e", "e"]));
        assert!(!ok(&a, &["a"]));
        assert!(!ok(&a, &["a", "b", "b", "c"]));
        assert!(!ok(&a, &["b", "c"]));
        assert_eq!(
            a.check(["a", "b"]),
            Err(Mismatch::Incomplete {
                expected: vec!["c".into(), "d".into()]
            })
        );
        assert_eq!(m.to_string(), "(a, b?, (c | d)+, e*)");
    }

    #[test]
    fn nondeterministic_model_is_flagged_but_still_matches() {
        // (a, b) | (a, c): two `a` positions reachable from the start.
        let m = choice(
            vec![
                seq(
                    vec![name("a", Occur::Once), name("b", Occur::Once)],
                    Occur::Once,
                ),
                seq(
                    vec![name("a", Occur::Once), name("c", Occur::Once)],
                    Occur::Once,
                ),
            ],
            Occur::Once,
        );
        let a = Automaton::compile(&m).unwrap();
        assert!(!a.is_deterministic());
        assert!(ok(&a, &["a", "c"]));
        assert!(!ok(&a, &["a", "a"]));
    }

    #[test]
    fn long_star_sequence_is_linear() {
        let m = choice(
            (0..16)
                .map(|i| name(&format!("e{i}"), Occur::Once))
                .collect(),
            Occur::ZeroOrMore,
        );
        let a = Automaton::compile(&m).unwrap();
        let kids: Vec<String> = (0..100_000).map(|i| format!("e{}", i % 16)).collect();
        assert!(a.check(kids.iter().map(String::as_str)).is_ok());
    }

    #[test]
    fn too_many_positions_is_refused() {
        let m = choice(
            (0..=MAX_POSITIONS)
                .map(|i| name(&format!("e{i}"), Occur::Once))
                .collect(),
            Occur::ZeroOrMore,
        );
        assert_eq!(Automaton::compile(&m), Err(TooComplex));
    }

    #[test]
    fn display_of_specs() {
        assert_eq!(ContentSpec::Empty.to_string(), "EMPTY");
        assert_eq!(ContentSpec::Mixed(vec![]).to_string(), "(#PCDATA)");
        assert_eq!(
            ContentSpec::Mixed(vec!["a".into(), "b".into()]).to_string(),
            "(#PCDATA | a | b)*"
        );
        assert_eq!(
            ContentSpec::Children(name("fsoption", Occur::ZeroOrMore)).to_string(),
            "(fsoption)*"
        );
    }
}
