//! `taizhang text` and `taizhang inspect`.

use super::Format;
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::source::{Input, read_input};

/// Arguments of `text`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file (`-` for standard input).
    pub path: PathBuf,
}

/// Arguments of `inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The file (`-` for standard input).
    pub path: PathBuf,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also list the words of every sentence.
    #[arg(long)]
    pub tokens: bool,
}

fn input(p: &std::path::Path) -> Input {
    if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.to_path_buf()) }
}

/// Run `text`.
pub fn run(args: Args) -> io::Result<i32> {
    match read_input(&input(&args.path)) {
        Ok(src) => {
            io::stdout().lock().write_all(src.text.as_bytes())?;
            Ok(0)
        }
        Err(e) => {
            eprintln!("taizhang: {e}");
            Ok(1)
        }
    }
}

/// Run `inspect`.
pub fn inspect(args: InspectArgs) -> io::Result<i32> {
    let src = match read_input(&input(&args.path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(1);
        }
    };
    let doc = taizhang::Document::analyze(src.name.clone(), src.text);
    let report = taizhang::inspect::Inspection::new(&doc, args.tokens);
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json | Format::Jsonl => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        _ => write!(out, "{report}")?,
    }
    Ok(0)
}
