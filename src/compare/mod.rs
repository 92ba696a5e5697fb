//! Two versions of a template compared: what a deploy of the new one over the old one would
//! do, judged as CloudFormation does from the resource schemas.
//!
//! Resources are matched by logical ID. Each one that differs gets an [`Impact`]:
//! - added, removed, or orphaned (removed while its `DeletionPolicy` keeps it);
//! - replaced, when a create-only property changed, or the `Type`;
//! - may be replaced, when a conditionally create-only property changed, or a create-only one
//!   whose old or new value is only known at deploy time;
//! - updated in place otherwise;
//! - and the replacements that cascade: a resource whose create-only property refers to a
//!   replaced one gets a new value, so it is replaced too (or may be, through `GetAtt`); one
//!   that refers to it elsewhere is updated.
//!
//! A removed resource and an added one of the same type whose properties deploy the same are
//! a rename, shown as such and flagged when the resource holds data. IAM statements, resource
//! policies and security group rules that let more in are called out. Parameters, Conditions,
//! Mappings, Outputs and the other sections are compared entry by entry, and exports that go
//! away are listed, since every stack that imports them stops deploying.
//!
//! What does not change a deploy does not count: see [`normalize`].
//!
//! Nothing here knows about egui.

mod access;
mod git;
pub mod normalize;
mod report;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::cfn::{Node, Resource, Template, Value};
use crate::cost::{CostDiff, Estimate};
use crate::model::{RefGraph, RefKind};
use crate::schema;

pub use access::Widening;
pub use git::{RevisionChoice, Version, read_revision, revisions};
pub use normalize::same;
pub use report::{to_json, to_text};

/// What a deploy does to one resource, from the mildest to the most drastic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Impact {
    /// Changed in place, with no interruption or a short one.
    Update,
    /// May be replaced: it depends on values known only at deploy time.
    MayReplace,
    /// A new physical resource replaces the old one, which is deleted.
    Replace,
    /// Created.
    Add,
    /// Deleted.
    Remove,
    /// Removed from the stack but kept in the account (`DeletionPolicy: Retain`).
    Orphan,
}

impl Impact {
    /// The word for people and for JSON: `update`, `may_replace`, `replace`, `add`, `remove`,
    /// `orphan`.
    pub fn key(self) -> &'static str {
        match self {
            Impact::Update => "update",
            Impact::MayReplace => "may_replace",
            Impact::Replace => "replace",
            Impact::Add => "add",
            Impact::Remove => "remove",
            Impact::Orphan => "orphan",
        }
    }

    /// A label for the legend and the list.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Update => "updated",
            Impact::MayReplace => "may be replaced",
            Impact::Replace => "replaced",
            Impact::Add => "added",
            Impact::Remove => "removed",
            Impact::Orphan => "orphaned",
        }
    }

    /// Every impact, in legend order.
    pub const ALL: [Impact; 6] = [
        Impact::Add,
        Impact::Remove,
        Impact::Orphan,
        Impact::Replace,
        Impact::MayReplace,
        Impact::Update,
    ];

    /// Reads [`Impact::key`] back.
    pub fn from_key(key: &str) -> Option<Impact> {
        Impact::ALL.into_iter().find(|i| i.key() == key)
    }

    /// Whether the old physical resource goes away (replaced or removed).
    pub fn destroys(self) -> bool {
        matches!(self, Impact::Replace | Impact::Remove)
    }
}

/// One changed property or attribute of a resource.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyChange {
    /// Where: `Properties.QueueName`, `Properties.VpcConfig.SubnetIds`, `DeletionPolicy`,
    /// `Type`.
    pub path: String,
    /// The old value; `None` when it was not set.
    pub before: Option<Node>,
    /// The new value; `None` when it is no longer set.
    pub after: Option<Node>,
    /// What the change does to the resource.
    pub impact: Impact,
    /// Why, in a few words: "create-only property", "only known at deploy time".
    pub reason: String,
}

/// A replacement that reaches this resource through a reference to a replaced one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cascade {
    /// The replaced resource referred to.
    pub from: String,
    /// Where this resource refers to it: `Properties.VpcId`.
    pub path: String,
    /// What it does here.
    pub impact: Impact,
}

/// A resource that has another logical ID in the new version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The old logical ID.
    pub from: String,
    /// The new logical ID.
    pub to: String,
}

