//! When the page shows which finding: the GOV.UK pattern "reward early,
//! punish late", as plain Rust so that it is tested natively.
//!
//! - A message about how a field's own text reads ([`Kind::Value`]) waits
//!   while the person types. It shows when they leave the field, or after a
//!   pause when the text can never become valid (`abc`); text on its way to
//!   a valid value (`1.04` before `1.045`) gets none until they leave. A
//!   message already shown is updated at each keystroke, so it goes away the
//!   moment the text becomes valid.
//! - A blank required field ([`Kind::Required`]) is reported once the
//!   person checks the whole return, downloads it, or leaves its section.
//! - A cross-field rule's or an indicator's message waits the same way
//!   while a field is typed in (only that field's value changes then): one
//!   a field did not show before shows after a pause or when the field is
//!   left (typing `150` into a total never flashes "100 > 1" on the way);
//!   one already shown is kept up to date at each keystroke. What the
//!   import recorded is live.
//!
//! The same visible findings give the summary and its counts, so that the
//! page shows one set of counts.

use crate::engine::{Change, Session};
use crate::finding::{most_severe_first, Finding, Kind, Severity};
use crate::text::Lang;
use crate::value::{could_become_valid, parse};
use std::cell::Cell;

/// Where the person is with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Moment {
    /// Not being typed in: never typed, or left.
    #[default]
    Settled,
    /// Keystrokes are arriving.
    Typing,
    /// The person stopped typing for a moment without leaving the field.
    Paused,
}

/// What the page has been told about the person's progress, and so what
/// it may show.
#[derive(Debug, Clone)]
pub struct Display {
    moment: Vec<Moment>,
    /// Text typed on its way to a valid value (`11.362.`), not yet given to
    /// the session: the session keeps the last value that read, so no rule
    /// or indicator flickers while the person types.
    held: Vec<Option<String>>,
    /// The field shows a message about its own text now.
    value_shown: Vec<bool>,
    /// The field shows a rule's or an indicator's message now.
    rule_shown: Vec<bool>,
    /// A field is being typed in (keystrokes arriving, no pause yet).
    typing: bool,
    /// A rule's message waits for the typing to pause or end (set where
    /// visibility is decided; cheaper in the wasm than a list of fields).
    waiting: Cell<bool>,
    /// Sections (by the index of their heading item) the person has left.
    left_sections: Vec<bool>,
    /// Everything is shown: after "check", a download or an import.
    all: bool,
}

impl Display {
    /// The policy for a form of `items` items, nothing shown yet.
    pub fn new(items: usize) -> Display {
        Display {
            moment: vec![Moment::Settled; items],
            held: vec![None; items],
            value_shown: vec![false; items],
            rule_shown: vec![false; items],
            typing: false,
            waiting: Cell::new(false),
            left_sections: vec![false; items],
            all: false,
        }
    }

    /// A keystroke in field `idx`, which now holds `text`. The session
    /// gets the text unless it is on its way to a valid value (then it is
    /// held until the person leaves the field); the change, when it got it.
    pub fn typed(&mut self, s: &mut Session, idx: usize, text: &str) -> Option<Change> {
        self.moment[idx] = Moment::Typing;
        self.typing = true;
        let item = &s.form().items[idx];
        let kind = item.value_kind()?;
        let reads = !parse(text, kind, item.hints).notes.iter().any(|n| n.severity == Severity::Error);
        if !reads && could_become_valid(text, kind, item.hints) {
            self.held[idx] = Some(text.to_string());
            return None;
        }
        self.held[idx] = None;
        let code = item.code.clone();
        s.set(&code, text).ok()
    }

    /// Whether field `idx` shows the mark "từ kỳ trước": its value came from
    /// last period and is neither confirmed nor changed, and nothing else is
    /// being typed into it.
    pub fn carried(&self, s: &Session, idx: usize) -> bool {
        s.is_carried(idx) && self.held[idx].is_none()
    }

    /// Text typed into field `idx` and not yet given to the session.
    pub fn held(&self, idx: usize) -> Option<&str> {
        self.held[idx].as_deref()
    }

    /// The person paused in field `idx`; true when this may change what it shows.
    pub fn paused(&mut self, idx: usize) -> bool {
        let was = self.moment[idx] == Moment::Typing;
        if was {
            self.moment[idx] = Moment::Paused;
            self.typing = false;
        }
        was
    }

