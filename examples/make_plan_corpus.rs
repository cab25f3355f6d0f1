//! Writes the corpus of plan documents into a folder (by default `tests/corpus/plans`):
//! `cargo run --example make_plan_corpus [DIR]`. See `tests/support/plan_corpus.rs`.

#[path = "../tests/support/plan_corpus.rs"]
mod plan_corpus;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "tests/corpus/plans".to_string());
    std::fs::create_dir_all(&dir)?;
    for (name, bytes, _) in plan_corpus::corpus() {
        let path = std::path::Path::new(&dir).join(name);
        std::fs::write(&path, &bytes)?;
        println!("{}  {} bytes", path.display(), bytes.len());
    }
    Ok(())
}
