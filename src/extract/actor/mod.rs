//! Actors: who must act or acted. A subject opens its clause and is
//! followed by its verb; it names a body or a person (党组, 县纪委, 领导班子,
//! 主要负责人, 部门, 全县, 我们). jieba gives the word boundaries and tags; our
//! own lists decide what can head an actor, because tags alone are noisy
//! (组织 is tagged a verb inside 纪检监察组织).
//!
//! This file finds the subject of one clause or heading; [`scope`] applies
//! the spec's steps to give a figure its actor within its paragraph.

pub mod scope;

use crate::segment::words::tag_for;
use std::ops::Range;
use std::sync::OnceLock;

/// Words an actor phrase can end with.
const HEADS: &[&str] = &[
    "党组",
    "党委",
    "党组织",
    "党支部",
    "支部",
    "县委",
    "市委",
    "省委",
    "区委",
    "政府",
    "班子",
    "成员",
    "负责人",
    "责任人",
    "领导",
    "书记",
    "部门",
    "单位",
    "科室",
    "股室",
    "纪委",
    "监委",
    "纪检组",
    "常委会",
    "财政",
    "干部",
    "党员",
    "组织",
    "机关",
    "我们",
    "我局",
    "我市",
    "我县",
    "我区",
    "我委",
    "我办",
    "我厅",
    "我部",
    "我院",
    "我镇",
    "我省",
    "全县",
    "全市",
    "全省",
    "全区",
    "全镇",
    "各地",
    "各级",
    "局",
    "委",
    "办",
    "中心",
    "人大",
    "政协",
    "法院",
    "检察院",
    "公司",
    "企业",
    "学校",
    "医院",
    "街道",
    "乡镇",
    "社区",
    "村委会",
    "同志",
    "职工",
    "人员",
    "小组",
    "专班",
    "指挥部",
    "委员会",
    "队伍",
    "工作组",
    "巡察组",
    "督查组",
    "部",
    "厅",
    "处",
    "科",
    "所",
    "站",
    "院",
    "集团",
    "协会",
    "河长",
    "湖长",
    "林长",
    "路长",
    "组长",
    "局长",
    "县长",
    "市长",
    "镇长",
    "乡长",
    "村长",
    "校长",
    "院长",
    "处长",
    "科长",
    "站长",
    "所长",
    "部长",
    "厅长",
    "省长",
    "区长",
    "队长",
    "会长",
    "董事长",
    "理事长",
    "室",
    "村",
    "社区",
    "上下",
    "主任",
    "代表",
    // Zones run by their own committee report as a county does (xx开发区实现
    // 国内生产总值28.7亿元); counted (新设3个开发区) they are things.
    "开发区",
    "高新区",
    "经开区",
    "管委会",
    // Athletes win what a tally counts (我省运动员…斩获8金4银4铜).
    "运动员",
    "健儿",
];

/// Words that may stand inside an actor phrase whatever jieba tags them.
const PARTS: &[&str] = &[
    "县",
    "市",
    "省",
    "区",
    "镇",
    "乡",
    "各",
    "各级",
    "全体",
    "全县",
    "全市",
    "县级",
    "市级",
    "主要",
    "分管",
    "领导",
    "班子",
    "成员",
    "组织",
    "党组",
    "党委",
    "常委",
    "纪检",
    "监察",
    "纪检监察",
    "政府",
    "系统",
    "部门",
    "单位",
    "正职",
    "副职",
    "机关",
    "直属",
    "派驻",
    "基层",
    "党员",
    "干部",
    "班子成员",
    "领导班子",
];

/// Nouns that act as adverbials right after a subject (领导班子专题研究).
const ADVERBIAL: &[&str] = &[
    "专题",
    "专题研究",
    "专题学习",
    "集中",
    "定期",
    "统一",
    "专项",
    "全面",
    "分别",
    "共同",
    "按时",
    "及时",
    "时刻",
    "始终",
    "一直",
    "长期",
    "原则上",
    "亲自",
    "重点",
    "带头",
    "率先",
    "逐级",
    "年内",
    "全年",
    "今年",
    "每年",
    "每季度",
    "每月",
];

/// Words that open a clause without being its subject, stripped first.
const LEAD: &[&str] = &[
    "今年以来",
    "今年",
    "去年",
    "年度内",
    "年内",
    "全年",
    "每年",
    "每季度",
    "每半年",
    "每月",
    "每周",
    "每天",
    "每日",
    "截至目前",
    "截止目前",
    "目前",
    "同时",
    "此外",
    "另外",
    "其中",
    "近年来",
    "一年来",
    "五年来",
    "这一年",
    "过去一年",
    "回顾过去一年",
    "当前",
    "首先",
    "其次",
    "最后",
    "这方面",
    "为此",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "六是",
    "七是",
    "八是",
    "九是",
    "十是",
];

// [`HEADS`], [`PARTS`], [`ADVERBIAL`] and [`LEAD`] as sets, for the words
// jieba cuts.
static HEADS_SET: crate::util::WordSet = crate::util::WordSet::new(HEADS);
static PARTS_SET: crate::util::WordSet = crate::util::WordSet::new(PARTS);
static ADVERBIAL_SET: crate::util::WordSet = crate::util::WordSet::new(ADVERBIAL);
static LEAD_SET: crate::util::WordSet = crate::util::WordSet::new(LEAD);

/// Verbs whose object is the doer of the next verb (安排县纪委查处 → 县纪委).
const PIVOTS: &[&str] = &["安排", "要求", "督促", "责成", "指导", "由", "经"];

