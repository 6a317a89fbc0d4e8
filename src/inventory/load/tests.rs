use std::path::Path;
use std::time::Duration;

use super::*;

const PATH: &str = "inventories/x.yaml";

fn load(text: &str) -> Result<Inventory, InventoryError> {
    Inventory::parse(text, Path::new(PATH))
}

/// The error of `text`, as `(line, column, message)`.
#[track_caller]
fn error(text: &str) -> (u64, u64, String) {
    match load(text) {
        Ok(inv) => panic!("expected an error, loaded {inv:?}"),
        Err(e) => {
            assert_eq!(e.path, Path::new(PATH));
            (e.line, e.column, e.message)
        }
    }
}

/// Asserts the error's position and that its message contains `needle`.
#[track_caller]
fn assert_error(text: &str, line: u64, column: u64, needle: &str) {
    let (l, c, message) = error(text);
    assert_eq!((l, c), (line, column), "{message}");
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
}

const MINIMAL: &str = "\
version: 1
hosts:
  - name: s10a
    roles: [source]
  - name: s10b
    address: 10.0.0.2
    roles: [candidate, source]
    tags: {dc: fra1}
";

#[test]
fn minimal_inventory_gets_the_defaults() {
    let inv = load(MINIMAL).unwrap();
    assert_eq!(inv.path, Path::new(PATH));
    assert_eq!(inv.snapshot, None);
    assert_eq!(inv.defaults, Defaults::default());
    assert_eq!(inv.zones, ZoneSelection::default());
    assert!(inv.policy.is_empty());
    let [a, b] = &inv.hosts[..] else {
        panic!("{:?}", inv.hosts)
    };
    assert_eq!((a.name.as_str(), a.address.as_str()), ("s10a", "s10a"));
    assert_eq!(
        a.roles,
        Roles {
            source: true,
            candidate: false
        }
    );
    assert_eq!(a.at, Position::new(3, 11));
    assert_eq!(b.address, "10.0.0.2");
    assert!(b.roles.source && b.roles.candidate);
    assert_eq!(b.tags.get("dc").map(String::as_str), Some("fra1"));
    let s = b.effective(&inv.defaults);
    assert_eq!(s.port, 22);
    assert_eq!(s.transport, Transport::Ssh);
    assert_eq!(s.become_, Become::None);
    assert_eq!(s.known_hosts, KnownHosts::Strict);
    assert_eq!(s.connect_timeout, Duration::from_secs(10));
    assert_eq!(s.command_timeout, Duration::from_secs(120));
    assert_eq!((s.retries, s.channels), (2, 4));
    assert_eq!(inv.defaults.hosts_in_flight, 32);
}

#[test]
fn the_example_loads_and_replays_its_fleet() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories");
    let recorded = dir.join("../tests/fixtures/snapshots/handmade");
    let inv = Inventory::load(&dir.join("example.yaml")).unwrap();
    assert_eq!(inv.snapshot, Some(recorded.clone()));
    assert_eq!(inv.hosts.len(), 8);
    let snapshot_hosts = std::fs::read_to_string(recorded.join("snapshot.json")).unwrap();
    for s in inv.host_settings() {
        assert_eq!(s.transport, Transport::Replay, "{}", s.name);
        let replay = s.replay.unwrap();
        assert_eq!(replay, recorded.join("hosts").join(&s.name));
        assert!(replay.join("host.json").is_file(), "{}", replay.display());
        assert!(
            snapshot_hosts.contains(&format!("{:?}", s.name)),
            "{}",
            s.name
        );
    }
    let first = &inv.hosts[0];
    assert_eq!(first.command_timeout_s, Some(300));
    assert_eq!(
        first.identity_file.as_deref(),
        Some(Path::new("~/.ssh/zonescan_ed25519"))
    );
    let ams04 = inv.host("s10-ams-04").unwrap().effective(&inv.defaults);
    assert_eq!(ams04.become_, Become::Sudo);
    assert_eq!(ams04.user.as_deref(), Some("zscan"));
    assert!(!inv.zones.exclude.is_empty());
    assert!(!inv.zones.include_host_tags.is_empty());
    assert!(!inv.zones.exclude_host_tags.is_empty());
    assert!(!inv.policy.severity.is_empty() && !inv.policy.ignore.is_empty());
}

