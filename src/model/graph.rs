//! The reference graph: which resource uses which, derived from the template.
//!
//! Nodes are resources and parameters. An edge runs from the node that is referred to (its
//! `source`) to the resource that holds the reference, so parameters are always sources and
//! edges follow the order in which CloudFormation creates things.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::edge_kind::EdgeKind;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef as _;

use crate::cfn::{
    Diagnostic, Func, GetAtt, Node, PSEUDO_PARAMETERS, Template, Value, is_loop_key, join_path,
};

/// Whether a graph node is a resource or a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A resource in `Resources`.
    Resource,
    /// A parameter in `Parameters`.
    Parameter,
}

/// A node of the reference graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNode {
    /// Logical ID of the resource or name of the parameter.
    pub logical_id: String,
    /// Resource or parameter.
    pub kind: NodeKind,
}

/// The kind of a reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    /// `Ref`.
    Ref,
    /// `Fn::GetAtt` with the attribute it reads.
    GetAtt(String),
    /// A `${...}` inside `Fn::Sub`.
    Sub,
    /// `DependsOn`.
    DependsOn,
    /// Through a condition: the resource's `Condition`, `Fn::If` or `Condition` function uses a
    /// condition that refers to this node.
    Condition,
}

impl RefKind {
    /// Short label: `Ref`, `GetAtt`, `Sub`, `DependsOn`, `Condition`.
    pub fn label(&self) -> &'static str {
        self.edge_kind().label()
    }

    /// The kind without the attribute: what a view filter hides or shows.
    pub fn edge_kind(&self) -> EdgeKind {
        match self {
            RefKind::Ref => EdgeKind::Ref,
            RefKind::GetAtt(_) => EdgeKind::GetAtt,
            RefKind::Sub => EdgeKind::Sub,
            RefKind::DependsOn => EdgeKind::DependsOn,
            RefKind::Condition => EdgeKind::Condition,
        }
    }
}

/// An edge of the reference graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefEdge {
    /// How the reference is made.
    pub kind: RefKind,
    /// Where it sits in the holding resource, e.g. `Properties.VpcConfig.SubnetIds[1]`.
    pub path: String,
}

/// The reference graph of a template, and the problems found while building it.
#[derive(Clone, Debug, Default)]
pub struct RefGraph {
    /// The graph itself.
    pub graph: DiGraph<GraphNode, RefEdge>,
    index: HashMap<String, NodeIndex>,
    /// References to nothing, cycles and other problems, each with its path.
    pub diagnostics: Vec<Diagnostic>,
}

/// One reference found in a resource, before it becomes an edge.
struct Found {
    target: String,
    kind: RefKind,
    path: String,
    pos: Option<crate::cfn::Pos>,
}

impl RefGraph {
    /// Builds the graph of `template`; `file` names the file in warnings.
    pub fn build(template: &Template, file: &str) -> Self {
        let mut g = RefGraph::default();
        if let Some(params) = template.section_mapping("Parameters") {
            for name in params.keys() {
                g.add_node(name, NodeKind::Parameter);
            }
        }
        for r in template.resources() {
            g.add_node(r.logical_id, NodeKind::Resource);
        }
        let names = Names::new(template);
        for r in template.resources() {
            let mut found = Vec::new();
            let mut path = Vec::new();
            for (key, value) in r.attributes().iter() {
                if matches!(key, "Type" | "DependsOn" | "Condition") {
                    continue;
                }
                path.push(Cow::Borrowed(key));
                collect(value, &mut path, &mut found);
                path.pop();
            }
            if let Some(node) = r.attribute("DependsOn") {
                for (i, id) in r.depends_on().into_iter().enumerate() {
                    let path = if node.as_sequence().is_some() {
                        format!("DependsOn[{i}]")
                    } else {
                        "DependsOn".to_owned()
                    };
                    found.push(Found {
                        target: id.to_owned(),
                        kind: RefKind::DependsOn,
                        path,
                        pos: Some(node.span.start),
                    });
                }
            }
            if let (Some(cond), Some(node)) = (r.condition(), r.attribute("Condition")) {
                found.push(Found {
                    target: cond.to_owned(),
                    kind: RefKind::Condition,
                    path: "Condition".to_owned(),
                    pos: Some(node.span.start),
                });
            }
            for f in found {
                g.add_found(template, &names, file, r.logical_id, f);
            }
        }
        g.check_outputs(template, &names, file);
        g.check_cycles(file, template.is_sam());
        g
    }

