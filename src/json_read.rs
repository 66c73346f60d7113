//! Reading JSON objects by hand, with errors that say where: used for the
//! form definition. Hand-written readers keep the WebAssembly small (no
//! derived deserializer per struct), and the path of a value is only
//! written out when there is an error to report.

use crate::json::{lookup, Entries, Json as Value};
use crate::str_map::StrMap;
use crate::text::Text;
use std::cell::RefCell;

/// What went wrong, and where (`items[3].kind`). Boxed: the `Result`s of
/// every read stay two words, which keeps the many `?` of the readers small
/// in the wasm.
pub type ShapeError = Box<Shape>;

/// What went wrong, and where (`items[3].kind`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The path to the offending value.
    pub at: String,
    /// What was expected.
    pub message: String,
}

type R<T> = Result<T, ShapeError>;

/// Where a value sits in the document, as a chain on the stack.
#[derive(Clone, Copy)]
pub enum Path<'p> {
    /// The document itself.
    Root,
    /// A named part of an object.
    Named(&'p str),
    /// `parent.key`
    Key(&'p Path<'p>, &'p str),
    /// `parent[i]`
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// The path as text: `items[3].kind`.
    pub fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Named(n) => n.to_string(),
            Path::Key(p, k) => match p.render() {
                s if s.is_empty() => k.to_string(),
                s => format!("{s}.{k}"),
            },
            Path::Index(p, i) => format!("{}[{i}]", p.render()),
        }
    }
}

fn err<T>(at: Path, message: impl Into<String>) -> R<T> {
    Err(Box::new(Shape { at: at.render(), message: message.into() }))
}

/// A JSON object being read, with its path for messages.
pub struct Obj<'a, 'p> {
    map: &'a Entries<'a>,
    at: Path<'p>,
}

impl<'a, 'p> Obj<'a, 'p> {
    /// `v` as an object, or an error at `at`.
    pub fn new(v: &'a Value<'a>, at: Path<'p>) -> R<Obj<'a, 'p>> {
        match v {
            Value::Object(map) => Ok(Obj { map, at }),
            _ => err(at, "expected an object"),
        }
    }

    fn key<'k>(&'k self, key: &'k str) -> Path<'k> {
        Path::Key(&self.at, key)
    }

    /// Fails on any key not in `allowed` (a misspelt key is a mistake, not a default).
    pub fn only(&self, allowed: &[&str]) -> R<()> {
        match self.map.iter().map(|(k, _)| k).find(|k| !allowed.contains(&k.as_ref())) {
            Some(k) => {
                let mut expected = String::new();
                for (i, a) in allowed.iter().enumerate() {
                    expected.push_str(if i == 0 { "" } else { ", " });
                    expected.push_str(a);
                }
                err(self.key(k), format!("unknown key (expected one of: {expected})"))
            }
            None => Ok(()),
        }
    }

    /// An error about `key` of this object.
    pub fn error(&self, key: &str, message: impl Into<String>) -> ShapeError {
        Box::new(Shape { at: self.key(key).render(), message: message.into() })
    }

