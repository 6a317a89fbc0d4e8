//! The declaration syntax of an external DTD subset (XML 1.0 §3.2, §3.3), just enough for
//! `zonecfg.dtd.1`: `<!ELEMENT>` and `<!ATTLIST>` are parsed, comments, processing
//! instructions (the `<?xml ...?>` header), `<!ENTITY>` and `<!NOTATION>` are skipped.
//! Parameter-entity references and conditional sections would change the declarations
//! themselves, so meeting one is an error rather than a silent misreading.

use super::content::{ContentSpec, MAX_POSITIONS, Occur, Particle, Term};
use super::{AttDef, AttDefault, AttType};
use crate::facts::ParseError;

/// Deepest parenthesis nesting accepted in a content model (zonecfg uses 1).
const MAX_DEPTH: usize = 64;

/// One declaration, in document order.
pub(super) enum Decl {
    Element(String, ContentSpec),
    Attlist(String, Vec<AttDef>),
}

/// Parses every declaration of `text`.
pub(super) fn declarations(text: &str) -> Result<Vec<Decl>, ParseError> {
    let mut c = Cursor { text, pos: 0 };
    c.eat("\u{feff}");
    let mut out = Vec::new();
    loop {
        c.skip_ws();
        if c.at_end() {
            return Ok(out);
        }
        if c.eat("<?") {
            c.skip_past("?>", "processing instruction")?;
        } else if c.eat("<!--") {
            c.skip_past("-->", "comment")?;
        } else if c.eat("<!ELEMENT") {
            c.require_ws()?;
            let name = c.name()?;
            c.require_ws()?;
            let spec = c.content_spec()?;
            if let ContentSpec::Children(p) = &spec
                && p.name_count() > MAX_POSITIONS
            {
                return Err(c.error(format!(
                    "the content model of element {name:?} names more than {MAX_POSITIONS} \
                     elements"
                )));
            }
            c.close()?;
            out.push(Decl::Element(name, spec));
        } else if c.eat("<!ATTLIST") {
            c.require_ws()?;
            let name = c.name()?;
            let defs = c.att_defs()?;
            out.push(Decl::Attlist(name, defs));
        } else if c.eat("<!ENTITY") || c.eat("<!NOTATION") {
            // Entities could only matter through references, which are refused below.
            c.skip_declaration()?;
        } else if c.peek_str("<![") {
            return Err(
                c.error("conditional sections (<![INCLUDE[ / <![IGNORE[) are not supported")
            );
        } else if c.peek() == Some('%') {
            return Err(c.pe_error());
        } else {
            return Err(c.error("expected a markup declaration"));
        }
    }
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_numeric() || matches!(c, '-' | '.' | '\u{b7}')
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_str(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.peek_str(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// 1-based line of the cursor; computed only for errors.
    fn line(&self) -> usize {
        let upto = self.text.get(..self.pos).unwrap_or(self.text);
        upto.bytes().filter(|&b| b == b'\n').count() + 1
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.line(), message)
    }

    fn pe_error(&self) -> ParseError {
        let reference: String = self
            .rest()
            .chars()
            .take_while(|&c| c != ';' && !c.is_whitespace())
            .take(64)
            .collect();
        self.error(format!(
            "parameter entity reference {reference}; is not supported"
        ))
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        self.pos += rest.len() - trimmed.len();
        self.pos > start
    }

    fn require_ws(&mut self) -> Result<(), ParseError> {
        if self.skip_ws() {
            Ok(())
        } else {
            Err(self.error("expected white space"))
        }
    }

    fn skip_past(&mut self, end: &str, what: &str) -> Result<(), ParseError> {
        match self.rest().find(end) {
            Some(i) => {
                self.pos += i + end.len();
                Ok(())
            }
            None => Err(self.error(format!("unterminated {what}"))),
        }
    }

    /// Skips an `<!ENTITY>` or `<!NOTATION>` body up to its `>`, over quoted literals.
    fn skip_declaration(&mut self) -> Result<(), ParseError> {
        while let Some(c) = self.bump() {
            match c {
                '>' => return Ok(()),
                '"' | '\'' => {
                    let q = if c == '"' { "\"" } else { "'" };
                    self.skip_past(q, "literal")?;
                }
                _ => {}
            }
        }
        Err(self.error("unterminated declaration"))
    }

    /// `S? '>'`
    fn close(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.eat(">") {
            Ok(())
        } else {
            Err(self.unexpected("'>'"))
        }
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        match self.peek() {
            None => self.error(format!("expected {wanted}, found the end of the DTD")),
            Some('%') => self.pe_error(),
            Some(c) => self.error(format!("expected {wanted}, found {c:?}")),
        }
    }

    fn name(&mut self) -> Result<String, ParseError> {
        match self.peek() {
            Some(c) if is_name_start(c) => Ok(self.name_chars()),
            _ => Err(self.unexpected("a name")),
        }
    }

    /// An Nmtoken (enumeration values): name characters, any first character.
    fn nmtoken(&mut self) -> Result<String, ParseError> {
        match self.peek() {
            Some(c) if is_name_char(c) => Ok(self.name_chars()),
            _ => Err(self.unexpected("a name token")),
        }
    }

    fn name_chars(&mut self) -> String {
        let rest = self.rest();
        let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        self.pos += end;
        rest[..end].to_string()
    }

    fn occur(&mut self) -> Occur {
        if self.eat("?") {
            Occur::Optional
        } else if self.eat("*") {
            Occur::ZeroOrMore
        } else if self.eat("+") {
            Occur::OneOrMore
        } else {
            Occur::Once
        }
    }

    /// `EMPTY | ANY | Mixed | children`
    fn content_spec(&mut self) -> Result<ContentSpec, ParseError> {
        if self.eat("EMPTY") {
            return Ok(ContentSpec::Empty);
        }
        if self.eat("ANY") {
            return Ok(ContentSpec::Any);
        }
        if !self.eat("(") {
            return Err(self.unexpected("EMPTY, ANY or '('"));
        }
        self.skip_ws();
        if self.eat("#PCDATA") {
            return self.mixed();
        }
        let term = self.group(1)?;
        let occur = self.occur();
        Ok(ContentSpec::Children(Particle { term, occur }))
    }

    /// After `( #PCDATA`: `S? ')' '*'?` or `(S? '|' S? Name)* S? ')*'`.
    fn mixed(&mut self) -> Result<ContentSpec, ParseError> {
        let mut names = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                break;
            }
            if !self.eat("|") {
                return Err(self.unexpected("'|' or ')'"));
            }
            self.skip_ws();
            names.push(self.name()?);
        }
        let star = self.eat("*");
        if !names.is_empty() && !star {
            return Err(self.error("mixed content with element names must end with \")*\""));
        }
        Ok(ContentSpec::Mixed(names))
    }

    /// After `(`: the particles of a choice or sequence up to and including `)`.
    fn group(&mut self, depth: usize) -> Result<Term, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("content model nested too deeply"));
        }
        let mut items = Vec::new();
        let mut sep: Option<char> = None;
        loop {
            self.skip_ws();
            items.push(self.particle(depth)?);
            self.skip_ws();
            match self.bump() {
                Some(')') => break,
                Some(c @ ('|' | ',')) => match sep {
                    None => sep = Some(c),
                    Some(s) if s == c => {}
                    Some(_) => return Err(self.error("mixing ',' and '|' in one group")),
                },
                Some('%') => {
                    self.pos -= 1;
                    return Err(self.pe_error());
                }
                Some(c) => return Err(self.error(format!("expected ',', '|' or ')', found {c:?}"))),
                None => return Err(self.error("unterminated content model")),
            }
        }
        Ok(if sep == Some('|') {
            Term::Choice(items)
        } else {
            Term::Seq(items)
        })
    }

    /// `(Name | choice | seq) ('?' | '*' | '+')?`
    fn particle(&mut self, depth: usize) -> Result<Particle, ParseError> {
        let term = if self.eat("(") {
            self.group(depth + 1)?
        } else {
            Term::Name(self.name()?)
        };
        Ok(Particle {
            term,
            occur: self.occur(),
        })
    }

    /// After `<!ATTLIST S Name`: `(S Name S AttType S DefaultDecl)* S? '>'`.
    fn att_defs(&mut self) -> Result<Vec<AttDef>, ParseError> {
        let mut defs = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(">") {
                return Ok(defs);
            }
            let name = self.name()?;
            self.require_ws()?;
            let kind = self.att_type()?;
            if !self.skip_ws() {
                return Err(self.unexpected(
                    "white space, then #REQUIRED, #IMPLIED, #FIXED or a quoted value",
                ));
            }
            let default = self.default_decl()?;
            defs.push(AttDef {
                name,
                kind,
                default,
            });
        }
    }

    fn att_type(&mut self) -> Result<AttType, ParseError> {
        if self.eat("(") {
            return Ok(AttType::Enumeration(self.token_list(false)?));
        }
        let word = self.name()?;
        Ok(match word.as_str() {
            "CDATA" => AttType::Cdata,
            "ID" => AttType::Id,
            "IDREF" => AttType::IdRef,
            "IDREFS" => AttType::IdRefs,
            "ENTITY" => AttType::Entity,
            "ENTITIES" => AttType::Entities,
            "NMTOKEN" => AttType::NmToken,
            "NMTOKENS" => AttType::NmTokens,
            "NOTATION" => {
                self.require_ws()?;
                if !self.eat("(") {
                    return Err(self.unexpected("'('"));
                }
                AttType::Notation(self.token_list(true)?)
            }
            other => return Err(self.error(format!("unknown attribute type {other:?}"))),
        })
    }

    /// After `(`: `S? tok (S? '|' S? tok)* S? ')'`.
    fn token_list(&mut self, names: bool) -> Result<Vec<String>, ParseError> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            out.push(if names { self.name()? } else { self.nmtoken()? });
            self.skip_ws();
            if self.eat(")") {
                return Ok(out);
            }
            if !self.eat("|") {
                return Err(self.unexpected("'|' or ')'"));
            }
        }
    }

    fn default_decl(&mut self) -> Result<AttDefault, ParseError> {
        if self.eat("#REQUIRED") {
            return Ok(AttDefault::Required);
        }
        if self.eat("#IMPLIED") {
            return Ok(AttDefault::Implied);
        }
        if self.eat("#FIXED") {
            self.require_ws()?;
            return Ok(AttDefault::Fixed(self.literal()?));
        }
        Ok(AttDefault::Value(self.literal()?))
    }

    /// A quoted default value, normalised as an attribute value would be (XML 1.0 §3.3.3:
    /// white space characters become spaces, character references are expanded).
    fn literal(&mut self) -> Result<String, ParseError> {
        let quote = match self.peek() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(self.unexpected("#REQUIRED, #IMPLIED, #FIXED or a quoted value")),
        };
        self.pos += 1;
        let rest = self.rest();
        let Some(end) = rest.find(quote) else {
            return Err(self.error("unterminated attribute default"));
        };
        let raw = &rest[..end];
        let value = unescape(raw).ok_or_else(|| {
            self.error(format!(
                "attribute default {raw:?} uses an entity reference that is not supported"
            ))
        })?;
        self.pos += end + 1;
        Ok(value)
    }
}

/// Expands character references and the five predefined entities; `None` for any other
/// entity reference (it would need the DTD's entity declarations) or a literal `<`.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '<', '\t', '\n', '\r']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if !tail.starts_with('&') {
            if tail.starts_with('<') {
                return None;
            }
            out.push(' ');
            rest = &tail[1..];
            continue;
        }
        let end = tail.find(';')?;
        let entity = &tail[1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}
