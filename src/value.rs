//! Parsing what people type, Vietnamese conventions first: `11.362.000`,
//! `1.234,5`, `1,5`, spaces and NBSP inside numbers, typed units
//! (`150 triệu`, `0,5 tỷ`), `có`/`không`, phone numbers and e-mail addresses.
//!
//! A value that cannot be read is never a panic: [`parse`] returns no value
//! and a note explaining why, with a suggested fix where one is clear.

use crate::finding::Severity;
use crate::text::Lang;
use crate::text::{self, format_decimal, Quoted, Text};
use rust_decimal::Decimal;

/// The unit a money field is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    /// tỷ đồng, 10^9 đồng.
    Ty,
    /// đồng.
    Dong,
}

impl MoneyUnit {
    /// How many đồng one unit is.
    pub fn dong(self) -> Decimal {
        match self {
            MoneyUnit::Ty => Decimal::from(1_000_000_000u64),
            MoneyUnit::Dong => Decimal::ONE,
        }
    }

    /// The unit's name as printed beside an input.
    pub fn name(self) -> &'static str {
        match self {
            MoneyUnit::Ty => "tỷ đồng",
            MoneyUnit::Dong => "đồng",
        }
    }
}

/// What kind of value an input field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative whole number.
    Count,
    /// Money, stored in đồng; printed in the given unit.
    Money(MoneyUnit),
    /// có / không.
    YesNo,
    /// A Vietnamese phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// Free text.
    Text,
    /// A date, `dd/mm/yyyy`.
    Date,
    /// An official letter number such as `123/STP-PBGDPL`.
    DocNumber,
}

impl ValueKind {
    /// Every kind, money once per unit: for tests that try them all.
    pub const ALL: [ValueKind; 9] = [
        ValueKind::Count,
        ValueKind::Money(MoneyUnit::Ty),
        ValueKind::Money(MoneyUnit::Dong),
        ValueKind::YesNo,
        ValueKind::Phone,
        ValueKind::Email,
        ValueKind::Text,
        ValueKind::Date,
        ValueKind::DocNumber,
    ];
}

/// A value read from what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A count.
    Count(u64),
    /// Money in đồng, exact.
    Money(Decimal),
    /// A yes/no answer.
    Bool(bool),
    /// Text, a normalised phone number or an e-mail address.
    Text(String),
    /// A date.
    Date(crate::date::Date),
}

impl Value {
    /// The number this value stands for in rules and ratios (money in đồng).
    pub fn as_number(&self) -> Option<Decimal> {
        match self {
            Value::Count(n) => Some(Decimal::from(*n)),
            Value::Money(d) => Some(*d),
            _ => None,
        }
    }
}

/// A note produced while reading a value; the engine turns it into a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Rule id (`R27`, `V-money`, `V-phone` …).
    pub rule: &'static str,
    /// Severity of the note.
    pub severity: Severity,
    /// The message.
    pub message: Text,
    /// What to type instead, where clear.
    pub suggestion: Option<String>,
}

/// The outcome of reading one input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// The value, or `None` when blank or unreadable.
    pub value: Option<Value>,
    /// True when the input holds nothing but spaces or markup.
    pub blank: bool,
    /// Errors, warnings and notes about the input.
    pub notes: Vec<Note>,
}

/// Options of a field that change how its input is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct FieldHints {
    /// The unit of a money field was not printed on the template.
    pub unit_assumed: bool,
}

// Out of line: built at 25 call sites (-1.4 KB of wasm, gzip unchanged).
#[inline(never)]
fn note(rule: &'static str, severity: Severity, vi: String, en: String) -> Note {
    Note { rule, severity, message: Text { vi, en }, suggestion: None }
}

/// Reads `input` as a value of `kind`.
///
/// A suggestion is offered only when it loses nothing: it must read back
/// without an error, and every digit typed must still be in it, in order
/// (`912345678` → `0912345678` keeps them all; `1,5` → `1` would not, so a
/// count of `1,5` gets a message and no suggestion).
pub fn parse(input: &str, kind: ValueKind, hints: FieldHints) -> Parsed {
    let mut out = parse_once(input, kind, hints);
    for n in &mut out.notes {
        if n.suggestion.as_deref().is_some_and(|s| !keeps_everything(input, s, kind, hints)) {
            n.suggestion = None;
        }
    }
    out
}

/// Whether `suggestion` reads without an error and keeps every digit of `typed`.
fn keeps_everything(typed: &str, suggestion: &str, kind: ValueKind, hints: FieldHints) -> bool {
    let again = parse_once(suggestion, kind, hints);
    if again.value.is_none() || again.notes.iter().any(|n| n.severity == Severity::Error) {
        return false;
    }
    let (typed, _) = ascii_digits(typed);
    let mut have = suggestion.chars().filter(char::is_ascii_digit);
    typed.chars().filter(char::is_ascii_digit).all(|d| have.any(|h| h == d))
}

/// Whether `input` is valid, or could still become valid as the person
/// types on: a prefix of a number (`1.04` on the way to `1.045`, `11.362.`),
/// of an amount with its units (`2 tỷ 5`, `2 tỷ 500 tr`), a date (`30/06/20`),
/// a phone number, an e-mail address or `có`/`không`. The page shows no new
/// message for such text while the person is still typing in the field.
pub fn could_become_valid(input: &str, kind: ValueKind, hints: FieldHints) -> bool {
    let parsed = parse_once(input, kind, hints);
    if parsed.blank || !parsed.notes.iter().any(|n| n.severity == Severity::Error) {
        return true;
    }
    let (s, _) = ascii_digits(input.trim());
    let lower = text::lowercase(&s);
    match kind {
        ValueKind::Count => number_prefix(&lower),
        ValueKind::Money(_) => amount_prefix(&lower),
        ValueKind::Date => crate::date::Date::could_become(&lower),
        ValueKind::Phone => {
            let digits = lower.chars().filter(char::is_ascii_digit).count();
            lower.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+'))
                && digits <= if lower.starts_with('+') || lower.starts_with("84") { 11 } else { 10 }
        }
        ValueKind::Email => {
            lower.matches('@').count() <= 1
                && lower.chars().all(|c| text::is_word_char(c) || matches!(c, '.' | '-' | '_' | '+' | '@'))
        }
        ValueKind::YesNo => ["có", "co", "không", "khong", "ko"].iter().any(|w| w.starts_with(lower.as_str())),
        ValueKind::Text | ValueKind::DocNumber => true,
    }
}

