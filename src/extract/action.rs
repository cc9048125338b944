//! Actions: the activity a figure counts, as a verb with its object, without
//! the actor, time words, comparator or figure. Built from pieces of the
//! normalised text so it can be mapped back to the source as written.

use super::context::SentenceCtx;
use super::deadline::DONE;
use super::quantity::Candidate;
use std::ops::Range;

/// Words dropped from the front of an action.
const DROP_LEAD: &[&str] = &[
    "共",
    "累计",
    "先后",
    "已",
    "均",
    "都",
    "还",
    "再",
    "要",
    "需",
    "须",
    "应",
    "必须",
    "切实",
    "认真",
    "将",
    "把",
    "并",
    "进一步",
    "持续",
    "全力",
    "积极",
    "主动",
    "坚持",
];

/// Comparator words that may stand apart from the figure.
const CMP_WORDS: &[&str] = &["至少", "最少", "不少于", "最多", "至多", "不超过", "不低于", "达到"];

/// Comparator verbs whose stem belongs to the action (压缩至… → 压缩).
const CMP_VERBS: &[(&str, &str)] =
    &[("压缩", "至"), ("压缩", "到"), ("控制", "在"), ("降低", "到"), ("缩短", "至"), ("提高", "到"), ("压减", "至")];

/// The pieces of the action of `cand` in `clause`. `pre_start` is where the
/// action may begin (after the subject and lead words). `periods` are
/// period-word ranges to cut out. Returns normalised ranges, in order.
pub fn pieces(
    text: &str,
    clause: Range<usize>,
    pre_start: usize,
    cand: &Candidate,
    others: &[Candidate],
    periods: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut start = pre_start;
    // After an earlier figure of the clause followed by 、, the item starts anew.
    for o in others.iter().filter(|o| o.raw.end <= cand.raw.start && o.raw.start >= clause.start) {
        let gap = &text[o.raw.end..cand.raw.start];
        if let Some(k) = gap.find('、') {
            start = start.max(o.raw.end + k + '、'.len_utf8());
        } else {
            start = start.max(o.raw.end);
        }
    }
    // （同口径增长2.5%以上）: a figure inside brackets opened after the item
    // start has its action inside them.
    // (全年不少于10次) names no work inside its brackets: the work is before them.
    if let Some(k) = text[start..cand.raw.start.max(start)].rfind(['（', '('])
        && !text[start + k..cand.raw.start].contains(['）', ')'])
    {
        let inner = start + k + text[start + k..].chars().next().map_or(1, char::len_utf8);
        let outside_periods = text[inner..cand.raw.start]
            .char_indices()
            .filter(|(i, _)| !periods.iter().any(|p| p.contains(&(inner + i))))
            .count();
        if outside_periods >= 2 {
            start = inner;
        }
    }
    let mut pre = start..cand.raw.start.max(start);
    loop {
        let s = &text[pre.clone()];
        let lead = DROP_LEAD.iter().chain(CMP_WORDS).find(|w| s.starts_with(**w)).map(|w| w.len());
        // 每季度至少听取: periods were cut out below, but they also hide the words after them.
        // (A time word the clause's lead cut into, 3月 of 3月底前, ends there too.)
        let period = periods
            .iter()
            .find(|p| p.start <= pre.start && pre.start < p.end && p.end <= pre.end)
            .map(|p| p.end - pre.start);
        let Some(n) = lead.or(period) else {
            break;
        };
        pre.start += n;
    }
    let mut out = Vec::new();
    push_without(text, pre, periods, &mut out);
    // 压缩至法定时限的20%: the verb 压缩 belongs to the action.
    let raw = &text[cand.raw.clone()];
    if let Some((stem, _)) = CMP_VERBS.iter().find(|(v, p)| raw.strip_prefix(v).is_some_and(|r| r.starts_with(p))) {
        let k = cand.raw.start;
        out.push(k..k + stem.len());
    }
    // Post part: up to the clause end, the next figure, or a conjunction.
    let next = others.iter().map(|o| o.raw.start).filter(|&s| s >= cand.raw.end).min().unwrap_or(clause.end);
    // 超100条（个）幸福河湖: a classifier in brackets right after the figure
    // is the figure's, and the action goes on after it.
    let post = cand.raw.end + short_bracket(&text[cand.raw.end..next.min(clause.end)]);
    let mut end = post;
    let limit = next.min(clause.end);
    let mut opened = false;
    for (chars, (k, c)) in text[post..limit].char_indices().enumerate() {
        let here = post + k;
        let rest = &text[here..limit];
        // A bracket right after the figure opens an aside (增长1.7%（同口径增长2.5%以上）),
        // and one that closes with none opened closes the bracket the figure
        // stands in; 听取1次分管部门（股室）工作汇报 keeps its own.
        let aside = match c {
            '（' | '(' if chars == 0 => true,
            '（' | '(' => {
                opened = true;
                false
            }
            '）' | ')' if opened => {
                opened = false;
                false
            }
            '）' | ')' => true,
            _ => false,
        };
        // A 、 inside the brackets the action opened lists within one item
        // (超5个县（市、区）开展…).
        if chars >= 4 && ["和", "及", "以及", "并"].iter().any(|w| rest.starts_with(w))
            || chars >= 30
            || (c == '、' && !opened)
            || aside
        {
            break;
        }
        end = here + c.len_utf8();
    }
    push_without(text, post..end, periods, &mut out);
    out
}

