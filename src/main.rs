//! The `taizhang` binary: parse arguments, call the library, print, set the exit code.

mod cli;

use cli::Command;

#[global_allocator]
static ALLOC: cli::alloc::HugePages = cli::alloc::HugePages;

fn main() {
    let cli = cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cli::extract::run(a),
        Command::Text(a) => cli::text::run(a),
        Command::Inspect(a) => cli::text::inspect(a),
        Command::Index(a) => cli::index::run(a),
        Command::Search(a) => cli::search::run(a),
        Command::Compare(a) => cli::compare::run(a),
        Command::Track(a) => cli::track::run(a),
        Command::Ledger(a) => cli::ledger::run(a),
        Command::Export(a) => cli::export::run(a),
        Command::Serve(a) => cli::serve::run(a),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("taizhang: {e}");
            2
        }
    };
    std::process::exit(code);
}