/// A number on its way to being typed: digits in groups of three after a
/// separator, the last group possibly short (`1.04`, `11.362.`, `1,5`).
fn number_prefix(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !text::is_space(*c)).collect();
    let mut groups = compact.split(['.', ',']);
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    !first.is_empty()
        && digits(first)
        && (rest.is_empty() || first.len() <= 3)
        && rest
            .iter()
            .enumerate()
            .all(|(i, g)| digits(g) && if i + 1 == rest.len() { g.len() <= 3 } else { g.len() == 3 })
}

/// An amount on its way to being typed: numbers and unit words, the last
/// word possibly cut short (`2 t`, `2 tỷ 500 tri`).
fn amount_prefix(s: &str) -> bool {
    let tokens = amount_tokens(s);
    let last = tokens.len().saturating_sub(1);
    tokens.iter().enumerate().all(|(i, t)| match t {
        Token::Number(n) => number_prefix(n) || lex_number(n, true).is_ok(),
        Token::Word(w) if i == last => TYPED_UNITS.iter().any(|(u, _)| u.split(' ').any(|p| p.starts_with(w))),
        Token::Word(w) => TYPED_UNITS.iter().any(|(u, _)| u.split(' ').any(|p| p == *w)),
    })
}

/// A piece of a typed amount.
enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
}

/// Splits lower-cased `2tỷ 500 triệu` into numbers and words.
fn amount_tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut number = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let is_num = c.is_ascii_digit() || matches!(c, '.' | ',');
        let kind = (!text::is_space(c)).then_some(is_num);
        if kind != number {
            if let Some(was_num) = number {
                let piece = &s[start..i];
                out.push(if was_num { Token::Number(piece) } else { Token::Word(piece) });
            }
            start = i;
            number = kind;
        }
    }
    out
}

/// Multiplier words of a spoken amount (`2 tỷ 500 triệu`), in đồng.
fn multiplier(word: &str) -> Option<u64> {
    match word {
        "tỷ" | "tỉ" => Some(1_000_000_000),
        "triệu" | "tr" => Some(1_000_000),
        "nghìn" | "ngàn" => Some(1_000),
        _ => None,
    }
}

/// Reads an amount said in parts, as people write it: `2 tỷ 500 triệu`,
/// `1 tỷ 2` (1 tỷ 200 triệu), `3 triệu 5`, `2 tỷ 500 triệu đồng`. `None`
/// when the text is not of that shape (a plain amount such as `2,5 tỷ` is
/// read by the usual path); an error when it is, but a part is not a whole
/// number of at most three digits or the units do not go down.
fn compound_amount(lower: &str) -> Option<Result<Decimal, LexError>> {
    let mut tokens = amount_tokens(lower);
    if matches!(tokens.last(), Some(Token::Word("đồng" | "đ" | "vnđ" | "vnd"))) {
        tokens.pop();
    }
    let pairs = tokens.len() / 2;
    let trailing = tokens.len() % 2 == 1;
    if pairs == 0 || (pairs == 1 && !trailing) {
        return None;
    }
    let mut total = Decimal::ZERO;
    let mut last_unit = u64::MAX;
    for (i, pair) in tokens.chunks(2).enumerate() {
        let Token::Number(n) = pair[0] else { return None };
        let unit = match pair.get(1) {
            Some(Token::Word(w)) => multiplier(w)?,
            Some(Token::Number(_)) => return None,
            // `1 tỷ 2`: the digits lead the next unit's three (200 triệu).
            None if n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) && last_unit >= 1_000 => {
                let scale = 10u64.pow(3 - n.len() as u32);
                let part = text::whole_number(n).unwrap_or(0) * scale * (last_unit / 1_000);
                return Some(total.checked_add(Decimal::from(part)).ok_or(LexError::TooLarge));
            }
            None => return Some(Err(LexError::NotANumber)),
        };
        if unit >= last_unit {
            return Some(Err(LexError::NotANumber));
        }
        let part = if i == 0 {
            match lex_number(n, false) {
                Ok(l) if !l.negative => l.value,
                Ok(_) => return Some(Err(LexError::NotANumber)),
                Err(e) => return Some(Err(e)),
            }
        } else if n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) {
            Decimal::from(text::whole_number(n).unwrap_or(0))
        } else {
            return Some(Err(LexError::NotANumber));
        };
        total = match text::checked_mul(part, Decimal::from(unit)).and_then(|p| total.checked_add(p)) {
            Some(t) => t,
            None => return Some(Err(LexError::TooLarge)),
        };
        last_unit = unit;
    }
    Some(Ok(total))
}

fn parse_once(input: &str, kind: ValueKind, hints: FieldHints) -> Parsed {
    let (cleaned, had_markup) = text::clean(input);
    let mut out = Parsed::default();
    if cleaned.is_empty() {
        out.blank = true;
        if !input.trim().is_empty() && input.chars().any(|c| !text::is_space(c)) {
            out.notes.push(note(
                "V-markup",
                Severity::Warning,
                "Ô này chỉ có thẻ định dạng hoặc ký tự ẩn, nên được coi là để trống.".into(),
                "This field holds only formatting tags or invisible characters, so it counts as blank.".into(),
            ));
        }
        return out;
    }
    if had_markup {
        out.notes.push(note(
            "V-markup",
            Severity::Info,
            "Đã bỏ định dạng (thẻ HTML) trong giá trị.".into(),
            "Formatting (HTML tags) was removed from the value.".into(),
        ));
    }
    match kind {
        ValueKind::Count => parse_count(&cleaned, &mut out),
        ValueKind::Money(unit) => parse_money(&cleaned, unit, hints, &mut out),
        ValueKind::YesNo => parse_yes_no(&cleaned, &mut out),
        ValueKind::Phone => parse_phone(&cleaned, &mut out),
        ValueKind::Email => parse_email(&cleaned, &mut out),
        ValueKind::Text => out.value = Some(Value::Text(cleaned.into_owned())),
        ValueKind::DocNumber => parse_doc_number(cleaned.into_owned(), &mut out),
        ValueKind::Date => match crate::date::Date::read_any(&cleaned) {
            Ok(d) => out.value = Some(Value::Date(d)),
            Err(e) => {
                let (vi, en) = e.message();
                out.notes.push(note(
                    "V-date",
                    Severity::Error,
                    format!("Ngày {} không hợp lệ: {vi}.", Quoted(&cleaned)),
                    format!("{} is not a valid date: {en}.", Quoted(&cleaned)),
                ))
            }
        },
    }
    out
}

