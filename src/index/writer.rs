//! Writing: documents replaced as a whole (by input name), skipped when
//! their content hash is unchanged; commits as the run goes
//! ([`Writer::checkpoint`]) and at the end, each one's payload naming the
//! manifest of exactly the documents it holds, so a killed run leaves the
//! last commit whole and the next run does only the rest.

use super::open::{DocEntry, Manifest};
use super::records::{Seen, document_groups};
use super::{Index, IndexError, Result, schema};
use crate::document::Document;
use crate::extract::Extraction;
use crate::model::{DocumentMeta, Requirement};
use tantivy::directory::error::LockError;
use tantivy::indexer::UserOperation;
use tantivy::{TantivyError, Term};

/// Memory for each of tantivy's indexing threads: enough for its share of
/// a batch ([`super::DEFAULT_BATCH_BYTES`] of source takes about 4.5 bytes
/// of writer memory per byte), so that each thread writes one segment per
/// commit. With 32 MB each (64 MB for two threads), the threads flushed
/// three times as many small segments, which tantivy then merged: on 62 MB
/// of text, 12 segments and 4 s of merging out of 25 s of CPU. The memory
/// is taken as it is used; peak RSS went down (357 → 211 MB, 2 threads),
/// the merges having been the peak.
pub const HEAP_PER_THREAD: usize = 128 << 20;

/// The most indexing threads of tantivy's (each takes a share of a batch;
/// more only make more, smaller segments).
pub const MAX_WRITER_THREADS: usize = 4;

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the index before.
    Added,
    /// In the index with another hash; replaced.
    Updated,
    /// Same hash; left alone.
    Unchanged,
}

/// The counts of one indexing run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// New documents.
    pub added: usize,
    /// Replaced documents.
    pub updated: usize,
    /// Documents gone from disk, removed.
    pub removed: usize,
    /// Documents skipped because their hash is unchanged.
    pub unchanged: usize,
    /// Inputs that could not be read (their old records are kept).
    pub failed: usize,
    /// Requirements written in this run.
    pub requirements: usize,
    /// Bare sentences written in this run.
    pub sentences: usize,
    /// Documents in the index after the run.
    pub total_docs: usize,
    /// Requirements in the index after the run.
    pub total_requirements: usize,
    /// Something the run did not finish that costs nothing now (segments
    /// left unmerged), to tell the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} removed, {} unchanged, {} failed; {} requirements and {} sentences indexed ({} documents, {} requirements in the index)",
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.failed,
            self.requirements,
            self.sentences,
            self.total_docs,
            self.total_requirements
        )
    }
}

/// A stable content hash of a source text (64-bit FNV-1a and the length).
/// Used to skip unchanged documents, not for security.
pub fn content_hash(text: &str) -> String {
    let mut h = ContentHasher::default();
    h.update(text.as_bytes());
    h.finish()
}

/// [`content_hash`] of a text given in pieces (a large input read from
/// disk a block at a time).
#[derive(Debug, Clone)]
pub struct ContentHasher {
    h: u64,
    len: usize,
}

impl Default for ContentHasher {
    fn default() -> Self {
        ContentHasher { h: 0xcbf2_9ce4_8422_2325, len: 0 }
    }
}

impl ContentHasher {
    /// Hash the next bytes of the text.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.h ^= u64::from(b);
            self.h = self.h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.len += bytes.len();
    }

    /// The hash of all the bytes given.
    pub fn finish(&self) -> String {
        format!("{:x}-{:016x}", self.len, self.h)
    }
}

/// A sentence that holds no requirement, ready to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareSentence {
    /// The sentence as written.
    pub text: String,
    /// Byte offsets in the source text.
    pub span: [usize; 2],
    /// The heading path, outermost first.
    pub section: Vec<String>,
}

