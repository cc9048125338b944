//! Named rejection rules: every figure that looks like a quantity but is
//! not one is dropped by exactly one named rule, so `--explain` can show
//! why and a test can assert it. Rules run in the order of [`RULES`].

mod date;
mod formula;
mod idiom;
mod list;
mod noun;
mod ordinal;
mod other;

use super::quantity::Candidate;
use serde::Serialize;
use std::ops::Range;

/// Why a candidate figure is not a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Points in a 考核细则 (扣2分, 满分10分): they weigh a rule.
    Points,
    /// An ordinal or session number (第一责任人, XX届X次全会).
    Ordinal,
    /// A year or calendar date (2022年, 2月22日).
    Date,
    /// A narrated time span (过去五年, 一年来) rather than a limit.
    TimeSpan,
    /// A political formula or slogan (“两个维护”, 四个意识, 八项规定).
    Formula,
    /// A name or mark that holds a numeral (“好干部”20字标准, 第1页/共8页).
    Name,
    /// A distributive or idiom (一批, 每一个, 一个节点接着一个节点, 一次性).
    Idiom,
    /// A count whose items the text enumerates (抓了三项工作：一是…).
    ListCount,
    /// The denominator of a rate (每10万人).
    Denominator,
    /// A heading number (一、 (一) 1.).
    Heading,
    /// A redaction mark standing for a name (XX省, 中共X县委, 建设XXXXXX).
    RedactedName,
    /// A phase or series of a named thing (核电二期, 新一轮).
    Phase,
    /// A threshold that defines a noun (60岁以上老年人, 10亿元以上项目).
    Threshold,
    /// The start value of a change (由50%提高到75%: 75% is the quantity).
    StartValue,
    /// A magnitude word with no digit in a name (千家万户, 百大项目).
    Magnitude,
    /// A number that describes a noun rather than counts (13亿多人口的发展中大国).
    Describes,
    /// The count of the units a rate is taken over, opening its clause
    /// (74个重点城市细颗粒物浓度下降9.1%: the rate is the quantity).
    Scope,
}

impl Rule {
    /// The rule's name as printed by `--explain`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Points => "points",
            Rule::Ordinal => "ordinal",
            Rule::Date => "date",
            Rule::TimeSpan => "time_span",
            Rule::Formula => "formula",
            Rule::Name => "name",
            Rule::Idiom => "idiom",
            Rule::ListCount => "list_count",
            Rule::Denominator => "denominator",
            Rule::Heading => "heading",
            Rule::RedactedName => "redacted_name",
            Rule::Phase => "phase",
            Rule::Threshold => "threshold",
            Rule::StartValue => "start_value",
            Rule::Magnitude => "magnitude",
            Rule::Describes => "describes",
            Rule::Scope => "scope",
        }
    }
}

/// What a rule sees: the whole normalised text, the sentence, the candidate.
pub struct Ctx<'a> {
    /// The normalised document text.
    pub text: &'a str,
    /// The sentence range.
    pub sentence: Range<usize>,
    /// The candidate.
    pub cand: &'a Candidate,
    before: &'a str,
    after: &'a str,
}

impl<'a> Ctx<'a> {
    /// The context of candidate `cand` in `sentence` of `text`.
    pub fn new(text: &'a str, sentence: Range<usize>, cand: &'a Candidate) -> Self {
        let whole = &text[sentence.start.min(cand.num.start)..cand.num.start];
        let skip = crate::util::nth_char_back(whole, 64).unwrap_or(0);
        let before = &whole[skip..];
        let e = cand.raw.end.max(cand.unit_range.end);
        let whole = &text[e.min(sentence.end.max(e))..sentence.end.max(e)];
        let cut = crate::util::char_prefix_len(whole, 64);
        let after = &whole[..cut];
        Ctx { text, sentence, cand, before, after }
    }
    /// Text of the sentence before the candidate's numeral (at most 64
    /// characters: rules look near the figure, and a flattened page with no
    /// punctuation must stay linear).
    pub fn before(&self) -> &'a str {
        self.before
    }
    /// Text of the sentence after the candidate's raw figure (at most 64 characters).
    pub fn after(&self) -> &'a str {
        self.after
    }
    /// The text of the document after the sentence.
    pub fn rest_of_doc(&self) -> &str {
        &self.text[self.sentence.end..]
    }
    /// The unit text, if any.
    pub fn unit(&self) -> &str {
        self.cand.unit.as_ref().map_or("", |u| u.text)
    }
}

type RuleFn = fn(&Ctx) -> Option<Rule>;

/// The rules, in the order they are tried.
pub const RULES: &[RuleFn] = &[
    other::points,
    ordinal::ordinal,
    date::date_or_span,
    formula::quoted,
    formula::known,
    formula::place,
    formula::abstract_noun,
    other::name,
    other::redacted_place,
    idiom::idiom,
    list::list_count,
    other::denominator,
    noun::phase,
    noun::threshold,
    noun::start_value,
    noun::magnitude,
    noun::population,
    noun::scope,
];

/// Numerals of a sentence that never became candidates but look like
/// figures: heading numbers at its start and redaction marks that stand for
/// names. Reported by `--explain` so that every rejection has a name.
pub fn non_candidates(text: &str, sentence: Range<usize>, taken: &[Range<usize>]) -> Vec<(Range<usize>, Rule)> {
    let mut out = Vec::new();
    let s = &text[sentence.clone()];
    if let Some(n) = crate::extract::actor::heading_marker_len(s) {
        out.push((sentence.start..sentence.start + n, Rule::Heading));
    }
    let mut i = 0;
    while let Some(k) = s[i..].find('X') {
        let start = i + k;
        let len = s[start..].chars().take_while(|&c| c == 'X').count();
        let r = sentence.start + start..sentence.start + start + len;
        if !taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            out.push((r, Rule::RedactedName));
        }
        i = start + len;
    }
    out
}

/// The first rule that rejects the candidate, if any.
pub fn check(ctx: &Ctx) -> Option<Rule> {
    RULES.iter().find_map(|r| r(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_redacted_names_are_named() {
        let s = "(一)中共X县委要求XX个部门开展检查";
        let k = s.find("XX个").unwrap();
        let taken: Vec<Range<usize>> = std::iter::once(k..k + "XX个".len()).collect();
        let got: Vec<(&str, Rule)> =
            non_candidates(s, 0..s.len(), &taken).into_iter().map(|(r, k)| (&s[r], k)).collect();
        assert_eq!(got, [("(一)", Rule::Heading), ("X", Rule::RedactedName)]);
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::*;
    use crate::extract::quantity::find_candidates;

    /// Run the rules on the candidate that overlaps the first occurrence of
    /// `figure` in sentence `s` (the whole string is the sentence).
    pub fn verdict(s: &str, figure: &str) -> Option<Rule> {
        let cands = find_candidates(s, 0..s.len());
        let p = s.find(figure).unwrap_or_else(|| panic!("{figure} not in {s}"));
        let c = cands
            .iter()
            .find(|c| c.raw.start < p + figure.len() && p < c.raw.end)
            .unwrap_or_else(|| panic!("no candidate {figure} in {s}: {cands:?}"));
        check(&Ctx::new(s, 0..s.len(), c))
    }
}