/// Maps full-width and Arabic-Indic digits (and full-width separators) to
/// ASCII. Returns the mapped text and whether anything changed.
fn ascii_digits(s: &str) -> (String, bool) {
    if s.is_ascii() {
        return (s.to_string(), false);
    }
    let mut changed = false;
    let out = s
        .chars()
        .map(|c| {
            let mapped = match c {
                '\u{FF10}'..='\u{FF19}' => char::from_digit(c as u32 - 0xFF10, 10),
                '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
                '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
                '\u{FF0E}' => Some('.'),
                '\u{FF0C}' => Some(','),
                '\u{2212}' | '\u{2013}' => Some('-'),
                _ => None,
            };
            match mapped {
                Some(m) => {
                    changed |= m != c;
                    m
                }
                None => c,
            }
        })
        .collect();
    (out, changed)
}

/// How a number's separators were read.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    /// Plain Vietnamese (or no separators at all).
    Plain,
    /// `1.234` in a field that allows decimals: read as 1234, could be 1,234.
    AmbiguousDot,
    /// `1,234` read as a Vietnamese decimal 1,234; could be English 1234.
    AmbiguousComma,
    /// English style (`1,234.5`, `1.5`) was recognised and converted.
    English,
}

/// A number lexed from typed text.
struct Lexed {
    value: Decimal,
    reading: Reading,
    negative: bool,
}

enum LexError {
    NotANumber,
    Exponent,
    TooLarge,
}

fn valid_groups(groups: &[&str]) -> bool {
    let first = groups[0];
    !first.is_empty()
        && first.len() <= 3
        && !(first.starts_with('0') && (first.len() > 1 || groups.len() > 1))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

fn decimal_from(int: &str, frac: &str) -> Result<Decimal, LexError> {
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() + frac.len() > 28 {
        return Err(LexError::TooLarge);
    }
    let mantissa = text::digits_value(int, frac);
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).map_err(|_| LexError::TooLarge)
}

/// Lexes a number with Vietnamese separators. `decimals_allowed` decides how
/// `1,234` and `1.234` are read.
fn lex_number(s: &str, decimals_allowed: bool) -> Result<Lexed, LexError> {
    // Fast path: `1234` or `0,25`, as most amounts are typed.
    if decimals_allowed && !s.is_empty() && s.len() <= 26 {
        let (int, frac) = s.split_once(',').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !int.is_empty()
            && digits(int)
            && digits(frac)
            && (int == "0" || !int.starts_with('0'))
            && (int.len() > 3 || frac.len() != 3)
        {
            return Ok(Lexed { value: decimal_from(int, frac)?, reading: Reading::Plain, negative: false });
        }
    }
    let mut body = s.trim();
    let negative = body.starts_with('-');
    if negative || body.starts_with('+') {
        body = body[1..].trim_start();
    }
    // Spaces between digit groups: `1 234 567`.
    let compact: String = body.chars().filter(|c| !text::is_space(*c)).collect();
    if compact.is_empty() || !compact.chars().next().is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(LexError::NotANumber);
    }
    if compact.chars().any(|c| c == 'e' || c == 'E')
        && compact.chars().all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '+' | '-' | '.' | ','))
    {
        return Err(LexError::Exponent);
    }
    if !compact.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(LexError::NotANumber);
    }
    let chunks: Vec<&str> = body.split(text::is_space).filter(|g| !g.is_empty()).collect();
    if chunks.len() > 1 {
        let first_ok = chunks[0].len() <= 3 && chunks[0].bytes().all(|b| b.is_ascii_digit());
        let rest_ok = chunks[1..].iter().all(|c| c.bytes().take_while(u8::is_ascii_digit).count() == 3);
        if !first_ok || !rest_ok {
            return Err(LexError::NotANumber);
        }
    }
    let dots = compact.matches('.').count();
    let commas = compact.matches(',').count();
    let (int_part, frac_part, reading): (String, String, Reading) = match (dots, commas) {
        (0, 0) => (compact.clone(), String::new(), Reading::Plain),
        (_, 0) => {
            let groups: Vec<&str> = compact.split('.').collect();
            if valid_groups(&groups) && (dots > 1 || !decimals_allowed) {
                (digits_of(&compact), String::new(), Reading::Plain)
            } else if valid_groups(&groups) {
                (digits_of(&compact), String::new(), Reading::AmbiguousDot)
            } else if dots == 1 {
                // `1.5`, or `43.0` as a spreadsheet writes a whole number.
                let (i, f) = compact.split_once('.').unwrap_or(("", ""));
                (i.to_string(), f.to_string(), Reading::English)
            } else {
                return Err(LexError::NotANumber);
            }
        }
        (0, _) => {
            let groups: Vec<&str> = compact.split(',').collect();
            if commas == 1 && decimals_allowed {
                let (i, f) = compact.split_once(',').unwrap_or(("", ""));
                let reading = if valid_groups(&groups) { Reading::AmbiguousComma } else { Reading::Plain };
                (i.to_string(), f.to_string(), reading)
            } else if valid_groups(&groups) {
                (digits_of(&compact), String::new(), Reading::English)
            } else if commas == 1 {
                let (i, f) = compact.split_once(',').unwrap_or(("", ""));
                (i.to_string(), f.to_string(), Reading::Plain)
            } else {
                return Err(LexError::NotANumber);
            }
        }
        _ => {
            let last_dot = compact.rfind('.').unwrap_or(0);
            let last_comma = compact.rfind(',').unwrap_or(0);
            let (group_sep, point, reading) =
                if last_comma > last_dot { ('.', ',', Reading::Plain) } else { (',', '.', Reading::English) };
            let (i, f) = compact.rsplit_once(point).unwrap_or(("", ""));
            if f.contains(group_sep) || compact.matches(point).count() != 1 {
                return Err(LexError::NotANumber);
            }
            let groups: Vec<&str> = i.split(group_sep).collect();
            if !valid_groups(&groups) {
                return Err(LexError::NotANumber);
            }
            (digits_of(i), f.to_string(), reading)
        }
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(LexError::NotANumber);
    }
    if !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(LexError::NotANumber);
    }
    let value = decimal_from(&int_part, &frac_part)?;
    Ok(Lexed { value, reading, negative })
}

/// Splits `43 máy` into the leading number and the rest, for a suggestion.
fn leading_number(s: &str) -> Option<&str> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',') || text::is_space(*c)))
        .map(|(i, _)| i)?;
    let head = s[..end].trim();
    (!head.is_empty() && head.bytes().any(|b| b.is_ascii_digit())).then_some(head)
}

