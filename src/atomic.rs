//! Writing output files whole or not at all.
//!
//! Every file taizhang writes (`ledger -o`, `ledger --update OLD -o OLD`,
//! the index's marker and manifests) goes to a temporary file in the
//! target's own folder, is synced to the disk, and only then renamed over
//! the target. The rename is atomic within one file system, which is why the
//! temporary file is made beside the target and not in `/tmp`: a full disk,
//! an error or a crash half-way leaves the old file as it was, and every
//! error path removes the temporary file (only a kill can leave one behind:
//! a hidden `.NAME.XXXXXX.tmp` beside the target).
//!
//! A target that is a FIFO or a device (`-o /dev/stdout`) cannot be
//! replaced and is written in place; a symbolic link is followed, so the
//! link stays and the file it points to is replaced.

use crate::error::{Error, Left, Result};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output file being written: bytes go to a temporary file until
/// [`commit`](AtomicFile::commit). Dropped without a commit, it removes the
/// temporary file and leaves the target untouched.
pub struct AtomicFile {
    /// Where the bytes go in the end (a symbolic link resolved).
    target: PathBuf,
    /// The path as the user named it, for messages.
    shown: PathBuf,
    /// What becomes of the target if writing fails.
    left: Left,
    out: Out,
}

enum Out {
    /// A temporary file beside the target, renamed over it on commit.
    Temp(BufWriter<tempfile::NamedTempFile>),
    /// A FIFO or device, written in place.
    Direct(BufWriter<File>),
}

impl std::fmt::Debug for AtomicFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtomicFile").field("target", &self.target).field("left", &self.left).finish_non_exhaustive()
    }
}

