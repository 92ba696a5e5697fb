//! JSON values of the schema records (enums, defaults, constants) and a reader for them.
//!
//! The records are compact JSON made by our own generator, so a small strict reader does:
//! it is a few kilobytes of code where a general JSON library would add a hundred to the
//! binary.

use std::fmt;

use crate::cfn::{Mapping, Node, Number, Value};

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, with the text it was written as (`1.0` stays `1.0`).
    Number(JsonNumber),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<Json>),
    /// An object, in the order written (the generator sorts keys).
    Object(Vec<(String, Json)>),
}

/// A JSON number: its value and its text.
#[derive(Clone, Debug)]
pub struct JsonNumber {
    value: f64,
    text: String,
}

impl PartialEq for JsonNumber {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl JsonNumber {
    /// The value.
    pub fn as_f64(&self) -> f64 {
        self.value
    }

    /// The text it was written as.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Json {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(n.value),
            _ => None,
        }
    }

    /// The number, if this is a whole number that is not negative.
    pub fn as_u64(&self) -> Option<u64> {
        let text = match self {
            Json::Number(n) => &n.text,
            _ => return None,
        };
        text.parse().ok()
    }

    /// The items, if this is a list.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value as a template value, e.g. a default to write into a property.
    pub fn to_node(&self) -> Node {
        Node::new(match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(Number::from_text(n.text.clone())),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Sequence(items.iter().map(Json::to_node).collect()),
            Json::Object(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_node()))
                    .collect::<Mapping>(),
            ),
        })
    }
}

impl fmt::Display for Json {
    /// Compact JSON; a string is written as its text, without quotes, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => f.write_str(&n.text),
            Json::String(s) => f.write_str(s),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Json::Object(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// Deepest nesting a record may have (the largest has about 20 levels).
const MAX_DEPTH: usize = 256;

/// Reads one JSON document; `None` if it is not valid JSON.
pub(super) fn parse(text: &[u8]) -> Option<Json> {
    let mut r = Reader { bytes: text, at: 0 };
    let value = r.value(0)?;
    r.skip_ws();
    (r.at == text.len()).then_some(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.skip_ws();
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut entries = Vec::new();
                if self.eat(b'}').is_some() {
                    return Some(Json::Object(entries));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    self.eat(b':')?;
                    entries.push((key, self.value(depth + 1)?));
                    if self.eat(b',').is_none() {
                        self.eat(b'}')?;
                        return Some(Json::Object(entries));
                    }
                }
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_some() {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',').is_none() {
                        self.eat(b']')?;
                        return Some(Json::Array(items));
                    }
                }
            }
            b'"' => self.string().map(Json::String),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => self.number(),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Option<Json> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        let value = text.parse::<f64>().ok()?;
        Some(Json::Number(JsonNumber {
            value,
            text: text.to_owned(),
        }))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A string, the reader at its opening quote.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    let c = match e {
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                self.at += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + (lo.checked_sub(0xDC00)? & 0x3FF)
                            } else {
                                hi
                            };
                            // A lone surrogate has no character; it becomes U+FFFD.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        e => crate::cfn::short_escape(e)?,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_generator_writes() {
        let j = parse(
            br#"{"a": [1, 2.50, -3e2, true, null], "b": "x\"\u00e9\ud83d\ude00\\", "c": {}}"#,
        )
        .unwrap();
        let a = j.get("a").and_then(Json::as_array).unwrap();
        assert_eq!(a[1].as_f64(), Some(2.5));
        assert_eq!(a[1].to_string(), "2.50");
        assert_eq!(a[2].as_f64(), Some(-300.0));
        assert_eq!(a[0].as_u64(), Some(1));
        assert_eq!(j.get("b").and_then(Json::as_str), Some("x\"é😀\\"));
        assert_eq!(j.get("c"), Some(&Json::Object(Vec::new())));
        assert!(parse(b"{\"a\": }").is_none());
        assert!(parse(b"[1] x").is_none());
    }

    #[test]
    fn values_become_template_nodes() {
        let j = parse(br#"{"Enabled": true, "Days": 30}"#).unwrap();
        let node = j.to_node();
        assert_eq!(
            crate::cfn::write_json_value(&node),
            "{\"Enabled\": true, \"Days\": 30}"
        );
    }
}
