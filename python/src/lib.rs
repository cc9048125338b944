//! `taizhang._native`: the Rust half of the Python package `taizhang`.
//!
//! Every function releases the GIL while Rust reads and extracts, so Python
//! threads run extractions side by side. Requirements come back either as
//! the JSON lines `taizhang extract --format jsonl` prints (`*_jsonl`, the
//! same serde code on the same model, so the bytes are the CLI's) or as a
//! list of dicts built by hand from that model (`*_list`, equal to the
//! parsed lines, key order and number types included: pytest holds both to
//! the CLI). Errors are
//! `taizhang.TaizhangError`, whose message names the file and the problem
//! (the library's own error text).

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use taizhang::extract::Options;
use taizhang::ledger::{Ledger, text};
use taizhang::model::{Comparator, DatePeriod, Deadline, DocumentMeta, Genre, Modality, Period, PeriodUnit, Quantity};
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

/// The names serde gives the values of a unit enum (`must_not`,
/// `half_year`, `>=`), as Python strings made once per call: the names come
/// from the serde model itself, so they cannot drift from the JSON lines.
struct Names<'py, T>(Vec<(T, Bound<'py, PyString>)>);

impl<'py, T: Serialize + Copy + PartialEq> Names<'py, T> {
    fn new() -> Self {
        Names(Vec::new())
    }

    fn get(&mut self, py: Python<'py>, v: T) -> PyResult<&Bound<'py, PyString>> {
        let at = match self.0.iter().position(|(k, _)| *k == v) {
            Some(at) => at,
            None => {
                let name = match serde_json::to_value(v).map_err(err)? {
                    serde_json::Value::String(s) => s,
                    other => return Err(err(format!("not a unit enum value: {other}"))),
                };
                self.0.push((v, PyString::new(py, &name)));
                self.0.len() - 1
            }
        };
        Ok(&self.0[at].1)
    }
}

/// A float as `json.loads` reads what serde_json writes for it: serde_json
/// writes a finite f64 with a decimal point or an exponent (`4.0`, `1e20`),
/// which Python reads as a float, and NaN or infinity as `null`.
fn float(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// The requirements as Python objects (a list of dicts), built by hand
/// from the model: the same keys in the same order, and the same values of
/// the same types, as `json.loads` of the JSON lines (a pytest holds them
/// to it), without printing and parsing text. Keys are interned strings;
/// the strings and dicts a call's requirements share (their `doc`, a
/// sentence and its heading path, the document metadata) are made once per
/// call. Strings are shared between dicts, being immutable; the document
/// dict is built once and copied for each requirement, so no two
/// requirements share a mutable object.
struct Builder<'py, 'a> {
    py: Python<'py>,
    kinds: Names<'py, Kind>,
    modalities: Names<'py, Modality>,
    comparators: Names<'py, Comparator>,
    period_units: Names<'py, PeriodUnit>,
    genres: Names<'py, Genre>,
    doc: Last<'a, str, Bound<'py, PyString>>,
    sentence: Last<'a, Arc<str>, Bound<'py, PyString>>,
    section: Last<'a, Arc<[String]>, Vec<Bound<'py, PyString>>>,
    document: Last<'a, Arc<DocumentMeta>, DocumentDicts<'py>>,
    units: HashMap<&'a str, Bound<'py, PyString>>,
}

/// What was made for the last key seen, kept while the next requirements
/// repeat it (they come in document and sentence order, so a one-entry
/// cache catches every repeat).
struct Last<'a, K: ?Sized, V>(Option<(&'a K, V)>);

impl<'a, K: ?Sized, V> Last<'a, K, V> {
    fn get(
        &mut self,
        key: &'a K,
        same: impl Fn(&K, &K) -> bool,
        make: impl FnOnce(&'a K) -> PyResult<V>,
    ) -> PyResult<&V> {
        if self.0.as_ref().is_none_or(|(k, _)| !same(k, key)) {
            self.0 = Some((key, make(key)?));
        }
        match &self.0 {
            Some((_, v)) => Ok(v),
            None => unreachable!("set above"),
        }
    }
}

/// The dict of a document's metadata and that of its responsibility
/// period, copied for each requirement.
struct DocumentDicts<'py> {
    dict: Bound<'py, PyDict>,
    period: Option<Bound<'py, PyDict>>,
}

impl<'py, 'a> Builder<'py, 'a> {
    fn new(py: Python<'py>) -> Self {
        Builder {
            py,
            kinds: Names::new(),
            modalities: Names::new(),
            comparators: Names::new(),
            period_units: Names::new(),
            genres: Names::new(),
            doc: Last(None),
            sentence: Last(None),
            section: Last(None),
            document: Last(None),
            units: HashMap::new(),
        }
    }

