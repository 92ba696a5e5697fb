//! A comparison as text for people and as JSON for tools (`docs/diff-json.md`).

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::cfn::{Func, Node, Value, write_json_value};
use crate::cost::{dollars_range, signed_dollars_range};

use super::{Comparison, EntryChange, Impact, ResourceDiff};

/// Longest value shown on one line of the text report.
const MAX_INLINE: usize = 72;

/// A value on one line, as a template author writes it: `!Ref Vpc`, `[a, b]`, `{Key: v}`.
pub fn inline(n: &Node) -> String {
    let mut s = String::new();
    write_inline(n, &mut s);
    s
}

fn write_inline(n: &Node, out: &mut String) {
    match &n.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => write!(out, "{b}").unwrap_or(()),
        Value::Number(x) => out.push_str(x.as_str()),
        Value::String(s) => {
            if s.is_empty() || s.contains([',', '[', ']', '{', '}', '\n']) || s.trim() != s {
                write!(out, "{s:?}").unwrap_or(());
            } else {
                out.push_str(s);
            }
        }
        Value::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(item, out);
            }
            out.push(']');
        }
        Value::Mapping(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                write_inline(v, out);
            }
            out.push('}');
        }
        Value::Intrinsic(f) => {
            if let Some(crate::cfn::GetAtt::Named {
                resource,
                attribute,
            }) = f.get_att()
            {
                write!(out, "!GetAtt {resource}.{attribute}").unwrap_or(());
                return;
            }
            let name = match &f.func {
                Func::Ref => "Ref".to_owned(),
                other => other.long_key().trim_start_matches("Fn::").to_owned(),
            };
            write!(out, "!{name} ").unwrap_or(());
            write_inline(&f.arg, out);
        }
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_INLINE {
        text.to_owned()
    } else {
        let head: String = text.chars().take(MAX_INLINE - 3).collect();
        format!("{head}...")
    }
}

fn value_text(v: Option<&Node>) -> String {
    v.map_or_else(|| "(not set)".to_owned(), |n| cut(&inline(n)))
}

fn sign(impact: Impact) -> char {
    match impact {
        Impact::Add => '+',
        Impact::Remove | Impact::Orphan => '-',
        Impact::Replace | Impact::MayReplace => '!',
        Impact::Update => '~',
    }
}

/// What a resource's line says after its name.
fn resource_summary(r: &ResourceDiff) -> String {
    let mut s = match r.impact {
        Impact::Replace => "REPLACED".to_owned(),
        Impact::MayReplace => "MAY BE REPLACED".to_owned(),
        other => other.label().to_owned(),
    };
    if let (Some(a), Some(b)) = (&r.type_before, &r.type_after)
        && a != b
    {
        write!(s, " (type {a} -> {b})").unwrap_or(());
    }
    if r.stateful
        && matches!(
            r.impact,
            Impact::Replace | Impact::MayReplace | Impact::Remove
        )
    {
        s.push_str(" [holds data]");
    }
    s
}

/// The comparison for people.
pub fn to_text(c: &Comparison, old_name: &str, new_name: &str) -> String {
    let mut out = String::new();
    writeln!(out, "Comparing {old_name} -> {new_name}").unwrap_or(());
    if c.is_empty() {
        out.push_str("No changes: the new version deploys the same as the old one.\n");
        return out;
    }
    let counts = c.counts();
    let summary: Vec<String> = Impact::ALL
        .iter()
        .filter_map(|i| counts.get(i).map(|n| format!("{n} {}", i.label())))
        .collect();
    if !summary.is_empty() {
        writeln!(out, "Resources: {}", summary.join(", ")).unwrap_or(());
    }
    out.push('\n');

    for r in &c.resources {
        writeln!(
            out,
            "{} {} ({})  {}",
            sign(r.impact),
            r.logical_id,
            r.type_name(),
            resource_summary(r)
        )
        .unwrap_or(());
        if let Some(rename) = &r.rename {
            let (verb, other) = if rename.to == r.logical_id {
                ("renamed from", &rename.from)
            } else {
                ("renamed to", &rename.to)
            };
            let old_kept = c
                .resource(&rename.from)
                .is_some_and(|o| o.impact == Impact::Orphan);
            writeln!(
                out,
                "    {verb} {other}: CloudFormation creates the new one and {} the old one{}",
                if old_kept {
                    "leaves (out of the stack)"
                } else {
                    "deletes"
                },
                if r.stateful {
                    "; WARNING: its data does not move"
                } else {
                    ""
                }
            )
            .unwrap_or(());
        }
        for ch in &r.changes {
            let why = if ch.reason.is_empty() {
                String::new()
            } else {
                format!("  ({})", ch.reason)
            };
            writeln!(
                out,
                "    {}: {} -> {}{why}",
                ch.path,
                value_text(ch.before.as_ref()),
                value_text(ch.after.as_ref()),
            )
            .unwrap_or(());
        }
        for k in &r.cascades {
            writeln!(
                out,
                "    {} through {}: {} is replaced, so its value changes",
                k.impact.label(),
                k.path,
                k.from
            )
            .unwrap_or(());
        }
        for w in &r.widenings {
            writeln!(out, "    ACCESS: {} ({})", w.what, w.path).unwrap_or(());
        }
    }

    let widenings: Vec<_> = c.widenings().collect();
    if !widenings.is_empty() {
        out.push_str("\nAccess widened:\n");
        for (id, w) in widenings {
            writeln!(out, "  {id}: {}", w.what).unwrap_or(());
        }
    }

    if !c.entries.is_empty() {
        out.push('\n');
        for e in &c.entries {
            let name = if e.name.is_empty() {
                e.section.clone()
            } else {
                format!("{}.{}", e.section, e.name)
            };
            let mark = match e.change {
                EntryChange::Added => '+',
                EntryChange::Removed => '-',
                EntryChange::Modified => '~',
            };
            match e.change {
                EntryChange::Modified => writeln!(
                    out,
                    "{mark} {name}: {} -> {}",
                    value_text(e.before.as_ref()),
                    value_text(e.after.as_ref())
                ),
                EntryChange::Added => {
                    writeln!(out, "{mark} {name}: {}", value_text(e.after.as_ref()))
                }
                EntryChange::Removed => {
                    writeln!(out, "{mark} {name}: {}", value_text(e.before.as_ref()))
                }
            }
            .unwrap_or(());
        }
    }
    if !c.removed_exports.is_empty() {
        out.push_str("\nExports removed (every stack that imports them fails to update):\n");
        for x in &c.removed_exports {
            writeln!(out, "  - {} (output {})", x.name, x.output).unwrap_or(());
        }
    }
    if let Some(cost) = &c.cost {
        writeln!(
            out,
            "\nCost per month: {} -> {} ({})",
            dollars_range(cost.before.total()),
            dollars_range(cost.after.total()),
            signed_dollars_range(cost.difference())
        )
        .unwrap_or(());
        let waiting = cost.before.awaiting_usage.max(cost.after.awaiting_usage);
        if waiting > 0 {
            writeln!(
                out,
                "  plus usage: {waiting} components are priced per use and have no usage set"
            )
            .unwrap_or(());
        }
        let unknown = cost.before.unknown + cost.after.unknown;
        if unknown > 0 {
            writeln!(
                out,
                "  {unknown} components could not be priced and are not counted"
            )
            .unwrap_or(());
        }
    }
    out
}

