//! Migrating a return from one version of a form to another (`pdti migrate`;
//! the collector reads an earlier version with the same fields through it).
//!
//! A migration is data, not code: one JSON file under
//! `src/forms/migrations/` (docs/definition.md, "Versions and migrations")
//! that names its source and target form versions and says, for every field
//! of the source form, what becomes of it: mapped to a field of the target
//! (with an optional note) or dropped (with a reason).
//!
//! ```json
//! { "format": "pdti-migration",
//!   "from": { "id": "pdti-2023", "version": "2023.1" },
//!   "to": { "id": "pdti-2023", "version": "2023.2" },
//!   "title": { "vi": "…", "en": "…" },
//!   "fields": {
//!     "I.1": { "to": "I.1" },
//!     "6.3.a": { "to": "6.3.a", "note": { "vi": "mức 3 → một phần", "en": "level 3 → partial" } },
//!     "9.9": { "drop": { "vi": "…", "en": "…" } } } }
//! ```
//!
//! [`Migration::check`] holds it against both definitions: every input field
//! of the source accounted for, every key a field of the source, every
//! target a field of the target of the same kind, no target given twice.
//! Each problem names its path (`fields.6.3.a.to`). [`migrate`] then moves
//! the values, evidence, notes and header of a return, rewrites its form
//! version, re-validates it against the target, and reports every field
//! mapped (with its note) and every field dropped.

use crate::document::{self, Loaded, ReadError, Source};
use crate::engine::{Previous, Session, Unplaced};
use crate::form::{Form, ItemKind, HEADER_CODES};
use crate::json::Json;
use crate::json_read::{Obj, Path, ShapeError};
use crate::str_map::StrMap;
use crate::text::Text;
use std::fmt;
use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// The `format` key of every migration file.
pub const FORMAT: &str = "pdti-migration";

/// What becomes of one field of the source form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Its value goes to this field of the target.
    To {
        /// The target field's code.
        code: String,
        /// What changes in meaning, if anything.
        note: Option<Text>,
    },
    /// Its value is not carried over, for this reason.
    Drop(Text),
}

/// One migration file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// Where it was read from (for messages).
    pub file: String,
    /// Source form id and version.
    pub from: (String, String),
    /// Target form id and version.
    pub to: (String, String),
    /// What the migration is, in a line.
    pub title: Text,
    /// Every field of the source, in the file's order.
    pub fields: Vec<(String, Step)>,
}

/// A problem with a migration file: the file, the path of the value, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationError {
    /// The migration file.
    pub file: String,
    /// The path of the offending value (`fields.6.3.a.to`), empty for the whole file.
    pub path: String,
    /// What is wrong, Vietnamese first, English in brackets.
    pub message: String,
}

impl fmt::Display for MigrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "$" } else { &self.path };
        write!(f, "{}: {path}: {}", self.file, self.message)
    }
}

impl Migration {
    /// Reads a migration file (its shape only; [`Migration::check`] holds it
    /// against the definitions).
    pub fn from_json(file: &str, text: &str) -> Result<Migration, MigrationError> {
        let shape = |e: ShapeError| MigrationError { file: file.to_string(), path: e.at, message: e.message };
        let v = Json::parse(text).map_err(|e| MigrationError {
            file: file.to_string(),
            path: String::new(),
            message: format!("không phải JSON hợp lệ, dòng {} cột {} (not valid JSON)", e.line, e.column),
        })?;
        let o = Obj::new(&v, Path::Root).map_err(shape)?;
        o.only(&["format", "from", "to", "title", "fields"]).map_err(shape)?;
        if o.str("format").map_err(shape)? != FORMAT {
            return Err(shape(o.error("format", format!("cần \"{FORMAT}\" (expected \"{FORMAT}\")"))));
        }
        let version = |key: &str| {
            o.opt_obj(key, |p| {
                p.only(&["id", "version"])?;
                Ok((p.str("id")?, p.str("version")?))
            })?
            .ok_or_else(|| o.error(key, "thiếu khoá bắt buộc (missing)"))
        };
        let from = version("from").map_err(shape)?;
        let to = version("to").map_err(shape)?;
        let title = o.text("title").map_err(shape)?;
        let fields = o
            .opt_obj("fields", |m| {
                m.each(|code, v, at| {
                    let e = Obj::new(v, at)?;
                    e.only(&["to", "note", "drop"])?;
                    let step =
                        match (e.opt_str("to")?, e.opt_text("drop")?) {
                            (Some(code), None) => Step::To { code, note: e.opt_text("note")? },
                            (None, Some(reason)) if e.value("note").is_none() => Step::Drop(reason),
                            (None, Some(_)) => {
                                return Err(e.error(
                                    "note",
                                    "một mục bỏ đi ghi lý do ở \"drop\" (a dropped field has its reason in \"drop\")",
                                ))
                            }
                            _ => return Err(Box::new(crate::json_read::Shape {
                                at: at.render(),
                                message:
                                    "cần đúng một trong \"to\" và \"drop\" (expected exactly one of \"to\", \"drop\")"
                                        .into(),
                            })),
                        };
                    Ok((code.to_string(), step))
                })
            })
            .map_err(shape)?
            .ok_or_else(|| shape(o.error("fields", "thiếu khoá bắt buộc (missing)")))?;
        Ok(Migration { file: file.to_string(), from, to, title, fields })
    }

