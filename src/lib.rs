//! taizhang (台账): extract the quantified obligations and reported
//! achievements of Chinese policy documents, index them, compare them and
//! track plans against reports.
#![warn(missing_docs)]

pub mod atomic;
pub mod compare;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod index;
pub mod inspect;
pub mod ledger;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod parts;
pub mod pipeline;
pub mod segment;
pub mod serve;
pub mod source;
pub mod structure;
pub mod track;
mod util;

pub use document::Document;
pub use error::{Error, Result};
pub use model::*;