/// A value as CloudFormation JSON.
fn json_value(n: Option<&Node>) -> Json {
    match n {
        None => Json::Null,
        Some(n) => serde_json::from_str(&write_json_value(n)).unwrap_or(Json::Null),
    }
}

/// The comparison for tools: the format of `docs/diff-json.md`.
pub fn to_json(c: &Comparison, old_name: &str, new_name: &str) -> String {
    let resources: Vec<Json> = c
        .resources
        .iter()
        .map(|r| {
            json!({
                "logical_id": r.logical_id,
                "type_before": r.type_before,
                "type_after": r.type_after,
                "impact": r.impact.key(),
                "stateful": r.stateful,
                "rename": r.rename.as_ref().map(|x| json!({"from": x.from, "to": x.to})),
                "changes": r.changes.iter().map(|ch| json!({
                    "path": ch.path,
                    "before": json_value(ch.before.as_ref()),
                    "after": json_value(ch.after.as_ref()),
                    "impact": ch.impact.key(),
                    "reason": ch.reason,
                })).collect::<Vec<_>>(),
                "cascades": r.cascades.iter().map(|k| json!({
                    "from": k.from, "path": k.path, "impact": k.impact.key(),
                })).collect::<Vec<_>>(),
                "widenings": r.widenings.iter().map(|w| json!({
                    "path": w.path, "what": w.what,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let entries: Vec<Json> = c
        .entries
        .iter()
        .map(|e| {
            json!({
                "section": e.section,
                "name": e.name,
                "change": e.change.key(),
                "before": json_value(e.before.as_ref()),
                "after": json_value(e.after.as_ref()),
            })
        })
        .collect();
    let counts: serde_json::Map<String, Json> = c
        .counts()
        .into_iter()
        .map(|(i, n)| (i.key().to_owned(), json!(n)))
        .collect();
    let range = |r: crate::cost::Range| json!({ "low": r.lo.normalize().to_string(), "high": r.hi.normalize().to_string() });
    let cost = c.cost.as_ref().map(|d| {
        json!({
            "before": range(d.before.total()),
            "after": range(d.after.total()),
            "difference": range(d.difference()),
            "unpriced": d.before.unknown + d.after.unknown,
            "awaiting_usage": d.before.awaiting_usage.max(d.after.awaiting_usage),
        })
    });
    let doc = json!({
        "format": "stackcanvas-diff",
        "format_version": 1,
        "old": old_name,
        "new": new_name,
        "counts": counts,
        "resources": resources,
        "entries": entries,
        "removed_exports": c.removed_exports.iter().map(|x| json!({
            "name": x.name, "output": x.output,
        })).collect::<Vec<_>>(),
        "cost": cost,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{Format, import};

    #[test]
    fn values_read_on_one_line_as_written() {
        let t = import(
            b"V: {a: !Ref X, b: [1, !GetAtt [R, Arn]], c: !Sub 'x-${A}', d: 'a, b'}\n",
            "t.yaml",
            Some(Format::Yaml),
        )
        .unwrap()
        .template;
        assert_eq!(
            inline(t.root().get("V").unwrap()),
            "{a: !Ref X, b: [1, !GetAtt R.Arn], c: !Sub \"x-${A}\", d: \"a, b\"}"
        );
    }
}
