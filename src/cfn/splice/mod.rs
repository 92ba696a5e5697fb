//! Minimal-diff saving: write a changed template by editing its original text, so that
//! comments, blank lines, quoting and layout survive everywhere the user did not change.
//!
//! The template keeps the text it was read from and the tree as read, with spans. Saving
//! compares the current tree with that tree mapping by mapping. Unchanged entries keep their
//! text byte for byte; a changed entry is rewritten in the file's own style (indentation,
//! quotes, short or long form) at its own place; added entries go after their predecessor,
//! removed ones lose their lines. Where the text is laid out in a way this cannot follow (flow
//! mappings, repeated keys, reordered keys), that mapping is rewritten whole, and if even the
//! top level cannot be followed the whole file is written anew.

use std::collections::HashMap;
use std::ops::Range;

use super::source::{Format, LineEnding};
use super::template::Template;
use super::value::{Entry, Mapping, Node, Value};

mod json;
mod yaml;

use json::json_edits;
pub use yaml::detect_yaml_style;
use yaml::yaml_edits;

/// One replacement of a byte range of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    text: String,
}

/// Writes `template` in its own format, editing its source text where it has one.
///
/// An unchanged template gives back exactly the bytes it was read from (byte-order mark,
/// line endings and final newline included).
pub fn write_preserving(template: &Template) -> String {
    let fresh = || super::write(template, template.style.format);
    let Some(src) = template.source() else {
        return fresh();
    };
    let text = if template.is_unchanged_from_source() {
        src.text.clone()
    } else {
        let edits = match template.style.format {
            Format::Yaml => yaml_edits(src, template),
            Format::Json => json_edits(src, template),
        };
        match edits.and_then(|e| apply(&src.text, e, template.style.line_ending)) {
            Some(text) => text,
            None => return fresh(),
        }
    };
    if template.style.bom {
        format!("\u{FEFF}{text}")
    } else {
        text
    }
}

fn apply(text: &str, mut edits: Vec<Edit>, ending: LineEnding) -> Option<String> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at || e.range.end > text.len() {
            return None;
        }
        out.push_str(text.get(at..e.range.start)?);
        if ending == LineEnding::CrLf {
            out.push_str(&e.text.replace('\n', "\r\n"));
        } else {
            out.push_str(&e.text);
        }
        at = e.range.end;
    }
    out.push_str(text.get(at..)?);
    // Keep the file's choice about a final newline.
    if !text.ends_with('\n') {
        while out.ends_with('\n') {
            out.pop();
            if out.ends_with('\r') {
                out.pop();
            }
        }
    }
    Some(out)
}

fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Whether only spaces stand between the start of the line and `pos`.
fn starts_line(text: &str, pos: usize) -> bool {
    text.get(line_start(text, pos)..pos)
        .is_some_and(|s| s.chars().all(|c| c == ' '))
}

fn column(text: &str, pos: usize) -> usize {
    pos - line_start(text, pos)
}

/// Moves `end` back over trailing blank lines and comment lines indented at most `col`, but
/// not before `start`'s line: those lines belong between entries, not to the entry.
fn trim_trailing(text: &str, start: usize, mut end: usize, col: usize) -> usize {
    let first_line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i + 1);
    while end > first_line_end {
        let prev = line_start(text, end - 1);
        let line = text
            .get(prev..end)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || (trimmed.starts_with('#') && indent <= col) {
            end = prev;
        } else {
            break;
        }
    }
    end
}

/// Keys in file order with their entries, if every key starts its own line in order.
fn ordered_entries<'a>(text: &str, m: &'a Mapping) -> Option<Vec<(&'a str, &'a Entry)>> {
    let entries: Vec<(&str, &Entry)> = m.entries().collect();
    let mut last = None;
    for (_, e) in &entries {
        let at = e.key_span.start.offset;
        if last.is_some_and(|l| at <= l)
            || !starts_line(text, at)
            || e.key_span == super::value::Span::default()
        {
            return None;
        }
        last = Some(at);
    }
    (!entries.is_empty()).then_some(entries)
}

