//! The `pdti` command line (DESIGN.md §3), as a function over arguments and
//! output streams so that tests drive it exactly as a terminal would.
//!
//! ```text
//! pdti import-legacy [--format json|text|csv] [-o OUT] FILE
//! pdti validate [--format text|json|csv|xlsx] [-o OUT] [--previous FILE]... [--definition DEF] FILE...
//! pdti aggregate [--format text|json|csv|xlsx] [-o OUT] [--previous FILE]... [--definition DEF] FILE...
//! pdti schema [--definition]
//! pdti definition check FILE
//! pdti migrate --to FORM@VERSION [-o OUT] FILE
//! pdti page --definition FILE (-o OUT.html | --hosted DIR)
//! ```
//! `pdti schema` prints the JSON Schema of a return, `pdti schema
//! --definition` that of a form definition (src/schema/). `pdti definition
//! check FILE` checks a form definition ([`crate::defcheck`]): exit 0 with a
//! one-line summary when it is good, exit 2 with every problem found, one
//! per line as `FILE:LINE:COLUMN: path: message`. `pdti migrate --to
//! FORM@VERSION FILE` migrates a return to another version of its form
//! ([`crate::migrate`], e.g. `pdti-2023@2023.2`, the 2023 template in Decree
//! 42 terms): the migrated return on the standard output (or `-o`), as
//! `validate` reads it, and on stderr the report, every field mapped with
//! its note and every field dropped with why; exit 0, 1 when the migrated
//! return has errors, 2 when the file cannot be read, the target is unknown,
//! no migration leads from the return's version to it, or the return is
//! already at it. `pdti page --definition FILE -o OUT.html` writes the
//! offline single file of that definition, `--hosted DIR` the hosted folder
//! ([`crate::page`]); the definition is checked first, as `definition check`
//! does, and a bad one is refused with every problem (exit 2).
//!
//! Exit status: 0 no error-severity finding, 1 at least one, 2 an input that
//! cannot be read or parsed (one line on stderr naming the file and why), a
//! usage error, or output that cannot be written (one line on stderr);
//! [`BROKEN_PIPE`] quietly when the reader of the output went away.
//!
//! `-o OUT` (`--output`) writes the output to a file: to a temporary file
//! next to it first, renamed once complete, so that a failed write never
//! leaves half a file (`-o -` is the standard output). `--format xlsx` is the
//! collecting office's workbook (src/xlsx.rs): binary, so it needs `-o`; both
//! `validate` and `aggregate` write the same workbook for the same returns
//! (each keeps its own exit status), which ranks the returns and adds them
//! up, so every file must be readable and of one form, else nothing is
//! written (exit 2). `--previous FILE` (repeatable, read as `aggregate`
//! reads its files) gives last period's returns for its sheet "So với kỳ
//! trước"; it goes with `--format xlsx` only.
//!
//! Arguments are read as `OsString`s with `lexopt`: a file name that is not
//! UTF-8 is read all the same (messages show it with U+FFFD), and `--` ends
//! the options, so `pdti validate -- -x.json` reads a file named `-x.json`.

use crate::aggregate::{iso_to_vi, Aggregate, Part};
use crate::document::{self, Source};
use crate::engine::Session;
use crate::finding::Finding;
use crate::form::header;
use crate::form::{embedded_forms, Form, ItemKind};
use crate::json::Json;
use crate::legacy;
use crate::text::Lang;
use crate::text::{decimal_text, display_label, format_decimal, formula_safe, round_half_away, FORMULA_START};
use crate::value::{Value, ValueKind};
use rust_decimal::Decimal;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

const USAGE: &str = "\
pdti — kiểm tra báo cáo Chỉ số chuyển đổi số cấp tỉnh (PDTI)

Cách dùng:
  pdti validate [--format text|json|csv|xlsx] TỆP.json...   kiểm tra các bản báo cáo JSON
  pdti import-legacy [--format json|text|csv] TỆP.tsv       đọc tệp mẫu cũ (Word/Excel, tách bằng tab)
  pdti aggregate [--format text|json|csv|xlsx] TỆP...       cộng số liệu của nhiều bản (JSON hoặc mẫu cũ)
  pdti schema [--definition]                            in JSON Schema của bản báo cáo (hoặc của định nghĩa biểu mẫu)
  pdti definition check TỆP.json                        kiểm tra định nghĩa biểu mẫu (bộ chỉ số): mọi lỗi, có dòng:cột
  pdti migrate --to BIỂU_MẪU@PHIÊN_BẢN TỆP.json          chuyển bản báo cáo sang phiên bản biểu mẫu khác
                                                        (ví dụ --to pdti-2023@2023.2: mẫu 2023 theo Nghị định 42)
  pdti --version

