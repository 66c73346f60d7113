//! The document an official signs: what the browser prints, as the
//! template lays it out. Quốc hiệu and tiêu ngữ, the agency and its letter
//! number, "…, ngày … tháng … năm …", the template's five columns (STT |
//! Chỉ số | Số liệu báo cáo | Tài liệu kiểm chứng | Ghi chú) with each value
//! as read and its unit, the indicators, the signature block and the
//! return's fingerprint, so that the collecting office can match a signed
//! paper copy to its file. Nothing of the screen's machinery is in it.

use super::{ids, label_of, leaf, ui, unit_text, Markup};
use crate::document::fingerprint;
use crate::engine::Session;
use crate::form::header;
use crate::form::{Item, ItemKind};
use crate::text::format_decimal;
use crate::text::Lang;
use crate::value::{MoneyUnit, Value, ValueKind};

/// A value as the signed copy shows it: `1.045`, `2,5 tỷ đồng`, `Có`,
/// `30/06/2023`; text that did not read is shown as typed.
pub fn value_text(session: &Session, idx: usize, lang: Lang) -> String {
    let item = &session.form().items[idx];
    match session.value_at(idx) {
        Some(Value::Count(n)) => format_decimal((*n).into(), lang),
        Some(Value::Money(d)) => {
            let unit = match item.value_kind() {
                Some(ValueKind::Money(u)) => u,
                _ => MoneyUnit::Dong,
            };
            let shown = format_decimal((*d / unit.dong()).normalize(), lang);
            format!("{shown} {}", unit_text(ValueKind::Money(unit)).unwrap_or(""))
        }
        Some(Value::Bool(b)) => ui(if *b { "yes" } else { "no" }, lang).to_string(),
        Some(Value::Date(d)) => d.to_vi(),
        Some(Value::Text(t)) => t.clone(),
        None => session.input_at(idx).to_string(),
    }
}

/// "Lai Châu, ngày 05 tháng 7 năm 2023", or dots to fill in by hand.
fn date_line(session: &Session) -> String {
    match session.date(header::LETTER_DATE) {
        Some(d) => format!("……, ngày {:02} tháng {:02} năm {}", d.day, d.month, d.year),
        None => "……, ngày …… tháng …… năm ……".to_string(),
    }
}

fn row(m: &mut dyn Markup, class: &str, cells: [&str; 5], number: bool) {
    m.open("tr", &[("class", class)]);
    for (i, c) in cells.into_iter().enumerate() {
        leaf(m, "td", if i == 2 && number { &[("class", "num")] } else { &[] }, c);
    }
    m.close();
}

fn evidence_text(session: &Session, item: &Item) -> String {
    let typed = session.evidence.get(&item.code).map_or("", String::as_str);
    match (&item.evidence, typed.is_empty()) {
        (Some(need), true) => need.clone(),
        (Some(need), false) => format!("{need}: {typed}"),
        (None, _) => typed.to_string(),
    }
}

