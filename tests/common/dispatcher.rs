//! The emulated hosts' dispatcher, `examples/emudispatch.rs`, as a program sshd can run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const NAME: &str = "emudispatch";

/// The compiled dispatcher: cargo's build of the example when it is at least as new as
/// its source (`cargo test` builds examples unless targets are named), else one compiled
/// here with rustc, once, beside the test binaries (`cargo test --test X` builds no
/// examples, and a cargo inside a running cargo would wait for its lock).
pub fn dispatcher() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(find_or_build).clone()
}

fn find_or_build() -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/emudispatch.rs");
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("the test binary's path: {e}"));
    // target/<profile>/deps/<test binary>
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("{} is not under target/<profile>/deps", exe.display()));
    let by_cargo = profile.join("examples").join(NAME);
    if fresh(&by_cargo, &source) {
        return by_cargo;
    }
    let own = profile.join("emudispatch").join(NAME);
    if !fresh(&own, &source) {
        compile(&source, &own);
    }
    own
}

/// Whether `program` exists and is no older than `source`.
fn fresh(program: &Path, source: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(program), modified(source)), (Some(p), Some(s)) if p >= s)
}

/// rustc beside the cargo that built the tests, else the one on PATH.
fn rustc() -> PathBuf {
    let beside = Path::new(env!("CARGO")).with_file_name("rustc");
    if beside.is_file() {
        beside
    } else {
        PathBuf::from("rustc")
    }
}

/// Compiles into a temporary name and renames, so that a concurrent test process never
/// runs half a file.
fn compile(source: &Path, out: &Path) {
    let dir = out.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    let tmp = out.with_extension(format!("tmp{}", std::process::id()));
    let status = Command::new(rustc())
        .args([
            "--edition",
            "2024",
            "-C",
            "opt-level=2",
            "--crate-name",
            NAME,
        ])
        .arg("-o")
        .arg(&tmp)
        .arg(source)
        .status()
        .unwrap_or_else(|e| panic!("running rustc for {}: {e}", source.display()));
    assert!(status.success(), "compiling {} failed", source.display());
    fs::rename(&tmp, out).unwrap_or_else(|e| panic!("renaming to {}: {e}", out.display()));
}
