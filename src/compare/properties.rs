//! What changed in a resource that is in both versions, property by property, judged from
//! its type's schema.

use super::{Impact, PropertyChange, ResourceDiff, access, is_stateful, normalize, same};
use crate::cfn::{Node, Resource};
use crate::schema;

/// Resource attributes that change how CloudFormation handles the resource, not the resource.
const ATTRIBUTES: &[&str] = &[
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
    "Metadata",
];

/// The change of a resource that is in both versions, or `None` when it deploys the same.
pub(super) fn modified(
    o: &Resource<'_>,
    n: &Resource<'_>,
    is_resource: &dyn Fn(bool, &str) -> bool,
) -> Option<ResourceDiff> {
    let mut changes = Vec::new();
    if o.type_name() != n.type_name() {
        changes.push(PropertyChange {
            path: "Type".into(),
            before: o.attribute("Type").cloned(),
            after: n.attribute("Type").cloned(),
            impact: Impact::Replace,
            reason: "the type changed".into(),
        });
    }
    let schema = schema::lookup(n.type_name());
    let empty = crate::cfn::Mapping::new();
    let (op, np) = (
        o.properties().unwrap_or(&empty),
        n.properties().unwrap_or(&empty),
    );
    let mut keys: Vec<&str> = np.keys().collect();
    keys.extend(op.keys().filter(|k| np.get(k).is_none()));
    for key in keys {
        property_changes(
            &mut changes,
            &format!("Properties.{key}"),
            key,
            op.get(key),
            np.get(key),
            schema.as_deref(),
            is_resource,
        );
    }
    for attr in ATTRIBUTES {
        let (a, b) = (o.attribute(attr), n.attribute(attr));
        let equal = if *attr == "DependsOn" {
            normalize::depends_on(a) == normalize::depends_on(b)
        } else {
            match (a, b) {
                (Some(x), Some(y)) => same(x, y),
                (None, None) => true,
                _ => false,
            }
        };
        if !equal {
            changes.push(PropertyChange {
                path: (*attr).to_owned(),
                before: a.cloned(),
                after: b.cloned(),
                impact: Impact::Update,
                reason: attribute_reason(attr).into(),
            });
        }
    }
    // Any other attribute (an unknown one, `Version`...).
    for (key, value) in n.attributes().iter() {
        if key == "Type" || key == "Properties" || ATTRIBUTES.contains(&key) {
            continue;
        }
        if !o.attribute(key).is_some_and(|v| same(v, value)) {
            changes.push(other_attribute(key, o.attribute(key), Some(value)));
        }
    }
    for (key, value) in o.attributes().iter() {
        if key != "Type"
            && key != "Properties"
            && !ATTRIBUTES.contains(&key)
            && n.attribute(key).is_none()
        {
            changes.push(other_attribute(key, Some(value), None));
        }
    }
    if changes.is_empty() {
        return None;
    }
    let impact = changes
        .iter()
        .map(|c| c.impact)
        .max()
        .unwrap_or(Impact::Update);
    Some(ResourceDiff {
        logical_id: n.logical_id.to_owned(),
        type_before: Some(o.type_name().to_owned()),
        type_after: Some(n.type_name().to_owned()),
        impact,
        changes,
        cascades: Vec::new(),
        rename: None,
        stateful: is_stateful(n.type_name()),
        widenings: access::widenings(Some(o), Some(n)),
    })
}

fn other_attribute(key: &str, before: Option<&Node>, after: Option<&Node>) -> PropertyChange {
    PropertyChange {
        path: key.to_owned(),
        before: before.cloned(),
        after: after.cloned(),
        impact: Impact::Update,
        reason: "resource attribute".into(),
    }
}

fn attribute_reason(attr: &str) -> &'static str {
    match attr {
        "DependsOn" => "creation order only",
        "Condition" => "whether the resource exists depends on another condition",
        "DeletionPolicy" => "what happens when it is deleted",
        "UpdateReplacePolicy" => "what happens to the old one when it is replaced",
        "UpdatePolicy" | "CreationPolicy" => "how CloudFormation updates or creates it",
        "Metadata" => "metadata only; nothing in the account changes",
        _ => "resource attribute",
    }
}

/// The changes of one property, at the level where the schema decides: a create-only path is
/// one change; an object with create-only paths below it is looked into.
fn property_changes(
    out: &mut Vec<PropertyChange>,
    path: &str,
    pointer: &str,
    before: Option<&Node>,
    after: Option<&Node>,
    schema: Option<&schema::TypeSchema>,
    is_resource: &dyn Fn(bool, &str) -> bool,
) {
    match (before, after) {
        (Some(a), Some(b)) if same(a, b) => return,
        (None, None) => return,
        _ => {}
    }
    let create_only = schema.is_some_and(|s| s.is_create_only(pointer));
    let conditional = schema.is_some_and(|s| s.is_conditional_create_only(pointer));
    // Look inside an object that has create-only paths below it.
    if !create_only
        && !conditional
        && let (Some(a), Some(b)) = (before, after)
        && let (Some(x), Some(y)) = (a.as_mapping(), b.as_mapping())
        && schema.is_some_and(|s| has_create_only_below(s, pointer))
    {
        let mut keys: Vec<&str> = y.keys().collect();
        keys.extend(x.keys().filter(|k| y.get(k).is_none()));
        for key in keys {
            property_changes(
                out,
                &format!("{path}.{key}"),
                &format!("{pointer}/{key}"),
                x.get(key),
                y.get(key),
                schema,
                is_resource,
            );
        }
        return;
    }
    let below =
        !create_only && !conditional && schema.is_some_and(|s| has_create_only_below(s, pointer));
    let (impact, reason) = if create_only {
        match (before, after) {
            (Some(a), Some(b)) if !normalize::surely_differ(a, b, is_resource) => (
                Impact::MayReplace,
                "create-only property; its value is only known at deploy time",
            ),
            _ => (Impact::Replace, "create-only property"),
        }
    } else if conditional {
        (
            Impact::MayReplace,
            "conditionally create-only property: some changes replace",
        )
    } else if below {
        (
            Impact::MayReplace,
            "holds create-only properties that may have changed",
        )
    } else {
        (Impact::Update, "")
    };
    out.push(PropertyChange {
        path: path.to_owned(),
        before: before.cloned(),
        after: after.cloned(),
        impact,
        reason: reason.into(),
    });
}

/// Whether a schema lists a create-only path strictly below `pointer` (`A` for `A/B`).
fn has_create_only_below(schema: &schema::TypeSchema, pointer: &str) -> bool {
    let prefix = format!("{}/", pointer_path(pointer));
    schema
        .create_only()
        .iter()
        .any(|p| pointer_path(p).starts_with(&prefix))
}

/// A pointer or path as names joined with `/`, list indexes as `*`: `/properties/A/0/B` and
/// `A/3/B` both give `A/*/B`.
fn pointer_path(p: &str) -> String {
    p.trim_start_matches("/properties/")
        .trim_start_matches('/')
        .split('/')
        .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_and_paths_meet() {
        assert_eq!(pointer_path("/properties/A/0/B"), "A/*/B");
        assert_eq!(pointer_path("A/3/B"), "A/*/B");
    }
}