fn lex_error_note(err: LexError, shown: &str, what_vi: &str, what_en: &str, out: &mut Parsed, rule: &'static str) {
    let q = Quoted(shown);
    let n = match err {
        LexError::Exponent => note(
            rule,
            Severity::Error,
            format!("{q} là dạng số mũ; hãy nhập đầy đủ các chữ số."),
            format!("{q} is in exponent notation; type all the digits."),
        ),
        LexError::TooLarge => note(
            rule,
            Severity::Error,
            format!("{q} quá lớn, không thể là {what_vi}."),
            format!("{q} is too large to be {what_en}."),
        ),
        LexError::NotANumber => {
            let mut n = note(
                rule,
                Severity::Error,
                format!("Không đọc được {q}: cần nhập {what_vi}."),
                format!("Cannot read {q}: expected {what_en}."),
            );
            n.suggestion = leading_number(shown).map(str::to_string);
            n
        }
    };
    out.notes.push(n);
}

fn digits_note(out: &mut Parsed) {
    out.notes.push(note(
        "V-format",
        Severity::Warning,
        "Đã đổi chữ số toàn độ rộng hoặc Ả Rập sang chữ số thường.".into(),
        "Full-width or Arabic-Indic digits were converted to ordinary digits.".into(),
    ));
}

fn parse_count(s: &str, out: &mut Parsed) {
    // Fast path: plain digits, as most counts are typed.
    if !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0')) {
        if let Some(n) = text::whole_number(s) {
            out.value = Some(Value::Count(n));
            return;
        }
    }
    let (s, mapped) = ascii_digits(s);
    if mapped {
        digits_note(out);
    }
    let what_vi = "một số nguyên không âm (ví dụ 43 hoặc 1.045)";
    let what_en = "a whole number of zero or more (e.g. 43 or 1.045)";
    let lexed = match lex_number(&s, false) {
        Ok(l) => l,
        Err(e) => return lex_error_note(e, &s, what_vi, what_en, out, "R27"),
    };
    let q = Quoted(&s);
    if lexed.negative && !lexed.value.is_zero() {
        out.notes.push(note(
            "R27",
            Severity::Error,
            format!("{q}: số lượng không được âm."),
            format!("{q}: a count cannot be negative."),
        ));
        return;
    }
    if has_fraction(lexed.value) {
        // Say what the separator did: a comma is the decimal mark, a dot
        // (not in groups of three) was read the English way.
        let n = if s.contains(',') {
            note(
                "R27",
                Severity::Error,
                format!("{q}: số lượng phải là số nguyên; dấu phẩy là dấu thập phân (hàng nghìn viết bằng dấu chấm, ví dụ 1.500)."),
                format!("{q}: a count must be a whole number; the comma is the decimal mark (thousands take a dot, e.g. 1.500)."),
            )
        } else {
            note(
                "R27",
                Severity::Error,
                format!("{q}: số lượng phải là số nguyên (dấu chấm chỉ dùng để phân cách hàng nghìn, ví dụ 1.045)."),
                format!("{q}: a count must be a whole number (a dot only separates thousands, e.g. 1.045)."),
            )
        };
        // No suggestion: dropping the fraction would lose what was typed.
        out.notes.push(n);
        return;
    }
    if lexed.reading == Reading::English {
        out.notes.push(note(
            "V-format",
            Severity::Warning,
            format!(
                "{q} được hiểu là {} (cách viết số kiểu tiếng Anh).",
                format_decimal(lexed.value.normalize(), Lang::Vi)
            ),
            format!("{q} was read as {} (English-style number).", format_decimal(lexed.value.normalize(), Lang::En)),
        ));
    }
    let whole = lexed.value.normalize();
    match u64::try_from(whole.mantissa()) {
        Ok(n) if whole.scale() == 0 => out.value = Some(Value::Count(n)),
        _ => lex_error_note(LexError::TooLarge, &s, what_vi, what_en, out, "R27"),
    }
}

/// Units people type after an amount, longest first, with their size in đồng.
const TYPED_UNITS: &[(&str, u64)] = &[
    ("tỷ đồng", 1_000_000_000),
    ("tỉ đồng", 1_000_000_000),
    ("tỷ vnđ", 1_000_000_000),
    ("tỷ", 1_000_000_000),
    ("tỉ", 1_000_000_000),
    ("triệu đồng", 1_000_000),
    ("triệu", 1_000_000),
    ("tr", 1_000_000),
    ("nghìn đồng", 1_000),
    ("ngàn đồng", 1_000),
    ("nghìn", 1_000),
    ("ngàn", 1_000),
    ("đồng", 1),
    ("vnđ", 1),
    ("vnd", 1),
    ("đ", 1),
];

fn split_unit(s: &str) -> (&str, Option<(&'static str, Decimal)>) {
    if s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b' ' | b'-' | b'+')) {
        return (s, None);
    }
    let lower = crate::text::lowercase(s);
    for (name, size) in TYPED_UNITS {
        if let Some(head) = lower.strip_suffix(name) {
            // Only when the unit follows the number (not "đ" inside a word).
            let head_trim = head.trim_end();
            if head_trim.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
                // `lower` keeps every letter's byte width, so offsets agree.
                return (&s[..head_trim.len()], Some((name, Decimal::from(*size))));
            }
        }
    }
    (s, None)
}

fn money_text(d: Decimal, lang: Lang) -> String {
    if lang == Lang::En {
        format!("{} VND", format_decimal(d, Lang::En))
    } else {
        format!("{} đồng", format_decimal(d, Lang::Vi))
    }
}

fn in_ty(dong: Decimal, lang: Lang) -> String {
    let ty = dong / Decimal::from(1_000_000_000u64);
    format!("{} tỷ đồng", format_decimal(ty, lang))
}

