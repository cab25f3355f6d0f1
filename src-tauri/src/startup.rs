//! What happens before the window exists: on Windows, the check for the WebView2 runtime, and a
//! native message box for anything that stops the app from starting. A release build on Windows
//! has no console (`windows_subsystem = "windows"`), so without the box a clerk would see nothing
//! at all.

// The WebView2 constants are used on Windows only.
#![cfg_attr(not(windows), allow(dead_code))]

/// Shown, and printed on stderr, when the WebView2 runtime is missing.
pub const WEBVIEW2_MISSING: &str = "需要 Microsoft Edge WebView2 运行时才能打开督办台账的窗口，本机没有找到。请联系信息技术人员安装“Microsoft Edge WebView2 运行时”（离线安装包 MicrosoftEdgeWebView2RuntimeInstallerX64.exe），装好后再打开督办台账。";

/// Title of the message box when the runtime is missing; the Wine test finds the box by it.
pub const WEBVIEW2_MISSING_TITLE: &str = "督办台账 - 需要 WebView2 运行时";

/// Exit status when the WebView2 runtime is missing (documented in docs/windows.md).
pub const EXIT_NO_WEBVIEW2: i32 = 3;

/// Exit status when the app could not start for another reason.
pub const EXIT_START_FAILED: i32 = 1;

/// On Windows, stops with a message box and [`EXIT_NO_WEBVIEW2`] when no WebView2 runtime is
/// installed (neither per machine nor for this user). Tauri's own check would show an English
/// dialog; the core is not touched before this check, so no ledger is created either.
pub fn require_webview() {
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        eprintln!("{WEBVIEW2_MISSING}（{e}）");
        message_box(WEBVIEW2_MISSING_TITLE, WEBVIEW2_MISSING);
        std::process::exit(EXIT_NO_WEBVIEW2);
    }
}

/// Reports why the app could not start (stderr, and a message box on Windows) and exits.
pub fn fail(message: &str) -> ! {
    eprintln!("{message}");
    #[cfg(windows)]
    message_box("督办台账无法启动", message);
    std::process::exit(EXIT_START_FAILED);
}

#[cfg(windows)]
fn message_box(title: &str, text: &str) {
    use std::ffi::c_void;

    #[link(name = "user32")]
    unsafe extern "system" {
        fn MessageBoxW(hwnd: *mut c_void, text: *const u16, caption: *const u16, kind: u32) -> i32;
    }
    const MB_ICONERROR: u32 = 0x10;
    const MB_SETFOREGROUND: u32 = 0x1_0000;
    const MB_TOPMOST: u32 = 0x4_0000;

    let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide(title));
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive the call; a null owner
    // window is allowed.
    unsafe {
        MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_ICONERROR | MB_SETFOREGROUND | MB_TOPMOST);
    }
}
