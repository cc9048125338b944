//! The index schema: one tantivy document per requirement and one per
//! sentence, told apart by [`RECORD`]. Field names are the consts below;
//! [`SCHEMA_VERSION`] is stored with every index and checked on open.
//!
//! Text is indexed once, on the first record that holds it (its carrier):
//! a sentence on the first record of its sentence, a section path on the
//! first record of its section, a title on the first record of its
//! document; the other records find it through their carrier
//! ([`super::join`]). Every record stores one JSON value ([`JSON`]): the
//! requirement (the extract contract), or the bare sentence with its
//! section and document.

use super::tokenizer::{BIGRAM, JIEBA};
use tantivy::schema::{
    DateOptions, FAST, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions,
};

/// Bump whenever a field, a tokenizer or the folding changes.
pub const SCHEMA_VERSION: u32 = 3;

/// `req` or `sent`.
pub const RECORD: &str = "record";
/// [`RECORD`] value of a requirement.
pub const RECORD_REQ: &str = "req";
/// [`RECORD`] value of a sentence.
pub const RECORD_SENT: &str = "sent";
/// The input path as given (exact).
pub const DOC: &str = "doc";
/// Content hash of the document's source text (stored on its first record).
pub const HASH: &str = "hash";
/// Document title (words; on the first record of the document).
pub const TITLE: &str = "title";
/// Year the document governs (i64).
pub const YEAR: &str = "year";
/// `plan` or `report`.
pub const GENRE: &str = "genre";
/// Document type word (`责任书`).
pub const DOC_TYPE: &str = "doc_type";
/// `target` or `achievement`.
pub const KIND: &str = "kind";
/// `must`, `must_not`, `should`, `none`.
pub const MODALITY: &str = "modality";
/// Comparator symbol (`>=`).
pub const COMPARATOR: &str = "comparator";
/// The figure (f64, fast).
pub const VALUE: &str = "value";
/// Counting unit as written (`次`, `%`).
pub const UNIT: &str = "unit";
/// Period unit (`quarter`).
pub const PERIOD: &str = "period";
/// Periods per year (f64).
pub const PER_YEAR: &str = "per_year";
/// Deadline (date).
pub const DEADLINE: &str = "deadline";
/// Actor (bigrams, so part of a name finds it).
pub const ACTOR: &str = "actor";
/// Counted activity (words).
pub const ACTION: &str = "action";
/// Section path joined by ` > ` (words; on the first record of the section).
pub const SECTION: &str = "section";
/// The sentence as written, as character bigrams (on the first record of
/// the sentence). Not also cut into words (schema 2 did): the word field
/// cost a third of the index's size and of its indexing time, and a bigram
/// phrase finds every place a word occurs, however jieba cut it.
pub const SENTENCE: &str = "sentence";
/// A key of the record's document and section path (16 hexadecimal
/// digits, a fast column only): the records of one section share it.
pub const SECTION_KEY: &str = "section_key";
/// How many records back the record's sentence starts (u64, fast): 0 on
/// the record that carries the sentence's text, 1 on the next one of the
/// same sentence, and so on.
pub const SENTENCE_BACK: &str = "sentence_back";
/// The record as JSON, stored only: the requirement (the extract
/// contract), or the bare sentence ([`super::records::BareRecord`]).
pub const JSON: &str = "json";

