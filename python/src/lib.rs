//! `taizhang._native`: the Rust half of the Python package `taizhang`.
//!
//! Every function releases the GIL while Rust reads and extracts, so Python
//! threads run extractions side by side. Requirements come back either as
//! the JSON lines `taizhang extract --format jsonl` prints (`*_jsonl`, the
//! same serde code on the same model, so the bytes are the CLI's) or as a
//! list of dicts built from that serde model by pythonize (`*_list`, equal
//! to the parsed lines: pytest holds both to the CLI). Errors are
//! `taizhang.TaizhangError`, whose message names the file and the problem
//! (the library's own error text).

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::path::PathBuf;
use taizhang::extract::Options;
use taizhang::ledger::{Ledger, text};
use taizhang::pipeline::{process_text, process_with};
use taizhang::source::{Input, read_input};
use taizhang::{Kind, Requirement};

create_exception!(
    _native,
    TaizhangError,
    PyException,
    "A document could not be read or analysed; the message names it."
);

fn err(e: impl std::fmt::Display) -> PyErr {
    TaizhangError::new_err(e.to_string())
}

const OPTIONS: Options = Options { rejections: false };

/// The JSON lines of `requirements`, as `extract --format jsonl` prints them.
fn jsonl(requirements: &[Requirement]) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(requirements.len() * 1024);
    for r in requirements {
        serde_json::to_writer(&mut out, r)?;
        out.push(b'\n');
    }
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Extract the requirements of `text`, named `name` (their `doc` field;
/// default `-`, as for standard input on the command line). `year`
/// replaces the year inferred from the text. Returns JSON lines.
#[pyfunction]
#[pyo3(signature = (text, name = None, year = None))]
fn extract_jsonl(py: Python<'_>, text: &str, name: Option<&str>, year: Option<i32>) -> PyResult<String> {
    let name = name.unwrap_or("-");
    py.detach(|| {
        let (_, ex) = process_text(name, text, year, OPTIONS).map_err(err)?;
        jsonl(&ex.requirements).map_err(err)
    })
}

/// Read and extract one file (txt, docx, html in any supported encoding);
/// `doc` is the path as given. Returns JSON lines.
#[pyfunction]
fn extract_file_jsonl(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    py.detach(|| {
        let (_, ex) = process_with(&Input::Path(path), OPTIONS).map_err(err)?;
        jsonl(&ex.requirements).map_err(err)
    })
}

/// The requirements as Python objects (a list of dicts), built straight
/// from the serde model by pythonize: the same values and key order as
/// `json.loads` of the JSON lines, without printing and parsing the text.
///
/// pythonize turns fixed-size arrays (the `[start, end]` spans) into
/// tuples, JSON into lists: the spans are made lists again, so the dicts
/// compare equal to the parsed JSON lines (a pytest holds them to it).
fn to_python<'py>(py: Python<'py>, requirements: &[Requirement]) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::types::{PyDict, PyList, PyTuple};
    let list = pythonize::pythonize(py, requirements).map_err(err)?;
    let as_list = |d: &Bound<'py, PyDict>, key: &str| -> PyResult<()> {
        if let Some(t) = d.get_item(key)? {
            if let Ok(t) = t.cast::<PyTuple>() {
                d.set_item(key, PyList::new(py, t.iter())?)?;
            }
        }
        Ok(())
    };
    for r in list.try_iter()? {
        let r = r?;
        let Ok(r) = r.cast::<PyDict>() else { continue };
        as_list(r, "sentence_span")?;
        for inner in ["quantity", "deadline"] {
            if let Some(q) = r.get_item(inner)? {
                if let Ok(q) = q.cast::<PyDict>() {
                    as_list(q, "span")?;
                }
            }
        }
    }
    Ok(list)
}

/// [`extract_jsonl`] as a list of dicts.
#[pyfunction]
#[pyo3(signature = (text, name = None, year = None))]
fn extract_list<'py>(
    py: Python<'py>,
    text: &str,
    name: Option<&str>,
    year: Option<i32>,
) -> PyResult<Bound<'py, PyAny>> {
    let name = name.unwrap_or("-");
    let (_, ex) = py.detach(|| process_text(name, text, year, OPTIONS)).map_err(err)?;
    to_python(py, &ex.requirements)
}

/// [`extract_file_jsonl`] as a list of dicts.
#[pyfunction]
fn extract_file_list(py: Python<'_>, path: PathBuf) -> PyResult<Bound<'_, PyAny>> {
    let (_, ex) = py.detach(|| process_with(&Input::Path(path), OPTIONS)).map_err(err)?;
    to_python(py, &ex.requirements)
}

/// The source text of a file: what the spans point into (`taizhang text`).
#[pyfunction]
fn read_text(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    py.detach(|| read_input(&Input::Path(path)).map(|s| s.text).map_err(err))
}

/// The ledger rows of `paths` (files, folders, `.jsonl` extract output) as
/// `taizhang ledger --format json` writes them: a JSON array. Any input
/// that fails raises, naming every failed input.
#[pyfunction]
#[pyo3(signature = (paths, kind = "target", all_tasks = false, threads = 0))]
fn ledger_json(py: Python<'_>, paths: Vec<PathBuf>, kind: &str, all_tasks: bool, threads: usize) -> PyResult<String> {
    let kind = match kind {
        "target" => Kind::Target,
        "achievement" => Kind::Achievement,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "kind must be 'target' or 'achievement', not {other:?}"
            )));
        }
    };
    py.detach(|| {
        let loaded = taizhang::compare::load(&paths, threads, all_tasks);
        if !loaded.errors.is_empty() {
            let all: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
            return Err(err(all.join("\n")));
        }
        let rows: Vec<Requirement> = loaded.requirements.into_iter().filter(|r| r.kind == kind).collect();
        let mut buf = Vec::new();
        text::write_json(&Ledger::build(&rows), &mut buf).map_err(err)?;
        String::from_utf8(buf).map_err(err)
    })
}

/// The module `taizhang._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("TaizhangError", m.py().get_type::<TaizhangError>())?;
    m.add_function(wrap_pyfunction!(extract_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(extract_file_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(extract_list, m)?)?;
    m.add_function(wrap_pyfunction!(extract_file_list, m)?)?;
    m.add_function(wrap_pyfunction!(read_text, m)?)?;
    m.add_function(wrap_pyfunction!(ledger_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
