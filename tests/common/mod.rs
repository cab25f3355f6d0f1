//! Running the `taizhang` binary from tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    cmd: Command,
}

pub struct Done {
    pub output: Output,
    pub args: String,
}

impl Run {
    pub fn new(args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
        cmd.args(args).env_remove("TAIZHANG_DB").env("RUST_BACKTRACE", "1");
        Run { cmd }
    }

    pub fn env(mut self, k: &str, v: &str) -> Run {
        self.cmd.env(k, v);
        self
    }

    pub fn run(mut self) -> Done {
        let args = format!("{:?}", self.cmd);
        Done { output: self.cmd.output().expect("taizhang runs"), args }
    }
}

impl Done {
    /// Stdout of a run that must succeed.
    pub fn ok(self) -> String {
        let stderr = String::from_utf8_lossy(&self.output.stderr);
        assert!(self.output.status.success(), "{} failed: {stderr}", self.args);
        String::from_utf8(self.output.stdout).unwrap()
    }

    /// Stdout and stderr of a run that must fail cleanly (exit code 1), together.
    pub fn run_output(self) -> String {
        let stdout = String::from_utf8_lossy(&self.output.stdout).to_string();
        let stderr = String::from_utf8_lossy(&self.output.stderr).to_string();
        assert_eq!(self.output.status.code(), Some(1), "{} should fail cleanly: {stderr}", self.args);
        stdout + &stderr
    }

    /// Stderr of a run that must fail (exit code 1, not a panic).
    pub fn err(self) -> String {
        let stderr = String::from_utf8(self.output.stderr).unwrap();
        assert_eq!(self.output.status.code(), Some(1), "{} should fail cleanly: {stderr}", self.args);
        assert!(stderr.starts_with("错误："), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }
}

/// `taizhang --db DB ARGS…`
pub fn taizhang(db: &Path, args: &[&str]) -> Done {
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    Run::new(&all).run()
}

/// A directory this process cannot write into: a read-only one, or, when running as root
/// (which ignores permissions), a place of the read-only /sys tree.
pub fn unwritable_dir(base: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = base.join("只读");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join(".probe"), b"x").is_ok() {
        let _ = std::fs::remove_file(dir.join(".probe"));
        return PathBuf::from("/sys");
    }
    dir
}
pub mod xlsx;
