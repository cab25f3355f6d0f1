//! The memory and start-up floor of `scripts/bench-window.sh`: an empty Tauri 2 window with the
//! same WebKitGTK, loading a blank page. Built only with `--features bench`; never shipped.
//!
//! Once the page has loaded it sets `window.__readyMs` (milliseconds from the start of `main`),
//! as the real app does once the plan is on screen, so that both are read the same way.
//!
//! `--no-compositing`: WebKit's accelerated compositing off, as the real app sets it on Linux
//! (the second floor of the benchmark: the same setting on both sides).

fn main() {
    let started = std::time::Instant::now();
    if std::env::args().any(|a| a == "--no-compositing") {
        // SAFETY: before any thread is started.
        unsafe { std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1") };
    }
    tauri::Builder::default()
        .on_page_load(move |webview, payload| {
            if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                let ms = started.elapsed().as_millis();
                let _ = webview.eval(format!("window.__readyMs = {ms}"));
            }
        })
        .run(tauri::generate_context!("bench/blank-window/tauri.conf.json"))
        .expect("blank window");
}
