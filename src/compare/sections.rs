//! The sections outside `Resources`, entry by entry, and the exports that go away.

use super::{EntryChange, EntryDiff, RemovedExport, report, same};
use crate::cfn::{Node, Template, Value};

/// The sections compared entry by entry; the others are compared whole.
const ENTRY_SECTIONS: &[&str] = &["Parameters", "Conditions", "Mappings", "Outputs", "Rules"];

/// The changed entries of the sections outside `Resources`.
pub(super) fn entries(old: &Template, new: &Template) -> Vec<EntryDiff> {
    let mut out = Vec::new();
    for section in ENTRY_SECTIONS {
        let empty = crate::cfn::Mapping::new();
        let a = old.section_mapping(section).unwrap_or(&empty);
        let b = new.section_mapping(section).unwrap_or(&empty);
        for (name, nv) in b.iter() {
            match a.get(name) {
                None => out.push(entry(section, name, EntryChange::Added, None, Some(nv))),
                Some(ov) if !same(ov, nv) => out.push(entry(
                    section,
                    name,
                    EntryChange::Modified,
                    Some(ov),
                    Some(nv),
                )),
                Some(_) => {}
            }
        }
        for (name, ov) in a.iter() {
            if b.get(name).is_none() {
                out.push(entry(section, name, EntryChange::Removed, Some(ov), None));
            }
        }
    }
    // The other sections, whole.
    let mut names: Vec<&str> = new.root().keys().collect();
    names.extend(old.root().keys().filter(|k| new.root().get(k).is_none()));
    for name in names {
        if name == "Resources" || ENTRY_SECTIONS.contains(&name) {
            continue;
        }
        let (a, b) = (old.root().get(name), new.root().get(name));
        let change = match (a, b) {
            (None, Some(_)) => EntryChange::Added,
            (Some(_), None) => EntryChange::Removed,
            (Some(x), Some(y)) if !same(x, y) => EntryChange::Modified,
            _ => continue,
        };
        out.push(EntryDiff {
            section: name.to_owned(),
            name: String::new(),
            change,
            before: a.cloned(),
            after: b.cloned(),
        });
    }
    out
}

fn entry(
    section: &str,
    name: &str,
    change: EntryChange,
    before: Option<&Node>,
    after: Option<&Node>,
) -> EntryDiff {
    EntryDiff {
        section: section.to_owned(),
        name: name.to_owned(),
        change,
        before: before.cloned(),
        after: after.cloned(),
    }
}

/// The export names of a template's outputs, as written, with the output that makes each.
fn exports(t: &Template) -> Vec<(Node, String)> {
    t.section_mapping("Outputs")
        .into_iter()
        .flat_map(crate::cfn::Mapping::iter)
        .filter_map(|(name, out)| {
            let export = out.get_path(&["Export", "Name"])?;
            Some((export.clone(), name.to_owned()))
        })
        .collect()
}

pub(super) fn removed_exports(old: &Template, new: &Template) -> Vec<RemovedExport> {
    let after = exports(new);
    exports(old)
        .into_iter()
        .filter(|(name, _)| !after.iter().any(|(n, _)| same(n, name)))
        .map(|(name, output)| RemovedExport {
            name: export_text(&name),
            output,
        })
        .collect()
}

/// An export name for people: the string, or the `!Sub` string, or the value as YAML.
fn export_text(n: &Node) -> String {
    match &n.value {
        Value::String(s) => s.clone(),
        Value::Intrinsic(f) if f.func == crate::cfn::Func::Sub => match &f.arg.value {
            Value::String(s) => format!("!Sub {s}"),
            _ => report::inline(n),
        },
        _ => report::inline(n),
    }
}