fn parse_money(s: &str, unit: MoneyUnit, hints: FieldHints, out: &mut Parsed) {
    let (s, mapped) = ascii_digits(s);
    if mapped {
        digits_note(out);
    }
    let what_vi = "một số tiền (ví dụ 1,5 hoặc 11.362.000 đồng)";
    let what_en = "an amount of money (e.g. 1,5 or 11.362.000 đồng)";
    if let Some(read) = compound_amount(&text::lowercase(&s)) {
        return match read {
            Ok(dong) => {
                let q = Quoted(&s);
                out.notes.push(note(
                    "V-unit",
                    Severity::Info,
                    format!("Đã đọc {q} là {} ({}).", in_unit(dong, unit, Lang::Vi), money_text(dong, Lang::Vi)),
                    format!("Read {q} as {} ({}).", in_unit(dong, unit, Lang::En), money_text(dong, Lang::En)),
                ));
                out.value = Some(Value::Money(dong.normalize()));
            }
            Err(e) => {
                lex_error_note(e, &s, what_vi, what_en, out, "V-money");
                // A leading number of a spoken amount would drop its units.
                out.notes.iter_mut().for_each(|n| n.suggestion = None);
            }
        };
    }
    let (number, typed_unit) = split_unit(&s);
    let lexed = match lex_number(number, true) {
        Ok(l) => l,
        Err(e) => {
            lex_error_note(e, &s, what_vi, what_en, out, "V-money");
            // `500 nghìn đô` → `500` would drop a unit: no suggestion for money.
            out.notes.iter_mut().for_each(|n| n.suggestion = None);
            return;
        }
    };
    let q = Quoted(&s);
    if lexed.negative && !lexed.value.is_zero() {
        out.notes.push(note(
            "V-money",
            Severity::Error,
            format!("{q}: số tiền không được âm."),
            format!("{q}: an amount cannot be negative."),
        ));
        return;
    }
    let size = typed_unit.map(|(_, size)| size).unwrap_or_else(|| unit.dong());
    let Some(dong) = text::checked_mul(lexed.value, size) else {
        return lex_error_note(LexError::TooLarge, &s, what_vi, what_en, out, "V-money");
    };
    match lexed.reading {
        Reading::AmbiguousDot => out.notes.push(note(
            "V-format",
            Severity::Warning,
            format!("{q} được hiểu là {} (dấu chấm phân cách hàng nghìn). Nếu là số thập phân, hãy dùng dấu phẩy, ví dụ 1,234.", format_decimal(lexed.value, Lang::Vi)),
            format!("{q} was read as {} (a dot separates thousands). For a decimal, use a comma, e.g. 1,234.", format_decimal(lexed.value, Lang::En)),
        )),
        Reading::AmbiguousComma if typed_unit.is_none() && unit == MoneyUnit::Dong => out.notes.push(note(
            "V-format",
            Severity::Warning,
            format!("{q} được hiểu là {} (dấu phẩy là dấu thập phân).", format_decimal(lexed.value, Lang::Vi)),
            format!("{q} was read as {} (the comma is the decimal point).", format_decimal(lexed.value, Lang::En)),
        )),
        Reading::English => out.notes.push(note(
            "V-format",
            Severity::Warning,
            format!("{q} được hiểu là {} (kiểu viết tiếng Anh); tiếng Việt dùng dấu chấm phân cách hàng nghìn, dấu phẩy thập phân.", format_decimal(lexed.value, Lang::Vi)),
            format!("{q} was read as {} (English style); Vietnamese uses a dot for thousands and a comma for decimals.", format_decimal(lexed.value, Lang::En)),
        )),
        _ => {}
    }
    match typed_unit {
        Some((name, _)) if size != unit.dong() => out.notes.push(note(
            "V-unit",
            Severity::Info,
            format!("Đã đổi {} {} = {} ({}).", format_decimal(lexed.value, Lang::Vi), name, in_unit(dong, unit, Lang::Vi), money_text(dong, Lang::Vi)),
            format!("Converted {} {} = {} ({}).", format_decimal(lexed.value, Lang::En), name, in_unit(dong, unit, Lang::En), money_text(dong, Lang::En)),
        )),
        Some(_) => {}
        None => match unit {
            MoneyUnit::Ty if lexed.value >= Decimal::from(1_000_000u64) => {
                let mut n = note(
                    "V-money-unit",
                    Severity::Warning,
                    format!("{q} tỷ đồng là số rất lớn; có lẽ đã nhập theo đồng ({}). Nếu vậy, hãy ghi rõ đơn vị, ví dụ \"{} đồng\".", in_ty(lexed.value, Lang::Vi), format_decimal(lexed.value, Lang::Vi)),
                    format!("{q} tỷ đồng is very large; perhaps it was typed in đồng ({}). If so, type the unit, e.g. \"{} đồng\".", in_ty(lexed.value, Lang::En), format_decimal(lexed.value, Lang::Vi)),
                );
                n.suggestion = Some(format!("{} đồng", format_decimal(lexed.value, Lang::Vi)));
                out.notes.push(n);
            }
            MoneyUnit::Ty if hints.unit_assumed => out.notes.push(note(
                "V-unit",
                Severity::Info,
                "Biểu mẫu không ghi đơn vị cho mục này; đã hiểu là tỷ đồng. Nếu khác, hãy ghi rõ đơn vị (ví dụ \"150 triệu\").".into(),
                "The template prints no unit here; tỷ đồng was assumed. Otherwise type the unit (e.g. \"150 triệu\").".into(),
            )),
            MoneyUnit::Dong if !dong.is_zero() && dong < Decimal::from(1000) => {
                let mut n = note(
                    "V-money-unit",
                    Severity::Warning,
                    format!("Mục này tính bằng đồng; {} đồng là số rất nhỏ, có lẽ đã nhập theo tỷ đồng.", format_decimal(dong, Lang::Vi)),
                    format!("This field is in đồng; {} đồng is very small, perhaps it was typed in tỷ đồng.", format_decimal(dong, Lang::En)),
                );
                n.suggestion = Some(format!("{} tỷ", format_decimal(lexed.value, Lang::Vi)));
                out.notes.push(n);
            }
            MoneyUnit::Dong => out.notes.push(note(
                "V-unit",
                Severity::Info,
                format!("Mục này tính bằng đồng (các mục kinh phí khác tính bằng tỷ đồng): {} = {}.", money_text(dong, Lang::Vi), in_ty(dong, Lang::Vi)),
                format!("This field is in đồng (other money fields are in tỷ đồng): {} = {}.", money_text(dong, Lang::En), in_ty(dong, Lang::En)),
            )),
            MoneyUnit::Ty => {}
        },
    }
    if has_fraction(dong) {
        out.notes.push(note(
            "V-money",
            Severity::Warning,
            format!("{q} không phải là số đồng chẵn ({}).", money_text(dong, Lang::Vi)),
            format!("{q} is not a whole number of đồng ({}).", money_text(dong, Lang::En)),
        ));
    }
    out.value = Some(Value::Money(dong.normalize()));
}

fn in_unit(dong: Decimal, unit: MoneyUnit, lang: Lang) -> String {
    match unit {
        MoneyUnit::Ty => in_ty(dong, lang),
        MoneyUnit::Dong => money_text(dong, lang),
    }
}

