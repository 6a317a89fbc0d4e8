//! `uname-a`: `SunOS <node> <release> <version> <machine> <processor> <platform>`.

use crate::collect::RawFact;

use super::ParseError;
use super::zoneadm_list::excerpt;

/// The platform of a host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uname {
    pub node: String,
    /// `5.10`, `5.11`.
    pub release: String,
    /// Kernel patch or build: `Generic_150400-59`, `11.4.42.111.0`, `omnios-r151046-...`.
    pub version: String,
    /// Machine class: `sun4u`, `sun4v`, `i86pc`.
    pub machine: String,
    /// ISA: `sparc`, `i386`.
    pub isa: String,
    pub platform: String,
}

impl Uname {
    /// Solaris 10 has no `ipadm`; Solaris 11 and illumos may lack the S10 tools.
    pub fn is_solaris10(&self) -> bool {
        self.release == "5.10"
    }
}

/// Parses the fact's output: exactly one non-empty line.
pub fn parse(raw: &RawFact) -> Result<Uname, ParseError> {
    let mut lines = raw
        .stdout
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((index, line)) = lines.next() else {
        return Err(ParseError::new(
            0,
            "empty output, expected `SunOS <node> ...`",
        ));
    };
    if let Some((extra, text)) = lines.next() {
        return Err(ParseError::new(
            extra + 1,
            format!("expected a single line, got another: {}", excerpt(text)),
        ));
    }
    let line_no = index + 1;
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [sysname, node, release, version, machine, isa, platform @ ..] = fields.as_slice() else {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected 7 fields (SunOS node release version machine processor platform), \
                 got {} in {}",
                fields.len(),
                excerpt(line)
            ),
        ));
    };
    if *sysname != "SunOS" {
        return Err(ParseError::new(
            line_no,
            format!(
                "expected `SunOS` as the first field, got {}",
                excerpt(sysname)
            ),
        ));
    }
    if platform.is_empty() {
        return Err(ParseError::new(
            line_no,
            format!("missing the platform field (uname -i) in {}", excerpt(line)),
        ));
    }
    Ok(Uname {
        node: (*node).to_string(),
        release: (*release).to_string(),
        version: (*version).to_string(),
        machine: (*machine).to_string(),
        isa: (*isa).to_string(),
        // Platform names have no spaces; should one ever have, keep it whole.
        platform: platform.join(" "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solaris_10_sparc() -> Result<(), ParseError> {
        let u = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/uname-a/s10.out"
        )))?;
        assert_eq!(
            u,
            Uname {
                node: "s10a".into(),
                release: "5.10".into(),
                version: "Generic_150400-59".into(),
                machine: "sun4v".into(),
                isa: "sparc".into(),
                platform: "SUNW,SPARC-Enterprise-T5220".into(),
            }
        );
        assert!(u.is_solaris10());
        Ok(())
    }

    #[test]
    fn solaris_11_and_illumos() -> Result<(), ParseError> {
        let s11 = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/uname-a/s11.out"
        )))?;
        assert_eq!(s11.release, "5.11");
        assert_eq!(s11.version, "11.4.42.111.0");
        assert_eq!(s11.platform, "sun4v");
        assert!(!s11.is_solaris10());
        let omni = parse(&RawFact::from_stdout(include_str!(
            "../../tests/fixtures/facts/uname-a/omnios.out"
        )))?;
        assert_eq!(omni.version, "omnios-r151046-0e5ad6d1b5");
        assert_eq!(
            (omni.machine.as_str(), omni.isa.as_str()),
            ("i86pc", "i386")
        );
        let smartos = parse(&RawFact::from_stdout(
            "\nSunOS cn1 5.11 joyent_20240111T000000Z i86pc i386 i86pc\n\n",
        ))?;
        assert_eq!(smartos.node, "cn1");
        Ok(())
    }

    #[test]
    fn rejects_other_systems_and_short_lines() {
        let line = |s: &str| parse(&RawFact::from_stdout(s)).err().map(|e| e.line);
        assert_eq!(
            line("Linux h 6.1.0 #1 SMP x86_64 GNU/Linux x\n"),
            Some(1),
            "not SunOS"
        );
        assert_eq!(line("\nSunOS s10a 5.10 Generic sun4v sparc\n"), Some(2));
        assert_eq!(line(""), Some(0));
        assert_eq!(
            line("SunOS a 5.10 G sun4u sparc SUNW,Sun-Fire-V240\nSunOS b 5.10 G sun4u sparc x\n"),
            Some(2)
        );
    }
}
