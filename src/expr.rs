//! The rule-expression language, parsed once at load into a small AST.
//!
//! ```text
//! {3.1.2.b} + {3.1.2.c} <= {3.1.2.a}
//! {6.2.a} == không
//! filled({5.11.1.b}) or filled({5.11.1.c})
//! max({5.1}, {5.7}) <= {I.3}
//! {period.to} >= date(2022-08-15)
//! {3.1.1} * 2 >= {prev:3.1.1}
//! ```
//! Field codes sit in braces (codes such as `5.1` would otherwise read as
//! numbers); `and`, `or`, `not`, `true`/`có`, `false`/`không`, `filled()`,
//! `blank()`, `max()`, `min()` and `date()` are the words it knows. What is
//! in the braces goes to the caller's resolver whole: the form resolves
//! `{prev:CODE}` (last period's value) in rules.

use crate::date::Date;
use rust_decimal::Decimal;
use std::fmt;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// A parsed expression. Field references are indices into the form's items.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `{code}`
    Field(usize),
    /// A number literal.
    Num(Decimal),
    /// `true`/`có` or `false`/`không`.
    Bool(bool),
    /// `date(yyyy-mm-dd)`
    Date(Date),
    /// Terms added (`true`) or subtracted (`false`).
    Sum(Vec<(bool, Expr)>),
    /// Factors multiplied (`{3.1.1} * 2`).
    Product(Vec<Expr>),
    /// `max(a, b, …)`; blanks are ignored.
    Max(Vec<Expr>),
    /// `min(a, b, …)`; blanks are ignored.
    Min(Vec<Expr>),
    /// `filled({code})`
    Filled(usize),
    /// `blank({code})`
    Blank(usize),
    /// A comparison.
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    /// All of these.
    And(Vec<Expr>),
    /// Any of these.
    Or(Vec<Expr>),
    /// Negation.
    Not(Box<Expr>),
}

/// Why an expression could not be parsed: the position (in characters) and
/// what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Character offset in the expression text.
    pub at: usize,
    /// What was wrong, in English (definition authors read it).
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at + 1, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Field(String),
    Num(Decimal),
    Word(String),
    Op(&'static str),
    Date(Date),
}

