//! Words (TEMPORARY stub until the segmenter lands).

use jieba_rs::Jieba;
use std::sync::OnceLock;

/// The shared jieba instance.
pub fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(Jieba::new)
}
