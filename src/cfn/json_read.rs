//! Reading JSON into [`Node`]s, with spans.
//!
//! A small strict JSON reader of our own: it keeps number text (`1.10` stays `1.10`), key order,
//! the span of every value and repeated keys, none of which `serde_json` reports.

use super::diagnostic::ImportError;
use super::value::{Entry, Mapping, Node, Number, Pos, Span, Value};
use super::yaml_read::{DuplicateKey, MAX_DEPTH, RawDocument, long_form};

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
    /// Column cache: `col_chars` characters lie between `line_start` and `col_offset`.
    col_offset: usize,
    col_chars: usize,
    path: Vec<String>,
    duplicates: Vec<DuplicateKey>,
}

/// Reads a JSON document.
pub fn read_json(text: &str, file: &str) -> Result<RawDocument, ImportError> {
    let mut r = Reader {
        file,
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        col_offset: 0,
        col_chars: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
    };
    r.skip_ws();
    let root = r.value(0)?;
    r.skip_ws();
    if r.at < r.bytes.len() {
        return Err(r.error("unexpected text after the end of the JSON document"));
    }
    Ok(RawDocument {
        root,
        duplicates: r.duplicates,
        first_alias: None,
    })
}

impl Reader<'_> {
    fn pos(&mut self) -> Pos {
        if self.col_offset < self.line_start || self.col_offset > self.at {
            self.col_offset = self.line_start;
            self.col_chars = 0;
        }
        let seg = self.bytes.get(self.col_offset..self.at).unwrap_or_default();
        self.col_chars += seg.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        self.col_offset = self.at;
        Pos {
            offset: self.at,
            line: self.line,
            column: self.col_chars + 1,
        }
    }

    fn error(&mut self, message: impl Into<String>) -> ImportError {
        let pos = self.pos();
        ImportError::new(
            self.file,
            Some(pos),
            format!("JSON syntax error: {}", message.into()),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => break,
            }
        }
    }

    fn expect_byte(&mut self, b: u8, what: &str) -> Result<(), ImportError> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            let found = self.found();
            Err(self.error(format!("expected {what}, found {found}")))
        }
    }

    fn found(&self) -> String {
        match self.text.get(self.at..).and_then(|s| s.chars().next()) {
            Some(c) => format!("{c:?}"),
            None => "the end of the file".to_owned(),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ImportError> {
        let start = self.pos();
        let value = match self.peek() {
            Some(b'{') => return self.object(depth, start),
            Some(b'[') => return self.array(depth, start),
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => {
                let found = self.found();
                return Err(self.error(format!("expected a value, found {found}")));
            }
        };
        let end = self.pos();
        Ok(Node {
            value,
            span: Span { start, end },
        })
    }

    fn check_depth(&mut self, depth: usize) -> Result<(), ImportError> {
        if depth >= MAX_DEPTH {
            let pos = self.pos();
            return Err(ImportError::new(
                self.file,
                Some(pos),
                format!(
                    "the template nests deeper than {MAX_DEPTH} levels; real templates never do"
                ),
            ));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize, start: Pos) -> Result<Node, ImportError> {
        self.check_depth(depth)?;
        self.at += 1;
        let mut map = Mapping::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
        } else {
            loop {
                self.skip_ws();
                let key_start = self.pos();
                if self.peek() != Some(b'"') {
                    let found = self.found();
                    return Err(self.error(format!("expected a quoted key, found {found}")));
                }
                let key = self.string()?;
                let key_span = Span {
                    start: key_start,
                    end: self.pos(),
                };
                self.skip_ws();
                self.expect_byte(b':', "':' after the key")?;
                self.skip_ws();
                self.path.push(key.clone());
                let value = self.value(depth + 1)?;
                self.path.pop();
                if let Some(previous) = map.insert_entry(key.clone(), Entry { key_span, value }) {
                    self.duplicates.push(DuplicateKey {
                        path: self.path.clone(),
                        key,
                        pos: key_start,
                        first: previous.key_span.start,
                    });
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b'}') => {
                        self.at += 1;
                        break;
                    }
                    _ => {
                        let found = self.found();
                        return Err(self.error(format!("expected ',' or '}}', found {found}")));
                    }
                }
            }
        }
        let end = self.pos();
        Ok(long_form(map, Span { start, end }))
    }

    fn array(&mut self, depth: usize, start: Pos) -> Result<Node, ImportError> {
        self.check_depth(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                self.skip_ws();
                self.path.push(items.len().to_string());
                items.push(self.value(depth + 1)?);
                self.path.pop();
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => {
                        let found = self.found();
                        return Err(self.error(format!("expected ',' or ']', found {found}")));
                    }
                }
            }
        }
        let end = self.pos();
        Ok(Node {
            value: Value::Sequence(items),
            span: Span { start, end },
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ImportError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            let found = self.found();
            Err(self.error(format!("expected {word}, found {found}")))
        }
    }

    fn number(&mut self) -> Result<Number, ImportError> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let s = r.at;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.at += 1;
            }
            r.at - s
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let n = digits(self);
        if n == 0 || (n > 1 && self.bytes.get(int_start) == Some(&b'0')) {
            return Err(self.error("a number needs digits, without a leading zero"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("a number needs digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("a number needs digits in its exponent"));
            }
        }
        Ok(Number::from_text(
            self.text.get(start..self.at).unwrap_or("0"),
        ))
    }

    fn string(&mut self) -> Result<String, ImportError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.at += 1;
            }
            out.push_str(self.text.get(run_start..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error("a control character inside a string must be escaped"));
                }
                None => return Err(self.error("a string is not closed")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, ImportError> {
        let Some(b) = self.peek() else {
            return Err(self.error("a string is not closed"));
        };
        self.at += 1;
        if let Some(c) = short_escape(b) {
            return Ok(c);
        }
        Ok(match b {
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                        return Err(self.error("an unpaired UTF-16 surrogate in a \\u escape"));
                    }
                    self.at += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.error("an unpaired UTF-16 surrogate in a \\u escape"));
                    }
                    let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                } else {
                    char::from_u32(hi)
                        .ok_or_else(|| self.error("an unpaired UTF-16 surrogate in a \\u escape"))?
                }
            }
            _ => return Err(self.error(format!("unknown escape \\{}", char::from(b)))),
        })
    }

    fn hex4(&mut self) -> Result<u32, ImportError> {
        let digits = self.text.get(self.at..self.at + 4).unwrap_or_default();
        match u32::from_str_radix(digits, 16) {
            Ok(v) if digits.len() == 4 => {
                self.at += 4;
                Ok(v)
            }
            _ => Err(self.error("\\u needs four hex digits")),
        }
    }
}