/// The plan for one mapping: which old entries stay, which new ones pair with removed old ones.
enum Step<'a> {
    Keep,
    Changed(usize, &'a str, &'a Node),
    Replace(usize, &'a str, &'a Node),
    Insert(Option<usize>, &'a str, &'a Node),
    Delete(usize),
}

/// Matches new entries against old ones; `None` if retained keys changed order.
fn plan<'a>(old: &[(&str, &Entry)], new: &'a Mapping) -> Option<Vec<Step<'a>>> {
    let old_index: HashMap<&str, usize> =
        old.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
    let mut steps = Vec::new();
    let mut oi = 0;
    let mut last_anchor: Option<usize> = None;
    for (k, v) in new.iter() {
        if let Some(&i) = old_index.get(k) {
            if i < oi {
                return None;
            }
            while oi < i {
                if !new.contains_key(old[oi].0) {
                    steps.push(Step::Delete(oi));
                }
                oi += 1;
            }
            if old[i].1.value == *v {
                steps.push(Step::Keep);
            } else {
                steps.push(Step::Changed(i, k, v));
            }
            last_anchor = Some(i);
            oi = i + 1;
        } else if oi < old.len() && !new.contains_key(old[oi].0) {
            steps.push(Step::Replace(oi, k, v));
            last_anchor = Some(oi);
            oi += 1;
        } else {
            steps.push(Step::Insert(last_anchor, k, v));
        }
    }
    while oi < old.len() {
        if !new.contains_key(old[oi].0) {
            steps.push(Step::Delete(oi));
        }
        oi += 1;
    }
    Some(steps)
}

/// Edits that rewrite only the strings that changed, when `old` and `new` have the same shape
/// (as after a rename: `!Ref Old` becomes `!Ref New` and nothing else moves). `quote` is the
/// YAML file's preferred quote, or `None` for JSON. Pushes nothing and returns false otherwise.
fn leaf_edits(
    text: &str,
    old: &Node,
    new: &Node,
    quote: Option<char>,
    edits: &mut Vec<Edit>,
) -> bool {
    let mut local = Vec::new();
    let ok = leaves(text, old, new, quote, &mut local);
    if ok {
        edits.extend(local);
    }
    ok
}

/// A renamed entry whose value kept its shape keeps its text: only the key (written as
/// `key_text`) and the strings that changed are rewritten. False, with nothing pushed, if the
/// value's shape changed.
fn rename_in_place(
    text: &str,
    old: &Entry,
    key_text: String,
    new: &Node,
    quote: Option<char>,
    edits: &mut Vec<Edit>,
) -> bool {
    let mut leaves = Vec::new();
    if !leaf_edits(text, &old.value, new, quote, &mut leaves) {
        return false;
    }
    edits.push(Edit {
        range: old.key_span.start.offset..old.key_span.end.offset,
        text: key_text,
    });
    edits.extend(leaves);
    true
}