    /// Every entry, each read by `f` with its key and path.
    pub fn each<T>(&self, f: impl Fn(&'a str, &'a Value<'a>, Path) -> R<T>) -> R<Vec<T>> {
        // Plain loops, not `collect::<Result<…>>()`: one small function per
        // reader instead of an iterator adapter per reader in the wasm.
        let mut out = Vec::with_capacity(self.map.len());
        for (k, v) in self.map {
            out.push(f(k, v, self.key(k))?);
        }
        Ok(out)
    }

    /// An optional whole number from 0 to `u32::MAX`.
    pub fn opt_u32(&self, key: &str) -> R<Option<u32>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Ok(Some(n)),
                None => err(self.key(key), "expected a whole number"),
            },
        }
    }

    /// The value of `key`, `None` when absent or null.
    pub fn value(&self, key: &str) -> Option<&'a Value<'a>> {
        lookup(self.map, key).filter(|v| !v.is_null())
    }

    /// An optional string.
    pub fn opt_str(&self, key: &str) -> R<Option<String>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.to_string())),
            Some(_) => err(self.key(key), "expected a string"),
        }
    }

    /// A required string.
    pub fn str(&self, key: &str) -> R<String> {
        match self.opt_str(key)? {
            Some(s) => Ok(s),
            None => err(self.key(key), "missing"),
        }
    }

    /// A boolean, `default` when absent.
    pub fn bool(&self, key: &str, default: bool) -> R<bool> {
        match self.value(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => err(self.key(key), "expected true or false"),
        }
    }

    /// An optional `{ "vi": …, "en": … }`.
    pub fn opt_text(&self, key: &str) -> R<Option<Text>> {
        self.value(key).map(|v| text(v, self.key(key))).transpose()
    }

    /// A required `{ "vi": …, "en": … }`.
    pub fn text(&self, key: &str) -> R<Text> {
        match self.opt_text(key)? {
            Some(t) => Ok(t),
            None => err(self.key(key), "missing"),
        }
    }

    /// A list (empty when absent), each element read by `f`.
    pub fn list<T>(&self, key: &str, f: impl Fn(&'a Value<'a>, Path) -> R<T>) -> R<Vec<T>> {
        let at = self.key(key);
        match self.value(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, v) in a.iter().enumerate() {
                    out.push(f(v, Path::Index(&at, i))?);
                }
                Ok(out)
            }
            Some(_) => err(at, "expected a list"),
        }
    }

    /// An optional list of strings.
    pub fn opt_strings(&self, key: &str) -> R<Option<Vec<String>>> {
        match self.value(key) {
            None => Ok(None),
            Some(_) => self.list(key, string).map(Some),
        }
    }

    /// An object of strings (empty when absent), sorted by key.
    pub fn str_map(&self, key: &str) -> R<StrMap> {
        let at = self.key(key);
        match self.value(key) {
            None => Ok(StrMap::new()),
            Some(Value::Object(m)) => {
                let mut out = StrMap::new();
                for (k, v) in m {
                    out.insert(k.to_string(), string(v, Path::Key(&at, k))?);
                }
                Ok(out)
            }
            Some(_) => err(at, "expected an object"),
        }
    }

    /// An optional nested object; `f` reads it.
    pub fn opt_obj<T>(&self, key: &str, f: impl FnOnce(Obj<'a, '_>) -> R<T>) -> R<Option<T>> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => f(Obj::new(v, self.key(key))?).map(Some),
        }
    }
}

/// An object read without stopping at its first problem: every read gives a
/// value (the default after a problem) and the first problem, in reading
/// order, is kept in `first` for the caller to return once at the end. The
/// same first problem as reading with `?` at every step, in a fraction of
/// the code: a reader of a dozen fields no longer has a dozen early returns,
/// each dropping what was read so far (the definition's reader is 2 KB of
/// wasm smaller).
pub struct Lax<'a, 'p, 'e> {
    obj: Obj<'a, 'p>,
    first: &'e RefCell<Option<ShapeError>>,
}

/// The problem a [`Lax`] read kept, if any, else `value`.
pub fn lax_result<T>(value: T, first: RefCell<Option<ShapeError>>) -> R<T> {
    first.into_inner().map_or(Ok(value), Err)
}

impl<'a, 'p, 'e> Lax<'a, 'p, 'e> {
    /// `v` as an object; when it is not one, the problem is kept and it
    /// reads as an empty object.
    pub fn new(v: &'a Value<'a>, at: Path<'p>, first: &'e RefCell<Option<ShapeError>>) -> Self {
        let obj = match v {
            Value::Object(map) => Obj { map, at },
            _ => {
                keep(first, err::<()>(at, "expected an object"));
                Obj { map: &[], at }
            }
        };
        Lax { obj, first }
    }

    fn keep<T: Default>(&self, r: R<T>) -> T {
        keep(self.first, r)
    }

    /// [`Obj::only`].
    pub fn only(&self, allowed: &[&str]) {
        self.keep(self.obj.only(allowed))
    }

    /// Keeps a problem about `key` of this object (when it is the first).
    pub fn fail(&self, key: &str, message: &str) {
        keep(self.first, Err::<(), _>(self.obj.error(key, message)));
    }

    /// [`Obj::opt_u32`].
    pub fn opt_u32(&self, key: &str) -> Option<u32> {
        self.keep(self.obj.opt_u32(key))
    }

    /// [`Obj::value`].
    pub fn value(&self, key: &str) -> Option<&'a Value<'a>> {
        self.obj.value(key)
    }

