//! The element ids that the markup writes and the page driver finds again:
//! one place, so that a typo cannot make the two disagree in silence.

/// The error summary box.
pub const SUMMARY: &str = "pdti-summary";
/// The summary's count line.
pub const SUMMARY_COUNTS: &str = "pdti-summary-counts";
/// The summary's list of problems.
pub const SUMMARY_LIST: &str = "pdti-summary-list";
/// The summary's heading.
pub const SUMMARY_TITLE: &str = "pdti-summary-title";
/// Notices (opened, imported, restored …).
pub const NOTICE: &str = "pdti-notice";
/// Failures (a file that cannot be read, storage that is off).
pub const ALERT: &str = "pdti-alert";
/// The polite live region.
pub const LIVE: &str = "pdti-live";
/// The completeness bar and its text.
pub const PROGRESS: &str = "pdti-progress";
/// The completeness bar's text.
pub const PROGRESS_TEXT: &str = "pdti-progress-text";
/// What the legacy import placed, moved and kept aside.
pub const IMPORT_REPORT: &str = "pdti-import-report";
/// Its list.
pub const IMPORT_LIST: &str = "pdti-import-list";
/// The box to paste the old template into.
pub const PASTE: &str = "pdti-paste";
/// The form element.
pub const FORM: &str = "pdti-form";
/// The indicator panel.
pub const INDICATORS: &str = "pdti-indicators";
/// The total line: points / maximum, percentage and level.
pub const TOTAL: &str = "pdti-total";
/// The agency group the total is computed for.
pub const TOTAL_GROUP: &str = "pdti-total-group";
/// The points per pillar.
pub const PILLARS: &str = "pdti-pillars";
/// What [`super::score_lines`] fills: the total line, its group, the
/// points per pillar and the status bar's points.
pub const SCORE: [&str; 4] = [TOTAL, TOTAL_GROUP, PILLARS, BAR_POINTS];
/// The name of the agency group's radios (`agency.group` in the return).
pub const GROUP: &str = "agency.group";
/// The indicator panel's heading.
pub const INDICATORS_TITLE: &str = "pdti-ind-title";
/// The last block of the form: check, download, print, what to do next.
pub const FINISH: &str = "pdti-finish";
/// What to do with the downloaded file.
pub const NEXT: &str = "pdti-next";
/// The document printed to sign.
pub const PRINT: &str = "pdti-print";
/// The phone's status bar: filled, errors.
pub const BAR_PROGRESS: &str = "pdti-bar-progress";
/// The status bar's problem count.
pub const BAR_PROBLEMS: &str = "pdti-bar-problems";
/// The total points shown in the status bar.
pub const BAR_POINTS: &str = "pdti-bar-points";
/// The contents list.
pub const CONTENTS: &str = "pdti-contents";

/// The input of field `code`.
pub fn input(code: &str) -> String {
    format!("in-{code}")
}

/// The inline message of field `code`.
pub fn message(code: &str) -> String {
    format!("msg-{code}")
}

/// The hint of field `code`.
pub fn hint(code: &str) -> String {
    format!("hint-{code}")
}

/// The block of field `code` (label, input, message, evidence).
pub fn field(code: &str) -> String {
    format!("f-{code}")
}

/// The evidence input of item `code`.
pub fn evidence(code: &str) -> String {
    format!("ev-{code}")
}

/// A section of the form.
pub fn section(code: &str) -> String {
    format!("sec-{code}")
}

/// A heading of a group of rows.
pub fn group(code: &str) -> String {
    format!("g-{code}")
}

/// A section's status in the contents list.
pub fn contents_status(code: &str) -> String {
    format!("toc-{code}")
}

/// An indicator's row in the panel.
pub fn indicator_row(code: &str) -> String {
    format!("ind-{code}")
}

/// An indicator's value cell.
pub fn indicator_value(code: &str) -> String {
    format!("indv-{code}")
}

/// An indicator's points cell.
pub fn indicator_points(code: &str) -> String {
    format!("indp-{code}")
}

/// An indicator's ratio line inside the form.
pub fn ratio_output(code: &str) -> String {
    format!("out-{code}")
}