    fn add_node(&mut self, name: &str, kind: NodeKind) {
        if self.index.contains_key(name) {
            // A resource named like a parameter: CloudFormation rejects it; keep the first.
            return;
        }
        let idx = self.graph.add_node(GraphNode {
            logical_id: name.to_owned(),
            kind,
        });
        self.index.insert(name.to_owned(), idx);
    }

    fn add_found(
        &mut self,
        template: &Template,
        names: &Names,
        file: &str,
        holder: &str,
        f: Found,
    ) {
        let Some(&to) = self.index.get(holder) else {
            return;
        };
        // Every problem found here makes CloudFormation refuse the template.
        let warn = |message: String| {
            Diagnostic::error(file, f.pos, message)
                .with_path(format!("Resources.{holder}.{}", f.path))
                .with_logical_id(holder)
        };
        if f.kind == RefKind::Condition {
            if !template.is_condition(&f.target) {
                self.diagnostics.push(warn(format!(
                    "condition {} is not defined in Conditions",
                    f.target
                )));
                return;
            }
            for source in names.condition_refs(&f.target) {
                if let Some(&from) = self.index.get(source.as_str()) {
                    self.graph.add_edge(
                        from,
                        to,
                        RefEdge {
                            kind: RefKind::Condition,
                            path: f.path.clone(),
                        },
                    );
                }
            }
            return;
        }
        // A name a stacked loop resource could take (its values are not known) refers to it.
        let target = self.index.get(&f.target).or_else(|| {
            let stacked = template.loops().stacked_match(&f.target)?;
            self.index.get(stacked)
        });
        if let Some(&from) = target {
            let is_param = self.graph[from].kind == NodeKind::Parameter;
            if is_param && matches!(f.kind, RefKind::GetAtt(_) | RefKind::DependsOn) {
                self.diagnostics.push(warn(format!(
                    "{} names {}, which is a parameter, not a resource",
                    f.kind.label(),
                    f.target
                )));
                return;
            }
            if from == to && f.kind != RefKind::Condition {
                self.diagnostics.push(warn(format!(
                    "{holder} refers to itself ({})",
                    f.kind.label()
                )));
            }
            self.graph.add_edge(
                from,
                to,
                RefEdge {
                    kind: f.kind,
                    path: f.path,
                },
            );
        } else if !names.is_known(&f.target) {
            let what = match f.kind {
                RefKind::DependsOn => "DependsOn names",
                RefKind::GetAtt(_) => "GetAtt reads from",
                _ => "refers to",
            };
            self.diagnostics.push(warn(format!(
                "{what} {}, which is not a resource or parameter of this template",
                f.target
            )));
        }
    }

    fn check_outputs(&mut self, template: &Template, names: &Names, file: &str) {
        let Some(outputs) = template.section_mapping("Outputs") else {
            return;
        };
        // A loop in Outputs is checked as the outputs it makes.
        let generated = template.loops().generated_outputs().iter();
        let all = outputs
            .iter()
            .filter(|(name, _)| !is_loop_key(name))
            .chain(generated.map(|g| (g.logical_id.as_str(), &g.node)));
        for (name, node) in all {
            let mut found = Vec::new();
            let mut path = vec![Cow::Borrowed(name)];
            collect(node, &mut path, &mut found);
            for f in found {
                let known = f.kind == RefKind::Condition && template.is_condition(&f.target)
                    || f.kind != RefKind::Condition
                        && (self.index.contains_key(&f.target)
                            || names.is_known(&f.target)
                            || template.loops().stacked_match(&f.target).is_some());
                if !known {
                    self.diagnostics.push(
                        Diagnostic::error(
                            file,
                            f.pos,
                            format!("output {name} refers to {}, which is not defined", f.target),
                        )
                        .with_path(format!("Outputs.{}", f.path)),
                    );
                }
            }
        }
    }

