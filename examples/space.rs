//! What each field of a taizhang index takes on disk (postings, positions,
//! term dictionary, fast fields, norms) and the document store, summed over
//! its segments, from tantivy's own space report.
//!
//! ```text
//! cargo run --release --example space -- .taizhang/index
//! ```

fn main() {
    let dir = std::env::args().nth(1).expect("usage: space INDEX_DIR");
    let index = tantivy::Index::open_in_dir(dir).expect("open");
    let reader = index.reader().expect("reader");
    let s = reader.searcher();
    let u = s.space_usage().expect("usage");
    let schema = index.schema();
    let mut tot: std::collections::BTreeMap<String, [u64; 5]> = Default::default();
    for seg in u.segments() {
        for (name, part, i) in [
            ("idx", seg.postings(), 0),
            ("pos", seg.positions(), 1),
            ("term", seg.termdict(), 2),
            ("fast", seg.fast_fields(), 3),
            ("norm", seg.fieldnorms(), 4),
        ] {
            let _ = name;
            for (f, fu) in part.fields() {
                let e = tot.entry(schema.get_field_name(*f).to_string()).or_default();
                e[i] += fu.total().get_bytes();
            }
        }
    }
    println!("{:<16}{:>10}{:>10}{:>10}{:>10}{:>10}", "field", "idx", "pos", "term", "fast", "norm");
    for (k, v) in tot {
        println!("{:<16}{:>10}{:>10}{:>10}{:>10}{:>10}", k, v[0], v[1], v[2], v[3], v[4]);
    }
    let st: u64 = u.segments().iter().map(|s| s.store().total().get_bytes()).sum();
    println!("store {st}");
}
