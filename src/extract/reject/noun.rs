//! Figures that describe a noun instead of counting work done or required:
//! phases and series (核电二期, 新一轮), thresholds that define a noun
//! (60岁以上老年人, 10亿元以上项目, 死亡1人以上的事故), start values of a change
//! (从50%提高到75%: only 75% is reached), and magnitude words with no digit
//! in a name (千家万户, 百大项目, 千亿斤粮食产能).

use super::{Ctx, Rule};
use crate::extract::number::NumeralKind;

/// 新一轮, 上一轮; 核电一期, 电厂二期 (a phase of a named project, not an issue
/// published: 发布一期公报 stays).
pub fn phase(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    if c.kind != NumeralKind::Chinese || c.has_comparator {
        return None;
    }
    let before = ctx.before();
    // A count says 两; a bare 二 before 轮/批/期 numbers a round (二轮土地承包,
    // 第二批 without its 第).
    let bare_two = &ctx.text[c.num.clone()] == "二" && !before.ends_with(['十', '百', '千', '万', '第', '一', '两']);
    match ctx.unit() {
        "轮" => (bare_two || ["新", "上", "下", "第"].iter().any(|w| before.ends_with(w))).then_some(Rule::Phase),
        "期" => {
            // The name the phase belongs to ends right before the numeral.
            const ISSUE_VERBS: &[&str] =
                &["发布", "印发", "编发", "出版", "刊发", "举办", "办", "开办", "开设", "开展", "培训", "出"];
            let named = before
                .chars()
                .next_back()
                .is_some_and(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch) || ch.is_ascii_alphanumeric() || ch == '”');
            // (工程一期、二期建设: a phase listed after another.)
            let listed = before.ends_with("期、");
            ((named && !ISSUE_VERBS.iter().any(|w| before.ends_with(w))) || listed).then_some(Rule::Phase)
        }
        _ => None,
    }
}

/// Words after 以上/以下 that do not make the figure a noun's threshold
/// (…以上的目标, …以上、…).
const NOT_A_NOUN_AFTER: &[char] =
    &['和', '与', '或', '并', '且', '为', '是', '将', '要', '就', '占', '同', '左', '增', '提', '达'];

/// 60岁以上老年人, 10亿元以上项目, 3岁以下儿童, 死亡1人以上的事故: the figure
/// (with 以上/以下) says which nouns are meant.
pub fn threshold(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    let raw = &ctx.text[c.raw.clone()];
    let after = ctx.after();
    let bounded = ["以上", "以下", "及以上", "及以下"].iter().any(|w| raw.ends_with(w));
    // (0—6岁儿童: an age band defines the noun as an age does.)
    let age = ctx.unit() == "岁" && (!c.has_comparator || c.comparator == crate::model::Comparator::Range);
    // A classifier counts the noun after it (新增100个以上项目) and a share
    // measures it (90%以上的矛盾): only ages, sums of money and the
    // casualties that grade an accident define a noun.
    let before = ctx.before();
    // 100万元至300万元部分, 30万吨级, 25兆瓦级: a band or a class.
    let band = after.starts_with('至') && after.chars().take(16).collect::<String>().contains("部分");
    // 占比超过10%的有44种: the figure sorts the things counted after 的有.
    if after.starts_with("部分") || after.starts_with('级') || band || after.starts_with("的有") {
        return Some(Rule::Threshold);
    }
    // 引进过5亿元项目10个, 城区人口超50万县: 过/超 + a sum + the noun it sorts.
    let sorting = (before.ends_with('过') && !before.ends_with("超过")) || (before.ends_with('超') && c.unit.is_none());
    if sorting
        && after
            .chars()
            .next()
            .is_some_and(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch) && !NOT_A_NOUN_AFTER.contains(&ch))
    {
        return Some(Rule::Threshold);
    }
    // A measure (not a classifier of the noun after it) with 以上/以下 sorts
    // that noun: 10万千瓦及以下燃煤机组, 年运量150万吨以上的物流企业.
    let measure = c.unit.as_ref().is_some_and(|u| u.class == crate::extract::units::UnitClass::Count)
        && !matches!(
            ctx.unit(),
            "个" | "家" | "项" | "件" | "所" | "座" | "条" | "名" | "位" | "支" | "台" | "套" | "次" | "人次"
        );
    // The casualties or the loss that grade an accident (不发生死亡1人以上或者
    // 伤5人以上、直接财产损失15万以上的事故) define it, whatever follows.
    let casualty = ["死亡", "伤", "遇难", "失踪", "损失"].iter().any(|w| before.ends_with(w));
    if bounded && casualty {
        return Some(Rule::Threshold);
    }
    // 20年以上电梯: years with 以上/以下 right before a noun are an age, as
    // 岁 is (坚持10年以上 and 5年以上保持 are durations: a verb follows).
    if bounded && ctx.unit() == "年" {
        let next = crate::segment::cut::tag(&after[..crate::util::char_prefix_len(after, 8)]);
        return next.first().filter(|t| t.tag.starts_with('n') && t.tag != "nr").map(|_| Rule::Threshold);
    }
    let defining = match ctx.unit() {
        "岁" | "元" | "美元" => true,
        _ => bounded && measure,
    };
    if !(bounded || age) || !defining {
        return None;
    }
    let mut chars = after.chars();
    let first = chars.next()?;
    if first == '的' {
        const MEASURES: &[&str] = &["目标", "任务", "要求", "增长", "水平", "比例", "幅度", "速度", "标准"];
        let rest = chars.as_str();
        return (!MEASURES.iter().any(|w| rest.starts_with(w))).then_some(Rule::Threshold);
    }
    let cjk = ('\u{4e00}'..='\u{9fff}').contains(&first);
    (cjk && !NOT_A_NOUN_AFTER.contains(&first)).then_some(Rule::Threshold)
}

