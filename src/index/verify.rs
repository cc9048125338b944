//! Checking an index on disk before it is trusted. The quick check runs
//! whenever `index` opens an index to write to it: the marker and
//! `meta.json` read, every file a segment of the last commit needs is there
//! with tantivy's footer at its end, the manifest the commit names reads
//! and counts as many records as the segments hold. The thorough check
//! (`taizhang index --verify`, or when a search fails) also reads every
//! segment file whole against the checksum in its footer.

use super::files;
use super::open::{MANAGED, META, read_marker};
use super::{Index, IndexError, MARKER, Result};
use std::path::Path;

/// How far to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Names, footers, the manifest and the record count.
    Quick,
    /// Also every segment file's checksum (reads the whole index).
    Thorough,
}

/// One damaged file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Damage {
    /// The file, named within the index directory.
    pub file: String,
    /// What is wrong with it, to follow its name (`is missing`).
    pub problem: String,
}

/// What a check found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Every damaged file found (empty: the index is sound).
    pub damage: Vec<Damage>,
    /// Segments of the last commit.
    pub segments: usize,
    /// Segment files checked.
    pub files: usize,
    /// Documents in the manifest.
    pub documents: usize,
    /// Records (requirements and sentences) in the segments.
    pub records: u64,
}

impl Report {
    fn damaged(&mut self, file: impl Into<String>, problem: impl Into<String>) {
        self.damage.push(Damage { file: file.into(), problem: problem.into() });
    }
}

/// A tantivy error in one line: without the file contents some of them
/// quote, and not too long.
pub(super) fn short(e: &tantivy::TantivyError) -> String {
    let s = e.to_string();
    let s = s.split(" Content:").next().unwrap_or_default().trim_end_matches(['.', ' ']);
    let mut out: String = s.chars().take(200).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Check the index in `dir` (which must be ours: see `open::state`).
///
/// # Errors
/// Only when the directory cannot be listed; damage is in the report.
pub fn check(dir: &Path, depth: Depth) -> Result<Report> {
    let mut r = Report::default();
    let Some(inner) = check_files(dir, depth, &mut r)? else { return Ok(r) };
    let index = Index::wrap(inner, Some(dir.to_path_buf()))?;
    let manifest = match super::open::read_manifest(&index) {
        Ok(m) => Some(m),
        Err(e) => {
            let (file, problem) = super::open::manifest_problem(&e);
            r.damaged(file, problem);
            None
        }
    };
    if !r.damage.is_empty() {
        return Ok(r);
    }
    match index.searcher() {
        Err(e) => r.damaged(META, format!("names segments that cannot be opened ({e})")),
        Ok(s) => {
            r.records = s.num_docs();
            if let Some((m, name)) = manifest {
                r.documents = m.docs.len();
                let listed: u64 = m.docs.values().map(|e| (e.requirements + e.sentences) as u64).sum();
                if listed != r.records {
                    let file = name.unwrap_or_else(|| META.into());
                    r.damaged(
                        file,
                        format!("lists {listed} records, but the segments of the commit hold {}", r.records),
                    );
                }
            }
        }
    }
    Ok(r)
}

/// The files of every segment of the last commit: the components each
/// one has (the deletes only when it has some).
fn segment_files(segments: &[tantivy::index::SegmentMeta]) -> Vec<std::path::PathBuf> {
    use tantivy::index::SegmentComponent as C;
    let mut v: Vec<_> = segments
        .iter()
        .flat_map(|s| {
            C::iterator()
                .filter(|c| match c {
                    C::TempStore => false,
                    C::Delete => s.has_deletes(),
                    _ => true,
                })
                .map(|c| s.relative_path(*c))
        })
        .collect();
    v.sort();
    v
}

/// Why tantivy cannot open a segment file, for a person.
fn open_problem(e: &tantivy::directory::error::OpenReadError) -> String {
    use tantivy::directory::error::OpenReadError as E;
    match e {
        E::FileDoesNotExist(_) => "is missing".into(),
        E::IoError { io_error, .. }
            if matches!(io_error.kind(), std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof) =>
        {
            "is truncated or damaged (its end is not tantivy's footer)".into()
        }
        E::IoError { io_error, .. } => format!("cannot be read ({io_error})"),
        E::IncompatibleIndex(_) => "was written by another version of tantivy".into(),
    }
}

/// The checks of the marker, `meta.json`, `.managed.json` and the
/// segment files; the tantivy index when they could go that far.
///
/// # Errors
/// Only when the directory cannot be listed.
pub(super) fn check_files(dir: &Path, depth: Depth, r: &mut Report) -> Result<Option<tantivy::Index>> {
    let names = files::names(dir).map_err(|source| IndexError::Io { path: dir.to_path_buf(), source })?;
    let has = |n: &str| names.iter().any(|x| x == n);
    if !has(MARKER) {
        r.damaged(MARKER, "is missing");
    } else if let Err(why) = read_marker(dir) {
        r.damaged(MARKER, format!("cannot be read: {why}"));
    }
    if !has(META) {
        if names.iter().any(|n| files::is_segment_file(n) || files::is_manifest(n)) {
            r.damaged(META, "is missing");
        }
        return Ok(None);
    }
    for (file, what) in [(META, "an object"), (MANAGED, "a list")] {
        if file == MANAGED && !has(MANAGED) {
            continue;
        }
        if let Some(why) = files::not_regular(&dir.join(file)) {
            r.damaged(file, why);
            return Ok(None);
        }
        let bytes = std::fs::read(dir.join(file)).map_err(|e| e.to_string());
        let parsed = bytes.and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string()));
        let ok = match &parsed {
            Ok(v) if file == META => v.is_object(),
            Ok(v) => v.is_array(),
            Err(_) => false,
        };
        if !ok {
            let why = parsed.err().unwrap_or_else(|| format!("not {what}"));
            r.damaged(file, format!("cannot be read (truncated or overwritten: {why})"));
            return Ok(None);
        }
    }
    let inner = match tantivy::Index::open_in_dir(dir) {
        Ok(i) => i,
        Err(e) => {
            r.damaged(META, format!("cannot be opened ({})", short(&e)));
            return Ok(None);
        }
    };
    if inner.schema() != super::schema::build() {
        r.damaged(META, "holds a schema that is not the one its marker names");
        return Ok(None);
    }
    let segments = match inner.searchable_segment_metas() {
        Ok(s) => s,
        Err(e) => {
            r.damaged(META, format!("cannot be read ({})", short(&e)));
            return Ok(None);
        }
    };
    r.segments = segments.len();
    let d = inner.directory();
    for p in segment_files(&segments) {
        r.files += 1;
        let name = p.display().to_string();
        if let Some(why) = files::not_regular(&dir.join(&p)) {
            r.damaged(name, why);
            continue;
        }
        if let Err(e) = tantivy::directory::Directory::open_read(d, &p) {
            r.damaged(name, open_problem(&e));
            continue;
        }
        if depth == Depth::Thorough {
            match d.validate_checksum(&p) {
                Ok(true) => {}
                Ok(false) => r.damaged(name, "is damaged (its checksum does not match its contents)"),
                Err(e) => r.damaged(name, open_problem(&e)),
            }
        }
    }
    Ok(Some(inner))
}

