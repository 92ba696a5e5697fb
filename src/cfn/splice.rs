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

use super::intrinsic::Form;
use super::json_write::write_json_entry;
use super::source::{Format, LineEnding};
use super::template::{Source, Template};
use super::value::{Entry, Mapping, Node, Value};
use super::yaml_write::{YamlStyle, write_yaml_entry};

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

// ---------------------------------------------------------------------------------------------
// YAML

/// The YAML style of a file, read from its text and tree.
pub fn detect_yaml_style(src: &Source) -> YamlStyle {
    let text = &src.text;
    let mut style = YamlStyle::default();
    if let Value::Mapping(root) = &src.root.value {
        for (_, e) in root.entries() {
            if let Value::Mapping(child) = &e.value.value
                && let Some((_, first)) = child.entries().next()
            {
                let parent_col = column(text, e.key_span.start.offset);
                let child_col = column(text, first.key_span.start.offset);
                if child_col > parent_col && starts_line(text, first.key_span.start.offset) {
                    style.indent = child_col - parent_col;
                    break;
                }
            }
        }
    }
    let (mut indented, mut flush) = (0, 0);
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim_end(), pair[1]);
        if a.ends_with(':') && !a.trim_start().starts_with('#') && b.trim_start().starts_with("- ")
        {
            let ia = a.len() - a.trim_start().len();
            let ib = b.len() - b.trim_start().len();
            if ib > ia {
                indented += 1;
            } else if ib == ia {
                flush += 1;
            }
        }
    }
    style.indent_sequences = indented >= flush;
    let singles = text.matches(": '").count() + text.matches("- '").count();
    let doubles = text.matches(": \"").count() + text.matches("- \"").count();
    style.quote = if doubles > singles { '"' } else { '\'' };
    let (mut long, mut short) = (0, 0);
    count_forms(&src.root, &mut long, &mut short);
    style.long_form = long > short;
    style.keep_long_form = true;
    style
}

fn count_forms(node: &Node, long: &mut usize, short: &mut usize) {
    match &node.value {
        Value::Mapping(m) => m.values().for_each(|v| count_forms(v, long, short)),
        Value::Sequence(items) => items.iter().for_each(|v| count_forms(v, long, short)),
        Value::Intrinsic(f) => {
            if f.form == Form::Long {
                *long += 1;
            } else {
                *short += 1;
            }
            count_forms(&f.arg, long, short);
        }
        _ => {}
    }
}

fn yaml_edits(src: &Source, template: &Template) -> Option<Vec<Edit>> {
    let style = detect_yaml_style(src);
    let (Value::Mapping(old), Value::Mapping(new)) = (&src.root.value, &template.root_node().value)
    else {
        return None;
    };
    let mut edits = Vec::new();
    yaml_mapping(&src.text, old, new, src.text.len(), style, &mut edits).then_some(edits)
}

