//! Reading JSON objects by hand, with errors that say where: used for the
//! form definition, which is read once. Hand-written readers keep the
//! WebAssembly small (no derived deserializer per struct).

use crate::text::Text;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What went wrong, and where (`items[3].kind`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// The path to the offending value.
    pub at: String,
    /// What was expected.
    pub message: String,
}

type R<T> = Result<T, ShapeError>;

/// A JSON object being read, with its path for messages.
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    at: String,
}

fn err<T>(at: &str, message: impl Into<String>) -> R<T> {
    Err(ShapeError { at: at.to_string(), message: message.into() })
}

impl<'a> Obj<'a> {
    /// `v` as an object, or an error at `at`.
    pub fn new(v: &'a Value, at: &str) -> R<Obj<'a>> {
        match v {
            Value::Object(map) => Ok(Obj { map, at: at.to_string() }),
            _ => err(at, "expected an object"),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.at.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.at)
        }
    }

    /// Fails on any key not in `allowed` (a misspelt key is a mistake, not a default).
    pub fn only(&self, allowed: &[&str]) -> R<()> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => err(&self.path(k), format!("unknown key (expected one of: {})", allowed.join(", "))),
            None => Ok(()),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string.
    pub fn opt_str(&self, key: &str) -> R<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => err(&self.path(key), "expected a string"),
        }
    }

    /// A required string.
    pub fn str(&self, key: &str) -> R<String> {
        self.opt_str(key)?.map_or_else(|| err(&self.path(key), "missing"), Ok)
    }

    /// A boolean, `default` when absent.
    pub fn bool(&self, key: &str, default: bool) -> R<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => err(&self.path(key), "expected true or false"),
        }
    }

    /// An optional `{ "vi": …, "en": … }`.
    pub fn opt_text(&self, key: &str) -> R<Option<Text>> {
        self.get(key).map(|v| text(v, &self.path(key))).transpose()
    }

    /// A required `{ "vi": …, "en": … }`.
    pub fn text(&self, key: &str) -> R<Text> {
        self.opt_text(key)?.map_or_else(|| err(&self.path(key), "missing"), Ok)
    }

    /// A list (empty when absent), each element read by `f`.
    pub fn list<T>(&self, key: &str, f: impl Fn(&'a Value, &str) -> R<T>) -> R<Vec<T>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => {
                a.iter().enumerate().map(|(i, v)| f(v, &format!("{}[{i}]", self.path(key)))).collect()
            }
            Some(_) => err(&self.path(key), "expected a list"),
        }
    }

    /// An optional list of strings.
    pub fn opt_strings(&self, key: &str) -> R<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(_) => self.list(key, string).map(Some),
        }
    }

    /// An object of strings (empty when absent), sorted by key.
    pub fn str_map(&self, key: &str) -> R<BTreeMap<String, String>> {
        match self.get(key) {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(m)) => {
                m.iter().map(|(k, v)| Ok((k.clone(), string(v, &format!("{}.{k}", self.path(key)))?))).collect()
            }
            Some(_) => err(&self.path(key), "expected an object"),
        }
    }

    /// An optional nested object.
    pub fn opt_obj(&self, key: &str) -> R<Option<Obj<'a>>> {
        self.get(key).map(|v| Obj::new(v, &self.path(key))).transpose()
    }
}

/// `v` as a string.
pub fn string(v: &Value, at: &str) -> R<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => err(at, "expected a string"),
    }
}

/// `v` as `{ "vi": …, "en": … }`.
pub fn text(v: &Value, at: &str) -> R<Text> {
    let o = Obj::new(v, at)?;
    o.only(&["vi", "en"])?;
    Ok(Text { vi: o.str("vi")?, en: o.str("en")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_of_the_bad_value() {
        let v: Value = serde_json::from_str(r#"{"items":[{"code":"1"},{"code":2}],"title":{"vi":"a"}}"#).unwrap();
        let o = Obj::new(&v, "").unwrap();
        let e = o.list("items", |v, at| Obj::new(v, at)?.str("code")).unwrap_err();
        assert_eq!(e.at, "items[1].code");
        assert_eq!(o.text("title").unwrap_err().at, "title.en");
        assert_eq!(o.only(&["items"]).unwrap_err().at, "title");
    }
}
