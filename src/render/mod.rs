//! The page's markup, rendered from the form definition.
//!
//! [`app`] writes the page (toolbar, error summary, the form with a fieldset
//! per section, the indicator panel) to a [`Markup`] sink. Natively [`Html`]
//! serialises it for the static page, so the saved page is a readable form
//! before the WebAssembly starts; in the browser `src/web/` builds DOM nodes
//! from the same calls, with every text set as text, never parsed as markup.
//! No tree is built in between: the wasm carries one small call per element.

use crate::engine::{IndicatorText, Session, Tally};
use crate::form::header;
use crate::form::{Form, Item, ItemKind};
use crate::text::display_label;
use crate::text::{format_decimal, round_half_away, Lang};
use crate::value::{MoneyUnit, ValueKind};
use std::sync::Arc;

pub mod ids;
pub mod print;

/// Where rendered markup goes: an HTML string ([`Html`]) or DOM nodes.
pub trait Markup {
    /// Opens an element with its attributes (an empty value is written as a
    /// bare attribute); what follows goes inside it until [`Markup::close`].
    fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]);
    /// Adds text to the open element (nothing for an empty text).
    fn text(&mut self, text: &str);
    /// Closes the innermost open element.
    fn close(&mut self);
}

/// `<tag attrs>text</tag>`.
fn leaf(m: &mut dyn Markup, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) {
    m.open(tag, attrs);
    m.text(text);
    m.close();
}

/// An element with no content (`<input>`, an empty message slot).
fn empty(m: &mut dyn Markup, tag: &'static str, attrs: &[(&'static str, &str)]) {
    m.open(tag, attrs);
    m.close();
}

/// `<span class="code">3.1</span> label`, as in headings and labels (no
/// code span when the row has no STT of its own).
fn code_and_label(m: &mut dyn Markup, code: &str, label: &str) {
    if !code.is_empty() {
        leaf(m, "span", &[("class", "code")], code);
        m.text(" ");
    }
    m.text(label);
}

/// Interface texts: (key, Vietnamese, English).
const UI: &[(&str, &str, &str)] = &[
    ("skip", "Bỏ qua, đến biểu mẫu", "Skip to the form"),
    ("download", "Tải về bản báo cáo (JSON)", "Download the return (JSON)"),
    ("open", "Mở bản đã lưu (JSON)", "Open a saved return (JSON)"),
    ("start-previous", "Bắt đầu từ kỳ trước (JSON)", "Start from last period (JSON)"),
    ("carried", "Từ kỳ trước:", "From last period:"),
    ("carried-text", "số liệu của kỳ trước, hãy kiểm tra lại. ", "last period's figure; check it. "),
    ("keep", "Giữ nguyên", "Keep it"),
    ("import", "Nhập từ mẫu cũ (.tsv/.txt)", "Import the old template (.tsv/.txt)"),
    ("paste", "Dán nội dung mẫu cũ", "Paste the old template"),
    ("paste-label", "Nội dung sao chép từ Word/Excel", "Text copied from Word/Excel"),
    ("paste-go", "Nhập nội dung đã dán", "Import the pasted text"),
    ("check", "Kiểm tra toàn bộ", "Check everything"),
    ("print", "In bản ký", "Print a copy to sign"),
    ("reset", "Làm lại từ đầu", "Start over"),
    ("lang", "English", "Tiếng Việt"),
    ("files", "Mở hoặc nhập bản có sẵn", "Open or import an existing return"),
    ("summary-title", "Có vấn đề cần kiểm tra", "There is a problem"),
    ("import-report", "Kết quả nhập từ mẫu cũ", "What the import of the old template did"),
    ("header", "Thông tin báo cáo", "About this return"),
    ("indicators", "Chỉ tiêu (điểm tạm tính)", "Indicators (provisional points)"),
    (
        "indicators-note",
        "Điểm là tạm tính cho đến khi có phụ lục chính thức; tỷ lệ chỉ tính khi có mẫu số.",
        "Points are provisional until the official annex is published; a ratio needs its denominator.",
    ),
    ("total", "Tổng điểm", "Total points"),
    ("total-prov", "Tổng điểm tạm tính", "Provisional total"),
    ("level", "Mức", "Level"),
    ("levels-default", " (bốn mức mặc định)", " (the default four levels)"),
    ("pillars", "Theo trụ cột", "By pillar"),
    ("group", "Nhóm cơ quan", "Agency group"),
    ("no-group", "Chưa chọn nhóm cơ quan; đang tính theo nhóm", "No agency group chosen; scored as"),
    ("not-counted", "không tính", "not counted"),
    ("col-code", "Mã", "Code"),
    ("col-name", "Chỉ tiêu", "Indicator"),
    ("col-value", "Tỷ lệ", "Ratio"),
    ("col-points", "Điểm", "Points"),
    ("completeness", "Mục bắt buộc đã điền", "Required fields filled"),
    ("evidence", "Tài liệu kiểm chứng", "Evidence"),
    ("evidence-ref", "Số, ngày văn bản hoặc đường dẫn tài liệu kiểm chứng", "Evidence document number, date or link"),
    ("date-hint", "ngày/tháng/năm, ví dụ 30/06/2023 hoặc 30062023", "day/month/year, e.g. 30/06/2023 or 30062023"),
    ("intro", "Nhập số liệu vào từng ô; mỗi ô được kiểm tra khi bạn nhập xong. Cảnh báo không ngăn việc lưu; bản nháp được lưu tự động trên máy này.", "Type each figure; each field is checked when you finish it. Warnings never block saving; a draft is kept on this computer."),
    ("optional", "(không bắt buộc)", "(optional)"),
    ("yes", "Có", "Yes"),
    ("no", "Không", "No"),
    ("contents", "Các phần của báo cáo", "Parts of the return"),
    ("finish", "Hoàn tất", "Finish"),
    ("finish-text", "Bấm \"Kiểm tra toàn bộ\" để xem mọi mục còn thiếu hoặc sai, rồi tải về tệp báo cáo và in bản để ký.", "Press \"Check everything\" to see every field still missing or wrong, then download the return and print a copy to sign."),
    ("bar-indicators", "Chỉ tiêu", "Indicators"),
    ("contents-short", "Mục lục", "Contents"),
    ("sign-preparer", "Người lập biểu", "Prepared by"),
    ("sign-head", "Thủ trưởng đơn vị", "Head of agency"),
    ("sign-note", "(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    ("sign-seal", "(Ký, ghi rõ họ tên, đóng dấu)", ""),
    ("assumptions", "Giả định của biểu mẫu", "Assumptions of this form"),
    // The signed copy is Vietnamese in both languages (render::print).
    ("nation", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", ""),
    ("motto", "Độc lập - Tự do - Hạnh phúc", ""),
    ("doc-col-stt", "STT", ""),
    ("doc-col-item", "Chỉ số", ""),
    ("doc-col-value", "Số liệu báo cáo", ""),
    ("doc-col-evidence", "Tài liệu kiểm chứng", ""),
    ("doc-col-note", "Ghi chú", ""),
    ("doc-number", "Số", ""),
    ("doc-period", "Kỳ báo cáo", ""),
    ("doc-fingerprint", "Mã đối chiếu của tệp báo cáo", ""),
];

/// An interface text in `lang`.
pub fn ui(key: &str, lang: Lang) -> &'static str {
    UI.iter().find(|(k, _, _)| *k == key).map_or("", |(_, vi, en)| if lang == Lang::En { en } else { vi })
}

/// The id of a field's input.
pub fn input_id(code: &str) -> String {
    ids::input(code)
}

/// The id of a field's inline message.
pub fn message_id(code: &str) -> String {
    ids::message(code)
}

fn label_of(item: &Item, lang: Lang) -> String {
    if lang == Lang::En {
        item.label.en.clone()
    } else {
        display_label(&item.label.vi)
    }
}

/// The label people read: the template's wording, the unit of a money field
/// when the wording does not say it (so that screen readers hear it too),
/// and "(không bắt buộc)" on an optional field.
pub fn field_label(item: &Item, lang: Lang) -> String {
    let mut label = label_of(item, lang);
    if let Some(u) = item.value_kind().and_then(unit_text) {
        if !crate::text::lowercase(&label).contains("đồng") {
            label = format!("{label} ({u})");
        }
    }
    if !item.required && item.supplier.is_none() {
        label = format!("{label} {}", ui("optional", lang));
    }
    label
}

fn unit_text(kind: ValueKind) -> Option<&'static str> {
    match kind {
        ValueKind::Money(MoneyUnit::Ty) => Some("tỷ đồng"),
        ValueKind::Money(MoneyUnit::Dong) => Some("đồng"),
        _ => None,
    }
}

