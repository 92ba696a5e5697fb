//! Minimal-diff saving for JSON: edits that follow its objects and same-length arrays entry
//! by entry, commas included.

use std::ops::Range;

use super::{Edit, Step, column, leaf_edits, ordered_entries, plan, rename_in_place};
use crate::cfn::json_write::write_json_entry;
use crate::cfn::template::{Source, Template};
use crate::cfn::value::{Mapping, Node, Value};

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

pub(super) fn json_edits(src: &Source, template: &Template) -> Option<Vec<Edit>> {
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
                crate::cfn::json_write::string(&mut key, k);
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
    use crate::cfn::splice::tests::edit;
    use crate::cfn::{Mapping, Node, Value};

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