/// The sentences of `doc` that no requirement of `ex` sits in.
pub fn bare_sentences(doc: &Document, ex: &Extraction) -> Vec<BareSentence> {
    // The sentences that gave requirements, by start (they do not overlap:
    // sentences tile the text), so each sentence is looked up, not compared
    // with every requirement (a long document has tens of thousands).
    let mut spans: Vec<[usize; 2]> = ex.requirements.iter().map(|r| r.sentence_span).collect();
    spans.sort_unstable();
    spans.dedup();
    let taken = |s: usize, e: usize| {
        let k = spans.partition_point(|t| t[1] <= s);
        spans.get(k).is_some_and(|t| t[0] < e)
    };
    let outline = &doc.seg.outline;
    let mut out = Vec::new();
    for sent in &doc.seg.sentences[doc.own_sentences()] {
        let r = doc.norm.to_source(sent.range.clone());
        let Some(text) = doc.source.get(r.clone()) else {
            continue;
        };
        // (Offsets in the input: a part of an input read in parts is not at 0.)
        let [s, e] = doc.source_span(sent.range.clone());
        let trimmed = text.trim();
        if trimmed.chars().count() < 2 || taken(s, e) {
            continue;
        }
        let lead = text.len() - text.trim_start().len();
        let start = s + lead;
        let section = outline
            .path(sent.section)
            .into_iter()
            .filter_map(|i| outline.sections.get(i))
            .map(|s| doc.source_slice(s.title.clone()).trim().to_string())
            .collect();
        out.push(BareSentence { text: trimmed.to_string(), span: [start, start + trimmed.len()], section });
    }
    out
}

/// The writer of one run; holds the index lock until dropped or committed.
pub struct Writer<'a> {
    index: &'a Index,
    w: tantivy::IndexWriter,
    manifest: Manifest,
    /// The manifest file of the last commit.
    previous_file: Option<String>,
    /// Documents in the last commit.
    committed: usize,
    summary: Summary,
    /// The document begun ([`Writer::begin_document`]) and not yet ended.
    open: OpenDocument,
}

/// A document begun and not yet ended: what its records put so far carry
/// once, and what they count.
#[derive(Debug)]
struct OpenDocument {
    seen: Seen,
    change: Change,
    requirements: usize,
    sentences: usize,
}

impl Default for OpenDocument {
    fn default() -> Self {
        OpenDocument { seen: Seen::default(), change: Change::Added, requirements: 0, sentences: 0 }
    }
}

impl Index {
    /// Take the writer lock. With `rebuild`, every document is dropped
    /// (in the next commit; until then searches see the old index).
    ///
    /// # Errors
    /// [`IndexError::Locked`] when another writer holds it.
    pub fn writer(&self, rebuild: bool) -> Result<Writer<'_>> {
        self.writer_with_threads(rebuild, 0)
    }

    /// [`Index::writer`] with `threads` indexing threads of tantivy's (0:
    /// one per core), at most [`MAX_WRITER_THREADS`], each with
    /// [`HEAP_PER_THREAD`].
    ///
    /// # Errors
    /// As [`Index::writer`].
    pub fn writer_with_threads(&self, rebuild: bool, threads: usize) -> Result<Writer<'_>> {
        let threads = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
        let threads = threads.clamp(1, MAX_WRITER_THREADS);
        let w = self.inner.writer_with_num_threads(threads, threads * HEAP_PER_THREAD).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                IndexError::Locked(self.dir.clone().unwrap_or_else(|| std::path::PathBuf::from("(memory)")))
            }
            e => e.into(),
        })?;
        let (mut manifest, previous_file) = super::open::read_manifest(self)?;
        let committed = manifest.docs.len();
        if rebuild {
            w.delete_all_documents()?;
            manifest.docs.clear();
        }
        manifest.schema_version = schema::SCHEMA_VERSION;
        Ok(Writer {
            index: self,
            w,
            manifest,
            previous_file,
            committed,
            summary: Summary::default(),
            open: OpenDocument::default(),
        })
    }
}