/// The length in bytes of a bracket of one or two characters that opens
/// `s` (（个）, (间)), else 0.
fn short_bracket(s: &str) -> usize {
    let mut it = s.char_indices();
    if !matches!(it.next(), Some((_, '（' | '('))) {
        return 0;
    }
    for (n, (k, c)) in it.take(3).enumerate() {
        match c {
            '）' | ')' if n > 0 => return k + c.len_utf8(),
            '（' | '(' | '）' | ')' => return 0,
            _ => {}
        }
    }
    0
}

/// Push `r` minus period words and 了 (not 了解).
fn push_without(text: &str, r: Range<usize>, periods: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let mut cur = r.start;
    let mut i = r.start;
    while i < r.end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if let Some(p) = periods.iter().find(|p| p.start <= i && i < p.end && p.end <= r.end) {
            if cur < i {
                out.push(cur..i);
            }
            i = p.end;
            cur = i;
            continue;
        }
        if c == '了' && !text[i..].starts_with("了解") {
            if cur < i {
                out.push(cur..i);
            }
            i += c.len_utf8();
            cur = i;
            continue;
        }
        i += c.len_utf8();
    }
    if cur < r.end {
        out.push(cur..r.end);
    }
}

/// The action of a figure (`cand`) or of a deadline (`cand` is `None`, the
/// deadline at `pos`) in clause `ci` of sentence `s`, from `start` (after
/// the clause's subject and lead words). `last` is the previous action
/// resolved in the sentence: a bare change (增长5.2%) takes its indicator,
/// and a figure alone in a table cell its task.
pub fn resolve<'a>(
    s: &SentenceCtx<'a>,
    ci: usize,
    start: usize,
    pos: usize,
    cand: Option<&Candidate>,
    last: Option<&str>,
) -> Option<String> {
    let doc = s.doc;
    let clause = s.clauses[ci].clone();
    let Some(c) = cand else {
        // A deadline's action: the rest of its clause after it.
        let trim = |a: &'a str| a.trim_matches(|ch: char| ch.is_whitespace() || "，、；：。,;:".contains(ch));
        let own = s.figures.deadlines.iter().find(|d| d.range.start == pos);
        let mut from = own.map_or(start, |d| d.range.end);
        // 在7月20日和2005年1月10日前，将…: past the deadline it is joined to.
        while let Some(d) = s.figures.deadlines.iter().find(|d| {
            let gap = s.text.get(from..d.range.start);
            gap == Some("和") || gap == Some("、")
        }) {
            from = d.range.end;
        }
        let a = trim(doc.source_slice(from.max(start)..clause.end));
        if !a.is_empty() && !DONE.contains(&a) {
            return Some(a.to_string());
        }
        // 2005年1月10日前，将…报送: the deadline binds the clause after it.
        if a.is_empty()
            && let Some(next) = s.clauses.get(ci + 1)
        {
            let n = trim(doc.source_slice(next.clone()));
            if !n.is_empty() {
                return Some(n.to_string());
            }
        }
        // 加大燃煤电厂改造力度，西部地区于2020年完成。: the deadline (and its verb)
        // ends its clause; the work is what the sentence's first clause names.
        let verb = DONE.iter().find(|w| own.is_some_and(|d| s.text[d.range.clone()].ends_with(**w)) || a == **w);
        let first = s.clauses.first().filter(|_| ci > 0).map(|c| trim(doc.source_slice(c.clone())));
        return first.filter(|f| !f.is_empty()).map(|f| {
            let f = f.strip_prefix("加大").map(|r| r.strip_suffix("力度").unwrap_or(r)).unwrap_or(f);
            format!("{}{f}", verb.copied().unwrap_or(""))
        });
    };
    if let Some(a) = within_limit(s, ci, c) {
        return Some(a);
    }
    let pieces = pieces(s.text, clause.clone(), start, c, &s.figures.accepted, &s.time_words);
    let a: String = pieces.iter().map(|r| doc.source_slice(r.clone())).collect();
    let a = a.trim_matches(|ch: char| ch.is_whitespace() || "，、；：。,;:（(的和及与".contains(ch));
    let a = without_asides(without_month_span(a));
    let row_task = s
        .row(pos)
        .and_then(|r| r.task.clone())
        .filter(|t| !t.contains(&pos))
        .map(|t| doc.source_slice(t).trim().to_string());
    // (Cells glued by the bars of a pasted table are no action either: the
    // figure's own cell says what it measures.)
    let glued = a.contains(['|', '｜']);
    let a = if glued {
        let head = &s.text[s.range.start.max(clause.start)..c.raw.start];
        head.rsplit(['|', '｜']).next().unwrap_or("").trim().to_string()
    } else {
        a
    };
    if let Some(a) = listed(s, c) {
        Some(a)
    } else if let Some(task) = row_task.filter(|_| glued || a.chars().count() < 4 || a.ends_with('率')) {
        // 覆盖率100% in the row of 新提拔干部廉政谈话: the task, with the
        // indicator when the cell names one.
        Some(if a.ends_with('率') { format!("{task}{a}") } else { task })
    } else if a.chars().count() < 2 {
        // A table flattened to a cell per line: the task is the cell before.
        last.map(str::to_string).or_else(|| super::table::cell_before(doc, s.index))
    } else if let Some((prev, bare)) = last
        .map(|prev| (prev, a.rsplit('、').next().unwrap_or(&a)))
        .filter(|&(_, bare)| is_bare_change(&crate::normalize::simplified(bare)))
    {
        // 生产总值完成325.6亿元，增长5.2%, and 达到5.53万亿元、稳居全国前十强、
        // 增长4.8%: the indicator carries over to the bare change (in a source
        // written in traditional characters too: 達到…、增長9.3%).
        Some(format!("{}{bare}", indicator_as_written(prev)))
    } else if let Some(prev) = last.filter(|_| is_bare_comparison(&a)) {
        // 规上工业增加值增长8.3%，高于全国2.5个百分点: the gap is the growth's.
        let rate = if prev.ends_with("增长") { "增速" } else { "" };
        Some(format!("{}{rate}{a}", indicator_of(prev)))
    } else if let Some(prev) = last.filter(|_| is_bare_share(&a)) {
        // 新能源汽车产量增长43%、占全国1/4, 新增上市公司45家、总量达1224家:
        // the share or the total is the indicator's.
        Some(format!("{}{a}", indicator_of(prev)))
    } else if let (Some(prev), Some(share)) = (last, bare_ratio(&a)) {
        // 财政民生支出突破万亿元、占比80%左右, 新能源装机达4091万千瓦、占比达44.7%:
        // the share is the indicator's, without the verb that reports it.
        Some(format!("{}{share}", indicator_of(prev)))
    } else {
        Some(without_start_value(&a).to_string())
    }
}