    /// Reports once each group of resources that wait on one another in a circle.
    ///
    /// CloudFormation refuses such a template, so it is an error; in a SAM template it is a
    /// warning, because the transform rewires some references (an alarm that watches a
    /// function and guards its deployment is no circle once transformed).
    fn check_cycles(&mut self, file: &str, sam: bool) {
        for scc in petgraph::algo::tarjan_scc(&self.graph) {
            if scc.len() < 2 {
                continue;
            }
            let mut ids: Vec<&str> = scc
                .iter()
                .map(|&i| self.graph[i].logical_id.as_str())
                .collect();
            ids.sort_unstable();
            let first = ids.first().map(|s| (*s).to_owned()).unwrap_or_default();
            let report = if sam {
                Diagnostic::warning
            } else {
                Diagnostic::error
            };
            self.diagnostics.push(
                report(
                    file,
                    None,
                    format!(
                        "circular dependency between {}; CloudFormation cannot create these resources",
                        ids.join(", ")
                    ),
                )
                .with_logical_id(first),
            );
        }
    }

    /// The node of a resource or parameter.
    pub fn node(&self, logical_id: &str) -> Option<NodeIndex> {
        self.index.get(logical_id).copied()
    }

    /// Every edge as (referred-to, holder, edge), in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str, &RefEdge)> {
        self.graph.edge_references().map(|e| {
            (
                self.graph[e.source()].logical_id.as_str(),
                self.graph[e.target()].logical_id.as_str(),
                e.weight(),
            )
        })
    }

    /// The references that `logical_id` holds: (referred-to, edge).
    pub fn outgoing_refs(&self, logical_id: &str) -> Vec<(&str, &RefEdge)> {
        let Some(idx) = self.node(logical_id) else {
            return Vec::new();
        };
        let mut v: Vec<_> = self
            .graph
            .edges_directed(idx, petgraph::Direction::Incoming)
            .map(|e| (self.graph[e.source()].logical_id.as_str(), e.weight()))
            .collect();
        v.reverse();
        v
    }

    /// The resources that refer to `logical_id`: (holder, edge).
    pub fn incoming_refs(&self, logical_id: &str) -> Vec<(&str, &RefEdge)> {
        let Some(idx) = self.node(logical_id) else {
            return Vec::new();
        };
        let mut v: Vec<_> = self
            .graph
            .edges_directed(idx, petgraph::Direction::Outgoing)
            .map(|e| (self.graph[e.target()].logical_id.as_str(), e.weight()))
            .collect();
        v.reverse();
        v
    }

    /// Number of edges of each kind label, sorted by label.
    pub fn counts_by_kind(&self) -> Vec<(&'static str, usize)> {
        let mut counts: std::collections::BTreeMap<&'static str, usize> =
            std::collections::BTreeMap::new();
        for e in self.graph.edge_weights() {
            *counts.entry(e.kind.label()).or_default() += 1;
        }
        counts.into_iter().collect()
    }
}

/// Names a reference may use without being a resource or parameter.
struct Names {
    /// Logical IDs whose resources make others named after them: SAM resources (`FnRole`)
    /// and modules (a `...::MODULE` resource `Net` makes `NetVpc`).
    made_by_prefixes: Vec<String>,
    loop_identifiers: HashSet<String>,
    condition_refs: HashMap<String, Vec<String>>,
}