    /// Whether a rule's message waited while the person typed and may show
    /// now (after [`Display::paused`] or [`Display::left`]): the page then
    /// redraws its messages.
    pub fn take_waiting(&mut self) -> bool {
        self.waiting.replace(false)
    }

    /// The person left field `idx` (or its text was committed, as a
    /// `change` event does): held text goes to the session.
    pub fn left(&mut self, s: &mut Session, idx: usize) -> Option<Change> {
        self.moment[idx] = Moment::Settled;
        self.typing = false;
        let text = self.held[idx].take()?;
        let code = s.form().items[idx].code.clone();
        s.set(&code, &text).ok()
    }

    /// Gives the session every held text (check, download, page closing);
    /// the fields that changed.
    pub fn commit_all(&mut self, s: &mut Session) -> Vec<usize> {
        let held: Vec<usize> = (0..self.held.len()).filter(|&i| self.held[i].is_some()).collect();
        for &i in &held {
            self.left(s, i);
        }
        held
    }

    /// The person left the section whose heading is item `section`; true
    /// when this is the first time.
    pub fn left_section(&mut self, section: usize) -> bool {
        !std::mem::replace(&mut self.left_sections[section], true)
    }

    /// Show everything from now on (check, download, import); call
    /// [`Display::commit_all`] first.
    pub fn show_all(&mut self) {
        self.all = true;
        self.typing = false;
        self.moment.iter_mut().for_each(|m| *m = Moment::Settled);
    }

    /// Whether everything is shown.
    pub fn shows_all(&self) -> bool {
        self.all
    }

    /// Back to a fresh start (a new or replaced return), showing everything
    /// when `all`.
    pub fn reset(&mut self, all: bool) {
        let n = self.moment.len();
        *self = Display::new(n);
        self.all = all;
    }

    /// Whether `f`, about field `idx`, is shown now.
    pub fn visible(&self, s: &Session, f: &Finding, idx: usize) -> bool {
        match f.kind {
            // While a field is typed in, only its value changes: a rule's
            // message not shown before is one the typing brought.
            Kind::Rule | Kind::Indicator => {
                let shown = self.rule_shown[idx] || !self.typing;
                if !shown {
                    self.waiting.set(true);
                }
                shown
            }
            Kind::Required => self.all || self.left_sections[section_of(s.form(), idx)],
            Kind::Value => match self.moment[idx] {
                Moment::Settled => true,
                Moment::Typing => self.value_shown[idx] && !self.could_become(s, idx),
                Moment::Paused => !self.could_become(s, idx),
            },
        }
    }

    fn could_become(&self, s: &Session, idx: usize) -> bool {
        let item = &s.form().items[idx];
        let text = self.held[idx].as_deref().unwrap_or(s.input_at(idx));
        item.value_kind().is_none_or(|k| could_become_valid(text, k, item.hints))
    }

    /// The messages field `idx` shows now, most severe first (what the
    /// import recorded about it included), and remembers whether one is
    /// about its own text.
    pub fn field<'a>(&mut self, s: &'a Session, idx: usize) -> Vec<&'a Finding> {
        // Each finding shows at one field, the one to fix (a cross-check of
        // 3.1.1 with its a, b, c shows once, not four times).
        let list: Vec<&Finding> =
            s.findings_iter().filter(|f| home_field(s.form(), f) == Some(idx) && self.visible(s, f, idx)).collect();
        self.value_shown[idx] = list.iter().any(|f| f.kind == Kind::Value);
        self.rule_shown[idx] = list.iter().any(|f| matches!(f.kind, Kind::Rule | Kind::Indicator));
        most_severe_first(&list)
    }

    /// The error summary: every error and warning shown now, most severe first.
    pub fn summary<'a>(&self, s: &'a Session) -> Vec<&'a Finding> {
        let form = s.form();
        let list: Vec<&Finding> = s
            .findings_iter()
            .filter(|f| f.severity != Severity::Info)
            .filter(|f| f.fields.first().and_then(|c| form.index_of(c)).is_none_or(|i| self.visible(s, f, i)))
            .collect();
        most_severe_first(&list)
    }

    /// Errors and blank required fields per section shown now, for the
    /// contents list: `(section heading index, errors, warnings, blank required)`.
    pub fn sections(&self, s: &Session) -> Vec<SectionStatus> {
        let form = s.form();
        let mut out: Vec<SectionStatus> = Vec::new();
        let status = |out: &mut Vec<SectionStatus>, section: usize| -> usize {
            match out.iter().position(|x| x.section == section) {
                Some(p) => p,
                None => {
                    out.push(SectionStatus { section, ..SectionStatus::default() });
                    out.len() - 1
                }
            }
        };
        for i in form.inputs() {
            let p = status(&mut out, section_of(form, i));
            out[p].blank += u32::from(s.required_blank(i));
            out[p].filled += u32::from(!s.input_at(i).trim().is_empty());
            out[p].carried += u32::from(self.carried(s, i));
        }
        for f in self.summary(s) {
            let Some(i) = home_field(form, f) else { continue };
            let p = status(&mut out, section_of(form, i));
            match f.severity {
                Severity::Error => out[p].errors += 1,
                Severity::Warning => out[p].warnings += 1,
                Severity::Info => {}
            }
            // A blank required field shown as an error is counted once, as an error.
            if f.kind == Kind::Required {
                out[p].blank -= 1;
            }
        }
        out
    }
}

