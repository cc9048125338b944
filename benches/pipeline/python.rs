//! The Python baseline (`benches/baseline/bench.py --serve DIR`) driven from
//! criterion: one Python process is started per group, loads jieba and the
//! files once, and then times each batch of passes in-process, so the
//! figures exclude interpreter start and jieba's dictionary load.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

/// The baseline's bench script.
pub fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/baseline/bench.py")
}

/// Why the baseline cannot run here, or `None` when `python3` imports jieba.
pub fn unavailable() -> Option<String> {
    match Command::new("python3").args(["-c", "import jieba"]).stderr(Stdio::null()).status() {
        Ok(s) if s.success() => None,
        Ok(_) => Some("python3 cannot import jieba (run benches/baseline/install.sh)".into()),
        Err(e) => Some(format!("python3 not found ({e})")),
    }
}

/// One pass (or batch of passes) as Python timed it.
pub struct Timing {
    /// In-process time of the batch.
    pub elapsed: Duration,
    /// Bytes of one pass.
    pub bytes: u64,
    /// Records of one pass.
    pub records: u64,
    /// CPU time of the batch (Python's `time.process_time`).
    pub cpu: Duration,
}

impl Timing {
    /// MB/s (10^6 bytes) over `passes` passes.
    pub fn mb_per_s(&self, passes: u64) -> f64 {
        (self.bytes * passes) as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// MB per CPU-second over `passes` passes (less sensitive to a busy machine).
    pub fn mb_per_cpu_s(&self, passes: u64) -> f64 {
        (self.bytes * passes) as f64 / 1e6 / self.cpu.as_secs_f64().max(1e-9)
    }
}

/// A running `bench.py --serve DIR`.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Bytes Python loaded from DIR.
    pub bytes: u64,
}

impl Server {
    /// Start the server over the `.txt` files of `dir`; waits until jieba and
    /// the files are loaded.
    pub fn start(dir: &Path) -> std::io::Result<Server> {
        let mut child = Command::new("python3")
            .arg(script())
            .arg("--serve")
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("no pipes to python3"));
        };
        let mut server = Server { child, stdin: Some(stdin), stdout: BufReader::new(stdout), bytes: 0 };
        let line = server.line()?;
        server.bytes = line
            .strip_prefix("ready ")
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("unexpected answer from bench.py: {line:?}")))?;
        Ok(server)
    }

    fn line(&mut self) -> std::io::Result<String> {
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("bench.py exited"));
        }
        Ok(line)
    }

    /// Run `passes` passes over the files; Python's own clock.
    pub fn run(&mut self, passes: u64) -> std::io::Result<Timing> {
        let stdin = self.stdin.as_mut().ok_or_else(|| std::io::Error::other("stdin closed"))?;
        writeln!(stdin, "run {passes}")?;
        stdin.flush()?;
        let line = self.line()?;
        let mut parts = line.split_whitespace();
        let mut next = || parts.next().ok_or_else(|| std::io::Error::other(format!("bad answer {line:?}")));
        let secs: f64 = next()?.parse().map_err(std::io::Error::other)?;
        let bytes: u64 = next()?.parse().map_err(std::io::Error::other)?;
        let records: u64 = next()?.parse().map_err(std::io::Error::other)?;
        let cpu: f64 = next()?.parse().map_err(std::io::Error::other)?;
        Ok(Timing { elapsed: Duration::from_secs_f64(secs), bytes, records, cpu: Duration::from_secs_f64(cpu) })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin ends the server's read loop.
        self.stdin.take();
        let _ = self.child.wait();
    }
}

/// CPU time of the calling thread so far (Linux: `/proc/thread-self/schedstat`).
pub fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}