#[test]
fn the_example_shows_every_key() {
    let text = include_str!("../../../inventories/example.yaml");
    let keys = [
        "version:",
        "snapshot:",
        "defaults:",
        "port:",
        "user:",
        "identity_file:",
        "transport:",
        "become:",
        "known_hosts:",
        "connect_timeout_s:",
        "command_timeout_s:",
        "retries:",
        "hosts_in_flight:",
        "channels_per_host:",
        "hosts:",
        "name:",
        "address:",
        "roles:",
        "tags:",
        "replay:",
        "zones:",
        "include:",
        "exclude:",
        "include_host_tags:",
        "exclude_host_tags:",
        "policy:",
        "severity:",
        "ignore:",
    ];
    for key in keys {
        let used = text
            .lines()
            .any(|l| l.trim_start().trim_start_matches("- ").starts_with(key));
        assert!(used, "example.yaml does not show {key}");
    }
}

#[test]
fn error_display_is_file_line_column_message() {
    let text = "\
version: 1
hosts:
  - name: s10a
    roles: [source]
  - name: s10b
    roles: [candidate]
  - name: s10a
    roles: [candidate]
";
    let e = load(text).unwrap_err();
    assert_eq!(
        e.to_string(),
        "inventories/x.yaml:7:11: duplicate host name \"s10a\" (first at line 3)"
    );
}

#[test]
fn duplicate_host_names_ignore_case() {
    let text = "\
version: 1
hosts:
  - {name: s10a, roles: [source]}
  - {name: S10A, roles: [source]}
";
    assert_error(
        text,
        4,
        12,
        "duplicate host name \"S10A\" (first at line 3)",
    );
}

#[test]
fn version_is_required_and_must_be_1() {
    assert_error("hosts: []\n", 1, 1, "missing field `version`");
    assert_error(
        "version: 2\nhosts: []\n",
        1,
        10,
        "inventory version 2 is not supported; this zonescan reads version 1",
    );
    assert_error("version: one\n", 1, 10, "u32");
}

#[test]
fn unknown_keys_are_errors() {
    assert_error(
        "version: 1\nhost: []\n",
        2,
        1,
        "unknown field `host`, expected one of",
    );
    assert_error(
        "version: 1\ndefaults:\n  timeout: 3\nhosts: []\n",
        3,
        3,
        "unknown field `timeout`",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: [source]\n    rolls: [candidate]\n",
        5,
        5,
        "unknown field `rolls`",
    );
    assert_error(
        "version: 1\nhosts:\n  - {name: a, roles: [source]}\nzones:\n  includes: [web*]\n",
        5,
        3,
        "unknown field `includes`",
    );
}

#[test]
fn duplicate_keys_are_errors() {
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: [source]\n    name: b\n",
        5,
        5,
        "duplicate mapping key `name`",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: [source]\n    tags:\n      dc: a\n      dc: b\n",
        7,
        7,
        "duplicate",
    );
}

#[test]
fn bad_enum_values_are_errors() {
    let host = "version: 1\nhosts:\n  - name: a\n    roles: [source]\n";
    assert_error(
        &format!("{host}    transport: telnet\n"),
        5,
        16,
        "unknown variant `telnet`, expected one of ssh, local, replay",
    );
    assert_error(&format!("{host}    become: doas\n"), 5, 13, "`doas`");
    assert_error(
        &format!("{host}    known_hosts: no\n"),
        5,
        18,
        "expected one of strict, accept-new",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: [source, target]\n",
        4,
        21,
        "unknown variant `target`",
    );
}

#[test]
fn invalid_names_are_errors() {
    assert_error(
        "version: 1\nhosts:\n  - name: -s10a\n    roles: [source]\n",
        3,
        11,
        "invalid host name \"-s10a\": name must start with a letter or digit",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: \"s10 a\"\n    roles: [source]\n",
        3,
        11,
        "invalid host name",
    );
    assert_error(
        "version: 1\nhosts:\n  - roles: [source]\n",
        3,
        5,
        "missing field `name`",
    );
}

#[test]
fn roles_are_required_and_not_empty() {
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: []\n",
        4,
        12,
        "roles is empty",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: a\n    roles: [source, source]\n",
        4,
        21,
        "role listed twice",
    );
    assert_error(
        "version: 1\nhosts:\n  - name: a\n",
        3,
        5,
        "missing field `roles`",
    );
}

#[test]
fn hosts_are_required() {
    assert_error("version: 1\nhosts: []\n", 2, 8, "no hosts");
    assert_error("version: 1\n", 1, 1, "missing field `hosts`");
}