    /// Holds the migration against its source and target definitions: every
    /// problem found, each naming its path.
    pub fn check(&self, from: &Form, to: &Form) -> Result<(), Vec<MigrationError>> {
        let mut problems = Vec::new();
        let mut problem =
            |path: String, message: String| problems.push(MigrationError { file: self.file.clone(), path, message });
        for (key, form, (id, version)) in [("from", from, &self.from), ("to", to, &self.to)] {
            if (&form.id, &form.version) != (id, version) {
                problem(
                    key.into(),
                    format!("là {id} {version}, không phải {} {} (names another form version)", form.id, form.version),
                );
            }
        }
        let field = |form: &Form, code: &str| {
            form.item(code).filter(|i| !i.header && matches!(i.kind, ItemKind::Input(_))).map(|i| i.value_kind())
        };
        let mut targets: Vec<(&str, &str)> = Vec::new();
        for (code, step) in &self.fields {
            let Some(kind) = field(from, code) else {
                problem(
                    format!("fields.{code}"),
                    format!("{} {} không có mục nhập {code} (not a field of the source form)", from.id, from.version),
                );
                continue;
            };
            let Step::To { code: target, .. } = step else { continue };
            match field(to, target) {
                None => problem(
                    format!("fields.{code}.to"),
                    format!("{} {} không có mục nhập {target} (not a field of the target form)", to.id, to.version),
                ),
                Some(k) if k != kind => problem(
                    format!("fields.{code}.to"),
                    format!("{target} nhận loại giá trị khác {code} (the target field takes another kind of value)"),
                ),
                Some(_) => {}
            }
            if let Some((first, _)) = targets.iter().find(|(_, t)| t == target) {
                problem(
                    format!("fields.{code}.to"),
                    format!("{target} đã nhận giá trị của {first} (two fields map to one)"),
                );
            }
            targets.push((code, target));
        }
        for i in from.inputs().filter(|&i| !from.items[i].header) {
            let code = &from.items[i].code;
            if !self.fields.iter().any(|(c, _)| c == code) {
                problem(
                    "fields".into(),
                    format!("thiếu mục {code}: mọi mục của biểu mẫu nguồn phải được chuyển hoặc bỏ (every field of the source must be mapped or dropped)"),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Whether it moves every field to the field of the same code and says
    /// that nothing changes in meaning: the two versions have the same
    /// fields, so their returns may be added up together.
    pub fn keeps_every_field(&self) -> bool {
        self.fields.iter().all(|(code, step)| matches!(step, Step::To { code: to, note: None } if to == code))
    }

    /// What becomes of `code` of the source form (`None` for a code the
    /// migration does not name: a header field, or none of the form's).
    pub fn step(&self, code: &str) -> Option<&Step> {
        self.fields.iter().find(|(c, _)| c == code).map(|(_, s)| s)
    }
}

/// Every migration shipped with pdti-form (`src/forms/migrations/`), read
/// once (the CLI, the collector's upgrade of older returns, the hosted
/// page's offer); the first broken one, which a test keeps from shipping.
pub fn embedded() -> Result<&'static [Migration], &'static MigrationError> {
    static READ: std::sync::OnceLock<Result<Vec<Migration>, MigrationError>> = std::sync::OnceLock::new();
    let read =
        READ.get_or_init(|| embedded::MIGRATIONS.iter().map(|(file, text)| Migration::from_json(file, text)).collect());
    read.as_deref()
}

/// Why a return could not be migrated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateError {
    /// The return cannot be read.
    Read(ReadError),
    /// No definition of the target form version.
    UnknownTarget(String),
    /// No migration from the return's form version to the target.
    NoMigration {
        /// The return's form id and version.
        from: String,
        /// The target.
        to: String,
    },
    /// The return is already of the target form version.
    AlreadyThere(String),
    /// The migration file is wrong (every problem found).
    Broken(Vec<MigrationError>),
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MigrateError::Read(e) => write!(f, "{e}"),
            MigrateError::UnknownTarget(t) => {
                write!(f, "không có định nghĩa biểu mẫu {t} để chuyển sang (unknown target form version {t})")
            }
            MigrateError::NoMigration { from, to } => {
                write!(f, "không có cách chuyển bản báo cáo từ {from} sang {to} (no migration from {from} to {to})")
            }
            MigrateError::AlreadyThere(t) => {
                write!(f, "bản báo cáo đã theo {t}, không cần chuyển (the return is already at {t})")
            }
            MigrateError::Broken(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    write!(f, "{}{p}", if i == 0 { "" } else { "\n" })?;
                }
                Ok(())
            }
        }
    }
}

