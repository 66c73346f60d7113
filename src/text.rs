//! Small text helpers shared by the parsers and the legacy import: markup
//! stripping, whitespace folding, label comparison and Vietnamese number
//! formatting. No regex: these run inside the wasm build too.

use rust_decimal::Decimal;

/// The interface language: Vietnamese first, English as the switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Reads a language tag: `en`, `en-US`, `EN-gb` … are English; anything
    /// else (`vi`, `vi-VN`, nothing) is Vietnamese.
    pub fn parse(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// The tag written in `lang` attributes: `vi` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi` in Vietnamese, `en` in English.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The other language (the switch button's).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

#[cfg(test)]
mod lang_tests {
    use super::Lang;

    #[test]
    fn language_tags_are_read_by_their_primary_subtag() {
        for (tag, lang) in [
            ("en", Lang::En),
            ("en-US", Lang::En),
            ("EN_gb", Lang::En),
            ("vi", Lang::Vi),
            ("vi-VN", Lang::Vi),
            ("", Lang::Vi),
            ("fr", Lang::Vi),
            ("eng", Lang::Vi),
        ] {
            assert_eq!(Lang::parse(tag), lang, "{tag}");
        }
        assert_eq!(Lang::En.tag(), "en");
        assert_eq!(Lang::Vi.other(), Lang::En);
    }
}

/// Bilingual text: Vietnamese first, English as the switch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Vietnamese text.
    pub vi: String,
    /// English text.
    pub en: String,
}

impl Text {
    /// Builds a bilingual text from its two halves.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: en.into() }
    }

    /// `{ "vi": …, "en": … }`
    pub fn to_json(&self) -> crate::json::Json<'_> {
        crate::json::Json::object([("vi", self.vi.as_str().into()), ("en", self.en.as_str().into())])
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// True for the spaces that office software puts inside numbers and labels:
/// ordinary space, tab, NBSP, narrow NBSP, thin and figure spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2008}')
}

/// True for invisible characters that carry no meaning in a value: zero-width
/// spaces and joiners, the byte-order mark, and bidirectional marks.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{00AD}'
    )
}

/// Removes HTML-like tags (`<i>`, `</i>`, `<b>`, `<br/>` …) and reports
/// whether any were found. A `<` that does not open a tag is kept.
pub fn strip_tags(s: &str) -> (String, bool) {
    if !s.contains('<') {
        return (s.to_string(), false);
    }
    let mut out = String::with_capacity(s.len());
    let mut stripped = false;
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let looks_like_tag = after.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if looks_like_tag && !after[..end].contains('<') => {
                stripped = true;
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, stripped)
}

