//! The index schema: one tantivy document per requirement and one per
//! sentence, told apart by [`RECORD`]. Field names are the consts below;
//! [`SCHEMA_VERSION`] is stored with every index and checked on open.

use super::tokenizer::{BIGRAM, JIEBA};
use tantivy::schema::{FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

/// Bump whenever a field, a tokenizer or the folding changes.
pub const SCHEMA_VERSION: u32 = 1;

/// `req` or `sent`.
pub const RECORD: &str = "record";
/// [`RECORD`] value of a requirement.
pub const RECORD_REQ: &str = "req";
/// [`RECORD`] value of a sentence.
pub const RECORD_SENT: &str = "sent";
/// The input path as given (exact).
pub const DOC: &str = "doc";
/// Content hash of the document's source text.
pub const HASH: &str = "hash";
/// Document title (words).
pub const TITLE: &str = "title";
/// Year the document governs (i64).
pub const YEAR: &str = "year";
/// `plan` or `report`.
pub const GENRE: &str = "genre";
/// Document type word (`责任书`).
pub const DOC_TYPE: &str = "doc_type";
/// Requirement id.
pub const ID: &str = "id";
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
/// Section path joined by ` > ` (words).
pub const SECTION: &str = "section";
/// The sentence as written (words, stored).
pub const SENTENCE: &str = "sentence";
/// The sentence again, as character bigrams.
pub const SENTENCE_BI: &str = "sentence_bi";
/// Sentence start byte in the source.
pub const SPAN_START: &str = "span_start";
/// Sentence end byte in the source.
pub const SPAN_END: &str = "span_end";
/// The whole requirement as JSON (the extract contract), stored only.
pub const JSON: &str = "json";

fn text(tokenizer: &str, stored: bool, positions: bool) -> TextOptions {
    let opt = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
    let o = TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(opt));
    if stored { o.set_stored() } else { o }
}

/// The word-field tokenizer names of a query schema: `tz_jieba@sentence`.
pub fn query_tokenizer_name(field: &str) -> String {
    format!("{JIEBA}@{field}")
}

/// The fields cut into words by jieba when indexing.
pub const WORD_FIELDS: [&str; 4] = [TITLE, ACTION, SECTION, SENTENCE];

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
    for f in [RECORD, DOC, GENRE, DOC_TYPE, KIND, MODALITY, COMPARATOR, UNIT, PERIOD] {
        b.add_text_field(f, STRING | STORED | FAST);
    }
    b.add_text_field(HASH, STRING | STORED);
    b.add_text_field(ID, STRING | STORED);
    b.add_text_field(TITLE, text(&words(TITLE), true, true));
    b.add_i64_field(YEAR, INDEXED | STORED | FAST);
    b.add_f64_field(VALUE, INDEXED | STORED | FAST);
    b.add_f64_field(PER_YEAR, INDEXED | STORED | FAST);
    b.add_date_field(DEADLINE, INDEXED | STORED | FAST);
    b.add_text_field(ACTOR, text(BIGRAM, true, true));
    b.add_text_field(ACTION, text(&words(ACTION), true, true));
    b.add_text_field(SECTION, text(&words(SECTION), true, true));
    b.add_text_field(SENTENCE, text(&words(SENTENCE), true, true));
    b.add_text_field(SENTENCE_BI, text(BIGRAM, false, true));
    b.add_u64_field(SPAN_START, STORED);
    b.add_u64_field(SPAN_END, STORED);
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
            ID,
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
            SENTENCE_BI,
            SPAN_START,
            SPAN_END,
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
        assert_eq!(tok(&q, SENTENCE_BI).as_deref(), Some(BIGRAM));
    }
}
