//! Findings are data: a stable rule id, a severity, the field codes involved
//! and a message in Vietnamese and English. They are never exceptions.

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Only errors make the CLI exit with status 1;
/// nothing ever blocks saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Recomputed from the values on every validation.
    #[default]
    Validation,
    /// Recorded when a legacy file was imported.
    Import,
}

impl Origin {
    fn is_validation(&self) -> bool {
        *self == Origin::Validation
    }
}

/// A proposed fix: put `value` into `field`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The field code the fix applies to.
    pub field: String,
    /// The value to type, as a person would type it.
    pub value: String,
}

/// One problem (or note) about a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// Line in the imported file, for import findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Validation (default, omitted) or import.
    #[serde(default, skip_serializing_if = "Origin::is_validation")]
    pub origin: Origin,
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
        }
    }

    /// The same finding with a suggested fix.
    pub fn with_suggestion(mut self, field: &str, value: impl Into<String>) -> Finding {
        self.suggestion = Some(Suggestion { field: field.to_string(), value: value.into() });
        self
    }
}

/// Counts that summarise a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
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