impl Writer<'_> {
    /// Whether `name` is indexed with this hash already.
    pub fn is_unchanged(&self, name: &str, hash: &str) -> bool {
        self.manifest.docs.get(name).is_some_and(|e| e.hash == hash)
    }

    /// The content hash of every indexed document, by name.
    pub fn hashes(&self) -> std::collections::HashMap<String, String> {
        let docs = &self.manifest.docs;
        docs.iter().map(|(k, e)| (k.clone(), e.hash.clone())).collect()
    }

    /// Names of the documents in the index (as of this run so far).
    pub fn names(&self) -> Vec<String> {
        self.manifest.docs.keys().cloned().collect()
    }

    /// Count an unchanged document.
    pub fn skip(&mut self) {
        self.summary.unchanged += 1;
    }

    /// Count an input that failed.
    pub fn fail(&mut self) {
        self.summary.failed += 1;
    }

    /// Index an analysed document and its extraction under `doc.name`.
    ///
    /// # Errors
    /// Tantivy refusing a document.
    pub fn put_document(&mut self, doc: &Document, ex: &Extraction) -> Result<Change> {
        let hash = content_hash(&doc.source);
        let bare = bare_sentences(doc, ex);
        self.put_records(&doc.name, &hash, &doc.meta, &ex.requirements, &bare)
    }

    /// Index the records of one document, replacing what `name` had.
    ///
    /// # Errors
    /// Tantivy refusing a document (its writer thread failed: see
    /// [`Writer::explain`]).
    pub fn put_records(
        &mut self,
        name: &str,
        hash: &str,
        meta: &DocumentMeta,
        reqs: &[Requirement],
        bare: &[BareSentence],
    ) -> Result<Change> {
        if self.is_unchanged(name, hash) {
            self.summary.unchanged += 1;
            return Ok(Change::Unchanged);
        }
        let change = self.begin_document(name);
        self.put_part(name, hash, meta, reqs, bare)?;
        self.end_document(name, hash);
        Ok(change)
    }

    /// Start replacing what `name` had (its records are deleted in the
    /// next commit): then [`Writer::put_part`] for each part of it and
    /// [`Writer::end_document`]. A document read in parts is put this way,
    /// each part's records as soon as they are made; the caller commits
    /// only between documents.
    pub fn begin_document(&mut self, name: &str) -> Change {
        let change = if self.manifest.docs.contains_key(name) {
            self.w.delete_term(Term::from_field_text(self.index.fields.doc, name));
            Change::Updated
        } else {
            Change::Added
        };
        self.open = OpenDocument { seen: Seen::default(), change, requirements: 0, sentences: 0 };
        change
    }

    /// Add the records of one part of the document begun as `name`
    /// ([`Writer::begin_document`]).
    ///
    /// # Errors
    /// As [`Writer::put_records`].
    pub fn put_part(
        &mut self,
        name: &str,
        hash: &str,
        meta: &DocumentMeta,
        reqs: &[Requirement],
        bare: &[BareSentence],
    ) -> Result<()> {
        // One batch per sentence: tantivy keeps a batch's documents
        // consecutive in one segment, as the sentence join needs.
        for group in document_groups(&self.index.fields, name, hash, meta, reqs, bare, &mut self.open.seen) {
            self.w.run(group.into_iter().map(UserOperation::Add))?;
        }
        self.open.requirements += reqs.len();
        self.open.sentences += bare.len();
        Ok(())
    }

    /// Record the document begun as `name` as indexed, with its content
    /// hash and what all its parts gave, and count it.
    pub fn end_document(&mut self, name: &str, hash: &str) {
        let open = std::mem::take(&mut self.open);
        match open.change {
            Change::Updated => self.summary.updated += 1,
            _ => self.summary.added += 1,
        }
        self.summary.requirements += open.requirements;
        self.summary.sentences += open.sentences;
        let entry = DocEntry { hash: hash.to_string(), requirements: open.requirements, sentences: open.sentences };
        self.manifest.docs.insert(name.to_string(), entry);
    }

    /// Give up the document begun as `name` (a part of it failed): what its
    /// parts added is deleted, and so are its old records (they were
    /// deleted when it was begun); it is no longer listed, so the next run
    /// reads it again.
    pub fn abandon_document(&mut self, name: &str) {
        self.open = OpenDocument::default();
        self.w.delete_term(Term::from_field_text(self.index.fields.doc, name));
        self.manifest.docs.remove(name);
    }

    /// Remove a document; false when it was not indexed.
    pub fn remove(&mut self, name: &str) -> bool {
        if self.manifest.docs.remove(name).is_none() {
            return false;
        }
        self.w.delete_term(Term::from_field_text(self.index.fields.doc, name));
        self.summary.removed += 1;
        true
    }

    /// Commit what was put so far, the payload naming a manifest of
    /// exactly the documents committed: a run killed after it keeps them,
    /// and the next run finds them unchanged. The writer goes on.
    ///
    /// # Errors
    /// Tantivy failing to commit, or the manifest file failing to be
    /// written (the previous commit stays); see [`Writer::explain`].
    pub fn checkpoint(&mut self) -> Result<()> {
        let (payload, file) = super::open::commit_payload(self.index, &self.manifest)?;
        let mut prepared = self.w.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        let previous = std::mem::replace(&mut self.previous_file, file.clone());
        super::open::prune_manifests(self.index, &[file, previous]);
        self.committed = self.manifest.docs.len();
        self.index.reload()
    }

    /// Commit everything and wait for the merges; returns the counts.
    ///
    /// # Errors
    /// As [`Writer::checkpoint`].
    pub fn commit(mut self) -> Result<Summary> {
        self.checkpoint()?;
        // A merge that fails (a full disk) leaves the commit as it is: the
        // segments stay unmerged until the next run.
        if let Err(e) = self.w.wait_merging_threads() {
            self.summary.note = Some(match disk_full(self.index, &e.into(), self.committed) {
                Some(full) => format!("segments left unmerged: {full}"),
                None => "segments left unmerged (a merge failed); the next run merges them".into(),
            });
        }
        self.index.reload()?;
        self.summary.total_docs = self.manifest.docs.len();
        self.summary.total_requirements = self.manifest.docs.values().map(|e| e.requirements).sum();
        Ok(self.summary)
    }

    /// What to report of `e`, an error of this writer: a full disk as
    /// [`IndexError::DiskFull`] (the error tantivy's writer threads die of
    /// is not passed on, so the free space is asked for), anything else as
    /// it is. The uncommitted work is rolled back and its files removed,
    /// which gives the space back.
    pub fn explain(mut self, e: IndexError) -> IndexError {
        let full = disk_full(self.index, &e, self.committed);
        if self.w.rollback().is_ok() {
            let _ = self.w.garbage_collect_files().wait();
        }
        match full {
            Some(full) => full,
            None => e,
        }
    }
}

/// Bytes free below which an error of tantivy's (whose cause is lost in a
/// writer thread) is taken for a full disk.
const NEARLY_FULL: u64 = 1 << 20;

/// `Some(DiskFull)` when `e` is, or follows from, a full disk.
fn disk_full(index: &Index, e: &IndexError, committed: usize) -> Option<IndexError> {
    let dir = index.dir()?;
    let free = fs4::available_space(dir).ok();
    let said = match e {
        IndexError::Write(crate::Error::DiskFull { .. }) => true,
        IndexError::Io { source, .. } => crate::atomic::is_disk_full(source),
        IndexError::Engine(m) => m.contains("os error 28") || m.contains("No space left"),
        _ => false,
    };
    let engine = matches!(e, IndexError::Engine(_) | IndexError::Io { .. });
    let nearly_full = engine && free.is_some_and(|f| f < NEARLY_FULL);
    if !said && !nearly_full {
        return None;
    }
    let kept = match committed {
        0 => "the index holds no document yet (nothing was committed)".to_string(),
        1 => "the index holds the 1 document of its last commit, intact".to_string(),
        n => format!("the index holds the {n} documents of its last commit, intact"),
    };
    Some(IndexError::DiskFull { path: dir.to_path_buf(), free, kept })
}