/// Edits for one block mapping whose entries end by `region_end`; false if it cannot be
/// followed entry by entry.
fn yaml_mapping(
    text: &str,
    old: &Mapping,
    new: &Mapping,
    region_end: usize,
    style: YamlStyle,
    edits: &mut Vec<Edit>,
) -> bool {
    let Some(entries) = ordered_entries(text, old) else {
        return false;
    };
    let col = column(text, entries[0].1.key_span.start.offset);
    if entries
        .iter()
        .any(|(_, e)| column(text, e.key_span.start.offset) != col)
    {
        return false;
    }
    // Each entry's lines: from its key's line to the next key's line, less trailing comments.
    let regions: Vec<Range<usize>> = (0..entries.len())
        .map(|i| {
            let start = line_start(text, entries[i].1.key_span.start.offset);
            let raw_end = entries.get(i + 1).map_or(region_end, |(_, e)| {
                line_start(text, e.key_span.start.offset)
            });
            start..trim_trailing(text, start, raw_end, col)
        })
        .collect();
    let Some(steps) = plan(&entries, new) else {
        return false;
    };
    for step in steps {
        match step {
            Step::Keep => {}
            Step::Delete(i) => edits.push(Edit {
                range: regions[i].clone(),
                text: String::new(),
            }),
            Step::Replace(i, k, v) => {
                let key = if super::scalar::can_be_plain(k, false) {
                    k.to_owned()
                } else {
                    super::yaml_write::quote_with(k, style.quote)
                };
                if !rename_in_place(text, entries[i].1, key, v, Some(style.quote), edits) {
                    edits.push(Edit {
                        range: regions[i].clone(),
                        text: with_comment(
                            write_yaml_entry(k, v, col, style),
                            line_comment(text, entries[i].1),
                        ),
                    });
                }
            }
            Step::Insert(anchor, k, v) => {
                let at = anchor.map_or(regions[0].start, |a| regions[a].end);
                let mut entry = write_yaml_entry(k, v, col, style);
                if at > 0 && !text.get(..at).is_some_and(|t| t.ends_with('\n')) {
                    entry.insert(0, '\n');
                }
                edits.push(Edit {
                    range: at..at,
                    text: entry,
                });
            }
            Step::Changed(i, k, v) => {
                let mut inner = Vec::new();
                if yaml_value(
                    text,
                    &entries[i].1.value,
                    v,
                    regions[i].clone(),
                    style,
                    &mut inner,
                ) {
                    edits.extend(inner);
                } else {
                    edits.push(Edit {
                        range: regions[i].clone(),
                        text: with_comment(
                            write_yaml_entry(k, v, col, style),
                            line_comment(text, entries[i].1),
                        ),
                    });
                }
            }
        }
    }
    true
}

/// The comment after an entry written on one line (`Tags: [a, b]  # note`), which rewriting
/// the entry would otherwise lose.
fn line_comment<'t>(text: &'t str, entry: &Entry) -> Option<&'t str> {
    let end = entry.value.span.end.offset;
    if text.get(entry.key_span.start.offset..end)?.contains('\n') {
        return None;
    }
    let rest = text.get(end..)?;
    let rest = rest.get(..rest.find('\n').unwrap_or(rest.len()))?;
    let rest = rest.trim_end_matches('\r');
    rest.trim_start().starts_with('#').then_some(rest)
}

/// `entry` with `comment` at the end of its first line.
fn with_comment(mut entry: String, comment: Option<&str>) -> String {
    if let Some(comment) = comment {
        let mut at = entry.find('\n').unwrap_or(entry.len());
        if entry.get(..at).is_some_and(|l| l.ends_with('\r')) {
            at -= 1;
        }
        entry.insert_str(at, comment);
    }
    entry
}

/// Edits for a changed value whose entry's lines are `region`: only the strings that changed,
/// or the changed entries of a block mapping below the key, or the changed items of a block
/// sequence. False, with edits possibly pushed, if it cannot be followed; the caller then
/// rewrites the entry and drops the edits.
fn yaml_value(
    text: &str,
    old: &Node,
    new: &Node,
    region: Range<usize>,
    style: YamlStyle,
    edits: &mut Vec<Edit>,
) -> bool {
    if leaf_edits(text, old, new, Some(style.quote), edits) {
        return true;
    }
    match (&old.value, &new.value) {
        (Value::Mapping(om), Value::Mapping(nm)) if !om.is_empty() && !nm.is_empty() => {
            let first = om
                .entries()
                .next()
                .map_or(0, |(_, e)| e.key_span.start.offset);
            let below = first > region.start
                && text
                    .get(region.start..first)
                    .is_some_and(|t| t.contains('\n'));
            below && yaml_mapping(text, om, nm, region.end, style, edits)
        }
        (Value::Sequence(os), Value::Sequence(ns)) => {
            yaml_sequence(text, os, ns, region.end, style, edits)
        }
        _ => false,
    }
}

