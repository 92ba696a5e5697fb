//! The architecture as it works: which resource calls, feeds, triggers or serves which, as
//! edges that point the way requests, events and data go, each with a short label; and the
//! link resources (permissions, mappings, subscriptions, policies, route associations, IAM)
//! folded into the edge they make or the resource they serve.
//!
//! The rules are tables: [`LINK_RULES`] for a resource that joins two others (an event source
//! mapping joins a queue to a function), [`OUT_RULES`] for a resource whose property names
//! where it sends (a bucket's notifications) or, reversed, where it is fed from, and the IAM
//! policies of a role, which give the resources its users may use. Nothing here is drawn;
//! the layout and the scene read [`Flow`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{RefGraph, RefKind};
use crate::cfn::{Func, GetAtt, Node, Resource, Template, Value};

/// One edge of the architecture: `from` calls, feeds or triggers `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowEdge {
    /// Where requests, events or data come from.
    pub from: String,
    /// Where they go.
    pub to: String,
    /// What goes: `s3:ObjectCreated:* incoming/`, `batch 10`, `sqs`, `send`.
    pub label: String,
    /// The link resources that make the edge (the mapping, the subscription, the listener
    /// and target group), in the order they are met; what a click on the edge selects.
    pub via: Vec<String>,
}

/// The architecture of a template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// The edges, in template order, one per pair of resources.
    pub edges: Vec<FlowEdge>,
    /// Each link resource, with the resource it is folded into (its owner): a permission into
    /// its function, a queue policy into its queue, a role into the first resource that uses
    /// it. A link resource with no owner is not in the map, and stays a box.
    pub folded: BTreeMap<String, String>,
    /// Resources the SAM transform makes that the template does not declare, drawn as nodes
    /// of their own: the implicit `ServerlessRestApi` of `Api` events that name no API.
    pub implicit: Vec<ImplicitNode>,
}

/// A resource the SAM transform makes without the template declaring it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImplicitNode {
    /// The logical ID SAM gives it: `ServerlessRestApi`.
    pub logical_id: String,
    /// Its type: `AWS::Serverless::Api`.
    pub type_name: &'static str,
    /// The functions whose events make it.
    pub made_for: Vec<String>,
}

impl Flow {
    /// The link resources folded into `owner`, in template order.
    pub fn folded_into(&self, owner: &str) -> Vec<&str> {
        self.folded
            .iter()
            .filter(|(_, o)| o.as_str() == owner)
            .map(|(l, _)| l.as_str())
            .collect()
    }

    /// The resource the SAM transform makes as `logical_id`, if the flow drew one.
    pub fn implicit(&self, logical_id: &str) -> Option<&ImplicitNode> {
        self.implicit.iter().find(|n| n.logical_id == logical_id)
    }

    /// Whether `logical_id` is folded (drawn on an edge or its owner, not as a box).
    pub fn is_folded(&self, logical_id: &str) -> bool {
        self.folded.contains_key(logical_id)
    }
}

mod fold;
mod iam;
mod names;
mod rules;

pub use fold::subnet_egress;
use fold::{compose, fold};
use iam::{policy_targets, role_users};
pub use names::named_resources;
use names::{Ids, Refs, named_at, names_in};
use rules::*;
pub use rules::{LINK_RULES, LINK_TYPES, LinkRule, OUT_RULES, OutRule, is_link};

/// The type of each resource, by logical ID.
type Types = HashMap<String, String>;

fn ty<'t>(types: &'t Types, id: &str) -> &'t str {
    types.get(id).map_or("", String::as_str)
}

/// Builds the architecture of `template`.
pub fn build(template: &Template) -> Flow {
    let ids = Ids::of(template);
    let refs = Refs::of(template, &ids);
    build_from(template, ids, &refs)
}

/// Builds the architecture of `template` from its reference graph, which saves walking every
/// property again: what `Derived` does.
pub fn build_with_graph(template: &Template, graph: &RefGraph) -> Flow {
    let ids = Ids::of(template);
    let refs = Refs::from_graph(graph, &ids);
    build_from(template, ids, &refs)
}

