//! Values of a CloudFormation template: scalars, collections and typed intrinsic functions.
//!
//! Every value is a [`Node`]: a [`Value`] plus the [`Span`] of source text it came from.
//! Equality between nodes is semantic: it ignores spans and the written form of an intrinsic
//! (`!Ref X` equals `{"Ref": "X"}`), so a template read from YAML equals the same template read
//! from JSON.

use std::fmt::Write as _;

use indexmap::IndexMap;

use super::intrinsic::Intrinsic;

/// A position in source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Byte offset from the start of the text (after any byte-order mark).
    pub offset: usize,
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

/// A range of source text, from `start` (inclusive) to `end` (exclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Where the range starts.
    pub start: Pos,
    /// Where the range ends.
    pub end: Pos,
}

impl Span {
    /// A span that starts and ends at `pos`.
    pub fn at(pos: Pos) -> Self {
        Self {
            start: pos,
            end: pos,
        }
    }
}

/// A value with the span of text it was read from.
///
/// Nodes built in code (by edits or tests) carry a default span.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// The value itself.
    pub value: Value,
    /// Where the value was written; ignored by equality.
    pub span: Span,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Node {
    /// A node with no source position.
    pub fn new(value: Value) -> Self {
        Self {
            value,
            span: Span::default(),
        }
    }

    /// A string node with no source position.
    pub fn string(text: impl Into<String>) -> Self {
        Self::new(Value::String(text.into()))
    }

    /// The string, if this node is a plain string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping, if this node is one.
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The mapping, mutably, if this node is one.
    /// Calls `f` on each value directly inside this one: a list's items, a mapping's values,
    /// an intrinsic function's argument.
    pub fn for_each_child_mut(&mut self, mut f: impl FnMut(&mut Node)) {
        match &mut self.value {
            Value::Sequence(items) => items.iter_mut().for_each(f),
            Value::Mapping(m) => m.iter_mut().for_each(|(_, n)| f(n)),
            Value::Intrinsic(i) => f(&mut i.arg),
            _ => {}
        }
    }

    pub fn as_mapping_mut(&mut self) -> Option<&mut Mapping> {
        match &mut self.value {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this node is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The intrinsic function, if this node is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match &self.value {
            Value::Intrinsic(f) => Some(f),
            _ => None,
        }
    }

    /// Follows a dotted path of mapping keys, e.g. `["VpcConfig", "SubnetIds"]`.
    pub fn get_path(&self, keys: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in keys {
            node = node.as_mapping()?.get(key)?;
        }
        Some(node)
    }

    /// The value as a boolean, accepting the strings `"true"` and `"false"` as CloudFormation does.
    pub fn as_bool_like(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The path and a description of the first place where two nodes differ, for messages.
    pub fn first_difference(&self, other: &Node) -> Option<String> {
        fn walk(a: &Node, b: &Node, path: &mut String) -> Option<String> {
            if a == b {
                return None;
            }
            match (&a.value, &b.value) {
                (Value::Mapping(x), Value::Mapping(y)) => {
                    for ((ka, va), (kb, vb)) in x.iter().zip(y.iter()) {
                        if ka != kb {
                            return Some(format!("{path}: key {ka:?} != {kb:?}"));
                        }
                        let len = path.len();
                        path.push('.');
                        path.push_str(ka);
                        let d = walk(va, vb, path);
                        path.truncate(len);
                        if d.is_some() {
                            return d;
                        }
                    }
                    Some(format!("{path}: {} keys != {} keys", x.len(), y.len()))
                }
                (Value::Sequence(x), Value::Sequence(y)) => {
                    for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                        let len = path.len();
                        write!(path, "[{i}]").ok();
                        let d = walk(va, vb, path);
                        path.truncate(len);
                        if d.is_some() {
                            return d;
                        }
                    }
                    Some(format!("{path}: {} items != {} items", x.len(), y.len()))
                }
                (Value::Intrinsic(x), Value::Intrinsic(y)) if x.func == y.func => {
                    let len = path.len();
                    path.push('.');
                    path.push_str(&x.func.long_key());
                    let d = walk(&x.arg, &y.arg, path);
                    path.truncate(len);
                    d.or_else(|| Some(format!("{path}: {:?} != {:?}", x.arg.value, y.arg.value)))
                }
                (x, y) => Some(format!("{path}: {x:?} != {y:?}")),
            }
        }
        walk(self, other, &mut String::new())
    }

    /// Counts this node and every node inside it.
    pub fn count_nodes(&self) -> usize {
        1 + match &self.value {
            Value::Sequence(items) => items.iter().map(Node::count_nodes).sum(),
            Value::Mapping(m) => m.values().map(Node::count_nodes).sum(),
            Value::Intrinsic(f) => f.arg.count_nodes(),
            _ => 0,
        }
    }
}

/// A template value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty YAML value.
    #[default]
    Null,
    /// `true` or `false` (YAML 1.1 also reads `yes`, `no`, `on`, `off` as booleans).
    Bool(bool),
    /// A number, kept as its text so that `1.10` stays `1.10`.
    Number(Number),
    /// A string.
    String(String),
    /// A sequence of values.
    Sequence(Vec<Node>),
    /// A mapping from string keys to values, in file order.
    Mapping(Mapping),
    /// An intrinsic function such as `Ref`, `Fn::GetAtt` or an unknown `!Tag`.
    Intrinsic(Box<Intrinsic>),
}

