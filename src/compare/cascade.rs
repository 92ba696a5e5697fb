//! Renames, and replacements spreading to what refers to a replaced resource.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Cascade, Impact, Rename, ResourceDiff, is_stateful, same};
use crate::cfn::{Resource, Template};
use crate::model::{RefGraph, RefKind};
use crate::schema;

/// A removed and an added resource of the same type whose properties deploy the same are one
/// resource renamed, when the match is unambiguous. CloudFormation still creates the new one and deletes the old.
pub(super) fn find_renames(
    resources: &mut BTreeMap<String, ResourceDiff>,
    old: &BTreeMap<&str, Resource<'_>>,
    new: &BTreeMap<&str, Resource<'_>>,
) {
    let removed: Vec<String> = resources
        .values()
        .filter(|r| matches!(r.impact, Impact::Remove | Impact::Orphan))
        .map(|r| r.logical_id.clone())
        .collect();
    let added: Vec<String> = resources
        .values()
        .filter(|r| r.impact == Impact::Add)
        .map(|r| r.logical_id.clone())
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    for from in &removed {
        let o = &old[from.as_str()];
        let candidates: Vec<&String> = added
            .iter()
            .filter(|to| !taken.contains(*to))
            .filter(|to| {
                let n = &new[to.as_str()];
                n.type_name() == o.type_name()
                    && match (o.attribute("Properties"), n.attribute("Properties")) {
                        (Some(a), Some(b)) => same(a, b),
                        (None, None) => true,
                        _ => false,
                    }
            })
            .collect();
        // Only an unambiguous match is a rename.
        if let [to] = candidates.as_slice() {
            let to = (*to).clone();
            taken.insert(to.clone());
            let rename = Rename {
                from: from.clone(),
                to: to.clone(),
            };
            if let Some(r) = resources.get_mut(from) {
                r.rename = Some(rename.clone());
            }
            if let Some(r) = resources.get_mut(&to) {
                r.rename = Some(rename);
            }
        }
    }
}

/// Spreads replacements to the resources that refer to a replaced (or renamed, or removed and
/// re-added) resource, until nothing more changes.
pub(super) fn cascade(
    resources: &mut BTreeMap<String, ResourceDiff>,
    new: &Template,
    new_resources: &BTreeMap<&str, Resource<'_>>,
) {
    let graph = RefGraph::build(new, "");
    // Each resource is followed once as "may be replaced" and once more if it turns out to be
    // replaced for certain.
    let mut done: BTreeSet<(String, Impact)> = BTreeSet::new();
    loop {
        let replaced: Vec<(String, Impact)> = resources
            .values()
            .filter(|r| {
                matches!(r.impact, Impact::Replace | Impact::MayReplace)
                    && new_resources.contains_key(r.logical_id.as_str())
            })
            .map(|r| (r.logical_id.clone(), r.impact))
            .filter(|key| !done.contains(key))
            .collect();
        if replaced.is_empty() {
            break;
        }
        for (id, how) in replaced {
            done.insert((id.clone(), how));
            let certain = how == Impact::Replace;
            for (holder, edge) in graph.incoming_refs(&id) {
                let Some(res) = new_resources.get(holder) else {
                    continue;
                };
                let Some(prop) = edge.path.strip_prefix("Properties.") else {
                    continue; // DependsOn, Condition, Metadata: no value changes.
                };
                let by_value =
                    matches!(edge.kind, RefKind::Ref | RefKind::GetAtt(_) | RefKind::Sub);
                if !by_value {
                    continue;
                }
                let pointer = prop.replace(['.', '['], "/").replace(']', "");
                let schema = schema::lookup(res.type_name());
                let create_only = schema
                    .as_deref()
                    .is_some_and(|s| prefixes(&pointer).any(|p| s.is_create_only(&p)));
                let conditional = schema
                    .as_deref()
                    .is_some_and(|s| prefixes(&pointer).any(|p| s.is_conditional_create_only(&p)));
                let impact = if create_only && certain && edge.kind == RefKind::Ref {
                    Impact::Replace
                } else if create_only || conditional {
                    Impact::MayReplace
                } else {
                    Impact::Update
                };
                let entry = resources
                    .entry(holder.to_owned())
                    .or_insert_with(|| ResourceDiff {
                        logical_id: holder.to_owned(),
                        type_before: Some(res.type_name().to_owned()),
                        type_after: Some(res.type_name().to_owned()),
                        impact: Impact::Update,
                        changes: Vec::new(),
                        cascades: Vec::new(),
                        rename: None,
                        stateful: is_stateful(res.type_name()),
                        widenings: Vec::new(),
                    });
                if matches!(entry.impact, Impact::Add | Impact::Remove | Impact::Orphan) {
                    continue;
                }
                if let Some(known) = entry
                    .cascades
                    .iter_mut()
                    .find(|c| c.from == id && c.path == edge.path)
                {
                    known.impact = known.impact.max(impact);
                } else {
                    entry.cascades.push(Cascade {
                        from: id.clone(),
                        path: edge.path.clone(),
                        impact,
                    });
                }
                entry.impact = entry.impact.max(impact);
            }
        }
    }
}

/// `A/B/C`, `A/B`, `A`.
fn prefixes(pointer: &str) -> impl Iterator<Item = String> + '_ {
    let parts: Vec<&str> = pointer.split('/').collect();
    (1..=parts.len()).rev().map(move |n| parts[..n].join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_has_its_prefixes_longest_first() {
        assert_eq!(
            prefixes("A/B/C").collect::<Vec<_>>(),
            vec!["A/B/C", "A/B", "A"]
        );
    }
}
