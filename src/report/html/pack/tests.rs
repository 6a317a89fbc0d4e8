#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
use std::io::Read;

use flate2::read::GzDecoder;

use super::*;
use crate::report::test_fleet::{changes, fleet};

fn unpack(text: &str) -> Vec<u8> {
    let zipped = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    let mut out = Vec::new();
    GzDecoder::new(&zipped[..]).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn one_byte_per_cell_with_the_change() {
    let (f, c) = (fleet(), changes());
    let p = pack(&f, &ChangeIndex::new(&c), &Excerpts::new(&f)).unwrap();
    // app01: self ok warn; db01: self fail(worse) unknown; web01: update(better) self fail
    assert_eq!(
        unpack(&p.cells),
        [5, 0, 1, 5, 4 | 1 << 3, 3, 2 | 2 << 3, 5, 4]
    );
}

#[test]
fn rows_list_their_details_and_cells_point_into_them() {
    let f = fleet();
    let p = pack(&f, &ChangeIndex::new(&[]), &Excerpts::new(&f)).unwrap();
    let index = unpack(&p.index);
    // Every pair of the test fleet has its own findings: details 0..6 in order.
    assert_eq!(
        index,
        [2, 0, 1, 0, 0, 1, 2, 2, 3, 0, 0, 1, 2, 4, 5, 0, 0, 1]
    );
    let dict: serde_json::Value = serde_json::from_slice(&unpack(&p.dict)).unwrap();
    assert_eq!(dict["details"].as_array().unwrap().len(), 6);
    let strings = dict["strings"].as_array().unwrap();
    let reason = |d: usize| {
        let i = dict["details"][d][2].as_u64().unwrap() as usize;
        strings[i].as_str().unwrap().to_string()
    };
    assert_eq!(reason(0), "(movable)");
    assert_eq!(reason(2), "ZM105");
}

#[test]
fn coverage_totals_count_every_pair() {
    let f = fleet();
    let p = pack(&f, &ChangeIndex::new(&[]), &Excerpts::new(&f)).unwrap();
    let total = |code: &str| {
        p.coverage
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, t)| *t)
            .unwrap()
    };
    assert_eq!(total("ZM001"), [6, 0, 0, 0]);
    assert_eq!(total("ZM301"), [0, 5, 0, 0]);
    assert_eq!(total("ZM101"), [0, 0, 1, 0]);
}

#[test]
fn templates_give_the_text_back_and_are_shared_across_pairs() {
    let fill = |t: &str, names: [(&str, char); 3]| {
        let mut out = String::new();
        let mut chars = t.chars();
        while let Some(c) = chars.next() {
            match c {
                ESCAPE => out.extend(chars.next()),
                c => match names.iter().find(|(_, m)| *m == c) {
                    Some((name, _)) => out.push_str(name),
                    None => out.push(c),
                },
            }
        }
        out
    };
    let a = [("web01", ZONE), ("s10-a", SOURCE), ("s10-a2", TARGET)];
    let b = [("db01", ZONE), ("s10-b", SOURCE), ("s10-b2", TARGET)];
    let text = |n: [(&str, char); 3]| {
        format!(
            "source {} runs 5.10, target {} runs 5.11; zone {} \u{E001}\u{E003}",
            n[1].0, n[2].0, n[0].0
        )
    };
    let (ta, tb) = (template(&text(a), a), template(&text(b), b));
    assert_eq!(ta, tb, "one template for both pairs");
    assert_eq!(fill(&ta, a), text(a));
    assert_eq!(fill(&tb, b), text(b));
    // Short names are kept as they are.
    assert_eq!(
        template("on h1", [("z", ZONE), ("h1", SOURCE), ("", TARGET)]),
        "on h1"
    );
    let odd = [("\u{E000}abc", ZONE), ("s10-a", SOURCE), ("s10-b", TARGET)];
    let t = template("zone \u{E000}abc", odd);
    assert_eq!(fill(&t, odd), "zone \u{E000}abc");
}

#[test]
fn outcomes_templated_once_give_what_each_pair_templated_gives() {
    let f = crate::report::html::names::tests::tricky_fleet();
    let excerpts = Excerpts::new(&f);
    let names = NameIndex::new(&f, &excerpts);
    let changes = ChangeIndex::new(&[]);
    let fast = pack_with(&f, &changes, &excerpts, Some(&names)).unwrap();
    let slow = pack_with(&f, &changes, &excerpts, None).unwrap();
    assert_eq!(unpack(&fast.cells), unpack(&slow.cells));
    assert_eq!(unpack(&fast.index), unpack(&slow.index));
    let (a, b) = (unpack(&fast.dict), unpack(&slow.dict));
    assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    assert_eq!(fast.coverage, slow.coverage);
}

#[test]
fn wide_rows_use_wider_indexes() {
    let mut out = Vec::new();
    leb128(&mut out, 300);
    assert_eq!(out, [0xac, 0x02]);
}
