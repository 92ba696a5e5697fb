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
mod cascade;
mod git;
pub mod normalize;
mod properties;
mod report;
mod sections;

use std::collections::BTreeMap;

use crate::cfn::{Node, Resource, Template};
use crate::cost::{CostDiff, Estimate};

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

    /// The short tag drawn on a shape: `+`, `-`, `kept`, `R`, `R?`, `~`.
    pub fn tag(self) -> &'static str {
        match self {
            Impact::Add => "+",
            Impact::Remove => "-",
            Impact::Orphan => "kept",
            Impact::Replace => "R",
            Impact::MayReplace => "R?",
            Impact::Update => "~",
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
                if let Some(diff) = properties::modified(o, n, &is_resource) {
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

    cascade::find_renames(&mut resources, &old_resources, &new_resources);
    cascade::cascade(&mut resources, new, &new_resources);

    let mut comparison = Comparison {
        resources: resources.into_values().collect(),
        entries: sections::entries(old, new),
        removed_exports: sections::removed_exports(old, new),
        cost: None,
    };
    comparison
        .resources
        .sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    comparison
}
