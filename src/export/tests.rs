//! The export formats held to their engines' documented shapes, on the
//! requirements of a real corpus document.

use super::*;
use crate::pipeline::process;
use crate::source::Input;
use serde_json::Value;

fn corpus_reqs() -> Vec<Requirement> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_bd2d67b045b86009.txt");
    let (_, ex) = process(&Input::Path(path)).expect("corpus document reads");
    assert!(ex.requirements.len() > 5);
    ex.requirements
}

#[test]
fn a_record_has_the_fields_in_order() {
    let reqs = corpus_reqs();
    let v = serde_json::to_value(Record::of(&reqs[0])).expect("json");
    let keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
    let mut fields = FIELDS.to_vec();
    fields.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, fields);
    assert_eq!(v["id"], Value::String(reqs[0].id.clone()));
}

#[test]
fn the_opensearch_template_maps_every_field_with_the_promised_types() {
    let t: Value = serde_json::from_str(OPENSEARCH_TEMPLATE).expect("template is JSON");
    assert_eq!(t["index_patterns"][0], "taizhang*");
    let m = &t["template"]["mappings"];
    assert_eq!(m["dynamic"], "strict");
    let props = m["properties"].as_object().expect("properties");
    let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
    names.sort_unstable();
    let mut fields = FIELDS.to_vec();
    fields.sort_unstable();
    assert_eq!(names, fields);
    for k in ["kind", "unit", "comparator", "doc_type", "id"] {
        assert_eq!(props[k]["type"], "keyword", "{k}");
    }
    assert_eq!(props["value"]["type"], "double");
    assert_eq!(props["deadline_date"]["type"], "date");
    let analysis = &t["template"]["settings"]["analysis"]["analyzer"];
    assert_eq!(analysis["zh_index"]["tokenizer"], "ik_max_word");
    assert_eq!(analysis["zh_search"]["tokenizer"], "ik_smart");
    for k in ["sentence", "action", "actor", "title"] {
        assert_eq!(props[k]["type"], "text", "{k}");
        assert_eq!(props[k]["analyzer"], "zh_index", "{k}");
        assert_eq!(props[k]["search_analyzer"], "zh_search", "{k}");
    }
}

#[test]
fn bulk_lines_pair_an_action_with_its_record_and_reexport_is_identical() {
    let reqs = corpus_reqs();
    let mut a = Vec::new();
    write_opensearch_bulk(&reqs, "taizhang-2024", &mut a).expect("write");
    let text = String::from_utf8(a.clone()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 * reqs.len());
    for (pair, r) in lines.chunks(2).zip(&reqs) {
        let action: Value = serde_json::from_str(pair[0]).expect("action");
        let source: Value = serde_json::from_str(pair[1]).expect("source");
        assert_eq!(action["index"]["_index"], "taizhang-2024");
        assert_eq!(action["index"]["_id"], Value::String(r.id.clone()));
        assert_eq!(source["id"], action["index"]["_id"]);
        assert_eq!(source["sentence"], Value::String(r.sentence.to_string()));
    }
    assert!(text.ends_with('\n'), "_bulk needs a final newline");
    let mut b = Vec::new();
    write_opensearch_bulk(&reqs, "taizhang-2024", &mut b).expect("write");
    assert_eq!(a, b);
}

#[test]
fn quickwit_lines_are_records_and_the_config_maps_every_field() {
    let reqs = corpus_reqs();
    let mut out = Vec::new();
    write_quickwit(&reqs, &mut out).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    assert_eq!(text.lines().count(), reqs.len());
    for (line, r) in text.lines().zip(&reqs) {
        let v: Value = serde_json::from_str(line).expect("json");
        assert_eq!(v, serde_json::to_value(Record::of(r)).expect("json"));
    }
    let names: Vec<&str> = QUICKWIT_CONFIG.lines().filter_map(|l| l.trim().strip_prefix("- name: ")).collect();
    assert_eq!(names, FIELDS.to_vec());
    assert!(QUICKWIT_CONFIG.contains("mode: strict"));
}

#[test]
fn parquet_reads_back_with_every_row_and_column() {
    use ::parquet::file::reader::{FileReader, SerializedFileReader};
    use ::parquet::record::RowAccessor;
    use std::io::{Seek, Write};
    let reqs = corpus_reqs();
    let bytes = write_parquet(&reqs, Vec::new()).expect("write");
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let mut file = tempfile::tempfile().expect("temp file");
    file.write_all(&bytes).expect("write");
    file.rewind().expect("rewind");
    let reader = SerializedFileReader::new(file).expect("read");
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), reqs.len() as i64);
    let schema = meta.file_metadata().schema_descr();
    let top: Vec<&str> = schema.root_schema().get_fields().iter().map(|f| f.name()).collect();
    assert_eq!(top, FIELDS.to_vec());
    let ids: Vec<String> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| row.expect("row").get_string(0).expect("id").clone())
        .collect();
    assert_eq!(ids, reqs.iter().map(|r| r.id.clone()).collect::<Vec<_>>());
}
