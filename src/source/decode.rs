//! Bytes to text: byte-order marks, strict UTF-8, detected GB18030 / Big5,
//! and the checks that tell binary data from text.
//!
//! Decoding is always strict: a byte sequence that is not valid in the chosen
//! encoding is an error naming its offset, never a replacement character.

use crate::error::{Error, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use std::path::Path;

/// How many bytes the encoding detector looks at (about 85,000 Chinese
/// characters: far more than it needs, and it is the slow part). The strict
/// decode afterwards still covers every byte.
const DETECT_SAMPLE: usize = 256 << 10;

/// Text decoded from bytes, with the name of the encoding used.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `Big5`, or the name of a
    /// declared encoding.
    pub encoding: &'static str,
}

/// The name we report for an encoding. GBK and GB18030 share one decoder in
/// `encoding_rs`, so both are reported as the superset, `GB18030`.
pub(crate) fn encoding_name(enc: &'static Encoding) -> &'static str {
    if enc == GBK || enc == GB18030 { "GB18030" } else { enc.name() }
}

/// Decode `bytes`: BOM, else strict UTF-8, else the `declared` encoding (from
/// an HTML `<meta charset>`), else GB18030 or Big5 as detected.
///
/// # Errors
/// [`Error::Binary`] for binary data, [`Error::Undecodable`] for bytes that
/// fit no encoding we read.
pub(crate) fn decode(path: &Path, bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if enc == UTF_8 {
            check_binary_bytes(path, body, bom_len)?;
        }
        let text = strict(enc, body).map_err(|off| {
            undecodable(
                path,
                format!("invalid {} (after its byte-order mark) at byte offset {}", enc.name(), off + bom_len),
            )
        })?;
        if enc == UTF_16LE || enc == UTF_16BE {
            check_binary_chars(path, &text)?;
        }
        return Ok(Decoded { text, encoding: enc.name() });
    }
    check_binary_bytes(path, bytes, 0)?;
    // simdutf8 validates a whole vector of bytes at a time (std goes a
    // character at a time through CJK text); its `compat` error names the
    // offset of the first bad byte, as std's does.
    let utf8_error = match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => {
            return Ok(Decoded { text: s.to_string(), encoding: "UTF-8" });
        }
        Err(e) => e.valid_up_to(),
    };
    if let Some(enc) = declared.filter(|e| *e != UTF_8)
        && let Ok(text) = strict(enc, bytes)
    {
        return Ok(Decoded { text, encoding: encoding_name(enc) });
    }
    detect_and_decode(path, bytes, utf8_error)
}

/// [`decode`] taking the bytes: a large UTF-8 input without a byte-order
/// mark becomes the text without a copy (the bytes and their text are
/// never both held).
pub(crate) fn decode_owned(path: &Path, bytes: Vec<u8>) -> Result<Decoded> {
    if bytes.len() < OWNED_ABOVE || Encoding::for_bom(&bytes).is_some() {
        return decode(path, &bytes, None);
    }
    check_binary_bytes(path, &bytes, 0)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, encoding: "UTF-8" }),
        Err(e) => decode(path, e.as_bytes(), None),
    }
}

/// Inputs from this size are decoded in place ([`decode_owned`]): below it,
/// a copy after simdutf8's check is faster than std's check alone.
const OWNED_ABOVE: usize = 4 << 20;

/// Not UTF-8: ask the detector. Big5 is trusted when detected (Big5 bytes
/// often decode as GB18030 too); otherwise GB18030 must decode every byte.
fn detect_and_decode(path: &Path, bytes: &[u8], utf8_error: usize) -> Result<Decoded> {
    // The sample starts where the text stops being ASCII: a long ASCII
    // preamble tells the detector nothing.
    let start = bytes.get(..utf8_error).and_then(|head| head.iter().rposition(u8::is_ascii)).map_or(0, |p| p + 1);
    let rest = bytes.get(start..).unwrap_or_default();
    let sample = rest.get(..DETECT_SAMPLE).unwrap_or(rest);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == rest.len());
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess == BIG5 {
        let text = strict(BIG5, bytes).map_err(|off| {
            undecodable(path, format!("looks like Big5 but has an invalid byte sequence at offset {off}"))
        })?;
        return Ok(Decoded { text, encoding: "Big5" });
    }
    match strict(GB18030, bytes) {
        Ok(text) => Ok(Decoded { text, encoding: "GB18030" }),
        Err(off) if guess == GBK || guess == GB18030 => {
            Err(undecodable(path, format!("looks like GB18030/GBK but has an invalid byte sequence at offset {off}")))
        }
        Err(off) => Err(undecodable(
            path,
            format!(
                "cannot decode: not UTF-8 (invalid at byte offset {utf8_error}), not GB18030 \
                 (invalid at offset {off}); the closest guess is {}; convert it to UTF-8 \
                 first, e.g. iconv -f {} -t UTF-8",
                guess.name(),
                guess.name()
            ),
        )),
    }
}

/// Decode all of `bytes` as `enc` without replacement characters; on failure
/// the byte offset of the first malformed sequence.
pub(crate) fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let first = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len());
    let mut out = String::with_capacity(first);
    let mut done = 0usize;
    loop {
        let rest = bytes.get(done..).unwrap_or_default();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        done += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => {
                let left = bytes.len().saturating_sub(done);
                out.reserve(left.saturating_mul(3).max(16));
            }
            DecoderResult::Malformed(bad, after) => {
                return Err(done.saturating_sub(usize::from(bad) + usize::from(after)));
            }
        }
    }
}

/// A control character that text files do not hold (tab, line feed, vertical
/// tab, form feed and carriage return are fine).
fn is_binary_control(b: u32) -> bool {
    (b < 0x20 && !matches!(b, 0x09..=0x0d)) || b == 0x7f
}

/// Too many control characters for text: at least 8, and 1 in 32 or more.
pub(super) fn too_many(controls: usize, total: usize) -> bool {
    controls >= 8 && controls.saturating_mul(32) >= total
}

/// Reject bytes with a NUL or many control characters. `base` is added to
/// offsets (the length of a stripped BOM).
fn check_binary_bytes(path: &Path, bytes: &[u8], base: usize) -> Result<()> {
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(binary(path, format!("NUL bytes at offset {}", pos + base)));
    }
    let controls = count_controls(bytes);
    if too_many(controls, bytes.len()) {
        return Err(binary(path, format!("{controls} control characters in {} bytes", bytes.len())));
    }
    Ok(())
}

/// The same check on decoded UTF-16 text (its raw bytes hold NULs).
fn check_binary_chars(path: &Path, text: &str) -> Result<()> {
    if let Some(pos) = text.find('\0') {
        return Err(binary(path, format!("NUL characters at text offset {pos}")));
    }
    let controls = text.chars().filter(|&c| is_binary_control(c.into())).count();
    if too_many(controls, text.chars().count()) {
        return Err(binary(path, format!("{controls} control characters in the text")));
    }
    Ok(())
}

/// The control characters of `bytes` that binary data holds and text does not.
pub(super) fn count_controls(bytes: &[u8]) -> usize {
    // Counted in bytes over chunks of 255 (no overflow), so the compiler
    // keeps 32 counters in one vector register.
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(is_binary_control(u32::from(b))))))
        .sum()
}

pub(super) fn binary(path: &Path, reason: String) -> Error {
    Error::Binary { path: path.to_path_buf(), reason }
}

fn undecodable(path: &Path, reason: String) -> Error {
    Error::Undecodable { path: path.to_path_buf(), reason }
}