fn parse_yes_no(s: &str, out: &mut Parsed) {
    let lower = text::lowercase(s);
    let key = lower.trim_end_matches(['.', '!', ';']).trim();
    let (value, plain) = match key {
        "có" | "co\u{301}" => (true, true),
        "không" | "kho\u{302}ng" => (false, true),
        "co" | "c" => (true, false),
        "khong" | "k" | "ko" | "hông" => (false, false),
        _ => {
            out.notes.push(note(
                "R27",
                Severity::Error,
                format!("{}: chỉ trả lời \"có\" hoặc \"không\".", Quoted(s)),
                format!("{}: answer \"có\" (yes) or \"không\" (no) only.", Quoted(s)),
            ));
            return;
        }
    };
    if !plain {
        let word = if value { "có" } else { "không" };
        let mut n = note(
            "R27",
            Severity::Warning,
            format!("{} được hiểu là \"{word}\"; hãy gõ đủ dấu.", Quoted(s)),
            format!("{} was read as \"{word}\"; please type it with its diacritics.", Quoted(s)),
        );
        n.suggestion = Some(word.to_string());
        out.notes.push(n);
    }
    out.value = Some(Value::Bool(value));
}

fn parse_doc_number(s: String, out: &mut Parsed) {
    if !s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.notes.push(note(
            "V-docnumber",
            Severity::Warning,
            format!("Số công văn {} chưa có số thứ tự (ví dụ 125/STP-PBGDPL).", Quoted(&s)),
            format!("Letter number {} has no number yet (e.g. 125/STP-PBGDPL).", Quoted(&s)),
        ));
    }
    out.value = Some(Value::Text(s));
}

