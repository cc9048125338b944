//! The one integration-test binary: runs the real `taizhang` on real text.

mod extract;
mod score;
mod util;