fn leaves(text: &str, old: &Node, new: &Node, quote: Option<char>, edits: &mut Vec<Edit>) -> bool {
    if old == new {
        return true;
    }
    match (&old.value, &new.value) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && leaves(text, va, vb, quote, edits))
        }
        (Value::Sequence(a), Value::Sequence(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| leaves(text, x, y, quote, edits))
        }
        (Value::Intrinsic(a), Value::Intrinsic(b)) => {
            a.func == b.func
                && a.form == b.form
                && std::mem::discriminant(&a.arg.value) == std::mem::discriminant(&b.arg.value)
                && leaves(text, &a.arg, &b.arg, quote, edits)
        }
        (Value::String(_), Value::String(s)) => {
            let range = old.span.start.offset..old.span.end.offset;
            let Some(old_text) = text.get(range.clone()) else {
                return false;
            };
            // A scalar over several lines (a `|` or `>` block, whose span starts after the
            // indicator and runs to the next key, or a folded quoted string) is rewritten with
            // its whole entry instead. (Found by the `edits` fuzz target: a block's text was
            // replaced by `''`, which swallowed the line break before the next key.)
            if old_text.contains('\n') {
                return false;
            }
            let Some(q) = quote else {
                let mut json = String::new();
                super::json_write::string(&mut json, s);
                edits.push(Edit { range, text: json });
                return old_text.starts_with('"');
            };
            // A tagged scalar's span starts at its tag: keep the tag.
            let (prefix, body) = match old_text.strip_prefix('!') {
                Some(_) => match old_text.find([' ', '\t']) {
                    Some(i) => old_text.split_at(i + 1),
                    None => return false,
                },
                None => ("", old_text),
            };
            let written = match body.chars().next() {
                Some('\'') => super::yaml_write::quote_with(s, '\''),
                Some('"') => super::yaml_write::quote_with(s, '"'),
                Some('|' | '>') | None => return false,
                Some(_) if super::scalar::can_be_plain(s, true) => s.clone(),
                Some(_) => super::yaml_write::quote_with(s, q),
            };
            edits.push(Edit {
                range,
                text: format!("{prefix}{written}"),
            });
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{Node, import_text};

    pub(super) fn edit(text: &str, f: impl FnOnce(&mut Template)) -> String {
        let mut t = import_text(text, "t", None, false).unwrap().template;
        f(&mut t);
        write_preserving(&t)
    }

    pub(super) const YAML: &str = "# Header comment\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n    # The bucket\n    Bucket:\n        Type: AWS::S3::Bucket   # inline\n        Properties:\n            BucketName: \"b\"\n\n    Queue:\n        Type: AWS::SQS::Queue\nOutputs:\n    Name: {Value: !Ref Bucket}\n";

    #[test]
    fn a_block_scalar_replaced_by_a_renamed_entry_keeps_the_next_key() {
        let text = "Code:\n  ZipFile: |\n    import os\n\n    print(1)\n\nNext: 1\n";
        let out = edit(text, |t| {
            let code = t
                .root_mut()
                .get_mut("Code")
                .unwrap()
                .as_mapping_mut()
                .unwrap();
            *code = crate::cfn::Mapping::new();
            code.insert("K", Node::string(""));
        });
        assert_eq!(out, "Code:\n  K: ''\n\nNext: 1\n");
    }

    #[test]
    fn a_change_inside_a_loop_body_rewrites_only_its_lines() {
        let text = "Resources:\n  \"Fn::ForEach::B\":   # loop\n    - Id\n    - [A, B]\n    - \"Q${Id}\":\n        Type: AWS::SQS::Queue\n        Properties:\n          DelaySeconds: 1  # keep\n          QueueName: 'q'\n";
        let set = |t: &mut Template, value: Node| {
            let path: Vec<String> = ["Resources", "Fn::ForEach::B", "2", "Q${Id}", "Properties"]
                .map(str::to_owned)
                .to_vec();
            let props = crate::cfn::node_at_mut(t.root_mut(), &path).unwrap();
            props.as_mapping_mut().unwrap().insert("FifoQueue", value);
        };
        let out = edit(text, |t| set(t, Node::new(Value::Bool(true))));
        assert_eq!(out, format!("{text}          FifoQueue: true\n"));
        let json = "{\n  \"Resources\": {\n    \"Fn::ForEach::B\": [\"Id\", [\"A\"], {\n      \"Q${Id}\": {\n        \"Type\": \"AWS::SQS::Queue\",\n        \"Properties\": {\n          \"FifoQueue\": false\n        }\n      }\n    }]\n  }\n}\n";
        let out = edit(json, |t| set(t, Node::new(Value::Bool(true))));
        assert_eq!(out, json.replace("false", "true"));
        let out = edit(json, |t| set(t, Node::string("x")));
        assert_eq!(out, json.replace("false", "\"x\""));
    }

    #[test]
    fn unchanged_is_byte_identical() {
        assert_eq!(edit(YAML, |_| {}), YAML);
        let crlf = YAML.replace('\n', "\r\n");
        assert_eq!(edit(&crlf, |_| {}), crlf);
    }
}
