//! Parquet through the `parquet` crate's column writer (no Arrow crates:
//! they would double the build for a schema this flat). Row groups of
//! [`ROW_GROUP`] records, Snappy pages; the schema is [`PARQUET_SCHEMA`].

use super::record::{FIELDS, Record};
use crate::model::Requirement;
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::sync::Arc;

/// Records per row group.
pub const ROW_GROUP: usize = 65_536;

/// The Parquet schema, one column per [`FIELDS`] name in order. Strings are
/// UTF8, ISO dates DATE (days since 1970-01-01), `section` a LIST of UTF8.
pub const PARQUET_SCHEMA: &str = "message taizhang_requirement {
  required binary id (UTF8);
  required binary doc (UTF8);
  required binary kind (UTF8);
  required binary modality (UTF8);
  optional binary raw (UTF8);
  optional int64 span_start;
  optional int64 span_end;
  optional binary comparator (UTF8);
  optional double value;
  optional double value_max;
  optional binary unit (UTF8);
  required boolean placeholder;
  optional binary period (UTF8);
  optional binary period_raw (UTF8);
  optional double per_year;
  optional binary deadline (UTF8);
  optional int32 deadline_date (DATE);
  optional binary actor (UTF8);
  optional binary action (UTF8);
  required binary sentence (UTF8);
  required int64 sentence_start;
  required int64 sentence_end;
  required group section (LIST) {
    repeated group list {
      required binary element (UTF8);
    }
  }
  optional double points;
  required boolean multi_year;
  optional binary title (UTF8);
  optional int32 year;
  required binary genre (UTF8);
  optional binary doc_type (UTF8);
  optional binary issuer (UTF8);
  optional int32 doc_period_start (DATE);
  optional int32 doc_period_end (DATE);
}";

