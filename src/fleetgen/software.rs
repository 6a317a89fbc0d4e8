//! The SVR4 texts of each (family, level) and the inventories native zones record,
//! computed once and shared by every host and zone that needs them.
//!
//! A native zone's `detach -n` carries what `sw_inventory` computes from its host's
//! package database for the zone's layout. Rather than re-implement that, the generator
//! parses the fact texts it renders with the fact parsers and runs
//! [`crate::software::target::target_inventory`] on them: a manifest then agrees with its
//! host's facts by construction, exactly as `zonescan check` will read them.

use std::collections::HashMap;
use std::rc::Rc;

use super::GenError;
use super::spec::Machine;
use super::svr4::{Family, render};
use super::zonexml::inventory_xml;
use crate::collect::RawFact;
use crate::facts::svr4::{self, Svr4Db};
use crate::software::ZoneLayout;
use crate::software::target::target_inventory;

/// The facts of one level that do not depend on the machine class.
pub struct LevelTexts {
    pub pkginfo: String,
    pub depend: String,
    pub gz_only: String,
    pub showrev: String,
}

type DbKey = (usize, u32, Machine);

pub struct Software<'a> {
    families: &'a [Family],
    texts: HashMap<(usize, u32), Rc<LevelTexts>>,
    contents: HashMap<DbKey, Rc<String>>,
    dbs: HashMap<DbKey, Rc<Svr4Db>>,
    inventories: HashMap<(DbKey, ZoneLayout), Rc<String>>,
}

impl<'a> Software<'a> {
    pub fn new(families: &'a [Family]) -> Software<'a> {
        Software {
            families,
            texts: HashMap::new(),
            contents: HashMap::new(),
            dbs: HashMap::new(),
            inventories: HashMap::new(),
        }
    }

    pub fn family(&self, family: usize) -> Result<&'a Family, GenError> {
        self.families
            .get(family)
            .ok_or_else(|| GenError::Internal(format!("no family #{family}")))
    }

    pub fn texts(&mut self, family: usize, level: u32) -> Result<Rc<LevelTexts>, GenError> {
        if let Some(t) = self.texts.get(&(family, level)) {
            return Ok(Rc::clone(t));
        }
        let fam = self.family(family)?;
        let l = fam.level(level).ok_or_else(|| {
            GenError::Internal(format!("family {} has no level {level}", fam.name))
        })?;
        let texts = Rc::new(LevelTexts {
            pkginfo: render::pkginfo(l),
            depend: render::depend(l),
            gz_only: render::gz_only(l),
            showrev: render::showrev(l),
        });
        self.texts.insert((family, level), Rc::clone(&texts));
        Ok(texts)
    }

    pub fn contents(&mut self, key: DbKey) -> Result<Rc<String>, GenError> {
        if let Some(t) = self.contents.get(&key) {
            return Ok(Rc::clone(t));
        }
        let fam = self.family(key.0)?;
        let l = fam.level(key.1).ok_or_else(|| {
            GenError::Internal(format!("family {} has no level {}", fam.name, key.1))
        })?;
        let text = Rc::new(render::contents_dirs(l, key.2, fam.arch));
        self.contents.insert(key, Rc::clone(&text));
        Ok(text)
    }

    fn db(&mut self, key: DbKey) -> Result<Rc<Svr4Db>, GenError> {
        if let Some(db) = self.dbs.get(&key) {
            return Ok(Rc::clone(db));
        }
        let texts = self.texts(key.0, key.1)?;
        let contents = self.contents(key)?;
        let bad = |what: &str, e: crate::facts::ParseError| {
            GenError::Internal(format!("generated {what} does not parse: {e}"))
        };
        let raw = |text: &str| RawFact::from_stdout(text);
        let packages = svr4::parse_pkginfo(&raw(&texts.pkginfo)).map_err(|e| bad("pkginfo", e))?;
        let depends = svr4::parse_depend(&raw(&texts.depend)).map_err(|e| bad("depend", e))?;
        let dirs = svr4::parse_contents_dirs(&raw(&contents)).map_err(|e| bad("contents", e))?;
        let gz_only = svr4::parse_gz_only(&raw(&texts.gz_only)).map_err(|e| bad("gz-only", e))?;
        let db = Rc::new(Svr4Db::new(packages, depends, dirs, gz_only));
        self.dbs.insert(key, Rc::clone(&db));
        Ok(db)
    }

    /// The `<package>`/`<patch>` elements of a native zone with this layout on a host of
    /// this family, level and machine class.
    pub fn inventory(&mut self, key: DbKey, layout: ZoneLayout) -> Result<Rc<String>, GenError> {
        let cache_key = (key, layout);
        if let Some(xml) = self.inventories.get(&cache_key) {
            return Ok(Rc::clone(xml));
        }
        let db = self.db(key)?;
        let xml = Rc::new(inventory_xml(&target_inventory(&db, &cache_key.1)));
        self.inventories.insert(cache_key, Rc::clone(&xml));
        Ok(xml)
    }
}