/// Skip leading time words, enumeration markers, heading numbers and dates.
pub fn strip_lead(text: &str, clause: Range<usize>) -> usize {
    let mut i = clause.start;
    loop {
        let rest = &text[i..clause.end];
        let before = i;
        static FIRSTS: crate::util::CharSet = crate::util::CharSet::firsts(LEAD);
        let lead =
            rest.chars().next().filter(|&c| FIRSTS.has(c)).and_then(|_| LEAD.iter().find(|w| rest.starts_with(**w)));
        if let Some(w) = lead {
            i += w.len();
        } else if let Some(n) = heading_marker_len(rest) {
            i += n;
        } else if let Some(n) = date_len(rest) {
            i += n;
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace() || matches!(c, '，' | '、')) {
            i += c.len_utf8();
        }
        if i == before {
            return i;
        }
    }
}

/// Length of a heading marker at the start (一、 (一) 1. (1) ①).
pub fn heading_marker_len(s: &str) -> Option<usize> {
    let cn = |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    let mut it = s.char_indices();
    let (_, c0) = it.next()?;
    if c0 == '(' {
        let close = s.find(')')?;
        let inner = &s[1..close];
        return (!inner.is_empty() && inner.chars().count() <= 3 && inner.chars().all(|c| cn(c) || c.is_ascii_digit()))
            .then_some(close + 1);
    }
    if ('①'..='⑳').contains(&c0) {
        return Some(c0.len_utf8());
    }
    let n: usize = s.chars().take_while(|&c| cn(c) || c.is_ascii_digit()).map(char::len_utf8).sum();
    if n == 0 || n > 9 {
        return None;
    }
    let next = s[n..].chars().next()?;
    let after = s[n + next.len_utf8()..].chars().next();
    match next {
        '、' => Some(n + next.len_utf8()),
        '.' if !after.is_some_and(|c| c.is_ascii_digit()) && s.as_bytes()[0].is_ascii_digit() => Some(n + 1),
        _ => None,
    }
}

fn date_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit() || **c == b'X').count();
    let mut i;
    let d = digits(0);
    if d == 0 {
        return None;
    }
    let unit = |i: usize, u: &str| s[i..].starts_with(u);
    if unit(d, "年") {
        i = d + "年".len();
        let d2 = digits(i);
        if d2 > 0 && unit(i + d2, "月") {
            i += d2 + "月".len();
        } else {
            return (d == 4).then_some(i);
        }
    } else if unit(d, "月") {
        i = d + "月".len();
    } else {
        return None;
    }
    let d3 = digits(i);
    if d3 > 0 && (unit(i + d3, "日") || unit(i + d3, "号")) {
        i += d3 + 3;
    }
    Some(i)
}

/// Words ending in a head character that name no body (本科 is a degree, not a 科).
const NOT_HEADS: &[&str] = &[
    "内部",
    "外部",
    "全部",
    "局部",
    "本部",
    "本科",
    "专科",
    "学科",
    "内科",
    "外科",
    "场所",
    "住所",
    "厕所",
    "之处",
    "好处",
    "难处",
    "布局",
    "格局",
    "结局",
    "大局",
    "开局",
    "中部",
    "东部",
    "西部",
    "南部",
    "北部",
    "头部",
    "尾部",
    "底部",
    "国防科",
    "科技",
    "督办",
    "举办",
    "创办",
    "承办",
    "主办",
    "开办",
    "兴办",
    "代办",
    "帮办",
    "首办",
    "包办",
    "乡村",
    "农村",
    "城乡",
    "美丽乡村",
    "和美乡村",
    "新村",
    "数字政府",
    "法治政府",
    "廉洁政府",
    "服务型政府",
    "有为政府",
    "研究院",
    "设计院",
    "博物院",
    "剧院",
    "影院",
    "书院",
    "学院",
    "研究所",
    "事务所",
    "派出所",
    "卫生院",
    "卫生室",
    "卫生所",
    "充电站",
    "加油站",
    "服务站",
    "工作站",
    "驿站",
    "电站",
    "车站",
    "基站",
    "网站",
];

/// Heads that name a thing built or counted, or a group that benefits, unless
/// a determiner makes them the bodies addressed (各企业, 每个村, 全体职工):
/// 中欧班列集结中心, 省属企业, 规上企业 are never subjects.
const THING_HEADS: &[&str] = &[
    "中心",
    "学校",
    "医院",
    "企业",
    "公司",
    "集团",
    "协会",
    "村",
    "人员",
    "职工",
    "社区",
    "街道",
    "实验室",
    "研究院",
    "科学院",
    "中科院",
    "研究生院",
    "先行区",
    "示范区",
    "园区",
    "开发区",
    "基地",
    "平台",
    "项目",
    "厂站",
    "站",
];

/// Verbs that relate a thing to a body (获国务院批复, 高于全省, 成为我省…):
/// met inside a would-be subject, they show that the body is their object.
/// (Verbs that name a body's work, 审批 in 区行政审批局, are not among them.)
const RELATIONAL: &[&str] = &[
    "获",
    "获批",
    "获得",
    "荣获",
    "高于",
    "低于",
    "成为",
    "完成",
    "实施",
    "实现",
    "达到",
    "列入",
    "纳入",
    "入选",
    "位居",
    "居",
    "超过",
    "带动",
    "支持",
    "超额完成",
    "首次",
    "新增",
    "新建",
    "建成",
    "累计",
];
static RELATIONAL_SET: crate::util::WordSet = crate::util::WordSet::new(RELATIONAL);

static NOT_HEADS_SET: crate::util::WordSet = crate::util::WordSet::new(NOT_HEADS);
static THING_HEADS_SET: crate::util::WordSet = crate::util::WordSet::new(THING_HEADS);

