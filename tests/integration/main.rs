//! The one integration-test binary: runs the real `taizhang` on real text.

mod compare;
mod export;
mod extract;
mod faults;
mod index_faults;
mod inputs;
mod key;
mod ledger;
mod newcomer;
mod parts;
mod properties;
mod scaling;
mod score;
mod search;
mod serve;
mod stream;
mod util;