/// Check the index in `dir` thoroughly (`taizhang index --verify`).
///
/// # Errors
/// [`IndexError::Missing`], [`IndexError::Foreign`] or
/// [`IndexError::OldSchema`]: there is no index of this taizhang's to check.
pub fn verify_dir(dir: &Path) -> Result<Report> {
    use super::open::State;
    match super::open::state(dir)? {
        State::Empty | State::Ours { committed: false, version: Some(_) } => {
            Err(IndexError::Missing(dir.to_path_buf()))
        }
        State::Ours { version: Some(v), .. } if v != super::schema::SCHEMA_VERSION => {
            Err(IndexError::OldSchema { path: dir.to_path_buf(), found: v })
        }
        State::Ours { .. } => check(dir, Depth::Thorough),
    }
}

/// Whether the manifest the last commit names is there and is well-formed
/// JSON (checked without building it: a search does not need it, but an
/// index whose manifest is damaged is damaged).
pub(super) fn check_manifest_syntax(dir: &Path, inner: &tantivy::Index, r: &mut Report) {
    let Ok(metas) = inner.load_metas() else { return };
    let Some(name) = metas
        .payload
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|v| v.get("manifest_file").and_then(|f| f.as_str()).map(str::to_string))
    else {
        return;
    };
    if let Some(why) = files::not_regular(&dir.join(&name)) {
        r.damaged(name, why);
        return;
    }
    match std::fs::read(dir.join(&name)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => r.damaged(name, "is missing"),
        Err(e) => r.damaged(name, format!("cannot be read ({e})")),
        Ok(b) => {
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&b) {
                r.damaged(name, format!("cannot be read (truncated or overwritten: {e})"));
            }
        }
    }
}

/// The error for a damaged index in `dir`: the first damaged file of
/// `report`, named; when the report found none, a thorough check is made
/// to find it.
pub(super) fn damage_error(dir: &Path, report: &Report) -> IndexError {
    let thorough;
    let r = if report.damage.is_empty() {
        thorough = check(dir, Depth::Thorough).unwrap_or_default();
        &thorough
    } else {
        report
    };
    match r.damage.first() {
        Some(d) => IndexError::Damaged {
            path: dir.to_path_buf(),
            file: d.file.clone(),
            problem: d.problem.clone(),
            others: r.damage.len() - 1,
        },
        None => IndexError::Damaged {
            path: dir.to_path_buf(),
            file: META.into(),
            problem: "or a segment it names cannot be read".into(),
            others: 0,
        },
    }
}

impl Index {
    /// Check this index's files (an index in memory is always sound).
    ///
    /// # Errors
    /// The directory cannot be listed.
    pub fn verify(&self, depth: Depth) -> Result<Report> {
        match self.dir() {
            Some(d) => check(d, depth),
            None => Ok(Report::default()),
        }
    }

    /// Explain an error of tantivy's reading this index: when a file of it
    /// is damaged (found by a thorough check), [`IndexError::Damaged`]
    /// naming it; any other error is returned as it is.
    pub fn diagnose(&self, e: IndexError) -> IndexError {
        match (&e, self.dir()) {
            (IndexError::Engine(_), Some(dir)) => match check(dir, Depth::Thorough) {
                Ok(r) if !r.damage.is_empty() => damage_error(dir, &r),
                _ => e,
            },
            _ => e,
        }
    }
}