/// Does `s` end with a word of `set` (words of one to six characters)? Six
/// set lookups instead of a comparison with every word.
fn ends_with_any(s: &str, set: &crate::util::WordSet) -> bool {
    s.char_indices().rev().take(6).any(|(k, _)| set.contains(&s[k..]))
}

/// Determiners that make a [`THING_HEADS`] noun the body addressed.
const ADDRESSED: &[&str] = &["各", "每个", "每一个", "全体", "所有", "相关", "有关", "生产经营", "我"];

/// The characters a head ends with: a head can end only where one stands.
static HEAD_LASTS: crate::util::CharSet = crate::util::CharSet::lasts(HEADS);

/// The heads grouped by their last character, sorted by it: an actor head can
/// only end where one of these characters stands.
fn heads_by_last() -> &'static [(char, Vec<&'static str>)] {
    static T: OnceLock<Vec<(char, Vec<&'static str>)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: Vec<(char, Vec<&'static str>)> = Vec::new();
        for &h in HEADS {
            let Some(last) = h.chars().next_back() else { continue };
            match t.iter_mut().find(|(c, _)| *c == last) {
                Some((_, v)) => v.push(h),
                None => t.push((last, vec![h])),
            }
        }
        t.sort_by_key(|(c, _)| *c);
        t
    })
}

/// Does `s` end with one of the [`HEADS`]?
fn ends_with_head(s: &str) -> bool {
    let Some(last) = s.chars().next_back() else { return false };
    let t = heads_by_last();
    t.binary_search_by_key(&last, |(c, _)| *c).is_ok_and(|k| t[k].1.iter().any(|h| s.ends_with(h)))
}

/// Where the last of the [`HEADS`] occurring in `s` ends, if one does. (A
/// clause without one has no subject, and needs no word cutting to know it.)
fn last_head_end(s: &str) -> Option<usize> {
    let t = heads_by_last();
    s.char_indices().rev().filter(|&(_, c)| HEAD_LASTS.has(c)).find_map(|(k, c)| {
        let end = k + c.len_utf8();
        t.binary_search_by_key(&c, |(l, _)| *l).ok().filter(|&i| t[i].1.iter().any(|h| s[..end].ends_with(h)))?;
        Some(end)
    })
}

pub(crate) fn is_head(np: &str) -> bool {
    // Most prefixes end in no head at all: that cheap test first.
    if !ends_with_head(np) && !np.ends_with(')') {
        return false;
    }
    if ends_with_any(np, &NOT_HEADS_SET) {
        return false;
    }
    // (A thing with alternatives in brackets, 示范企业(平台、项目), is a thing too.)
    let bare = np.strip_suffix(')').and_then(|x| x.rfind('(').map(|o| &x[..o])).unwrap_or(np);
    if ends_with_any(bare, &THING_HEADS_SET) && !ADDRESSED.iter().any(|d| np.starts_with(d)) && !names_place(np) {
        return false;
    }
    // 村(社区): the bracketed alternative may itself be the head.
    if let Some(inner) = np.strip_suffix(')').and_then(|x| x.rfind('(').map(|o| &x[o + 1..]))
        && ends_with_head(inner)
        && inner.chars().count() >= 2
    {
        return !first_of_kind(np);
    }
    let core = match np.strip_suffix(')') {
        Some(inner) => inner.rfind('(').map_or(inner, |o| &inner[..o]),
        None => np,
    };
    core.chars().count() >= 2
        && !matches!(core, "组织" | "领导" | "干部" | "党员")
        && ends_with_head(core)
        && !first_of_kind(np)
}

/// 国内首个眼科…, 全国首家…: a first of its kind is a thing described.
/// (Tested last: it searches the whole phrase.)
fn first_of_kind(np: &str) -> bool {
    (np.contains('首') && ["首个", "首家", "首批", "首座"].iter().any(|w| np.contains(w)))
        || (np.contains("第一") && ["第一个", "第一家"].iter().any(|w| np.contains(w)))
}

/// Does a phrase name a place (县人民医院, 市中心医院), which makes a thing
/// head the body of that place? 区域, 市场, 城市, 城乡, 乡村 hold the
/// characters but name none (国家区域医疗中心 is a thing), and so do 县域, 市域,
/// 省域 and 镇域, the extent of any county or city (县域医共体人员 are a group).
fn names_place(np: &str) -> bool {
    const NOT_PLACES: &[&str] = &["区域", "市场", "城市", "城乡", "乡村", "社区", "县域", "市域", "省域", "镇域"];
    np.char_indices().any(|(k, c)| {
        // The two-character word that holds this character starts here or
        // one character before.
        let prev = np[..k].char_indices().next_back().map_or(k, |(p, _)| p);
        // 州 names a prefecture after a name of two characters or more
        // (红河州, 黔东南州); 广州, 杭州 are cities whose labs are things.
        (matches!(c, '县' | '市' | '区' | '镇' | '乡') || (c == '州' && np[..k].chars().count() >= 2))
            && !NOT_PLACES.iter().any(|w| np[k..].starts_with(w) || np[prev..].starts_with(w))
    })
}

/// Does the predicate after a would-be subject tell how it changed by
/// itself (队伍不断壮大, 企业数量持续增长)? Then the phrase is an indicator
/// of a statistic, not a body acting.
fn grows(s: &str) -> bool {
    const ADVERBS: &[&str] = &["不断", "持续", "稳步", "逐步", "进一步", "快速", "显著", "明显", "大幅"];
    const CHANGES: &[&str] = &["壮大", "增长", "下降", "回升", "回落", "扩大"];
    let s = ADVERBS.iter().find_map(|w| s.strip_prefix(w)).unwrap_or(s);
    CHANGES.iter().any(|w| s.starts_with(w))
}

