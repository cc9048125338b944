//! `.html`: visible text, blocks, entities, charsets, huge pages.

use crate::source::{InputFormat, read_bytes};
use encoding_rs::GBK;
use std::path::Path;

fn text_of(page: &[u8]) -> String {
    match read_bytes(Path::new("p.html"), page) {
        Ok(src) => {
            assert_eq!(src.format, InputFormat::Html);
            src.text
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn only_visible_body_text_in_lines() {
    let page = r#"<!DOCTYPE html><html><head><title>标题</title>
<style>p { color: red }</style><script>var x = "不少于9次";</script></head>
<body><nav><a href="/">首页</a> | <a href="/a">要闻</a></nav>
<header>某某县人民政府</header>
<h1>关于印发<span>2022年</span>工作要点的通知</h1>
<div class="main"><p>各乡镇：</p>
<p>全年开展<b>专项检查</b>不少于4次，
   约谈面达到100%。</p><ul><li>一项</li><li>二项</li></ul>
<table><tr><td>指标</td><td>目标</td></tr><tr><td>覆盖率</td><td>100%</td></tr></table>
<noscript>请启用脚本</noscript><p hidden>隐藏</p><div style="display: none">也隐藏</div>
<form><button>提交</button></form></div>
<aside>相关链接</aside><footer>版权所有</footer></body></html>"#;
    assert_eq!(
        text_of(page.as_bytes()),
        "关于印发2022年工作要点的通知\n各乡镇：\n全年开展专项检查不少于4次，约谈面达到100%。\n\
         一项\n二项\n指标\n目标\n覆盖率\n100%"
    );
}

#[test]
fn entities_breaks_and_blank_lines() {
    let page = "<p>A&amp;B&nbsp;C &#x4E00;&#20108;</p><p>x<br>y<br><br><br><br>z</p>\
                <div></div><div><p></p></div><p>English  words\n wrap</p>";
    assert_eq!(text_of(page.as_bytes()), "A&B\u{a0}C 一二\nx\ny\n\nz\nEnglish words wrap");
}

#[test]
fn pre_keeps_its_white_space() {
    let page = "<p>前</p><pre>第一行\n  第二行</pre><p>后</p>";
    assert_eq!(text_of(page.as_bytes()), "前\n第一行\n  第二行\n后");
}

#[test]
fn gbk_page_declared_by_meta() {
    let page = "<html><head><meta charset=\"gbk\"><title>t</title></head>\
                <body><p>每季度召开会议不少于1次。</p></body></html>";
    let (bytes, _, _) = GBK.encode(page);
    let src = read_bytes(Path::new("g.htm"), &bytes).expect("gbk page");
    assert_eq!(src.text, "每季度召开会议不少于1次。");
    assert_eq!(src.encoding, "GB18030");
    // The same page labelled gb2312 but saved as UTF-8 is read as UTF-8.
    let mislabelled = page.replace("gbk", "gb2312");
    let src = read_bytes(Path::new("u.html"), mislabelled.as_bytes()).expect("utf8");
    assert_eq!((src.text.as_str(), src.encoding), ("每季度召开会议不少于1次。", "UTF-8"));
}

#[test]
fn a_page_without_text_is_empty() {
    let err = read_bytes(Path::new("e.html"), b"<html><body><script>x</script></body></html>").expect_err("empty");
    assert_eq!(err.to_string(), "e.html: empty file");
}

/// 2 MB in debug builds (20 MB in release), all on one line.
fn huge_size() -> usize {
    if cfg!(debug_assertions) { 2 << 20 } else { 20 << 20 }
}

#[test]
fn huge_single_line_page() {
    let unit = "<span>全年开展检查不少于4次，</span>";
    let mut page = String::from("<html><body><p>");
    while page.len() < huge_size() {
        page.push_str(unit);
    }
    page.push_str("</p></body></html>");
    let text = text_of(page.as_bytes());
    assert!(text.starts_with("全年开展检查不少于4次，全年"));
    assert!(!text.contains('\n'));
}

#[test]
fn huge_single_line_text() {
    let line = "全年开展检查不少于4次，".repeat(huge_size() / 36);
    let src = read_bytes(Path::new("big.txt"), line.as_bytes()).expect("big text");
    assert_eq!(src.text.len(), line.len());
}

#[test]
fn huge_single_line_gbk_text() {
    // Encode one unit and repeat it: the GBK encoder is slow in debug builds.
    let unit = "全年开展检查不少于4次，";
    let line = unit.repeat(huge_size() / 36);
    let gb = GBK.encode(unit).0.repeat(huge_size() / 36);
    let src = read_bytes(Path::new("big_gb.txt"), &gb).expect("big gbk");
    assert_eq!(src.text, line);
}

#[test]
fn deeply_nested_page() {
    // 3,000 nested blocks, far past the tree's depth cap: each still opens a
    // line, and a hidden block or a script deep inside still shows nothing.
    let n = 3000;
    let mut page = String::from("<html><body>");
    for i in 0..n {
        page.push_str(&format!("<div>第{i}行"));
        if i % 1000 == 999 {
            page.push_str("<div hidden>隐藏<div>也隐藏</div></div><nav>导航</nav><script>var x = '<div>';</script>");
        }
    }
    page.push_str(&"</div>".repeat(n));
    page.push_str("</body></html>");
    let want: Vec<String> = (0..n).map(|i| format!("第{i}行")).collect();
    assert_eq!(text_of(page.as_bytes()), want.join("\n"));
}
