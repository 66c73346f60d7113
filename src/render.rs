//! The page's markup, rendered from the form definition.
//!
//! [`app`] builds a small element tree (toolbar, error summary, the form with a
//! fieldset per section, the indicator panel). Natively it is serialised to
//! HTML for the static page, so the saved page is a readable form before the
//! WebAssembly starts; in the browser the same tree is turned into DOM nodes
//! (`src/web/`), with every text set as text, never parsed as markup.

use crate::form::{Form, Item, ItemKind};
use crate::text::display_label;
use crate::value::{MoneyUnit, ValueKind};

/// An element or a text node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element with attributes and children.
    El {
        /// Tag name.
        tag: &'static str,
        /// Attributes, in order.
        attrs: Vec<(&'static str, String)>,
        /// Child nodes.
        children: Vec<Node>,
    },
    /// Text.
    Text(String),
}

fn el(tag: &'static str, attrs: Vec<(&'static str, String)>, children: Vec<Node>) -> Node {
    Node::El { tag, attrs, children }
}

fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

macro_rules! attrs {
    ($($k:literal => $v:expr),* $(,)?) => { vec![$(($k, String::from($v))),*] };
}

/// Interface texts: (key, Vietnamese, English).
const UI: &[(&str, &str, &str)] = &[
    ("download", "Tải về bản báo cáo (JSON)", "Download the return (JSON)"),
    ("open", "Mở bản đã lưu (JSON)", "Open a saved return (JSON)"),
    ("import", "Nhập từ mẫu cũ (tệp .tsv/.txt)", "Import the old template (.tsv/.txt file)"),
    ("paste", "Dán nội dung mẫu cũ", "Paste the old template"),
    ("paste-label", "Nội dung sao chép từ Word/Excel", "Text copied from Word/Excel"),
    ("paste-go", "Nhập nội dung đã dán", "Import the pasted text"),
    ("check", "Kiểm tra toàn bộ", "Check everything"),
    ("print", "In bản ký", "Print a copy to sign"),
    ("reset", "Làm lại từ đầu", "Start over"),
    ("lang", "English", "Tiếng Việt"),
    ("files", "Tệp", "Files"),
    ("summary-title", "Có vấn đề cần kiểm tra", "There is a problem"),
    ("import-report", "Ghi nhận khi nhập từ mẫu cũ (các giá trị đã được đặt lại đúng chỗ)", "Noted during the import of the old template (values were put in place)"),
    ("header", "Thông tin báo cáo", "About this return"),
    ("indicators", "Chỉ tiêu (điểm tạm tính)", "Indicators (provisional points)"),
    (
        "indicators-note",
        "Điểm là tạm tính cho đến khi có phụ lục chính thức; tỷ lệ chỉ tính khi có mẫu số.",
        "Points are provisional until the official annex is published; a ratio needs its denominator.",
    ),
    ("col-code", "Mã", "Code"),
    ("col-name", "Chỉ tiêu", "Indicator"),
    ("col-value", "Tỷ lệ", "Ratio"),
    ("col-points", "Điểm", "Points"),
    ("completeness", "Mục bắt buộc đã điền", "Required fields filled"),
    ("evidence", "Tài liệu kiểm chứng", "Evidence"),
    ("evidence-ref", "Số, ngày văn bản hoặc đường dẫn tài liệu kiểm chứng", "Evidence document number, date or link"),
    ("not-computed", "chưa tính được", "not computable"),
    ("date-hint", "ngày/tháng/năm, ví dụ 30/06/2023", "day/month/year, e.g. 30/06/2023"),
    ("intro", "Nhập số liệu vào từng ô; mỗi ô được kiểm tra ngay khi nhập. Cảnh báo không ngăn việc lưu; bản nháp được lưu tự động trên máy này.", "Type each figure; every field is checked as you type. Warnings never block saving; a draft is kept on this computer."),
    ("sign-preparer", "Người lập biểu", "Prepared by"),
    ("sign-head", "Thủ trưởng đơn vị", "Head of agency"),
    ("sign-note", "(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    ("assumptions", "Giả định của biểu mẫu", "Assumptions of this form"),
];

/// An interface text in `lang`.
pub fn ui(key: &str, lang: &str) -> &'static str {
    UI.iter().find(|(k, _, _)| *k == key).map_or("", |(_, vi, en)| if lang == "en" { en } else { vi })
}