/// The whole signed document of `session`, in Vietnamese.
pub fn document(m: &mut dyn Markup, session: &Session, _screen: Lang) {
    // The signed copy is the Vietnamese administrative document, whatever
    // language the screen shows (its wording follows the template).
    let lang = Lang::Vi;
    let form = session.form();
    let text = |code: &str| form.index_of(code).map(|i| value_text(session, i, lang)).unwrap_or_default();
    m.open("div", &[("class", "doc-head")]);
    m.open("div", &[]);
    leaf(m, "p", &[("class", "doc-agency")], &text(header::AGENCY));
    let number = text(header::LETTER_NUMBER);
    leaf(m, "p", &[], &format!("{}: {}", ui("doc-number", lang), if number.is_empty() { "……" } else { &number }));
    m.close();
    m.open("div", &[]);
    leaf(m, "p", &[("class", "doc-nation")], ui("nation", lang));
    leaf(m, "p", &[("class", "doc-motto")], ui("motto", lang));
    leaf(m, "p", &[("class", "doc-date")], &date_line(session));
    m.close();
    m.close();
    leaf(m, "h1", &[("class", "doc-title")], form.title.get(lang));
    let or_dots = |t: String| if t.is_empty() { "……".to_string() } else { t };
    let period = format!("{}: {} – {}", ui("doc-period", lang), or_dots(text(header::FROM)), or_dots(text(header::TO)));
    leaf(m, "p", &[("class", "doc-period")], &period);
    // A return that is not finished says so where the signer looks first.
    let sum = session.summary();
    let (filled, required) = session.progress();
    let (missing, errors) = (required - filled, sum.errors);
    if missing > 0 || errors > 0 {
        let draft = format!("BẢN NHÁP: còn {missing} mục bắt buộc chưa điền, {errors} lỗi. Chưa nên ký gửi.");
        leaf(m, "p", &[("class", "doc-draft")], &draft);
    }
    m.open("table", &[("class", "doc-table")]);
    m.open("thead", &[]);
    m.open("tr", &[]);
    for key in ["doc-col-stt", "doc-col-item", "doc-col-value", "doc-col-evidence", "doc-col-note"] {
        leaf(m, "th", &[("scope", "col")], ui(key, lang));
    }
    m.close();
    m.close();
    m.open("tbody", &[]);
    for (idx, item) in form.items.iter().enumerate().filter(|(_, i)| !i.header) {
        let label = label_of(item, lang);
        // Notes typed, then what the import kept aside on this row.
        let mut note = session.notes.get(&item.code).cloned().unwrap_or_default();
        for u in session.unplaced.iter().filter(|u| u.code == item.code) {
            let kept = format!("Trong tệp gốc có \"{}\" (chưa dùng)", u.text);
            note = if note.is_empty() { kept } else { format!("{note}; {kept}") };
        }
        let note = note.as_str();
        let evidence = evidence_text(session, item);
        match item.kind {
            ItemKind::Input(kind) => {
                let mut value = value_text(session, idx, lang);
                if session.required_blank(idx) {
                    value = "(chưa điền)".to_string();
                }
                let number = matches!(kind, ValueKind::Count | ValueKind::Money(_));
                row(m, "", [&item.stt, &label, &value, &evidence, note], number);
            }
            ItemKind::Ratio => {
                let value = form
                    .indicators
                    .iter()
                    .position(|i| i.code == item.code)
                    .map(|i| session.indicator_text(i, lang).value)
                    .unwrap_or_default();
                row(m, "doc-group", [&item.stt, &label, &value, &evidence, note], true);
            }
            _ => {
                let class = if item.section == idx { "doc-section" } else { "doc-group" };
                row(m, class, [&item.stt, &label, "", &evidence, note], false);
            }
        }
    }
    m.close();
    m.close();
    let (title, note) = super::indicator_titles(form, lang);
    leaf(m, "h2", &[("class", "doc-sub")], title);
    leaf(m, "p", &[("class", "doc-note")], note);
    m.open("table", &[("class", "doc-indicators")]);
    m.open("tbody", &[]);
    super::indicator_rows(m, session, lang, false);
    m.close();
    m.close();
    super::score_block(m, session, lang, false);
    m.open("div", &[("class", "doc-sign")]);
    let preparer = text("I.6.ho_ten");
    for (role, note, name) in [("sign-preparer", "sign-note", preparer.as_str()), ("sign-head", "sign-seal", "")] {
        m.open("div", &[]);
        leaf(m, "p", &[("class", "sign-role")], ui(role, lang));
        leaf(m, "p", &[("class", "sign-note")], ui(note, lang));
        leaf(m, "p", &[("class", "sign-name")], name);
        m.close();
    }
    m.close();
    let fp = format!("{}: {}", ui("doc-fingerprint", lang), fingerprint(session));
    leaf(m, "p", &[("class", "doc-fingerprint"), ("id", &format!("{}-fingerprint", ids::PRINT))], &fp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;
    use std::sync::Arc;

    fn doc(session: &Session) -> String {
        let mut html = super::super::Html::default();
        document(&mut html, session, Lang::Vi);
        html.into_string()
    }

    #[test]
    fn the_signed_copy_has_the_national_heading_the_five_columns_and_each_value_with_its_unit() {
        let mut s = Session::new(Arc::new(Form::pdti_2023()));
        for (code, v) in [
            ("agency.name", "Sở Tư pháp"),
            ("coverLetter.number", "125/STP-PBGDPL"),
            ("coverLetter.date", "05/07/2023"),
            ("I.1", "1045"),
            ("5.11.2", "2 tỷ 500 triệu"),
            ("3.2.a", "có"),
            ("I.6.ho_ten", "Nguyễn Văn An"),
        ] {
            s.set(code, v).unwrap();
        }
        let h = doc(&s);
        for want in [
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "<p class=\"doc-agency\">Sở Tư pháp</p>",
            "Số: 125/STP-PBGDPL",
            "ngày 05 tháng 07 năm 2023",
            "<th scope=\"col\">STT</th><th scope=\"col\">Chỉ số</th><th scope=\"col\">Số liệu báo cáo</th><th scope=\"col\">Tài liệu kiểm chứng</th><th scope=\"col\">Ghi chú</th>",
            "<td class=\"num\">1.045</td>",
            "<td class=\"num\">2,5 tỷ đồng</td>",
            "<td>Có</td>",
            "Người lập biểu",
            "Thủ trưởng đơn vị",
            "Nguyễn Văn An",
            &fingerprint(&s),
        ] {
            assert!(h.contains(want), "{want}");
        }
        // Nothing of the screen: no input, button, hint or message.
        for machinery in ["<input", "<button", "class=\"hint\"", "class=\"msg\"", "dd/mm/yyyy"] {
            assert!(!h.contains(machinery), "{machinery}");
        }
    }

    #[test]
    fn the_signed_copy_says_the_total_the_level_and_the_agency_group() {
        let text = include_str!("../../docs/tutorial/my-index.json");
        let mut s = Session::new(Arc::new(Form::from_json(text).unwrap()));
        for (code, v) in [("1.1", "50"), ("1.2", "50"), ("3.1", "4")] {
            s.set(code, v).unwrap();
        }
        s.group = Some("khong-tthc".into());
        let h = doc(&s);
        assert!(h.contains("<p class=\"total\">Tổng điểm: 60 / 70 (85,71 %) · Mức: Xuất sắc</p>"), "{h}");
        assert!(h.contains("<p class=\"note\">Nhóm cơ quan: Cơ quan không có thủ tục hành chính</p>"));
        assert!(h.contains("<td class=\"pts na\">không tính</td>"));
        assert!(doc(&Session::new(Arc::new(Form::pdti_2023()))).contains("Tổng điểm tạm tính: 0 / 650"));
    }

    #[test]
    fn an_empty_return_leaves_dots_to_fill_in_by_hand_and_says_it_is_a_draft() {
        let h = doc(&Session::new(Arc::new(Form::pdti_2023())));
        assert!(h.contains("……, ngày …… tháng …… năm ……"));
        assert!(h.contains("Số: ……"));
        assert!(h.contains("Kỳ báo cáo: …… – ……"));
        assert!(h.contains("BẢN NHÁP: còn 60 mục bắt buộc chưa điền"));
        assert!(h.contains("<td class=\"num\">(chưa điền)</td>"));
    }
}
