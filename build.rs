//! On Windows targets only: gives `taizhang.exe` the app's icon and a version resource (product
//! name, version, description in Chinese), compiled with the GNU resource compiler (`windres`,
//! from mingw-w64) and linked into the `taizhang` binary alone. On every other target this does
//! nothing. No build dependency: the core's `cargo test` on Linux pays nothing for it.

use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src-tauri/icons/icon.ico");
    println!("cargo:rerun-if-env-changed=WINDRES");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("gnu") {
        println!("cargo:warning=taizhang.exe: icon and version resource are only embedded for the -gnu target");
        return;
    }
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    let icon = manifest_dir.join("src-tauri").join("icons").join("icon.ico");
    let version = env::var("CARGO_PKG_VERSION").expect("set by cargo");

    let rc = out_dir.join("taizhang.rc");
    std::fs::write(&rc, resource_script(&icon, &version)).expect("write taizhang.rc");
    let obj = out_dir.join("taizhang-res.o");

    let arch = env::var("CARGO_CFG_TARGET_ARCH").expect("set by cargo");
    let candidates: Vec<String> = match env::var("WINDRES") {
        Ok(w) => vec![w],
        Err(_) => vec![format!("{arch}-w64-mingw32-windres"), "windres".into()],
    };
    let mut errors = String::new();
    for windres in &candidates {
        let status = Command::new(windres)
            .args(["--codepage=65001", "--input-format=rc", "--output-format=coff", "-i"])
            .arg(&rc)
            .arg("-o")
            .arg(&obj)
            .status();
        match status {
            Ok(s) if s.success() => {
                println!("cargo:rustc-link-arg-bin=taizhang={}", obj.display());
                return;
            }
            Ok(s) => {
                let _ = writeln!(errors, "{windres}: {s}");
            }
            Err(e) => {
                let _ = writeln!(errors, "{windres}: {e}");
            }
        }
    }
    panic!("could not compile the Windows resource of taizhang.exe (install mingw-w64, or set WINDRES):\n{errors}");
}

/// The resource script: icon 1 (what Explorer shows) and the version block (language 0x0804,
/// Simplified Chinese, UTF-16).
fn resource_script(icon: &std::path::Path, version: &str) -> String {
    let mut parts: Vec<u16> = version.split(['.', '-', '+']).take(3).map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(4, 0);
    let numeric = parts.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
    let icon = icon.display().to_string().replace('\\', "/");
    format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {numeric}
PRODUCTVERSION {numeric}
FILEFLAGSMASK 0x3f
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404b0"
    BEGIN
      VALUE "CompanyName", "督办台账"
      VALUE "FileDescription", "督办台账命令行"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "taizhang"
      VALUE "LegalCopyright", "MIT"
      VALUE "OriginalFilename", "taizhang.exe"
      VALUE "ProductName", "督办台账"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0804, 1200
  END
END
"#
    )
}