/// Element ids of a field: the input, its message and its hint.
pub fn input_id(code: &str) -> String {
    format!("in-{code}")
}

/// The id of a field's inline message.
pub fn message_id(code: &str) -> String {
    format!("msg-{code}")
}

fn hint_id(code: &str) -> String {
    format!("hint-{code}")
}

fn label_of(item: &Item, lang: &str) -> String {
    if lang == "en" {
        item.label.en.clone()
    } else {
        display_label(&item.label.vi)
    }
}

fn unit_text(kind: ValueKind) -> Option<&'static str> {
    match kind {
        ValueKind::Money(MoneyUnit::Ty) => Some("tỷ đồng"),
        ValueKind::Money(MoneyUnit::Dong) => Some("đồng"),
        _ => None,
    }
}

fn supplier_note(form: &Form, item: &Item, lang: &str) -> Option<String> {
    item.supplier.map(|s| form.suppliers[s].name.get(lang).to_string())
}

fn evidence_block(item: &Item, lang: &str) -> Option<Node> {
    let ev = item.evidence.as_ref()?;
    let id = format!("ev-{}", item.code);
    Some(el(
        "div",
        attrs!["class" => "evidence"],
        vec![
            el("p", attrs!["class" => "evidence-needed"], vec![text(format!("{}: {ev}", ui("evidence", lang)))]),
            el("label", attrs!["for" => id.clone(), "class" => "evidence-label"], vec![text(ui("evidence-ref", lang))]),
            el(
                "input",
                attrs!["id" => id, "name" => format!("evidence:{}", item.code), "type" => "text", "autocomplete" => "off", "class" => "evidence-input"],
                vec![],
            ),
        ],
    ))
}

fn input_node(form: &Form, item: &Item, kind: ValueKind, lang: &str) -> Node {
    let code = &item.code;
    let mut hint_parts = Vec::new();
    if kind == ValueKind::Date {
        hint_parts.push(ui("date-hint", lang).to_string());
    }
    if let Some(s) = supplier_note(form, item, lang) {
        hint_parts.push(s);
    }
    let mut described = Vec::new();
    let mut children = vec![el(
        "label",
        attrs!["for" => input_id(code)],
        if item.header {
            vec![text(label_of(item, lang))]
        } else {
            vec![el("span", attrs!["class" => "code"], vec![text(code.clone())]), text(" "), text(label_of(item, lang))]
        },
    )];
    if !hint_parts.is_empty() {
        described.push(hint_id(code));
        children.push(el("p", attrs!["class" => "hint", "id" => hint_id(code)], vec![text(hint_parts.join(" · "))]));
    }
    described.push(message_id(code));
    let (inputmode, autocomplete) = match (kind, code.as_str()) {
        (ValueKind::Count, _) => ("numeric", "off"),
        (ValueKind::Money(_), _) => ("decimal", "off"),
        (ValueKind::Phone, _) => ("tel", "tel"),
        (ValueKind::Email, _) => ("email", "email"),
        (ValueKind::Date, _) => ("numeric", "off"),
        (_, "I.6.ho_ten") => ("text", "name"),
        (_, "agency.name") => ("text", "organization"),
        (_, "I.6.chuc_vu") => ("text", "organization-title"),
        _ => ("text", "off"),
    };
    let mut input_attrs = attrs![
        "id" => input_id(code),
        "name" => code.clone(),
        "type" => if kind == ValueKind::Email { "email" } else if kind == ValueKind::Phone { "tel" } else { "text" },
        "inputmode" => inputmode,
        "autocomplete" => autocomplete,
        "spellcheck" => "false",
        "aria-describedby" => described.join(" "),
    ];
    if kind == ValueKind::YesNo {
        input_attrs.push(("list", "pdti-yesno".to_string()));
    }
    if kind == ValueKind::Date {
        input_attrs.push(("placeholder", "dd/mm/yyyy".to_string()));
    }
    if matches!(kind, ValueKind::Count | ValueKind::Money(_) | ValueKind::YesNo | ValueKind::Date) {
        input_attrs.push(("class", "short".to_string()));
    }
    if form.is_required_for(form.index_of(code).unwrap_or(0), &[]) {
        input_attrs.push(("aria-required", "true".to_string()));
    }
    let mut control = vec![el("input", input_attrs, vec![])];
    if let Some(u) = unit_text(kind) {
        control.push(el("span", attrs!["class" => "unit", "aria-hidden" => "true"], vec![text(u)]));
    }
    children.push(el("div", attrs!["class" => "control"], control));
    children.push(el("p", attrs!["class" => "msg", "id" => message_id(code)], vec![]));
    if let Some(ev) = evidence_block(item, lang) {
        children.push(ev);
    }
    let depth = code.matches('.').count();
    el("div", attrs!["class" => format!("field depth-{depth}"), "id" => format!("f-{code}")], children)
}