/// Verbs of a change to a new value (the figure before them is where it started).
const TO_WORDS: &[&str] = &[
    "增至",
    "跃升到",
    "跃升至",
    "转为",
    "升至",
    "提至",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "降至",
    "降到",
    "下降到",
    "下降至",
    "调整为",
    "调整到",
    "调整至",
    "扩大到",
    "扩大至",
    "缩小到",
    "缩小至",
    "压减至",
    "减少到",
    "增长到",
    "上升到",
    "上升至",
];

/// 由50%提高到75%, 从2020年的38%提高到41%: the start value is not a quantity.
pub fn start_value(ctx: &Ctx) -> Option<Rule> {
    let mut after = ctx.after();
    // 从每人每月202元、270元提高到209元、280元: every start value listed
    // before the change is one.
    while let Some(rest) = after.strip_prefix('、') {
        if !rest.starts_with(|ch: char| ch.is_ascii_digit()) {
            break;
        }
        let end = rest.find(|ch: char| ch == '、' || "上下减升压增扩提缩调跃转降".contains(ch)).unwrap_or(rest.len());
        after = &rest[end..];
    }
    let before = ctx.before();
    // 将现行16%的税率降至13%: the rate in force is where the change starts.
    if before.ends_with("现行") {
        return Some(Rule::StartValue);
    }
    // (Every word of TO_WORDS opens with one of these characters.)
    if !after.starts_with(|ch: char| "上下减升压增扩提缩调跃转降".contains(ch))
        || !TO_WORDS.iter().any(|w| after.starts_with(w))
    {
        return None;
    }
    // 从/由 opens the change within the clause before the figure.
    let clause = before.rsplit(['，', '；', '。', ',', ';']).next().unwrap_or(before);
    (clause.contains('从') || clause.contains('由')).then_some(Rule::StartValue)
}

/// 千家万户, 百大项目, 千亿斤粮食产能提升行动: a magnitude word alone (no
/// digit) that no comparator governs (突破万亿元 and 超千亿元 stay).
pub fn magnitude(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    let num = &ctx.text[c.num.clone()];
    if c.kind != NumeralKind::Chinese || !num.chars().all(|ch| matches!(ch, '十' | '百' | '千' | '万' | '亿')) {
        return None;
    }
    // 十项重点民生实事: 十 with a classifier is ten, not a magnitude word.
    if num == "十" && matches!(ctx.unit(), "项" | "个" | "件" | "条" | "类" | "批" | "方面") {
        return None;
    }
    const GOVERNING: &[&str] = &["超", "突破", "达", "近", "上", "跨", "过", "逾", "破"];
    let before = ctx.before();
    (!c.has_comparator && !GOVERNING.iter().any(|w| before.ends_with(w))).then_some(Rule::Magnitude)
}

