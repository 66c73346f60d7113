//! Findings are data: a stable rule id, a severity, the field codes involved
//! and a message in Vietnamese and English. They are never exceptions.

use crate::json::Json;
use crate::json_read::{Lax, Path, ShapeError};
use crate::text::Text;

/// How serious a finding is. Only errors make the CLI exit with status 1;
/// nothing ever blocks saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The data contradict themselves or cannot be read.
    Error,
    /// Implausible or incomplete; worth a second look.
    Warning,
    /// Something the validator did on the user's behalf (a unit converted, markup removed).
    Info,
}

impl Severity {
    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// `error`, `warning` or `info`, as written in the return.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The Vietnamese word as a table shows it ("Lỗi", "Cảnh báo", "Lưu ý"),
    /// the words the pages use.
    pub fn word_vi(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Lưu ý",
        }
    }

    /// Errors first, then warnings, then notes.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }
    }

    /// The Vietnamese word shown in terminal output.
    pub fn label_vi(self) -> &'static str {
        match self {
            Severity::Error => "LỖI",
            Severity::Warning => "CẢNH BÁO",
            Severity::Info => "GHI CHÚ",
        }
    }
}

/// Where a finding came from: live validation (recomputed whenever the return
/// is read) or the legacy import (kept with the return, since the file it
/// describes is gone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Recomputed from the values on every validation.
    #[default]
    Validation,
    /// Recorded when a legacy file was imported.
    Import,
}

/// What a finding is about, so that the page can decide when to show it
/// without reading rule ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// How one field's typed text reads (`V-…`, `R27`): waits while typing.
    Value,
    /// A required field left blank (`REQ`): shown once the person checks,
    /// downloads or leaves the section.
    Required,
    /// A cross-field rule, the header's or the import's: always live.
    #[default]
    Rule,
    /// An indicator that cannot be computed as it stands (`IND`): always live.
    Indicator,
}

/// A proposed fix: put `value` into `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The field code the fix applies to.
    pub field: String,
    /// The value to type, as a person would type it.
    pub value: String,
}

/// One problem (or note) about a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id: `R1`…`R29` for PDTI.md §4, `V-…` for typed values,
    /// `REQ` for required fields, `IND` for indicators, `IMP-…`/`HDR-…` for
    /// the legacy import and the header.
    pub rule: String,
    /// Error, warning or info.
    pub severity: Severity,
    /// Field codes involved, the one to fix first.
    pub fields: Vec<String>,
    /// The message, Vietnamese and English.
    pub message: Text,
    /// A proposed fix, where one is clear.
    pub suggestion: Option<Suggestion>,
    /// Line in the imported file, for import findings.
    pub line: Option<u32>,
    /// Validation (default, omitted) or import.
    pub origin: Origin,
    /// What the finding is about (not written to the return: it follows
    /// from where the finding was made).
    pub kind: Kind,
}

impl Finding {
    /// A validation finding with no suggestion and no line.
    pub fn new(rule: &str, severity: Severity, fields: Vec<String>, message: Text) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            fields,
            message,
            suggestion: None,
            line: None,
            origin: Origin::Validation,
            kind: Kind::Rule,
        }
    }

    /// The same finding, of `kind`.
    pub fn of_kind(mut self, kind: Kind) -> Finding {
        self.kind = kind;
        self
    }

    /// The finding as written in the return: `suggestion` and `line` only
    /// when present, `origin` only for import findings.
    pub fn into_json(self) -> Json<'static> {
        let mut o = vec![
            ("rule", Json::from(self.rule)),
            ("severity", self.severity.as_str().into()),
            ("fields", Json::Array(self.fields.into_iter().map(Json::from).collect())),
            ("message", Json::object([("vi", Json::from(self.message.vi)), ("en", self.message.en.into())])),
        ];
        if let Some(s) = self.suggestion {
            o.push(("suggestion", Json::object([("field", Json::from(s.field)), ("value", s.value.into())])));
        }
        if let Some(line) = self.line {
            o.push(("line", line.into()));
        }
        if self.origin == Origin::Import {
            o.push(("origin", "import".into()));
        }
        Json::object(o)
    }

    /// Reads a finding written by [`Finding::into_json`].
    pub fn from_json(v: &Json, at: Path) -> Result<Finding, ShapeError> {
        let first = std::cell::RefCell::new(None);
        let o = Lax::new(v, at, &first);
        let severity = o.str("severity");
        let origin = match o.opt_str("origin").as_deref() {
            None | Some("validation") => Origin::Validation,
            Some("import") => Origin::Import,
            Some(_) => {
                o.fail("origin", "expected \"validation\" or \"import\"");
                Origin::Validation
            }
        };
        let rule = o.str("rule");
        let severity = Severity::parse(&severity).unwrap_or_else(|| {
            o.fail("severity", "expected error, warning or info");
            Severity::Info
        });
        let f = Finding {
            rule,
            severity,
            fields: o.list("fields", crate::json_read::string),
            message: o.text("message"),
            suggestion: o.opt_obj("suggestion", |s| Suggestion { field: s.str("field"), value: s.str("value") }),
            line: o.opt_u32("line"),
            origin,
            kind: Kind::Rule,
        };
        crate::json_read::lax_result(f, first)
    }

    /// The same finding with a suggested fix.
    pub fn with_suggestion(mut self, field: &str, value: impl Into<String>) -> Finding {
        self.suggestion = Some(Suggestion { field: field.to_string(), value: value.into() });
        self
    }
}

/// `list` with errors first, then warnings, then notes, each group in its
/// original order (a stable sort by severity, without sorting code).
pub fn most_severe_first<'a>(list: &[&'a Finding]) -> Vec<&'a Finding> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .flat_map(|s| list.iter().filter(move |f| f.severity == s).copied())
        .collect()
}

/// Counts that summarise a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Error-severity findings.
    pub errors: u32,
    /// Warning-severity findings.
    pub warnings: u32,
    /// Info findings.
    pub infos: u32,
    /// Input fields that hold a value (readable or not).
    pub filled: u32,
    /// Input fields that are required for this agency.
    pub required: u32,
    /// Required fields still blank.
    pub required_missing: u32,
}

impl Summary {
    /// The summary as written in the return (camelCase keys).
    pub fn to_json(&self) -> Json<'static> {
        Json::object([
            ("errors", self.errors.into()),
            ("warnings", self.warnings.into()),
            ("infos", self.infos.into()),
            ("filled", self.filled.into()),
            ("required", self.required.into()),
            ("requiredMissing", self.required_missing.into()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_severe_first_groups_by_severity_and_keeps_the_order_within_each() {
        let f = |rule: &str, severity| Finding::new(rule, severity, vec![], Text::new("", ""));
        let all = [f("a", Severity::Info), f("b", Severity::Error), f("c", Severity::Warning), f("d", Severity::Error)];
        let refs: Vec<&Finding> = all.iter().collect();
        let rules: Vec<&str> = most_severe_first(&refs).iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["b", "d", "c", "a"]);
    }
}