/// A number, kept as the decimal text it was written with.
///
/// YAML 1.1 forms that JSON cannot express (`0777`, `0x1F`, `1_000`) are converted to plain
/// decimal when read, so the text is always valid JSON except for `.inf` and `.nan`.
#[derive(Clone, Debug)]
pub struct Number(String);

impl Number {
    /// Wraps number text, which the caller has checked is a valid number.
    pub fn from_text(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the number is written as a float (with a point or an exponent).
    pub fn is_float(&self) -> bool {
        self.0.contains(['.', 'e', 'E']) || self.0.ends_with("inf") || self.0.ends_with("nan")
    }

    /// The value as `f64`, if it parses.
    pub fn as_f64(&self) -> Option<f64> {
        match self.0.as_str() {
            ".inf" | "+.inf" => Some(f64::INFINITY),
            "-.inf" => Some(f64::NEG_INFINITY),
            _ => self.0.parse().ok(),
        }
    }

    /// The value as `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self.is_float(), other.is_float()) {
            (false, false) => {
                self.0 == other.0
                    || matches!((self.0.parse::<i128>(), other.0.parse::<i128>()), (Ok(a), Ok(b)) if a == b)
            }
            (true, true) => {
                self.0 == other.0
                    || matches!((self.as_f64(), other.as_f64()), (Some(a), Some(b)) if a == b)
            }
            _ => false,
        }
    }
}

/// A mapping key with the span where it was written.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// Where the key was written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A mapping from string keys to values that keeps insertion (file) order.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    entries: IndexMap<String, Entry, foldhash::quality::RandomState>,
}