/// 13亿多人口的发展中大国, 把14亿多中国人的饭碗端牢: the size of a nation's
/// population describes the nation (a number that describes a noun); it is
/// counted by no one. A figure of at least a hundred million people, read as
/// people or with no unit, followed by 人口/中国人/人民 and then 的 or 大国.
pub fn population(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    let after = ctx.after();
    // 7000多万江淮儿女一道拼出来: a province's people, named by their land.
    if c.value.is_some_and(|v| v >= 1e6)
        && ctx.unit().is_empty()
        && after.char_indices().take(5).any(|(k, _)| after[k..].starts_with("儿女"))
    {
        return Some(Rule::Describes);
    }
    if c.value.is_none_or(|v| v < 1e8) || !matches!(ctx.unit(), "" | "人") {
        return None;
    }
    let rest = ["人口", "口", "中国人", "人民"].iter().find_map(|w| after.strip_prefix(w))?;
    (rest.starts_with('的') || rest.starts_with("大国")).then_some(Rule::Describes)
}

/// 74个重点城市细颗粒物浓度下降9.1%, 全省160个国控断面中I～III类水质比例…%:
/// a count opening its clause, with a rate later in the same clause, says
/// over what the rate is taken; the rate is the quantity.
pub fn scope(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    if c.has_comparator || !matches!(ctx.unit(), "个" | "所" | "家" | "条" | "座") {
        return None;
    }
    let before = ctx.before();
    let opening = before.rsplit(['，', '；', '。', '：']).next().unwrap_or(before);
    const WHOLES: &[&str] = &["", "全省", "全市", "全县", "全区", "全国", "我省", "我市", "今年在", "在"];
    if !WHOLES.contains(&opening) {
        return None;
    }
    let after = ctx.after();
    let clause = &after[..after.find(['，', '；', '。']).unwrap_or(after.len())];
    // The noun counted, then a rate of it: no verb of its own in between
    // (新设12个试验区，…, 301个项目纳入… count things done).
    let rate = clause.find(['%', '％']).map(|k| &clause[..k])?;
    // (92个学科进入ESI全球前1%: a rank, not a rate of the 92.)
    let counted = ["纳入", "获批", "入选", "建成", "完成", "开工", "实现", "新增", "进入", "位居", "居"];
    (!counted.iter().any(|v| rate.contains(v)) && !rate.ends_with('前')).then_some(Rule::Scope)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("new_round", "实施新一轮东北振兴战略", "一轮", Some(Rule::Phase)),
            ("second_round", "高质量完成二轮土地承包到期延包整省试点工作", "二轮", Some(Rule::Phase)),
            ("share_sorting", "我省在全国占比超过10%的有44种", "超过10%", Some(Rule::Threshold)),
            ("share_counted", "我省在全国占比超过10%的有44种", "44种", None),
            ("listed_phase", "加快环北部湾广东水资源配置工程一期、二期建设", "二期", Some(Rule::Phase)),
            ("two_rounds", "开展两轮巡察", "两轮", None),
            ("project_phase", "开工建设三澳核电二期、中石化舟山六横项目", "二期", Some(Rule::Phase)),
            ("issue", "每2个月发布一期电子政府公报", "一期", None),
            ("age_threshold", "为全省60岁以上老年人免费接种", "60岁", Some(Rule::Threshold)),
            ("years_age", "全面完成20年以上电梯更新", "20年以上", Some(Rule::Threshold)),
            ("years_duration", "坚持10年以上", "10年以上", None),
            ("years_then_verb", "服务期满5年以上享受补贴", "5年以上", None),
            ("project_threshold", "新开工10亿元以上项目25个", "10亿元", Some(Rule::Threshold)),
            ("accident_threshold", "企业单位不发生一次死亡1人以上的职工伤亡事故", "1人", Some(Rule::Threshold)),
            ("child_age", "为0—6岁儿童提供免费筛查", "0—6岁", Some(Rule::Threshold)),
            ("child_age_province", "为全省0-6岁儿童免费开展孤独症筛查", "0-6岁", Some(Rule::Threshold)),
            ("accident_or", "企业不发生一次死亡1人以上或者伤5人以上的事故", "5人", Some(Rule::Threshold)),
            ("loss", "或直接财产损失15万以上的火灾事故", "15万", Some(Rule::Threshold)),
            ("ten_items", "办好十项重点民生实事", "十项", None),
            ("target_above", "城镇新增就业1200万人以上，调查失业率5.5%左右", "1200万人", None),
            ("target_of", "完成增长6%以上的目标", "6%", None),
            ("counted_projects", "争取100个以上项目纳入国家盘子", "100个", None),
            ("share_of", "90%以上的矛盾纠纷化解在基层", "90%", None),
            ("start", "研发费用加计扣除比例由50%提高到75%", "50%", Some(Rule::StartValue)),
            ("end", "研发费用加计扣除比例由50%提高到75%", "75%", None),
            ("start_from_year", "森林覆盖率从2020年的38%提高到41%", "38%", Some(Rule::StartValue)),
            ("households", "婴幼儿照护事关千家万户", "千家", Some(Rule::Magnitude)),
            ("nation", "13亿多人口的发展中大国，就业是头等大事", "13亿多人", Some(Rule::Describes)),
            ("rice_bowl", "把14亿多中国人的饭碗牢牢端在自己手中", "14亿多", Some(Rule::Describes)),
            ("great_nation", "我国是14亿多人口大国", "14亿多人", Some(Rule::Describes)),
            ("scope_cities", "74个重点城市细颗粒物(PM2.5)平均浓度下降9.1%。", "74个", Some(Rule::Scope)),
            ("scope_sections", "全省160个国控断面中I～III类水质断面比例达到85%。", "160个", Some(Rule::Scope)),
            ("count_done", "301个项目纳入国家用地保障范围，占比12%。", "301个", None),
            ("ranked", "92个学科进入ESI全球前1%，研发中心2560家。", "92个", None),
            ("count_plain", "新设12个跨境电子商务综合试验区，增长5%。", "12个", None),
            ("province_people", "是7000多万江淮儿女一道拼出来的", "7000多万", Some(Rule::Describes)),
            ("people_counted", "农村贫困人口减少1000万人以上", "1000万人", None),
            ("insured", "基本医疗保险参保人数达13.3亿人，参保率稳定在95%", "13.3亿人", None),
            ("digits", "财政民生支出突破1万亿元", "1万亿元", None),
            ("band", "对小微企业年应纳税所得额100万元至300万元部分，再减半征收", "100万元", Some(Rule::Threshold)),
            ("class", "建成全球最大4000吨级全地面起重机", "4000吨", Some(Rule::Threshold)),
            ("sorting_guo", "力争引进过5亿元项目10个", "5亿元", Some(Rule::Threshold)),
            ("sorting_guo_count", "力争引进过5亿元项目10个", "10个", None),
            ("measure_bound", "关停淘汰10万千瓦及以下燃煤机组", "10万千瓦", Some(Rule::Threshold)),
            ("current_rate", "将制造业等行业现行16%的税率降至13%", "16%", Some(Rule::StartValue)),
            ("zeng_zhi", "高铁里程由2110公里增至3055公里", "2110公里", Some(Rule::StartValue)),
            ("zeng_zhi_end", "高铁里程由2110公里增至3055公里", "3055公里", None),
            ("jump", "全国重点实验室从15家跃升到38家", "15家", Some(Rule::StartValue)),
            ("listed_starts", "补贴标准分别从每人每月202元、270元提高到209元、280元", "202元", Some(Rule::StartValue)),
            ("listed_ends", "补贴标准分别从每人每月202元、270元提高到209元、280元", "209元", None),
            ("name", "实施千亿斤粮食产能提升行动", "千亿斤", Some(Rule::Magnitude)),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
