//! The visible text of an HTML page, in one linear pass over its tree
//! (parsed in linear time: [`super::html_tree`]).
//!
//! Scripts, styles, navigation, headers, footers, forms and hidden elements
//! are dropped; block elements break lines, inline ones do not; white space
//! collapses as a browser would, except that a line break between two
//! Chinese characters vanishes (it is source formatting, not a space);
//! `<pre>` keeps its white space; runs of blank lines collapse to one.

use super::html_tree::{BREAK, parse_document};
use scraper::{Node, Selector};

/// Elements whose content is never text for the reader.
pub(crate) const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer", "aside", "form", "select",
    "button", "head", "object", "canvas", "math",
];

/// Elements that start and end a line.
#[rustfmt::skip]
pub(crate) const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "legend", "li", "listing", "main", "menu", "nav", "ol", "option", "p", "plaintext",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
    "tr", "ul", "xmp",
];

/// Elements whose white space is kept as written.
const PRE: &[&str] = &["pre", "listing", "plaintext", "textarea", "xmp"];

/// The text of `<body>` (the whole document if there is none).
pub(crate) fn body_text(page: &str) -> String {
    let doc = parse_document(page);
    let body =
        Selector::parse("body").ok().and_then(|sel| doc.select(&sel).next()).unwrap_or_else(|| doc.root_element());
    let start = *body;
    let mut sink = Sink::default();
    let mut node = start;
    let mut entering = true;
    loop {
        if entering {
            let descend = sink.open(node.value());
            if descend && let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            sink.close(node.value(), descend);
        } else {
            sink.close(node.value(), true);
        }
        if node.id() == start.id() {
            break;
        }
        if let Some(next) = node.next_sibling() {
            node = next;
            entering = true;
        } else if let Some(parent) = node.parent() {
            node = parent;
            entering = false;
        } else {
            break;
        }
    }
    sink.finish()
}

/// Whether an element is hidden by `hidden` or an inline `display:none`.
fn hidden(el: &scraper::node::Element) -> bool {
    hides(el.attr("hidden").is_some(), el.attr("style"))
}

/// Whether an element with (or without) a `hidden` attribute and this
/// `style` is hidden.
pub(crate) fn hides(hidden: bool, style: Option<&str>) -> bool {
    hidden
        || style.is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// A block element, or the stand-in for a block flattened past the depth cap.
fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name) || name == BREAK
}

/// Builds the text: pending white space is written only before the next
/// visible character, so no line ends or starts with a collapsed space.
#[derive(Default)]
struct Sink {
    out: String,
    /// White space seen since the last character: none, spaces, or spaces
    /// including a line break.
    pending: Pending,
    /// Depth inside white-space-preserving elements.
    pre: usize,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Pending {
    #[default]
    None,
    Space,
    Newline,
}

/// A character that a line break between two of them should not split:
/// CJK ideographs, kana, hangul and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

impl Sink {
    /// Enter a node; false when its content is to be skipped.
    fn open(&mut self, node: &Node) -> bool {
        match node {
            Node::Text(t) => {
                self.text(t);
                false
            }
            Node::Element(el) => {
                let name = el.name();
                if DROPPED.contains(&name) || hidden(el) {
                    if is_block(name) {
                        self.line_break();
                    }
                    return false;
                }
                if name == "br" {
                    self.hard_break();
                } else if is_block(name) {
                    self.line_break();
                }
                if PRE.contains(&name) {
                    self.pre += 1;
                }
                true
            }
            _ => false,
        }
    }

    /// Leave a node (`entered` is false for skipped content).
    fn close(&mut self, node: &Node, entered: bool) {
        if let Node::Element(el) = node {
            let name = el.name();
            if entered && PRE.contains(&name) {
                self.pre = self.pre.saturating_sub(1);
            }
            if is_block(name) {
                self.line_break();
            }
        }
    }

    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            self.flush_space(None);
            self.out.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                if c == '\n' || c == '\r' {
                    self.pending = Pending::Newline;
                } else if self.pending == Pending::None {
                    self.pending = Pending::Space;
                }
            } else {
                self.flush_space(Some(c));
                self.out.push(c);
            }
        }
    }

    /// Write the pending white space (if any) before `next`.
    fn flush_space(&mut self, next: Option<char>) {
        let pending = std::mem::take(&mut self.pending);
        let last = self.out.chars().next_back();
        let at_line_start = last.is_none_or(|c| c == '\n');
        if pending == Pending::None || at_line_start {
            return;
        }
        let joins_wide = pending == Pending::Newline && last.is_some_and(is_wide) && next.is_some_and(is_wide);
        if !joins_wide {
            self.out.push(' ');
        }
    }

    /// End the current line, if it has anything on it.
    fn line_break(&mut self) {
        self.pending = Pending::None;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// A `<br>`: always a line break, but never more than one blank line.
    fn hard_break(&mut self) {
        self.pending = Pending::None;
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// The text, with blank-line runs collapsed and no trailing newline.
    fn finish(self) -> String {
        let mut text = String::with_capacity(self.out.len());
        let mut blank_run = 0usize;
        for line in self.out.lines() {
            let line = line.trim_end_matches([' ', '\t']);
            if line.trim().is_empty() {
                blank_run += 1;
                if blank_run > 1 || text.is_empty() {
                    continue;
                }
            } else {
                blank_run = 0;
            }
            text.push_str(line);
            text.push('\n');
        }
        let end = text.trim_end_matches('\n').len();
        text.truncate(end);
        text
    }
}