/// Text searched and ranked: positions for phrases, and a length norm.
fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Words of a short text held by one record in many (a title, a section
/// path, an action): positions for phrases, and no length norm. A norm
/// costs a byte for every record of the index, and these texts are near
/// one length (the sentence keeps its norm: a match in a short sentence
/// ranks above one in a long).
fn short_words(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Bigrams looked up only as a filter (`--actor`): positions for the
/// phrase, no length norm (nothing scores it).
fn filter_bigrams() -> TextOptions {
    short_words(BIGRAM)
}

/// An exact term to filter on: no length norm (nothing scores it).
fn exact() -> TextOptions {
    let i = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_fieldnorms(false)
        .set_index_option(IndexRecordOption::Basic);
    TextOptions::default().set_indexing_options(i)
}

/// The word-field tokenizer names of a query schema: `tz_jieba@title`.
pub fn query_tokenizer_name(field: &str) -> String {
    format!("{JIEBA}@{field}")
}

/// The fields cut into words by jieba when indexing.
pub const WORD_FIELDS: [&str; 3] = [TITLE, ACTION, SECTION];

/// Build the schema.
pub fn build() -> Schema {
    build_with(&|_| JIEBA.to_string())
}

/// The schema for parsing queries: the same fields, but each word field
/// names a tokenizer of its own ([`query_tokenizer_name`]), so a query word
/// can be cut with the vocabulary of the field it is looked up in.
pub fn build_for_query() -> Schema {
    build_with(&query_tokenizer_name)
}

fn build_with(words: &dyn Fn(&str) -> String) -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(RECORD, exact().set_stored().set_fast(None));
    b.add_text_field(DOC, exact().set_stored().set_fast(None));
    for f in [GENRE, DOC_TYPE, KIND, MODALITY, COMPARATOR, UNIT, PERIOD] {
        b.add_text_field(f, exact().set_fast(None));
    }
    b.add_text_field(HASH, STORED);
    b.add_text_field(TITLE, short_words(&words(TITLE)));
    let number = || NumericOptions::default().set_indexed().set_fast();
    b.add_i64_field(YEAR, number());
    b.add_f64_field(VALUE, number());
    b.add_f64_field(PER_YEAR, number());
    b.add_date_field(DEADLINE, DateOptions::default().set_indexed().set_fast());
    b.add_text_field(ACTOR, filter_bigrams());
    b.add_text_field(ACTION, short_words(&words(ACTION)));
    b.add_text_field(SECTION, short_words(&words(SECTION)));
    b.add_text_field(SENTENCE, text(BIGRAM));
    // A string, not a u64: a fast string column stores each record's key
    // as a small ordinal, a u64 column the hash's 64 bits. Not indexed: the
    // section join reads the column alone.
    b.add_text_field(SECTION_KEY, TextOptions::default().set_fast(None));
    b.add_u64_field(SENTENCE_BACK, FAST);
    b.add_text_field(JSON, STORED);
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_const_is_a_field() {
        let s = build();
        for f in [
            RECORD,
            DOC,
            HASH,
            TITLE,
            YEAR,
            GENRE,
            DOC_TYPE,
            KIND,
            MODALITY,
            COMPARATOR,
            VALUE,
            UNIT,
            PERIOD,
            PER_YEAR,
            DEADLINE,
            ACTOR,
            ACTION,
            SECTION,
            SENTENCE,
            SECTION_KEY,
            SENTENCE_BACK,
            JSON,
        ] {
            assert!(s.get_field(f).is_ok(), "{f}");
        }
    }

    #[test]
    fn query_schema_has_the_same_fields_in_the_same_order() {
        let (s, q) = (build(), build_for_query());
        let names = |s: &Schema| s.fields().map(|(f, e)| (f, e.name().to_string())).collect::<Vec<_>>();
        assert_eq!(names(&s), names(&q));
        let tok = |s: &Schema, f: &str| {
            let e = s.get_field_entry(s.get_field(f).expect("field"));
            match e.field_type() {
                tantivy::schema::FieldType::Str(o) => o.get_indexing_options().map(|i| i.tokenizer().to_string()),
                _ => None,
            }
        };
        for f in WORD_FIELDS {
            assert_eq!(tok(&s, f).as_deref(), Some(JIEBA));
            assert_eq!(tok(&q, f), Some(query_tokenizer_name(f)));
        }
        assert_eq!(tok(&q, SENTENCE).as_deref(), Some(BIGRAM));
    }
}