fn heading_node(form: &Form, item: &Item, lang: &str) -> Node {
    let depth = item.code.matches('.').count();
    let tag = if depth <= 1 { "h3" } else { "h4" };
    let mut children = vec![el(
        tag,
        attrs!["class" => "group-title"],
        vec![
            el("span", attrs!["class" => "code"], vec![text(item.code.clone())]),
            text(" "),
            text(label_of(item, lang)),
        ],
    )];
    if let Some(s) = supplier_note(form, item, lang) {
        children.push(el("p", attrs!["class" => "hint"], vec![text(s)]));
    }
    if item.kind == ItemKind::Ratio && form.indicators.iter().any(|i| i.code == item.code) {
        children.push(el(
            "p",
            attrs!["class" => "ratio"],
            vec![el("output", attrs!["id" => format!("out-{}", item.code)], vec![text(ui("not-computed", lang))])],
        ));
    }
    if let Some(ev) = evidence_block(item, lang) {
        children.push(ev);
    }
    el("div", attrs!["class" => format!("group depth-{depth}"), "id" => format!("g-{}", item.code)], children)
}

fn form_node(form: &Form, lang: &str) -> Node {
    let mut sections: Vec<Node> = Vec::new();
    // The header fields.
    let header: Vec<Node> = form
        .items
        .iter()
        .filter(|i| i.header)
        .filter_map(|i| i.value_kind().map(|k| input_node(form, i, k, lang)))
        .collect();
    let mut fs = vec![el("legend", vec![], vec![text(ui("header", lang))])];
    fs.extend(header);
    sections.push(el("fieldset", attrs!["class" => "section", "id" => "sec-header"], fs));
    // One fieldset per section of the form (I, 3, 4 … 7).
    let mut current: Option<(usize, Vec<Node>)> = None;
    for (idx, item) in form.items.iter().enumerate().filter(|(_, i)| !i.header) {
        if item.section == idx {
            if let Some((s, body)) = current.take() {
                sections.push(section_node(form, s, body, lang));
            }
            current = Some((idx, Vec::new()));
            continue;
        }
        let node = match item.kind {
            ItemKind::Input(kind) => input_node(form, item, kind, lang),
            _ => heading_node(form, item, lang),
        };
        match current.as_mut() {
            Some((_, body)) => body.push(node),
            None => sections.push(node),
        }
    }
    if let Some((s, body)) = current.take() {
        sections.push(section_node(form, s, body, lang));
    }
    sections.push(el(
        "datalist",
        attrs!["id" => "pdti-yesno"],
        vec![el("option", attrs!["value" => "có"], vec![]), el("option", attrs!["value" => "không"], vec![])],
    ));
    el(
        "form",
        attrs!["class" => "pdti-form", "id" => "pdti-form", "novalidate" => "", "autocomplete" => "off", "aria-label" => form.title.get(lang)],
        sections,
    )
}

fn section_node(form: &Form, idx: usize, body: Vec<Node>, lang: &str) -> Node {
    let item = &form.items[idx];
    if body.is_empty() {
        // A section with no rows of its own (II) is a heading.
        return el(
            "h2",
            attrs!["class" => "part", "id" => format!("g-{}", item.code)],
            vec![
                el("span", attrs!["class" => "code"], vec![text(item.code.clone())]),
                text(" "),
                text(label_of(item, lang)),
            ],
        );
    }
    let mut children = vec![el(
        "legend",
        vec![],
        vec![
            el("span", attrs!["class" => "code"], vec![text(item.code.clone())]),
            text(" "),
            text(label_of(item, lang)),
        ],
    )];
    children.extend(body);
    el("fieldset", attrs!["class" => "section", "id" => format!("sec-{}", item.code)], children)
}