/// Is the predicate after a would-be subject one that the subject undergoes
/// rather than does (空客直升机中国总部成功落户, 省数据交易所…揭牌运营, 亳州入选…)?
/// Then it names what was brought in, launched or chosen, not who acted.
fn receives(s: &str) -> bool {
    const ADVERBS: &[&str] = &["成功", "正式", "顺利", "全部", "相继", "先后", "同步"];
    const VERBS: &[&str] = &["落户", "入选", "获批", "获评", "揭牌", "挂牌", "开业", "投产", "开诊", "落地"];
    let s = ADVERBS.iter().find_map(|w| s.strip_prefix(w)).unwrap_or(s);
    VERBS.iter().any(|w| s.starts_with(w))
}

/// Does the predicate after a would-be subject run, without a break, into a
/// rate that a figure follows (公共政策和政府承诺事项兑现率95.3%)? Then the
/// phrase modifies the rate's name.
fn rate_of(s: &str) -> bool {
    let Some(k) = s.find(|c: char| c.is_ascii_digit()) else { return false };
    let before = &s[..k];
    if before.contains(['，', '、', '；', '。', '“', '”']) || before.chars().count() > 16 {
        return false;
    }
    let before = ["达到", "达", "为", "保持", "提高到", "提升至", "提升到", "超过"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .unwrap_or(before);
    // (and an amount: 全省无还本续贷余额1.7万亿元)
    const INDICATORS: &[&str] =
        &["率", "比重", "占比", "比例", "余额", "总额", "总量", "规模", "总数", "产值", "增加值", "产量", "人数"];
    INDICATORS.iter().any(|w| before.ends_with(w))
}

fn counted_after(s: &str) -> bool {
    let s = ["达到", "达", "超过", "不少于", "共", "有"].iter().find_map(|w| s.strip_prefix(w)).unwrap_or(s);
    let n = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == 'X' || super::number::is_cn_digit(*c) || *c == '.')
        .count();
    if n == 0 {
        return false;
    }
    let rest: String = s.chars().skip(n).take(2).collect();
    let rest = rest.trim_start_matches(['余', '多', '万']);
    COUNTERS.iter().any(|u| rest.starts_with(u))
}

/// Classifiers of bodies and of the things counted in their place: a figure
/// before one counts the noun after it (25所县级公立医院新晋…, xx个部门单位牵头),
/// which the spec makes no subject.
const COUNTERS: &[&str] = &["名", "人", "个", "家", "位", "所", "户", "项", "座", "批", "支", "只", "台", "处"];

/// Bodies that [`THING_HEADS`] holds because they are often built or counted,
/// but that the agent after 由 names as doers (由企业承担).
const AGENT_THINGS: &[&str] = &["企业", "公司", "集团", "学校", "医院", "协会"];

/// The agent after 由 (a preposition, not 由于 or 理由) inside a clause
/// (重大科技项目90%以上由企业牵头 → 企业), which the spec makes the actor of its
/// clause: the subject of what follows it, or a body of [`AGENT_THINGS`]
/// followed by its verb. It names who acts in that clause only, never the
/// main subject of a sentence that later ones inherit. 由 opening the clause
/// is a pivot ([`PIVOTS`]), met by [`subject`].
pub fn agent(text: &str, clause: Range<usize>) -> Option<Range<usize>> {
    let s = &text[clause.clone()];
    if !s.contains('由') {
        return None;
    }
    let s = &s[..crate::util::char_prefix_len(s, 60)];
    let tags = crate::segment::cut::tag(s);
    let k = tags.iter().position(|t| t.word == "由" && t.tag == "p")?;
    let after = clause.start + tags[k].byte_end;
    if after >= clause.end || tags[k].byte_start == 0 {
        return None;
    }
    if let Some(r) = subject(text, after..clause.end) {
        return Some(r);
    }
    let (body, verb) = (tags.get(k + 1)?, tags.get(k + 2)?);
    (AGENT_THINGS.contains(&body.word) && tag_for(verb.word, verb.tag).starts_with('v'))
        .then(|| after..after + body.word.len())
}