/// A field of the source, as it was migrated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Its code in the source form.
    pub from: String,
    /// Its code in the target form, `None` when dropped.
    pub to: Option<String>,
    /// What it held (empty when blank).
    pub input: String,
    /// The migration's note (mapped) or reason (dropped).
    pub note: Option<Text>,
}

/// A migrated return and the report of what was done.
#[derive(Debug, Clone)]
pub struct Migrated {
    /// The return of the target form, validated.
    pub session: Session,
    /// When the return was saved, as it said.
    pub saved_at: Option<String>,
    /// Where it came from, if imported.
    pub source: Option<Source>,
    /// The migration applied.
    pub migration: Migration,
    /// Every field of the source form, in the migration's order.
    pub fields: Vec<Moved>,
    /// Evidence or notes left behind with a dropped field: (code, text).
    pub dropped_texts: Vec<Unplaced>,
}

/// `FORM@VERSION` split, or `None` when it has no `@`.
pub fn parse_target(target: &str) -> Option<(&str, &str)> {
    target.split_once('@').filter(|(id, v)| !id.is_empty() && !v.is_empty())
}

/// Migrates the return in `text` to the form `target_id` version
/// `target_version`, with the definitions in `forms` and the migrations in
/// `migrations`.
pub fn migrate(
    text: &str,
    forms: &[Arc<Form>],
    migrations: &[Migration],
    target_id: &str,
    target_version: &str,
) -> Result<Migrated, MigrateError> {
    let target_name = format!("{target_id}@{target_version}");
    let loaded = document::read_any(text, forms).map_err(MigrateError::Read)?;
    let to = forms
        .iter()
        .find(|f| f.id == target_id && f.version == target_version)
        .ok_or_else(|| MigrateError::UnknownTarget(target_name.clone()))?;
    let (id, version) = document::named_form(text);
    let from_name = format!("{id}@{version}");
    if (id.as_str(), version.as_str()) == (target_id, target_version) {
        return Err(MigrateError::AlreadyThere(target_name));
    }
    let no_migration = || MigrateError::NoMigration { from: from_name.clone(), to: target_name.clone() };
    // The return must have been read with the definition it names.
    let from = loaded.session.form();
    if (&from.id, &from.version) != (&id, &version) {
        return Err(no_migration());
    }
    let m = migrations
        .iter()
        .find(|m| {
            m.from == (id.clone(), version.clone()) && m.to == (target_id.to_string(), target_version.to_string())
        })
        .ok_or_else(no_migration)?;
    m.check(from, to).map_err(MigrateError::Broken)?;
    Ok(apply(m, loaded, to))
}