#[test]
fn numbers_out_of_range_are_errors() {
    let host = "version: 1\nhosts:\n  - name: a\n    roles: [source]\n";
    assert_error(
        &format!("{host}    channels_per_host: 11\n"),
        5,
        24,
        "channels_per_host must be 1 to 10, not 11",
    );
    assert_error(
        &format!("defaults:\n  channels_per_host: 0\n{host}"),
        2,
        22,
        "channels_per_host must be 1 to 10, not 0",
    );
    assert_error(
        &format!("{host}    connect_timeout_s: 0\n"),
        5,
        24,
        "connect_timeout_s must be 1 to 3600",
    );
    assert_error(
        &format!("defaults:\n  hosts_in_flight: 0\n{host}"),
        2,
        20,
        "hosts_in_flight must be 1 to 1024",
    );
    assert_error(
        &format!("{host}    retries: 11\n"),
        5,
        14,
        "retries must be 0 to 10",
    );
    assert_error(
        &format!("{host}    port: 0\n"),
        5,
        11,
        "port must be 1 to 65535",
    );
    assert_error(&format!("{host}    port: 70000\n"), 5, 11, "u16");
    assert_error(&format!("{host}    retries: -1\n"), 5, 14, "u32");
}

#[test]
fn addresses_and_users_cannot_read_as_options() {
    let host = "version: 1\nhosts:\n  - name: a\n    roles: [source]\n";
    assert_error(
        &format!("{host}    address: -oProxyCommand=sh\n"),
        5,
        14,
        "invalid address \"-oProxyCommand=sh\"",
    );
    assert_error(
        &format!("{host}    address: \"a b\"\n"),
        5,
        14,
        "invalid address",
    );
    assert_error(
        &format!("defaults:\n  user: \"-lroot\"\n{host}"),
        2,
        9,
        "invalid user \"-lroot\"",
    );
    let inv = load(&format!("{host}    address: \"fe80::1%net0\"\n")).unwrap();
    assert_eq!(inv.hosts[0].address, "fe80::1%net0");
}

#[test]
fn replay_needs_a_recording() {
    let text = "\
version: 1
defaults:
  transport: replay
hosts:
  - name: a
    roles: [source]
";
    assert_error(
        text,
        5,
        11,
        "host \"a\" uses transport replay but no recording",
    );
    let with_snapshot = format!("snapshot: rec/2026-11\n{text}");
    let inv = load(&with_snapshot).unwrap();
    assert_eq!(
        inv.snapshot.as_deref(),
        Some(Path::new("inventories/rec/2026-11"))
    );
    assert_eq!(
        inv.hosts[0].replay.as_deref(),
        Some(Path::new("inventories/rec/2026-11/hosts/a"))
    );
    let own = format!("{text}    replay: /srv/rec/a\n");
    let inv = load(&own).unwrap();
    assert_eq!(
        inv.hosts[0].replay.as_deref(),
        Some(Path::new("/srv/rec/a"))
    );
}

#[test]
fn relative_paths_are_relative_to_the_inventory() {
    let text = "\
version: 1
defaults:
  identity_file: keys/id_ed25519
hosts:
  - name: a
    roles: [source]
    identity_file: ~/.ssh/a
  - name: b
    roles: [source]
";
    let inv = load(text).unwrap();
    assert_eq!(
        inv.defaults.identity_file.as_deref(),
        Some(Path::new("inventories/keys/id_ed25519"))
    );
    assert_eq!(
        inv.hosts[0].identity_file.as_deref(),
        Some(Path::new("~/.ssh/a"))
    );
    let b = inv.hosts[1].effective(&inv.defaults);
    assert_eq!(
        b.identity_file.as_deref(),
        Some(Path::new("inventories/keys/id_ed25519"))
    );
}

#[test]
fn anchors_and_merge_keys_share_settings() {
    let text = "\
version: 1
hosts:
  - &fra {name: fra1, roles: [source, candidate], tags: {dc: fra1}, become: pfexec}
  - <<: *fra
    name: fra2
";
    let inv = load(text).unwrap();
    assert_eq!(inv.hosts[1].name, "fra2");
    assert_eq!(inv.hosts[1].become_, Some(Become::Pfexec));
    assert_eq!(inv.hosts[1].tags, inv.hosts[0].tags);
}

#[test]
fn tags_are_checked() {
    let host = "version: 1\nhosts:\n  - name: a\n    roles: [source]\n";
    assert_error(
        &format!("{host}    tags:\n      \"my dc\": fra1\n"),
        6,
        7,
        "invalid tag name \"my dc\"",
    );
    assert_error(
        &format!("{host}    tags:\n      dc: \"fra\\n1\"\n"),
        6,
        11,
        "control characters",
    );
    let inv = load(&format!("{host}    tags: {{rack: 12, spare: true}}\n")).unwrap();
    assert_eq!(
        inv.hosts[0].tags.get("rack").map(String::as_str),
        Some("12")
    );
    assert_eq!(
        inv.hosts[0].tags.get("spare").map(String::as_str),
        Some("true")
    );
}

