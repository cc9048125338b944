//! The benchmark input: `corpus/*.txt` (or the `.txt` files of another
//! folder, such as the real documents of `tests/dev/docs`) replicated in
//! memory to a given size, as separate documents, one character varied per
//! copy so that no two documents are byte-identical (nothing can be cached
//! between copies).
#![allow(dead_code, reason = "shared by the pipeline and cli benches, each using a part")]

use std::path::{Path, PathBuf};

/// One document of the replicated set.
pub struct Doc {
    /// Its name (`COPY_ORIGINAL.txt`); the extension selects the text reader.
    pub name: PathBuf,
    /// Its bytes (UTF-8).
    pub bytes: Vec<u8>,
}

/// The seed corpus replicated `copies` times.
pub struct Corpus {
    /// All documents, copy by copy, each copy in the corpus's sorted order.
    pub docs: Vec<Doc>,
    /// How many documents one copy holds.
    pub per_copy: usize,
    /// How many copies there are.
    pub copies: usize,
}

/// The seed corpus folder of this crate.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The real documents of `tests/dev/docs` (government reports, 督查通报,
/// 考核细则 … as published, not written for this project).
pub fn dev_docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dev/docs")
}

/// The `.txt` files of `corpus/`, sorted, as (file name, text).
pub fn originals() -> Vec<(String, String)> {
    originals_in(&corpus_dir())
}

/// The `.txt` files of `dir`, sorted, as (file name, text).
pub fn originals_in(dir: &Path) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no .txt files in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, text)
        })
        .collect()
}

/// `text` with its last CJK ideograph replaced by one chosen by `copy`
/// (another ideograph of the same UTF-8 length: sizes and offsets keep).
pub fn vary(text: &str, copy: usize) -> String {
    let is_ideograph = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let Some((at, old)) = text.char_indices().rev().find(|&(_, c)| is_ideograph(c)) else {
        return text.to_string();
    };
    // U+4F00 + k stays inside the block for k < 4096, and is 3 bytes like `old`.
    let new = char::from_u32(0x4f00 + (copy % 4096) as u32).unwrap_or(old);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.push(new);
    out.push_str(&text[at + old.len_utf8()..]);
    out
}

impl Corpus {
    /// Enough copies of the seed corpus to hold at least `min_bytes`.
    pub fn at_least(min_bytes: usize) -> Corpus {
        Corpus::of(originals(), min_bytes)
    }

    /// Enough copies of `originals` to hold at least `min_bytes`.
    pub fn of(originals: Vec<(String, String)>, min_bytes: usize) -> Corpus {
        let one: usize = originals.iter().map(|(_, t)| t.len()).sum();
        let copies = min_bytes.div_ceil(one.max(1)).max(1);
        let mut docs = Vec::with_capacity(copies * originals.len());
        for k in 0..copies {
            for (name, text) in &originals {
                let bytes = vary(text, k).into_bytes();
                docs.push(Doc { name: PathBuf::from(format!("{k:05}_{name}")), bytes });
            }
        }
        Corpus { docs, per_copy: originals.len(), copies }
    }

    /// Total size in bytes.
    pub fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.bytes.len() as u64).sum()
    }

    /// The documents of the first `copies` copies.
    pub fn first_copies(&self, copies: usize) -> &[Doc] {
        &self.docs[..(copies.min(self.copies) * self.per_copy)]
    }

    /// Write the documents of the first `copies` copies into `dir`.
    pub fn write_to(&self, dir: &Path, copies: usize) -> std::io::Result<()> {
        for d in self.first_copies(copies) {
            std::fs::write(dir.join(&d.name), &d.bytes)?;
        }
        Ok(())
    }
}

/// Size scale for quick smoke runs (`TAIZHANG_BENCH_SCALE=0.05`); 1 by default.
pub fn scale() -> f64 {
    std::env::var("TAIZHANG_BENCH_SCALE").ok().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).unwrap_or(1.0)
}

/// `mb` megabytes (10^6 bytes) times [`scale`].
pub fn megabytes(mb: f64) -> usize {
    (mb * scale() * 1e6) as usize
}

/// A benchmark group of 10 flat samples measuring `bytes` of source text
/// per iteration, with a one-second warm-up and `secs` of measurement.
pub fn configure<'a>(
    c: &'a mut criterion::Criterion,
    name: &str,
    bytes: u64,
    secs: u64,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(criterion::Throughput::Bytes(bytes))
        .sample_size(10)
        .sampling_mode(criterion::SamplingMode::Flat)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(secs));
    g
}