/// 交通、能源、水利分别完成投资3252亿元、2140亿元、748亿元: the action of a
/// figure of a list after 分别 is its own item of the list before it.
fn listed(s: &SentenceCtx, c: &Candidate) -> Option<String> {
    // The last 分别 before the figure (the sentence's last, when it is before).
    let from = match s.last_fenbie? {
        k if k + "分别".len() <= c.raw.start => k,
        _ => s.range.start + s.text[s.range.start..c.raw.start].rfind("分别")?,
    };
    let clause = s.clauses.iter().find(|cl| cl.start <= from && from < cl.end)?;
    let after: Vec<&Candidate> = s.figures.accepted.iter().filter(|f| f.raw.start > from).collect();
    let first = after.first()?;
    // The figures of the list: joined by 、 or 和 (化学需氧量、氨氮排放量分别下降2%
    // gives one figure to both items, and is left whole).
    let joined = 1 + after
        .windows(2)
        .take_while(|w| matches!(s.text.get(w[0].raw.end..w[1].raw.start), Some("、" | "和" | "，")))
        .count();
    let k = after.iter().take_while(|f| f.raw.start < c.raw.start).count();
    let start = super::actor::strip_lead(s.text, clause.clone());
    let text = s.doc.source_slice(start.min(first.raw.start)..first.raw.start).trim();
    let items = text.split_once("分别")?.0.split('、').count();
    (items == joined).then(|| distribute(text, k)).flatten()
}

