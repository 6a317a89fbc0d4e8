//! `report.json` (schema version 2) read back pair by pair: its `cells` point every pair to
//! an outcome whose texts are `str.format` templates; [`pairs`] fills them in, so that
//! tests can ask about a pair's findings as they would of `findings.csv`.

use serde_json::{Value, json};

/// Every evaluated pair, row by row like the matrix: `zone`, `source_host`, `host`,
/// `verdict`, `change` (`worse`, `better` or `null`, from `changes`), and `findings` and
/// `coverage` with the pair's names filled in.
pub fn pairs(report: &Value) -> Vec<Value> {
    assert_eq!(report["schema_version"], 2, "pairs of another schema");
    let list = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    let (zones, columns, matrix, cells, outcomes) = (
        list("zones"),
        list("columns"),
        list("matrix"),
        list("cells"),
        list("outcomes"),
    );
    assert_eq!(cells.len(), zones.len(), "one cells row per zone");
    let mut out = Vec::new();
    for (r, zone) in zones.iter().enumerate() {
        for (c, host) in columns.iter().enumerate() {
            let Some(id) = cells[r][c].as_u64() else {
                assert_eq!(matrix[r][c], "self", "row {r} column {c}: no outcome");
                continue;
            };
            let outcome = outcomes
                .get(usize::try_from(id).unwrap_or(usize::MAX))
                .unwrap_or_else(|| panic!("row {r} column {c}: no outcome {id}"));
            assert_eq!(matrix[r][c], outcome["verdict"], "row {r} column {c}");
            let names = [
                ("zone", text(&zone["name"])),
                ("host", text(host)),
                ("source_host", text(&zone["host"])),
            ];
            let mut filled = outcome.clone();
            let texts = [
                ("findings", "message"),
                ("findings", "evidence"),
                ("coverage", "reason"),
            ];
            for (list, key) in texts {
                for item in filled[list].as_array_mut().into_iter().flatten() {
                    if let Some(t) = item.get(key).and_then(Value::as_str) {
                        item[key] = Value::from(format(t, &names));
                    }
                }
            }
            out.push(json!({
                "zone": zone["name"],
                "source_host": zone["host"],
                "host": host,
                "verdict": outcome["verdict"],
                "change": change(report, &zone["name"], &zone["host"], host),
                "findings": filled["findings"],
                "coverage": filled["coverage"],
            }));
        }
    }
    out
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// The pair's change against the baseline: `worse` if any entry says so.
fn change(report: &Value, zone: &Value, source_host: &Value, host: &Value) -> Value {
    let directions: Vec<&Value> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["zone"] == *zone && c["source_host"] == *source_host && c["host"] == *host)
        .map(|c| &c["direction"])
        .collect();
    if directions.iter().any(|d| *d == "worse") {
        Value::from("worse")
    } else {
        directions.first().map_or(Value::Null, |d| (*d).clone())
    }
}

/// Python's `template.format(**names)` for the fields report.json uses: `{{` and `}}` are
/// braces, `{name}` a name; anything else in braces is a malformed template.
pub fn format(template: &str, names: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            out.push_str(&tail[..1]);
            rest = after;
            continue;
        }
        let end = tail
            .find('}')
            .filter(|_| tail.starts_with('{'))
            .unwrap_or_else(|| panic!("single brace in template {template:?}"));
        let field = &tail[1..end];
        let value = names
            .iter()
            .find(|(n, _)| *n == field)
            .unwrap_or_else(|| panic!("unknown field {field:?} in template {template:?}"));
        out.push_str(value.1);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn format_fills_names_and_undoubles_braces() {
    let names = [("zone", "web01"), ("host", "h2"), ("source_host", "h1")];
    assert_eq!(
        format("{zone}@{source_host} -> {host}: {{a}} }}", &names),
        "web01@h1 -> h2: {a} }"
    );
    assert_eq!(format("plain", &names), "plain");
}