fn parse_phone(s: &str, out: &mut Parsed) {
    let (s, _) = ascii_digits(s);
    let q = Quoted(&s);
    let allowed = |c: char| c.is_ascii_digit() || text::is_space(c) || matches!(c, '.' | '-' | '(' | ')' | '+' | '/');
    let mut digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if !s.chars().all(allowed) || digits.is_empty() {
        out.notes.push(note(
            "V-phone",
            Severity::Error,
            format!("{q} không phải là số điện thoại; nhập 10 chữ số, ví dụ 0912345678."),
            format!("{q} is not a phone number; type 10 digits, e.g. 0912345678."),
        ));
        return;
    }
    let international = s.trim_start().starts_with('+') || (digits.starts_with("84") && digits.len() == 11);
    if international && digits.starts_with("84") && digits.len() == 11 {
        digits = format!("0{}", &digits[2..]);
    }
    let is_mobile = digits.len() == 10
        && digits.starts_with('0')
        && matches!(digits.as_bytes()[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let is_landline = digits.len() == 11 && digits.starts_with("02");
    if is_mobile || is_landline {
        out.value = Some(Value::Text(digits));
        return;
    }
    if digits.len() == 9 && matches!(digits.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9') {
        let fixed = format!("0{digits}");
        let mut n = note(
            "V-phone",
            Severity::Error,
            format!("Số điện thoại {q} chỉ có 9 chữ số, có lẽ thiếu số 0 ở đầu: {fixed}?"),
            format!("Phone number {q} has only 9 digits, probably missing its leading 0: {fixed}?"),
        );
        n.suggestion = Some(fixed);
        out.notes.push(n);
        return;
    }
    out.notes.push(note(
        "V-phone",
        Severity::Error,
        format!(
            "Số điện thoại {q} không hợp lệ: di động có 10 chữ số (03, 05, 07, 08, 09…), cố định có 11 chữ số (02…)."
        ),
        format!("Phone number {q} is not valid: mobiles have 10 digits (03, 05, 07, 08, 09…), landlines 11 (02…)."),
    ));
}

fn parse_email(s: &str, out: &mut Parsed) {
    let q = Quoted(s);
    let bad = || {
        note(
            "V-email",
            Severity::Error,
            format!("{q} không phải là địa chỉ email hợp lệ (ví dụ ten@sotp.laichau.gov.vn)."),
            format!("{q} is not a valid e-mail address (e.g. name@sotp.laichau.gov.vn)."),
        )
    };
    let Some((local, domain)) = s.rsplit_once('@') else {
        out.notes.push(bad());
        return;
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| text::is_word_char(c) || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && !local.contains('@')
        && !local.chars().any(|c| text::is_space(c) || c.is_control() || matches!(c, '<' | '>' | '"' | ','));
    if !domain_ok || !local_ok {
        out.notes.push(bad());
        return;
    }
    let domain = text::lowercase(domain);
    if !(domain.ends_with(".gov.vn") || domain == "gov.vn") {
        out.notes.push(note(
            "V-email",
            Severity::Warning,
            format!("Email {q} không thuộc tên miền công vụ .gov.vn; nên dùng email công vụ."),
            format!("E-mail {q} is not on an official .gov.vn domain; an official address is preferred."),
        ));
    }
    out.value = Some(Value::Text(format!("{local}@{domain}")));
}

/// The digits of a run of digit groups (`1.045.000` → `1045000`): the
/// groups are checked first, so only their separators are dropped.
fn digits_of(groups: &str) -> String {
    groups.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `d` has a non-zero fractional part (without `Decimal::fract`,
/// which is 1.8 KB of the wasm for this one question).
fn has_fraction(d: Decimal) -> bool {
    d.normalize().scale() != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fraction_is_found_whatever_the_scale() {
        let d = |n: i64, scale: u32| Decimal::new(n, scale);
        for (x, frac) in [
            (d(150, 2), true),
            (d(200, 2), false),
            (d(-5, 2), true),
            (d(0, 5), false),
            (d(1, 28), true),
            (d(11362000, 0), false),
        ] {
            assert_eq!(has_fraction(x), frac, "{x}");
            assert_eq!(has_fraction(x), x.fract() != Decimal::ZERO, "{x}");
        }
    }

    fn p(input: &str, kind: ValueKind) -> Parsed {
        parse(input, kind, FieldHints::default())
    }
    fn count(input: &str) -> Option<u64> {
        match p(input, ValueKind::Count).value {
            Some(Value::Count(n)) => Some(n),
            _ => None,
        }
    }
    fn money(input: &str, unit: MoneyUnit) -> Option<String> {
        match p(input, ValueKind::Money(unit)).value {
            Some(Value::Money(d)) => Some(d.to_string()),
            _ => None,
        }
    }
    fn rules(parsed: &Parsed) -> Vec<(&'static str, Severity)> {
        parsed.notes.iter().map(|n| (n.rule, n.severity)).collect()
    }

    #[test]
    fn amounts_said_in_parts_are_read_exactly() {
        let ty = MoneyUnit::Ty;
        assert_eq!(money("2 tỷ 500 triệu", ty).as_deref(), Some("2500000000"));
        assert_eq!(money("2 tỷ 500 triệu đồng", ty).as_deref(), Some("2500000000"));
        assert_eq!(money("2tỷ500tr", ty).as_deref(), Some("2500000000"));
        assert_eq!(money("1 tỷ 2", ty).as_deref(), Some("1200000000"));
        assert_eq!(money("1 tỷ 25", ty).as_deref(), Some("1250000000"));
        assert_eq!(money("3 triệu 5", MoneyUnit::Dong).as_deref(), Some("3500000"));
        assert_eq!(money("1 tỷ 200 triệu 300 nghìn", MoneyUnit::Dong).as_deref(), Some("1200300000"));
        assert_eq!(money("2,5 tỷ", ty).as_deref(), Some("2500000000"));
        assert_eq!(money("500tr", ty).as_deref(), Some("500000000"));
        // Units that do not go down, or a part that is not three digits: no
        // reading, and no suggestion that would keep only the first part.
        for bad in ["2 triệu 500 tỷ", "2 tỷ 5000 triệu", "2 tỷ 1,5 triệu"] {
            let parsed = p(bad, ValueKind::Money(ty));
            assert_eq!(parsed.value, None, "{bad}");
            assert!(parsed.notes.iter().all(|n| n.suggestion.is_none()), "{bad}");
        }
    }

    /// Every path that can suggest a fix, with what the person meant: the
    /// suggestion must read back as exactly that, or there is none.
    #[test]
    fn every_suggestion_reads_back_as_what_was_meant() {
        let ty = ValueKind::Money(MoneyUnit::Ty);
        let dong = ValueKind::Money(MoneyUnit::Dong);
        let cases: &[(&str, ValueKind, Option<Value>)] = &[
            ("912345678", ValueKind::Phone, Some(Value::Text("0912345678".into()))),
            ("co", ValueKind::YesNo, Some(Value::Bool(true))),
            ("khong", ValueKind::YesNo, Some(Value::Bool(false))),
            ("43 máy", ValueKind::Count, Some(Value::Count(43))),
            ("11362000", ty, Some(Value::Money(Decimal::from(11_362_000u64)))),
            ("500", dong, Some(Value::Money(Decimal::from(500_000_000_000u64)))),
            ("1,5", ValueKind::Count, None),
            ("12,5", ValueKind::Count, None),
            ("1.5", ValueKind::Count, None),
            ("2 tỷ 500 triệu rưỡi", ty, None),
            ("500 nghìn đô", ty, None),
            ("1,5 máy", ValueKind::Count, None),
        ];
        for (typed, kind, meant) in cases {
            let parsed = p(typed, *kind);
            let suggested: Vec<&String> = parsed.notes.iter().filter_map(|n| n.suggestion.as_ref()).collect();
            match meant {
                Some(v) => {
                    assert_eq!(suggested.len(), 1, "{typed}: {:?}", parsed.notes);
                    assert_eq!(p(suggested[0], *kind).value.as_ref(), Some(v), "{typed} → {}", suggested[0]);
                }
                None => assert!(suggested.is_empty(), "{typed} → {suggested:?}"),
            }
        }
    }

    #[test]
    fn text_on_its_way_to_a_valid_value_could_still_become_one() {
        let h = FieldHints::default();
        let ty = ValueKind::Money(MoneyUnit::Ty);
        for (kind, typed) in [
            (ValueKind::Count, "1.04"),
            (ValueKind::Count, "1."),
            (ValueKind::Count, "11.362."),
            (ValueKind::Count, "1,5"),
            (ty, "11.362."),
            (ty, "11.362.0"),
            (ty, "2 t"),
            (ty, "2 tỷ 5"),
            (ty, "2 tỷ 500 tri"),
            (ty, "500t"),
            (ValueKind::Date, "30/06/20"),
            (ValueKind::Date, "3006"),
            (ValueKind::Phone, "091"),
            (ValueKind::Email, "ten@sotp"),
            (ValueKind::YesNo, "kh"),
        ] {
            assert!(could_become_valid(typed, kind, h), "{typed}");
        }
        for (kind, typed) in [
            (ValueKind::Count, "abc"),
            (ValueKind::Count, "1.0456"),
            (ValueKind::Count, "-3"),
            (ty, "2 đô"),
            (ValueKind::Date, "31/06/2023"),
            (ValueKind::Date, "30/06/20234"),
            (ValueKind::Phone, "09123456789"),
            (ValueKind::Email, "a b@c.vn"),
            (ValueKind::YesNo, "yes"),
        ] {
            assert!(!could_become_valid(typed, kind, h), "{typed}");
        }
    }

    #[test]
    fn counts_accept_vietnamese_thousands_and_spaces() {
        assert_eq!(count("43"), Some(43));
        assert_eq!(count("1.045"), Some(1045));
        assert_eq!(count("11.362.000"), Some(11_362_000));
        assert_eq!(count("1 045"), Some(1045));
        assert_eq!(count("1\u{00A0}045"), Some(1045));
        assert_eq!(count(" 0 "), Some(0));
        assert_eq!(count("<i>38</i>"), Some(38));
        assert_eq!(count("４３"), Some(43));
    }

    #[test]
    fn counts_reject_decimals_negatives_exponents_and_words() {
        for bad in ["1,5", "-3", "1e3", "abc", "12.34", "1.2.3", "10^30"] {
            let r = p(bad, ValueKind::Count);
            assert_eq!(r.value, None, "{bad}");
            assert_eq!(rules(&r), vec![("R27", Severity::Error)], "{bad}");
        }
        let r = p("43 máy", ValueKind::Count);
        assert_eq!(r.notes[0].suggestion.as_deref(), Some("43"));
        // Dropping the fraction would lose what was typed: no suggestion.
        assert_eq!(p("1,5", ValueKind::Count).notes[0].suggestion, None);
    }

    #[test]
    fn counts_read_english_thousands_with_a_warning() {
        let r = p("1,234", ValueKind::Count);
        assert_eq!(r.value, Some(Value::Count(1234)));
        assert_eq!(rules(&r), vec![("V-format", Severity::Warning)]);
    }

    #[test]
    fn a_spreadsheet_whole_number_with_a_point_zero_reads_with_a_warning() {
        let r = p("43.0", ValueKind::Count);
        assert_eq!(r.value, Some(Value::Count(43)));
        assert_eq!(rules(&r), vec![("V-format", Severity::Warning)]);
        let r = p("12.5", ValueKind::Count);
        assert_eq!(r.value, None);
        assert!(r.notes[0].message.vi.contains("số nguyên"));
    }

    #[test]
    fn huge_counts_are_refused_not_wrapped() {
        let r = p("1000000000000000000000000000000", ValueKind::Count);
        assert_eq!(r.value, None);
        assert!(r.notes[0].message.vi.contains("quá lớn"));
    }

    #[test]
    fn money_is_exact_in_dong_whatever_the_unit() {
        assert_eq!(money("11.362.000", MoneyUnit::Dong), Some("11362000".into()));
        assert_eq!(money("1,5", MoneyUnit::Ty), Some("1500000000".into()));
        assert_eq!(money("0,011362", MoneyUnit::Ty), Some("11362000".into()));
        assert_eq!(money("150 triệu", MoneyUnit::Ty), Some("150000000".into()));
        assert_eq!(money("0,5 tỷ", MoneyUnit::Ty), Some("500000000".into()));
        assert_eq!(money("11.362.000 đồng", MoneyUnit::Ty), Some("11362000".into()));
        assert_eq!(money("1.234,5", MoneyUnit::Ty), Some("1234500000000".into()));
        assert_eq!(money("2 tỷ đồng", MoneyUnit::Dong), Some("2000000000".into()));
    }

    #[test]
    fn a_dot_in_a_ty_field_is_ambiguous_and_warned() {
        let r = p("1.234", ValueKind::Money(MoneyUnit::Ty));
        assert_eq!(r.value, Some(Value::Money("1234000000000".parse().unwrap())));
        assert_eq!(rules(&r), vec![("V-format", Severity::Warning)]);
        let r = p("1.5", ValueKind::Money(MoneyUnit::Ty));
        assert_eq!(r.value, Some(Value::Money("1500000000".parse().unwrap())));
        assert_eq!(rules(&r), vec![("V-format", Severity::Warning)]);
        let r = p("1,234.5", ValueKind::Money(MoneyUnit::Ty));
        assert_eq!(r.value, Some(Value::Money("1234500000000".parse().unwrap())));
    }

    #[test]
    fn a_million_in_a_ty_field_suggests_dong() {
        let r = p("11.362.000", ValueKind::Money(MoneyUnit::Ty));
        assert_eq!(rules(&r), vec![("V-money-unit", Severity::Warning)]);
        assert_eq!(r.notes[0].suggestion.as_deref(), Some("11.362.000 đồng"));
    }

    #[test]
    fn a_dong_field_says_its_unit_and_the_amount_in_ty() {
        let r = p("11.362.000", ValueKind::Money(MoneyUnit::Dong));
        assert_eq!(rules(&r), vec![("V-unit", Severity::Info)]);
        assert!(r.notes[0].message.vi.contains("0,011362 tỷ đồng"), "{}", r.notes[0].message.vi);
    }

    #[test]
    fn an_assumed_unit_is_noted() {
        let r = parse("2", ValueKind::Money(MoneyUnit::Ty), FieldHints { unit_assumed: true });
        assert_eq!(rules(&r), vec![("V-unit", Severity::Info)]);
        let r = parse("2 tỷ", ValueKind::Money(MoneyUnit::Ty), FieldHints { unit_assumed: true });
        assert!(r.notes.is_empty());
    }

    #[test]
    fn money_rejects_negatives_and_overflow() {
        assert_eq!(money("-1", MoneyUnit::Ty), None);
        assert_eq!(money("99999999999999999999999", MoneyUnit::Ty), None);
        assert_eq!(money("abc", MoneyUnit::Ty), None);
    }

    #[test]
    fn yes_no_accepts_co_khong_markup_and_plain_ascii_with_a_warning() {
        assert_eq!(p("có", ValueKind::YesNo).value, Some(Value::Bool(true)));
        assert_eq!(p("Có", ValueKind::YesNo).value, Some(Value::Bool(true)));
        assert_eq!(p("<i>có</i>", ValueKind::YesNo).value, Some(Value::Bool(true)));
        assert_eq!(p("KHÔNG", ValueKind::YesNo).value, Some(Value::Bool(false)));
        assert_eq!(p("co\u{301}", ValueKind::YesNo).value, Some(Value::Bool(true)));
        let r = p("khong", ValueKind::YesNo);
        assert_eq!(r.value, Some(Value::Bool(false)));
        assert_eq!(rules(&r), vec![("R27", Severity::Warning)]);
        let r = p("yes", ValueKind::YesNo);
        assert_eq!(r.value, None);
        assert_eq!(rules(&r), vec![("R27", Severity::Error)]);
    }

    #[test]
    fn phones_normalise_and_a_missing_zero_gets_a_suggestion() {
        let phone = |s| match p(s, ValueKind::Phone).value {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        };
        assert_eq!(phone("0912345678").as_deref(), Some("0912345678"));
        assert_eq!(phone("+84 912 345 678").as_deref(), Some("0912345678"));
        assert_eq!(phone("84912345678").as_deref(), Some("0912345678"));
        assert_eq!(phone("0912.345.678").as_deref(), Some("0912345678"));
        assert_eq!(phone("02133876543").as_deref(), Some("02133876543"));
        let r = p("912345678", ValueKind::Phone);
        assert_eq!(r.value, None);
        assert_eq!(r.notes[0].suggestion.as_deref(), Some("0912345678"));
        assert!(r.notes[0].message.vi.contains("thiếu số 0"));
        assert_eq!(p("12345", ValueKind::Phone).value, None);
        assert_eq!(p("gọi tôi", ValueKind::Phone).value, None);
    }

    #[test]
    fn emails_get_a_syntax_check_and_a_gov_vn_warning() {
        let r = p("annv.sotp@LaiChau.gov.vn", ValueKind::Email);
        assert_eq!(r.value, Some(Value::Text("annv.sotp@laichau.gov.vn".into())));
        assert!(r.notes.is_empty());
        let r = p("someone@gmail.com", ValueKind::Email);
        assert!(r.value.is_some());
        assert_eq!(rules(&r), vec![("V-email", Severity::Warning)]);
        for bad in ["annv", "a@b", "a b@x.vn", "@x.gov.vn", "a@.vn"] {
            assert_eq!(p(bad, ValueKind::Email).value, None, "{bad}");
        }
    }

    #[test]
    fn a_letter_number_without_its_number_is_flagged() {
        assert!(p("125/STP-PBGDPL", ValueKind::DocNumber).notes.is_empty());
        let r = p("/STP-PBGDPL", ValueKind::DocNumber);
        assert_eq!(r.value, Some(Value::Text("/STP-PBGDPL".into())));
        assert_eq!(rules(&r), vec![("V-docnumber", Severity::Warning)]);
    }

    #[test]
    fn blank_and_markup_only_inputs_are_blank() {
        assert!(p("   ", ValueKind::Count).blank);
        assert!(p("<i></i>", ValueKind::Text).blank);
        assert!(p("\u{200B}", ValueKind::Count).blank);
    }
}