/// The item `k` of a 、 list before 分别, with the head the items share and
/// the predicate after 分别: (`交通、能源、水利分别完成投资`, 1) → `能源完成投资`,
/// (`城镇、农村居民人均可支配收入分别增长`, 0) → `城镇居民人均可支配收入增长`.
/// `None` when the action is not such a list.
pub fn distribute(a: &str, k: usize) -> Option<String> {
    let (list, predicate) = a.split_once("分别")?;
    let list = ["力争", "预计", "全年", "今年"].iter().find_map(|w| list.strip_prefix(w)).unwrap_or(list);
    let items: Vec<&str> = list.split('、').collect();
    if items.len() < 2 || k >= items.len() {
        return None;
    }
    // The items before the last are alike (城镇, 农村…): the last one's
    // words beyond their length are the head they share.
    let n = items[0].chars().count();
    let (last, rest) = items.split_last()?;
    let head = if n > 0 && n <= 4 && rest.iter().all(|i| i.chars().count() == n) && last.chars().count() >= n {
        &last[last.char_indices().nth(n).map_or(last.len(), |(b, _)| b)..]
    } else {
        // Items of different lengths (新能源汽车、集成电路、工业机器人产量, 刑事治安、
        // 涉诈、涉毒警情) share what the last one says from its first measure
        // on (…、高技术制造业增加值占规模以上工业增加值比重 → 增加值占…比重); an
        // item that names its own (…生活补贴、…护理补贴标准) still takes it.
        let at = last
            .char_indices()
            .skip(2)
            .find(|&(b, _)| MEASURES.iter().any(|m| last[b..].starts_with(m)) && last.ends_with(MEASURE_ENDS))?
            .0;
        &last[at..]
    };
    let item = if k + 1 == items.len() { &last[..last.len() - head.len()] } else { items[k] };
    if item.is_empty() {
        return None;
    }
    // An item that names its own measure (生产安全事故起数、死亡人数) takes no
    // other.
    let head = if k + 1 < items.len() && MEASURES.iter().any(|m| item.ends_with(m)) { "" } else { head };
    // 分别从每人202元、270元提高到: the start values are not the action; the
    // item's indicator is.
    let predicate = if predicate.starts_with(['从', '由']) { "" } else { predicate };
    Some(format!("{item}{head}{predicate}"))
}

/// How the last item of such a list ends: in a measure or a share.
const MEASURE_ENDS: &[char] =
    &['量', '值', '额', '入', '润', '资', '数', '模', '准', '情', '件', '积', '重', '比', '格'];

/// What a statistic measures, shared by the items of a list before 分别.
const MEASURES: &[&str] = &[
    "产量",
    "产值",
    "增加值",
    "零售额",
    "销售额",
    "营业收入",
    "收入",
    "利润",
    "投资",
    "数量",
    "人数",
    "规模",
    "总量",
    "标准",
    "警情",
    "案件",
    "起数",
    "面积",
    "比重",
    "占比",
    "指数",
    "价格",
    "金额",
    "余额",
    "进出口额",
    "出口额",
    "进口额",
];

/// Is the action only a comparison with a larger whole (高于全国, 快于全省)?
fn is_bare_comparison(a: &str) -> bool {
    ["高于", "低于", "快于", "慢于", "超过", "比全国高", "比全省高"].iter().any(|w| a.starts_with(w))
        && a.chars().count() <= 6
}

/// Is the action only a share of a larger whole or a running total (占全国,
/// 占全省比重, 总量, 总投资), which names no indicator by itself?
fn is_bare_share(a: &str) -> bool {
    (["占全国", "占全省", "占全市"].iter().any(|w| a.starts_with(w)) && a.chars().count() <= 6)
        || matches!(a, "总量" | "总数" | "总额" | "总投资" | "总金额")
}

/// The share word of an action that is only a share and the verb reporting
/// it (占比, 占比达, 比重稳定在, 规模): it names no indicator by itself.
fn bare_ratio(a: &str) -> Option<&str> {
    let word = ["占比", "比重", "规模"].into_iter().find(|w| a.starts_with(w))?;
    let rest = &a[word.len()..];
    matches!(
        rest,
        "" | "达" | "达到" | "为" | "稳定在" | "保持在" | "超过" | "突破" | "提高到" | "提高" | "提升到" | "提升"
    )
    .then_some(word)
}

/// Words that open a bracketed aside: what the figure includes or leaves
/// out, or how it is counted, not what it measures.
const ASIDES: &[&str] =
    &["含", "不含", "包含", "包括", "扣除", "剔除", "除了", "除去", "按", "以下简称", "简称", "其中", "同口径", "可比"];

/// The action without its bracketed asides (一般公共预算支出(扣除2022年灾后
/// 恢复重建专项资金支出外)增长 → 一般公共预算支出增长; 年中增加项目(含2023年…,
/// a bracket cut off by the figure, → 年中增加项目). Brackets that name (各县
/// (市、区)) stay.
fn without_asides(a: &str) -> String {
    let mut out = String::with_capacity(a.len());
    let mut rest = a;
    while let Some(k) = rest.find(['(', '（']) {
        let open = rest[k..].chars().next().map_or(1, char::len_utf8);
        let inner = &rest[k + open..];
        if !ASIDES.iter().any(|w| inner.starts_with(w)) {
            out.push_str(&rest[..k + open]);
            rest = inner;
            continue;
        }
        out.push_str(&rest[..k]);
        // Past the close that matches, or to the end (the figure cut the bracket off).
        let end = crate::util::bracket_close(inner)
            .map_or(inner.len(), |e| e + inner[e..].chars().next().map_or(1, char::len_utf8));
        rest = &inner[end..];
    }
    out.push_str(rest);
    if out.chars().count() >= 2 { out } else { a.to_string() }
}

