//! A small JSON reader and writer, shared by the CLI and the WebAssembly
//! build: the form definition, the return and the drafts are read and
//! written with it. It keeps numbers as their text (money stays exact, no
//! float formatting is ever compiled in), keeps object keys in order, and
//! says where a text stops being JSON. Written by hand so that the wasm
//! carries one small parser instead of a generic deserializer per type.

use std::borrow::Cow;
use std::fmt;

/// A JSON value. Numbers keep their text; objects keep their key order.
/// Text is borrowed where it can be (from the parsed text, or from the
/// session being written), so reading and writing allocate little.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Json<'a> {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (`43`, `-1.5e3`).
    Number(Cow<'a, str>),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object, keys in the order written.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Why a text is not JSON, and where (1-based line and column, columns in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What was wrong, in English (the callers add the Vietnamese).
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

/// Deeper nesting than this is refused (a hostile file could exhaust the stack).
pub const MAX_DEPTH: usize = 128;

/// An object's entries.
pub type Entries<'a> = [(Cow<'a, str>, Json<'a>)];

/// The value of `key` among `entries`: the last one, if written twice (as
/// browsers read JSON). Every lookup by key goes through here.
pub fn lookup<'e, 'a>(entries: &'e Entries<'a>, key: &str) -> Option<&'e Json<'a>> {
    entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl<'a> Json<'a> {
    /// Parses a whole text (white space around the value allowed).
    pub fn parse(text: &'a str) -> Result<Json<'a>, JsonError> {
        Json::parse_skipping(text, &[])
    }

    /// Parses a whole text, but the values of the top-level keys named in
    /// `skip` are only checked, not kept (they read as `null`): a return's
    /// recomputed parts cost no allocation.
    pub fn parse_skipping(text: &'a str, skip: &[&str]) -> Result<Json<'a>, JsonError> {
        let mut p = Parser { s: text.as_bytes(), text, pos: 0, depth: 0, skip, discard: false };
        p.ws();
        let v = p.value()?;
        p.ws();
        if p.pos < p.s.len() {
            return Err(p.fail("trailing characters"));
        }
        Ok(v)
    }

    /// The value of `key` in an object (the last one, if written twice).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(m) => lookup(m, key),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The entries, if this is an object.
    pub fn as_object(&self) -> Option<&Entries<'a>> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The number, if this is a whole number from 0 to `u64::MAX` written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => crate::text::whole_number(n),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// An object from its entries, in order.
    pub fn object<K: Into<Cow<'a, str>>>(entries: impl IntoIterator<Item = (K, Json<'a>)>) -> Json<'a> {
        Json::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Indented text, two spaces a level, a newline before every element
    /// (the layout of the returns written so far).
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    /// Compact text, no white space.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s),
            Json::Array(a) => write_list(out, '[', ']', indent, a, |out, v, ind| v.write(out, ind)),
            Json::Object(m) => write_list(out, '{', '}', indent, m, |out, (k, v), ind| {
                write_string(out, k);
                out.push_str(if ind.is_some() { ": " } else { ":" });
                v.write(out, ind);
            }),
        }
    }
}

fn write_list<T>(
    out: &mut String,
    open: char,
    close: char,
    indent: Option<usize>,
    items: &[T],
    each: impl Fn(&mut String, &T, Option<usize>),
) {
    out.push(open);
    let inner = indent.map(|n| n + 1);
    let newline = |out: &mut String, level: usize| {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    };
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(level) = inner {
            newline(out, level);
        }
        each(out, item, inner);
    }
    if let (Some(level), false) = (indent, items.is_empty()) {
        newline(out, level);
    }
    out.push(close);
}

/// How many bytes at the start of `b` need no escaping in a JSON string
/// (no quote, backslash or control character). Eight bytes at a time: most
/// text has nothing to escape, and both the reader and the writer scan it.
fn plain_len(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte below `n`; the lowest flagged byte is always
    // a true one (a borrow only ever carries upwards).
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let hits = below(w, 0x20) | below(w ^ (ONES * u64::from(b'"')), 1) | below(w ^ (ONES * u64::from(b'\\')), 1);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b[i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(b.len() - i)
}

/// Writes `s` as a JSON string: quotes, backslashes and control characters escaped, nothing else.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let plain = plain_len(s.as_bytes());
    if plain == s.len() {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate().skip(plain) {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact())
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(s: &'a str) -> Json<'a> {
        Json::String(Cow::Borrowed(s))
    }
}

impl From<String> for Json<'_> {
    fn from(s: String) -> Self {
        Json::String(Cow::Owned(s))
    }
}

impl<'a> From<&'a String> for Json<'a> {
    fn from(s: &'a String) -> Json<'a> {
        Json::String(Cow::Borrowed(s))
    }
}

impl From<bool> for Json<'_> {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<u64> for Json<'_> {
    fn from(n: u64) -> Self {
        Json::Number(Cow::Owned(n.to_string()))
    }
}

impl From<u32> for Json<'_> {
    fn from(n: u32) -> Self {
        Json::Number(Cow::Owned(n.to_string()))
    }
}

