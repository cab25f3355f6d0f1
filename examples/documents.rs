//! Writes the three sample documents (督办通知单, 催办单, 月度通报) built from the built-in plan
//! into a folder, to open in WPS or Word:
//!
//! ```bash
//! cargo run --example documents -- 文书样例/
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use taizhang::document::{DocumentStyle, bulletin, notice, samples, save_docx};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("用法：cargo run --example documents -- 输出文件夹");
        return ExitCode::FAILURE;
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("错误：无法创建文件夹 {}：{}", dir.display(), taizhang::error::describe_io(&e));
        return ExitCode::FAILURE;
    }
    let style = DocumentStyle::default();
    let mut written = Vec::new();
    let result = (|| -> taizhang::Result<()> {
        for input in [samples::supervision(), samples::reminder()] {
            let out = dir.join(input.file_name());
            save_docx(&notice(&input)?, &style, &out)?;
            written.push(out);
        }
        let input = samples::bulletin();
        let out = dir.join(input.file_name());
        save_docx(&bulletin(&input)?, &style, &out)?;
        written.push(out);
        Ok(())
    })();
    match result {
        Ok(()) => {
            for f in written {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
