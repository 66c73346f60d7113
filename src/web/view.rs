//! Patching the page from the session: a field's message, an indicator row,
//! the summary with its counts, the contents list, the progress, notices and
//! the import report. Only nodes whose text changed are written.

use super::app::{App, Notice};
use super::dom;
use crate::display::counts;
use crate::finding::{Finding, Severity};
use crate::render::{self, ids};
use crate::text::{format_decimal, Lang, Text};

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
        let signature: String = list.iter().map(|f| format!("{}|{}\n", f.rule, f.message.get(self.lang))).collect();
        if signature == self.shown[idx] {
            return false;
        }
        let Some(msg) = self.els.id(&ids::message(&code)) else { return false };
        dom::set_text(&msg, "");
        let mut has_error = false;
        let mut has_warning = false;
        for f in &list {
            let (class, prefix) = match f.severity {
                Severity::Error => ("m sev-error", if self.lang == Lang::En { "Error: " } else { "Lỗi: " }),
                Severity::Warning => ("m sev-warning", if self.lang == Lang::En { "Warning: " } else { "Cảnh báo: " }),
                Severity::Info => ("m sev-info", if self.lang == Lang::En { "Note: " } else { "Ghi chú: " }),
            };
            has_error |= f.severity == Severity::Error;
            has_warning |= f.severity == Severity::Warning;
            let line = dom::append(&self.doc, &msg, "span", class, "");
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
        }
        self.shown[idx] = signature;
        true
    }

    /// Writes indicator `i`'s row (and its ratio line in the form) when what
    /// it shows changed.
    pub fn patch_indicator(&mut self, i: usize) {
        let now = self.session.indicator_text(i, self.lang);
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
        }
        if let Some(el) = self.els.id(&ids::ratio_output(code)) {
            dom::set_text(&el, &now.value);
        }
        self.indicators_shown[i] = now;
    }

    /// Every field, indicator, the summary and the contents.
    pub fn refresh_all(&mut self) {
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
            let sev = f.severity.as_str();
            let li = dom::append(&self.doc, &ul, "li", &format!("sev-{sev}"), "");
            let _ = li.set_attribute("data-severity", sev);
            let msg = f.message.get(self.lang);
            let target = self.link_target(f);
            if let Some(code) = target.or(f.fields.first().map(String::as_str)) {
                let _ = li.set_attribute("data-field", code);
            }
            match target {
                Some(code) => {
                    // The link names its field, so that it reads alone.
                    let item = self.form.item(code);
                    let name = item.map(|i| render::field_label(i, self.lang)).unwrap_or_default();
                    // A header field is named by its label alone (no internal code).
                    let human = item.filter(|i| !i.header).map_or("", |i| i.human_code());
                    let a = dom::append(&self.doc, &li, "a", "", "");
                    let _ = a.set_attribute("href", &format!("#{}", ids::input(code)));
                    let _ = a.set_attribute("data-field", code);
                    let head = if human.is_empty() { name } else { format!("{human} {name}") };
                    dom::append(&self.doc, &a, "span", "where", &format!("{head}: "));
                    let _ = a.append_child(&self.doc.create_text_node(msg));
                }
                None => {
                    let _ = li.append_child(&self.doc.create_text_node(msg));
                }
            }
        }
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
        if let Some(t) = self.els.id(ids::BAR_POINTS) {
            let (got, max) = self.session.points_total();
            let unit = if self.lang == Lang::En { "provisional points" } else { "điểm tạm tính" };
            dom::set_text(
                &t,
                &format!(
                    "{} / {} {unit}",
                    format_decimal(got.round_dp(1), self.lang),
                    format_decimal(max.round_dp(0), self.lang)
                ),
            );
        }
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
            format!("{placed} values placed in the form; {moved} moved from the evidence or notes column to the figure column; {aside} kept aside, not used (listed below). These notes count in the errors and warnings above; each goes once you change the value of its field.")
        } else {
            format!("Đã đặt {placed} giá trị vào biểu mẫu; {moved} giá trị được chuyển từ cột Tài liệu kiểm chứng/Ghi chú sang cột Số liệu; {aside} giá trị được giữ riêng, chưa dùng (xem bên dưới). Các ghi nhận này đã tính trong tổng số lỗi, cảnh báo ở trên; mỗi ghi nhận mất đi khi bạn sửa giá trị ở ô đó.")
        };
        dom::append(&self.doc, &ul, "li", "overview", &line);
        for f in found {
            let sev = f.severity.as_str();
            let li = dom::append(&self.doc, &ul, "li", &format!("sev-{sev}"), "");
            let _ = li.set_attribute("data-severity", sev);
            let prefix = match (f.severity, self.lang) {
                (Severity::Error, Lang::En) => "Error: ",
                (Severity::Warning, Lang::En) => "Warning: ",
                (Severity::Info, Lang::En) => "Note: ",
                (Severity::Error, _) => "Lỗi: ",
                (Severity::Warning, _) => "Cảnh báo: ",
                (Severity::Info, _) => "Ghi chú: ",
            };
            dom::append(&self.doc, &li, "strong", "", prefix);
            let at = f
                .line
                .map(|l| format!(" [{} {l}]", if self.lang == Lang::En { "line" } else { "dòng" }))
                .unwrap_or_default();
            let text = format!("{}{at}", f.message.get(self.lang));
            match self.link_target(f) {
                Some(code) => {
                    let a = dom::append(&self.doc, &li, "a", "", &text);
                    let _ = a.set_attribute("href", &format!("#{}", ids::input(code)));
                    let _ = a.set_attribute("data-field", code);
                }
                None => {
                    let _ = li.append_child(&self.doc.create_text_node(&text));
                }
            }
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
        let head = if self.lang == Lang::En {
            format!(
                "{n} required fields are still blank: {}. Download anyway? The file records what is missing.",
                missing
            )
        } else {
            format!("Còn {n} mục bắt buộc chưa điền: {}. Vẫn tải về? Tệp sẽ ghi rõ các mục còn thiếu.", missing)
        };
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
        let saved = (
            format!("Trình duyệt đã lưu tệp {name} (thường trong thư mục Tải về / Downloads)."),
            format!("The browser saved {name} (usually in the Downloads folder)."),
        );
        let send = if errors > 0 {
            (
                format!("Tệp còn {errors} lỗi. Nên sửa các mục trong khung \"Có vấn đề cần kiểm tra\" rồi tải lại trước khi gửi; nếu gửi ngay, cơ quan tổng hợp sẽ thấy các lỗi này."),
                format!("The file still has {errors} errors. Fix the items listed under \"There is a problem\" and download again before sending; sent as it is, the collecting office will see them."),
            )
        } else {
            (
                "Gửi tệp này cho cơ quan tổng hợp (Sở Khoa học và Công nghệ) theo hướng dẫn của tỉnh, kèm bản in có chữ ký.".to_string(),
                "Send this file to the collecting office (the provincial Department of Science and Technology) as your province instructs, with the signed printed copy.".to_string(),
            )
        };
        let steps: [(&str, &str); 4] = [
            (&saved.0, &saved.1),
            (&send.0, &send.1),
            ("In bản ký bằng nút \"In bản ký\"; mã đối chiếu in ở cuối giúp cơ quan tổng hợp khớp bản giấy với tệp.", "Print the copy to sign with \"Print a copy to sign\"; the fingerprint printed at its end lets the office match paper and file."),
            ("Giữ lại tệp: kỳ sau có thể mở lại (\"Mở bản đã lưu\") để bắt đầu nhanh hơn.", "Keep the file: next period you can open it (\"Open a saved return\") to start faster."),
        ];
        dom::append(&self.doc, &next, "h3", "", self.text("Việc tiếp theo", "What to do next"));
        let ol = dom::append(&self.doc, &next, "ol", "", "");
        for (vi, en) in steps {
            dom::append(&self.doc, &ol, "li", "", if self.lang == Lang::En { en } else { vi });
        }
        self.focus_later(next);
    }
}

/// The undo button is offered only while there is something to undo.
fn act_available(app: &App, notice: &Notice) -> bool {
    !matches!(notice.action, Some(("undo", _))) || app.undo.is_some()
}
