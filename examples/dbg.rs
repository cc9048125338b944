fn main() {
    let s = std::env::args().nth(1).unwrap();
    for t in taizhang::segment::words::jieba().tag(&s, false) {
        print!("{}/{} ", t.word, t.tag);
    }
    println!();
    println!("{:?}", taizhang::extract::actor::subject(&s, 0..s.len()).map(|r| &s[r]));
}