/// The subject of a clause, as a range of the normalised text.
pub fn subject(text: &str, clause: Range<usize>) -> Option<Range<usize>> {
    let mut start = strip_lead(text, clause.clone());
    if let Some(p) = PIVOTS.iter().find(|p| text[start..clause.end].starts_with(**p)) {
        start += p.len();
    }
    let s = &text[start..clause.end];
    // A subject opens its clause: 40 characters are plenty to find one.
    let s = &s[..crate::util::char_prefix_len(s, 40)];
    if s.is_empty() || s.starts_with(['《', '“', '每']) {
        return None;
    }
    // An adverb of manner opens a predicate, never a subject (全面落实习近平
    // 总书记…精神: the 书记 is the verb's object).
    if MANNER.iter().any(|w| s.starts_with(w)) {
        return None;
    }
    // The subject ends in a head within the first 90 bytes (see the loop
    // below): without a head there, cutting words cannot find one.
    let mut reach = (0..=s.len().min(90)).rev().find(|&k| s.is_char_boundary(k)).unwrap_or(0);
    // The search also stops at a quotation mark outside brackets (a token
    // of its own): a head after it is never reached.
    let mut depth = 0i32;
    if let Some((k, _)) = s[..reach].char_indices().find(|&(_, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth == 0 && matches!(c, '“' | '”' | '《')
    }) {
        reach = k;
    }
    let head_end = last_head_end(&s[..reach])?;
    // Words after the last head and the word that follows it cannot change
    // the answer: cut words only that far (with a margin, so the words
    // around the last head are cut as in the whole clause).
    let cut = s[head_end..].char_indices().nth(8).map_or(s.len(), |(k, _)| head_end + k);
    let s = &s[..cut];
    // The loop below answers only with a prefix that `is_head` accepts,
    // ending within 90 bytes: where no prefix is one, cutting words cannot
    // find a subject (a head in a phrase that is a thing, 国家区域医疗中心).
    let limit = s.len().min(90);
    let some_head = s
        .char_indices()
        .map(|(k, c)| (c, k + c.len_utf8()))
        .take_while(|&(_, end)| end <= limit)
        .any(|(c, end)| (c == ')' || HEAD_LASTS.has(c)) && is_head(&s[..end]));
    if !some_head {
        return None;
    }
    let mut tags = crate::segment::cut::tag(s);
    // The loop below reads at most the first 17 words.
    for t in tags.iter_mut().take(17) {
        t.tag = tag_for(t.word, t.tag);
    }
    // A verb, adverb or preposition cannot open a subject. (组织 and 动员
    // also name bodies, but a clause that opens with one of them alone and
    // goes on names whom it mobilises: 组织各地同步开展…, 动员全省…力量.)
    let first = tags.first()?;
    // (Nor do 会同, 联合, 协同, 配合: the body after them is a partner, 会同区委
    // 督查室开展专项检查.)
    if matches!(first.word, "组织" | "动员" | "带领" | "发动" | "号召" | "会同" | "联合" | "协同" | "配合")
        && tags.len() > 1
    {
        return None;
    }
    if (first.tag.starts_with('v') || first.tag.starts_with('d') || matches!(first.tag, "p" | "ad" | "a"))
        && !PARTS_SET.contains(first.word)
        && !HEADS_SET.contains(first.word)
    {
        return None;
    }
    // The first prefix (at word boundaries) that ends in an actor head and is
    // followed by its verb is the subject; a preposition, 的 or a quotation
    // inside the prefix ends the search.
    let mut depth = 0i32;
    for (k, t) in tags.iter().enumerate().take(16) {
        let w = t.word;
        match w {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
        // A bracket closed that the clause never opened: the clause starts
        // inside a bracket (a table's cells run together, (总分值:100分)考核
        // 项目…), and what precedes the close is no subject.
        if depth < 0 {
            return None;
        }
        if depth == 0 && (t.tag == "p" || t.tag.starts_with('u') || matches!(w, "“" | "”" | "《" | "，" | "；" | "："))
        {
            break;
        }
        if depth > 0 || t.byte_end > 90 {
            continue;
        }
        // A long verb (贯彻落实) or a counted noun (xx个部门单位) is no part of a subject.
        let figure = w.chars().all(|c| c == 'X' || c.is_ascii_digit() || super::number::is_cn_digit(c));
        let classifier_next = tags.get(k + 1).is_some_and(|n| n.tag == "q" || COUNTERS.contains(&n.word));
        if (t.tag.starts_with('v') && w.chars().count() >= 3 && !HEADS_SET.contains(w)) || (figure && classifier_next) {
            return None;
        }
        // 史济春代表省政府与…签订…: a person named before 代表 and a body
        // acts on the body's behalf; the person is the subject.
        // (A name jieba does not know comes cut into characters, the
        // surname tagged nr: 史/济/春.)
        if w == "代表"
            && k > 0
            && tags[0].tag == "nr"
            && (2..=4).contains(&s[..t.byte_start].chars().count())
            && tags.get(k + 1).is_some_and(|n| n.tag == "nt" || is_head(n.word))
        {
            return Some(start..start + t.byte_start);
        }
        // A verb inside the phrase (海康威视获我省…, 增幅高于全省, 超额完成县政府…)
        // means the subject, if any, ended before it: a body named after a
        // verb is its object.
        // (First, as in 超额完成县政府下达目标任务, it opens a predicate: jieba
        // tags some of these set phrases, not verbs.)
        if RELATIONAL_SET.contains(w) {
            return None;
        }
        let np = &s[..t.byte_end];
        let Some(next) = tags.get(k + 1) else { break };
        // 我们主要做了…: after a pronoun, 主要 is an adverb.
        let pronoun_adverb = next.tag == "b" && np.starts_with('我');
        // 全省万亿级产业: a figure after 全省 sizes the noun it modifies (a
        // frequency after a body, 县委常委会X次听取, still follows a subject).
        let whole_place = is_whole_place(np);
        // (A year is a time word: 全镇2020年共完成国税3095万元.)
        let year_next = next.word.len() == 4
            && next.word.bytes().all(|b| b.is_ascii_digit())
            && tags.get(k + 2).is_some_and(|n| n.word == "年");
        if whole_place && next.tag == "m" && !year_next {
            return None;
        }
        // 全省排名上升6位: the indicator's rank in the province, no one acting.
        if whole_place && matches!(next.word, "排名" | "排位" | "位次" | "排序") {
            return None;
        }
        // 全省绿电交易量增长70%: an adjective after 全省 opens the noun it
        // modifies, not a predicate (a set phrase may be one: 全省更新改造…).
        if whole_place && matches!(next.tag, "a" | "b") {
            continue;
        }
        // 人均财政补助标准: a per-capita figure is an indicator, and 增幅全省排第7位:
        // an indicator before 全省 ranks in the province; neither names who acts.
        let ranks_in_whole = k > 0
            && is_whole_place(w)
            && tags.get(k - 1).is_some_and(|p| matches!(p.tag, "n" | "vn") && !is_head(p.word));
        if np.contains("人均") || ranks_in_whole {
            return None;
        }
        if is_head(np) && (follows_subject(next.word, next.tag) || pronoun_adverb) {
            // The first such prefix: its verb follows (XXX党组第一时间组织… stops at 党组).
            let rest = &s[np.len()..];
            return (!counted_after(rest) && !grows(rest) && !rate_of(rest) && !receives(rest) && !funds_of(rest))
                .then_some(start..start + np.len());
        }
    }
    None
}

/// Does the predicate after a would-be subject open with money it holds
/// (中央财政扶贫资金增长43.4%, 中央部门支出继续负增长, 全镇财政收入466万元)? Then
/// the phrase modifies the name of the money, an indicator: the spec's noun
/// modifying another noun. A verb of giving first (县财政投入资金3000万元,
/// 中央财政安排…专项资金) leaves it the subject.
fn funds_of(s: &str) -> bool {
    const FUNDS: &[&str] = &["资金", "经费", "支出", "收入", "补助", "补贴", "赤字", "预算", "专项"];
    const GIVES: &[&str] = &[
        "投入", "安排", "拨付", "下达", "筹集", "新增", "投资", "统筹", "整合", "累计", "用于", "全年", "今年", "每年",
    ];
    if FUNDS.iter().any(|w| s.starts_with(w)) {
        return true;
    }
    // One word of two characters may name the money's purpose or source first
    // (扶贫资金, 财政收入).
    let two = &s[..crate::util::char_prefix_len(s, 2)];
    two.chars().count() == 2
        && two.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !GIVES.contains(&two)
        && FUNDS.iter().any(|w| s[two.len()..].starts_with(w))
}

/// Verbs of work that open compounds jieba tags as nouns (开展调研, 召开会议).
const WORK_VERBS: &[&str] = &[
    "开展", "召开", "举办", "举行", "完成", "实施", "推进", "走访", "参加", "接待", "查处", "处理", "受理", "发放",
    "慰问", "帮扶", "督办", "深入", "开工",
];

/// Adverbs of manner: they open a predicate, never a subject.
const MANNER: &[&str] =
    &["全面", "深入", "认真", "切实", "扎实", "着力", "加快", "大力", "全力", "积极", "坚决", "持续"];

/// A whole administrative area (全省, 全县, 全国 …).
fn is_whole_place(w: &str) -> bool {
    matches!(w, "全省" | "全市" | "全县" | "全区" | "全镇" | "全乡" | "全国")
}

/// Can this word follow a subject: a verb, an adverb, a preposition, a modal,
/// a time or period word, or a frequency figure?
pub(crate) fn follows_subject(word: &str, tag: &str) -> bool {
    if ADVERBIAL_SET.contains(word) || LEAD_SET.contains(word) || super::period::is_period_word(word) {
        return true;
    }
    if word.chars().all(|c| c == 'X' || c.is_ascii_digit() || c == '.') {
        return true;
    }
    // jieba tags some adverb + verb compounds as idioms or nouns (认真贯彻 i,
    // 认真执行 n, 全面落实 i): after a subject they are its predicate, as an
    // idiom is (我们攻坚克难, 全县上下齐心协力).
    if tag == "i" || (word.chars().count() >= 3 && MANNER.iter().any(|m| word.starts_with(m))) {
        return true;
    }
    // jieba's dictionary holds verb-object compounds tagged as nouns
    // (开展调研 n, 开展业务 n): one that opens with a verb of work is
    // the predicate (县委书记开展调研不少于20次); and some verbs are tagged as
    // nouns (带队, 牵头). (Only verbs of work: 常住 opens 常住人口, a noun.)
    if matches!(word, "带队" | "牵头" | "招商" | "指导" | "办理") {
        return true;
    }
    if matches!(tag, "n" | "nz") && word.chars().count() >= 4 {
        let two = &word[..crate::util::char_prefix_len(word, 2)];
        // (A compound that ends in a noun of bodies or papers names one:
        // 组织部门, 完成情况.)
        const NOUN_ENDS: &[&str] = &["部门", "机构", "单位", "情况", "方案", "办法", "制度", "体系", "中心"];
        if WORK_VERBS.contains(&two)
            && crate::segment::cut::word_tag(two) == Some("v")
            && !NOUN_ENDS.iter().any(|e| word.ends_with(e))
        {
            return true;
        }
    }
    tag != "vn"
        && (tag.starts_with('v') || tag.starts_with('d') || matches!(tag, "p" | "ad" | "z" | "t" | "m" | "l" | "a"))
}

/// The actor named at the start of a heading (一、班子成员党风廉政建设责任 → 班子成员).
pub fn heading_actor(text: &str, title: Range<usize>) -> Option<Range<usize>> {
    heading_actor_any(text, title).filter(|r| !matches!(&text[r.clone()], "政府" | "人民政府"))
}

/// [`heading_actor`] before the generic words are dropped (政府 in
/// 2025年政府工作任务 names no one).
fn heading_actor_any(text: &str, title: Range<usize>) -> Option<Range<usize>> {
    let start = strip_lead(text, title.clone());
    let s = &text[start..title.end];
    // The answer is a prefix ending in one of the HEADS (see is_head): a
    // heading without any needs no word cutting.
    last_head_end(s)?;
    let mut tags = crate::segment::cut::tag(s);
    for t in &mut tags {
        t.tag = tag_for(t.word, t.tag);
    }
    let mut end = 0;
    let mut best = None;
    for (k, t) in tags.iter().enumerate() {
        let part =
            PARTS_SET.contains(t.word) || HEADS_SET.contains(t.word) || t.tag == "eng" || (end > 0 && t.word == "及");
        let known_actor = matches!(t.tag, "nt") || is_head(t.word);
        if !(part || known_actor) {
            break;
        }
        end = t.byte_end;
        if is_head(&s[..end]) {
            // (一)全市农村居民人均可支配收入, 二、全市三农工作亮点: a whole area
            // before a noun modifies it (the spec's 全省城镇居民人均可支配收入).
            let modifies = is_whole_place(&s[..end])
                && tags.get(k + 1).is_some_and(|n| !follows_subject(n.word, n.tag) && !MANNER.contains(&n.word));
            best = (!modifies).then(|| start..start + end);
        }
    }
    best
}

/// Is this sentence an addressee line (`各乡镇人民政府，县直各有关单位：`)?
/// Its bodies are the readers, not the subject of what follows.
pub fn is_addressee(sentence: &str) -> bool {
    let s = sentence.trim_end();
    let Some(body) = s.strip_suffix('：') else {
        return false;
    };
    !body.is_empty()
        && body.split(['，', '、']).all(|part| {
            let part = part.trim();
            is_head(part) && part.chars().count() <= 20
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subj(s: &str) -> Option<&str> {
        subject(s, 0..s.len()).or_else(|| agent(s, 0..s.len())).map(|r| &s[r])
    }

    #[test]
    fn subjects() {
        let rows: &[(&str, &str, Option<&str>)] = &[
            ("plain", "政府系统各党组(党委)主要负责人要切实履行第一责任人职责", Some("政府系统各党组(党委)主要负责人")),
            ("time_lead", "年内领导班子专题研究、安排部署党风廉政建设和反腐败工作不少于4次", Some("领导班子")),
            ("dui_object", "党组织主要负责人对下级党组织负责人(或直接管理对象)廉政约谈", Some("党组织主要负责人")),
            ("verb_first", "组织干部职工集体学习X次", None),
            ("adverbial_count", "今年县委常委会X次听取和专题研究党风廉政建设工作", Some("县委常委会")),
            ("modifier", "全县各类公务接待原则上必须放在机关食堂", None),
            ("county_finance", "县财政在资金十分紧张的情况下", Some("县财政")),
            ("paren", "各科室(单位)结合各自工作实际和岗位职责", Some("各科室(单位)")),
            ("counted", "党政正职女干部达到X名", None),
            ("masked", "XXX党组第一时间组织专题学习", Some("XXX党组")),
            ("coord", "全体县级领导和全县党员干部覆盖包抓XX个村", Some("全体县级领导和全县党员干部")),
            ("pivot", "安排县纪委紧盯重要时间节点", Some("县纪委")),
            ("locative", "年内单位内部开展督查检查不少于2次", None),
            ("orgs", "截至目前，全县各级纪检监察组织共立查案件XXX件", Some("全县各级纪检监察组织")),
            ("orgs2", "全县各级纪检监察组织共立查案件XXX件", Some("全县各级纪检监察组织")),
            ("pronoun", "我们严格落实定责、考责、追责“三责”机制", Some("我们")),
            ("secretary", "县委书记时刻把主体责任抓在手上", Some("县委书记")),
            ("indicator", "约谈面达到100%", None),
            ("enum_lead", "一是落实县委集体责任", None),
            ("ban_head_verb", "县河长办于7月10日对全县开展了专项督查", Some("县河长办")),
            ("river_chief", "各级河长每月巡河不少于1次", Some("各级河长")),
            ("no_verb", "中央和省市委有关纪律要求", None),
            // Verbs of work that jieba's dictionary joins with their object
            // into a noun (开展调研 n) or tags as nouns (带队).
            ("work_compound", "县委书记开展调研不少于20次", Some("县委书记")),
            ("work_compound_head", "县长开展调研不少于10次", Some("县长")),
            ("tagged_noun_verb", "街道领导带队敲门招商57次", Some("街道领导")),
            ("resident_noun", "全省常住人口城镇化率超过60%", None),
            ("body_compound", "县委组织部门举办培训班不少于5期", Some("县委组织部门")),
            // 街道 alone is a thing (街道硬化3.2公里) but in a street office's
            // own document (scope.rs); a prefecture names its centre.
            ("street_alone", "街道硬化3.2公里", None),
            ("prefecture", "红河州数据发展中心实施项目共15个", Some("红河州数据发展中心")),
            ("city_lab", "广州实验室建成投用", None),
            ("indicator_growth", "一季度、二季度分别增长4.5%和6.3%", None),
            ("indicator_target", "国内生产总值增长5%左右", None),
            ("degree", "研究生及大学本科以上学历占比达到XX%", None),
            ("verb_compound", "教育引导党员干部始终同党中央保持高度一致", None),
            // A centre is a thing, though 区域 holds the character 区.
            ("region_centre", "国家区域医疗中心引入新技术新项目874项", None),
            ("county_hospital", "县人民医院开展义诊20次", Some("县人民医院")),
            ("team_grows", "科技型企业队伍不断壮大", None),
            ("balance_of_province", "全省无还本续贷余额1.7万亿元", None),
            ("indicator_of_body", "公共政策和政府承诺事项兑现率95.3%", None),
            ("implement", "全面落实习近平总书记考察安徽重要讲话精神", None),
            ("bonded", "滁州保税物流中心（B型）获批设立", None),
            ("first_of_kind", "国内首个眼科大模型“优羲慧眼”发布运行", None),
            ("thing_in_brackets", "国家级服务型制造示范企业(平台、项目)达29个", None),
            ("verb_inside", "5A级景区新增周村古商城", None),
            ("mobilise", "组织各地同步开展采供对接活动1061场", None),
            ("brought_in", "空客直升机中国总部成功落户", None),
            ("launched", "省数据交易所、省知识产权交易所揭牌运营", None),
            ("last_year", "去年县财政投入资金3000万元", Some("县财政")),
            ("organisation_department", "组织部门牵头开展干部培训3次", Some("组织部门")),
            // A body counted by a figure is what was counted, not who acted.
            ("counted_hospitals", "25所县级公立医院新晋三级医院", None),
            ("province_modifies", "全省万亿级产业达到6个", None),
            ("province_acts", "全省压减一般性支出12亿元", Some("全省")),
            ("province_rank", "全省排名上升6位", None),
            ("partner", "会同区委督查室开展专项检查12次", None),
            ("province_modifies_adjective", "全省绿电交易量增长70%", None),
            ("province_set_phrase_acts", "全省更新改造住宅老旧电梯1.5万台", Some("全省")),
            ("per_capita", "居民医保和基本公共卫生服务经费人均财政补助标准分别再增加30元和5元", None),
            ("ranks_in_province", "增幅全省排第7位", None),
            ("ranks_in_town", "增幅全镇排第1位", None),
            ("zone", "xx开发区实现国内生产总值28.7亿元", Some("xx开发区")),
            ("zones_counted", "新设3个开发区", None),
            // jieba's idioms and adverb + verb compounds are predicates.
            ("idiom_compound", "我们认真贯彻党中央决策部署", Some("我们")),
            ("noun_tagged_compound", "县委认真执行民主集中制", Some("县委")),
            ("idiom", "全县上下齐心协力", Some("全县上下")),
            // 县域 is the extent of any county, not a county named.
            ("county_extent", "县域医共体人员下沉乡镇卫生院实现全覆盖", None),
            ("county_people", "县人民医院人员下沉乡镇卫生院", Some("县人民医院人员")),
            // A relational verb opening the clause: the body after it is its object.
            ("exceeded_first", "超额完成县政府下达目标任务", None),
            // A year after a whole area is a time word; a figure sizing a noun is not.
            ("town_year", "全镇2020年共完成国税3095万元", Some("全镇")),
            ("town_sized", "全镇2020个项目完成投资", None),
            // Money of a body is an indicator (and the spec's noun modifying a noun).
            ("funds", "中央财政扶贫资金增长43.4%", None),
            ("dept_spending", "中央部门支出继续负增长", None),
            ("special_funds", "全国财政专项扶贫资金投入超过1000亿元", None),
            ("town_revenue", "全镇财政收入466.43万元", None),
            ("gives_funds", "县财政投入资金3000万元", Some("县财政")),
            ("arranges_funds", "中央财政安排1000亿元专项奖补资金", Some("中央财政")),
            // The agent after 由 inside a clause.
            ("agent_thing", "重大科技项目90%以上由企业牵头", Some("企业")),
            ("agent_body", "项目审批由县发展改革局负责", Some("县发展改革局")),
            ("agent_counted", "该项工作由3名县级领导负责", None),
            ("because", "由于资金紧张，县财政压减支出10%", None),
            ("athletes", "我省运动员在2024年巴黎奥运会上斩获8金4银4铜", Some("我省运动员")),
            ("inside_bracket", "100分)考核项目考核内容及计分标准标准分扣分标准领导重视(20分)", None),
            ("strive", "力争全省优良水体比例达到90%以上", None),
            ("on_behalf", "史济春代表省政府与18个省辖市政府签订了安全生产目标责任书", Some("史济春")),
            ("deputies", "全国人大代表提出建议500件", Some("全国人大代表")),
            ("athletes2", "我省体育健儿在巴黎奥运会、残奥会上勇夺8金9银6铜", Some("我省体育健儿")),
            ("from_figure", "招收学生人数由1万人增加到10万人", None),
        ];
        for (name, s, want) in rows {
            assert_eq!(subj(s), *want, "{name}");
        }
    }

    #[test]
    fn headings() {
        let s = "一、班子成员党风廉政建设责任主体责任";
        assert_eq!(heading_actor(s, 0..s.len()).map(|r| &s[r]), Some("班子成员"));
        let s = "(一)对分管、联系部门党风廉政建设负总责";
        assert_eq!(heading_actor(s, 0..s.len()), None);
        let s = "1.全面落实领导班子主体责任";
        assert_eq!(heading_actor(s, 0..s.len()), None);
        // A whole area before a noun modifies it; before a verb it acts.
        for s in ["(一)全市农村居民人均可支配收入", "二、全市三农工作亮点"] {
            assert_eq!(heading_actor(s, 0..s.len()), None, "{s}");
        }
        let s = "(二)全县各级党组织要切实履行主体责任";
        assert_eq!(heading_actor(s, 0..s.len()).map(|r| &s[r]), Some("全县各级党组织"));
        let s = "三、全县上下凝心聚力抓落实";
        assert_eq!(heading_actor(s, 0..s.len()).map(|r| &s[r]), Some("全县上下"));
        // (An adverb or idiom after the area opens its predicate.)
        for (s, want) in [
            ("二、全县大力实施乡村振兴战略", "全县"),
            ("三、全市全力推进项目建设", "全市"),
            ("四、全县扎实推进乡村振兴", "全县"),
        ] {
            assert_eq!(heading_actor(s, 0..s.len()).map(|r| &s[r]), Some(want), "{s}");
        }
    }
}