/// One resource that a deploy touches.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDiff {
    /// Its logical ID: the new one, or the old one for a removed resource.
    pub logical_id: String,
    /// Its type in the old version, if it was there.
    pub type_before: Option<String>,
    /// Its type in the new version, if it is there.
    pub type_after: Option<String>,
    /// The overall impact: the most drastic of its changes and cascades.
    pub impact: Impact,
    /// What changed in it, in template order.
    pub changes: Vec<PropertyChange>,
    /// Replacements reaching it through references.
    pub cascades: Vec<Cascade>,
    /// When it is one side of a rename.
    pub rename: Option<Rename>,
    /// Whether it holds data that a replacement or removal loses (a database, a bucket, a
    /// table, a file system, a queue, a log group, a key...).
    pub stateful: bool,
    /// Access it grants that the old version did not.
    pub widenings: Vec<Widening>,
}

impl ResourceDiff {
    /// Its type, new or old.
    pub fn type_name(&self) -> &str {
        self.type_after
            .as_deref()
            .or(self.type_before.as_deref())
            .unwrap_or_default()
    }
}

/// How an entry of Parameters, Conditions, Mappings, Outputs or another section changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryChange {
    /// New in this version.
    Added,
    /// Gone from this version.
    Removed,
    /// There in both, different.
    Modified,
}

impl EntryChange {
    /// `add`, `remove` or `update`, as for resources.
    pub fn key(self) -> &'static str {
        match self {
            EntryChange::Added => "add",
            EntryChange::Removed => "remove",
            EntryChange::Modified => "update",
        }
    }
}

/// One changed entry outside `Resources`.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryDiff {
    /// The section: `Parameters`, `Conditions`, `Mappings`, `Outputs`, or a top-level section
    /// itself (`Description`, `Transform`...), whose name is then empty.
    pub section: String,
    /// The entry's name.
    pub name: String,
    /// Added, removed or modified.
    pub change: EntryChange,
    /// The old value.
    pub before: Option<Node>,
    /// The new value.
    pub after: Option<Node>,
}

/// An export that the new version no longer makes: every stack importing it fails to update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedExport {
    /// The export's name as the old version wrote it (a `!Sub` is shown as written).
    pub name: String,
    /// The output that made it.
    pub output: String,
}

/// Everything a deploy of the new version over the old one changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// The resources that change, by logical ID.
    pub resources: Vec<ResourceDiff>,
    /// Changed entries of Parameters, Conditions, Mappings, Outputs and the other sections.
    pub entries: Vec<EntryDiff>,
    /// Exports the new version no longer makes.
    pub removed_exports: Vec<RemovedExport>,
    /// The monthly cost before and after, when it was asked for.
    pub cost: Option<CostDiff>,
}

impl Comparison {
    /// One resource's change, by its logical ID.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceDiff> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }

    /// The logical IDs with a given impact, sorted.
    pub fn with_impact(&self, impact: Impact) -> Vec<&str> {
        self.resources
            .iter()
            .filter(|r| r.impact == impact)
            .map(|r| r.logical_id.as_str())
            .collect()
    }

    /// How many resources have each impact.
    pub fn counts(&self) -> BTreeMap<Impact, usize> {
        let mut m = BTreeMap::new();
        for r in &self.resources {
            *m.entry(r.impact).or_insert(0) += 1;
        }
        m
    }

    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.entries.is_empty()
    }

    /// Adds the monthly cost before and after.
    pub fn set_cost(&mut self, before: &Estimate, after: &Estimate) {
        self.cost = Some(crate::cost::diff(before, after));
    }

    /// The access widenings of every resource, with its logical ID.
    pub fn widenings(&self) -> impl Iterator<Item = (&str, &Widening)> {
        self.resources
            .iter()
            .flat_map(|r| r.widenings.iter().map(move |w| (r.logical_id.as_str(), w)))
    }
}

/// Resource types that hold data: replacing or removing one loses what it holds.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::RDS::GlobalCluster",
    "AWS::S3::Bucket",
    "AWS::S3Express::DirectoryBucket",
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::Serverless::SimpleTable",
    "AWS::EFS::FileSystem",
    "AWS::FSx::FileSystem",
    "AWS::EC2::Volume",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::MemoryDB::Cluster",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::SQS::Queue",
    "AWS::Logs::LogGroup",
    "AWS::Cognito::UserPool",
    "AWS::Elasticsearch::Domain",
    "AWS::OpenSearchService::Domain",
    "AWS::Neptune::DBCluster",
    "AWS::DocDB::DBCluster",
    "AWS::DocDBElastic::Cluster",
    "AWS::Redshift::Cluster",
    "AWS::RedshiftServerless::Namespace",
    "AWS::Timestream::Table",
    "AWS::QLDB::Ledger",
    "AWS::KMS::Key",
    "AWS::SecretsManager::Secret",
    "AWS::ECR::Repository",
    "AWS::Backup::BackupVault",
    "AWS::MSK::Cluster",
    "AWS::AmazonMQ::Broker",
    "AWS::CodeCommit::Repository",
];