Tuỳ chọn:
  -o, --output TỆP     ghi kết quả vào tệp (ghi trọn vẹn hoặc không ghi gì); '-o -' là đầu ra chuẩn
  --format xlsx        bảng tính Excel của cơ quan tổng hợp (cần -o): Tổng hợp, Chỉ tiêu, Tổng cộng, Lỗi
  --previous TỆP       bản báo cáo kỳ trước (lặp lại được; chỉ với --format xlsx): thêm trang So với kỳ trước
  --definition TỆP     đọc bản báo cáo theo định nghĩa biểu mẫu này (bộ chỉ số riêng của tỉnh), ngoài các định nghĩa có sẵn
  Ví dụ: pdti aggregate --format xlsx -o tong-hop.xlsx --previous ky-truoc/*.json bao-cao/*.json

Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp đầu vào hoặc không ghi được kết quả
(definition check: 0 định nghĩa hợp lệ, 2 có lỗi; migrate: 2 cả khi không có cách chuyển
hoặc bản báo cáo đã theo phiên bản đích),
141 nơi nhận kết quả đã đóng (ví dụ '| head').
Dùng '-' thay cho tên tệp để đọc từ đầu vào chuẩn; '--' kết thúc các tuỳ chọn
(tên tệp bắt đầu bằng '-' đặt sau '--').
";

/// Exit status when the reader of the output went away (`pdti validate … |
/// head -1`): 128 + SIGPIPE, what a shell reports for a program that the
/// closed pipe stopped. Nothing is printed.
pub const BROKEN_PIPE: i32 = 141;

/// Output format of a command.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    /// One row per return, for a spreadsheet: counts and every indicator.
    Csv,
    /// The collecting office's workbook (src/xlsx.rs).
    Xlsx,
}

/// Writes a message to stderr. A message that cannot be written there has
/// nowhere else to go, so a failure is dropped: the exit status still says it.
fn say(err: &mut dyn Write, msg: std::fmt::Arguments) {
    let _ = err.write_fmt(msg);
}

/// A file name as messages and reports show it (U+FFFD for bytes that are not UTF-8).
fn shown(path: &OsStr) -> String {
    path.to_string_lossy().into_owned()
}

/// Runs the CLI with `args` (without the program name) and returns the exit
/// status. `out` is flushed before returning, so that a failed write is seen.
pub fn run<I>(args: I, stdin: &mut dyn io::Read, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let result = command(lexopt::Parser::from_args(args), stdin, out, err).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => BROKEN_PIPE,
        Err(e) => {
            say(err, format_args!("pdti: không ghi được kết quả (cannot write the output: {e})\n"));
            2
        }
    }
}

/// A usage error: one message on stderr, exit status 2.
fn usage_error(err: &mut dyn Write, message: &str) -> i32 {
    say(err, format_args!("pdti: {message}\n"));
    2
}

/// The command named by the first argument. `Err` is a failed write to `out`.
fn command(
    mut args: lexopt::Parser,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use lexopt::Arg::{Long, Short, Value};
    let forms = embedded_forms();
    let first = match args.next() {
        Ok(a) => a,
        Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
    };
    let name = match &first {
        Some(Value(v)) => v.to_str().map(str::to_string),
        _ => None,
    };
    match (&first, name.as_deref()) {
        (_, Some(cmd @ ("validate" | "import-legacy" | "aggregate"))) => {
            let default = if cmd == "import-legacy" { Format::Json } else { Format::Text };
            let opts = match options(&mut args, default, out, err)? {
                Parsed::Run(opts) => opts,
                Parsed::Exit(code) => return Ok(code),
            };
            if let Some(problem) = opts.problem(cmd) {
                return Ok(usage_error(err, problem));
            }
            let forms = match &opts.definition {
                None => forms,
                Some(file) => match with_definition(file, forms, stdin, out, err)? {
                    Ok(f) => f,
                    Err(code) => return Ok(code),
                },
            };
            match &opts.output {
                Some(path) if path != "-" => {
                    let mut buf = Vec::new();
                    let code = run_command(cmd, &opts, &forms, stdin, &mut buf, err)?;
                    if buf.is_empty() {
                        return Ok(code);
                    }
                    match write_file(Path::new(path), &buf) {
                        Ok(()) => Ok(code),
                        Err(e) => {
                            say(
                                err,
                                format_args!(
                                    "pdti: {}: không ghi được tệp (cannot write the file: {e})\n",
                                    shown(path)
                                ),
                            );
                            Ok(2)
                        }
                    }
                }
                _ => run_command(cmd, &opts, &forms, stdin, out, err),
            }
        }
        (_, Some("schema")) => {
            let mut schema = document::SCHEMA;
            loop {
                match args.next() {
                    Ok(None) => break,
                    Ok(Some(Long("definition"))) => schema = crate::defcheck::SCHEMA,
                    Ok(Some(a)) => return Ok(usage_error(err, &unexpected(&a, "schema"))),
                    Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
                }
            }
            writeln!(out, "{}", schema.trim_end())?;
            Ok(0)
        }
        (_, Some("definition")) => definition(&mut args, stdin, out, err),
        (_, Some("migrate")) => migrate(&mut args, &forms, stdin, out, err),
        (_, Some("page")) => page(&mut args, stdin, out, err),
        (Some(Long("version") | Short('V')), _) => {
            writeln!(out, "pdti {}", env!("CARGO_PKG_VERSION"))?;
            Ok(0)
        }
        (Some(Long("help") | Short('h')), _) | (_, Some("help")) => {
            write!(out, "{USAGE}")?;
            Ok(0)
        }
        (Some(Value(other)), _) => {
            say(err, format_args!("pdti: không có lệnh '{}' (unknown command)\n\n{USAGE}", shown(other)));
            Ok(2)
        }
        (Some(a), _) => Ok(usage_error(err, &unexpected(a, "pdti"))),
        (None, _) => {
            say(err, format_args!("{USAGE}"));
            Ok(2)
        }
    }
}

/// `pdti definition check FILE`: exit 0 and a summary for a good
/// definition; exit 2 and every problem, one per line
/// (`FILE:LINE:COLUMN: path: message`), for a bad one.
fn definition(
    args: &mut lexopt::Parser,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use lexopt::Arg::{Long, Short, Value};
    match args.next() {
        Ok(Some(Value(v))) if v == "check" => {}
        Ok(Some(Long("help") | Short('h'))) => {
            write!(out, "{USAGE}")?;
            return Ok(0);
        }
        Ok(Some(Value(v))) => {
            return Ok(usage_error(
                err,
                &format!(
                    "definition không có lệnh '{}'; dùng 'pdti definition check TỆP' (unknown subcommand)",
                    shown(&v)
                ),
            ))
        }
        Ok(Some(a)) => return Ok(usage_error(err, &unexpected(&a, "definition"))),
        Ok(None) => return Ok(usage_error(err, "thiếu lệnh: 'pdti definition check TỆP' (missing subcommand)")),
        Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
    }
    let mut files = Vec::new();
    loop {
        match args.next() {
            Ok(None) => break,
            Ok(Some(Value(v))) => files.push(v),
            Ok(Some(a)) => return Ok(usage_error(err, &unexpected(&a, "definition check"))),
            Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
        }
    }
    let [file] = &files[..] else {
        return Ok(usage_error(err, "definition check cần đúng một tệp (expects exactly one FILE)"));
    };
    let name = shown(file);
    let text = match read_text(file, stdin) {
        Ok(t) => t,
        Err(reason) => {
            say(err, format_args!("pdti: {name}: {reason}\n"));
            return Ok(2);
        }
    };
    match crate::defcheck::check(&text) {
        Ok(s) => {
            let levels = if s.default_levels { " (mặc định)" } else { "" };
            writeln!(
                out,
                "{name}: định nghĩa hợp lệ — biểu mẫu {} phiên bản {}: {} mục ({} mục nhập số liệu), {} quy tắc, \
                 {} chỉ tiêu, {} mức xếp loại{levels}; so với kỳ trước: {} mục giữ từ kỳ trước, {} quy tắc, \
                 {} kiểm tra khi tổng hợp; chạy thử {} bản không lỗi.",
                s.id,
                s.version,
                s.items,
                s.inputs,
                s.rules,
                s.indicators,
                s.levels,
                s.carried,
                s.prev_rules,
                s.period_checks,
                crate::defcheck::DRY_RUNS + 1
            )?;
            Ok(0)
        }
        Err(problems) => problems_found(&name, &problems, out, err),
    }
}

/// The shipped definitions and `file`'s, which comes last (the current
/// form of this run) and replaces a shipped one of the same id and version:
/// a province's own index read as the page that `pdti page` made of it.
/// A definition with problems is refused with every one (exit 2).
fn with_definition(
    file: &OsStr,
    mut forms: Vec<Arc<Form>>,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<Arc<Form>>, i32>> {
    Ok(checked_definition(file, stdin, out, err)?.map(|(_, f)| {
        forms.retain(|g| !(g.id == f.id && g.version == f.version));
        forms.push(f);
        forms
    }))
}

/// The definition in `file` (`-`: standard input), read and checked as
/// `pdti definition check` checks it: its text and its form, or exit 2 once
/// every problem is printed (or the reason it cannot be read).
fn checked_definition(
    file: &OsStr,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Result<(String, Arc<Form>), i32>> {
    let name = shown(file);
    let text = match read_text(file, stdin) {
        Ok(t) => t,
        Err(reason) => {
            say(err, format_args!("pdti: {name}: {reason}\n"));
            return Ok(Err(2));
        }
    };
    if let Err(problems) = crate::defcheck::check(&text) {
        return problems_found(&name, &problems, out, err).map(Err);
    }
    match Form::from_json(&text) {
        Ok(f) => Ok(Ok((text, Arc::new(f)))),
        Err(e) => {
            say(err, format_args!("pdti: {name}: {e}\n"));
            Ok(Err(2))
        }
    }
}

/// Prints a definition's problems, one per line (`FILE:LINE:COLUMN: path:
/// message`), and their count on `err`; exit status 2.
fn problems_found(
    name: &str,
    problems: &[crate::defcheck::Problem],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    for p in problems {
        let path = if p.path.is_empty() { "$" } else { &p.path };
        writeln!(out, "{name}:{}:{}: {path}: {}", p.line, p.column, p.message)?;
    }
    say(
        err,
        format_args!(
            "pdti: {name}: định nghĩa có {} lỗi (the definition has {} problem(s))\n",
            problems.len(),
            problems.len()
        ),
    );
    Ok(2)
}

/// `pdti page --definition FILE (-o OUT.html | --hosted DIR)`: the form page
/// of a definition ([`crate::page`]): the offline single file, or the hosted
/// folder. The definition is checked first; a bad one is refused with every
/// problem (exit 2), and so is an output that cannot be written.
fn page(
    args: &mut lexopt::Parser,
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use lexopt::Arg::{Long, Short};
    let (mut definition, mut output, mut hosted) = (None, None, None);
    loop {
        let value = |args: &mut lexopt::Parser| args.value().map_err(lexopt_reason);
        let slot = match args.next() {
            Ok(None) => break,
            Ok(Some(Long("definition"))) => &mut definition,
            Ok(Some(Short('o') | Long("output"))) => &mut output,
            Ok(Some(Long("hosted"))) => &mut hosted,
            Ok(Some(Long("help") | Short('h'))) => {
                write!(out, "{USAGE}")?;
                return Ok(0);
            }
            Ok(Some(a)) => return Ok(usage_error(err, &unexpected(&a, "page"))),
            Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
        };
        match value(args) {
            Ok(v) => *slot = Some(v),
            Err(reason) => return Ok(usage_error(err, &reason)),
        }
    }
    let Some(file) = definition else {
        return Ok(usage_error(err, "page cần --definition TỆP.json (page needs --definition FILE)"));
    };
    let target = match (output, hosted) {
        (Some(o), None) if o != "-" => Ok(o),
        (None, Some(d)) => Err(d),
        _ => {
            return Ok(usage_error(
                err,
                "page cần đúng một trong -o TỆP.html hoặc --hosted THƯ_MỤC (page needs exactly one of -o FILE.html or --hosted DIR)",
            ))
        }
    };
    let (text, form) = match checked_definition(&file, stdin, out, err)? {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let cannot = |err: &mut dyn Write, path: &OsStr, e: &dyn std::fmt::Display| {
        say(err, format_args!("pdti: {}: không ghi được (cannot write: {e})\n", shown(path)));
        2
    };
    match target {
        Ok(path) => {
            let html = match crate::page::offline_file(&form, &text) {
                Ok(h) => h,
                Err(reason) => {
                    say(err, format_args!("pdti: {reason}\n"));
                    return Ok(2);
                }
            };
            if let Err(e) = write_file(Path::new(&path), html.as_bytes()) {
                return Ok(cannot(err, &path, &e));
            }
            writeln!(
                out,
                "Đã ghi {}: trang biểu mẫu offline \"{}\" (phiên bản {}), {} KB; mở bằng trình duyệt, không cần mạng.",
                shown(&path),
                form.title.vi,
                form.version,
                html.len().div_ceil(1000)
            )?;
        }
        Err(dir) => {
            let files = match crate::page::hosted(&form, &text) {
                Ok(f) => f,
                Err(reason) => {
                    say(err, format_args!("pdti: {reason}\n"));
                    return Ok(2);
                }
            };
            for (rel, bytes) in &files {
                let path = Path::new(&dir).join(rel);
                let written =
                    path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| write_file(&path, bytes));
                if let Err(e) = written {
                    return Ok(cannot(err, path.as_os_str(), &e));
                }
            }
            writeln!(
                out,
                "Đã ghi {} tệp vào {}: trang biểu mẫu \"{}\" (phiên bản {}) để đặt lên máy chủ web (mở index.html qua http://).",
                files.len(),
                shown(&dir),
                form.title.vi,
                form.version
            )?;
        }
    }
    Ok(0)
}

/// `pdti migrate --to FORM@VERSION [-o OUT] FILE`: the return migrated to
/// that form version ([`crate::migrate`]) on `out` (or in `-o OUT`), as
/// `validate` reads it; the report on `err`. Exit 0, or 1 when the migrated
/// return has errors; 2 when the file cannot be read, the target is
/// unknown, there is no migration from the return's version to it, the
/// return is already at it, or the migration file is wrong.
fn migrate(
    args: &mut lexopt::Parser,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use lexopt::Arg::{Long, Short, Value};
    let (mut target, mut output, mut files) = (None, None, Vec::new());
    loop {
        match args.next() {
            Ok(None) => break,
            Ok(Some(Long("to"))) => match args.value().map(|v| v.into_string()) {
                Ok(Ok(v)) => target = Some(v),
                Ok(Err(_)) => return Ok(usage_error(err, "--to không phải UTF-8 (not UTF-8)")),
                Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
            },
            Ok(Some(Long("output") | Short('o'))) => match args.value() {
                Ok(v) => output = Some(v),
                Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
            },
            Ok(Some(Long("help") | Short('h'))) => {
                write!(out, "{USAGE}")?;
                return Ok(0);
            }
            Ok(Some(Value(v))) => files.push(v),
            Ok(Some(a)) => return Ok(usage_error(err, &unexpected(&a, "migrate"))),
            Err(e) => return Ok(usage_error(err, &lexopt_reason(e))),
        }
    }
    let Some(target) = target else {
        return Ok(usage_error(err, "migrate cần --to BIỂU_MẪU@PHIÊN_BẢN, ví dụ --to pdti-2023@2023.2 (missing --to)"));
    };
    let Some((id, version)) = crate::migrate::parse_target(&target) else {
        return Ok(usage_error(
            err,
            &format!("--to '{target}': cần dạng BIỂU_MẪU@PHIÊN_BẢN, ví dụ pdti-2023@2023.2 (expected FORM@VERSION)"),
        ));
    };
    let [file] = &files[..] else {
        return Ok(usage_error(err, "migrate cần đúng một tệp (expects exactly one FILE)"));
    };
    let name = shown(file);
    let migrations = match crate::migrate::embedded() {
        Ok(m) => m,
        Err(e) => {
            say(err, format_args!("pdti: {e}\n"));
            return Ok(2);
        }
    };
    let migrated = read_input(file, stdin)
        .and_then(|b| String::from_utf8(b).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string()))
        .and_then(|text| crate::migrate::migrate(&text, forms, migrations, id, version).map_err(|e| e.to_string()));
    let m = match migrated {
        Ok(m) => m,
        Err(reason) => {
            for line in reason.lines() {
                say(err, format_args!("pdti: {name}: {line}\n"));
            }
            return Ok(2);
        }
    };
    let json = m.to_json() + "\n";
    match output.filter(|p| p != "-") {
        Some(path) => {
            if let Err(e) = write_file(Path::new(&path), json.as_bytes()) {
                say(err, format_args!("pdti: {}: không ghi được tệp (cannot write the file: {e})\n", shown(&path)));
                return Ok(2);
            }
        }
        None => out.write_all(json.as_bytes())?,
    }
    say(err, format_args!("{}", m.report(&name)));
    Ok(i32::from(m.session.summary().errors > 0))
}

/// What the options of a command came to.
enum Parsed {
    /// Run with these options.
    Run(Options),
    /// Stop with this exit status (a usage error, or `--help`).
    Exit(i32),
}

/// The options of `validate`, `import-legacy` and `aggregate`.
struct Options {
    fmt: Format,
    /// The inputs.
    files: Vec<OsString>,
    /// `-o`: where to write the output (`-` for the standard output).
    output: Option<OsString>,
    /// `--previous`: last period's returns, for the workbook.
    previous: Vec<OsString>,
    /// `--definition`: a form definition to read the returns with (a
    /// province's own index), besides the shipped ones.
    definition: Option<OsString>,
}

impl Options {
    /// What is wrong with these options for `cmd`, as a usage error.
    fn problem(&self, cmd: &str) -> Option<&'static str> {
        if cmd == "import-legacy" && self.files.len() != 1 {
            return Some("import-legacy cần đúng một tệp (expects exactly one FILE)");
        }
        if cmd == "import-legacy" && self.fmt == Format::Xlsx {
            return Some(
                "import-legacy không ghi bảng tính; hãy dùng 'pdti aggregate --format xlsx' \
                 (import-legacy writes no workbook)",
            );
        }
        if !self.previous.is_empty() && self.fmt != Format::Xlsx {
            return Some("--previous chỉ dùng với --format xlsx (--previous goes with --format xlsx)");
        }
        if self.fmt == Format::Xlsx && self.output.is_none() {
            return Some(
                "--format xlsx cần -o TỆP.xlsx; không ghi tệp nhị phân ra màn hình, dùng '-o -' nếu thật sự cần \
                 (--format xlsx needs -o FILE; '-o -' writes the workbook to the standard output)",
            );
        }
        None
    }
}

/// Runs `cmd` (validate, import-legacy or aggregate) with its output to `out`.
fn run_command(
    cmd: &str,
    opts: &Options,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    match (cmd, opts.fmt) {
        ("import-legacy", fmt) => import_legacy(&opts.files[0], fmt, forms, stdin, out, err),
        (cmd, Format::Xlsx) => xlsx(cmd == "aggregate", opts, forms, stdin, out, err),
        ("validate", fmt) => validate(&opts.files, fmt, forms, stdin, out, err),
        (_, fmt) => aggregate(&opts.files, fmt, forms, stdin, out, err),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a new temporary file
/// next to it, flushed to disk, then renamed over it.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "không phải tên tệp (not a file name)"))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let result = written.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The message for an argument that `command` does not take (`command` is
/// named only for a stray value: an unknown option is unknown anywhere).
fn unexpected(arg: &lexopt::Arg, command: &str) -> String {
    match arg {
        lexopt::Arg::Long(name) => format!("không có tuỳ chọn '--{name}' (unknown option)"),
        lexopt::Arg::Short(c) => format!(
            "không có tuỳ chọn '-{c}'; tên tệp bắt đầu bằng '-' thì đặt sau '--' \
             (unknown option; a file name starting with '-' goes after '--')"
        ),
        lexopt::Arg::Value(v) => format!("{command} không nhận '{}' (unexpected argument)", shown(v)),
    }
}

/// A lexopt error in the words of the other messages.
fn lexopt_reason(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::MissingValue { option: Some(o) } => format!("{o} cần một giá trị (missing value)"),
        lexopt::Error::UnexpectedValue { option, .. } => {
            format!("tuỳ chọn {option} không nhận giá trị (takes no value)")
        }
        lexopt::Error::NonUnicodeValue(v) => {
            format!("giá trị '{}' không phải UTF-8 (not UTF-8)", v.to_string_lossy())
        }
        other => format!("tham số không hợp lệ ({other})"),
    }
}

/// Reads `--format`, `-o`, `--previous` and the file names (`--` ends the options).
fn options(args: &mut lexopt::Parser, default: Format, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Parsed> {
    use lexopt::Arg::{Long, Short, Value};
    let mut fmt = default;
    let mut files = Vec::new();
    let mut output = None;
    let mut previous = Vec::new();
    let mut definition = None;
    loop {
        let arg = match args.next() {
            Ok(Some(a)) => a,
            Ok(None) => break,
            Err(e) => return Ok(Parsed::Exit(usage_error(err, &lexopt_reason(e)))),
        };
        match arg {
            Long("format") => {
                fmt = match args.value().map(|v| v.into_string()) {
                    Ok(Ok(v)) if v == "json" => Format::Json,
                    Ok(Ok(v)) if v == "text" => Format::Text,
                    Ok(Ok(v)) if v == "csv" => Format::Csv,
                    Ok(Ok(v)) if v == "xlsx" => Format::Xlsx,
                    _ => return Ok(Parsed::Exit(usage_error(err, "--format nhận 'text', 'json', 'csv' hoặc 'xlsx'"))),
                }
            }
            Long("output") | Short('o') => match args.value() {
                Ok(v) => output = Some(v),
                Err(e) => return Ok(Parsed::Exit(usage_error(err, &lexopt_reason(e)))),
            },
            Long("previous") => match args.value() {
                Ok(v) => previous.push(v),
                Err(e) => return Ok(Parsed::Exit(usage_error(err, &lexopt_reason(e)))),
            },
            Long("definition") => match args.value() {
                Ok(v) => definition = Some(v),
                Err(e) => return Ok(Parsed::Exit(usage_error(err, &lexopt_reason(e)))),
            },
            Long("help") | Short('h') => {
                write!(out, "{USAGE}")?;
                return Ok(Parsed::Exit(0));
            }
            Value(file) => files.push(file),
            other => return Ok(Parsed::Exit(usage_error(err, &unexpected(&other, "")))),
        }
    }
    if files.is_empty() {
        say(err, format_args!("pdti: thiếu tên tệp (missing FILE)\n\n{USAGE}"));
        return Ok(Parsed::Exit(2));
    }
    Ok(Parsed::Run(Options { fmt, files, output, previous, definition }))
}

fn read_input(path: &OsStr, stdin: &mut dyn io::Read) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        stdin.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    let path = Path::new(path);
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("là thư mục, không phải tệp (is a directory)".into());
    }
    if meta.len() as usize > legacy::MAX_BYTES.max(document::MAX_BYTES) {
        return Err(format!("tệp quá lớn ({} MB) — file too large", meta.len() >> 20));
    }
    std::fs::read(path).map_err(|e| io_reason(&e))
}

/// A file (or `-`, standard input) that must be UTF-8 text: a definition.
fn read_text(path: &OsStr, stdin: &mut dyn io::Read) -> Result<String, String> {
    read_input(path, stdin)
        .and_then(|b| String::from_utf8(b).map_err(|_| "không phải văn bản UTF-8 (not UTF-8 text)".to_string()))
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "không tìm thấy tệp (file not found)".into(),
        io::ErrorKind::PermissionDenied => "không có quyền đọc tệp (permission denied)".into(),
        _ => e.to_string(),
    }
}

fn current_form(forms: &[Arc<Form>]) -> Arc<Form> {
    forms.last().cloned().unwrap_or_else(|| Arc::new(Form::pdti_2023()))
}

fn import_legacy(
    path: &OsStr,
    fmt: Format,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let name = shown(path);
    let bytes = match read_input(path, stdin) {
        Ok(b) => b,
        Err(reason) => {
            say(err, format_args!("pdti: {name}: {reason}\n"));
            return Ok(2);
        }
    };
    let form = current_form(forms);
    let copies = match legacy::import_bytes(&bytes, &form) {
        Ok(c) => c,
        Err(e) => {
            say(err, format_args!("pdti: {name}: {e}\n"));
            return Ok(2);
        }
    };
    let any_error = copies.iter().any(|c| c.session.summary().errors > 0);
    match fmt {
        Format::Json => {
            let docs = Json::Array(
                copies.iter().map(|c| document::to_json_value(&c.session, None, Some(&c.source))).collect(),
            );
            writeln!(out, "{}", docs.to_pretty())?;
        }
        Format::Csv => {
            out.write_all(csv_header(&form).as_bytes())?;
            for c in &copies {
                out.write_all(csv_row(&format!("{name}#{}", c.source.copy), &c.session).as_bytes())?;
            }
        }
        Format::Xlsx => unreachable!("Options::problem refuses import-legacy --format xlsx"),
        Format::Text => {
            for c in &copies {
                let title = format!(
                    "{name} — bản {}/{} (dòng {}–{})",
                    c.source.copy,
                    copies.len(),
                    c.source.first_line,
                    c.source.last_line
                );
                write!(out, "{}", render_text(&title, &c.session, Some(&c.source)))?;
            }
        }
    }
    Ok(i32::from(any_error))
}

fn validate(
    files: &[OsString],
    fmt: Format,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let mut unreadable = 0usize;
    let mut with_errors = 0usize;
    let mut results = 0usize;
    if fmt == Format::Csv {
        out.write_all(csv_header(&current_form(forms)).as_bytes())?;
    }
    for path in files {
        let name = shown(path);
        let loaded = read_input(path, stdin).and_then(|bytes| {
            let text = String::from_utf8(bytes).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string())?;
            document::read_any(&text, forms).map_err(|e| e.to_string()).and_then(|l| shipped_version(l, forms))
        });
        match loaded {
            Ok(l) => {
                with_errors += usize::from(l.session.summary().errors > 0);
                results += 1;
                match fmt {
                    Format::Json => {
                        // Streamed: one object per file, written as soon as it is checked.
                        out.write_all(if results == 1 { b"[\n" } else { b",\n" })?;
                        out.write_all(file_result(&name, &l.session).to_pretty().as_bytes())?;
                    }
                    Format::Text => write!(out, "{}", render_text(&name, &l.session, l.source.as_ref()))?,
                    Format::Csv => out.write_all(csv_row(&name, &l.session).as_bytes())?,
                    Format::Xlsx => unreachable!("run_command sends --format xlsx to xlsx()"),
                }
            }
            Err(reason) => {
                unreadable += 1;
                say(err, format_args!("pdti: {name}: {reason}\n"));
            }
        }
    }
    match fmt {
        Format::Json => out.write_all(if results == 0 { b"[]\n" } else { b"\n]\n" })?,
        // Many files: how the batch went, in one line at the end.
        Format::Text if files.len() > 1 => writeln!(
            out,
            "Tổng cộng {} tệp: {} không có lỗi, {with_errors} có lỗi, {unreadable} không đọc được.",
            files.len(),
            results - with_errors
        )?,
        _ => {}
    }
    Ok(if unreadable > 0 { 2 } else { i32::from(with_errors > 0) })
}

/// A return of a version of its form that this pdti does not ship is read
/// against the current version (`RET-version`), which the page does to
/// keep what was typed; `validate` refuses it instead, naming the versions
/// it ships, since its codes may mean other things there.
fn shipped_version(l: document::Loaded, forms: &[Arc<Form>]) -> Result<document::Loaded, String> {
    let Some(f) = l.session.findings_iter().find(|f| f.rule == "RET-version" || f.rule == "RET-definition") else {
        return Ok(l);
    };
    let id = &l.session.form().id;
    let shipped: Vec<&str> = forms.iter().filter(|g| &g.id == id).map(|g| g.version.as_str()).collect();
    Err(format!(
        "{} pdti này chỉ có các phiên bản {} của biểu mẫu {id}: chưa kiểm tra; hãy dùng bản pdti có phiên bản đó, \
         hoặc 'pdti migrate' (not checked: this pdti ships versions {} of {id})",
        f.message.vi,
        shipped.join(", "),
        shipped.join(", "),
    ))
}

/// Reads every return in `files`: with `json_only` one JSON return per file,
/// as `validate` reads them, else as `aggregate` and the collector page do
/// ([`crate::office::read_returns`]).
/// `None` when a file cannot be read (each one named on stderr).
fn read_all(
    files: &[OsString],
    json_only: bool,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    err: &mut dyn Write,
) -> Option<Vec<Part>> {
    let mut parts = Vec::new();
    let mut unreadable = false;
    for path in files {
        let name = shown(path);
        let read = read_input(path, stdin).and_then(|bytes| {
            if !json_only {
                return crate::office::read_returns(&name, &bytes, forms);
            }
            let text = String::from_utf8(bytes).map_err(|_| "tệp không phải văn bản UTF-8 (not UTF-8)".to_string())?;
            let l = document::read_any(&text, forms).map_err(|e| e.to_string())?;
            Ok(vec![Part { label: name.clone(), session: l.session }])
        });
        match read {
            Ok(p) => parts.extend(p),
            Err(reason) => {
                unreadable = true;
                say(err, format_args!("pdti: {name}: {reason}\n"));
            }
        }
    }
    (!unreadable).then_some(parts)
}

/// `--format xlsx` in a build without the feature `xlsx`.
#[cfg(not(feature = "xlsx"))]
fn xlsx(
    _: bool,
    _: &Options,
    _: &[Arc<Form>],
    _: &mut dyn io::Read,
    _: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    Ok(usage_error(err, "bản pdti này được dựng không có --format xlsx (built without the feature 'xlsx')"))
}

/// `--format xlsx`: the collecting office's workbook of the returns in
/// `opts.files` against last period's in `opts.previous`, made as the
/// collector page makes it: each file goes through [`Office::add`](crate::office::Office::add),
/// which reads it as `aggregate` does and refuses the same files the page
/// refuses (the same content or the same return twice, another form
/// version), so the page and the CLI give the same workbook for the same
/// files. A file that is refused or cannot be read stops the run (exit 2).
/// Otherwise the command's own status: the aggregate's errors for
/// `aggregate`, the returns' for `validate`.
#[cfg(feature = "xlsx")]
fn xlsx(
    as_aggregate: bool,
    opts: &Options,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let mut office = crate::office::Office::new(forms.to_vec());
    let mut refused = false;
    let given = opts.files.iter().map(|f| (f, false)).chain(opts.previous.iter().map(|f| (f, true)));
    for (n, (path, previous)) in given.enumerate() {
        let name = shown(path);
        let added = read_input(path, stdin)
            .map_err(|reason| format!("{name}: {reason}"))
            .and_then(|bytes| office.add(&n.to_string(), &name, &bytes, previous).map_err(|t| t.vi));
        if let Err(reason) = added {
            refused = true;
            say(err, format_args!("pdti: {reason}\n"));
        }
    }
    if refused {
        say(
            err,
            format_args!(
                "pdti: chưa ghi bảng tính vì có tệp không đọc được hoặc không nhận (no workbook written: a file cannot be read or was refused)\n"
            ),
        );
        return Ok(2);
    }
    let Some(cycle) = office.cycle() else {
        return Ok(usage_error(err, &crate::aggregate::AggregateError::Empty.to_string()));
    };
    let bytes = match crate::xlsx::workbook(&cycle.review, &cycle.current, &cycle.previous) {
        Ok(b) => b,
        Err(e) => {
            say(err, format_args!("pdti: không tạo được bảng tính (cannot make the workbook: {e})\n"));
            return Ok(2);
        }
    };
    out.write_all(&bytes)?;
    let review = &cycle.review;
    let errors =
        if as_aggregate { review.aggregate.errors() > 0 } else { review.rows.iter().any(|r| r.summary.errors > 0) };
    Ok(i32::from(errors))
}

/// `pdti aggregate`: adds up every return given. Nothing is printed unless
/// every file can be read: totals with a department missing would look
/// complete and be wrong.
fn aggregate(
    files: &[OsString],
    fmt: Format,
    forms: &[Arc<Form>],
    stdin: &mut dyn io::Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Some(parts) = read_all(files, false, forms, stdin, err) else {
        say(
            err,
            format_args!("pdti: chưa tổng hợp vì có tệp không đọc được (nothing added up: a file cannot be read)\n"),
        );
        return Ok(2);
    };
    let agg = match crate::aggregate::aggregate(&parts) {
        Ok(a) => a,
        Err(e) => {
            say(err, format_args!("pdti: {e}\n"));
            return Ok(2);
        }
    };
    let text = match fmt {
        Format::Json => agg.to_json().to_pretty() + "\n",
        Format::Csv => aggregate_csv(&agg),
        Format::Text => aggregate_text(&agg),
        Format::Xlsx => unreachable!("run_command sends --format xlsx to xlsx()"),
    };
    out.write_all(text.as_bytes())?;
    Ok(i32::from(agg.errors() > 0))
}

/// The aggregate for a terminal, in Vietnamese: the returns added up, what
/// to check, the totals section by section, and the indicators of the totals.
fn aggregate_text(agg: &Aggregate) -> String {
    let s = &agg.session;
    let form = s.form();
    let mut o = String::new();
    let period = match &agg.period {
        Some((from, to)) => format!("{}–{}", iso_to_vi(from), iso_to_vi(to)),
        None => "(không có chung một kỳ báo cáo)".into(),
    };
    o.push_str(&format!(
        "Tổng hợp {} bản báo cáo · {period} · biểu mẫu {} {}\n",
        agg.parts.len(),
        form.id,
        form.version
    ));
    o.push_str(&format!("  Kết quả: {} lỗi, {} cảnh báo\n", agg.errors(), agg.warnings()));
    o.push_str("\n  Các bản đã cộng\n");
    for p in &agg.parts {
        let agency = if p.agency.is_empty() { "(chưa có tên cơ quan)" } else { &p.agency };
        o.push_str(&format!("    {agency} — {}: {} lỗi, {} cảnh báo\n", p.label, p.errors, p.warnings));
    }
    if !agg.findings.is_empty() {
        o.push_str("\n  Cần kiểm tra\n");
        for f in &agg.findings {
            let field = f.fields.first().map(String::as_str).unwrap_or("-");
            o.push_str(&format!("    {:<9} {:<14} {:<15} {}\n", f.severity.label_vi(), field, f.rule, f.message.vi));
        }
    }
    o.push_str("\n  Số liệu tổng hợp (số bản có số liệu / tổng số bản)\n");
    let n = agg.parts.len();
    let mut rows: Vec<(usize, String)> = agg
        .totals
        .iter()
        .map(|t| {
            let shown = match &t.total {
                Some(v) => crate::aggregate::show_total(v, form, t.idx),
                None if t.too_large => "quá lớn".into(),
                None => "–".into(),
            };
            (t.idx, format!("{shown:>22}   {}/{n}", t.returns))
        })
        .chain(
            agg.answers
                .iter()
                .map(|t| (t.idx, format!("{:>22}   {}/{n}", format!("có {} · không {}", t.yes, t.no), t.yes + t.no))),
        )
        .collect();
    rows.sort_by_key(|(idx, _)| *idx);
    let mut section = None;
    for (idx, line) in rows {
        let item = &form.items[idx];
        if section != Some(item.section) {
            let sec = &form.items[item.section];
            o.push_str(&format!("\n    {}. {}\n", sec.code, display_label(&sec.label.vi)));
            section = Some(item.section);
        }
        o.push_str(&format!("    {:<12} {:<52} {line}\n", item.code, truncate(&display_label(&item.label.vi), 52)));
    }
    o.push_str("\n  Chỉ tiêu của số liệu tổng hợp (điểm tạm tính)\n");
    o.push_str(&indicator_lines(s));
    o
}

/// The aggregate for a spreadsheet: one row per field (its total, money in
/// đồng, and how many returns gave it), then one per indicator.
fn aggregate_csv(agg: &Aggregate) -> String {
    use Cell::{Number as N, Text as T};
    let form = agg.session.form();
    let mut o = String::from("\u{FEFF}");
    o.push_str(&csv_line(&[
        T("mã"),
        T("nội dung"),
        T("đơn vị"),
        T("tổng"),
        T("số bản có số liệu"),
        T("số bản không đọc được"),
        T("số bản trả lời có"),
        T("số bản trả lời không"),
    ]));
    let mut rows: Vec<(usize, String)> = agg
        .totals
        .iter()
        .map(|t| {
            let item = &form.items[t.idx];
            let unit = if matches!(item.value_kind(), Some(ValueKind::Money(_))) { "đồng" } else { "" };
            let total = match &t.total {
                Some(Value::Count(n)) => n.to_string(),
                Some(Value::Money(d)) => decimal_text(*d),
                _ => String::new(),
            };
            let label = display_label(&item.label.vi);
            (
                t.idx,
                csv_line(&[
                    T(&item.code),
                    T(&label),
                    T(unit),
                    N(&total),
                    N(&t.returns.to_string()),
                    N(&t.unreadable.len().to_string()),
                    T(""),
                    T(""),
                ]),
            )
        })
        .chain(agg.answers.iter().map(|t| {
            let item = &form.items[t.idx];
            let label = display_label(&item.label.vi);
            (
                t.idx,
                csv_line(&[
                    T(&item.code),
                    T(&label),
                    T("có/không"),
                    T(""),
                    N(&(t.yes + t.no).to_string()),
                    N(&t.unreadable.len().to_string()),
                    N(&t.yes.to_string()),
                    N(&t.no.to_string()),
                ]),
            )
        }))
        .collect();
    rows.sort_by_key(|(idx, _)| *idx);
    rows.into_iter().for_each(|(_, r)| o.push_str(&r));
    for (i, ind) in document::indicators(&agg.session).into_iter().enumerate() {
        let value = indicator_cell(&agg.session, i, ind.percent);
        o.push_str(&csv_line(&[T(ind.code), T(&ind.label.vi), T("%"), value.as_cell(), T(""), T(""), T(""), T("")]));
    }
    o
}

/// A cell of the CSV output.
#[derive(Clone, Copy)]
enum Cell<'a> {
    /// Text: neutralised against formula injection, quoted when it must be.
    Text(&'a str),
    /// A number written by this program (a count, a total, a percentage):
    /// as is, so that a spreadsheet reads it as a number.
    Number(&'a str),
}

impl Cell<'_> {
    /// The cell as written in a line of the CSV.
    fn encode(self) -> String {
        match self {
            // OWASP's advice: a leading `'` so it is text, and the cell quoted.
            Cell::Text(s) if s.starts_with(FORMULA_START) => {
                format!("\"{}\"", formula_safe(s).replace('"', "\"\""))
            }
            Cell::Text(s) | Cell::Number(s) if s.contains([',', '"', '\n', '\r']) => {
                format!("\"{}\"", s.replace('"', "\"\""))
            }
            Cell::Text(s) | Cell::Number(s) => s.to_string(),
        }
    }
}

/// An indicator's cell: its percentage, or why it has none, in Vietnamese.
enum IndicatorCell {
    Percent(String),
    Why(String),
}

impl IndicatorCell {
    fn as_cell(&self) -> Cell<'_> {
        match self {
            IndicatorCell::Percent(p) => Cell::Number(p),
            IndicatorCell::Why(w) => Cell::Text(w),
        }
    }
}

fn indicator_cell(s: &Session, i: usize, percent: Option<String>) -> IndicatorCell {
    match percent {
        Some(p) => IndicatorCell::Percent(p),
        None => IndicatorCell::Why(s.indicator(i).status.explain().vi),
    }
}

/// One line of the CSV (RFC 4180: comma separated, CRLF).
fn csv_line(cells: &[Cell]) -> String {
    let mut line = cells.iter().map(|c| c.encode()).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The header of the CSV: a UTF-8 BOM (so spreadsheets read Vietnamese
/// right), the counts, then one column per indicator (its ratio in percent).
fn csv_header(form: &Form) -> String {
    let mut cols: Vec<String> =
        ["tệp", "cơ quan", "từ ngày", "đến ngày", "lỗi", "cảnh báo", "đã điền", "thiếu bắt buộc"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    cols.extend(form.indicators.iter().map(|i| format!("{} (%)", i.code)));
    let cells: Vec<Cell> = cols.iter().map(|c| Cell::Text(c)).collect();
    format!("\u{FEFF}{}", csv_line(&cells))
}

/// One return as a CSV row; an indicator without a value says why, in Vietnamese.
fn csv_row(label: &str, s: &Session) -> String {
    let sum = s.summary();
    let date = |code: &str| document::header_date(s, code).unwrap_or_default();
    let (from, to) = (date(header::FROM), date(header::TO));
    let counts = [sum.errors, sum.warnings, sum.filled, sum.required_missing].map(|n| n.to_string());
    let indicators: Vec<IndicatorCell> =
        document::indicators(s).into_iter().enumerate().map(|(i, ind)| indicator_cell(s, i, ind.percent)).collect();
    let mut cells =
        vec![Cell::Text(label), Cell::Text(s.input(header::AGENCY).unwrap_or("")), Cell::Text(&from), Cell::Text(&to)];
    cells.extend(counts.iter().map(|n| Cell::Number(n)));
    cells.extend(indicators.iter().map(IndicatorCell::as_cell));
    csv_line(&cells)
}

/// One file's result in `validate --format json`.
fn file_result<'a>(path: &'a str, s: &'a Session) -> Json<'a> {
    Json::object([
        ("file", Json::from(path)),
        ("findings", Json::Array(s.findings().into_iter().map(Finding::into_json).collect())),
        (
            "indicators",
            Json::Array(document::indicators(s).into_iter().map(document::IndicatorOut::into_json).collect()),
        ),
        ("score", document::score_json(s)),
        ("summary", s.summary().to_json()),
    ])
}

/// The group a finding is listed under: the section of its first field.
fn group_of(form: &Form, f: &Finding) -> (usize, String) {
    let Some(idx) = f.fields.first().and_then(|c| form.index_of(c)) else {
        return (usize::MAX, "Tệp nhập (import)".to_string());
    };
    let item = &form.items[idx];
    if item.header {
        return (0, "Thông tin báo cáo".to_string());
    }
    let sec = &form.items[item.section];
    let title = match sec.kind {
        ItemKind::Section | ItemKind::Group => {
            format!("{}. {}", sec.code, display_label(&sec.label.vi))
        }
        _ => sec.code.clone(),
    };
    (item.section, title)
}

/// Renders a validated return for a terminal, in Vietnamese, grouped by section.
pub fn render_text(title: &str, s: &Session, source: Option<&Source>) -> String {
    let form = s.form();
    let sum = s.summary();
    let mut o = String::new();
    o.push_str(&format!("{title}\n"));
    let agency = s.input(header::AGENCY).filter(|a| !a.is_empty()).unwrap_or("(chưa có tên cơ quan)");
    let date = |code: &str| s.date(code).map(|d| d.to_vi()).unwrap_or_else(|| s.input(code).unwrap_or("").to_string());
    let period = match (date(header::FROM), date(header::TO)) {
        (a, b) if a.is_empty() && b.is_empty() => "(chưa có kỳ báo cáo)".into(),
        (a, b) => format!("{a}–{b}"),
    };
    o.push_str(&format!("  {agency} · {period} · biểu mẫu {} {}\n", form.id, form.version));
    if let Some(src) = source {
        o.push_str(&format!("  nhập từ mẫu cũ: bản {}, dòng {}–{}\n", src.copy, src.first_line, src.last_line));
    }
    o.push_str(&format!(
        "  Kết quả: {} lỗi, {} cảnh báo, {} ghi chú · đã điền {} mục, thiếu {}/{} mục bắt buộc\n",
        sum.errors, sum.warnings, sum.infos, sum.filled, sum.required_missing, sum.required
    ));
    let mut findings = s.findings();
    let position = |f: &Finding| f.fields.first().and_then(|c| form.index_of(c)).unwrap_or(usize::MAX);
    findings.sort_by_key(|f| (group_of(form, f).0, position(f)));
    let mut current = None;
    for f in &findings {
        let (g, name) = group_of(form, f);
        if current != Some(g) {
            o.push_str(&format!("\n  {name}\n"));
            current = Some(g);
        }
        let field = f.fields.first().map(String::as_str).unwrap_or("-");
        let line = f.line.map(|l| format!(" [dòng {l}]")).unwrap_or_default();
        o.push_str(&format!("    {:<9} {:<14} {:<13} {}{line}\n", f.severity.label_vi(), field, f.rule, f.message.vi));
        if let Some(sug) = &f.suggestion {
            o.push_str(&format!("    {:<9} {:<14} {:<13} → gợi ý: {} = {}\n", "", "", "", sug.field, sug.value));
        }
    }
    o.push_str(if form.points_provisional { "\n  Chỉ tiêu (điểm tạm tính)\n" } else { "\n  Chỉ tiêu\n" });
    o.push_str(&indicator_lines(s));
    o.push_str(&score_line(s));
    o
}

/// "Tổng điểm: 81 / 100 (81 %) · mức Xuất sắc", with the group, bonus and
/// penalty when there are any, then a blank line: [`Session::score`].
fn score_line(s: &Session) -> String {
    let form = s.form();
    let sc = s.score();
    let t = &sc.total;
    let n = |d: Decimal| format_decimal(d, Lang::Vi);
    let mut o = format!("  Tổng điểm: {} / {}", n(t.points), n(round_half_away(t.max, 2)));
    if let Some(p) = t.percent {
        o.push_str(&format!(" ({} %)", n(p)));
    }
    if let Some(l) = t.level {
        o.push_str(&format!(" · mức {}", form.levels.list[l].name.vi));
    }
    if !sc.bonus.is_zero() || !sc.penalty.is_zero() {
        o.push_str(&format!(" · điểm cộng {}, điểm trừ {}", n(sc.bonus), n(-sc.penalty)));
    }
    if let Some(g) = sc.group {
        o.push_str(&format!(" · nhóm {}", form.groups[g].name.vi));
    }
    o.push_str("\n\n");
    o
}

/// One line per indicator: its value (or why it has none) and its points,
/// then a blank line.
fn indicator_lines(s: &Session) -> String {
    let mut o = String::new();
    for (i, ind) in s.form().indicators.iter().enumerate() {
        let shown = s.indicator_text(i, Lang::Vi);
        let points = match (s.indicator(i).points, shown.points) {
            (Some(_), Some(p)) => format!(" · {p} điểm"),
            _ => String::new(),
        };
        o.push_str(&format!("    {:<10} {:<52} {}{points}\n", ind.code, truncate(&ind.label.vi, 52), shown.value));
    }
    o.push('\n');
    o
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
