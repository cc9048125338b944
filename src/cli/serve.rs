//! `taizhang serve`: the local web app over an index.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use taizhang::index::DEFAULT_DIR;
use taizhang::serve::{App, is_loopback, run as serve};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Index directory (built by `taizhang index`).
    #[arg(long, default_value = DEFAULT_DIR)]
    pub index: PathBuf,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address (127.0.0.1,
    /// ::1) lets other machines read the index: a warning is printed.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

/// Run `serve` until the process is stopped; returns the exit code (2 when
/// the index cannot be opened or the address cannot be bound).
pub fn run(args: Args) -> io::Result<i32> {
    let addr = SocketAddr::new(args.bind, args.port);
    if !is_loopback(&addr) {
        eprintln!(
            "taizhang: warning: listening on {} lets other machines on the network read this index (there is no login); use --bind 127.0.0.1 to keep it to this machine",
            args.bind
        );
    }
    let app = match App::open(&args.index) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let index = args.index.display().to_string();
    match serve(app, addr, |bound| eprintln!("taizhang: serving {index} on http://{bound}/ (Ctrl-C to stop)")) {
        Ok(()) => Ok(0),
        Err(e) => {
            eprintln!("taizhang: {e}");
            Ok(2)
        }
    }
}