/// Days since 1970-01-01 of an ISO date; `None` when it is not one.
fn days(iso: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

fn bytes(s: &str) -> ByteArray {
    ByteArray::from(s.as_bytes().to_vec())
}

/// Values and definition levels of an optional column.
fn optional<T, U>(recs: &[Record], get: impl Fn(&Record) -> Option<T>, conv: impl Fn(T) -> U) -> (Vec<U>, Vec<i16>) {
    let mut values = Vec::with_capacity(recs.len());
    let mut defs = Vec::with_capacity(recs.len());
    for r in recs {
        match get(r) {
            Some(v) => {
                values.push(conv(v));
                defs.push(1);
            }
            None => defs.push(0),
        }
    }
    (values, defs)
}

fn opt_str(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> Option<&str>,
) -> Result<(), ParquetError> {
    let mut v = Vec::with_capacity(recs.len());
    let mut d = Vec::with_capacity(recs.len());
    for r in recs {
        match get(r) {
            Some(s) => {
                v.push(bytes(s));
                d.push(1);
            }
            None => d.push(0),
        }
    }
    col.typed::<ByteArrayType>().write_batch(&v, Some(&d), None).map(drop)
}

fn req_str(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> &str,
) -> Result<(), ParquetError> {
    let v: Vec<ByteArray> = recs.iter().map(|r| bytes(get(r))).collect();
    col.typed::<ByteArrayType>().write_batch(&v, None, None).map(drop)
}

fn opt_f64(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> Option<f64>,
) -> Result<(), ParquetError> {
    let (v, d) = optional(recs, get, |x| x);
    col.typed::<DoubleType>().write_batch(&v, Some(&d), None).map(drop)
}

fn opt_i64(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> Option<u64>,
) -> Result<(), ParquetError> {
    let (v, d) = optional(recs, get, |x| i64::try_from(x).unwrap_or(i64::MAX));
    col.typed::<Int64Type>().write_batch(&v, Some(&d), None).map(drop)
}

fn req_i64(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> u64,
) -> Result<(), ParquetError> {
    let v: Vec<i64> = recs.iter().map(|r| i64::try_from(get(r)).unwrap_or(i64::MAX)).collect();
    col.typed::<Int64Type>().write_batch(&v, None, None).map(drop)
}

fn opt_i32(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> Option<i32>,
) -> Result<(), ParquetError> {
    let (v, d) = optional(recs, get, |x| x);
    col.typed::<Int32Type>().write_batch(&v, Some(&d), None).map(drop)
}

fn opt_date(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> Option<&str>,
) -> Result<(), ParquetError> {
    opt_i32(col, recs, |r| get(r).and_then(days))
}

fn req_bool(
    col: &mut SerializedColumnWriter<'_>,
    recs: &[Record],
    get: impl Fn(&Record) -> bool,
) -> Result<(), ParquetError> {
    let v: Vec<bool> = recs.iter().map(get).collect();
    col.typed::<BoolType>().write_batch(&v, None, None).map(drop)
}

/// The `section` list: an empty list is one level-0 entry, each heading
/// one level-1 value, the first of a row at repetition 0.
fn section(col: &mut SerializedColumnWriter<'_>, recs: &[Record]) -> Result<(), ParquetError> {
    let (mut v, mut d, mut rep) = (Vec::new(), Vec::new(), Vec::new());
    for r in recs {
        if r.section.is_empty() {
            d.push(0);
            rep.push(0);
        }
        for (i, s) in r.section.iter().enumerate() {
            v.push(bytes(s));
            d.push(1);
            rep.push(i16::from(i > 0));
        }
    }
    col.typed::<ByteArrayType>().write_batch(&v, Some(&d), Some(&rep)).map(drop)
}

/// Write column `name` of `recs`.
fn column(name: &str, col: &mut SerializedColumnWriter<'_>, recs: &[Record]) -> Result<(), ParquetError> {
    match name {
        "id" => req_str(col, recs, |r| &r.id),
        "doc" => req_str(col, recs, |r| &r.doc),
        "kind" => req_str(col, recs, |r| &r.kind),
        "modality" => req_str(col, recs, |r| &r.modality),
        "raw" => opt_str(col, recs, |r| r.raw.as_deref()),
        "span_start" => opt_i64(col, recs, |r| r.span_start),
        "span_end" => opt_i64(col, recs, |r| r.span_end),
        "comparator" => opt_str(col, recs, |r| r.comparator.as_deref()),
        "value" => opt_f64(col, recs, |r| r.value),
        "value_max" => opt_f64(col, recs, |r| r.value_max),
        "unit" => opt_str(col, recs, |r| r.unit.as_deref()),
        "placeholder" => req_bool(col, recs, |r| r.placeholder),
        "period" => opt_str(col, recs, |r| r.period.as_deref()),
        "period_raw" => opt_str(col, recs, |r| r.period_raw.as_deref()),
        "per_year" => opt_f64(col, recs, |r| r.per_year),
        "deadline" => opt_str(col, recs, |r| r.deadline.as_deref()),
        "deadline_date" => opt_date(col, recs, |r| r.deadline_date.as_deref()),
        "actor" => opt_str(col, recs, |r| r.actor.as_deref()),
        "action" => opt_str(col, recs, |r| r.action.as_deref()),
        "sentence" => req_str(col, recs, |r| &r.sentence),
        "sentence_start" => req_i64(col, recs, |r| r.sentence_start),
        "sentence_end" => req_i64(col, recs, |r| r.sentence_end),
        "section" => section(col, recs),
        "points" => opt_f64(col, recs, |r| r.points),
        "multi_year" => req_bool(col, recs, |r| r.multi_year),
        "title" => opt_str(col, recs, |r| r.title.as_deref()),
        "year" => opt_i32(col, recs, |r| r.year),
        "genre" => req_str(col, recs, |r| &r.genre),
        "doc_type" => opt_str(col, recs, |r| r.doc_type.as_deref()),
        "issuer" => opt_str(col, recs, |r| r.issuer.as_deref()),
        "doc_period_start" => opt_date(col, recs, |r| r.doc_period_start.as_deref()),
        "doc_period_end" => opt_date(col, recs, |r| r.doc_period_end.as_deref()),
        other => Err(ParquetError::General(format!("no column {other}"))),
    }
}

/// Write `reqs` as a Parquet file to `out`.
///
/// # Errors
/// What the Parquet writer or `out` gives (as an `io::Error`).
pub fn write_parquet<W: Write + Send>(reqs: &[Requirement], out: W) -> std::io::Result<W> {
    let pq = |e: ParquetError| std::io::Error::other(format!("parquet: {e}"));
    let schema = Arc::new(parse_message_type(PARQUET_SCHEMA).map_err(pq)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let mut w = SerializedFileWriter::new(out, schema, props).map_err(pq)?;
    for chunk in reqs.chunks(ROW_GROUP) {
        let recs: Vec<Record> = chunk.iter().map(Record::of).collect();
        let mut rg = w.next_row_group().map_err(pq)?;
        let mut i = 0;
        while let Some(mut col) = rg.next_column().map_err(pq)? {
            let name = FIELDS.get(i).copied().unwrap_or("");
            column(name, &mut col, &recs).map_err(pq)?;
            col.close().map_err(pq)?;
            i += 1;
        }
        rg.close().map_err(pq)?;
    }
    w.into_inner().map_err(pq)
}