/// Trims, drops invisible characters and folds runs of spaces into one.
pub fn fold_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Cleans a cell or a typed value for use: tags stripped, spaces folded.
/// The flag says whether markup was removed.
pub fn clean(s: &str) -> (std::borrow::Cow<'_, str>, bool) {
    // Fast path: plain ASCII with single inner spaces, as most typed values are.
    let b = s.as_bytes();
    if b.iter().all(|&c| c.is_ascii_graphic() && c != b'<' || c == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
    {
        return (std::borrow::Cow::Borrowed(s), false);
    }
    let (no_tags, stripped) = strip_tags(s);
    (std::borrow::Cow::Owned(fold_spaces(&no_tags)), stripped)
}

/// Lower-cases a label for matching: tags stripped, spaces folded, a leading
/// "- " and trailing "?;.:" removed. `đ` stays `đ`.
pub fn label_key(s: &str) -> String {
    let (c, _) = clean(s);
    let c = c.trim_start_matches(['-', '–', ' ']);
    let c = c.trim_end_matches(['?', ';', '.', ':', ' ']);
    lowercase(c)
}

/// The label as shown on the page: markup stripped and a leading "- " removed.
pub fn display_label(s: &str) -> String {
    let (c, _) = clean(s);
    c.trim_start_matches(['-', '–']).trim_start().to_string()
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP,
/// CSV injection): `=`, `+`, `-`, `@`, a tab or a carriage return.
pub const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text for a spreadsheet cell that no spreadsheet reads as a formula, even
/// after a re-save as CSV: text that starts with one of [`FORMULA_START`]
/// gets a leading `'` (OWASP's advice); other text is returned as it is.
/// The CLI's CSV and the workbook (src/xlsx.rs) both write text through it.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Groups the digits of a non-negative integer string with `sep` every three.
fn group_digits(digits: &str, sep: char) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A decimal in plain digits, as the return writes it: `1045`, `0.948571`,
/// `-0.05`, no trailing zeros (the same text as `Decimal`'s `Display` after
/// `normalize`).
/// Written from the mantissa and scale (integer formatting is much cheaper
/// than `Decimal`'s `Display`, and a return holds ~150 of these).
pub fn decimal_text(d: Decimal) -> String {
    let d = d.normalize();
    let m = d.mantissa();
    let scale = d.scale() as usize;
    let digits = mantissa_digits(m.unsigned_abs());
    let mut out = String::with_capacity(digits.len() + 3);
    if m < 0 {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(&digits);
        return out;
    }
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(&digits);
    }
    out
}

/// The decimal digits of a mantissa (at most 96 bits: three 32-bit words),
/// by long division by ten in `u64` steps. Not `u128`'s `Display`: the wasm
/// then leaves out core's 128-bit formatting (1.3 KB raw).
fn mantissa_digits(m: u128) -> String {
    let mut words = [(m >> 64) as u32, (m >> 32) as u32, m as u32];
    let mut reversed = Vec::new();
    loop {
        let mut rem = 0u64;
        for w in &mut words {
            let cur = (rem << 32) | u64::from(*w);
            *w = (cur / 10) as u32;
            rem = cur % 10;
        }
        reversed.push(b'0' + rem as u8);
        if words == [0; 3] {
            break;
        }
    }
    reversed.iter().rev().map(|&b| char::from(b)).collect()
}

/// Rounds `d` to `dp` decimal places, half away from zero (as a
/// spreadsheet's ROUND does: 3.125 → 3.13, -3.125 → -3.13). The one rounding
/// of every figure shown or written: the page, the JSON return, the CLI's
/// text and CSV all go through it.
pub fn round_half_away(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// An indicator's ratio in percent, two decimals ([`round_half_away`]):
/// `1/32` → `3.13`.
pub fn percent(ratio: Decimal) -> Decimal {
    round_half_away(checked_mul(ratio, Decimal::ONE_HUNDRED).unwrap_or(Decimal::MAX), 2)
}

/// Reads a decimal written in plain digits: `12`, `-0.5`, `3.250` (no
/// exponent, no separators, at most 28 significant digits). Used for the
/// numbers of a definition and of rule expressions.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
    if int.len() + frac.len() > 28 {
        return None;
    }
    let mantissa = digits_value(int, frac);
    let d = Decimal::try_from_i128_with_scale(if neg { -mantissa } else { mantissa }, frac.len() as u32).ok()?;
    Some(d)
}

/// The whole number that the ASCII digits of `int` then `frac` write (both
/// callers have checked the digits and that there are at most 28 of them,
/// so it fits). By hand rather than `str::parse::<i128>()` on the joined
/// digits: no 128-bit integer parser in the wasm and no string built
/// (offline wasm −0.5 KB gzip).
pub(crate) fn digits_value(int: &str, frac: &str) -> i128 {
    int.bytes().chain(frac.bytes()).fold(0, |m, b| m * 10 + i128::from(b - b'0'))
}

/// A whole number in ASCII digits only: `None` when empty, when another
/// character is in it (a sign too) or over `u64::MAX`. What
/// `str::parse::<u64>` gives for the texts the crate reads (none starts with
/// `+`), without core's integer parser in the wasm.
pub fn whole_number(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| match b {
        b'0'..=b'9' => n.checked_mul(10)?.checked_add(u64::from(b - b'0')),
        _ => None,
    })
}

/// Formats a decimal the Vietnamese way (`11.362.000`, `0,011362`) or the
/// English way (`11,362,000`, `0.011362`), trailing zeros dropped.
pub fn format_decimal(d: Decimal, lang: Lang) -> String {
    let (group, point) = if lang == Lang::En { (',', '.') } else { ('.', ',') };
    let s = decimal_text(d);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&group_digits(int, group));
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