impl Names {
    fn new(template: &Template) -> Self {
        let mut made_by_prefixes: Vec<String> = if template.is_sam() {
            template
                .resources()
                .filter(|r| r.type_name().starts_with("AWS::Serverless::"))
                .map(|r| r.logical_id.to_owned())
                .chain([
                    "ServerlessRestApi".to_owned(),
                    "ServerlessHttpApi".to_owned(),
                ])
                .collect()
        } else {
            Vec::new()
        };
        made_by_prefixes.extend(
            template
                .resources()
                .filter(|r| r.type_name().ends_with("::MODULE"))
                .map(|r| r.logical_id.to_owned()),
        );
        let mut loop_identifiers = HashSet::new();
        for (key, node) in template.root().iter() {
            collect_loop_identifiers(key, node, &mut loop_identifiers);
        }
        let mut condition_refs = HashMap::new();
        if let Some(conditions) = template.section_mapping("Conditions") {
            for name in conditions.keys() {
                let mut seen = HashSet::new();
                let mut out = Vec::new();
                condition_sources(template, name, &mut seen, &mut out);
                condition_refs.insert(name.to_owned(), out);
            }
        }
        Self {
            made_by_prefixes,
            loop_identifiers,
            condition_refs,
        }
    }

    fn is_known(&self, name: &str) -> bool {
        PSEUDO_PARAMETERS.contains(&name)
            || name.contains("${")
            || name.contains("&{")
            || self.loop_identifiers.contains(name)
            || self
                .made_by_prefixes
                .iter()
                .any(|p| name.starts_with(p.as_str()))
    }

    fn condition_refs(&self, name: &str) -> &[String] {
        self.condition_refs.get(name).map_or(&[], Vec::as_slice)
    }
}

fn collect_loop_identifiers(key: &str, node: &Node, out: &mut HashSet<String>) {
    if key.starts_with("Fn::ForEach::")
        && let Some(id) = node
            .as_sequence()
            .and_then(|s| s.first())
            .and_then(Node::as_str)
    {
        out.insert(id.to_owned());
    }
    match &node.value {
        Value::Mapping(m) => {
            for (k, v) in m.iter() {
                collect_loop_identifiers(k, v, out);
            }
        }
        Value::Sequence(items) => {
            for v in items {
                collect_loop_identifiers("", v, out);
            }
        }
        _ => {}
    }
}

/// The parameters and resources a condition refers to, through other conditions too.
fn condition_sources(
    template: &Template,
    name: &str,
    seen: &mut HashSet<String>,
    out: &mut Vec<String>,
) {
    if !seen.insert(name.to_owned()) {
        return;
    }
    let Some(node) = template
        .section_mapping("Conditions")
        .and_then(|c| c.get(name))
    else {
        return;
    };
    let mut found = Vec::new();
    collect(node, &mut Vec::new(), &mut found);
    for f in found {
        if f.kind == RefKind::Condition {
            condition_sources(template, &f.target, seen, out);
        } else if !out.contains(&f.target) {
            out.push(f.target);
        }
    }
}

