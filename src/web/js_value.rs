//! Crossing into JavaScript: mount options read from a JS object, and JSON
//! values handed to event listeners as plain JS objects.
//!
//! Options are read field by field (a generic deserializer would compile
//! float formatting into the wasm just to word its type errors); values go
//! out through `serde-wasm-bindgen`, numbers as JS numbers.

use crate::json::Json;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use wasm_bindgen::JsValue;

/// Options of `PdtiApp::mount` (all optional).
#[derive(Default)]
pub struct Options {
    /// `vi` (default) or `en`.
    pub lang: Option<String>,
    /// localStorage key for the draft (default `pdti-form:<form id>`).
    pub autosave_key: Option<String>,
    /// `false` turns autosave off.
    pub autosave: Option<bool>,
    /// Show the form without letting anyone change it.
    pub read_only: bool,
    /// A form definition (JSON text) to use instead of the embedded one.
    pub definition: Option<String>,
    /// A return (JSON text) to start from.
    pub initial_return: Option<String>,
}

impl Options {
    /// Reads the options object (`undefined` and `null` give the defaults);
    /// a key of the wrong type is an error naming the key, Vietnamese first.
    pub fn from_js(v: &JsValue) -> Result<Options, String> {
        if v.is_undefined() || v.is_null() {
            return Ok(Options::default());
        }
        if !v.is_object() {
            return Err("tuỳ chọn phải là một đối tượng (options must be an object)".into());
        }
        let get = |key: &str| {
            js_sys::Reflect::get(v, &JsValue::from_str(key)).ok().filter(|x| !x.is_undefined() && !x.is_null())
        };
        let text = |key: &str| match get(key) {
            None => Ok(None),
            Some(x) => x.as_string().map(Some).ok_or_else(|| format!("\"{key}\" phải là chuỗi (must be a string)")),
        };
        let flag = |key: &str| match get(key) {
            None => Ok(None),
            Some(x) => x
                .as_bool()
                .map(Some)
                .ok_or_else(|| format!("\"{key}\" phải là true hoặc false (must be true or false)")),
        };
        Ok(Options {
            lang: text("lang")?,
            autosave_key: text("autosaveKey")?,
            autosave: flag("autosave")?,
            read_only: flag("readOnly")?.unwrap_or(false),
            definition: text("definition")?,
            initial_return: text("initialReturn")?,
        })
    }
}

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE: u64 = (1 << 53) - 1;

/// `v` as a plain JS value: objects, arrays, strings, booleans, null, and
/// numbers (whole numbers up to 2^53 − 1 as JS numbers; any other number,
/// a count of 10^16 included, as its exact text, never a silent `null`).
pub fn to_js(v: &Json<'_>) -> JsValue {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    AsSerde(v).serialize(&ser).unwrap_or(JsValue::NULL)
}

struct AsSerde<'a>(&'a Json<'a>);

impl Serialize for AsSerde<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            // A JS number holds whole numbers exactly up to 2^53 − 1; a count
            // beyond that (or any other number) goes as its exact decimal text.
            Json::Number(n) => match (n.parse::<u64>(), n.parse::<i64>()) {
                (Ok(u), _) if u <= MAX_SAFE => s.serialize_u64(u),
                (_, Ok(i)) if i.unsigned_abs() <= MAX_SAFE => s.serialize_i64(i),
                _ => s.serialize_str(n),
            },
            Json::String(t) => s.serialize_str(t),
            Json::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(&AsSerde(x))?;
                }
                seq.end()
            }
            Json::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, x) in m {
                    map.serialize_entry(k, &AsSerde(x))?;
                }
                map.end()
            }
        }
    }
}