/// The character of a one-letter JSON escape (`\n`, `\"`, `\/`...), after the backslash;
/// `None` for `\u` and for what JSON has no escape for.
pub(crate) fn short_escape(b: u8) -> Option<char> {
    Some(match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::intrinsic::{Form, Func};

    #[test]
    fn keeps_number_text_and_string_types() {
        let doc = read_json(
            r#"{"a": 1.10, "b": "01", "c": "true", "d": true, "e": null}"#,
            "t.json",
        )
        .unwrap();
        let m = doc.root.as_mapping().unwrap();
        assert!(matches!(&m.get("a").unwrap().value, Value::Number(n) if n.as_str() == "1.10"));
        assert_eq!(m.get("b").unwrap().as_str(), Some("01"));
        assert_eq!(m.get("c").unwrap().as_str(), Some("true"));
        assert_eq!(m.get("d").unwrap().value, Value::Bool(true));
        assert_eq!(m.get("e").unwrap().value, Value::Null);
    }

    #[test]
    fn reads_long_form_functions() {
        let doc = read_json(
            r#"{"a": {"Fn::GetAtt": ["R", "Arn"]}, "b": {"Ref": "X"}}"#,
            "t.json",
        )
        .unwrap();
        let a = doc
            .root
            .get_path(&["a"])
            .and_then(Node::as_intrinsic)
            .unwrap();
        assert_eq!((a.func.clone(), a.form), (Func::GetAtt, Form::Long));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = read_json("{\n  \"a\": 1\n  \"b\": 2\n}", "t.json").unwrap_err();
        let pos = err.diagnostic().pos.unwrap();
        assert_eq!((pos.line, pos.column), (3, 3));
        assert!(
            err.to_string()
                .starts_with("t.json:3:3: error: JSON syntax error")
        );
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"\\x\"",
            "01",
            "{} x",
            "\"a\nb\"",
        ] {
            assert!(read_json(bad, "t.json").is_err(), "{bad:?} must fail");
        }
    }

    #[test]
    fn decodes_escapes_and_reports_duplicates() {
        let doc = read_json(r#"{"s": "a\"\\\/\n\u00e9\ud83d\ude00", "s": 2}"#, "t.json").unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        let doc = read_json(r#"["a\"\\\/\n\u00e9\ud83d\ude00"]"#, "t.json").unwrap();
        assert_eq!(
            doc.root.as_sequence().unwrap()[0].as_str(),
            Some("a\"\\/\né😀")
        );
    }

    #[test]
    fn refuses_deep_nesting() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = read_json(&deep, "deep.json").unwrap_err();
        assert!(err.to_string().contains("nests deeper"));
    }
}
