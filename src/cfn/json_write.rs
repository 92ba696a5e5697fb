//! Writing a template as JSON: long-form functions, 2-space indent, keys in file order.

use std::fmt::Write as _;

use super::intrinsic::{Func, Intrinsic};
use super::template::Template;
use super::value::{Mapping, Node, Value};
use super::yaml_write::finish;

/// The first value that JSON cannot hold: a YAML tag that is not a CloudFormation function
/// (`!Rain::Embed x`, `!Foo x`). Written as `{"Fn::Foo": ...}` it would become a function
/// nobody wrote, so a template holding one is not written as JSON at all.
///
/// Returns the tag as written and the value's span.
pub fn json_obstacle(node: &Node) -> Option<(String, super::value::Span)> {
    match &node.value {
        Value::Intrinsic(f) => match &f.func {
            Func::Other(name) if f.form == super::intrinsic::Form::Short => {
                Some((format!("!{name}"), node.span))
            }
            _ => json_obstacle(&f.arg),
        },
        Value::Sequence(items) => items.iter().find_map(json_obstacle),
        Value::Mapping(m) => m.iter().find_map(|(_, v)| json_obstacle(v)),
        _ => None,
    }
}

/// Writes `template` as JSON.
///
/// Check [`json_obstacle`] first: a tag that is not a CloudFormation function has no JSON
/// form, and is written here as the `Fn::` function cfn-lint would read it as.
pub fn write_json(template: &Template) -> String {
    let mut out = String::new();
    value(&mut out, template.root_node(), 0, 2);
    out.push('\n');
    finish(out, template)
}

/// Writes `"key": value` with nested lines indented from `column` by `step` spaces.
pub fn write_json_entry(key: &str, node: &Node, column: usize, step: usize) -> String {
    let mut out = String::new();
    string(&mut out, key);
    out.push_str(": ");
    value(&mut out, node, column, step);
    out
}

/// Writes one value as compact single-line JSON.
pub fn write_json_value(node: &Node) -> String {
    let mut out = String::new();
    value(&mut out, node, usize::MAX, 0);
    out
}

fn newline(out: &mut String, indent: usize) {
    if indent == usize::MAX {
        return;
    }
    out.push('\n');
    for _ in 0..indent {
        out.push(' ');
    }
}

fn deeper(indent: usize, step: usize) -> usize {
    if indent == usize::MAX {
        indent
    } else {
        indent + step
    }
}

fn value(out: &mut String, node: &Node, indent: usize, step: usize) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let text = n.as_str();
            if text.ends_with("inf") || text.ends_with("nan") {
                string(out, text);
            } else {
                out.push_str(text);
            }
        }
        Value::String(s) => string(out, s),
        Value::Sequence(items) => sequence(out, items, indent, step),
        Value::Mapping(m) => mapping(out, m, indent, step),
        Value::Intrinsic(f) => intrinsic(out, f, indent, step),
    }
}

fn sequence(out: &mut String, items: &[Node], indent: usize, step: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
            if indent == usize::MAX {
                out.push(' ');
            }
        }
        newline(out, deeper(indent, step));
        value(out, item, deeper(indent, step), step);
    }
    newline(out, indent);
    out.push(']');
}

fn mapping(out: &mut String, m: &Mapping, indent: usize, step: usize) {
    if m.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
            if indent == usize::MAX {
                out.push(' ');
            }
        }
        newline(out, deeper(indent, step));
        string(out, k);
        out.push_str(": ");
        value(out, v, deeper(indent, step), step);
    }
    newline(out, indent);
    out.push('}');
}

/// Long form always; `!GetAtt A.B` becomes `["A", "B"]`, as CloudFormation's JSON expects.
fn intrinsic(out: &mut String, f: &Intrinsic, indent: usize, step: usize) {
    out.push('{');
    newline(out, deeper(indent, step));
    string(out, &f.func.long_key());
    out.push_str(": ");
    match (&f.func, &f.arg.value) {
        (Func::GetAtt, Value::String(s)) if s.contains('.') => {
            let (r, a) = s.split_once('.').unwrap_or((s, ""));
            let list = [Node::string(r), Node::string(a)];
            sequence(out, &list, deeper(indent, step), step);
        }
        _ => value(out, &f.arg, deeper(indent, step), step),
    }
    newline(out, indent);
    out.push('}');
}

/// Writes a JSON string with the escapes JSON requires.
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                write!(out, "\\u{:04x}", c as u32).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::template::import_text;

    #[test]
    fn writes_long_form_with_two_space_indent() {
        let i = import_text(
            "Resources:\n  R:\n    Type: X\n    Properties:\n      A: !GetAtt B.Arn\n      L: []\n      N: 1.10\n      S: '01'\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap();
        let expected = r#"{
  "Resources": {
    "R": {
      "Type": "X",
      "Properties": {
        "A": {
          "Fn::GetAtt": [
            "B",
            "Arn"
          ]
        },
        "L": [],
        "N": 1.10,
        "S": "01"
      }
    }
  }
}
"#;
        assert_eq!(write_json(&i.template), expected);
    }

    #[test]
    fn escapes_strings() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\u{1}é");
        assert_eq!(s, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(
            write_json_value(&Node::new(Value::Sequence(vec![
                Node::string("a"),
                Node::string("b")
            ]))),
            r#"["a", "b"]"#
        );
    }
}