/// `c` in lower case, for the scripts a return is written in: Latin (Basic,
/// Latin-1, Extended-A, `Ơ` and `Ư`, and Latin Extended Additional, which
/// holds the Vietnamese letters: `Đ` → `đ`, `Ự` → `ự`), basic Greek and
/// Cyrillic. Other characters stay as they are. Every letter keeps its byte width, so byte
/// offsets found in a lower-cased text are offsets in the original too.
///
/// Hand-written instead of `char::to_lowercase`, whose Unicode tables
/// would add ~12 KB to the WebAssembly for scripts no return uses.
pub fn lower_char(c: char) -> char {
    let n = c as u32;
    let alternating =
        |first: u32, last: u32, upper_even: bool| (first..=last).contains(&n) && n.is_multiple_of(2) == upper_even;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => n + 0x20,
        0x400..=0x40F => n + 0x50,
        0x178 => 0xFF,
        0x1AF => n + 1,
        _ if alternating(0x100, 0x12F, true)
            || alternating(0x132, 0x137, true)
            || alternating(0x139, 0x148, false)
            || alternating(0x14A, 0x177, true)
            || alternating(0x179, 0x17E, false)
            || alternating(0x1A0, 0x1A5, true)
            || alternating(0x460, 0x481, true)
            || alternating(0x48A, 0x4BF, true)
            || alternating(0x1E00, 0x1E95, true)
            || alternating(0x1EA0, 0x1EFF, true) =>
        {
            n + 1
        }
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `s` lower-cased with [`lower_char`] (same byte length as `s`).
pub fn lowercase(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// A letter or digit of the scripts a return is written in (Latin with
/// Vietnamese, combining accents of decomposed text, Greek, Cyrillic); used
/// to split labels into words and to build file names.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{C0}'..='\u{24F}' | '\u{300}'..='\u{36F}' | '\u{370}'..='\u{3FF}' | '\u{400}'..='\u{4FF}' | '\u{1E00}'..='\u{1EFF}')
            && !matches!(c, '×' | '÷' | '\u{37E}' | '\u{387}')
}

/// A text shown in a message: in quotes, cut at 60 characters (no escapes:
/// messages are read by people, and markup is escaped where it is shown).
pub struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut cut: String = self.0.chars().take(60).collect();
        if self.0.chars().count() > 60 {
            cut.push('…');
        }
        write!(f, "\"{cut}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_like_a_spreadsheet() {
        let d = |s: &str| parse_decimal(s).unwrap();
        assert_eq!(round_half_away(d("3.125"), 2), d("3.13"));
        assert_eq!(round_half_away(d("-3.125"), 2), d("-3.13"));
        assert_eq!(round_half_away(d("2.5"), 0), d("3"));
        assert_eq!(round_half_away(d("3.124999"), 2), d("3.12"));
        assert_eq!(percent(d("1") / d("32")), d("3.13"));
        assert_eq!(percent(d("1") / d("3")), d("33.33"));
    }

    #[test]
    fn decimals_are_written_like_their_display_without_trailing_zeros() {
        for s in [
            "0",
            "1045",
            "-3",
            "0.948571",
            "0.000001",
            "11362000",
            "1.50",
            "-0.05",
            "123.456000",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "18446744073709551616",
            "-4294967296",
            "-12",
        ] {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(decimal_text(d), d.normalize().to_string(), "{s}");
        }
    }

    #[test]
    fn whole_numbers_read_as_str_parse_reads_them() {
        for s in ["0", "007", "43", "18446744073709551615", "18446744073709551616", "", "-1", "1.5", "1e3", " 1", "١"]
        {
            assert_eq!(whole_number(s), s.parse::<u64>().ok(), "{s:?}");
        }
    }

    #[test]
    fn plain_decimals_read_and_anything_else_does_not() {
        for bad in ["", "-", "1.", ".5", "1e5", "1,5", " 1", "+1", "1.2.3", "99999999999999999999999999999"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("007.50"), Some(Decimal::new(75, 1)));
    }

    #[test]
    fn lower_case_agrees_with_unicode_for_the_latin_vietnamese_greek_and_cyrillic_letters() {
        let ranges = [0x20..0x180u32, 0x1A0..0x1A6, 0x1AF..0x1B1, 0x391..0x3B0, 0x400..0x4C0, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let mut std_lower = c.to_lowercase();
            let expected = match (std_lower.next(), std_lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            };
            assert_eq!(lower_char(c), expected, "U+{:04X} {c}", c as u32);
        }
        assert_eq!(lowercase("ĐỀ NGHỊ Ưu Tiên Số"), "đề nghị ưu tiên số");
    }

    #[test]
    fn word_characters_are_the_letters_and_digits_of_vietnamese_text() {
        for c in "aZ09đĐơƯựỹÀ\u{301}".chars() {
            assert!(is_word_char(c), "{c}");
        }
        for c in " .,-_/()×÷\u{a0}\t".chars() {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn strips_italic_tags_and_keeps_a_lone_less_than_sign() {
        assert_eq!(strip_tags("<i>có</i>"), ("có".to_string(), true));
        assert_eq!(strip_tags("a < b"), ("a < b".to_string(), false));
        assert_eq!(strip_tags("<script>x</script>"), ("x".to_string(), true));
    }

    #[test]
    fn folds_nbsp_zero_width_and_runs_of_spaces() {
        assert_eq!(fold_spaces("  1\u{00A0}234\u{200B}5  6 "), "1 2345 6");
    }

    #[test]
    fn label_key_ignores_dash_markup_and_trailing_punctuation() {
        assert_eq!(label_key("- <i>Tổng số</i> lãnh đạo?"), "tổng số lãnh đạo");
        assert_eq!(label_key("Đ"), "đ");
    }

    #[test]
    fn formats_decimals_in_both_locales() {
        let d: Decimal = "11362000".parse().unwrap();
        assert_eq!(format_decimal(d, Lang::Vi), "11.362.000");
        assert_eq!(format_decimal(d, Lang::En), "11,362,000");
        let d: Decimal = "0.011362000".parse().unwrap();
        assert_eq!(format_decimal(d, Lang::Vi), "0,011362");
        assert_eq!(format_decimal(Decimal::from(-1234), Lang::Vi), "-1.234");
    }

    #[test]
    fn same_width_lowercase_keeps_byte_offsets() {
        for s in ["CÔNG VĂN SỐ 12 CỦA SỞ", "İSTANBUL ẞ Ω", "Kèm theo Công văn"] {
            let low = lowercase(s);
            assert_eq!(low.len(), s.len(), "{s}");
            assert!(s.char_indices().all(|(i, _)| low.is_char_boundary(i)));
        }
        assert_eq!(lowercase("ĐỒNG"), "đồng");
    }
}

/// `a × b`, `None` past what a decimal holds: every multiplication of
/// decimals in the program goes through this one copy of rust_decimal's
/// (inlined, or through the `*` operator, it cost 1.3 KB of wasm at each
/// of five places).
#[inline(never)]
pub fn checked_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}