/// How far one section is, for the contents list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SectionStatus {
    /// The index of the section's heading item (or of the header's first field).
    pub section: usize,
    /// Errors shown now (blank required fields shown as errors included).
    pub errors: u32,
    /// Warnings shown now.
    pub warnings: u32,
    /// Required fields still blank and not yet shown as errors.
    pub blank: u32,
    /// Fields filled.
    pub filled: u32,
    /// Figures from last period not yet confirmed or changed.
    pub carried: u32,
}

/// The section field `idx` belongs to, by the index of its heading item;
/// the header fields (agency, period, cover letter) are one section, 0.
pub fn section_of(form: &crate::form::Form, idx: usize) -> usize {
    let item = &form.items[idx];
    if item.header {
        0
    } else {
        item.section
    }
}

impl SectionStatus {
    /// What the contents list says of the section, and its class:
    /// `1 lỗi · 5 chưa điền` (bad), `3 chưa điền` (todo), `✓` (ok), or, for
    /// a section with nothing required and nothing filled yet, that it is
    /// optional.
    pub fn text(&self, lang: Lang) -> (String, &'static str) {
        let en = lang == Lang::En;
        let mut parts: Vec<String> = Vec::new();
        if self.errors > 0 {
            parts.push(if en { format!("{} to fix", self.errors) } else { format!("{} lỗi", self.errors) });
        }
        if self.warnings > 0 {
            parts.push(if en {
                format!("{} to check", self.warnings)
            } else {
                format!("{} cảnh báo", self.warnings)
            });
        }
        if self.blank > 0 {
            parts.push(if en { format!("{} blank", self.blank) } else { format!("{} chưa điền", self.blank) });
        }
        if self.carried > 0 {
            parts.push(if en {
                format!("{} from last period", self.carried)
            } else {
                format!("{} từ kỳ trước", self.carried)
            });
        }
        let class = if self.errors > 0 {
            "status bad"
        } else if self.warnings > 0 {
            "status warn"
        } else if self.blank > 0 || self.carried > 0 || self.filled == 0 {
            "status todo"
        } else {
            "status ok"
        };
        let text = match (parts.is_empty(), self.filled, en) {
            (false, _, _) => {
                let mut text = String::new();
                for p in parts {
                    if !text.is_empty() {
                        text.push_str(" · ");
                    }
                    text.push_str(&p);
                }
                text
            }
            // Nothing required here: ✓ once something is filled.
            (true, 0, true) => "optional, blank".into(),
            (true, 0, false) => "không bắt buộc, chưa điền".into(),
            (true, _, _) => "✓".into(),
        };
        (text, class)
    }
}

/// The field a finding is shown at and its summary link goes to: the first
/// of its fields that takes input (the one to fix first), else the field its
/// fix is for (the import's `6.1.1.a = 875` about the computed row 6.1.1).
pub fn home_field(form: &crate::form::Form, f: &Finding) -> Option<usize> {
    let input = |c: &String| form.index_of(c).filter(|&i| form.items[i].value_kind().is_some());
    f.fields.iter().find_map(input).or_else(|| f.suggestion.as_ref().and_then(|x| input(&x.field)))
}

