//! Patching the page from the session: a field's message, an indicator row,
//! the summary with its counts, the contents list, the progress, notices and
//! the import report. Only nodes whose text changed are written.

use super::app::{App, Notice};
use super::dom;
use crate::display::counts;
use crate::finding::{Finding, Severity};
use crate::render::{self, ids};
use crate::text::{Lang, Text};
use web_sys::Element;

/// "Lỗi: ", "Cảnh báo: ", "Ghi chú: " before a message.
fn severity_prefix(sev: Severity, lang: Lang) -> &'static str {
    match sev {
        Severity::Error => lang.pick("Lỗi: ", "Error: "),
        Severity::Warning => lang.pick("Cảnh báo: ", "Warning: "),
        Severity::Info => lang.pick("Ghi chú: ", "Note: "),
    }
}

/// "2 lỗi, 3 cảnh báo." / "1 error, 3 warnings." with proper English plurals.
pub fn counts_text(lang: Lang, errors: u32, warnings: u32) -> String {
    if lang == Lang::En {
        let s = |n: u32| if n == 1 { "" } else { "s" };
        format!("{errors} error{}, {warnings} warning{}.", s(errors), s(warnings))
    } else {
        format!("{errors} lỗi, {warnings} cảnh báo.")
    }
}

impl App {
    /// Where a finding's summary link goes: the field it is shown at.
    fn link_target<'a>(&'a self, f: &Finding) -> Option<&'a str> {
        crate::display::home_field(&self.form, f).map(|i| self.form.items[i].code.as_str())
    }

    /// Updates one field's inline message, `aria-invalid` and classes; true
    /// when what it shows changed.
    pub fn patch_field(&mut self, idx: usize) -> bool {
        let code = self.form.items[idx].code.clone();
        let session = &self.session;
        let list = self.display.field(session, idx);
        let carried = self.display.carried(session, idx);
        let mut signature: String = list.iter().map(|f| format!("{}|{}\n", f.rule, f.message.get(self.lang))).collect();
        if carried {
            signature.push_str("carried");
        }
        if signature == self.shown[idx] {
            return false;
        }
        let Some(msg) = self.els.id(&ids::message(&code)) else { return false };
        dom::set_text(&msg, "");
        let mut has_error = false;
        let mut has_warning = false;
        for f in &list {
            let class = format!("m sev-{}", f.severity.as_str());
            let prefix = severity_prefix(f.severity, self.lang);
            has_error |= f.severity == Severity::Error;
            has_warning |= f.severity == Severity::Warning;
            let line = dom::append(&self.doc, &msg, "span", &class, "");
            dom::append(&self.doc, &line, "strong", "", prefix);
            let _ = line.append_child(&self.doc.create_text_node(f.message.get(self.lang)));
            if let Some(s) = f.suggestion.as_ref().filter(|s| s.field == code && !self.read_only) {
                let label = if self.lang == Lang::En { "Use suggestion:" } else { "Dùng gợi ý:" };
                let b = dom::append(&self.doc, &line, "button", "apply", &format!("{label} {}", s.value));
                let _ = b.set_attribute("type", "button");
                let _ = b.set_attribute("data-action", "apply");
                let _ = b.set_attribute("data-field", &s.field);
                let _ = b.set_attribute("data-value", &s.value);
            }
        }
        if carried {
            // Last period's value, until the person confirms or changes it.
            let line = dom::append(&self.doc, &msg, "span", "m carried", "");
            dom::append(&self.doc, &line, "strong", "", render::ui("carried", self.lang));
            let _ =
                line.append_child(&self.doc.create_text_node(&format!(" {}", render::ui("carried-text", self.lang))));
            if !self.read_only {
                let b = dom::append(&self.doc, &line, "button", "keep", render::ui("keep", self.lang));
                let _ = b.set_attribute("type", "button");
                let _ = b.set_attribute("data-action", "keep");
                let _ = b.set_attribute("data-field", &code);
            }
        }
        if let Some(input) = self.els.input(&code) {
            for c in dom::controls(&input) {
                if has_error {
                    let _ = c.set_attribute("aria-invalid", "true");
                } else {
                    let _ = c.remove_attribute("aria-invalid");
                }
            }
        }
        if let Some(wrap) = self.els.id(&ids::field(&code)) {
            dom::toggle_class(&wrap, "has-error", has_error);
            dom::toggle_class(&wrap, "has-warning", !has_error && has_warning);
            dom::toggle_class(&wrap, "is-carried", carried);
        }
        self.shown[idx] = signature;
        true
    }

    /// Writes indicator `i`'s row (and its ratio line in the form) when what
    /// it shows changed.
    pub fn patch_indicator(&mut self, i: usize) {
        let now = render::indicator_shown(&self.session, i, self.lang);
        if self.indicators_shown.get(i) == Some(&now) {
            return;
        }
        let code = &self.form.indicators[i].code;
        if let Some(el) = self.els.id(&ids::indicator_value(code)) {
            dom::set_text(&el, &now.value);
            dom::toggle_class(&el, "invalid", now.exceeds);
        }
        if let Some(el) = self.els.id(&ids::indicator_points(code)) {
            dom::set_text(&el, now.points.as_deref().unwrap_or(render::NO_POINTS));
            dom::toggle_class(&el, "na", !self.session.counts(i));
        }
        if let Some(el) = self.els.id(&ids::ratio_output(code)) {
            dom::set_text(&el, &now.value);
        }
        self.indicators_shown[i] = now;
    }

    /// The agency group chosen (a radio): the rows that stop or start
    /// counting, then the score with the progress, and the draft.
    pub fn set_group(&mut self, id: String) {
        if self.read_only {
            return;
        }
        self.session.group = Some(id);
        for i in 0..self.form.indicators.len() {
            self.patch_indicator(i);
        }
        self.changed();
    }

    /// The total line, its group, the points per pillar and the status
    /// bar's points, each written when its text changed.
    fn patch_score(&self) {
        for (id, line) in ids::SCORE.into_iter().zip(render::score_lines(&self.session, self.lang)) {
            if let Some(el) = self.els.id(id).filter(|el| el.text_content().as_ref() != Some(&line)) {
                dom::set_text(&el, &line);
            }
        }
    }

    /// Every field, indicator, the summary and the contents.
    pub fn refresh_all(&mut self) {
        // The group's radios show the return's group (locked when read-only).
        if let Some(first) = self.els.input(ids::GROUP) {
            for r in dom::controls(&first) {
                r.set_checked(self.session.group.as_ref() == Some(&r.value()));
                r.set_disabled(self.read_only);
            }
        }
        for i in self.form.inputs().collect::<Vec<_>>() {
            self.patch_field(i);
        }
        for i in 0..self.form.indicators.len() {
            self.patch_indicator(i);
        }
        self.patch_summary();
    }

    /// Rebuilds the error summary (GOV.UK pattern), the contents statuses,
    /// the progress and the live region: one set of counts for all of them.
    pub fn patch_summary(&mut self) {
        self.patch_import_report();
        let list = self.display.summary(&self.session);
        let (errors, warnings) = counts(&list);
        let signature: String = list.iter().map(|f| format!("{}|{}\n", f.rule, f.message.get(self.lang))).collect();
        self.patch_progress();
        self.patch_contents();
        if signature != self.summary_shown {
            self.summary_shown = signature;
            self.write_summary(&list, errors, warnings);
        }
        if self.announced != Some((errors, warnings)) {
            self.announced = Some((errors, warnings));
            if let Some(live) = self.els.id(ids::LIVE) {
                dom::set_text(&live, &counts_text(self.lang, errors, warnings));
            }
        }
        if let Some(bar) = self.els.id(ids::BAR_PROBLEMS) {
            let text = if self.lang == Lang::En {
                format!("{errors} to fix · {warnings} to check")
            } else {
                format!("{errors} lỗi · {warnings} cảnh báo")
            };
            dom::set_text(&bar, &text);
        }
    }

    fn write_summary(&self, list: &[&Finding], errors: u32, warnings: u32) {
        let Some(box_) = self.els.id(ids::SUMMARY) else { return };
        dom::toggle_attr(&box_, "hidden", list.is_empty());
        if let Some(c) = self.els.id(ids::SUMMARY_COUNTS) {
            let note = if self.lang == Lang::En {
                "Warnings never block saving."
            } else {
                "Cảnh báo không ngăn việc lưu."
            };
            dom::set_text(&c, &format!("{} {note}", counts_text(self.lang, errors, warnings)));
        }
        let Some(ul) = self.els.id(ids::SUMMARY_LIST) else { return };
        dom::set_text(&ul, "");
        for f in list {
            self.append_finding(&ul, f, false);
        }
    }

    /// One problem as a list item of the summary or the import report:
    /// `data-severity`, `data-field`, and a link to its field that names the
    /// field, so that it reads alone (the report adds the severity and the
    /// file's line).
    fn append_finding(&self, ul: &Element, f: &Finding, report: bool) {
        let sev = f.severity.as_str();
        let li = dom::append(&self.doc, ul, "li", &format!("sev-{sev}"), "");
        let _ = li.set_attribute("data-severity", sev);
        if report {
            dom::append(&self.doc, &li, "strong", "", severity_prefix(f.severity, self.lang));
        }
        let at = f.line.filter(|_| report).map(|l| format!(" [{} {l}]", self.text("dòng", "line"))).unwrap_or_default();
        let msg = format!("{}{at}", f.message.get(self.lang));
        let target = self.link_target(f);
        if let Some(code) = target.or(f.fields.first().map(String::as_str)) {
            let _ = li.set_attribute("data-field", code);
        }
        let Some(code) = target else {
            let _ = li.append_child(&self.doc.create_text_node(&msg));
            return;
        };
        let item = self.form.item(code);
        let name = item.map(|i| render::field_label(i, self.lang)).unwrap_or_default();
        // A header field is named by its label alone (no internal code).
        let human = item.filter(|i| !i.header).map_or("", |i| i.human_code());
        let a = dom::append(&self.doc, &li, "a", "", "");
        let _ = a.set_attribute("href", &format!("#{}", ids::input(code)));
        let _ = a.set_attribute("data-field", code);
        let head = if human.is_empty() { name } else { format!("{human} {name}") };
        dom::append(&self.doc, &a, "span", "where", &format!("{head}: "));
        let _ = a.append_child(&self.doc.create_text_node(&msg));
    }

    /// Each section's status in the contents list: ✓, n lỗi, n chưa điền.
    fn patch_contents(&self) {
        let statuses = self.display.sections(&self.session);
        for (heading, code, _) in render::sections(&self.form, self.lang) {
            let Some(el) = self.els.id(&ids::contents_status(&code)) else { continue };
            let st = statuses.iter().find(|s| s.section == heading).copied().unwrap_or_default();
            let (text, class) = st.text(self.lang);
            dom::set_text(&el, &text);
            let _ = el.set_attribute("class", class);
        }
    }

    /// The completeness bar, the status bar's progress and total points.
    pub fn patch_progress(&self) {
        let (filled, required) = self.session.progress();
        if let Some(p) = self.els.id(ids::PROGRESS) {
            let _ = p.set_attribute("max", &required.max(1).to_string());
            let _ = p.set_attribute("value", &filled.to_string());
        }
        let text = format!("{filled}/{required}");
        if let Some(t) = self.els.id(ids::PROGRESS_TEXT) {
            dom::set_text(&t, &text);
        }
        if let Some(t) = self.els.id(ids::BAR_PROGRESS) {
            dom::set_text(&t, &format!("{} {text}", if self.lang == Lang::En { "Filled" } else { "Đã điền" }));
        }
        self.patch_score();
    }

    /// What the legacy import did: what was placed, moved and kept aside,
    /// then each thing it noted, with its severity.
    fn patch_import_report(&self) {
        let Some(report) = self.els.id(ids::IMPORT_REPORT) else { return };
        let Some(ul) = self.els.id(ids::IMPORT_LIST) else { return };
        let found = &self.session.import_findings;
        dom::toggle_attr(&report, "hidden", found.is_empty() && self.session.unplaced.is_empty());
        dom::set_text(&ul, "");
        if found.is_empty() && self.session.unplaced.is_empty() {
            return;
        }
        let placed = self.session.summary().filled;
        // R26 says a value was in the wrong column: moved, unless it was kept aside.
        let kept = |code: &str| self.session.unplaced.iter().any(|u| u.code == code);
        let moved = found.iter().filter(|f| f.rule == "R26" && f.fields.first().is_some_and(|c| !kept(c))).count();
        let aside = self.session.unplaced.len();
        let line = if self.lang == Lang::En {
            format!("{placed} values placed; {moved} moved to the figure column; {aside} kept aside, unused. Each note goes once its field is changed.")
        } else {
            format!("Đã đặt {placed} giá trị; chuyển {moved} giá trị sang cột Số liệu; giữ riêng {aside} giá trị chưa dùng. Mỗi ghi nhận mất khi bạn sửa ô đó.")
        };
        dom::append(&self.doc, &ul, "li", "overview", &line);
        for f in found {
            self.append_finding(&ul, f, true);
        }
    }

    /// Shows (and keeps, for a language switch) a notice.
    pub fn set_notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
        self.show_notice();
    }

    /// Writes the kept notice in the current language.
    pub fn show_notice(&self) {
        let Some(n) = self.els.id(ids::NOTICE) else { return };
        let Some(notice) = &self.notice else {
            dom::set_text(&n, "");
            return;
        };
        dom::set_text(&n, notice.text.get(self.lang));
        if let Some((act, key)) = notice.action.filter(|_| act_available(self, notice)) {
            let _ = n.append_child(&self.doc.create_text_node(" "));
            let label = match key {
                "undo" => self.text("Hoàn tác", "Undo"),
                "reset" => self.text("Làm lại từ đầu", "Start over"),
                "reset-confirm" => self.text("Xoá và bắt đầu lại", "Clear and start over"),
                #[cfg(not(feature = "full"))]
                "migrate" => self.text("Chuyển và mở", "Convert and open"),
                _ => key,
            };
            let b = dom::append(&self.doc, &n, "button", "btn-link", label);
            let _ = b.set_attribute("type", "button");
            let _ = b.set_attribute("data-action", act);
        }
    }

    /// Shows a failure.
    pub fn alert(&self, text: &str) {
        if let Some(a) = self.els.id(ids::ALERT) {
            dom::set_text(&a, text);
        }
    }

    /// Before a download with blank required fields: which ones, and the
    /// choice to download anyway.
    pub fn show_missing_confirmation(&mut self) {
        let Some(next) = self.els.id(ids::NEXT) else { return };
        let mut missing = String::new();
        for i in self.form.inputs().filter(|&i| self.session.required_blank(i)) {
            let item = &self.form.items[i];
            let label = render::field_label(item, self.lang);
            let code = if item.header { label.as_str() } else { item.human_code() };
            if !missing.split(", ").any(|c| c == code) {
                if !missing.is_empty() {
                    missing.push_str(", ");
                }
                missing.push_str(code);
            }
        }
        dom::set_text(&next, "");
        let _ = next.set_attribute("class", "next confirm");
        let n = self.session.summary().required_missing;
        let c = self.session.carried_count();
        let mut head = String::new();
        if n > 0 {
            head = if self.lang == Lang::En {
                format!("{n} required fields are still blank: {missing}. ")
            } else {
                format!("Còn {n} mục bắt buộc chưa điền: {missing}. ")
            };
        }
        if c > 0 {
            head += &if self.lang == Lang::En {
                format!("{c} figures from last period are not yet checked (\"From last period\"). ")
            } else {
                format!("Còn {c} số liệu từ kỳ trước chưa kiểm tra (\"Từ kỳ trước\"). ")
            };
        }
        head += self.text("Vẫn tải về? Tệp sẽ ghi rõ điều này.", "Download anyway? The file records this.");
        dom::append(&self.doc, &next, "p", "", &head);
        let b = dom::append(&self.doc, &next, "button", "btn btn-download", self.text("Vẫn tải về", "Download anyway"));
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("data-action", "download-anyway");
        let back =
            dom::append(&self.doc, &next, "a", "btn-link", self.text("Quay lại điền tiếp", "Go back and fill them in"));
        let _ = back.set_attribute("href", &format!("#{}", ids::SUMMARY));
        let _ = back.set_attribute("data-action", "to-summary");
        self.focus_later(next);
    }

    /// After a download: what to do with the file.
    pub fn show_next_steps(&mut self, name: &str, errors: u32, warnings: u32) {
        let counts = (counts_text(Lang::Vi, errors, warnings), counts_text(Lang::En, errors, warnings));
        self.set_notice(Notice {
            text: Text::new(
                format!("Đã tải về tệp {name} (ghi kèm {})", counts.0.trim_end_matches('.')),
                format!("Downloaded {name} (recording {})", counts.1.trim_end_matches('.')),
            ),
            action: None,
        });
        let Some(next) = self.els.id(ids::NEXT) else { return };
        dom::set_text(&next, "");
        let _ = next.set_attribute("class", "next done");
        let send = if errors > 0 {
            (
                format!("Tệp còn {errors} lỗi: nên sửa rồi tải lại trước khi gửi."),
                format!("The file still has {errors} errors: fix them and download again before sending."),
            )
        } else {
            (
                "Gửi tệp này, kèm bản in có chữ ký, cho cơ quan tổng hợp.".to_string(),
                "Send this file, with the signed printed copy, to the collecting office.".to_string(),
            )
        };
        let steps: [(&str, &str); 3] = [
            (&send.0, &send.1),
            (
                "\"In bản ký\" in bản để ký; mã đối chiếu ở cuối giúp khớp bản giấy với tệp.",
                "\"Print a copy to sign\"; its fingerprint matches paper and file.",
            ),
            (
                "Giữ lại tệp: kỳ sau \"Bắt đầu từ kỳ trước\" với tệp này để điền sẵn các số liệu giữ nguyên.",
                "Keep the file: next period, \"Start from last period\" with it fills in the figures that stay.",
            ),
        ];
        dom::append(&self.doc, &next, "h3", "", self.text("Việc tiếp theo", "What to do next"));
        let ol = dom::append(&self.doc, &next, "ol", "", "");
        for (vi, en) in steps {
            dom::append(&self.doc, &ol, "li", "", if self.lang == Lang::En { en } else { vi });
        }
        self.focus_later(next);
    }
}

/// The undo button is offered only while there is something to undo, and
/// "Chuyển và mở" while its migration is still offered.
fn act_available(app: &App, notice: &Notice) -> bool {
    #[cfg(not(feature = "full"))]
    if matches!(notice.action, Some(("migrate", _))) {
        return app.offer.is_some();
    }
    !matches!(notice.action, Some(("undo", _))) || app.undo.is_some()
}