impl<'a, T: Into<Json<'a>>> From<Option<T>> for Json<'a> {
    fn from(v: Option<T>) -> Json<'a> {
        v.map_or(Json::Null, Into::into)
    }
}

struct Parser<'a, 's> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    /// Top-level keys whose values are checked but not kept.
    skip: &'s [&'s str],
    /// True while checking such a value: nothing is allocated.
    discard: bool,
}

impl<'a> Parser<'a, '_> {
    /// An error at the current position.
    #[cold]
    #[inline(never)]
    fn fail(&self, message: &'static str) -> JsonError {
        let before = &self.text[..floor_char_boundary(self.text, self.pos)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { line, column, message }
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Json<'a>, JsonError> {
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Json<'a>, JsonError>) -> Result<Json<'a>, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail("recursion limit exceeded"));
        }
        self.depth += 1;
        self.pos += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn word(&mut self, word: &str, v: Json<'a>) -> Result<Json<'a>, JsonError> {
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.fail("expected value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.digits() {
            0 => return Err(self.fail("invalid number")),
            n if n > 1 && self.s[int_start] == b'0' => {
                self.pos = int_start + 1;
                return Err(self.fail("invalid number"));
            }
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        Ok(if self.discard { Json::Null } else { Json::Number(Cow::Borrowed(&self.text[start..self.pos])) })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.fail("invalid escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    /// A string, borrowed from the text when it has no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        self.plain_run();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
        }
        let mut out = String::new();
        let mut start = start;
        loop {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    if !self.discard {
                        out.push_str(&self.text[start..self.pos]);
                    }
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(0..=0x1f) => return Err(self.fail("control character in a string")),
                Some(b'\\') => {
                    if !self.discard {
                        out.push_str(&self.text[start..self.pos]);
                    }
                    self.pos += 1;
                    let c = self.escape()?;
                    if !self.discard {
                        out.push(c);
                    }
                    start = self.pos;
                }
                Some(_) => self.plain_run(),
            }
        }
    }

    /// Moves past characters that need no attention inside a string.
    fn plain_run(&mut self) {
        self.pos += plain_len(&self.s[self.pos..]);
    }

    /// The character of the escape after a backslash (the position moves past it).
    fn escape(&mut self) -> Result<char, JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    if !self.s[self.pos..].starts_with(b"\\u") {
                        return Err(self.fail("lone surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.fail("lone surrogate in a \\u escape"));
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                return char::from_u32(code).ok_or_else(|| self.fail("lone surrogate in a \\u escape"));
            }
            _ => return Err(self.fail("invalid escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    fn array(&mut self) -> Result<Json<'a>, JsonError> {
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            let v = self.value()?;
            if !self.discard {
                items.push(v);
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err(self.fail("EOF while parsing a list")),
                Some(_) => return Err(self.fail("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Json<'a>, JsonError> {
        let mut entries = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(entries));
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("key must be a string")),
            }
            let key = self.string()?;
            self.ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("expected `:`")),
            }
            self.ws();
            let skip = self.depth == 1 && !self.discard && self.skip.contains(&key.as_ref());
            self.discard |= skip;
            let v = self.value();
            self.discard &= !skip;
            let v = if skip { v.map(|_| Json::Null)? } else { v? };
            if !self.discard {
                entries.push((key, v));
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(entries));
                }
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("expected `,` or `}`")),
            }
        }
    }
}