/// Whether a resource of this type holds data.
pub fn is_stateful(type_name: &str) -> bool {
    STATEFUL_TYPES.contains(&type_name)
}

/// The sections compared entry by entry; the others are compared whole.
const ENTRY_SECTIONS: &[&str] = &["Parameters", "Conditions", "Mappings", "Outputs", "Rules"];

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

/// Compares two versions of a template.
pub fn compare(old: &Template, new: &Template) -> Comparison {
    let old_resources: BTreeMap<&str, Resource<'_>> =
        old.resources().map(|r| (r.logical_id, r)).collect();
    let new_resources: BTreeMap<&str, Resource<'_>> =
        new.resources().map(|r| (r.logical_id, r)).collect();
    let is_resource = |in_new: bool, name: &str| {
        if in_new {
            new_resources.contains_key(name)
        } else {
            old_resources.contains_key(name)
        }
    };

    let mut resources: BTreeMap<String, ResourceDiff> = BTreeMap::new();
    for (id, n) in &new_resources {
        match old_resources.get(id) {
            None => {
                let diff = ResourceDiff {
                    logical_id: (*id).to_owned(),
                    type_before: None,
                    type_after: Some(n.type_name().to_owned()),
                    impact: Impact::Add,
                    changes: Vec::new(),
                    cascades: Vec::new(),
                    rename: None,
                    stateful: is_stateful(n.type_name()),
                    widenings: access::widenings(None, Some(n)),
                };
                resources.insert((*id).to_owned(), diff);
            }
            Some(o) => {
                if let Some(diff) = modified(o, n, &is_resource) {
                    resources.insert((*id).to_owned(), diff);
                }
            }
        }
    }
    for (id, o) in &old_resources {
        if new_resources.contains_key(id) {
            continue;
        }
        let retained = matches!(o.deletion_policy(), Some("Retain" | "RetainExceptOnCreate"));
        resources.insert(
            (*id).to_owned(),
            ResourceDiff {
                logical_id: (*id).to_owned(),
                type_before: Some(o.type_name().to_owned()),
                type_after: None,
                impact: if retained {
                    Impact::Orphan
                } else {
                    Impact::Remove
                },
                changes: Vec::new(),
                cascades: Vec::new(),
                rename: None,
                stateful: is_stateful(o.type_name()),
                widenings: Vec::new(),
            },
        );
    }

    find_renames(&mut resources, &old_resources, &new_resources);
    cascade(&mut resources, new, &new_resources);

    let mut comparison = Comparison {
        resources: resources.into_values().collect(),
        entries: entries(old, new),
        removed_exports: removed_exports(old, new),
        cost: None,
    };
    comparison
        .resources
        .sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    comparison
}

/// The change of a resource that is in both versions, or `None` when it deploys the same.
fn modified(
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

/// A removed and an added resource of the same type whose properties deploy the same are one
/// resource renamed, when the match is unambiguous. CloudFormation still creates the new one and deletes the old.
fn find_renames(
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
fn cascade(
    resources: &mut BTreeMap<String, ResourceDiff>,
    new: &Template,
    new_resources: &BTreeMap<&str, Resource<'_>>,
) {
    let graph = RefGraph::build(new, "");
    let mut done: BTreeSet<String> = BTreeSet::new();
    loop {
        let replaced: Vec<String> = resources
            .values()
            .filter(|r| {
                matches!(r.impact, Impact::Replace | Impact::MayReplace)
                    && new_resources.contains_key(r.logical_id.as_str())
            })
            .map(|r| r.logical_id.clone())
            .filter(|id| !done.contains(id))
            .collect();
        if replaced.is_empty() {
            break;
        }
        for id in replaced {
            done.insert(id.clone());
            let certain = resources[&id].impact == Impact::Replace;
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
                if !entry
                    .cascades
                    .iter()
                    .any(|c| c.from == id && c.path == edge.path)
                {
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

/// The changed entries of the sections outside `Resources`.
fn entries(old: &Template, new: &Template) -> Vec<EntryDiff> {
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

fn removed_exports(old: &Template, new: &Template) -> Vec<RemovedExport> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_and_paths_meet() {
        assert_eq!(pointer_path("/properties/A/0/B"), "A/*/B");
        assert_eq!(pointer_path("A/3/B"), "A/*/B");
        assert_eq!(
            prefixes("A/B/C").collect::<Vec<_>>(),
            vec!["A/B/C", "A/B", "A"]
        );
    }
}
