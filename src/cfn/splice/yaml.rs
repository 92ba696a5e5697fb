//! Minimal-diff saving for YAML: the file's style, and edits that follow its block mappings
//! and sequences entry by entry.

use std::ops::Range;

use super::{
    Edit, Step, column, leaf_edits, line_start, ordered_entries, plan, rename_in_place,
    starts_line, trim_trailing,
};
use crate::cfn::intrinsic::Form;
use crate::cfn::template::{Source, Template};
use crate::cfn::value::{Entry, Mapping, Node, Value};
use crate::cfn::yaml_write::{YamlStyle, write_yaml_entry};

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

pub(super) fn yaml_edits(src: &Source, template: &Template) -> Option<Vec<Edit>> {
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
                let key = if crate::cfn::scalar::can_be_plain(k, false) {
                    k.to_owned()
                } else {
                    crate::cfn::yaml_write::quote_with(k, style.quote)
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

#[cfg(test)]
mod tests {
    use crate::cfn::splice::tests::{YAML, edit};
    use crate::cfn::{Mapping, Node, Value};

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
}