    /// [`Obj::str`]: empty after a problem.
    pub fn str(&self, key: &str) -> String {
        self.keep(self.obj.str(key))
    }

    /// [`Obj::opt_str`].
    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.keep(self.obj.opt_str(key))
    }

    /// [`Obj::bool`].
    pub fn bool(&self, key: &str, default: bool) -> bool {
        self.obj.bool(key, default).unwrap_or_else(|e| {
            keep(self.first, Err::<(), _>(e));
            default
        })
    }

    /// [`Obj::text`].
    pub fn text(&self, key: &str) -> Text {
        self.keep(self.obj.text(key))
    }

    /// [`Obj::opt_text`].
    pub fn opt_text(&self, key: &str) -> Option<Text> {
        self.keep(self.obj.opt_text(key))
    }

    /// [`Obj::opt_strings`].
    pub fn opt_strings(&self, key: &str) -> Option<Vec<String>> {
        self.keep(self.obj.opt_strings(key))
    }

    /// [`Obj::str_map`].
    pub fn str_map(&self, key: &str) -> StrMap {
        self.keep(self.obj.str_map(key))
    }

    /// [`Obj::list`] with `f` reading each element's value.
    pub fn list<T>(&self, key: &str, f: impl Fn(&'a Value<'a>, Path) -> R<T>) -> Vec<T> {
        self.keep(self.obj.list(key, f))
    }

    /// A list of objects (empty when absent), each read by `f` laxly.
    pub fn objects<T>(&self, key: &str, f: impl Fn(Lax<'a, '_, 'e>) -> T) -> Vec<T> {
        let at = self.obj.key(key);
        match self.obj.value(key) {
            None => Vec::new(),
            Some(Value::Array(a)) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, v) in a.iter().enumerate() {
                    out.push(f(Lax::new(v, Path::Index(&at, i), self.first)));
                }
                out
            }
            Some(_) => {
                keep(self.first, err::<()>(at, "expected a list"));
                Vec::new()
            }
        }
    }

    /// Every entry, its value read by `f` laxly as an object, with its key.
    pub fn each<T>(&self, f: impl Fn(&'a str, Lax<'a, '_, 'e>) -> T) -> Vec<T> {
        let mut out = Vec::with_capacity(self.obj.map.len());
        for (k, v) in self.obj.map {
            out.push(f(k, Lax::new(v, self.obj.key(k), self.first)));
        }
        out
    }

    /// An optional nested object, read by `f` laxly.
    pub fn opt_obj<T>(&self, key: &str, f: impl FnOnce(Lax<'a, '_, 'e>) -> T) -> Option<T> {
        let v = self.obj.value(key)?;
        Some(f(Lax::new(v, self.obj.key(key), self.first)))
    }
}

/// The value of `r`, or its default with the problem kept (the first one only).
fn keep<T: Default>(first: &RefCell<Option<ShapeError>>, r: R<T>) -> T {
    r.unwrap_or_else(|e| {
        first.borrow_mut().get_or_insert(e);
        T::default()
    })
}

/// `v` as a string.
pub fn string(v: &Value, at: Path) -> R<String> {
    match v {
        Value::String(s) => Ok(s.to_string()),
        _ => err(at, "expected a string"),
    }
}

/// `v` as `{ "vi": …, "en": … }`.
pub fn text(v: &Value, at: Path) -> R<Text> {
    let first = RefCell::new(None);
    let o = Lax::new(v, at, &first);
    o.only(&["vi", "en"]);
    let t = Text { vi: o.str("vi"), en: o.str("en") };
    lax_result(t, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_of_the_bad_value() {
        let v = Value::parse(r#"{"items":[{"code":"1"},{"code":2}],"title":{"vi":"a"}}"#).unwrap();
        let o = Obj::new(&v, Path::Root).unwrap();
        let e = o.list("items", |v, at| Obj::new(v, at)?.str("code")).unwrap_err();
        assert_eq!(e.at, "items[1].code");
        assert_eq!(o.text("title").unwrap_err().at, "title.en");
        assert_eq!(o.only(&["items"]).unwrap_err().at, "title");
        let n = Path::Named("header");
        assert_eq!(Path::Index(&n, 2).render(), "header[2]");
    }
}
