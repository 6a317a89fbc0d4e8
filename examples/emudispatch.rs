//! An emulated zonescan host's answering machine: sshd's `ForceCommand` for one host of
//! the test fleet (tests/common/sshfleet.rs), not part of zonescan.
//!
//!   ForceCommand exec /abs/emudispatch /abs/emuhostdir
//!
//! Serves recorded output for the exact command text in `$SSH_ORIGINAL_COMMAND`, looked up
//! in `<emuhostdir>/index` (lines `<n><TAB><command>`): `out/<n>.out` to stdout,
//! `out/<n>.err` to stderr, exit status `out/<n>.exit`, after the delay in `out/<n>.delay`
//! or else `<emuhostdir>/delay` (seconds). Anything else exits 127, like a missing command
//! would. Every command received is appended to `<emuhostdir>/commands.log`, one line
//! each, a newline inside it written `\n`. `zoneadm attach -n -` keeps the manifest it
//! reads on stdin in `attach-received/<zone>.xml` and answers from `attach/<zone>`.
//!
//! A compiled program rather than a shell script: the collection benchmark sends
//! thousands of commands to emulated hosts on the machine that collects, and a shell
//! with a `sleep` and two `cat`s per command cost more CPU there than zonescan itself.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::Duration;

/// The privilege prefixes under which `zoneadm attach -n -` may arrive.
const ATTACH: [&[u8]; 3] = [
    b"LC_ALL=C /usr/sbin/zoneadm attach -n -",
    b"LC_ALL=C /usr/bin/pfexec /usr/sbin/zoneadm attach -n -",
    b"LC_ALL=C /usr/bin/sudo -n /usr/sbin/zoneadm attach -n -",
];

fn main() {
    let dir = PathBuf::from(std::env::args_os().nth(1).unwrap_or_default());
    let cmd = std::env::var_os("SSH_ORIGINAL_COMMAND")
        .map(OsString::into_vec)
        .unwrap_or_default();
    log(&dir, &cmd);
    if ATTACH.contains(&cmd.as_slice()) {
        attach(&dir, &cmd);
    }
    if cmd.is_empty() {
        refuse(b"(no command: a shell was requested)");
    }
    let index = fs::read(dir.join("index")).unwrap_or_else(|_| refuse(&cmd));
    // Only lines ending in a newline count, as the shell's `read` loop saw them.
    let mut lines = index.split_inclusive(|&b| b == b'\n');
    let found = lines.find_map(|line| {
        let line = line.strip_suffix(b"\n")?;
        let (n, command) = match line.iter().position(|&b| b == b'\t') {
            Some(tab) => (&line[..tab], &line[tab + 1..]),
            None => (line, line),
        };
        (command == cmd.as_slice()).then_some(n)
    });
    match found {
        Some(n) => serve(&dir, &dir.join("out").join(text(n))),
        None => refuse(&cmd),
    }
}

fn text(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

/// One write with O_APPEND, so concurrent sessions of the host never interleave lines.
fn log(dir: &Path, cmd: &[u8]) {
    let mut line = Vec::with_capacity(cmd.len() + 8);
    for &b in cmd {
        if b == b'\n' {
            line.extend_from_slice(b"\\n");
        } else {
            line.push(b);
        }
    }
    line.push(b'\n');
    let path = dir.join("commands.log");
    let written = OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(&line));
    if let Err(e) = written {
        eprintln!("zonescan-emulator: {}: {e}", path.display());
    }
}

fn refuse(what: &[u8]) -> ! {
    let mut message = b"zonescan-emulator: command not served: ".to_vec();
    message.extend_from_slice(what);
    message.push(b'\n');
    let _ = io::stderr().write_all(&message);
    exit(127)
}

/// The first line of a file, if the file exists.
fn first_line(path: &Path) -> Option<Vec<u8>> {
    let bytes = fs::read(path).ok()?;
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    Some(bytes[..end].to_vec())
}

fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_os_string();
    path.push(".");
    path.push(ext);
    PathBuf::from(path)
}

/// Waits the entry's delay or the host's, then answers from `<stem>.{out,err,exit}`
/// (files that were empty are not written by the harness).
fn serve(dir: &Path, stem: &Path) -> ! {
    let delay = first_line(&with_ext(stem, "delay")).or_else(|| first_line(&dir.join("delay")));
    if let Some(d) = delay {
        match String::from_utf8_lossy(&d).trim().parse::<f64>() {
            Ok(secs) if secs.is_finite() && secs >= 0.0 => {
                std::thread::sleep(Duration::from_secs_f64(secs));
            }
            _ => eprintln!(
                "zonescan-emulator: invalid delay {:?}",
                String::from_utf8_lossy(&d)
            ),
        }
    }
    // A reader that went away only loses the output; the status is still the recorded one.
    if let Ok(mut f) = File::open(with_ext(stem, "out")) {
        let mut out = io::stdout().lock();
        let _ = io::copy(&mut f, &mut out).and_then(|_| out.flush());
    }
    if let Ok(mut f) = File::open(with_ext(stem, "err")) {
        let _ = io::copy(&mut f, &mut io::stderr().lock());
    }
    let code = match first_line(&with_ext(stem, "exit")) {
        None => 0,
        Some(line) => match String::from_utf8_lossy(&line).trim().parse::<i64>() {
            Ok(code) => code.rem_euclid(256) as i32,
            Err(_) => {
                eprintln!("zonescan-emulator: bad exit status in {}", stem.display());
                2
            }
        },
    };
    exit(code)
}

/// `zoneadm attach -n -`: keeps the manifest from stdin and answers for its zone, named by
/// the first `<zone ... name="...">` line.
fn attach(dir: &Path, cmd: &[u8]) -> ! {
    let mut input = Vec::new();
    // Unreadable stdin reads as empty: no zone, refused below.
    let _ = io::stdin().lock().read_to_end(&mut input);
    let zone = input
        .split_inclusive(|&b| b == b'\n')
        .filter_map(|line| line.strip_suffix(b"\n"))
        .find_map(|line| {
            let at = find(line, b"<zone ")?;
            Some(zone_name(&line[at + b"<zone ".len()..]))
        })
        .unwrap_or_default();
    let usable = !zone.is_empty()
        && !zone.starts_with(b".")
        && zone
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !usable {
        refuse(&[cmd, b" (no usable <zone name=...> on stdin)"].concat());
    }
    let zone = text(&zone);
    let received = dir.join("attach-received");
    let kept = fs::create_dir_all(&received).and_then(|()| {
        let mut path = received.join(&zone).into_os_string();
        path.push(".xml");
        fs::write(path, &input)
    });
    if let Err(e) = kept {
        eprintln!("zonescan-emulator: keeping the manifest: {e}");
    }
    let stem = dir.join("attach").join(&zone);
    if !with_ext(&stem, "exit").is_file() {
        let mut why = cmd.to_vec();
        why.extend_from_slice(b" (no attach report for zone ");
        why.extend_from_slice(zone.as_encoded_bytes());
        why.push(b')');
        refuse(&why);
    }
    serve(dir, &stem)
}

/// The value of the first ` name="..."` among attributes (`attrs` follows `<zone `).
fn zone_name(attrs: &[u8]) -> Vec<u8> {
    let attrs = [b" ", attrs].concat();
    let Some(at) = find(&attrs, b" name=\"") else {
        return Vec::new();
    };
    let value = &attrs[at + b" name=\"".len()..];
    let end = value.iter().position(|&b| b == b'"').unwrap_or(value.len());
    value[..end].to_vec()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