/// Units of a time limit (…后1个月内, 受理后15日内).
const LIMIT_UNITS: &[&str] = &["年", "个月", "月", "周", "天", "日", "个工作日", "工作日", "小时"];

/// A time limit that closes its clause after a condition (县(乡)河长工作调整后
/// 1个月内，与接任者交接…; 应在受理后15日内，报送…): what must be done within it
/// is the next clause, not the condition before it.
fn within_limit(s: &SentenceCtx, ci: usize, c: &Candidate) -> Option<String> {
    let clause = &s.clauses[ci];
    let raw = &s.text[c.raw.clone()];
    let unit = s.text.get(c.unit_range.clone())?;
    if !["内", "以内", "之内"].iter().any(|w| raw.ends_with(w)) || !LIMIT_UNITS.contains(&unit) {
        return None;
    }
    let after = s.text[c.raw.end..clause.end].trim_matches(|ch: char| ch.is_whitespace() || "，,".contains(ch));
    let before = s.text[clause.start..c.raw.start].trim_end();
    let condition = (before.ends_with('后') && !before.ends_with("今后") && !before.ends_with("此后"))
        || before.ends_with("之日起")
        || before.ends_with('起');
    if !after.is_empty() || !condition {
        return None;
    }
    let next = s.clauses.get(ci + 1)?;
    // A next clause with figures of its own is their work, not the limit's
    // (整改后3个月内，开展回头看不少于1次).
    if s.figures.accepted.iter().any(|f| next.contains(&f.num.start)) {
        return None;
    }
    let from = super::actor::strip_lead(s.text, next.clone());
    let a = s.doc.source_slice(from..next.end);
    let a = a.trim_matches(|ch: char| ch.is_whitespace() || "，、；：。,;:".contains(ch));
    (a.chars().count() >= 2).then(|| a.to_string())
}

/// The action without a span of months before its verb (每年的3月至12月每月巡查
/// → 巡查: a time word, like the period words cut out before it). Only a
/// span that leaves two characters or more is cut.
fn without_month_span(a: &str) -> &str {
    fn month(t: &str) -> Option<&str> {
        let n = t.find(|c: char| !(c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))?;
        let rest = t[n..].strip_prefix('月')?;
        (n > 0).then(|| rest.strip_prefix('份').unwrap_or(rest))
    }
    // (Its first month may already be cut out as a period word: 每年5月至9月.)
    let rest = month(a).unwrap_or(a);
    let Some(rest) = ["至", "到", "-", "—", "～", "~"].iter().find_map(|w| rest.strip_prefix(w)) else { return a };
    let Some(rest) = month(rest) else { return a };
    let rest = rest.strip_prefix("期间").or_else(|| rest.strip_prefix('间')).unwrap_or(rest);
    if rest.chars().count() >= 2 { rest } else { a }
}

/// The action without a start value left in it: `城镇化率从52.6%提高` →
/// `城镇化率` (the figure landed on is the requirement, its indicator the
/// action).
pub fn without_start_value(a: &str) -> &str {
    const TO: &[&str] = &[
        "增至",
        "降至",
        "提高",
        "扩大",
        "缩小",
        "增加到",
        "提高到",
        "提升到",
        "增长到",
        "扩大到",
        "下降到",
        "降低到",
        "减少到",
    ];
    let digit = |c: char| c.is_ascii_digit() || super::number::is_cn_digit(c);
    for w in ['从', '由'] {
        if let Some(p) = a.rfind(w) {
            let rest = &a[p + w.len_utf8()..];
            // (不到70万亿元: an approximate start is a start too.)
            let fig = ["不到", "不足", "约", "近"].iter().find_map(|q| rest.strip_prefix(q)).unwrap_or(rest);
            let figure_first = fig.starts_with(digit);
            let changes = CHANGE.iter().chain(TO).any(|v| rest.ends_with(v));
            // 财政收入从11.7万亿元 (增加到 read into the figure after it): the
            // start figure alone, with its unit.
            let unit = fig.trim_start_matches(|c: char| digit(c) || matches!(c, '.' | '万' | '亿' | '千' | '百'));
            let alone = unit.chars().count() <= 2 && unit.chars().all(|c| c == '%' || super::units::is_cjk(c));
            if figure_first && (changes || alone) && a[..p].chars().count() >= 2 {
                return &a[..p];
            }
        }
    }
    a
}

