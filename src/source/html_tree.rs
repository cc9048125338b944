//! Parse an HTML page into a tree in time linear in its size.
//!
//! The HTML tree builder looks down its stack of open elements for most tags
//! (is a `<p>` open? is this end tag's element in scope?), so a page of
//! 100,000 nested `<div>` costs 100,000² steps. As browsers do (Blink caps
//! the depth at 512), elements nested deeper than [`MAX_DEPTH`] are not
//! opened: the tokens between the tokenizer and the tree builder pass
//! through a filter that keeps its own cheap model of the open elements and
//! drops the start and end tags of plain containers (`div`, `span`, `font`
//! …) that would go deeper. Their text goes to the deepest element kept, a
//! block among them still breaks the line (a `<tz-break>` element the text
//! walk reads as a block), and a hidden or dropped element among them
//! (`<nav>`, `style="display:none"`) is skipped whole, as the walk would.
//! Pages less deep than the cap are parsed exactly as before.

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    EOFToken, EndTag, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult};
use scraper::{Html, HtmlTreeSink};
use std::cell::RefCell;
use std::collections::HashMap;

/// How deep elements nest before plain containers are flattened.
pub(crate) const MAX_DEPTH: usize = 512;

/// The element that stands for a flattened block: the text walk breaks the
/// line at it, as at the block's start and end.
pub(crate) const BREAK: &str = "tz-break";