/// Is `e` (or an error it wraps) a full disk: `ErrorKind::StorageFull`, or
/// `ENOSPC` (raw OS error 28)?
pub fn is_disk_full(e: &io::Error) -> bool {
    fn full(e: &io::Error) -> bool {
        e.kind() == io::ErrorKind::StorageFull || (cfg!(unix) && e.raw_os_error() == Some(28))
    }
    if full(e) {
        return true;
    }
    // An io::Error made from another error (csv's, zip's) hides the first
    // one inside it.
    let mut inner: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|x| x as &(dyn std::error::Error + 'static));
    while let Some(x) = inner {
        if let Some(io) = x.downcast_ref::<io::Error>() {
            if full(io) {
                return true;
            }
            inner = io.get_ref().map(|x| x as &(dyn std::error::Error + 'static));
        } else {
            inner = x.source();
        }
    }
    false
}

/// The error of a failed write of `path`: [`Error::DiskFull`] for a full
/// disk, [`Error::Write`] otherwise.
pub fn write_error(path: &Path, left: Left, e: io::Error) -> Error {
    if is_disk_full(&e) {
        Error::DiskFull { path: path.to_path_buf(), left }
    } else {
        Error::Write { path: path.to_path_buf(), left, source: e }
    }
}

/// `e` without the name of the temporary file tempfile adds to it (the
/// user named the target, and the temporary file is gone).
fn without_temp_name(e: io::Error) -> io::Error {
    let first = e.get_ref().and_then(|x| x.source()).and_then(|x| x.downcast_ref::<io::Error>());
    match first.and_then(io::Error::raw_os_error) {
        Some(code) => io::Error::from_raw_os_error(code),
        None => e,
    }
}

/// Where a symbolic link `path` points (relative targets resolved against
/// the link's folder); `path` itself when it is no link.
fn resolve(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_path_buf();
    }
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    // A dangling link: create the file it names.
    match fs::read_link(path) {
        Ok(t) if t.is_absolute() => t,
        Ok(t) => path.parent().map_or(t.clone(), |d| d.join(&t)),
        Err(_) => path.to_path_buf(),
    }
}

impl AtomicFile {
    /// Start writing `path`: a temporary file in its folder (the permissions
    /// of the file it replaces, or those of a new file).
    ///
    /// # Errors
    /// [`Error::Write`] when `path` is a folder or the temporary file cannot
    /// be made (no such folder, no permission), [`Error::DiskFull`].
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let shown = path.to_path_buf();
        let target = resolve(path);
        let old = match fs::metadata(&target) {
            Ok(m) if m.is_dir() => {
                let e = io::Error::new(io::ErrorKind::IsADirectory, "it is a folder; give a file name");
                return Err(write_error(&shown, Left::AsItWas, e));
            }
            Ok(m) if !m.is_file() => {
                // A FIFO or a device cannot be replaced: write in place.
                let f = fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| write_error(&shown, Left::AsItWas, e))?;
                return Ok(AtomicFile { target, shown, left: Left::Incomplete, out: Out::Direct(BufWriter::new(f)) });
            }
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(write_error(&shown, Left::AsItWas, e)),
        };
        let left = if old.is_some() { Left::AsItWas } else { Left::NotCreated };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // What File::create gives a new file (0666 less the umask);
            // tempfile's own default, 0600, would hide a shared ledger.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        if !dir.is_dir() {
            let e = io::Error::new(io::ErrorKind::NotFound, format!("there is no folder {}", dir.display()));
            return Err(write_error(&shown, left, e));
        }
        let tmp = builder.tempfile_in(dir).map_err(|e| write_error(&shown, left, without_temp_name(e)))?;
        #[cfg(unix)]
        if let Some(m) = &old {
            // The replaced file's mode exactly (fchmod is not masked).
            tmp.as_file().set_permissions(m.permissions()).map_err(|e| write_error(&shown, left, e))?;
        }
        Ok(AtomicFile { target, shown, left, out: Out::Temp(BufWriter::new(tmp)) })
    }

    /// The path as given to [`create`](AtomicFile::create).
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Flush, sync the temporary file to the disk and rename it over the
    /// target (then sync the folder, so the rename is on the disk too).
    ///
    /// # Errors
    /// [`Error::DiskFull`] or [`Error::Write`]; the target is left as it was
    /// and the temporary file removed.
    pub fn commit(self) -> Result<()> {
        let AtomicFile { target, shown, left, out } = self;
        let fail = |e: io::Error| write_error(&shown, left, e);
        match out {
            Out::Direct(w) => {
                w.into_inner().map_err(|e| fail(e.into_error()))?;
            }
            Out::Temp(w) => {
                // On every error below the temporary file is dropped, which removes it.
                let tmp = w.into_inner().map_err(|e| fail(e.into_error()))?;
                tmp.as_file().sync_all().map_err(fail)?;
                tmp.persist(&target).map_err(|e| fail(e.error))?;
                sync_parent(&target);
            }
        }
        Ok(())
    }

    /// Give up after `e` (an error of a write to this file): remove the
    /// temporary file and say what went wrong.
    pub fn fail(self, e: io::Error) -> Error {
        write_error(&self.shown, self.left, e)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Out::Temp(w) => w.write(buf),
            Out::Direct(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.out {
            Out::Temp(w) => w.write_all(buf),
            Out::Direct(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Out::Temp(w) => w.flush(),
            Out::Direct(w) => w.flush(),
        }
    }
}

/// Sync the folder of `path`, so that a rename in it reaches the disk
/// (Unix; elsewhere a folder cannot be opened for this, and the rename is
/// durable by itself).
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Write `path` whole or not at all with what `fill` writes.
///
/// # Errors
/// [`Error::DiskFull`] or [`Error::Write`] (from `fill` or from the file
/// system), the target left as it was.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    match fill(&mut f) {
        Ok(()) => f.commit(),
        Err(e) => Err(f.fail(e)),
    }
}

