//! List where the documents of each input start, as a compilation is split
//! (`cargo run --release --example compilations FILES…`); with
//! `PART_BYTES` set, also where its parts of that size start.
fn main() {
    let part_bytes: Option<usize> = std::env::var("PART_BYTES").ok().and_then(|v| v.parse().ok());
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for k in taizhang::meta::document_starts(&text) {
            let line = text[k..].lines().next().unwrap_or("");
            println!("{path}\tdocument\t{k}\t{line}");
        }
        let Some(bytes) = part_bytes else { continue };
        let options = taizhang::extract::Options::default();
        for part in taizhang::parts::Parts::with_part_bytes(&path, text.clone(), options, bytes).analysis_only() {
            match part {
                Ok((doc, _)) => println!("{path}\tpart\t{}\t{}", doc.origin.offset, doc.origin.is_start()),
                Err(e) => println!("{path}\terror\t{e}"),
            }
        }
    }
}