/// Errors and warnings in `list`.
pub fn counts(list: &[&Finding]) -> (u32, u32) {
    let errors = list.iter().filter(|f| f.severity == Severity::Error).count() as u32;
    let warnings = list.iter().filter(|f| f.severity == Severity::Warning).count() as u32;
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;
    use std::sync::Arc;

    fn setup() -> (Session, Display) {
        let s = Session::new(Arc::new(Form::pdti_2023()));
        let d = Display::new(s.form().items.len());
        (s, d)
    }

    fn idx(s: &Session, code: &str) -> usize {
        s.form().index_of(code).unwrap()
    }

    /// Types `text` key by key into `code`, returning what the field showed
    /// after each key.
    fn type_keys(s: &mut Session, d: &mut Display, code: &str, text: &str) -> Vec<Vec<String>> {
        let i = idx(s, code);
        let mut shown = Vec::new();
        let mut typed = String::new();
        for c in text.chars() {
            typed.push(c);
            d.typed(s, i, &typed);
            shown.push(d.field(s, i).iter().map(|f| f.rule.clone()).collect());
        }
        shown
    }

    #[test]
    fn a_normal_number_typed_key_by_key_shows_nothing_on_the_way() {
        let (mut s, mut d) = setup();
        for (code, text) in [("I.1", "1.045"), ("5.11.1.a", "11.362.000"), ("5.11.2", "2 tỷ 500 triệu")] {
            let shown = type_keys(&mut s, &mut d, code, text);
            assert!(shown.iter().all(Vec::is_empty), "{code} {text}: {shown:?}");
            assert!(d.summary(&s).iter().all(|f| f.fields[0] != code), "{code}");
        }
        assert_eq!(s.value("5.11.2"), Some(&crate::value::Value::Money(2_500_000_000u64.into())));
    }

    /// The rules shown at field `code` now.
    fn rules_at(s: &Session, d: &mut Display, code: &str) -> Vec<String> {
        let i = idx(s, code);
        d.field(s, i).iter().filter(|f| f.kind == Kind::Rule).map(|f| f.rule.clone()).collect()
    }

    #[test]
    fn a_cross_field_warning_waits_for_the_number_being_typed_and_then_never_flickers() {
        let (mut s, mut d) = setup();
        let c = idx(&s, "5.11.1.c");
        // R23d (spending without its total, shown at the total) does not
        // appear at the first digit of the spending ...
        let mut typed = String::new();
        for key in "11.362.000".chars() {
            typed.push(key);
            d.typed(&mut s, c, &typed);
            assert!(rules_at(&s, &mut d, "5.11.1.a").is_empty(), "after {typed}");
        }
        // ... but when the field is left: the total's message waited.
        d.left(&mut s, c);
        assert!(d.take_waiting());
        assert_eq!(rules_at(&s, &mut d, "5.11.1.a"), ["R23d"]);
        // Typed again, it holds from the first key to the last; a prefix such
        // as "11.362." never makes it go and come back.
        typed.clear();
        for key in "12.000.000".chars() {
            typed.push(key);
            d.typed(&mut s, c, &typed);
            assert_eq!(rules_at(&s, &mut d, "5.11.1.a"), ["R23d"], "after {typed}");
        }
    }

    #[test]
    fn a_total_typed_key_by_key_never_flashes_its_sub_count_on_the_way() {
        let (mut s, mut d) = setup();
        let total = idx(&s, "3.1.1");
        s.set("3.1.1.a", "100").unwrap();
        // 1 and 15 are less than 100: R5 would say so at 3.1.1.a.
        for (k, typed) in ["1", "15", "150"].into_iter().enumerate() {
            d.typed(&mut s, total, typed);
            assert!(rules_at(&s, &mut d, "3.1.1.a").is_empty(), "after {typed}");
            assert!(d.summary(&s).iter().all(|f| f.rule != "R5"), "after {typed}");
            assert_eq!(s.findings_iter().any(|f| f.rule == "R5"), k < 2, "the session itself is live");
        }
        // Left at 150: nothing to show, then or later.
        d.left(&mut s, total);
        assert!(rules_at(&s, &mut d, "3.1.1.a").is_empty());
        assert!(d.summary(&s).iter().all(|f| f.rule != "R5"));
    }

    #[test]
    fn a_cross_field_warning_shows_after_a_pause_and_then_follows_the_keys() {
        let (mut s, mut d) = setup();
        let (sub, total) = (idx(&s, "3.1.1.a"), idx(&s, "3.1.1"));
        s.set("3.1.1.a", "100").unwrap();
        d.typed(&mut s, total, "1");
        assert!(rules_at(&s, &mut d, "3.1.1.a").is_empty());
        // The person stops at 1: the page asks which fields waited.
        assert!(d.paused(total));
        assert!(d.take_waiting());
        assert!(!d.take_waiting(), "taken once");
        let shown = d.field(&s, sub);
        assert_eq!(shown[0].rule, "R5");
        assert!(shown[0].message.vi.contains("(1)"), "{}", shown[0].message.vi);
        // Shown once, it is kept up to date key by key and goes when mended.
        d.typed(&mut s, total, "15");
        assert!(d.field(&s, sub)[0].message.vi.contains("(15)"));
        d.typed(&mut s, total, "150");
        assert!(rules_at(&s, &mut d, "3.1.1.a").is_empty());
    }

    #[test]
    fn a_format_problem_shows_when_the_field_is_left_and_goes_at_the_fixing_key() {
        let (mut s, mut d) = setup();
        let i = idx(&s, "I.1");
        type_keys(&mut s, &mut d, "I.1", "1,5");
        assert!(d.field(&s, i).is_empty(), "1,5 may still become 1,500");
        assert_eq!(d.held(i), Some("1,5"));
        d.left(&mut s, i);
        assert_eq!(s.input("I.1"), Some("1,5"));
        assert_eq!(d.field(&s, i)[0].rule, "R27");
        assert!(d.field(&s, i)[0].suggestion.is_none(), "no suggestion that drops the ,5");
        // Back in the field: a prefix hides the message, a valid value clears it.
        d.typed(&mut s, i, "1,");
        assert!(d.field(&s, i).is_empty(), "1, may still become 1,000: the message goes");
        d.typed(&mut s, i, "1");
        assert!(d.field(&s, i).is_empty());
        assert_eq!(s.input("I.1"), Some("1"));
    }

    #[test]
    fn text_that_can_never_be_valid_shows_after_a_pause_not_at_the_keystroke() {
        let (mut s, mut d) = setup();
        let i = idx(&s, "I.1");
        let shown = type_keys(&mut s, &mut d, "I.1", "abc");
        assert!(shown.iter().all(Vec::is_empty));
        assert!(d.paused(i));
        assert_eq!(d.field(&s, i)[0].rule, "R27");
        // Once shown, it is kept up to date key by key, and goes when fixed.
        d.typed(&mut s, i, "abcd");
        assert_eq!(d.field(&s, i)[0].rule, "R27");
        d.typed(&mut s, i, "4");
        assert!(d.field(&s, i).is_empty());
    }

    #[test]
    fn a_prefix_waits_even_after_a_pause() {
        let (mut s, mut d) = setup();
        let i = idx(&s, "5.11.1.c");
        type_keys(&mut s, &mut d, "5.11.1.c", "11.362.");
        d.paused(i);
        assert!(d.field(&s, i).iter().all(|f| f.kind != Kind::Value));
    }

    #[test]
    fn blank_required_fields_show_after_check_or_leaving_their_section_not_on_tabbing() {
        let (mut s, mut d) = setup();
        let i = idx(&s, "I.1");
        d.left(&mut s, i);
        assert!(d.field(&s, i).is_empty(), "tabbing through a field does not flag it");
        assert!(d.summary(&s).is_empty());
        assert!(d.left_section(section_of(s.form(), i)));
        assert_eq!(d.field(&s, i)[0].rule, "REQ");
        assert_eq!(d.field(&s, i)[0].severity, Severity::Error);
        // Other sections are not flagged yet.
        let other = idx(&s, "3.1.1");
        assert!(d.field(&s, other).is_empty());
        d.show_all();
        assert_eq!(d.field(&s, other)[0].rule, "REQ");
    }

    #[test]
    fn the_header_fields_are_one_section() {
        let (s, mut d) = setup();
        let (from, to) = (idx(&s, "period.from"), idx(&s, "period.to"));
        assert_eq!(section_of(s.form(), from), section_of(s.form(), to));
        let header = d.sections(&s).into_iter().find(|x| x.section == 0).unwrap();
        assert_eq!(header.blank, 3, "agency, from, to");
        d.left_section(section_of(s.form(), from));
        assert_eq!(d.field(&s, idx(&s, "agency.name"))[0].rule, "REQ");
    }

    #[test]
    fn the_contents_say_what_is_left_in_each_section() {
        let st =
            |errors, warnings, blank, filled| SectionStatus { section: 0, errors, warnings, blank, filled, carried: 0 };
        assert_eq!(st(1, 0, 5, 2).text(Lang::Vi), ("1 lỗi · 5 chưa điền".into(), "status bad"));
        assert_eq!(st(0, 2, 0, 4).text(Lang::Vi), ("2 cảnh báo".into(), "status warn"));
        assert_eq!(st(1, 2, 0, 4).text(Lang::Vi), ("1 lỗi · 2 cảnh báo".into(), "status bad"));
        assert_eq!(st(0, 0, 3, 0).text(Lang::Vi), ("3 chưa điền".into(), "status todo"));
        assert_eq!(st(0, 0, 0, 4).text(Lang::Vi), ("✓".into(), "status ok"));
        assert_eq!(st(0, 0, 0, 0).text(Lang::En), ("optional, blank".into(), "status todo"));
        assert_eq!(st(2, 1, 1, 1).text(Lang::En), ("2 to fix · 1 to check · 1 blank".into(), "status bad"));
        // Figures from last period not yet checked: never a ✓.
        let carried = SectionStatus { carried: 9, ..st(0, 0, 1, 12) };
        assert_eq!(carried.text(Lang::Vi), ("1 chưa điền · 9 từ kỳ trước".into(), "status todo"));
        assert_eq!(
            SectionStatus { carried: 2, ..st(0, 0, 0, 12) }.text(Lang::En),
            ("2 from last period".into(), "status todo")
        );
    }

    #[test]
    fn a_section_started_from_last_period_counts_its_unchecked_figures_until_each_is_kept_or_changed() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/complete-return.json"))
            .unwrap();
        let last = crate::document::read(&text, &Arc::new(Form::pdti_2023())).unwrap().session;
        let mut s = Session::start_from(&last);
        let d = Display::new(s.form().items.len());
        let section = section_of(s.form(), idx(&s, "I.1"));
        let of = |s: &Session| d.sections(s).into_iter().find(|x| x.section == section).unwrap().carried;
        let before = of(&s);
        assert!(before >= 5, "{before}");
        s.confirm("I.1");
        s.set("I.2", "41").unwrap();
        assert_eq!(of(&s), before - 2);
    }

    #[test]
    fn a_cross_check_shows_once_at_the_field_to_fix() {
        let (mut s, mut d) = setup();
        s.set("6.2.d", "12").unwrap();
        s.set("6.2.đ", "14").unwrap();
        assert!(d.field(&s, idx(&s, "6.2.đ")).iter().any(|f| f.rule == "R15b"));
        assert!(d.field(&s, idx(&s, "6.2.d")).iter().all(|f| f.rule != "R15b"));
    }

    #[test]
    fn a_cross_field_rule_shows_when_its_field_is_left_and_stays_while_others_are_typed() {
        let (mut s, mut d) = setup();
        s.set("6.2.d", "12").unwrap();
        let shown = type_keys(&mut s, &mut d, "6.2.đ", "14");
        assert!(shown.iter().all(Vec::is_empty), "{shown:?}");
        let i = idx(&s, "6.2.đ");
        d.left(&mut s, i);
        assert!(d.field(&s, i).iter().any(|f| f.rule == "R15b"));
        // Typing a field the rule does not read leaves it as it is.
        type_keys(&mut s, &mut d, "I.1", "45");
        assert!(d.field(&s, i).iter().any(|f| f.rule == "R15b"));
    }

    #[test]
    fn once_everything_is_shown_the_counts_are_the_returns_own() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/laichau-stp-2023h1.tsv"))
                .unwrap();
        let copy = crate::legacy::import(&text, &Arc::new(Form::pdti_2023())).unwrap().swap_remove(0);
        let mut d = Display::new(copy.session.form().items.len());
        d.show_all();
        let sum = copy.session.summary();
        assert_eq!(counts(&d.summary(&copy.session)), (sum.errors, sum.warnings));
        // The contents add up to the same counts: every finding at its field's
        // section, a blank required field once (as the error it is now).
        let by_section = d.sections(&copy.session);
        let errors: u32 = by_section.iter().map(|x| x.errors).sum();
        let warnings: u32 = by_section.iter().map(|x| x.warnings).sum();
        let blank: u32 = by_section.iter().map(|x| x.blank).sum();
        let fieldless = |sev| {
            d.summary(&copy.session)
                .iter()
                .filter(|f| f.severity == sev && home_field(copy.session.form(), f).is_none())
                .count() as u32
        };
        assert_eq!(errors, sum.errors - fieldless(Severity::Error));
        assert_eq!(warnings, sum.warnings - fieldless(Severity::Warning));
        assert_eq!(blank, 0, "every blank required field is shown as an error now");
    }
}
