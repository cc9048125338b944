//! Political formulas and slogans. The dictionary is a help, not the rule:
//! new formulas appear every year, so a numeral inside a short quotation or
//! before an abstract noun is read as a name too.

use super::{Ctx, Rule};
use crate::extract::number::NumeralKind;

const OPEN: &[char] = &['“', '‘', '「', '『', '"'];
const CLOSE: &[char] = &['”', '’', '」', '』', '"'];

/// A numeral inside a short quotation (“两个确立”, “三个不直接分管”, “一对一”).
pub fn quoted(ctx: &Ctx) -> Option<Rule> {
    let before = ctx.before();
    let mut open_at = None;
    // Every quotation mark, opening or closing, begins with byte E2 (“”‘’)
    // or E3 (「」『』), or is " (never a continuation byte, so each hit is a
    // character boundary): only those are decoded, nearest first.
    let b = before.as_bytes();
    let mut end = b.len();
    while let Some(k) = memchr::memrchr3(0xe2, 0xe3, b'"', &b[..end]) {
        end = k;
        let (c, _) = crate::util::char_at(b, k);
        if CLOSE.contains(&c) && c != '"' {
            return None;
        }
        if OPEN.contains(&c) {
            if c == '"' && before[..k].matches('"').count() % 2 == 1 {
                return None; // a straight quote that closes an earlier one
            }
            open_at = Some(k);
            break;
        }
    }
    let open_at = open_at?;
    let inside_before = before[open_at..].chars().count() - 1;
    let tail = &ctx.text[ctx.cand.num.start..ctx.sentence.end.max(ctx.cand.num.start)];
    let tail = &tail[..crate::util::char_prefix_len(tail, 24)];
    let close = tail.char_indices().find(|&(_, c)| CLOSE.contains(&c))?.0;
    let len = inside_before + tail[..close].chars().count();
    (len <= 15).then_some(Rule::Formula)
}

/// Formulas from `dictionaries/formulas.txt` (八项规定, 四风, 一岗双责 …) that
/// cover the numeral.
pub fn known(ctx: &Ctx) -> Option<Rule> {
    covered(ctx, crate::extract::lexicon::formulas_with).then_some(Rule::Formula)
}

/// Place and site names from `dictionaries/places.txt` (三门峡, 七台河, 五家渠)
/// that cover the numeral: a name, not a count.
pub fn place(ctx: &Ctx) -> Option<Rule> {
    covered(ctx, crate::extract::lexicon::places_with).then_some(Rule::Name)
}

/// Does a word of the list (`with` gives the words holding a character)
/// cover the candidate's numeral?
fn covered(ctx: &Ctx, with: fn(char) -> &'static [String]) -> bool {
    let t = ctx.text;
    let n = ctx.cand.num.start;
    let lo = t[..n].char_indices().rev().nth(5).map(|(k, _)| k).unwrap_or(0);
    let mut hi = (n + 24).min(t.len());
    while !t.is_char_boundary(hi) {
        hi -= 1;
    }
    let window = &t[lo..hi];
    let rel = n - lo;
    let Some(numeral) = t[n..].chars().next() else { return false };
    with(numeral).iter().any(|f| {
        let mut from = 0;
        while let Some(p) = crate::util::find_str(&window[from..], f) {
            let s = from + p;
            if s <= rel && rel < s + f.len() {
                return true;
            }
            from = s + f.chars().next().map_or(1, char::len_utf8);
        }
        false
    })
}