fn tokenize(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at: usize, m: &str| ExprError { at, message: m.to_string() };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c == '{' {
            let end = chars[i..].iter().position(|&c| c == '}').ok_or_else(|| err(i, "unclosed '{'"))?;
            let code: String = chars[i + 1..i + end].iter().collect();
            if code.trim().is_empty() {
                return Err(err(i, "empty field reference"));
            }
            out.push((start, Tok::Field(code.trim().to_string())));
            i += end + 1;
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = crate::text::parse_decimal(&text).ok_or_else(|| err(start, "bad number"))?;
            out.push((start, Tok::Num(n)));
        } else if (crate::text::is_word_char(c) && !c.is_ascii_digit()) || c == '_' {
            while i < chars.len() && (crate::text::is_word_char(chars[i]) || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "date" {
                // date(yyyy-mm-dd) is lexed whole, since '-' is also minus.
                let rest: String = chars[i..].iter().collect();
                let rest = rest.trim_start();
                let skipped = (chars.len() - i) - rest.chars().count();
                let inner = rest.strip_prefix('(').and_then(|r| r.split_once(')')).map(|(d, _)| d);
                let date = inner
                    .and_then(|d| Date::parse_iso(d.trim()))
                    .ok_or_else(|| err(start, "expected date(yyyy-mm-dd)"))?;
                i += skipped + inner.map_or(0, |d| d.chars().count()) + 2;
                out.push((start, Tok::Date(date)));
            } else {
                out.push((start, Tok::Word(word)));
            }
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let op = ["<=", ">=", "==", "!="].into_iter().find(|o| two == *o);
            if let Some(op) = op {
                out.push((start, Tok::Op(op)));
                i += 2;
            } else {
                let op = match c {
                    '<' => "<",
                    '>' => ">",
                    '+' => "+",
                    '*' => "*",
                    '-' => "-",
                    '(' => "(",
                    ')' => ")",
                    ',' => ",",
                    '=' => "==",
                    _ => return Err(err(i, &format!("unexpected '{c}'"))),
                };
                out.push((start, Tok::Op(op)));
                i += 1;
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    /// A `dyn` resolver: one copy of the parser whatever the caller passes.
    resolve: &'a mut dyn FnMut(&str) -> Option<usize>,
    len: usize,
    depth: usize,
}

/// How deeply brackets, `not`, `max(…)` and `min(…)` may nest: far more than
/// any rule needs, few enough that a hostile definition cannot exhaust the
/// stack (1 MB in WebAssembly).
pub const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.0)
    }
    fn err<T>(&self, m: impl Into<String>) -> Result<T, ExprError> {
        Err(ExprError { at: self.at(), message: m.into() })
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Word(x)) if x == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    /// Runs `f` one nesting level deeper, refusing past [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, ExprError>) -> Result<T, ExprError> {
        if self.depth >= MAX_DEPTH {
            return self.err(format!("nested more than {MAX_DEPTH} levels deep"));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }
    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.and()?];
        while self.eat_word("or") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Expr::Bool(false)) } else { Expr::Or(parts) })
    }
    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.not()?];
        while self.eat_word("and") {
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Expr::Bool(true)) } else { Expr::And(parts) })
    }
    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.eat_word("not") {
            return Ok(Expr::Not(Box::new(self.nested(Self::not)?)));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Expr, ExprError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            Some(Tok::Op("==")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.sum()?;
        Ok(Expr::Cmp(Box::new(left), op, Box::new(right)))
    }
    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut terms = vec![(true, self.product()?)];
        loop {
            if self.eat_op("+") {
                terms.push((true, self.product()?));
            } else if self.eat_op("-") {
                terms.push((false, self.product()?));
            } else {
                break;
            }
        }
        Ok(if terms.len() == 1 && terms[0].0 {
            terms.pop().map(|t| t.1).unwrap_or(Expr::Bool(false))
        } else {
            Expr::Sum(terms)
        })
    }
    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut factors = vec![self.term()?];
        while self.eat_op("*") {
            factors.push(self.term()?);
        }
        Ok(if factors.len() == 1 { factors.pop().unwrap_or(Expr::Bool(false)) } else { Expr::Product(factors) })
    }
    fn field_arg(&mut self) -> Result<usize, ExprError> {
        if !self.eat_op("(") {
            return self.err("expected '('");
        }
        let idx = match self.peek().cloned() {
            Some(Tok::Field(code)) => {
                let at = self.at();
                self.pos += 1;
                (self.resolve)(&code).ok_or(ExprError { at, message: format!("unknown field {{{code}}}") })?
            }
            _ => return self.err("expected a {field}"),
        };
        if !self.eat_op(")") {
            return self.err("expected ')'");
        }
        Ok(idx)
    }
    fn args(&mut self) -> Result<Vec<Expr>, ExprError> {
        if !self.eat_op("(") {
            return self.err("expected '('");
        }
        let mut args = vec![self.sum()?];
        while self.eat_op(",") {
            args.push(self.sum()?);
        }
        if !self.eat_op(")") {
            return self.err("expected ')' or ','");
        }
        Ok(args)
    }
    fn term(&mut self) -> Result<Expr, ExprError> {
        let at = self.at();
        let Some(tok) = self.peek().cloned() else {
            return self.err("expression ends too early");
        };
        self.pos += 1;
        match tok {
            Tok::Field(code) => (self.resolve)(&code)
                .map(Expr::Field)
                .ok_or(ExprError { at, message: format!("unknown field {{{code}}}") }),
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Date(d) => Ok(Expr::Date(d)),
            Tok::Op("(") => {
                let e = self.nested(Self::or)?;
                if !self.eat_op(")") {
                    return self.err("expected ')'");
                }
                Ok(e)
            }
            Tok::Word(w) => match w.as_str() {
                "true" | "có" => Ok(Expr::Bool(true)),
                "false" | "không" => Ok(Expr::Bool(false)),
                "filled" => self.field_arg().map(Expr::Filled),
                "blank" => self.field_arg().map(Expr::Blank),
                "max" => self.nested(Self::args).map(Expr::Max),
                "min" => self.nested(Self::args).map(Expr::Min),
                _ => Err(ExprError { at, message: format!("unknown word '{w}'") }),
            },
            Tok::Op(o) => Err(ExprError { at, message: format!("unexpected '{o}'") }),
        }
    }
}

/// Parses `src`, resolving each `{code}` to a field index with `resolve`.
pub fn parse(src: &str, mut resolve: impl FnMut(&str) -> Option<usize>) -> Result<Expr, ExprError> {
    let toks = tokenize(src)?;
    let len = src.chars().count();
    let mut p = Parser { toks, pos: 0, resolve: &mut resolve, len, depth: 0 };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return p.err("unexpected text after the expression");
    }
    Ok(e)
}