/// Verbs of change that name no indicator by themselves (增长5.2%).
const CHANGE: &[&str] =
    &["增长", "下降", "提高", "降低", "上涨", "减少", "增加", "下滑", "回落", "提升", "上升", "分别增长", "分别下降"];

/// Words that qualify a change without naming an indicator (同比增长).
const CHANGE_QUALIFIER: &[&str] =
    &["同比", "同口径", "比上年同期", "较上年同期", "比上年", "较上年", "比去年同期", "较去年同期", "比去年", "较去年"];

/// Names of a rate of change that name no indicator by themselves (增幅7.5%).
const RATE_OF_CHANGE: &[&str] = &["增幅", "增速", "涨幅", "降幅"];

/// Is the action only a verb of change or the name of its rate, maybe
/// qualified (同比增长, 同比增幅)?
pub fn is_bare_change(a: &str) -> bool {
    let a = CHANGE_QUALIFIER.iter().find_map(|q| a.strip_prefix(q)).unwrap_or(a);
    CHANGE.contains(&a) || RATE_OF_CHANGE.contains(&a)
}

/// [`indicator_of`] of an action as written, which may be in traditional
/// characters (區屬地區生產總值達到 → 區屬地區生產總值): found on its simplified
/// form, cut from the text as written (the two agree character for character).
fn indicator_as_written(a: &str) -> &str {
    let simple = crate::normalize::simplified(a);
    let n = indicator_of(&simple).chars().count();
    &a[..crate::util::char_prefix_len(a, n)]
}

