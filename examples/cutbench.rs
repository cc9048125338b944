//! Word cutting alone, in memory: every sentence of `tests/dev/docs` cut by
//! jieba-rs (`Jieba::cut(s, false)`, its dictionary load timed apart) and by
//! `taizhang::segment::cut` (`cut`, then `tag`), twice each. Prints the times
//! and the token counts (equal when both cut alike). A tool for changing
//! `src/segment/cut.rs`; users' figures are the CLI benchmark's
//! (`cargo bench --bench cli`).
//!
//! ```text
//! cargo run --release --example cutbench
//! ```

use std::time::Instant;
fn main() {
    let mut texts = Vec::new();
    for e in std::fs::read_dir("tests/dev/docs").expect("run from the checkout") {
        let p = e.expect("a folder entry").path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(std::fs::read_to_string(p).expect("UTF-8 text"));
        }
    }
    let sents: Vec<&str> = texts.iter().flat_map(|t| t.split(['。', '\n'])).collect();
    let bytes: usize = sents.iter().map(|s| s.len()).sum();
    let t = Instant::now();
    let j = taizhang::segment::words::jieba();
    println!("jieba load {:?}", t.elapsed());
    for _ in 0..2 {
        let t = Instant::now();
        let mut n = 0;
        for s in &sents {
            n += j.cut(s, false).len();
        }
        let a = t.elapsed();
        let t = Instant::now();
        let mut m = 0;
        for s in &sents {
            m += taizhang::segment::cut::cut(s).len();
        }
        let b = t.elapsed();
        let t = Instant::now();
        let mut k = 0;
        for s in &sents {
            k += taizhang::segment::cut::tag(s).len();
        }
        let c = t.elapsed();
        println!("{bytes} bytes: jieba cut {a:?} ({n}), ours cut {b:?} ({m}), ours tag {c:?} ({k})");
    }
}