/// Parse `page` as `scraper::Html::parse_document` does, with elements
/// nested deeper than [`MAX_DEPTH`] flattened.
pub(crate) fn parse_document(page: &str) -> Html {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(Flatten::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(page));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// Elements with no content: never on the stack.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements the tree builder closes by itself (a `<p>` by the next block, an
/// `<li>` by the next `<li>`, an `<a>` by the next `<a>` …) or that frame
/// the document: they cannot nest deep on their own, so they are passed
/// through and not counted.
const UNCOUNTED: &[&str] = &[
    "html", "head", "body", "frameset", "p", "li", "dd", "dt", "option", "optgroup", "select", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "a", "nobr", "button", "form", "h1",
    "h2", "h3", "h4", "h5", "h6",
];

/// Elements always passed through: their content is raw text (the tokenizer
/// changes state on them) or they shape a table.
const KEPT: &[&str] =
    &["script", "style", "noscript", "iframe", "xmp", "noembed", "noframes", "textarea", "title", "plaintext", "table"];

/// Elements whose content is never text for the reader (as the text walk's list).
fn dropped(name: &str) -> bool {
    super::html_text::DROPPED.contains(&name)
}

fn block(name: &str) -> bool {
    super::html_text::BLOCKS.contains(&name)
}

/// One element of the model of the stack of open elements.
struct Open {
    name: LocalName,
    /// Passed to the tree builder (false: flattened).
    kept: bool,
}

#[derive(Default)]
struct Model {
    stack: Vec<Open>,
    /// Where each name is on `stack`, innermost last.
    at: HashMap<LocalName, Vec<usize>>,
    /// How many of `stack` were passed to the tree builder.
    kept: usize,
    /// How many `<svg>` / `<math>` are open (a self-closing tag closes there).
    foreign: usize,
    /// Inside a dropped or hidden element beyond the cap: its name, and how
    /// many elements of that name are open inside it.
    skipping: Option<(LocalName, usize)>,
}

impl Model {
    fn push(&mut self, name: LocalName, kept: bool) {
        if kept {
            self.kept += 1;
            if matches!(&*name, "svg" | "math") {
                self.foreign += 1;
            }
        }
        self.at.entry(name.clone()).or_default().push(self.stack.len());
        self.stack.push(Open { name, kept });
    }

    /// Close the innermost open `name` and everything inside it; whether
    /// it had been passed to the tree builder, `None` when none is open.
    fn close(&mut self, name: &LocalName) -> Option<bool> {
        let at = *self.at.get(name)?.last()?;
        let mut kept = false;
        while self.stack.len() > at {
            let Some(open) = self.stack.pop() else { break };
            if let Some(v) = self.at.get_mut(&open.name) {
                v.pop();
            }
            if open.kept {
                self.kept -= 1;
                if matches!(&*open.name, "svg" | "math") {
                    self.foreign -= 1;
                }
            }
            kept = open.kept;
        }
        Some(kept)
    }
}

/// The token filter between the tokenizer and the tree builder.
struct Flatten<S> {
    inner: S,
    model: RefCell<Model>,
    /// The last token passed on was a line break of ours (a second one
    /// right after it would change nothing).
    broke: std::cell::Cell<bool>,
}

impl<S> Flatten<S> {
    fn new(inner: S) -> Self {
        Flatten { inner, model: RefCell::new(Model::default()), broke: std::cell::Cell::new(false) }
    }
}

/// Does the tag hide its element (`hidden`, `style="display:none"`)?
fn hides(tag: &Tag) -> bool {
    let attr = |n: &str| tag.attrs.iter().find(|a| &*a.name.local == n).map(|a| &*a.value);
    super::html_text::hides(attr("hidden").is_some(), attr("style"))
}

fn tag(kind: html5ever::tokenizer::TagKind, name: &str) -> Token {
    TagToken(Tag {
        kind,
        name: LocalName::from(name),
        self_closing: false,
        attrs: Vec::new(),
        had_duplicate_attributes: false,
    })
}

impl<S: TokenSink> Flatten<S> {
    /// A flattened block's line break.
    fn line_break(&self, line: u64) {
        if self.broke.replace(true) {
            return;
        }
        for kind in [StartTag, EndTag] {
            let _ = self.inner.process_token(tag(kind, BREAK), line);
        }
    }

    /// Pass a token on to the tree builder.
    fn pass(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        self.broke.set(false);
        self.inner.process_token(token, line)
    }

    /// What to do with a tag: pass it on, or drop it (standing in a line
    /// break for a block).
    fn tag(&self, tag: Tag, line: u64) -> TokenSinkResult<S::Handle> {
        let mut m = self.model.borrow_mut();
        let name = tag.name.clone();
        let is_block = block(&name);
        if let Some((skipped, depth)) = m.skipping.clone() {
            if skipped == name {
                match tag.kind {
                    StartTag if !tag.self_closing => m.skipping = Some((skipped, depth + 1)),
                    EndTag if depth == 0 => {
                        m.skipping = None;
                        drop(m);
                        if is_block {
                            self.line_break(line);
                        }
                    }
                    EndTag => m.skipping = Some((skipped, depth - 1)),
                    StartTag => {}
                }
            }
            return TokenSinkResult::Continue;
        }
        let n = &*tag.name;
        match tag.kind {
            StartTag if VOID.contains(&n) || UNCOUNTED.contains(&n) || (tag.self_closing && m.foreign > 0) => {}
            StartTag if m.kept < MAX_DEPTH || KEPT.contains(&n) => m.push(name, true),
            StartTag => {
                if dropped(n) || hides(&tag) {
                    // Beyond the cap, nothing of a hidden element is read.
                    m.skipping = Some((name, 0));
                } else {
                    m.push(name, false);
                }
                drop(m);
                if is_block {
                    self.line_break(line);
                }
                return TokenSinkResult::Continue;
            }
            EndTag => {
                if m.close(&name) == Some(false) {
                    drop(m);
                    if is_block {
                        self.line_break(line);
                    }
                    return TokenSinkResult::Continue;
                }
            }
        }
        drop(m);
        self.pass(TagToken(tag), line)
    }
}

impl<S: TokenSink> TokenSink for Flatten<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        match token {
            TagToken(tag) => self.tag(tag, line),
            EOFToken => self.pass(EOFToken, line),
            token if self.model.borrow().skipping.is_some() => {
                drop(token);
                TokenSinkResult::Continue
            }
            token => self.pass(token, line),
        }
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's tree, serialised.
    fn tree(page: &str) -> String {
        parse_document(page).html()
    }

    #[test]
    fn shallow_pages_parse_as_before() {
        let pages = [
            "<!DOCTYPE html><html><head><title>t</title></head><body><div><p>a<p>b</div><ul><li>1<li>2</ul></body></html>",
            "<table><tr><td>x<td>y</table>文本<b><i>粗</b>斜</i><p hidden>隐<div style='display:none'>z</div>",
            "<svg><path/><g><rect/></g></svg><math><mi>x</mi></math><pre>\n  a</pre><script>if (a<b) {}</script>",
            "<font><font><span>未闭合",
        ];
        for page in pages {
            assert_eq!(tree(page), Html::parse_document(page).html(), "{page}");
        }
    }

    #[test]
    fn deep_nesting_is_capped() {
        let n = 3 * MAX_DEPTH;
        let page = format!("<body>{}深{}</body>", "<div>".repeat(n), "</div>".repeat(n));
        let html = parse_document(&page);
        let depth = html.tree.nodes().filter(|n| n.value().as_element().is_some_and(|e| e.name() == "div")).count();
        assert_eq!(depth, MAX_DEPTH, "divs past the cap are flattened");
        let breaks = html.tree.nodes().filter(|n| n.value().as_element().is_some_and(|e| e.name() == BREAK)).count();
        assert_eq!(breaks, 2, "one line break before the text, one after");
        assert!(html.root_element().text().any(|t| t == "深"));
    }
}
