//! The typed view of a `<zone>` element (domain.md §1.3, §1.4).
//!
//! Readers are lenient about what the DTD governs: a missing `#REQUIRED` attribute reads as
//! an empty string and a misplaced element is skipped, because whether the target accepts
//! them is for its DTD to say ([`super::validate`]). The zone name is the exception: nothing
//! can be reported about a zone without one.

use roxmltree::Node;

use super::parse::{LineIndex, qname};
use super::{
    Admin, Attr, DatasetRes, DedicatedCpu, DevPerm, Filesystem, Manifest, ManifestError, Network,
    Rctl, RctlValue, SecurityFlags, UnknownElement, ZoneProps,
};
use crate::software::{InvElement, Inventory};
use crate::version::patch::PatchId;

/// Every element name of the known zonecfg DTDs (illumos, SmartOS), at any depth.
const KNOWN_ELEMENTS: &[&str] = &[
    "zone",
    "filesystem",
    "fsoption",
    "inherited-pkg-dir",
    "network",
    "net-attr",
    "device",
    "deleted-device",
    "rctl",
    "rctl-value",
    "attr",
    "dataset",
    "tmp_pool",
    "pset",
    "mcap",
    "admin",
    "security-flags",
    "package",
    "patch",
    "obsoletes",
    "incompatible",
    "dev-perm",
];

/// Reads the root `<zone>` element.
pub(super) fn read_zone(root: Node<'_, '_>, lines: &LineIndex) -> Result<Manifest, ManifestError> {
    let name = root
        .attribute("name")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ManifestError::Invalid {
            line: lines.line(root.range().start),
            message: "<zone> has no name attribute".into(),
        })?;
    let mut m = Manifest {
        zone: ZoneProps {
            name: name.to_string(),
            zonepath: req(root, "zonepath"),
            autoboot: req(root, "autoboot"),
            pool: opt(root, "pool"),
            limitpriv: opt(root, "limitpriv"),
            bootargs: opt(root, "bootargs"),
            brand: opt(root, "brand"),
            scheduling_class: opt(root, "scheduling-class"),
            ip_type: opt(root, "ip-type"),
            hostid: opt(root, "hostid"),
            fs_allowed: opt(root, "fs-allowed"),
            version: opt(root, "version"),
            debugid: opt(root, "debugid"),
        },
        ..Manifest::default()
    };
    let mut inventory = Vec::new();
    let mut seen_pset = false;
    for child in root.children().filter(Node::is_element) {
        match qname(child) {
            "filesystem" => m.filesystems.push(Filesystem {
                special: req(child, "special"),
                raw: opt(child, "raw"),
                directory: req(child, "directory"),
                fs_type: req(child, "type"),
                options: kids(child, "fsoption").map(|o| req(o, "name")).collect(),
            }),
            "inherited-pkg-dir" => m.inherited_pkg_dirs.push(req(child, "directory")),
            "network" => m.networks.push(Network {
                address: opt(child, "address"),
                allowed_address: opt(child, "allowed-address"),
                defrouter: opt(child, "defrouter"),
                physical: req(child, "physical"),
                global_nic: opt(child, "global-nic"),
                mac_addr: opt(child, "mac-addr"),
                vlan_id: opt(child, "vlan-id"),
                net_attrs: kids(child, "net-attr")
                    .map(|a| (req(a, "name"), req(a, "value")))
                    .collect(),
            }),
            "device" => m.devices.push(req(child, "match")),
            "deleted-device" => m.deleted_devices.push(req(child, "match")),
            "rctl" => m.rctls.push(Rctl {
                name: req(child, "name"),
                values: kids(child, "rctl-value")
                    .map(|v| RctlValue {
                        privilege: req(v, "priv"),
                        limit: req(v, "limit"),
                        action: req(v, "action"),
                    })
                    .collect(),
            }),
            "attr" => m.attrs.push(Attr {
                name: req(child, "name"),
                attr_type: req(child, "type"),
                value: req(child, "value"),
            }),
            "dataset" => m.datasets.push(DatasetRes {
                name: req(child, "name"),
                alias: opt(child, "alias"),
            }),
            // zonecfg writes one of each for `dedicated-cpu`; later ones are ignored, as
            // libzonecfg's lookups return the first.
            "pset" if !seen_pset => {
                seen_pset = true;
                let cpu = m.dedicated_cpu.get_or_insert_with(DedicatedCpu::default);
                cpu.ncpu_min = req(child, "ncpu_min");
                cpu.ncpu_max = req(child, "ncpu_max");
            }
            "tmp_pool" => {
                let cpu = m.dedicated_cpu.get_or_insert_with(DedicatedCpu::default);
                if cpu.importance.is_none() {
                    cpu.importance = Some(req(child, "importance"));
                }
            }
            "mcap" if m.mcap_physcap.is_none() => m.mcap_physcap = Some(req(child, "physcap")),
            "admin" => m.admins.push(Admin {
                user: req(child, "user"),
                auths: req(child, "auths"),
            }),
            "security-flags" if m.security_flags.is_none() => {
                m.security_flags = Some(SecurityFlags {
                    default: opt(child, "default"),
                    lower: opt(child, "lower"),
                    upper: opt(child, "upper"),
                });
            }
            // The reader's rules (duplicates, patches before any package) are
            // `Inventory::from_elements`'s, shared with every other inventory reader.
            "package" => inventory.push(InvElement::Package {
                name: req(child, "name"),
                version: req(child, "version"),
            }),
            "patch" => inventory.push(InvElement::Patch {
                id: patch_id(&req(child, "id")),
                obsoletes: kids(child, "obsoletes").map(|o| req(o, "id")).collect(),
            }),
            "dev-perm" => m.dev_perms.push(DevPerm {
                name: req(child, "name"),
                uid: req(child, "uid"),
                gid: req(child, "gid"),
                mode: req(child, "mode"),
                acl: req(child, "acl"),
            }),
            // Unknown or misplaced: recorded below or left to DTD validation.
            _ => {}
        }
    }
    m.inventory = std::sync::Arc::new(Inventory::from_elements(inventory));
    m.unknown_elements = root
        .descendants()
        .filter(|n| n.is_element() && !KNOWN_ELEMENTS.contains(&qname(*n)))
        .map(|n| UnknownElement {
            name: qname(n).to_string(),
            attrs: n
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect(),
            line: lines.line(n.range().start),
        })
        .collect();
    Ok(m)
}