/// Write `bytes` to `path` whole or not at all.
///
/// # Errors
/// As [`write_with`].
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that passes `budget` bytes on to `inner`, then fails with
    /// `kind` (a disk that fills up half-way).
    struct FailAfter<'a> {
        inner: &'a mut dyn Write,
        budget: usize,
        error: fn() -> io::Error,
    }

    impl Write for FailAfter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.budget == 0 {
                return Err((self.error)());
            }
            let n = self.inner.write(&buf[..buf.len().min(self.budget)])?;
            self.budget -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// 200 KiB of text: well past BufWriter's buffer, so the temporary
    /// file really holds part of it when the writer fails.
    fn big() -> Vec<u8> {
        "年内开展督查不少于2次。\n".repeat(6000).into_bytes()
    }

    #[test]
    fn a_writer_failing_midway_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("台账.csv");
        fs::write(&path, "old content\n").expect("write");
        let errors: [fn() -> io::Error; 3] = [
            || io::Error::from(io::ErrorKind::StorageFull),
            || io::Error::other("the writer broke"),
            // A full disk seen through a wrapping error (as csv reports it).
            || io::Error::other(io::Error::from(io::ErrorKind::StorageFull)),
        ];
        for (k, error) in errors.into_iter().enumerate() {
            let mut seen_tmp = Vec::new();
            let r = write_with(&path, |w| {
                let mut f = FailAfter { inner: w, budget: 100 * 1024, error };
                let res = f.write_all(&big());
                seen_tmp = names(dir.path());
                res
            });
            // While it was written, the temporary file was beside the target.
            assert_eq!(seen_tmp.len(), 2, "{seen_tmp:?}");
            assert!(seen_tmp.iter().any(|n| n.starts_with(".台账.csv.") && n.ends_with(".tmp")), "{seen_tmp:?}");
            let e = r.expect_err("the write fails");
            let msg = e.to_string();
            if k == 1 {
                assert!(matches!(e, Error::Write { left: Left::AsItWas, .. }), "{e:?}");
                assert!(msg.contains("cannot write: the writer broke"), "{msg}");
            } else {
                assert!(matches!(e, Error::DiskFull { left: Left::AsItWas, .. }), "{e:?}");
                let p = path.display();
                assert_eq!(msg, format!("disk full while writing {p}; {p} was left as it was"));
            }
            assert_eq!(fs::read_to_string(&path).expect("read"), "old content\n");
            assert_eq!(names(dir.path()), ["台账.csv"]);
        }
    }

    #[test]
    fn a_failed_new_file_is_not_created() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new.md");
        let r = write_with(&path, |w| {
            w.write_all(&big())?;
            Err(io::Error::from_raw_os_error(28))
        });
        let e = r.expect_err("fails");
        if cfg!(unix) {
            assert!(matches!(e, Error::DiskFull { left: Left::NotCreated, .. }), "{e:?}");
            assert!(e.to_string().ends_with("new.md was not created"), "{e}");
        }
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_complete_write_replaces_the_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.json");
        fs::write(&path, "old").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_bytes(&path, b"new").expect("write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(names(dir.path()), ["out.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).expect("stat").permissions().mode() & 0o777, 0o640);
            // A new file is not private to its owner (tempfile's default).
            let fresh = dir.path().join("fresh.txt");
            write_bytes(&fresh, b"x").expect("write");
            assert_ne!(fs::metadata(&fresh).expect("stat").permissions().mode() & 0o044, 0);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_a_device_written_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.md");
        fs::write(&real, "old").expect("write");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).expect("symlink");
        write_bytes(&link, b"new").expect("write");
        assert!(fs::symlink_metadata(&link).expect("stat").file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
        assert_eq!(names(dir.path()), ["link.md", "real.md"]);
        // /dev/null is written, not replaced.
        write_bytes(Path::new("/dev/null"), b"gone").expect("write /dev/null");
        assert!(fs::metadata("/dev/null").is_ok_and(|m| !m.is_file()));
    }

    #[test]
    fn a_folder_or_a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = write_bytes(dir.path(), b"x").expect_err("a folder");
        assert!(e.to_string().contains("it is a folder"), "{e}");
        let e = write_bytes(&dir.path().join("no/such/out.csv"), b"x").expect_err("no folder");
        assert!(matches!(e, Error::Write { left: Left::NotCreated, .. }), "{e:?}");
        assert!(e.to_string().contains("cannot write: there is no folder "), "{e}");
        #[cfg(unix)]
        {
            // An error of tempfile's names the target, not the temporary file.
            use std::os::unix::fs::PermissionsExt;
            let ro = dir.path().join("ro");
            fs::create_dir(&ro).expect("mkdir");
            fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
            // root may write anyway; then there is nothing to check.
            if let Err(e) = write_bytes(&ro.join("out.csv"), b"x") {
                let msg = e.to_string();
                assert!(msg.contains("out.csv: cannot write: ") && !msg.contains(".tmp"), "{msg}");
            }
        }
    }
}
