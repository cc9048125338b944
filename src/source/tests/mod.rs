//! Tests of the source readers, one file per concern.

mod decoding;
mod docx_files;
mod html_pages;
mod properties;
mod refusals;
mod walking;

use std::path::Path;

/// The UTF-8 text of a seed document.
pub(super) fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed every encoding test uses.
pub(super) const SEED: &str = "001_bd2d67b045b86009.txt";
