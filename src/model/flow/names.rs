//! Finding the resources a value names (`!Ref`, `!GetAtt`, `${X}` in a `!Sub`), and who names
//! whom.

use super::*;

/// The resources of the template a value names: `!Ref X`, `!GetAtt X.Arn`, `${X}` and
/// `${X.Arn}` in a `!Sub`, at any depth (inside `!Join`, `!If`...).
pub fn named_resources(template: &Template, node: &Node) -> Vec<String> {
    names_in(&Ids::of(template), node)
}

/// The logical IDs of a template's resources, for quick lookups.
pub(super) struct Ids(pub(super) std::collections::HashSet<String>);

impl Ids {
    pub(super) fn of(template: &Template) -> Self {
        Self(
            template
                .resources()
                .map(|r| r.logical_id.to_owned())
                .collect(),
        )
    }
}

pub(super) fn names_in(ids: &Ids, node: &Node) -> Vec<String> {
    let mut out = Names::default();
    collect_names(ids, node, &mut out);
    out.list
}

/// Names found so far, in the order met, each once.
#[derive(Default)]
pub(super) struct Names<'i> {
    list: Vec<String>,
    seen: std::collections::HashSet<&'i str>,
}

pub(super) fn collect_names<'i>(ids: &'i Ids, node: &Node, out: &mut Names<'i>) {
    let mut push = |name: &str| {
        if let Some(id) = ids.0.get(name)
            && out.seen.insert(id.as_str())
        {
            out.list.push(id.clone());
        }
    };
    match &node.value {
        Value::Sequence(items) => {
            for i in items {
                collect_names(ids, i, out);
            }
        }
        Value::Mapping(m) => {
            for (_, v) in m.iter() {
                collect_names(ids, v, out);
            }
        }
        Value::Intrinsic(f) => {
            match f.func {
                Func::Ref => {
                    if let Some(t) = f.ref_target() {
                        push(t);
                    }
                    return;
                }
                Func::GetAtt => {
                    if let Some(GetAtt::Named { resource, .. }) = f.get_att() {
                        push(resource);
                    }
                    return;
                }
                Func::Sub => {
                    if let Some(sub) = f.sub() {
                        for part in sub.parts() {
                            if let Some(t) = part.target()
                                && !sub.is_var(t)
                            {
                                push(t.split('.').next().unwrap_or(t));
                            }
                        }
                    }
                }
                _ => {}
            }
            collect_names(ids, &f.arg, out);
        }
        _ => {}
    }
}

/// The values at `keys` under `node`, each with the item it was reached through (the last
/// list item or mapping value a `*` took; `node` itself when none did).
pub(super) fn values_at<'n>(
    node: &'n Node,
    keys: &[&str],
    item: &'n Node,
    out: &mut Vec<(&'n Node, &'n Node)>,
) {
    let Some((first, rest)) = keys.split_first() else {
        out.push((node, item));
        return;
    };
    match (*first, &node.value) {
        ("*", Value::Sequence(items)) => {
            for i in items {
                values_at(i, rest, i, out);
            }
        }
        ("*", Value::Mapping(m)) => {
            for (_, v) in m.iter() {
                values_at(v, rest, v, out);
            }
        }
        (key, Value::Mapping(m)) => {
            if let Some(v) = m.get(key) {
                values_at(v, rest, item, out);
            }
        }
        _ => {}
    }
}

/// What the properties of `r` name at `keys`: each resource with the item it was found in.
pub(super) fn named_at<'n>(ids: &Ids, r: &Resource<'n>, keys: &[&str]) -> Vec<(String, &'n Node)> {
    let Some(props) = r.attribute("Properties") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    values_at(props, keys, props, &mut found);
    let mut out = Vec::new();
    for (value, item) in found {
        for name in names_in(ids, value) {
            if name != r.logical_id {
                out.push((name, item));
            }
        }
    }
    out
}

/// Who names whom in their `Properties`: each resource's names (itself left out), and who
/// names each resource, in template order; worked out once per build.
pub(super) struct Refs {
    names: HashMap<String, Vec<String>>,
    named_by: HashMap<String, Vec<String>>,
}

impl Refs {
    /// From the reference graph, which has already walked every property: the `Ref`,
    /// `GetAtt` and `Sub` edges held in `Properties`.
    pub(super) fn from_graph(graph: &RefGraph, ids: &Ids) -> Self {
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        let mut named_by: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        for (referenced, holder, edge) in graph.edges() {
            if matches!(edge.kind, RefKind::DependsOn | RefKind::Condition)
                || !edge.path.starts_with("Properties")
                || referenced == holder
                || !ids.0.contains(referenced)
                || !seen.insert((holder, referenced))
            {
                continue;
            }
            names
                .entry(holder.to_owned())
                .or_default()
                .push(referenced.to_owned());
            named_by
                .entry(referenced.to_owned())
                .or_default()
                .push(holder.to_owned());
        }
        Self { names, named_by }
    }

    pub(super) fn of(template: &Template, ids: &Ids) -> Self {
        let mut names = HashMap::new();
        let mut named_by: HashMap<String, Vec<String>> = HashMap::new();
        for r in template.resources() {
            let mut list = r
                .attribute("Properties")
                .map(|p| names_in(ids, p))
                .unwrap_or_default();
            list.retain(|n| n != r.logical_id);
            for n in &list {
                named_by
                    .entry(n.clone())
                    .or_default()
                    .push(r.logical_id.to_owned());
            }
            names.insert(r.logical_id.to_owned(), list);
        }
        Self { names, named_by }
    }

    pub(super) fn names(&self, id: &str) -> &[String] {
        self.names.get(id).map_or(&[], Vec::as_slice)
    }

    pub(super) fn named_by(&self, id: &str) -> &[String] {
        self.named_by.get(id).map_or(&[], Vec::as_slice)
    }
}
