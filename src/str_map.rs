//! Small maps from text, sorted by key: the evidence references and notes
//! of a return and the named values of a rule ([`StrMap`], text to text),
//! and the crate's string-keyed index ([`StrIndex`], text to a position).
//! Sorted lists instead of a `BTreeMap` or a hash map: they hold a few dozen
//! to a few hundred entries, and the WebAssembly then carries no B-tree,
//! hash-table or sorting code (the hash map's cost: offline wasm −1.9 KB
//! gzip, lean −1.5 KB; a key is found in a handful of comparisons: the
//! CLI's instructions per return grew 5 % with it, README "Measured").

/// Text keys to values of `V`, sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SortedMap<V>(Vec<(String, V)>);

/// Text keys to text values.
pub type StrMap = SortedMap<String>;

/// Text keys (codes, ids, labels) to positions.
pub type StrIndex = SortedMap<usize>;

impl<V> SortedMap<V> {
    /// An empty map.
    pub fn new() -> SortedMap<V> {
        SortedMap(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// The entries, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Later entries win over earlier ones with the same key.
impl<V> FromIterator<(String, V)> for SortedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> SortedMap<V> {
        let mut m = SortedMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_unique_and_the_last_value_wins() {
        let mut m: StrMap =
            [("b", "1"), ("a", "2"), ("b", "3")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(), ["a=2", "b=3"]);
        assert_eq!(m.insert("a".into(), "4".into()).as_deref(), Some("2"));
        assert_eq!(m.get("a").map(String::as_str), Some("4"));
        assert_eq!(m.remove("b").as_deref(), Some("3"));
        assert!(!m.contains_key("b") && m.len() == 1 && !m.is_empty());
        assert_eq!(m.remove("zz"), None);
    }

    #[test]
    fn an_index_finds_every_key_and_the_last_position_wins() {
        let mut ix: StrIndex =
            ["6.2.d", "1", "6.2.đ", "10", "1"].iter().enumerate().map(|(i, k)| (k.to_string(), i)).collect();
        assert_eq!(
            [ix.get("1"), ix.get("10"), ix.get("6.2.d"), ix.get("6.2.đ")],
            [Some(&4), Some(&3), Some(&0), Some(&2)]
        );
        assert!(!ix.contains_key("6.2") && ix.get("").is_none());
        assert_eq!(ix.insert("6.2".into(), 7), None);
        assert_eq!(ix.insert("6.2".into(), 8), Some(7));
        assert!(ix.contains_key("6.2") && ix.get("6.2") == Some(&8));
    }
}