fn toolbar(lang: &str) -> Node {
    let button = |action: &str, key: &str| {
        el(
            "button",
            attrs!["type" => "button", "data-action" => action, "class" => format!("btn btn-{action}")],
            vec![text(ui(key, lang))],
        )
    };
    let file = |action: &str, key: &str, accept: &str| {
        el(
            "label",
            attrs!["class" => "file"],
            vec![
                el("span", vec![], vec![text(ui(key, lang))]),
                el("input", attrs!["type" => "file", "data-action" => action, "accept" => accept], vec![]),
            ],
        )
    };
    let mut lang_button = button("lang", "lang");
    if let Node::El { attrs, .. } = &mut lang_button {
        attrs.push(("lang", if lang == "en" { "vi" } else { "en" }.to_string()));
    }
    el(
        "div",
        attrs!["class" => "toolbar", "role" => "group", "aria-label" => ui("files", lang)],
        vec![
            button("download", "download"),
            file("open", "open", ".json,application/json"),
            file("import-legacy", "import", ".tsv,.txt,.tab,.csv,text/plain,text/tab-separated-values"),
            el(
                "details",
                attrs!["class" => "paste"],
                vec![
                    el("summary", vec![], vec![text(ui("paste", lang))]),
                    el("label", attrs!["for" => "pdti-paste"], vec![text(ui("paste-label", lang))]),
                    el("textarea", attrs!["id" => "pdti-paste", "rows" => "6", "spellcheck" => "false"], vec![]),
                    button("import-legacy-paste", "paste-go"),
                ],
            ),
            button("check", "check"),
            button("print", "print"),
            button("reset", "reset"),
            lang_button,
        ],
    )
}

fn indicator_panel(form: &Form, lang: &str) -> Node {
    let rows: Vec<Node> = form
        .indicators
        .iter()
        .map(|ind| {
            el(
                "tr",
                attrs!["id" => format!("ind-{}", ind.code)],
                vec![
                    el("th", attrs!["scope" => "row"], vec![text(ind.code.clone())]),
                    el("td", vec![], vec![text(ind.label.get(lang))]),
                    el(
                        "td",
                        attrs!["class" => "val", "id" => format!("indv-{}", ind.code)],
                        vec![text(ui("not-computed", lang))],
                    ),
                    el("td", attrs!["class" => "pts", "id" => format!("indp-{}", ind.code)], vec![text("–")]),
                ],
            )
        })
        .collect();
    let head = el(
        "tr",
        vec![],
        ["col-code", "col-name", "col-value", "col-points"]
            .iter()
            .map(|k| el("th", attrs!["scope" => "col"], vec![text(ui(k, lang))]))
            .collect(),
    );
    el(
        "aside",
        attrs!["class" => "indicators", "aria-labelledby" => "pdti-ind-title"],
        vec![
            el("h2", attrs!["id" => "pdti-ind-title"], vec![text(ui("indicators", lang))]),
            el(
                "div",
                attrs!["class" => "completeness"],
                vec![
                    el("label", attrs!["for" => "pdti-progress"], vec![text(ui("completeness", lang))]),
                    el("progress", attrs!["id" => "pdti-progress", "max" => "1", "value" => "0"], vec![]),
                    el("span", attrs!["id" => "pdti-progress-text"], vec![]),
                ],
            ),
            el("p", attrs!["class" => "note"], vec![text(ui("indicators-note", lang))]),
            el(
                "div",
                attrs!["class" => "table-wrap"],
                vec![el("table", vec![], vec![el("thead", vec![], vec![head]), el("tbody", vec![], rows)])],
            ),
            el(
                "details",
                attrs!["class" => "assumptions"],
                std::iter::once(el("summary", vec![], vec![text(ui("assumptions", lang))]))
                    .chain(std::iter::once(el(
                        "ul",
                        vec![],
                        form.assumptions.iter().map(|a| el("li", vec![], vec![text(a.get(lang))])).collect(),
                    )))
                    .collect(),
            ),
        ],
    )
}