fn build_from(template: &Template, ids: Ids, refs: &Refs) -> Flow {
    let types: Types = template
        .resources()
        .map(|r| (r.logical_id.to_owned(), r.type_name().to_owned()))
        .collect();
    let type_of = |id: &str| ty(&types, id);
    // Raw edges, before folding: (from, to, label, via, strength). Strength orders what a
    // pair keeps: configured wiring (2) over what a policy allows (1).
    let mut raw: Vec<(String, String, String, Vec<String>, u8)> = Vec::new();
    let mut implicit: Vec<ImplicitNode> = Vec::new();
    for r in template.resources() {
        let t = r.type_name();
        for rule in LINK_RULES.iter().filter(|l| l.type_name == t) {
            let froms = named_at(&ids, &r, rule.from);
            let tos = named_at(&ids, &r, rule.to);
            for (from, _) in &froms {
                for (to, item) in &tos {
                    if from != to {
                        let label = (rule.label)(&r, item);
                        raw.push((
                            from.clone(),
                            to.clone(),
                            label,
                            vec![r.logical_id.to_owned()],
                            2,
                        ));
                    }
                }
            }
        }
        for rule in OUT_RULES.iter().filter(|o| o.type_name == t) {
            for (other, item) in named_at(&ids, &r, rule.path) {
                // SAM events name their source under Properties; the rule's path stops at
                // the event, so only those keys count.
                if t == "AWS::Serverless::Function" && rule.path.first() == Some(&"Events") {
                    let names_source = SAM_EVENT_SOURCES.iter().any(|k| {
                        item.get_path(&["Properties", k])
                            .is_some_and(|v| names_in(&ids, v).contains(&other))
                    });
                    if !names_source {
                        continue;
                    }
                }
                let wants_used = rule.path.first() == Some(&"Environment")
                    || rule.type_name.contains("StateMachine");
                if wants_used && !is_used_kind(type_of(&other)) {
                    continue;
                }
                let label = (rule.label)(&r, item);
                let me = r.logical_id.to_owned();
                let (from, to) = if rule.reverse {
                    (other, me)
                } else {
                    (me, other)
                };
                // An environment variable says what a function uses, not how.
                let strength = if rule.path.first() == Some(&"Environment") {
                    1
                } else {
                    2
                };
                raw.push((from, to, label, Vec::new(), strength));
            }
        }
        // SAM's implicit APIs, for events that name none.
        if t == "AWS::Serverless::Function"
            && let Some(events) = r.property(&["Events"]).and_then(Node::as_mapping)
        {
            for (event_name, event) in events.iter() {
                let kind = event.get_path(&["Type"]).and_then(Node::as_str);
                // A schedule or an EventBridge pattern: SAM makes a rule, `<Function><Event>`.
                if matches!(
                    kind,
                    Some("Schedule" | "ScheduleV2" | "EventBridgeRule" | "CloudWatchEvent")
                ) {
                    let id = format!("{}{event_name}", r.logical_id);
                    if !ids.0.contains(&id) {
                        let schedule = event
                            .get_path(&["Properties", "Schedule"])
                            .or_else(|| event.get_path(&["Properties", "ScheduleExpression"]))
                            .and_then(scalar_text)
                            .unwrap_or_else(|| "events".to_owned());
                        implicit.push(ImplicitNode {
                            logical_id: id.clone(),
                            type_name: if kind.is_some_and(|k| k.starts_with("Schedule")) {
                                "AWS::Scheduler::Schedule"
                            } else {
                                "AWS::Events::Rule"
                            },
                            made_for: vec![r.logical_id.to_owned()],
                        });
                        raw.push((id, r.logical_id.to_owned(), schedule, Vec::new(), 2));
                    }
                }
                for (event_type, id, type_name, key) in IMPLICIT_APIS {
                    if kind != Some(*event_type)
                        || event.get_path(&["Properties", key]).is_some()
                        || ids.0.contains(*id)
                    {
                        continue;
                    }
                    match implicit
                        .iter_mut()
                        .find(|n: &&mut ImplicitNode| n.logical_id == *id)
                    {
                        Some(n) if !n.made_for.iter().any(|f| f == r.logical_id) => {
                            n.made_for.push(r.logical_id.to_owned());
                        }
                        Some(_) => {}
                        None => implicit.push(ImplicitNode {
                            logical_id: (*id).to_owned(),
                            type_name,
                            made_for: vec![r.logical_id.to_owned()],
                        }),
                    }
                    raw.push((
                        (*id).to_owned(),
                        r.logical_id.to_owned(),
                        sam_event(&r, event),
                        Vec::new(),
                        2,
                    ));
                }
            }
        }
        // A SAM function without an Environment of its own takes the one in Globals.
        if t == "AWS::Serverless::Function"
            && r.property(&["Environment"]).is_none()
            && let Some(vars) = template
                .section("Globals")
                .and_then(|g| g.get_path(&["Function", "Environment", "Variables"]))
        {
            for other in names_in(&ids, vars) {
                if is_used_kind(type_of(&other)) && other != r.logical_id {
                    raw.push((
                        r.logical_id.to_owned(),
                        other,
                        "uses".to_owned(),
                        Vec::new(),
                        1,
                    ));
                }
            }
        }
        // A SAM connector names its ends by logical ID, as plain strings.
        if t == "AWS::Serverless::Connector"
            && let (Some(from), Some(to)) = (
                r.property(&["Source", "Id"]).and_then(Node::as_str),
                r.property(&["Destination", "Id"]).and_then(Node::as_str),
            )
            && ids.0.contains(from)
            && ids.0.contains(to)
            && from != to
        {
            let label = r
                .attribute("Properties")
                .map_or_else(|| "connects".to_owned(), connector_permissions);
            raw.push((
                from.to_owned(),
                to.to_owned(),
                label,
                vec![r.logical_id.to_owned()],
                2,
            ));
        }
        // SAM connectors written on their source: `Connectors: {Name: {Properties: ...}}`.
        if let Some(connectors) = r.attribute("Connectors").and_then(Node::as_mapping) {
            for (_, c) in connectors.iter() {
                let Some(props) = c.get_path(&["Properties"]) else {
                    continue;
                };
                let destinations: Vec<&Node> = match props.get_path(&["Destination"]) {
                    Some(Node {
                        value: Value::Sequence(items),
                        ..
                    }) => items.iter().collect(),
                    Some(d) => vec![d],
                    None => Vec::new(),
                };
                for d in destinations {
                    let Some(to) = d.get_path(&["Id"]).and_then(Node::as_str) else {
                        continue;
                    };
                    if ids.0.contains(to) && to != r.logical_id {
                        let label = connector_permissions(props);
                        raw.push((r.logical_id.to_owned(), to.to_owned(), label, Vec::new(), 2));
                    }
                }
            }
        }
        // SAM policy templates.
        if t == "AWS::Serverless::Function" {
            for (policy, key, verb) in SAM_POLICIES {
                for (other, _) in named_at(&ids, &r, &["Policies", "*", policy, key]) {
                    raw.push((
                        r.logical_id.to_owned(),
                        other,
                        (*verb).to_owned(),
                        Vec::new(),
                        1,
                    ));
                }
            }
        }
    }
    // IAM: what a role's policies allow, as edges from the role's users. A role several
    // resources share gives each only what it names itself, where any of them does: two
    // functions on one role do not each use both queues.
    let users = role_users(template, &types, refs);
    let names_of = |id: &str| -> &[String] { refs.names(id) };
    for r in template.resources() {
        let t = r.type_name();
        let mut docs: Vec<(&Node, Vec<String>)> = Vec::new();
        match t {
            "AWS::IAM::Role" => {
                if let Some(policies) = r.property(&["Policies"]).and_then(Node::as_sequence) {
                    for p in policies {
                        if let Some(doc) = p.get_path(&["PolicyDocument"]) {
                            docs.push((doc, vec![r.logical_id.to_owned()]));
                        }
                    }
                }
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
                let mut roles: Vec<String> = named_at(&ids, &r, &["Roles", "*"])
                    .into_iter()
                    .map(|(n, _)| n)
                    .collect();
                roles.extend(
                    named_at(&ids, &r, &["RoleName"])
                        .into_iter()
                        .map(|(n, _)| n),
                );
                if let Some(doc) = r.property(&["PolicyDocument"]) {
                    docs.push((doc, roles));
                }
            }
            _ => {}
        }
        for (doc, roles) in docs {
            for (target, verbs) in policy_targets(&ids, doc) {
                if !is_used_kind(type_of(&target)) {
                    continue;
                }
                for role in &roles {
                    let sharing: &[String] = users.get(role.as_str()).map_or(&[], Vec::as_slice);
                    let naming: Vec<&String> = sharing
                        .iter()
                        .filter(|u| names_of(u).contains(&target))
                        .collect();
                    for user in sharing {
                        if naming.is_empty() || naming.contains(&user) {
                            if *user == target {
                                continue;
                            }
                            let mut via = vec![role.clone()];
                            if r.logical_id != role {
                                via.push(r.logical_id.to_owned());
                            }
                            raw.push((user.clone(), target.clone(), verbs.join(", "), via, 1));
                        }
                    }
                }
            }
        }
    }
    let folded = fold(template, &types, refs);
    let edges = compose(raw, &folded, &types);
    Flow {
        edges,
        folded,
        implicit,
    }
}

#[cfg(test)]
mod tests;