/// The largest char boundary at or before `i` (errors can sit inside a character).
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value_and_keeps_number_text_and_key_order() {
        let v =
            Json::parse(r#" {"b": [1, -2.50, 3e2, true, false, null], "a": "x\"\\\/\n\u00e9\ud83d\ude00"} "#).unwrap();
        let Json::Object(m) = &v else { panic!("{v:?}") };
        assert_eq!(m[0].0, "b");
        assert_eq!(
            m[0].1,
            Json::Array(vec![
                Json::Number("1".into()),
                Json::Number("-2.50".into()),
                Json::Number("3e2".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
        assert_eq!(v.get("a").and_then(Json::as_str), Some("x\"\\/\né😀"));
    }

    #[test]
    fn skipped_top_level_values_are_checked_but_not_kept() {
        let text = r#"{"a": {"x": [1, "s\u00e9"]}, "b": 2, "c": {"a": 3}}"#;
        let v = Json::parse_skipping(text, &["a"]).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Null));
        assert_eq!(v.get("b").and_then(Json::as_u64), Some(2));
        assert_eq!(v.get("c").and_then(|c| c.get("a")).and_then(Json::as_u64), Some(3));
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let bad = [
            r#"{"a": {"x": [1, 02]}, "b": 2}"#,
            r#"{"a": {"x" 1}}"#,
            r#"{"a": {"x": 1 "y": 2}}"#,
            r#"{"a": [1 2]}"#,
            r#"{"a": [1, {"b": [}]]}"#,
            r#"{"a": {1: 2}}"#,
            r#"{"a": ["\q"]}"#,
            r#"{"a": [tru]}"#,
            r#"{"a": {"x": [1, 2]"#,
            r#"{"a": {"#,
            r#"{"a": ["#,
            r#"{"a": [[], {}, [{}], {"k": []}]] }"#,
            &deep,
        ];
        for text in bad {
            assert!(Json::parse(text).is_err(), "{text}");
            assert_eq!(Json::parse_skipping(text, &["a"]), Json::parse(text), "{text}");
        }
        let ok = r#"{"a": [[], {}, [{"k": [1, "x", null, true, {"z": -1.5e3}]}], {"k": []}], "b": 2}"#;
        assert_eq!(Json::parse_skipping(ok, &["a"]).unwrap().get("b").and_then(Json::as_u64), Some(2));
    }

    #[test]
    fn the_plain_run_stops_at_the_first_character_to_escape_wherever_it_is() {
        for len in 0..20 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0x00, 0x1f] {
                    let mut b: Vec<u8> = "aé~\x7f".bytes().cycle().take(len).collect();
                    if at < len {
                        b[at] = special;
                    }
                    assert_eq!(plain_len(&b), at, "{b:?}");
                }
            }
        }
    }

    #[test]
    fn the_last_of_a_repeated_key_wins() {
        let v = Json::parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a").and_then(Json::as_u64), Some(2));
    }

    #[test]
    fn says_where_a_text_stops_being_json() {
        let cases = [
            ("", 1, 1, "EOF while parsing a value"),
            ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected `:`"),
            ("[1, 2", 1, 6, "EOF while parsing a list"),
            ("{\"ô\": x}", 1, 7, "expected value"),
            ("01", 1, 2, "invalid number"),
            ("1.", 1, 3, "invalid number"),
            ("\"a\u{1}\"", 1, 3, "control character in a string"),
            ("\"\\ud800x\"", 1, 8, "lone surrogate in a \\u escape"),
            ("{} x", 1, 4, "trailing characters"),
            ("{'a': 1}", 1, 2, "key must be a string"),
            ("tru", 1, 1, "expected value"),
        ];
        for (text, line, column, message) in cases {
            assert_eq!(Json::parse(text), Err(JsonError { line, column, message }), "{text:?}");
        }
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit_without_exhausting_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(Json::parse(&deep).unwrap_err().message, "recursion limit exceeded");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Json::parse(&ok).is_ok());
    }

    #[test]
    fn writes_pretty_and_compact_text_that_reads_back_the_same() {
        let v = Json::object([
            ("a", Json::from(1u64)),
            ("b", Json::Array(vec![])),
            ("c", Json::object(Vec::<(String, Json)>::new())),
            ("d", Json::Array(vec![Json::from("x\u{1f}\t\"é"), Json::Null])),
        ]);
        let pretty = v.to_pretty();
        assert_eq!(
            pretty,
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    \"x\\u001f\\t\\\"é\",\n    null\n  ]\n}"
        );
        assert_eq!(v.to_compact(), r#"{"a":1,"b":[],"c":{},"d":["x\u001f\t\"é",null]}"#);
        assert_eq!(Json::parse(&pretty).unwrap(), v);
        assert_eq!(Json::parse(&v.to_string()).unwrap(), v);
    }

    #[test]
    fn whole_numbers_read_as_u64_and_nothing_else_does() {
        for (t, n) in
            [("0", Some(0)), ("18446744073709551615", Some(u64::MAX)), ("-1", None), ("1.0", None), ("1e2", None)]
        {
            assert_eq!(Json::parse(t).unwrap().as_u64(), n, "{t}");
        }
        assert_eq!(Json::from("1").as_u64(), None);
    }
}