impl Expr {
    /// Every field the expression reads, in order of appearance, without repeats.
    pub fn fields(&self, out: &mut Vec<usize>) {
        let push = |i: usize, out: &mut Vec<usize>| {
            if !out.contains(&i) {
                out.push(i)
            }
        };
        match self {
            Expr::Field(i) | Expr::Filled(i) | Expr::Blank(i) => push(*i, out),
            Expr::Num(_) | Expr::Bool(_) | Expr::Date(_) => {}
            Expr::Sum(ts) => ts.iter().for_each(|(_, e)| e.fields(out)),
            Expr::Max(es) | Expr::Min(es) | Expr::And(es) | Expr::Or(es) | Expr::Product(es) => {
                es.iter().for_each(|e| e.fields(out))
            }
            Expr::Cmp(a, _, b) => {
                a.fields(out);
                b.fields(out);
            }
            Expr::Not(e) => e.fields(out),
        }
    }
}

/// What a field holds, as the evaluator sees it.
#[derive(Debug, Clone, Copy)]
pub enum Slot<'a> {
    /// Nothing typed.
    Blank,
    /// Something typed that could not be read.
    Unreadable,
    /// A readable value.
    Value(&'a crate::value::Value),
}

/// The result of evaluating an expression: a number, a truth value, a date,
/// missing (a blank side, which makes the rule skip), or too large to
/// compute (a sum beyond what a decimal holds: never clamped).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// A number (money in đồng).
    Num(Decimal),
    /// A truth value.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Not known: the fields it needs are blank.
    Missing,
    /// A sum too large to compute (beyond ±7.9 × 10²⁸). A clamped sum would
    /// compare wrongly, so this carries through comparisons and logic, and
    /// the engine reports it as a finding of the rule.
    Overflow,
}

/// Evaluates `e`. With `blank_as_zero`, blank numeric fields count as 0
/// (the "never skip" strategy); otherwise a sum is missing only when all its
/// fields are blank, and blank parts of a partly filled sum count as 0.
pub fn eval<'a>(e: &Expr, slot: &dyn Fn(usize) -> Slot<'a>, blank_as_zero: bool) -> Val {
    use crate::value::Value;
    match e {
        Expr::Field(i) => match slot(*i) {
            Slot::Value(Value::Count(n)) => Val::Num(Decimal::from(*n)),
            Slot::Value(Value::Money(d)) => Val::Num(*d),
            Slot::Value(Value::Bool(b)) => Val::Bool(*b),
            Slot::Value(Value::Date(d)) => Val::Date(*d),
            Slot::Value(Value::Text(_)) => Val::Missing,
            Slot::Blank | Slot::Unreadable if blank_as_zero => Val::Num(Decimal::ZERO),
            _ => Val::Missing,
        },
        Expr::Num(n) => Val::Num(*n),
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Date(d) => Val::Date(*d),
        Expr::Filled(i) => Val::Bool(!matches!(slot(*i), Slot::Blank)),
        Expr::Blank(i) => Val::Bool(matches!(slot(*i), Slot::Blank)),
        Expr::Sum(terms) => {
            let mut total = Decimal::ZERO;
            let mut any_field = false;
            let mut any_known = false;
            for (plus, t) in terms {
                let is_field = !matches!(t, Expr::Num(_));
                any_field |= is_field;
                match eval(t, slot, blank_as_zero) {
                    Val::Num(n) => {
                        any_known |= is_field;
                        let next = if *plus { total.checked_add(n) } else { total.checked_sub(n) };
                        let Some(next) = next else { return Val::Overflow };
                        total = next;
                    }
                    Val::Missing => {}
                    Val::Overflow => return Val::Overflow,
                    _ => return Val::Missing,
                }
            }
            if any_field && !any_known {
                Val::Missing
            } else {
                Val::Num(total)
            }
        }
        Expr::Product(es) => {
            let mut total = Decimal::ONE;
            for x in es {
                match eval(x, slot, blank_as_zero) {
                    Val::Num(n) => match crate::text::checked_mul(total, n) {
                        Some(t) => total = t,
                        None => return Val::Overflow,
                    },
                    Val::Overflow => return Val::Overflow,
                    _ => return Val::Missing,
                }
            }
            Val::Num(total)
        }
        Expr::Max(es) | Expr::Min(es) => {
            let is_max = matches!(e, Expr::Max(_));
            let mut best: Option<Decimal> = None;
            for x in es {
                match eval(x, slot, blank_as_zero) {
                    Val::Num(n) => {
                        best = Some(match best {
                            Some(b) if (is_max && b >= n) || (!is_max && b <= n) => b,
                            _ => n,
                        })
                    }
                    Val::Overflow => return Val::Overflow,
                    _ => {}
                }
            }
            best.map_or(Val::Missing, Val::Num)
        }
        Expr::Cmp(a, op, b) => {
            let (a, b) = (eval(a, slot, blank_as_zero), eval(b, slot, blank_as_zero));
            let ord = match (a, b) {
                (Val::Overflow, _) | (_, Val::Overflow) => return Val::Overflow,
                (Val::Num(x), Val::Num(y)) => x.cmp(&y),
                (Val::Date(x), Val::Date(y)) => x.cmp(&y),
                (Val::Bool(x), Val::Bool(y)) => x.cmp(&y),
                _ => return Val::Missing,
            };
            use std::cmp::Ordering::*;
            Val::Bool(match op {
                CmpOp::Lt => ord == Less,
                CmpOp::Le => ord != Greater,
                CmpOp::Gt => ord == Greater,
                CmpOp::Ge => ord != Less,
                CmpOp::Eq => ord == Equal,
                CmpOp::Ne => ord != Equal,
            })
        }
        Expr::And(es) => kleene(es, false, slot, blank_as_zero),
        Expr::Or(es) => kleene(es, true, slot, blank_as_zero),
        Expr::Not(x) => match eval(x, slot, blank_as_zero) {
            Val::Bool(b) => Val::Bool(!b),
            Val::Overflow => Val::Overflow,
            _ => Val::Missing,
        },
    }
}