/// The whole application: toolbar, notices, error summary, form, indicators.
pub fn app(form: &Form, lang: &str) -> Node {
    el(
        "div",
        attrs![
            "class" => "pdti",
            "lang" => lang,
            "data-form-id" => form.id.clone(),
            "data-form-version" => form.version.clone(),
        ],
        vec![
            el("h1", attrs!["class" => "title"], vec![text(form.title.get(lang))]),
            el("p", attrs!["class" => "intro"], vec![text(ui("intro", lang))]),
            toolbar(lang),
            el("div", attrs!["class" => "notice", "id" => "pdti-notice", "role" => "status"], vec![]),
            el("div", attrs!["class" => "alert", "id" => "pdti-alert", "role" => "alert"], vec![]),
            el(
                "div",
                attrs![
                    "class" => "error-summary",
                    "id" => "pdti-summary",
                    "tabindex" => "-1",
                    "hidden" => "",
                    "aria-labelledby" => "pdti-summary-title",
                ],
                vec![
                    el("h2", attrs!["id" => "pdti-summary-title"], vec![text(ui("summary-title", lang))]),
                    el("p", attrs!["id" => "pdti-summary-counts"], vec![]),
                    el("ul", attrs!["class" => "error-list", "id" => "pdti-summary-list"], vec![]),
                ],
            ),
            el(
                "details",
                attrs!["class" => "import-report", "id" => "pdti-import-report", "hidden" => ""],
                vec![
                    el("summary", vec![], vec![text(ui("import-report", lang))]),
                    el("ul", attrs!["id" => "pdti-import-list"], vec![]),
                ],
            ),
            el("div", attrs!["class" => "live", "id" => "pdti-live", "aria-live" => "polite"], vec![]),
            el("div", attrs!["class" => "layout"], vec![form_node(form, lang), indicator_panel(form, lang)]),
            el(
                "div",
                attrs!["class" => "signature"],
                ["sign-preparer", "sign-head"]
                    .iter()
                    .map(|k| {
                        el(
                            "div",
                            vec![],
                            vec![
                                el("p", attrs!["class" => "sign-role"], vec![text(ui(k, lang))]),
                                el("p", vec![], vec![text(ui("sign-note", lang))]),
                            ],
                        )
                    })
                    .collect(),
            ),
        ],
    )
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

/// Serialises a tree as HTML, every text and attribute escaped.
pub fn to_html(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => escape(t, out, false),
        Node::El { tag, attrs, children } => {
            out.push('<');
            out.push_str(tag);
            for (k, v) in attrs {
                out.push(' ');
                out.push_str(k);
                if !v.is_empty() {
                    out.push_str("=\"");
                    escape(v, out, true);
                    out.push('"');
                }
            }
            out.push('>');
            if VOID.contains(tag) {
                return;
            }
            for c in children {
                to_html(c, out);
            }
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
    }
}

/// The placeholder of the page shell (`www/index.html`) that the form replaces.
pub const APP_PLACEHOLDER: &str = "<!-- pdti:app -->";

/// The static page: `shell` (trusted build-time markup) with the app
/// pre-rendered in place of [`APP_PLACEHOLDER`], and `{{title}}`, `{{lang}}`
/// filled in; `None` when the shell has no placeholder.
pub fn page(form: &Form, lang: &str, shell: &str) -> Option<String> {
    if !shell.contains(APP_PLACEHOLDER) {
        return None;
    }
    let mut body = String::new();
    to_html(&app(form, lang), &mut body);
    let mut title = String::new();
    escape(form.title.get(lang), &mut title, false);
    Some(shell.replace(APP_PLACEHOLDER, &body).replace("{{title}}", &title).replace("{{lang}}", lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html() -> String {
        let mut s = String::new();
        to_html(&app(&Form::pdti_2023(), "vi"), &mut s);
        s
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
        let mut out = String::new();
        to_html(&el("p", attrs!["title" => "\"x\""], vec![text("<script>alert(1)</script>")]), &mut out);
        assert_eq!(out, "<p title=\"&quot;x&quot;\">&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    }

    #[test]
    fn the_page_shell_gets_the_form_and_an_escaped_title() {
        let mut form = Form::pdti_2023();
        form.title.vi = "A <b> & B".into();
        let page =
            page(&form, "vi", "<html lang=\"{{lang}}\"><title>{{title}}</title><!-- pdti:app --></html>").unwrap();
        assert!(page.starts_with("<html lang=\"vi\"><title>A &lt;b&gt; &amp; B</title><div class=\"pdti\""));
        assert!(page.contains("name=\"6.2.đ\""));
        assert_eq!(super::page(&form, "vi", "<html></html>"), None);
    }

    #[test]
    fn the_english_page_uses_the_glosses() {
        let mut s = String::new();
        to_html(&app(&Form::pdti_2023(), "en"), &mut s);
        assert!(s.contains("Number of physical servers"));
        assert!(s.contains("Download the return (JSON)"));
    }
}