fn evidence_block(m: &mut dyn Markup, item: &Item, lang: Lang) {
    let Some(ev) = item.evidence.as_ref() else { return };
    let id = ids::evidence(&item.code);
    m.open("div", &[("class", "evidence")]);
    leaf(m, "p", &[("class", "evidence-needed")], &format!("{}: {ev}", ui("evidence", lang)));
    leaf(m, "label", &[("for", &id), ("class", "evidence-label")], ui("evidence-ref", lang));
    let name = format!("evidence:{}", item.code);
    empty(
        m,
        "input",
        &[("id", &id), ("name", &name), ("type", "text"), ("autocomplete", "off"), ("class", "evidence-input")],
    );
    m.close();
}

/// có/không as two radios (a pasted or imported `Có`, `<i>có</i>` still reads).
fn yes_no_node(m: &mut dyn Markup, item: &Item, lang: Lang, described: &str, required: bool) {
    let code = &item.code;
    let mut group: Vec<(&'static str, &str)> = vec![("class", "yesno"), ("role", "radiogroup")];
    let legend_id = format!("lg-{code}");
    group.push(("aria-labelledby", &legend_id));
    if required {
        group.push(("aria-required", "true"));
    }
    m.open("div", &group);
    m.open("p", &[("class", "legend"), ("id", &legend_id)]);
    code_and_label(m, &item.stt, &field_label(item, lang));
    m.close();
    m.open("div", &[("class", "radios")]);
    let (yes_id, no_id) = (ids::input(code), format!("{}-no", ids::input(code)));
    for (id, value, key) in [(&yes_id, "có", "yes"), (&no_id, "không", "no")] {
        m.open("label", &[("class", "radio"), ("for", id)]);
        empty(
            m,
            "input",
            &[("id", id), ("type", "radio"), ("name", code), ("value", value), ("aria-describedby", described)],
        );
        leaf(m, "span", &[], ui(key, lang));
        m.close();
    }
    m.close();
    m.close();
}

/// The agency's group (`agency.group` in the return), when the form has
/// groups: one radio per group, none chosen on a new return (it is then
/// scored in the first group, and the score says so).
fn group_choice(m: &mut dyn Markup, session: &Session, lang: Lang) {
    let groups = &session.form().groups;
    if groups.is_empty() {
        return;
    }
    let legend = "lg-agency.group";
    m.open("div", &[("class", "field"), ("role", "radiogroup"), ("aria-labelledby", legend)]);
    leaf(m, "p", &[("class", "legend"), ("id", legend)], ui("group", lang));
    m.open("div", &[("class", "radios stack")]);
    for g in groups {
        m.open("label", &[("class", "radio")]);
        let attrs = [("type", "radio"), ("name", ids::GROUP), ("value", &g.id), ("checked", "")];
        empty(m, "input", &attrs[..if session.group.as_ref() == Some(&g.id) { 4 } else { 3 }]);
        leaf(m, "span", &[], g.name.get(lang));
        m.close();
    }
    m.close();
    m.close();
}

fn input_node(m: &mut dyn Markup, form: &Form, item: &Item, kind: ValueKind, lang: Lang) {
    let code = &item.code;
    let (input, message, hint_id) = (ids::input(code), ids::message(code), ids::hint(code));
    let depth = code.matches('.').count();
    m.open("div", &[("class", &format!("field depth-{depth}")), ("id", &ids::field(code))]);
    let has_hint = kind == ValueKind::Date || item.supplier.is_some();
    let described = if has_hint { format!("{hint_id} {message}") } else { message.clone() };
    let required = form.is_required_for(form.index_of(code).unwrap_or(0), &[]);
    if kind == ValueKind::YesNo {
        yes_no_node(m, item, lang, &described, required);
    } else {
        m.open("label", &[("for", &input)]);
        code_and_label(m, &item.stt, &field_label(item, lang));
        m.close();
    }
    if has_hint {
        let mut hint = String::new();
        if kind == ValueKind::Date {
            hint.push_str(ui("date-hint", lang));
        }
        if let Some(s) = item.supplier {
            if kind == ValueKind::Date {
                hint.push_str(" · ");
            }
            hint.push_str(form.suppliers[s].name.get(lang));
        }
        leaf(m, "p", &[("class", "hint"), ("id", &hint_id)], &hint);
    }
    if kind != ValueKind::YesNo {
        let (inputmode, autocomplete) = match (kind, code.as_str()) {
            (ValueKind::Count, _) => ("numeric", "off"),
            (ValueKind::Money(_), _) => ("decimal", "off"),
            (ValueKind::Phone, _) => ("tel", "tel"),
            (ValueKind::Email, _) => ("email", "email"),
            (ValueKind::Date, _) => ("numeric", "off"),
            (_, "I.6.ho_ten") => ("text", "name"),
            (_, header::AGENCY) => ("text", "organization"),
            (_, "I.6.chuc_vu") => ("text", "organization-title"),
            _ => ("text", "off"),
        };
        let input_type = match kind {
            ValueKind::Email => "email",
            ValueKind::Phone => "tel",
            _ => "text",
        };
        let mut attrs: Vec<(&'static str, &str)> = vec![
            ("id", &input),
            ("name", code),
            ("type", input_type),
            ("inputmode", inputmode),
            ("autocomplete", autocomplete),
            ("spellcheck", "false"),
            ("aria-describedby", &described),
        ];
        if matches!(kind, ValueKind::Count | ValueKind::Money(_) | ValueKind::Date) {
            attrs.push(("class", "short"));
        }
        if required {
            attrs.push(("aria-required", "true"));
        }
        m.open("div", &[("class", "control")]);
        empty(m, "input", &attrs);
        if let Some(u) = unit_text(kind) {
            leaf(m, "span", &[("class", "unit"), ("aria-hidden", "true")], u);
        }
        m.close();
    }
    empty(m, "p", &[("class", "msg"), ("id", &message)]);
    evidence_block(m, item, lang);
    m.close();
}

fn heading_node(m: &mut dyn Markup, session: &Session, item: &Item, lang: Lang) {
    let form = session.form();
    let depth = item.code.matches('.').count();
    m.open("div", &[("class", &format!("group depth-{depth}")), ("id", &ids::group(&item.code))]);
    m.open(if depth <= 1 { "h3" } else { "h4" }, &[("class", "group-title")]);
    code_and_label(m, &item.stt, &label_of(item, lang));
    m.close();
    if let Some(s) = item.supplier {
        leaf(m, "p", &[("class", "hint")], form.suppliers[s].name.get(lang));
    }
    let indicator = form.indicators.iter().position(|i| i.code == item.code);
    if let (ItemKind::Ratio, Some(i)) = (item.kind, indicator) {
        m.open("p", &[("class", "ratio")]);
        leaf(m, "output", &[("id", &ids::ratio_output(&item.code))], &session.indicator_text(i, lang).value);
        m.close();
    }
    evidence_block(m, item, lang);
    m.close();
}

/// The sections of the form: `(heading item index, its code, its title)`;
/// the header fields come first with the code `header`.
pub fn sections(form: &Form, lang: Lang) -> Vec<(usize, String, String)> {
    let mut out = vec![(0, "header".to_string(), ui("header", lang).to_string())];
    for (idx, item) in form.items.iter().enumerate().filter(|(idx, i)| !i.header && i.section == *idx) {
        if form.items.iter().skip(idx + 1).any(|i| i.section == idx && !i.header) {
            out.push((idx, item.code.clone(), format!("{}. {}", item.stt, label_of(item, lang))));
        }
    }
    out
}

fn section_open(m: &mut dyn Markup, code: &str, stt: &str, title: &str) {
    m.open("fieldset", &[("class", "section"), ("id", &ids::section(code))]);
    m.open("legend", &[]);
    m.open("h2", &[("class", "section-title")]);
    code_and_label(m, stt, title);
    m.close();
    m.close();
}

fn form_node(m: &mut dyn Markup, session: &Session, lang: Lang) {
    let form = session.form();
    m.open(
        "form",
        &[
            ("class", "pdti-form"),
            ("id", ids::FORM),
            ("novalidate", ""),
            ("autocomplete", "off"),
            ("aria-label", form.title.get(lang)),
        ],
    );
    // The header fields.
    section_open(m, "header", "", ui("header", lang));
    for item in form.items.iter().filter(|i| i.header) {
        if let Some(kind) = item.value_kind() {
            input_node(m, form, item, kind, lang);
        }
        if item.code == header::AGENCY {
            group_choice(m, session, lang);
        }
    }
    m.close();
    // One fieldset per section of the form (I, 3, 4 … 7); a section with no
    // rows of its own (II) is a heading.
    let rows: Vec<(usize, &Item)> = form.items.iter().enumerate().filter(|(_, i)| !i.header).collect();
    let mut in_section = false;
    for (n, &(idx, item)) in rows.iter().enumerate() {
        if item.section == idx {
            if in_section {
                m.close();
            }
            in_section = rows.get(n + 1).is_some_and(|&(next, i)| i.section != next);
            let label = label_of(item, lang);
            if in_section {
                section_open(m, &item.code, &item.stt, &label);
            } else {
                m.open("h2", &[("class", "part"), ("id", &ids::group(&item.code))]);
                code_and_label(m, &item.stt, &label);
                m.close();
            }
            continue;
        }
        match item.kind {
            ItemKind::Input(kind) => input_node(m, form, item, kind, lang),
            _ => heading_node(m, session, item, lang),
        }
    }
    if in_section {
        m.close();
    }
    // The end of the form: the one main action.
    m.open("div", &[("class", "finish"), ("id", ids::FINISH)]);
    leaf(m, "h2", &[], ui("finish", lang));
    leaf(m, "p", &[], ui("finish-text", lang));
    m.open("div", &[("class", "actions")]);
    button(m, "check", ui("check", lang), None);
    button(m, "download", ui("download", lang), None);
    button(m, "print", ui("print", lang), None);
    m.close();
    empty(m, "div", &[("class", "next"), ("id", ids::NEXT), ("tabindex", "-1")]);
    m.close();
    m.close();
}

fn button(m: &mut dyn Markup, action: &str, text: &str, lang_attr: Option<&str>) {
    let class = format!("btn btn-{action}");
    let mut attrs: Vec<(&'static str, &str)> = vec![("type", "button"), ("data-action", action), ("class", &class)];
    if let Some(l) = lang_attr {
        attrs.push(("lang", l));
    }
    leaf(m, "button", &attrs, text);
}

/// A file picker that looks and reads like a button in the page's language
/// (the browser's own "Choose File" stays hidden, still reachable by keyboard).
fn file_button(m: &mut dyn Markup, action: &str, text: &str, accept: &str) {
    m.open("label", &[("class", "file btn")]);
    empty(m, "input", &[("type", "file"), ("data-action", action), ("accept", accept)]);
    leaf(m, "span", &[], text);
    m.close();
}

fn toolbar(m: &mut dyn Markup, lang: Lang) {
    m.open("div", &[("class", "toolbar"), ("role", "group"), ("aria-label", ui("files", lang))]);
    file_button(m, "open", ui("open", lang), ".json,application/json");
    file_button(m, "start-previous", ui("start-previous", lang), ".json,application/json");
    file_button(m, "import-legacy", ui("import", lang), ".tsv,.txt,.tab,.csv,text/plain,text/tab-separated-values");
    m.open("details", &[("class", "paste")]);
    leaf(m, "summary", &[], ui("paste", lang));
    leaf(m, "label", &[("for", ids::PASTE)], ui("paste-label", lang));
    empty(m, "textarea", &[("id", ids::PASTE), ("rows", "6"), ("spellcheck", "false")]);
    button(m, "import-legacy-paste", ui("paste-go", lang), None);
    m.close();
    button(m, "reset", ui("reset", lang), None);
    button(m, "lang", ui("lang", lang), Some(lang.other().tag()));
    m.close();
}

/// The contents list: each section with its status, filled in by the page.
fn contents(m: &mut dyn Markup, session: &Session, lang: Lang) {
    let form = session.form();
    // What a return with nothing shown yet says (the page patches it later).
    let statuses = crate::display::Display::new(form.items.len()).sections(session);
    m.open("nav", &[("class", "contents"), ("id", ids::CONTENTS), ("aria-label", ui("contents", lang))]);
    leaf(m, "h2", &[], ui("contents", lang));
    m.open("ol", &[]);
    for (heading, code, title) in sections(form, lang) {
        m.open("li", &[]);
        leaf(m, "a", &[("href", &format!("#{}", ids::section(&code)))], &title);
        m.text(" ");
        let st = statuses.iter().find(|s| s.section == heading).copied().unwrap_or_default();
        let (text, class) = st.text(lang);
        leaf(m, "span", &[("class", class), ("id", &ids::contents_status(&code))], &text);
        m.close();
    }
    m.open("li", &[]);
    leaf(m, "a", &[("href", &format!("#{}", ids::FINISH))], ui("finish", lang));
    m.close();
    m.close();
    m.close();
}

fn indicator_panel(m: &mut dyn Markup, session: &Session, lang: Lang) {
    let form = session.form();
    m.open("section", &[("class", "indicators"), ("id", ids::INDICATORS), ("aria-labelledby", ids::INDICATORS_TITLE)]);
    let (title, note) = indicator_titles(form, lang);
    leaf(m, "h2", &[("id", ids::INDICATORS_TITLE)], title);
    score_block(m, session, lang, true);
    leaf(m, "p", &[("class", "note")], note);
    m.open("div", &[("class", "table-wrap")]);
    m.open("table", &[]);
    m.open("thead", &[]);
    m.open("tr", &[]);
    for key in ["col-code", "col-name", "col-value", "col-points"] {
        leaf(m, "th", &[("scope", "col")], ui(key, lang));
    }
    m.close();
    m.close();
    m.open("tbody", &[]);
    indicator_rows(m, session, lang, true);
    m.close();
    m.close();
    m.close();
    m.open("details", &[("class", "assumptions")]);
    leaf(m, "summary", &[], ui("assumptions", lang));
    m.open("ul", &[]);
    for a in &form.assumptions {
        leaf(m, "li", &[], a.get(lang));
    }
    m.close();
    m.close();
    m.close();
}

/// The indicator panel's heading and note: "điểm tạm tính" only when the
/// form's points are provisional.
pub(crate) fn indicator_titles(form: &Form, lang: Lang) -> (&'static str, &'static str) {
    match form.points_provisional {
        true => (ui("indicators", lang), ui("indicators-note", lang)),
        false => (ui("bar-indicators", lang), ""),
    }
}

/// What the page says once a return is started from last period's file
/// `name` ([`Session::start_from`]): the new period and last period's, how
/// many figures were carried over and what to do with them.
pub fn started_text(s: &Session, name: &str) -> crate::text::Text {
    let span = |f: Option<crate::date::Date>, t: Option<crate::date::Date>| {
        f.zip(t).map(|(f, t)| format!("{}–{}", f.to_vi(), t.to_vi()))
    };
    let now = span(s.date(header::FROM), s.date(header::TO));
    let before = s.previous().and_then(|p| span(p.from, p.to));
    let n = s.carried_count();
    let (of_vi, of_en) = match &before {
        Some(b) => (format!(" (kỳ {b})"), format!(" (period {b})")),
        None => (String::new(), String::new()),
    };
    let (start_vi, start_en) = match &now {
        Some(p) => {
            (format!("Đã bắt đầu kỳ {p} từ {name}{of_vi}."), format!("Started the period {p} from {name}{of_en}."))
        }
        None => (
            format!("Đã bắt đầu kỳ mới từ {name}{of_vi}; tệp không có kỳ báo cáo đọc được, hãy nhập kỳ này."),
            format!("Started a new period from {name}{of_en}; the file has no readable period, so type this one."),
        ),
    };
    crate::text::Text::new(
        format!(
            "{start_vi} {n} số liệu thường giữ nguyên được điền sẵn, đánh dấu \"Từ kỳ trước\": sửa số nào đã khác, \
             bấm \"Giữ nguyên\" nếu vẫn đúng. Các mục khác để trống cho kỳ này."
        ),
        format!(
            "{start_en} {n} figures that usually stay were filled in, marked \"From last period\": change any that \
             differ, press \"Keep it\" where they still hold. Everything else starts empty."
        ),
    )
}

/// What the page says of the score, as [`Session::score`] computes it (the
/// return's `score`), for the elements [`ids::SCORE`]: the total line
/// (`Tổng điểm: 106 / 130 (81,54 %) · Mức: Xuất sắc`, saying when the points
/// are provisional and when the levels are the default four), the agency
/// group it is computed for (and that none is chosen yet), the points per
/// pillar, and the phone's status bar (`Điểm: 106 / 130 · Xuất sắc`).
pub fn score_lines(session: &Session, lang: Lang) -> [String; 4] {
    let form = session.form();
    let score = session.score();
    let of = |t: &Tally, sp: &str| {
        format!("{}{sp}/{sp}{}", format_decimal(t.points, lang), format_decimal(round_half_away(t.max, 2), lang))
    };
    let t = &score.total;
    let key = if form.points_provisional { "total-prov" } else { "total" };
    let mut bar = of(t, " ");
    let mut total = format!("{}: {bar}", ui(key, lang));
    if let (Some(p), Some(l)) = (t.percent, t.level) {
        let level = form.levels.list[l].name.get(lang);
        let default = if form.levels.default { ui("levels-default", lang) } else { "" };
        total = format!("{total} ({} %) · {}: {level}{default}", format_decimal(p, lang), ui("level", lang));
        bar = format!("{bar} · {level}");
    }
    let group = score.group.map_or(String::new(), |g| {
        let g = &form.groups[g];
        let key = if session.group.as_ref() == Some(&g.id) { "group" } else { "no-group" };
        format!("{}: {}", ui(key, lang), g.name.get(lang))
    });
    let mut pillars = ui("pillars", lang).to_owned();
    for (n, (code, t)) in score.pillars.iter().enumerate() {
        // Each pillar's points are kept on one line (no-break spaces).
        pillars = format!("{pillars}{}{code}:\u{a0}{}", if n == 0 { " — " } else { " · " }, of(t, "\u{a0}"));
    }
    [total, group, pillars, format!("{}: {bar}", ui("col-points", lang))]
}

/// [`score_lines`] as paragraphs (the status bar's aside); on screen with
/// the ids the page patches.
fn score_block(m: &mut dyn Markup, session: &Session, lang: Lang, live: bool) {
    m.open("div", &[("class", "score")]);
    let lines = score_lines(session, lang);
    for (i, id) in ids::SCORE[..3].iter().enumerate() {
        leaf(
            m,
            "p",
            &[("class", if i == 0 { "total" } else { "note" }), ("id", id)][..1 + usize::from(live)],
            &lines[i],
        );
    }
    m.close();
}

/// An indicator as its row shows it: [`Session::indicator_text`], and "không
/// tính" for its points when it does not count in the return's group.
pub fn indicator_shown(session: &Session, i: usize, lang: Lang) -> IndicatorText {
    let mut shown = session.indicator_text(i, lang);
    if !session.counts(i) {
        shown.points = Some(ui("not-counted", lang).into());
    }
    shown
}

/// One row per indicator: code, name, ratio, points. On screen the cells
/// carry the ids the page patches; the printed copy needs none.
fn indicator_rows(m: &mut dyn Markup, session: &Session, lang: Lang, live: bool) {
    for (i, ind) in session.form().indicators.iter().enumerate() {
        let shown = indicator_shown(session, i, lang);
        let class = if shown.exceeds { "val invalid" } else { "val" };
        let (row, value, points) = match live {
            true => (ids::indicator_row(&ind.code), ids::indicator_value(&ind.code), ids::indicator_points(&ind.code)),
            false => Default::default(),
        };
        let n = if live { 2 } else { 1 };
        let row_attrs = [("id", row.as_str())];
        m.open("tr", &row_attrs[..n - 1]);
        leaf(m, "th", &[("scope", "row")], &ind.code);
        leaf(m, "td", &[], ind.label.get(lang));
        leaf(m, "td", &[("class", class), ("id", value.as_str())][..n], &shown.value);
        let pts = shown.points.as_deref().unwrap_or(NO_POINTS);
        let pts_class = if session.counts(i) { "pts" } else { "pts na" };
        leaf(m, "td", &[("class", pts_class), ("id", points.as_str())][..n], pts);
        m.close();
    }
}

/// What the points column shows for an indicator that is not scored.
pub const NO_POINTS: &str = "–";

/// The whole application: toolbar, notices, error summary, the form, the
/// contents with each section's status, the indicators as `session` has
/// them, the phone's status bar, and the place of the printed document.
pub fn app(m: &mut dyn Markup, session: &Session, lang: Lang) {
    let form = session.form();
    m.open(
        "div",
        &[("class", "pdti"), ("lang", lang.tag()), ("data-form-id", &form.id), ("data-form-version", &form.version)],
    );
    leaf(m, "a", &[("class", "skip"), ("href", &format!("#{}", ids::FORM)), ("data-action", "skip")], ui("skip", lang));
    leaf(m, "h1", &[("class", "title")], form.title.get(lang));
    leaf(m, "p", &[("class", "intro")], ui("intro", lang));
    toolbar(m, lang);
    empty(m, "div", &[("class", "notice"), ("id", ids::NOTICE), ("role", "status")]);
    empty(m, "div", &[("class", "alert"), ("id", ids::ALERT), ("role", "alert")]);
    m.open(
        "div",
        &[
            ("class", "error-summary"),
            ("id", ids::SUMMARY),
            ("tabindex", "-1"),
            ("hidden", ""),
            ("aria-labelledby", ids::SUMMARY_TITLE),
        ],
    );
    leaf(m, "h2", &[("id", ids::SUMMARY_TITLE)], ui("summary-title", lang));
    empty(m, "p", &[("id", ids::SUMMARY_COUNTS)]);
    empty(m, "ul", &[("class", "error-list"), ("id", ids::SUMMARY_LIST)]);
    m.close();
    m.open("section", &[("class", "import-report"), ("id", ids::IMPORT_REPORT), ("hidden", "")]);
    leaf(m, "h2", &[], ui("import-report", lang));
    empty(m, "ul", &[("id", ids::IMPORT_LIST)]);
    m.close();
    empty(m, "div", &[("class", "live"), ("id", ids::LIVE), ("aria-live", "polite")]);
    m.open("div", &[("class", "layout")]);
    form_node(m, session, lang);
    m.open("div", &[("class", "side")]);
    m.open("div", &[("class", "completeness")]);
    leaf(m, "label", &[("for", ids::PROGRESS)], ui("completeness", lang));
    empty(m, "progress", &[("id", ids::PROGRESS), ("max", "1"), ("value", "0")]);
    empty(m, "span", &[("id", ids::PROGRESS_TEXT)]);
    m.close();
    contents(m, session, lang);
    indicator_panel(m, session, lang);
    m.close();
    m.close();
    m.open("div", &[("class", "statusbar"), ("aria-hidden", "true")]);
    empty(m, "span", &[("id", ids::BAR_PROGRESS)]);
    empty(m, "span", &[("id", ids::BAR_PROBLEMS)]);
    empty(m, "span", &[("id", ids::BAR_POINTS)]);
    leaf(m, "a", &[("href", &format!("#{}", ids::CONTENTS)), ("tabindex", "-1")], ui("contents-short", lang));
    leaf(m, "a", &[("href", &format!("#{}", ids::INDICATORS)), ("tabindex", "-1")], ui("bar-indicators", lang));
    m.close();
    // The signed document is written from the return when printing.
    empty(m, "div", &[("class", "print-doc"), ("id", ids::PRINT)]);
    m.close();
}

fn escape(s: &str, out: &mut String, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

const VOID: &[&str] = &["input", "br", "meta", "link", "img"];

/// Markup serialised as HTML, every text and attribute escaped.
#[derive(Default)]
pub struct Html {
    out: String,
    open: Vec<&'static str>,
}

impl Html {
    /// The HTML written so far.
    pub fn into_string(self) -> String {
        self.out
    }
}

impl Markup for Html {
    fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            if !v.is_empty() {
                self.out.push_str("=\"");
                escape(v, &mut self.out, true);
                self.out.push('"');
            }
        }
        self.out.push('>');
        self.open.push(tag);
    }

    fn text(&mut self, text: &str) {
        escape(text, &mut self.out, false);
    }

    fn close(&mut self) {
        if let Some(tag) = self.open.pop().filter(|t| !VOID.contains(t)) {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
    }
}

/// The whole application as HTML, with `session`'s indicators.
pub fn app_html(session: &Session, lang: Lang) -> String {
    let mut html = Html::default();
    app(&mut html, session, lang);
    html.into_string()
}

/// The placeholder of the page shell (`www/index.html`) that the form replaces.
pub const APP_PLACEHOLDER: &str = "<!-- pdti:app -->";

/// The placeholder of the page shell that the form definition replaces.
pub const DEFINITION_PLACEHOLDER: &str = "<!-- pdti:definition -->";

/// The definition (JSON text, already checked) as the page's data block
/// `<script type="application/json" id="pdti-definition">`, which the
/// bootstrap hands to `mount`. Written compact; every `<` (only ever inside a
/// JSON string) as `\u003c`, so no text of the definition can end the block
/// or open a comment in it.
pub fn definition_block(definition: &str) -> String {
    let compact = compact_definition(definition);
    format!("<script type=\"application/json\" id=\"pdti-definition\">{}</script>", compact.replace('<', "\\u003c"))
}

/// A definition's text without its layout (what every page carries: the
/// hosted page's block, the offline file's stream); text that is not JSON
/// as it is (the page then says why it cannot use it).
pub fn compact_definition(definition: &str) -> String {
    crate::json::Json::parse(definition).map_or_else(|_| definition.to_string(), |j| j.to_compact())
}

/// The form's title in `lang`, escaped for HTML text (the page's `<title>`).
pub fn title_html(form: &Form, lang: Lang) -> String {
    let mut title = String::new();
    escape(form.title.get(lang), &mut title, false);
    title
}

/// The static page: `shell` (trusted build-time markup) with the app
/// pre-rendered in place of [`APP_PLACEHOLDER`], the definition's data block
/// in place of [`DEFINITION_PLACEHOLDER`], and `{{title}}`, `{{lang}}`
/// filled in; `None` when the shell lacks a placeholder. `definition` is
/// the JSON text `form` was read from.
pub fn page(form: &Arc<Form>, definition: &str, lang: Lang, shell: &str) -> Option<String> {
    if !shell.contains(APP_PLACEHOLDER) || !shell.contains(DEFINITION_PLACEHOLDER) {
        return None;
    }
    let body = app_html(&Session::new(Arc::clone(form)), lang);
    let title = title_html(form, lang);
    Some(
        // The shell's own placeholders first: the form's texts are never
        // read as placeholders.
        shell
            .replace("{{title}}", &title)
            .replace("{{lang}}", lang.tag())
            .replace(APP_PLACEHOLDER, &body)
            .replace(DEFINITION_PLACEHOLDER, &definition_block(definition)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_session(form: Form) -> Session {
        Session::new(Arc::new(form))
    }

    fn html() -> String {
        app_html(&empty_session(Form::pdti_2023()), Lang::Vi)
    }

    #[test]
    fn every_input_is_named_by_its_field_code_and_described_by_its_message() {
        let form = Form::pdti_2023();
        let h = html();
        for i in form.inputs() {
            let code = &form.items[i].code;
            assert!(h.contains(&format!("name=\"{code}\"")), "{code}");
            assert!(h.contains(&format!("id=\"msg-{code}\"")), "{code}");
        }
        assert!(h.contains("name=\"6.2.đ\""));
        assert!(h.contains("aria-describedby=\"msg-3.1.1\""));
    }

    #[test]
    fn the_page_carries_the_contract_actions_and_one_fieldset_per_section() {
        let h = html();
        for a in ["download", "open", "import-legacy"] {
            assert!(h.contains(&format!("data-action=\"{a}\"")), "{a}");
        }
        for s in ["sec-header", "sec-I", "sec-3", "sec-7"] {
            assert!(h.contains(&format!("id=\"{s}\"")), "{s}");
        }
        assert!(h.contains("<span class=\"unit\" aria-hidden=\"true\">tỷ đồng</span>"));
        assert!(h.contains("Sở GDĐT cung cấp"));
        assert!(h.contains("Danh sách DVCTT mức 3,4 phát sinh hồ sơ"));
    }

    #[test]
    fn labels_are_shown_without_markup_and_text_is_escaped() {
        let h = html();
        assert!(!h.contains("&lt;i&gt;"));
        assert!(h.contains("Kinh phí chung chi cho ATTT"));
        let mut out = Html::default();
        leaf(&mut out, "p", &[("title", "\"x\"")], "<script>alert(1)</script>");
        empty(&mut out, "input", &[("name", "a&b")]);
        assert_eq!(
            out.into_string(),
            "<p title=\"&quot;x&quot;\">&lt;script&gt;alert(1)&lt;/script&gt;</p><input name=\"a&amp;b\">"
        );
    }

    #[test]
    fn the_page_shell_gets_the_form_its_definition_and_an_escaped_title() {
        let mut form = Form::pdti_2023();
        form.title.vi = "A <b> & B".into();
        let form = Arc::new(form);
        let definition = r#"{"id": "x", "title": {"vi": "</script><!-- {{title}}"}}"#;
        let shell = "<html lang=\"{{lang}}\"><title>{{title}}</title><!-- pdti:app --><!-- pdti:definition --></html>";
        let page = page(&form, definition, Lang::Vi, shell).unwrap();
        assert!(page.starts_with("<html lang=\"vi\"><title>A &lt;b&gt; &amp; B</title><div class=\"pdti\""));
        assert!(page.contains("name=\"6.2.đ\""));
        // The definition's texts can neither end the data block nor be read as placeholders.
        assert!(page.ends_with(
            r#"<script type="application/json" id="pdti-definition">{"id":"x","title":{"vi":"\u003c/script>\u003c!-- {{title}}"}}</script></html>"#
        ));
        assert_eq!(super::page(&form, definition, Lang::Vi, "<html><!-- pdti:app --></html>"), None);
        assert_eq!(super::page(&form, definition, Lang::Vi, "<html><!-- pdti:definition --></html>"), None);
    }

    #[test]
    fn the_indicator_panel_shows_what_the_session_computes() {
        let mut session = empty_session(Form::pdti_2023());
        for (code, input) in [("6.3.a", "1"), ("6.3.b", "4"), ("6.3.d", "111")] {
            session.set(code, input).unwrap();
        }
        let i = session.form().indicators.iter().position(|x| x.code == "6.3").unwrap();
        let shown = session.indicator_text(i, Lang::Vi);
        assert!(shown.exceeds);
        let h = app_html(&session, Lang::Vi);
        let cell = format!("<td class=\"val invalid\" id=\"indv-6.3\">{}</td>", shown.value);
        assert!(h.contains(&cell), "{cell}");
        // An empty return's row is not marked.
        assert!(html().contains("<td class=\"val\" id=\"indv-6.3\">"));
    }

    fn tutorial() -> Session {
        let text = include_str!("../../docs/tutorial/my-index.json");
        empty_session(Form::from_json(text).unwrap())
    }

    /// The text of the element with id `id` in `h`.
    fn text_of(h: &str, id: &str) -> String {
        let at = h.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
        let start = at + h[at..].find('>').unwrap() + 1;
        h[start..start + h[start..].find('<').unwrap()].to_string()
    }

    #[test]
    fn the_static_page_shows_the_total_of_an_empty_return_provisional_and_by_the_default_levels() {
        let h = html();
        let want = "Tổng điểm tạm tính: 0 / 650 (0 %) · Mức: Khởi động (bốn mức mặc định)";
        assert_eq!(text_of(&h, ids::TOTAL), want);
        let pillars = "Theo trụ cột — 3: 0 / 100 · 4: 0 / 100 · 5: 0 / 100 · 6: 0 / 200 · 7: 0 / 150";
        assert_eq!(text_of(&h, ids::PILLARS).replace('\u{a0}', " "), pillars);
        assert_eq!(text_of(&h, ids::TOTAL_GROUP), "", "no groups, nothing said of them");
        assert!(h.contains("Chỉ tiêu (điểm tạm tính)"));
    }

    #[test]
    fn the_total_line_follows_the_session_as_the_return_scores_it() {
        let mut s = tutorial();
        for (code, v) in [("1.1", "50"), ("1.2", "50"), ("2.1", "100"), ("2.1.a", "70"), ("3.1", "3"), ("3.2", "có")] {
            s.set(code, v).unwrap();
        }
        // 40 + 42 + 15 + 10 of 130: 81,54 % and above 80, "Xuất sắc".
        let [total, group, pillars, bar] = score_lines(&s, Lang::Vi);
        assert_eq!(total, "Tổng điểm: 107 / 130 (82,31 %) · Mức: Xuất sắc");
        assert_eq!(group, "Chưa chọn nhóm cơ quan; đang tính theo nhóm: Cơ quan có thủ tục hành chính");
        let nbsp =
            "Theo trụ cột — HT:\u{a0}40\u{a0}/\u{a0}40 · DV:\u{a0}42\u{a0}/\u{a0}60 · CD:\u{a0}25\u{a0}/\u{a0}30";
        assert_eq!(pillars, nbsp, "each pillar on one line");
        assert_eq!(bar, "Điểm: 107 / 130 · Xuất sắc");
        let h = app_html(&s, Lang::Vi);
        assert_eq!(text_of(&h, ids::TOTAL), total);
        assert!(!h.contains("tạm tính"), "the tutorial's points are final");
        // The other group: DV-1 does not count, the maximum is 70.
        s.group = Some("khong-tthc".into());
        let [total, group, _, bar] = score_lines(&s, Lang::En);
        assert_eq!(total, "Total points: 65 / 70 (92.86 %) · Level: Excellent");
        assert_eq!(group, "Agency group: Agencies without administrative procedures");
        assert_eq!(bar, "Points: 65 / 70 · Excellent");
        let h = app_html(&s, Lang::Vi);
        assert!(h.contains("<td class=\"pts na\" id=\"indp-DV-1\">không tính</td>"));
        assert!(h.contains("<td class=\"pts\" id=\"indp-HT-1\">40 / 40</td>"));
    }

    #[test]
    fn the_group_choice_is_in_the_header_only_when_the_form_has_groups() {
        let mut s = tutorial();
        let h = app_html(&s, Lang::Vi);
        let agency = h.find("name=\"agency.name\"").unwrap();
        let choice = h
            .find("<div class=\"field\" role=\"radiogroup\" aria-labelledby=\"lg-agency.group\">")
            .expect("the group choice");
        assert!(agency < choice && choice < h.find("name=\"period.from\"").unwrap(), "after the agency's name");
        assert!(h.contains("<p class=\"legend\" id=\"lg-agency.group\">Nhóm cơ quan</p>"));
        for id in ["co-tthc", "khong-tthc"] {
            let radio =
                format!("<label class=\"radio\"><input type=\"radio\" name=\"agency.group\" value=\"{id}\"><span>");
            assert!(h.contains(&radio), "{radio}");
        }
        s.group = Some("khong-tthc".into());
        assert!(app_html(&s, Lang::En).contains("value=\"khong-tthc\" checked><span>Agencies without"));
        let shipped = html();
        assert!(!shipped.contains("agency.group") && !shipped.contains("Nhóm cơ quan"));
    }

    #[test]
    fn the_english_page_uses_the_glosses() {
        let s = app_html(&empty_session(Form::pdti_2023()), Lang::En);
        assert!(s.contains("Number of physical servers"));
        assert!(s.contains("Download the return (JSON)"));
    }
}