/// A `#REQUIRED` attribute: empty when missing (the target's DTD reports it).
fn req(node: Node<'_, '_>, name: &str) -> String {
    node.attribute(name).unwrap_or_default().to_string()
}

fn opt(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attribute(name).map(str::to_string)
}

fn kids<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && qname(*c) == name)
}

/// `NNNNNN-RR`. [`PatchId::parse`] decides; whatever it rejects is still kept, split at the
/// last `-` (or whole, revision 0), because dropping a patch would hide a difference from
/// the software comparison.
pub(super) fn patch_id(s: &str) -> PatchId {
    if let Ok(id) = PatchId::parse(s) {
        return id;
    }
    match s.rsplit_once('-') {
        Some((base, rev)) if !base.is_empty() => PatchId {
            base: base.to_string(),
            rev: rev.parse().unwrap_or(0),
            rev_text: rev.to_string(),
        },
        _ => PatchId {
            base: s.to_string(),
            rev: 0,
            rev_text: String::new(),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn read(xml: &str) -> Manifest {
        let doc = roxmltree::Document::parse(xml).unwrap();
        read_zone(doc.root_element(), &LineIndex::new(xml)).unwrap()
    }

    #[test]
    fn patch_ids() {
        let id = patch_id("147147-26");
        assert_eq!(
            (id.base.as_str(), id.rev, id.rev_text.as_str()),
            ("147147", 26, "26")
        );
        let id = patch_id("IDR123456-01");
        assert_eq!((id.base.as_str(), id.rev), ("IDR123456", 1));
        assert_eq!(patch_id("junk").base, "junk");
        assert_eq!(patch_id("-3").base, "-3");
    }

    #[test]
    fn inventory_attaches_patches_and_drops_duplicates() {
        let m = read(
            r#"<zone name="z">
              <patch id="100000-01"/>
              <package name="A" version="1"/>
              <patch id="111111-02"><obsoletes id="99"/><incompatible id="98"/></patch>
              <patch id="111111-03"/>
              <package name="B" version="2"/>
              <package name="A" version="9"/>
              <patch id="222222-01"/>
              <package name="C" version="3"/>
              <patch id="333333-01"/>
              <patch id="333333-01"/>
            </zone>"#,
        );
        let inv = &m.inventory;
        let names: Vec<_> = inv.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        let a = &inv.packages[0];
        assert_eq!(a.version, "1");
        // The duplicate A is dropped, and with it the patches that follow it.
        let ids: Vec<_> = a.patches.iter().map(|p| p.id.base.as_str()).collect();
        assert_eq!(ids, ["111111"]);
        assert_eq!(a.patches[0].id.rev_text, "02");
        assert_eq!(a.patches[0].obsoletes, ["99"]);
        assert!(inv.packages[1].patches.is_empty());
        assert_eq!(inv.packages[2].patches.len(), 1);
    }

    #[test]
    fn missing_required_attributes_read_as_empty() {
        let m = read(r#"<zone name="z"><network physical="e0"/><filesystem/></zone>"#);
        assert_eq!(m.zone.zonepath, "");
        assert_eq!(m.networks[0].address, None);
        assert_eq!(m.filesystems[0].special, "");
    }

    #[test]
    fn zone_without_a_name_is_invalid() {
        for xml in [r#"<zone zonepath="/z"/>"#, r#"<zone name=""/>"#] {
            let doc = roxmltree::Document::parse(xml).unwrap();
            let err = read_zone(doc.root_element(), &LineIndex::new(xml)).unwrap_err();
            assert!(err.to_string().contains("no name"), "{err}");
        }
    }

    #[test]
    fn unknown_elements_anywhere_are_kept() {
        let m = read(
            "<zone name=\"z\">\n<anet linkname=\"net0\"/>\n<network physical=\"e0\"><x a=\"1\"/></network></zone>",
        );
        let got: Vec<_> = m
            .unknown_elements
            .iter()
            .map(|u| (u.name.as_str(), u.line, u.attrs.len()))
            .collect();
        assert_eq!(got, [("anet", 2, 1), ("x", 3, 1)]);
    }
}
