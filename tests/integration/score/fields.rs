//! Field comparisons of `score.py`: `field_ok`, `num_eq`, `bigram_f1`, and
//! the bits of Python truthiness and equality they lean on.

use serde_json::Value;

/// Every field compared on a matched pair, in `score.py`'s order.
pub const FIELDS: [&str; 10] =
    ["kind", "comparator", "value", "value_max", "unit", "placeholder", "period", "deadline", "actor", "action"];

/// The fields that must all agree for a match to count as fully right.
pub const EXACT: [&str; 7] = ["kind", "comparator", "value", "value_max", "unit", "placeholder", "period"];

const NULL: Value = Value::Null;

/// `d.get(key)` with a missing key, or a non-object `d`, read as `None`.
pub fn get<'a>(d: &'a Value, key: &str) -> &'a Value {
    d.get(key).unwrap_or(&NULL)
}

/// Python truthiness of a JSON value.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// `v or None`.
pub fn or_none(v: &Value) -> &Value {
    if truthy(v) { v } else { &NULL }
}

/// `d.get(key) or {}`, where only an object can be indexed further.
pub fn sub<'a>(d: &'a Value, key: &str) -> &'a Value {
    let v = get(d, key);
    if truthy(v) { v } else { &NULL }
}

/// Python `==` between two JSON values (`1 == 1.0`, `True == 1`).
pub fn py_eq(a: &Value, b: &Value) -> bool {
    match (num_of(a), num_of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => match (a, b) {
            (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q)),
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
            }
            _ => a == b,
        },
    }
}

/// A number or a boolean as a float (the values Python compares numerically).
fn num_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Python's `float(v)` for the values JSON can carry.
pub fn to_float(v: &Value) -> Option<f64> {
    match v {
        Value::String(s) => {
            let t = s.trim().replace('_', "");
            match t.to_ascii_lowercase().trim_start_matches(['+', '-']) {
                "inf" | "infinity" | "nan" => {
                    let neg = t.starts_with('-');
                    let base = if t.to_ascii_lowercase().contains("nan") { f64::NAN } else { f64::INFINITY };
                    Some(if neg { -base } else { base })
                }
                _ => t.parse().ok(),
            }
        }
        other => num_of(other),
    }
}

/// `score.py`'s `num_eq`: both null, or `math.isclose(rel_tol=1e-9, abs_tol=5e-5)`.
pub fn num_eq(a: &Value, b: &Value) -> bool {
    if a.is_null() || b.is_null() {
        return a.is_null() && b.is_null();
    }
    match (to_float(a), to_float(b)) {
        (Some(x), Some(y)) => isclose(x, y),
        _ => false,
    }
}

fn isclose(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    let diff = (a - b).abs();
    diff <= 1e-9 * b.abs() || diff <= 1e-9 * a.abs() || diff <= 5e-5
}

/// Python's `str.split()` whitespace.
fn py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

/// Character bigrams of a text with all whitespace removed (a lone character is its own gram).
pub fn bigrams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().filter(|c| !py_space(*c)).collect();
    match chars.len() {
        0 => Vec::new(),
        1 => vec![chars[0].to_string()],
        _ => chars.windows(2).map(|w| w.iter().collect()).collect(),
    }
}

/// Bigram F1 between two texts, as `score.py` computes it.
pub fn bigram_f1(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut pool = std::collections::HashMap::new();
    for g in &y {
        *pool.entry(g.as_str()).or_insert(0usize) += 1;
    }
    let mut hit = 0usize;
    for g in &x {
        if let Some(n) = pool.get_mut(g.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            hit += 1;
        }
    }
    if hit == 0 {
        return 0.0;
    }
    let (p, r) = (hit as f64 / x.len() as f64, hit as f64 / y.len() as f64);
    2.0 * p * r / (p + r)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `score.py`'s `field_ok(field, g, o)`: does output `o` get gold `g`'s `field` right?
pub fn field_ok(field: &str, g: &Value, o: &Value) -> bool {
    let q = sub(o, "quantity");
    match field {
        "kind" => py_eq(get(g, "kind"), get(o, "kind")),
        "comparator" | "unit" | "placeholder" => py_eq(get(g, field), get(q, field)),
        "value" | "value_max" => num_eq(get(g, field), get(q, field)),
        "period" => py_eq(or_none(get(g, "period")), or_none(get(sub(o, "period"), "unit"))),
        "deadline" => py_eq(or_none(get(g, "deadline")), or_none(get(sub(o, "deadline"), "date"))),
        _ => {
            let (gv, ov) = (get(g, field), get(o, field));
            if !truthy(gv) {
                return !truthy(ov);
            }
            let ov = if truthy(ov) { text_of(ov) } else { String::new() };
            bigram_f1(&text_of(gv), &ov) >= 0.5
        }
    }
}