/// Migrates the return in `text` to `page`, the definition a form page was
/// handed (the hosted page's offer, `migrateReturn` of its full build): the
/// shipped definitions read the return's own version, the shipped
/// migrations move it. `page` stands in for a shipped definition of its id
/// and version, so a migration that no longer fits the page's text is
/// refused by [`Migration::check`] rather than applied.
pub fn to_form(text: &str, page: &Arc<Form>) -> Result<Migrated, MigrateError> {
    let same = |f: &Form| (f.id.as_str(), f.version.as_str()) == (page.id.as_str(), page.version.as_str());
    let mut forms: Vec<Arc<Form>> = crate::form::embedded_forms().into_iter().filter(|f| !same(f)).collect();
    forms.push(Arc::clone(page));
    let migrations = embedded().map_err(|e| MigrateError::Broken(vec![e.clone()]))?;
    migrate(text, &forms, migrations, &page.id, &page.version)
}

/// Applies a checked migration to a return read with its source form.
fn apply(m: &Migration, loaded: Loaded, to: &Arc<Form>) -> Migrated {
    let src = &loaded.session;
    let mut entries: Vec<(&str, String)> = Vec::new();
    for code in HEADER_CODES {
        if let Some(v) = src.input(code).filter(|v| !v.is_empty()) {
            entries.push((code, v.to_string()));
        }
    }
    let mut fields = Vec::new();
    for (code, step) in &m.fields {
        let input = src.input(code).unwrap_or("").to_string();
        match step {
            Step::To { code: target, note } => {
                if !input.is_empty() {
                    entries.push((target.as_str(), input.clone()));
                }
                fields.push(Moved { from: code.clone(), to: Some(target.clone()), input, note: note.clone() });
            }
            Step::Drop(reason) => {
                fields.push(Moved { from: code.clone(), to: None, input, note: Some(reason.clone()) })
            }
        }
    }
    let mut s = Session::unevaluated(Arc::clone(to));
    s.set_all_owned(entries).expect("Migration::check: every target is an input field of the target form");
    // Evidence and notes follow their field; those of a dropped field are reported.
    let mut dropped_texts = Vec::new();
    let mut moved = |map: &StrMap, column: u8| {
        let mut out = StrMap::new();
        for (k, v) in map.iter() {
            match m.step(k) {
                Some(Step::To { code, .. }) => {
                    out.insert(code.clone(), v.clone());
                }
                Some(Step::Drop(_)) => dropped_texts.push(Unplaced { code: k.clone(), column, text: v.clone() }),
                None => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    };
    s.evidence = moved(&src.evidence, Unplaced::EVIDENCE);
    s.notes = moved(&src.notes, Unplaced::NOTE);
    // A dropped field's value, evidence and note are kept aside, as text the
    // form has no field for: nothing the department typed is lost.
    s.unplaced = src.unplaced.clone();
    for f in fields.iter().filter(|f| f.to.is_none() && !f.input.is_empty()) {
        s.unplaced.push(Unplaced { code: f.from.clone(), column: Unplaced::VALUE, text: f.input.clone() });
    }
    s.unplaced.extend(dropped_texts.iter().cloned());
    s.import_findings = src
        .import_findings
        .iter()
        .cloned()
        .map(|mut f| {
            for c in &mut f.fields {
                if let Some(Step::To { code, .. }) = m.step(c) {
                    c.clone_from(code);
                }
            }
            f
        })
        .collect();
    // The agency's group, where the target has it; last period's values and
    // the figures still marked as carried from it follow their fields.
    s.group = src.group.clone().filter(|g| to.groups.iter().any(|x| &x.id == g));
    if let Some(p) = src.previous() {
        let mut previous = Previous::new(p.from, p.to, to.items.len());
        for (code, step) in &m.fields {
            let (Step::To { code: target, .. }, Some(i)) = (step, src.form().index_of(code)) else { continue };
            if let Some(j) = to.index_of(target) {
                previous.set_value(j, p.value(i).cloned());
            }
            if src.is_carried(i) {
                s.mark_carried(target);
            }
        }
        s.set_previous(Some(previous));
    }
    Migrated {
        session: s,
        saved_at: loaded.saved_at,
        source: loaded.source,
        migration: m.clone(),
        fields,
        dropped_texts,
    }
}

impl Migrated {
    /// The migrated return as `pdti validate` reads it ([`document::to_json`]).
    pub fn to_json(&self) -> String {
        document::to_json(&self.session, self.saved_at.as_deref(), self.source.as_ref())
    }

    /// What the migration does, in two sentences for a person deciding
    /// whether to open the return migrated (the page's offer): how many
    /// fields move and hold a value, which change in meaning, which are
    /// dropped (their values kept aside).
    pub fn summary(&self) -> Text {
        let mapped = self.fields.iter().filter(|f| f.to.is_some());
        let filled = mapped.clone().filter(|f| !f.input.is_empty()).count();
        let codes = |fs: Vec<&Moved>| fs.iter().map(|f| f.from.as_str()).collect::<Vec<_>>().join(", ");
        let noted: Vec<&Moved> = mapped.clone().filter(|f| f.note.is_some()).collect();
        let dropped: Vec<&Moved> = self.fields.iter().filter(|f| f.to.is_none()).collect();
        let lost = dropped.iter().filter(|f| !f.input.is_empty()).count() + self.dropped_texts.len();
        let m = &self.migration;
        let mut vi = format!("{} mục chuyển sang, {filled} mục có số liệu", mapped.clone().count());
        let en_n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut en = format!("{} move over, {filled} with a value", en_n(mapped.count(), "field", "fields"));
        if !noted.is_empty() {
            let (n, list) = (noted.len(), codes(noted));
            vi += &format!("; {n} mục đổi nghĩa: {list} ({})", m.title.vi);
            en += &format!("; {} in meaning: {list} ({})", en_n(n, "changes", "change"), m.title.en);
        }
        match dropped.len() {
            0 => {
                vi += "; không mục nào bị bỏ.";
                en += "; none is dropped.";
            }
            n => {
                let list = codes(dropped);
                vi += &format!("; {n} mục bị bỏ: {list}");
                en += &format!("; {n} dropped: {list}");
                if lost > 0 {
                    vi += &format!(" ({lost} nội dung được giữ riêng, không tính điểm)");
                    en += &format!(" ({} kept aside, not scored)", en_n(lost, "text", "texts"));
                }
                vi += ".";
                en += ".";
            }
        }
        Text::new(vi, en)
    }

    /// What the hosted page's full build answers its lean build with
    /// (`migrateReturn`): `{"return": the migrated return, "from": version,
    /// "to": version, "summary": {"vi", "en"}}`.
    pub fn page_answer(&self) -> String {
        let summary = self.summary();
        Json::object([
            ("return", document::to_json_value(&self.session, self.saved_at.as_deref(), self.source.as_ref())),
            ("from", Json::from(self.migration.from.1.as_str())),
            ("to", Json::from(self.migration.to.1.as_str())),
            (
                "summary",
                Json::object([("vi", Json::from(summary.vi.as_str())), ("en", Json::from(summary.en.as_str()))]),
            ),
        ])
        .to_compact()
    }

    /// The report for a terminal: Vietnamese, with English in brackets.
    /// Every field mapped (with what it held and the migration's note) and
    /// every field dropped (with why), then the result of the validation.
    pub fn report(&self, name: &str) -> String {
        let m = &self.migration;
        let mut o = format!(
            "{name}: đã chuyển từ {} {} sang {} {} (migrated from {} {} to {} {})\n  {}\n  ({})\n",
            m.from.0, m.from.1, m.to.0, m.to.1, m.from.0, m.from.1, m.to.0, m.to.1, m.title.vi, m.title.en
        );
        let mapped: Vec<&Moved> = self.fields.iter().filter(|f| f.to.is_some()).collect();
        let filled = mapped.iter().filter(|f| !f.input.is_empty()).count();
        o.push_str(&format!(
            "\n  Mục đã chuyển: {}, {filled} có số liệu (fields mapped: {}, {filled} with a value)\n",
            mapped.len(),
            mapped.len()
        ));
        for f in &mapped {
            let shown = if f.input.is_empty() { "(trống)" } else { &f.input };
            o.push_str(&format!("    {:<14} → {:<14} {shown}\n", f.from, f.to.as_deref().unwrap_or("")));
            if let Some(n) = &f.note {
                o.push_str(&format!("    {:<14}   {:<14} {} ({})\n", "", "", n.vi, n.en));
            }
        }
        let dropped: Vec<&Moved> = self.fields.iter().filter(|f| f.to.is_none()).collect();
        o.push_str(&format!("\n  Mục bỏ đi: {} (fields dropped: {})\n", dropped.len(), dropped.len()));
        if dropped.is_empty() && self.dropped_texts.is_empty() {
            o.push_str("    (không có — none)\n");
        }
        for f in &dropped {
            let lost = if f.input.is_empty() {
                String::new()
            } else {
                format!(" — giữ riêng giá trị (value kept aside) {}", f.input)
            };
            let why = f.note.as_ref().map(|n| format!("{} ({})", n.vi, n.en)).unwrap_or_default();
            o.push_str(&format!("    {:<14} {why}{lost}\n", f.from));
        }
        for u in &self.dropped_texts {
            o.push_str(&format!(
                "    {:<14} giữ riêng tài liệu kiểm chứng/ghi chú (evidence or note kept aside): {}\n",
                u.code, u.text
            ));
        }
        let sum = self.session.summary();
        o.push_str(&format!(
            "\n  Kiểm tra theo {} {}: {} lỗi, {} cảnh báo, {} ghi chú (checked against {} {}: {} errors, {} warnings, {} notes)\n",
            m.to.0, m.to.1, sum.errors, sum.warnings, sum.infos, m.to.0, m.to.1, sum.errors, sum.warnings, sum.infos
        ));
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::embedded_forms;

    fn version(forms: &[Arc<Form>], v: &str) -> Arc<Form> {
        forms.iter().find(|f| f.version == v).cloned().unwrap()
    }

    #[test]
    fn every_shipped_migration_holds_against_its_definitions() {
        let forms = embedded_forms();
        let migrations = embedded().unwrap();
        assert!(!migrations.is_empty());
        for m in migrations {
            let find = |(id, v): &(String, String)| forms.iter().find(|f| &f.id == id && &f.version == v).unwrap();
            m.check(find(&m.from), find(&m.to)).unwrap();
        }
    }

    #[test]
    fn the_decree_42_migration_maps_every_field_to_itself_with_notes_on_6_3_and_6_4() {
        let m = &embedded().unwrap()[0];
        assert!(m.fields.iter().all(|(c, s)| matches!(s, Step::To { code, .. } if code == c)));
        let noted: Vec<&str> = m
            .fields
            .iter()
            .filter(|(_, s)| matches!(s, Step::To { note: Some(_), .. }))
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(noted, ["6.3.a", "6.3.b", "6.3.c", "6.3.d", "6.4.b", "6.4.c"]);
    }

    #[test]
    fn a_migration_naming_an_unknown_code_or_missing_a_field_is_refused_with_the_path() {
        let forms = embedded_forms();
        let (a, b) = (version(&forms, "2023.1"), version(&forms, "2023.2"));
        let text = embedded::MIGRATIONS[0]
            .1
            .replacen("\"6.3.b\": { \"to\": \"6.3.b\"", "\"6.3.b\": { \"to\": \"6.3.x\"", 1)
            .replacen("    \"I.1\": { \"to\": \"I.1\" },\n", "", 1);
        let m = Migration::from_json("broken.json", &text).unwrap();
        let errors = m.check(&a, &b).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("broken.json: fields.6.3.b.to: pdti-2023 2023.2 không có mục nhập 6.3.x"),
            "{shown:?}"
        );
        assert!(shown[1].starts_with("broken.json: fields: thiếu mục I.1"), "{shown:?}");
    }

    #[test]
    fn a_step_with_both_to_and_drop_is_refused_with_its_path() {
        let text = r#"{"format":"pdti-migration","from":{"id":"a","version":"1"},"to":{"id":"a","version":"2"},
            "title":{"vi":"x","en":"x"},"fields":{"1.1":{"to":"1.1","drop":{"vi":"x","en":"x"}}}}"#;
        let e = Migration::from_json("m.json", text).unwrap_err();
        assert_eq!(e.path, "fields.1.1");
    }
}