    /// The fields of `Requirement`, in its declaration (serde) order. Each
    /// struct is taken apart field by field (no `..`), so a field added to
    /// the model fails the build here instead of going missing from the
    /// dicts.
    fn requirement(&mut self, r: &'a Requirement) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Requirement {
            doc,
            id,
            kind,
            modality,
            quantity,
            period,
            deadline,
            actor,
            action,
            sentence,
            sentence_span,
            section,
            points,
            multi_year,
            document,
        } = r;
        let d = PyDict::new(py);
        let doc = self.doc.get(doc, |a, b| a == b, |s| Ok(PyString::new(py, s)))?;
        d.set_item(intern!(py, "doc"), doc)?;
        d.set_item(intern!(py, "id"), id)?;
        d.set_item(intern!(py, "kind"), self.kinds.get(py, *kind)?)?;
        d.set_item(intern!(py, "modality"), self.modalities.get(py, *modality)?)?;
        match quantity {
            Some(q) => d.set_item(intern!(py, "quantity"), self.quantity(q)?)?,
            None => d.set_item(intern!(py, "quantity"), py.None())?,
        }
        match period {
            Some(p) => d.set_item(intern!(py, "period"), self.period(p)?)?,
            None => d.set_item(intern!(py, "period"), py.None())?,
        }
        match deadline {
            Some(x) => d.set_item(intern!(py, "deadline"), self.deadline(x)?)?,
            None => d.set_item(intern!(py, "deadline"), py.None())?,
        }
        d.set_item(intern!(py, "actor"), actor.as_deref())?;
        d.set_item(intern!(py, "action"), action.as_deref())?;
        let sentence = self.sentence.get(sentence, Arc::ptr_eq, |s| Ok(PyString::new(py, s)))?;
        d.set_item(intern!(py, "sentence"), sentence)?;
        d.set_item(intern!(py, "sentence_span"), PyList::new(py, sentence_span)?)?;
        let heads = self.section.get(section, Arc::ptr_eq, |s| Ok(s.iter().map(|h| PyString::new(py, h)).collect()))?;
        d.set_item(intern!(py, "section"), PyList::new(py, heads)?)?;
        // Skipped by serde when absent or false, as here.
        if points.is_some() {
            d.set_item(intern!(py, "points"), float(*points))?;
        }
        if *multi_year {
            d.set_item(intern!(py, "multi_year"), true)?;
        }
        d.set_item(intern!(py, "document"), self.document(document)?)?;
        Ok(d)
    }

    fn quantity(&mut self, q: &'a Quantity) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Quantity { raw, span, comparator, value, value_max, unit, placeholder } = q;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "raw"), raw)?;
        d.set_item(intern!(py, "span"), PyList::new(py, span)?)?;
        d.set_item(intern!(py, "comparator"), self.comparators.get(py, *comparator)?)?;
        d.set_item(intern!(py, "value"), float(*value))?;
        d.set_item(intern!(py, "value_max"), float(*value_max))?;
        match unit.as_deref() {
            Some(u) => {
                let unit = self.units.entry(u).or_insert_with(|| PyString::new(py, u));
                d.set_item(intern!(py, "unit"), &*unit)?
            }
            None => d.set_item(intern!(py, "unit"), py.None())?,
        }
        d.set_item(intern!(py, "placeholder"), *placeholder)?;
        Ok(d)
    }

    fn period(&mut self, p: &Period) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Period { raw, unit, per_year } = p;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "raw"), raw)?;
        d.set_item(intern!(py, "unit"), self.period_units.get(py, *unit)?)?;
        // `ser_num_opt` in the model: a whole number is written without a
        // decimal point, so `json.loads` gives an int.
        let per_year = match *per_year {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => (x as i64).into_pyobject(py)?.into_any(),
            x => float(x).into_pyobject(py)?,
        };
        d.set_item(intern!(py, "per_year"), per_year)?;
        Ok(d)
    }

    fn deadline(&mut self, x: &Deadline) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Deadline { raw, date, span } = x;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "raw"), raw)?;
        d.set_item(intern!(py, "date"), date.as_deref())?;
        d.set_item(intern!(py, "span"), PyList::new(py, span)?)?;
        Ok(d)
    }

    /// A fresh copy of the dict of `m`, built once per document.
    fn document(&mut self, m: &'a Arc<DocumentMeta>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let genres = &mut self.genres;
        let made = self.document.get(m, Arc::ptr_eq, |m| {
            let DocumentMeta { title, year, genre, doc_type, issuer, period } = &**m;
            let d = PyDict::new(py);
            d.set_item(intern!(py, "title"), title.as_deref())?;
            d.set_item(intern!(py, "year"), *year)?;
            d.set_item(intern!(py, "genre"), genres.get(py, *genre)?)?;
            d.set_item(intern!(py, "doc_type"), doc_type.as_deref())?;
            d.set_item(intern!(py, "issuer"), issuer.as_deref())?;
            let period = match period {
                Some(DatePeriod { start, end }) => {
                    let pd = PyDict::new(py);
                    pd.set_item(intern!(py, "start"), start)?;
                    pd.set_item(intern!(py, "end"), end)?;
                    Some(pd)
                }
                None => None,
            };
            d.set_item(intern!(py, "period"), &period)?;
            Ok(DocumentDicts { dict: d, period })
        })?;
        let copy = made.dict.copy()?;
        if let Some(p) = &made.period {
            copy.set_item(intern!(py, "period"), p.copy()?)?;
        }
        Ok(copy)
    }
}

fn to_python<'py>(py: Python<'py>, requirements: &[Requirement]) -> PyResult<Bound<'py, PyList>> {
    let mut b = Builder::new(py);
    let dicts = requirements.iter().map(|r| b.requirement(r)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, dicts)
}

/// [`extract_jsonl`] as a list of dicts.
#[pyfunction]
#[pyo3(signature = (text, name = None, year = None))]
fn extract_list<'py>(
    py: Python<'py>,
    text: &str,
    name: Option<&str>,
    year: Option<i32>,
) -> PyResult<Bound<'py, PyList>> {
    let name = name.unwrap_or("-");
    let (_, ex) = py.detach(|| process_text(name, text, year, OPTIONS)).map_err(err)?;
    to_python(py, &ex.requirements)
}

/// [`extract_file_jsonl`] as a list of dicts.
#[pyfunction]
fn extract_file_list(py: Python<'_>, path: PathBuf) -> PyResult<Bound<'_, PyList>> {
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