/// Abstract nouns that a small Chinese numeral + classifier names rather
/// than counts (四个意识, 两个维护, 三项机制, 四种形态).
const ABSTRACT: &[&str] = &[
    "意识",
    "自信",
    "维护",
    "确立",
    "形态",
    "规定",
    "机制",
    "清单",
    "责任",
    "原则",
    "方针",
    "作风",
    "精神",
    "理念",
    "工程",
    "行动",
    "体系",
    "聚焦",
    "之有",
    "必须",
    "务必",
    "不直接",
    "不准",
    "严禁",
    "禁止",
    "文明",
    "战略",
    "布局",
    "效益",
    "优先",
    "统筹",
    "导向",
    "保障",
    "融合",
    "覆盖",
    "到位",
    "率先",
    "攻坚",
    "本领",
    "功夫",
    "定力",
    "坚持",
    "转变",
    "结合",
    "关系",
    "纪律",
    "作用",
    "能力",
    "素质",
    "标准",
    "要求",
    "原则",
    "思想",
    "理论",
    "目标",
    "观念",
    "服务",
    "监督",
    "示范",
    "创建",
    "不愁",
    "积极性",
    "文章",
    "一体",
    "班子",
];

/// A small Chinese numeral with a classifier (个 项 种 套 …) before an abstract noun.
pub fn abstract_noun(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    if c.kind != NumeralKind::Chinese || c.has_comparator || c.value.is_none_or(|v| v > 12.0) {
        return None;
    }
    // Event units count actions (开展一次监督检查); they never name a formula.
    if ctx.unit().is_empty() || matches!(ctx.unit(), "次" | "遍" | "轮" | "场" | "期") {
        return None;
    }
    let after = &ctx.text[c.unit_range.end..ctx.sentence.end.max(c.unit_range.end)];
    // 三个“一号工程”: a small count of a quoted name is a formula too.
    let quoted_name = after.starts_with(OPEN) && {
        let inside = &after[after.chars().next().map_or(0, char::len_utf8)..];
        inside.chars().take(9).position(|ch| CLOSE.contains(&ch)).is_some_and(|k| k >= 2)
    };
    (quoted_name || ABSTRACT.iter().any(|w| after.starts_with(w))).then_some(Rule::Formula)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("quoted_two", "支持“两个第一”学习机制", "两个", Some(Rule::Formula)),
            ("place_city", "联动济源、三门峡加快豫西转型发展", "三门", Some(Rule::Name)),
            ("place_site", "金七门核电一期、甘电入浙等项目", "七门", Some(Rule::Name)),
            ("place_plant", "积极推进三门核电三期项目", "三门", Some(Rule::Name)),
            ("not_a_place", "每学期开设三门课程", "三门", None),
            ("machines", "购置五台设备", "五台", None),
            ("quoted_three", "推行了主要负责人“三个不直接分管”制度", "三个", Some(Rule::Formula)),
            ("quoted_new", "深入开展“五个一批”廉洁过节", "五个", Some(Rule::Formula)),
            ("quoted_invented", "持续推进“四联四帮”活动", "四联", Some(Rule::Formula)),
            ("abstract_yishi", "增强四个意识，坚定四个自信", "四个意识", Some(Rule::Formula)),
            ("abstract_jizhi", "落实三项机制", "三项", Some(Rule::Formula)),
            ("unclosed_quote", "严格按“每人每天用餐费用不超过XX元的标准执行", "XX元", None),
            ("after_quote", "“一对一”的问题性约谈达到50%", "50%", None),
            ("count_tasks", "明确了党委主体责任X项重点工作任务", "X项", None),
            ("event_count", "每季度开展一次监督检查", "一次", None),
            ("sitao_banzi", "由县四套班子主要负责人签订", "四套", Some(Rule::Formula)),
            ("known_baxiang", "严格落实中央八项规定精神", "八项", Some(Rule::Formula)),
            ("quoted_name_after", "深入实施三个“一号工程”", "三个", Some(Rule::Formula)),
            ("articles", "统筹做好“强城”“兴村”“融合”三篇文章", "三篇", Some(Rule::Formula)),
            ("two_initiatives", "充分发挥中央和地方两个积极性", "两个", Some(Rule::Formula)),
            ("two_markets", "更好利用国际国内两个市场两种资源", "两种", Some(Rule::Formula)),
        ];
        for (name, s, fig, want) in rows {
            if *fig == "四联" {
                assert!(crate::extract::quantity::find_candidates(s, 0..s.len()).is_empty(), "{name}");
                continue;
            }
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