/// Three-valued `and` (`decisive` = false) and `or` (`decisive` = true): one
/// decisive operand settles it; otherwise an operand too large to compute
/// makes it [`Val::Overflow`], and any missing operand makes it missing.
fn kleene<'a>(es: &[Expr], decisive: bool, slot: &dyn Fn(usize) -> Slot<'a>, blank_as_zero: bool) -> Val {
    let mut missing = false;
    let mut overflow = false;
    for x in es {
        match eval(x, slot, blank_as_zero) {
            Val::Bool(b) if b == decisive => return Val::Bool(decisive),
            Val::Bool(_) => {}
            Val::Overflow => overflow = true,
            _ => missing = true,
        }
    }
    if overflow {
        Val::Overflow
    } else if missing {
        Val::Missing
    } else {
        Val::Bool(!decisive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn codes(c: &str) -> Option<usize> {
        ["3.1.1", "3.1.2.a", "3.1.2.d", "6.2.a", "6.2.đ", "I.3"].iter().position(|x| *x == c)
    }

    #[test]
    fn parses_sums_comparisons_and_words() {
        let e = parse("{3.1.2.a} + {3.1.2.d} <= {3.1.1}", codes).unwrap();
        assert_eq!(
            e,
            Expr::Cmp(
                Box::new(Expr::Sum(vec![(true, Expr::Field(1)), (true, Expr::Field(2))])),
                CmpOp::Le,
                Box::new(Expr::Field(0))
            )
        );
        let e = parse("{6.2.a} == không and not blank({6.2.đ})", codes).unwrap();
        assert!(matches!(e, Expr::And(ref v) if v.len() == 2));
        let e = parse("max({3.1.1}, {I.3}) >= date(2022-08-15) or (true)", codes).unwrap();
        assert!(matches!(e, Expr::Or(_)));
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit_instead_of_exhausting_the_stack() {
        let ok = format!("{}{{3.1.1}}{} <= 1", "(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1));
        assert!(parse(&ok, codes).is_ok());
        for deep in [
            format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
            "not ".repeat(100_000) + "true",
            "max(".repeat(100_000) + "1",
        ] {
            let err = parse(&deep, codes).unwrap_err();
            assert!(err.message.contains("nested more than"), "{err}");
        }
    }

    #[test]
    fn reports_unknown_fields_and_syntax_errors_with_a_position() {
        let err = parse("{3.1.9} <= 1", codes).unwrap_err();
        assert_eq!(err.at, 0);
        assert!(err.message.contains("3.1.9"));
        assert!(parse("{3.1.1} <=", codes).is_err());
        assert!(parse("{3.1.1} ? 2", codes).is_err());
        assert!(parse("({3.1.1} <= 2", codes).is_err());
        assert!(parse("{3.1.1} <= 2 2", codes).is_err());
        assert!(parse("date(2022-13-01)", codes).is_err());
        assert!(parse("{", codes).is_err());
    }

    #[test]
    fn a_sum_is_missing_only_when_all_its_fields_are_blank() {
        let v = [Value::Count(5)];
        let slot = |i: usize| {
            if i == 1 {
                Slot::Value(&v[0])
            } else {
                Slot::Blank
            }
        };
        let e = parse("{3.1.2.a} + {3.1.2.d}", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Num(Decimal::from(5)));
        let e = parse("{3.1.1} + {3.1.2.d}", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Missing);
        assert_eq!(eval(&e, &slot, true), Val::Num(Decimal::ZERO));
        let e = parse("{3.1.2.a} <= {3.1.1}", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Missing);
        assert_eq!(eval(&e, &slot, true), Val::Bool(false));
    }

    #[test]
    fn a_sum_beyond_what_a_decimal_holds_is_an_overflow_never_a_clamped_number() {
        let v = [Value::Money(Decimal::MAX), Value::Money(Decimal::ONE), Value::Money(Decimal::MIN)];
        let slot = |i: usize| match i {
            0 => Slot::Value(&v[0]),
            1 => Slot::Value(&v[1]),
            2 => Slot::Value(&v[2]),
            _ => Slot::Blank,
        };
        // {3.1.1} = MAX, {3.1.2.a} = 1, {3.1.2.d} = MIN.
        for (text, want) in [
            ("{3.1.1} + {3.1.2.a}", Val::Overflow),
            ("{3.1.2.d} - {3.1.2.a}", Val::Overflow),
            ("{3.1.1} + {3.1.2.a} <= {3.1.1}", Val::Overflow),
            ("{3.1.1} <= {3.1.1} + {3.1.2.a}", Val::Overflow),
            ("max({3.1.1} + {3.1.2.a}, 1)", Val::Overflow),
            ("not ({3.1.1} + {3.1.2.a} > 0)", Val::Overflow),
            ("{3.1.1} + {3.1.2.a} > 0 and true", Val::Overflow),
            // A decisive operand settles the logic whatever the other is.
            ("{3.1.1} + {3.1.2.a} > 0 and false", Val::Bool(false)),
            ("{3.1.1} + {3.1.2.a} > 0 or true", Val::Bool(true)),
            // Near the limit but inside it: exact.
            ("{3.1.1} - {3.1.2.a} + {3.1.2.a} == {3.1.1}", Val::Bool(true)),
        ] {
            let e = parse(text, codes).unwrap();
            assert_eq!(eval(&e, &slot, false), want, "{text}");
        }
    }

    #[test]
    fn logic_is_three_valued() {
        let slot = |_: usize| Slot::Blank;
        let e = parse("{3.1.1} > 0 and false", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Bool(false));
        let e = parse("{3.1.1} > 0 or true", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Bool(true));
        let e = parse("not ({3.1.1} > 0)", codes).unwrap();
        assert_eq!(eval(&e, &slot, false), Val::Missing);
    }

    #[test]
    fn multiplies_before_adding_exactly_and_reports_overflow() {
        let v = [Value::Count(40), Value::Count(19), Value::Money(Decimal::MAX)];
        let slot = |i: usize| match i {
            0 => Slot::Value(&v[0]),
            1 => Slot::Value(&v[1]),
            5 => Slot::Value(&v[2]),
            _ => Slot::Blank,
        };
        // {3.1.1} = 40, {3.1.2.a} = 19, {I.3} = MAX.
        for (text, want) in [
            ("{3.1.2.a} * 2", Val::Num(Decimal::from(38))),
            ("1 + {3.1.2.a} * 2 - 3", Val::Num(Decimal::from(36))),
            ("{3.1.2.a} * 2 >= {3.1.1}", Val::Bool(false)),
            ("{3.1.1} * 0.5 == 20", Val::Bool(true)),
            ("{3.1.2.d} * 2", Val::Missing),
            ("{I.3} * 2", Val::Overflow),
            ("{I.3} * 2 > 0", Val::Overflow),
        ] {
            let e = parse(text, codes).unwrap();
            assert_eq!(eval(&e, &slot, false), want, "{text}");
        }
        assert!(parse("{3.1.1} * ", codes).is_err());
    }
}