/// The indicator of a statistic's action: `地区生产总值完成` → `地区生产总值`.
pub fn indicator_of(a: &str) -> &str {
    const TRAIL: &[&str] =
        &["完成", "达到", "实现", "为", "稳定在", "突破", "超过", "增长", "下降", "增加", "减少", "首次"];
    let mut s = a;
    loop {
        if let Some(t) = TRAIL.iter().chain(CHANGE_QUALIFIER).find(|t| s.ends_with(**t)) {
            s = &s[..s.len() - t.len()];
        } else if let Some(r) = s.strip_suffix('达').filter(|r| {
            !r.ends_with(['送', '直', '通', '抵', '到', '传', '下', '表', '发', '转', '高', '长', '畅', '多'])
        }) {
            // 总装机达 (reaches), not 送达 or 直达.
            s = r;
        } else {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The action of each figure of a real sentence, as `(figure, action)`.
    fn actions(text: &str) -> Vec<(String, String)> {
        actions_in("2026年某省政府工作报告", text)
    }

    /// The same, in a document of the title `title`.
    fn actions_in(title: &str, text: &str) -> Vec<(String, String)> {
        let doc = crate::document::Document::analyze("t.txt", format!("{title}\n{text}\n"));
        let ex = crate::extract::extract(&doc);
        ex.requirements
            .iter()
            .filter_map(|r| Some((r.quantity.as_ref()?.raw.clone(), r.action.clone().unwrap_or_default())))
            .collect()
    }

    #[test]
    fn lists_comparisons_and_start_values() {
        for (a, k, want) in [
            ("交通、能源、水利分别完成投资", 1, Some("能源完成投资")),
            ("力争交通、水利分别完成投资", 0, Some("交通完成投资")),
            ("城镇、农村居民人均可支配收入分别增长", 0, Some("城镇居民人均可支配收入增长")),
            ("城镇、农村居民人均可支配收入分别增长", 1, Some("农村居民人均可支配收入增长")),
            ("城区、镇区污水处理率分别达到", 1, Some("镇区污水处理率达到")),
            ("城乡居民收入分别达到", 0, None),
            ("推进新型工业化、信息化、城镇化、农业现代化分别", 5, None),
            ("推进新型工业化、信息化、城镇化、农业现代化分别", 0, None),
            ("新能源汽车、集成电路、工业机器人产量分别增长", 0, Some("新能源汽车产量增长")),
            ("新能源汽车、集成电路、工业机器人产量分别增长", 2, Some("工业机器人产量增长")),
            ("刑事治安、涉诈、涉毒警情分别下降", 1, Some("涉诈警情下降")),
            ("新能源汽车、智能家电、智能手机限上零售额分别增长", 1, Some("智能家电零售额增长")),
            ("困难残疾人生活补贴、重度残疾人护理补贴标准分别从每人", 0, Some("困难残疾人生活补贴标准")),
            ("生产安全事故起数、死亡人数分别下降", 0, Some("生产安全事故起数下降")),
            ("生产安全事故起数、死亡人数分别下降", 1, Some("死亡人数下降")),
            ("全域旅游人数、旅游综合收入分别增长", 0, Some("全域旅游人数增长")),
            (
                "先进制造业、高技术制造业增加值占规模以上工业增加值比重分别达",
                0,
                Some("先进制造业增加值占规模以上工业增加值比重达"),
            ),
        ] {
            assert_eq!(distribute(a, k).as_deref(), want, "{a} {k}");
        }
        assert_eq!(without_start_value("城镇化率从52.6%提高"), "城镇化率");
        assert_eq!(without_start_value("补助标准由240元提高"), "补助标准");
        assert_eq!(without_start_value("从严从实推进"), "从严从实推进");
        assert_eq!(without_start_value("财政收入从11.7万亿元"), "财政收入");
        assert_eq!(without_start_value("国内生产总值从不到70万亿元增加到"), "国内生产总值");
        assert_eq!(without_start_value("由县财政局牵头"), "由县财政局牵头");
        assert_eq!(without_start_value("人口从农村流向城市"), "人口从农村流向城市");
        let rows: &[(&str, &str, &str)] = &[
            ("规上工业增加值增长8.3%，高于全国2.5个百分点。", "2.5个百分点", "规上工业增加值增速高于全国"),
            ("新能源汽车产量增长43%、占全国1/4。", "1/4", "新能源汽车产量占全国"),
            ("新增境内外上市公司45家、总量达1224家。", "1224家", "新增境内外上市公司总量"),
            ("交通、能源、水利分别完成投资3252亿元、2140亿元、748亿元。", "748亿元", "水利完成投资"),
            ("城镇化率从52.6%提高到58.5%。", "58.5%", "城镇化率"),
            ("今年二氧化硫、氮氧化物排放量分别下降3%。", "3%", "二氧化硫、氮氧化物排放量分别下降"),
            ("刑事治安、涉诈、涉毒警情分别下降17.7%、17.4%、68%。", "68%", "涉毒警情下降"),
            (
                "困难残疾人生活补贴、重度残疾人护理补贴标准分别从每人202元、270元提高到209元、280元。",
                "280元",
                "重度残疾人护理补贴标准",
            ),
            (
                "困难残疾人生活补贴、重度残疾人护理补贴标准分别从每人202元、270元提高到209元、280元。",
                "209元",
                "困难残疾人生活补贴标准",
            ),
            ("交通、水利分别完成投资3252亿元、748亿元，能源完成投资2140亿元。", "2140亿元", "能源完成投资"),
            ("财政民生支出首次突破万亿元、占比80%左右。", "80%", "财政民生支出占比"),
            // A bare rate of change, and a change written in traditional characters.
            ("农村居民人均收入完成19437元，增幅7.5%，增幅全省第1。", "7.5%", "农村居民人均收入增幅"),
            ("一产增加值完成97.1亿元，增速5.2%。", "5.2%", "一产增加值增速"),
            ("區屬地區生產總值達到379.95億元、增長9.3%。", "9.3%", "區屬地區生產總值增長"),
            ("新能源装机达4091万千瓦、占比达44.7%。", "44.7%", "新能源装机占比"),
            ("中央对地方转移支付增加约1.5万亿元、规模近9.8万亿元。", "9.8万亿元", "中央对地方转移支付规模"),
            ("民生支出占比达80%。", "80%", "民生支出占比"),
        ];
        for (text, fig, want) in rows {
            let got = actions(text);
            let a = got.iter().find(|(r, _)| r.contains(fig)).map(|(_, a)| a.as_str());
            assert_eq!(a, Some(*want), "{text}: {got:?}");
        }
    }

    #[test]
    fn time_limits_and_spans_of_months() {
        let rows: &[(&str, &str, &str)] = &[
            (
                "县(乡)河长、副河长工作调整后1个月内，与接任者交接河湖水质清单、问题清单。",
                "1个月内",
                "与接任者交接河湖水质清单、问题清单",
            ),
            ("问题线索应在受理后15日内，报送县纪委监委。", "15日内", "报送县纪委监委"),
            ("自收到通知之日起10个工作日内，完成整改并书面报告。", "10个工作日内", "完成整改并书面报告"),
            // The work inside the limit's own clause stays its action.
            ("各乡镇收到交办件后5个工作日内完成整改。", "5个工作日内", "收到交办件后完成整改"),
            // The next clause's own figure keeps its work.
            ("整改后3个月内，开展回头看不少于1次。", "1次", "开展回头看"),
            // Not a limit after a condition: the clause before it is the work.
            ("信访事项办结时间压缩至30日内，群众满意率达到90%。", "30日内", "信访事项办结时间压缩"),
            ("乡(镇)级河湖长每年的3月至12月每月巡查不少于1次。", "1次", "巡查"),
            ("村级河长每年4月至10月每周巡河不少于1次。", "1次", "巡河"),
            ("每年5月至9月期间每周开展防汛检查不少于2次。", "2次", "开展防汛检查"),
            // A deadline is cut out like a period word, with its 在.
            ("3月底前开展培训不少于2次。", "2次", "开展培训"),
            ("各乡镇要在3月底前开展培训不少于2次。", "2次", "开展培训"),
            ("6月底前完成整改不少于10项。", "10项", "完成整改"),
        ];
        for (text, fig, want) in rows {
            let got = actions_in("2026年某县工作要点", text);
            let a = got.iter().find(|(r, _)| r.contains(fig)).map(|(_, a)| a.as_str());
            assert_eq!(a, Some(*want), "{text}: {got:?}");
        }
        assert_eq!(without_month_span("3月至12月"), "3月至12月");
        assert_eq!(
            without_asides("一般公共预算支出(扣除2022年灾后恢复重建专项资金支出外)增长"),
            "一般公共预算支出增长"
        );
        assert_eq!(without_asides("年中增加项目(含2023年转列暂付性款项项目"), "年中增加项目");
        assert_eq!(without_asides("各县(市、区)开展督查"), "各县(市、区)开展督查");
        assert_eq!(without_asides("(含)"), "(含)");
        assert_eq!(without_month_span("12月至次年3月开展"), "12月至次年3月开展");
    }

    #[test]
    fn a_bracketed_aside_keeps_the_indicator() {
        let rows: &[(&str, &str, &str)] = &[
            // 增长1.7% followed by a bracket: the bracket is an aside, not the action.
            (
                "地方一般公共预算收入达3507.6亿元、增长1.7%（同口径增长2.5%以上），居民收入增长5%。",
                "1.7%",
                "地方一般公共预算收入增长",
            ),
            (
                "地方一般公共预算收入达3507.6亿元、增长1.7%（同口径增长2.5%以上），居民收入增长5%。",
                "2.5%以上",
                "地方一般公共预算收入同口径增长",
            ),
            // A classifier in brackets is the figure's: the action goes on after it.
            ("推动建设超100条（个）幸福河湖。", "超100条", "推动建设幸福河湖"),
            // 同比 once: the indicator before it drops its own qualifier.
            ("社会消费品零售总额42940万元，同比增长21%，同比增长20%。", "20%", "社会消费品零售总额同比增长"),
            (
                "每季度坚持定期排查与特别防护期排查相结合（全年不少于10次，以信访局数据为准）。",
                "不少于10次",
                "定期排查与特别防护期排查相结合",
            ),
            // A 、 inside brackets the action opened lists within one item.
            ("超5个县（市、区）开展全域幸福河湖建设。", "超5个", "县（市、区）开展全域幸福河湖建设"),
            // A bracket inside the object is the action's own.
            (
                "每季度至少听取1次分管部门（股室）党风廉政建设工作汇报。",
                "1次",
                "听取分管部门（股室）党风廉政建设工作汇报",
            ),
            // ASCII commas of a web page: 同比增长 carries the indicator over, no comma is kept.
            (
                "上半年,全区实现国内生产总值28.7亿元,同比增长104.4%;工业销售收入5.9亿元,同比增长122.9%。",
                "104.4%",
                "实现国内生产总值同比增长",
            ),
            (
                "上半年,全区实现国内生产总值28.7亿元,同比增长104.4%;工业销售收入5.9亿元,同比增长122.9%。",
                "5.9亿元",
                "工业销售收入",
            ),
        ];
        for (text, fig, want) in rows {
            let got = actions(text);
            let a = got.iter().find(|(f, _)| f == fig).map(|(_, a)| a.as_str());
            assert_eq!(a, Some(*want), "{fig} in {text}: {got:?}");
        }
    }

    #[test]
    fn indicators() {
        assert!(is_bare_change("增长"));
        assert!(is_bare_change("同比增长"));
        assert!(is_bare_change("同口径增长"));
        assert!(is_bare_change("增幅"));
        assert!(is_bare_change("同比增幅"));
        assert!(!is_bare_change("增幅较大的行业"));
        assert_eq!(indicator_as_written("區屬地區生產總值達到"), "區屬地區生產總值");
        assert_eq!(indicator_as_written("一产增加值完成"), "一产增加值");
        assert!(!is_bare_change("同比"));
        assert!(!is_bare_change("城镇新增就业"));
        assert_eq!(indicator_of("全县地区生产总值完成"), "全县地区生产总值");
        assert_eq!(indicator_of("一般公共预算收入"), "一般公共预算收入");
        assert_eq!(indicator_of("社会消费品零售总额同比增长"), "社会消费品零售总额");
        assert_eq!(short_bracket("（个）幸福河湖"), "（个）".len());
        assert_eq!(short_bracket("(间)"), "(间)".len());
        assert_eq!(short_bracket("（含“渡改桥”工程）"), 0);
        assert_eq!(short_bracket("（）"), 0);
    }
}