impl PartialEq for Mapping {
    /// Two mappings are equal when they have the same keys in the same order with equal values.
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(other.entries.iter())
                .all(|((ka, a), (kb, b))| ka == kb && a.value == b.value)
    }
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.get(key).map(|e| &e.value)
    }

    /// The value under `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries.get_mut(key).map(|e| &mut e.value)
    }

    /// The entry (key span and value) under `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// The stored key and its entry; the key lives as long as the mapping.
    pub fn key_entry(&self, key: &str) -> Option<(&str, &Entry)> {
        self.entries
            .get_key_value(key)
            .map(|(k, e)| (k.as_str(), e))
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// Inserts a value. An existing key keeps its position and gets the new value, which is how
    /// YAML readers treat a repeated key. Returns the previous entry.
    pub fn insert(&mut self, key: impl Into<String>, value: Node) -> Option<Entry> {
        self.insert_entry(
            key.into(),
            Entry {
                key_span: Span::default(),
                value,
            },
        )
    }

    /// Inserts a value together with its key span. Returns the previous entry.
    pub fn insert_entry(&mut self, key: String, entry: Entry) -> Option<Entry> {
        self.entries.insert(key, entry)
    }

    /// Renames a key in place, keeping its position, span and value. Returns false if `from`
    /// is missing or `to` already exists.
    pub fn rename_key(&mut self, from: &str, to: &str) -> bool {
        if self.entries.contains_key(to) {
            return false;
        }
        let Some(index) = self.entries.get_index_of(from) else {
            return false;
        };
        let Some(entry) = self.entries.shift_remove(from) else {
            return false;
        };
        self.entries.shift_insert(index, to.to_owned(), entry);
        true
    }

    /// Inserts a key at a position (clamped to the end).
    pub fn insert_at(&mut self, index: usize, key: impl Into<String>, value: Node) {
        let index = index.min(self.entries.len());
        self.entries.shift_insert(
            index,
            key.into(),
            Entry {
                key_span: Span::default(),
                value,
            },
        );
    }

    /// Removes entries for which `keep` returns false.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Node) -> bool) {
        self.entries.retain(|k, e| keep(k, &e.value));
    }

    /// Removes a key, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        self.entries.shift_remove(key).map(|e| e.value)
    }

    /// Keys and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.entries.iter().map(|(k, e)| (k.as_str(), &e.value))
    }

    /// Keys and entries in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(k, e)| (k.as_str(), e))
    }

    /// Keys and values in order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Node)> {
        self.entries
            .iter_mut()
            .map(|(k, e)| (k.as_str(), &mut e.value))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Values in order.
    pub fn values(&self) -> impl Iterator<Item = &Node> {
        self.entries.values().map(|e| &e.value)
    }

    /// The only entry, if there is exactly one.
    pub fn single(&self) -> Option<(&str, &Node)> {
        if self.entries.len() == 1 {
            self.iter().next()
        } else {
            None
        }
    }

    /// Takes the only entry out, if there is exactly one.
    pub fn into_single(self) -> Result<(String, Entry), Self> {
        if self.entries.len() == 1 {
            let mut entries = self.entries;
            entries.pop().ok_or(Self::default())
        } else {
            Err(self)
        }
    }
}

impl FromIterator<(String, Node)> for Mapping {
    fn from_iter<T: IntoIterator<Item = (String, Node)>>(iter: T) -> Self {
        let mut m = Mapping::new();
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
    fn numbers_compare_by_value_and_kind() {
        assert_eq!(Number::from_text("1.10"), Number::from_text("1.1"));
        assert_eq!(Number::from_text("1e5"), Number::from_text("1.0e+5"));
        assert_ne!(Number::from_text("1"), Number::from_text("1.0"));
        assert_ne!(Number::from_text("10"), Number::from_text("11"));
    }

    #[test]
    fn mapping_equality_is_ordered() {
        let a: Mapping = [
            ("a".into(), Node::string("1")),
            ("b".into(), Node::string("2")),
        ]
        .into_iter()
        .collect();
        let b: Mapping = [
            ("b".into(), Node::string("2")),
            ("a".into(), Node::string("1")),
        ]
        .into_iter()
        .collect();
        assert_ne!(a, b);
        assert_eq!(a, a.clone());
    }

    #[test]
    fn repeated_key_keeps_first_position_and_last_value() {
        let mut m = Mapping::new();
        m.insert("a", Node::string("1"));
        m.insert("b", Node::string("2"));
        assert!(m.insert("a", Node::string("3")).is_some());
        let pairs: Vec<_> = m.iter().map(|(k, v)| (k, v.as_str())).collect();
        assert_eq!(pairs, vec![("a", Some("3")), ("b", Some("2"))]);
    }
}