/// Edits inside a block sequence that keeps its length, such as a `Fn::ForEach` loop whose
/// body changed: each changed item must be a mapping with the same keys in the same order,
/// one per line, and is followed key by key. (The first key sits after the `- ` marker, so
/// keys are not added, removed or renamed here; that rewrites the whole entry.)
fn yaml_sequence(
    text: &str,
    old: &[Node],
    new: &[Node],
    region_end: usize,
    style: YamlStyle,
    edits: &mut Vec<Edit>,
) -> bool {
    if old.len() != new.len() {
        return false;
    }
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        if o == n {
            continue;
        }
        let (Value::Mapping(om), Value::Mapping(nm)) = (&o.value, &n.value) else {
            return false;
        };
        let entries: Vec<(&str, &Entry)> = om.entries().collect();
        let one_per_line = entries.windows(2).all(|w| {
            let (a, b) = (w[0].1.key_span.start.offset, w[1].1.key_span.start.offset);
            a < b && starts_line(text, b)
        });
        if entries.is_empty() || !one_per_line || !om.keys().eq(nm.keys()) {
            return false;
        }
        let item_end = old
            .get(i + 1)
            .map_or(region_end, |next| line_start(text, next.span.start.offset));
        for (j, ((_, old_entry), new_value)) in entries.iter().zip(nm.values()).enumerate() {
            if old_entry.value == *new_value {
                continue;
            }
            let start = line_start(text, old_entry.key_span.start.offset);
            let end = entries
                .get(j + 1)
                .map_or(item_end, |(_, e)| line_start(text, e.key_span.start.offset));
            if !yaml_value(text, &old_entry.value, new_value, start..end, style, edits) {
                return false;
            }
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// JSON

fn json_indent(src: &Source) -> usize {
    if let Value::Mapping(root) = &src.root.value
        && let Some((_, e)) = root.entries().next()
    {
        let col = column(&src.text, e.key_span.start.offset);
        if col > 0 {
            return col;
        }
    }
    2
}

fn json_edits(src: &Source, template: &Template) -> Option<Vec<Edit>> {
    let step = json_indent(src);
    let (Value::Mapping(old), Value::Mapping(new)) = (&src.root.value, &template.root_node().value)
    else {
        return None;
    };
    let mut edits = Vec::new();
    json_mapping(&src.text, old, new, step, &mut edits).then_some(edits)
}

fn json_mapping(
    text: &str,
    old: &Mapping,
    new: &Mapping,
    step: usize,
    edits: &mut Vec<Edit>,
) -> bool {
    let Some(entries) = ordered_entries(text, old) else {
        return false;
    };
    let col = column(text, entries[0].1.key_span.start.offset);
    let spans: Vec<Range<usize>> = entries
        .iter()
        .map(|(_, e)| e.key_span.start.offset..e.value.span.end.offset)
        .collect();
    let Some(steps) = plan(&entries, new) else {
        return false;
    };
    let deleted: Vec<bool> = {
        let mut d = vec![false; entries.len()];
        for s in &steps {
            if let Step::Delete(i) = s {
                d[*i] = true;
            }
        }
        d
    };
    if deleted.iter().all(|d| *d) {
        return false;
    }
    let indent = " ".repeat(col);
    for s in steps {
        match s {
            Step::Keep => {}
            Step::Replace(i, k, v) => {
                let mut key = String::new();
                super::json_write::string(&mut key, k);
                if !rename_in_place(text, entries[i].1, key, v, None, edits) {
                    edits.push(Edit {
                        range: spans[i].clone(),
                        text: write_json_entry(k, v, col, step),
                    });
                }
            }
            Step::Insert(anchor, k, v) => {
                let entry = write_json_entry(k, v, col, step);
                match anchor {
                    Some(a) => edits.push(Edit {
                        range: spans[a].end..spans[a].end,
                        text: format!(",\n{indent}{entry}"),
                    }),
                    None => edits.push(Edit {
                        range: spans[0].start..spans[0].start,
                        text: format!("{entry},\n{indent}"),
                    }),
                }
            }
            Step::Delete(i) => {
                // Take the comma with it: the one after, or for the last entry the one before.
                let range = match (entries.get(i + 1), i.checked_sub(1)) {
                    (Some((_, next)), _) => spans[i].start..next.key_span.start.offset,
                    (None, Some(prev)) => spans[prev].end..spans[i].end,
                    (None, None) => return false,
                };
                edits.push(Edit {
                    range,
                    text: String::new(),
                });
            }
            Step::Changed(i, k, v) => {
                let mut leaves = Vec::new();
                if leaf_edits(text, &entries[i].1.value, v, None, &mut leaves) {
                    edits.extend(leaves);
                    continue;
                }
                let mut inner = Vec::new();
                let nested =
                    json_value(text, &entries[i].1.value, v, step, &mut inner).then_some(inner);
                match nested {
                    Some(inner) => edits.extend(inner),
                    None => edits.push(Edit {
                        range: spans[i].clone(),
                        text: write_json_entry(k, v, col, step),
                    }),
                }
            }
        }
    }
    true
}

/// Edits inside a changed JSON value that is a mapping, or a list of the same length whose
/// changed items are mappings (a `Fn::ForEach` loop's body): false if it cannot be followed.
fn json_value(text: &str, old: &Node, new: &Node, step: usize, edits: &mut Vec<Edit>) -> bool {
    match (&old.value, &new.value) {
        (Value::Mapping(om), Value::Mapping(nm)) if !om.is_empty() && !nm.is_empty() => {
            json_mapping(text, om, nm, step, edits)
        }
        (Value::Sequence(os), Value::Sequence(ns)) if os.len() == ns.len() => {
            os.iter().zip(ns).all(|(o, n)| {
                o == n || {
                    let mut leaves = Vec::new();
                    if leaf_edits(text, o, n, None, &mut leaves) {
                        edits.extend(leaves);
                        true
                    } else {
                        json_value(text, o, n, step, edits)
                    }
                }
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{Node, import_text};

    fn edit(text: &str, f: impl FnOnce(&mut Template)) -> String {
        let mut t = import_text(text, "t", None, false).unwrap().template;
        f(&mut t);
        write_preserving(&t)
    }

    const YAML: &str = "# Header comment\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n    # The bucket\n    Bucket:\n        Type: AWS::S3::Bucket   # inline\n        Properties:\n            BucketName: \"b\"\n\n    Queue:\n        Type: AWS::SQS::Queue\nOutputs:\n    Name: {Value: !Ref Bucket}\n";

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

    #[test]
    fn a_changed_property_rewrites_only_its_lines_in_the_file_style() {
        let out = edit(YAML, |t| {
            let r = t
                .resources_mapping_mut()
                .unwrap()
                .get_mut("Bucket")
                .unwrap();
            let props = r
                .as_mapping_mut()
                .unwrap()
                .get_mut("Properties")
                .unwrap()
                .as_mapping_mut()
                .unwrap();
            props.insert("BucketName", Node::string("yes"));
        });
        assert_eq!(
            out,
            YAML.replace("BucketName: \"b\"", "BucketName: \"yes\"")
        );
    }

    #[test]
    fn added_and_removed_resources_touch_only_their_lines() {
        let out = edit(YAML, |t| {
            let res = t.resources_mapping_mut().unwrap();
            res.remove("Queue");
            let mut topic = Mapping::new();
            topic.insert("Type", Node::string("AWS::SNS::Topic"));
            res.insert("Topic", Node::new(Value::Mapping(topic)));
        });
        assert_eq!(
            out,
            YAML.replace(
                "    Queue:\n        Type: AWS::SQS::Queue\n",
                "    Topic:\n        Type: AWS::SNS::Topic\n"
            )
        );
        let out = edit(YAML, |t| {
            t.resources_mapping_mut().unwrap().remove("Queue");
        });
        assert_eq!(
            out,
            YAML.replace("\n    Queue:\n        Type: AWS::SQS::Queue\n", "\n")
        );
    }

    #[test]
    fn json_edits_keep_commas_right() {
        let json = "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\"},\n    \"B\": {\"Type\": \"Y\"}\n  }\n}";
        let out = edit(json, |t| {
            t.resources_mapping_mut().unwrap().remove("B");
        });
        assert_eq!(
            out,
            "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\"}\n  }\n}"
        );
        let out = edit(json, |t| {
            let mut m = Mapping::new();
            m.insert("Type", Node::string("Z"));
            t.resources_mapping_mut()
                .unwrap()
                .insert("C", Node::new(Value::Mapping(m)));
        });
        assert_eq!(
            out,
            "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\"},\n    \"B\": {\"Type\": \"Y\"},\n    \"C\": {\n      \"Type\": \"Z\"\n    }\n  }\n}"
        );
        assert!(crate::cfn::read_json(&out, "t").is_ok());
    }
}