#[test]
fn zone_selection_is_read_and_checked() {
    let base = "version: 1\nhosts:\n  - {name: a, roles: [source], tags: {dc: fra1}}\n";
    let inv = load(&format!(
        "{base}zones:\n  include: [web*, \"db[0-9]*\"]\n  exclude: [\"*-old\"]\n  include_host_tags:\n    dc: fra1\n    tier: [prod, test]\n  exclude_host_tags:\n    cluster: [lab]\n"
    ))
    .unwrap();
    let z = &inv.zones;
    assert_eq!(
        z.include.iter().map(Glob::as_str).collect::<Vec<_>>(),
        ["web*", "db[0-9]*"]
    );
    assert_eq!(z.include_host_tags["dc"], ["fra1"]);
    assert_eq!(z.include_host_tags["tier"], ["prod", "test"]);
    assert_eq!(z.exclude_host_tags["cluster"], ["lab"]);

    assert_error(
        &format!("{base}zones:\n  include: []\n"),
        5,
        12,
        "include is empty",
    );
    assert_error(
        &format!("{base}zones:\n  exclude: [ok, \"web[01\"]\n"),
        5,
        17,
        "invalid glob \"web[01\": '[' without a closing ']'",
    );
    assert_error(
        &format!("{base}zones:\n  include_host_tags:\n    dc: []\n"),
        6,
        9,
        "no values listed for tag \"dc\"",
    );
    assert_error(
        &format!("{base}zones:\n  exclude_host_tags:\n    dc: {{a: b}}\n"),
        6,
        9,
        "a value or a list of values",
    );
}

#[test]
fn policy_is_read_and_checked() {
    let base = "version: 1\nhosts:\n  - {name: a, roles: [source]}\n";
    let inv = load(&format!(
        "{base}policy:\n  severity:\n    ZM403: error\n    ZM010: info\n    ZU001: error\n  ignore: [ZM202]\n"
    ))
    .unwrap();
    assert_eq!(inv.policy.severity["ZM403"], Severity::Error);
    assert_eq!(inv.policy.severity["ZM010"], Severity::Info);
    assert_eq!(inv.policy.severity["ZU001"], Severity::Error);
    assert!(inv.policy.ignore.contains("ZM202"));

    let sev = |body: &str| format!("{base}policy:\n  severity:\n    {body}\n");
    assert_error(&sev("ZM403: fatal"), 6, 12, "unknown variant `fatal`");
    assert_error(&sev("ZM403: unknown"), 6, 12, "unknown variant `unknown`");
    assert_error(&sev("zm403: error"), 6, 5, "\"zm403\" is not a rule code");
    assert_error(&sev("dtd-invalid: error"), 6, 5, "is not a rule code");
    assert_error(&sev("ZM999: error"), 6, 5, "no rule has code ZM999");
    assert_error(&sev("ZU001: info"), 6, 5, "can only be raised to error");
    let ignore = |list: &str| format!("{base}policy:\n  ignore: {list}\n");
    assert_error(&ignore("[ZM202, ZU002]"), 5, 19, "ZU002 cannot be ignored");
    assert_error(&ignore("[ZM202, ZM202]"), 5, 19, "ZM202 is listed twice");
    assert_error(&ignore("[ZM2020]"), 5, 12, "is not a rule code");
    assert_error(
        &format!("{base}policy:\n  severity: {{ZM202: error}}\n  ignore: [ZM202]\n"),
        6,
        12,
        "ZM202 is given a severity and ignored",
    );
}

#[test]
fn syntax_errors_have_positions() {
    assert_error("version: 1\nhosts: [\n", 2, 8, "");
    let (line, _, _) = error("version: 1\nhosts:\n  - name: a\n   roles: [source]\n");
    assert!(line >= 3);
}

#[test]
fn unreadable_files_name_the_file() {
    let e = Inventory::load(Path::new("inventories/does-not-exist.yaml")).unwrap_err();
    assert_eq!(e.position(), None);
    assert!(
        e.to_string()
            .starts_with("inventories/does-not-exist.yaml: cannot read:"),
        "{e}"
    );
}

#[test]
fn empty_files_and_several_documents_are_errors() {
    assert_error("", 1, 1, "no YAML document");
    assert_error("# just a comment\n\n", 1, 1, "no YAML document");
    assert_error(
        "version: 1\nhosts:\n  - {name: a, roles: [source]}\n---\nversion: 1\n",
        5,
        1,
        "multiple",
    );
}