/// Finds every reference inside `node`, with its path.
/// Finds the references under `node`; `path` holds the keys and indexes down to it (borrowed
/// where they can be, since this walks every value of every resource).
fn collect<'a>(node: &'a Node, path: &mut Vec<Cow<'a, str>>, out: &mut Vec<Found>) {
    match &node.value {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                collect(item, path, out);
                path.pop();
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m.iter() {
                path.push(Cow::Borrowed(k));
                collect(v, path, out);
                path.pop();
            }
        }
        Value::Intrinsic(f) => {
            let here = |kind: RefKind, target: &str| Found {
                target: target.to_owned(),
                kind,
                path: join_path(path),
                pos: Some(node.span.start),
            };
            match &f.func {
                Func::Ref => {
                    if let Some(t) = f.ref_target() {
                        out.push(here(RefKind::Ref, t));
                        return;
                    }
                }
                Func::GetAtt => {
                    if let Some(GetAtt::Named {
                        resource,
                        attribute,
                    }) = f.get_att()
                    {
                        out.push(here(RefKind::GetAtt(attribute.to_owned()), resource));
                        return;
                    }
                }
                Func::Sub => {
                    if let Some(sub) = f.sub() {
                        for part in sub.parts() {
                            if let Some(t) = part.target()
                                && !sub.is_var(t)
                            {
                                out.push(here(RefKind::Sub, t));
                            }
                        }
                    }
                }
                Func::Condition | Func::If => {
                    if let Some(c) = f.condition_name() {
                        out.push(here(RefKind::Condition, c));
                    }
                }
                _ => {}
            }
            path.push(Cow::Owned(f.func.long_key()));
            collect(&f.arg, path, out);
            path.pop();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    fn graph(text: &str) -> RefGraph {
        let t = import_text(text, "t.yaml", None, false).unwrap().template;
        RefGraph::build(&t, "t.yaml")
    }

    const TEMPLATE: &str = r"
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
  Subnet:
    Type: AWS::EC2::Subnet
    Condition: IsProd
    Properties:
      VpcId: !Ref Vpc
      Tags:
        - Key: Name
          Value: !Sub '${Vpc}-${Role.Arn}-${AWS::Region}-${!Lit}-${Var}'
      Other: !Sub ['${Var}', {Var: !Ref Env}]
  Role:
    Type: AWS::IAM::Role
    DependsOn: [Vpc]
    Properties:
      X: !GetAtt Subnet.AvailabilityZone
      Y: !Ref Missing
      Z: !Ref AWS::Region
";

    #[test]
    fn edges_have_kinds_and_paths() {
        let g = graph(TEMPLATE);
        let mut edges: Vec<String> = g
            .edges()
            .map(|(from, to, e)| format!("{from}->{to} {:?} {}", e.kind, e.path))
            .collect();
        edges.sort();
        assert_eq!(
            edges,
            vec![
                "Env->Subnet Condition Condition",
                "Env->Subnet Ref Properties.Other.Fn::Sub[1].Var",
                "Role->Subnet Sub Properties.Tags[0].Value",
                "Subnet->Role GetAtt(\"AvailabilityZone\") Properties.X",
                "Vpc->Role DependsOn DependsOn[0]",
                "Vpc->Subnet Ref Properties.VpcId",
                "Vpc->Subnet Sub Properties.Tags[0].Value",
            ]
        );
    }

    #[test]
    fn a_module_makes_resources_named_after_it() {
        let text = "Resources:\n  Net:\n    Type: Acme::Network::Vpc::MODULE\n  App:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref NetVpc\nOutputs:\n  O: {Value: !Ref Other}\n";
        let t = crate::cfn::import_text(text, "m.yaml", None, false)
            .unwrap()
            .template;
        let g = RefGraph::build(&t, "m.yaml");
        let msgs: Vec<String> = g.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
        assert!(msgs[0].contains("refers to Other"), "{msgs:#?}");
    }

    #[test]
    fn dangling_references_are_warnings_with_paths() {
        let g = graph(TEMPLATE);
        let msgs: Vec<String> = g.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("refers to Missing")
                    && m.contains("Resources.Role.Properties.Y")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("refers to Var")),
            "{msgs:#?}"
        );
        assert!(
            !msgs
                .iter()
                .any(|m| m.contains("AWS::Region") || m.contains("Lit")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("circular dependency between Role, Subnet")),
            "{msgs:#?}"
        );
    }

    #[test]
    fn in_and_out_lists() {
        let g = graph(TEMPLATE);
        let out: Vec<&str> = g.outgoing_refs("Subnet").iter().map(|(t, _)| *t).collect();
        assert!(out.contains(&"Vpc") && out.contains(&"Env"));
        let inc: Vec<&str> = g.incoming_refs("Vpc").iter().map(|(h, _)| *h).collect();
        assert_eq!(inc.len(), 3);
    }
}
