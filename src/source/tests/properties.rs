//! No input makes a reader panic; UTF-8 text round-trips exactly.

use crate::source::read_bytes;
use proptest::prelude::*;
use std::path::Path;

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for name in ["x.txt", "x.docx", "x.html", "-"] {
            let _ = read_bytes(Path::new(name), &bytes);
        }
    }

    #[test]
    fn zip_like_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&tail);
        let _ = read_bytes(Path::new("x.docx"), &bytes);
    }

    #[test]
    fn arbitrary_markup_never_panics(s in "(<[a-z/!?]{0,6}[ =\"a-z]{0,8}>?|&#?[a-z0-9]{0,5};?|[中文 \n])*") {
        let _ = read_bytes(Path::new("x.html"), s.as_bytes());
        let docx = crate::source::testutil::docx_from_body(&s);
        let _ = read_bytes(Path::new("x.docx"), &docx);
    }

    #[test]
    fn utf8_text_round_trips(s in any::<String>()) {
        match read_bytes(Path::new("x.txt"), s.as_bytes()) {
            Ok(src) => prop_assert_eq!(src.text, s),
            Err(e) => {
                let blank = s.trim().is_empty();
                let binary = matches!(e, crate::error::Error::Binary { .. });
                prop_assert!(blank || binary, "{}", e);
            }
        }
    }
}
