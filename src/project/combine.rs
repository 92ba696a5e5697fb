//! The members of a project as one template: each resource keyed `stack/LogicalId`, and every
//! reference across stacks (a parameter a parent passes, a nested stack's output, an import)
//! replaced by what it comes to, so that one graph, containment and flow cover the system.

use std::collections::HashMap;

use super::resolve::{ChildTarget, ImportTarget, Resolved, passed};
use super::{Member, SEPARATOR};
use crate::cfn::{
    Func, GetAtt, Intrinsic, Mapping, Node, SubPart, Template, TextStyle, Value, unparse_sub,
};

/// A reference from one stack to another, as the template wires it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    /// The key of the resource that refers.
    pub from: String,
    /// The key of the resource referred to, in another stack.
    pub to: String,
    /// How: `ImportValue network-SubnetA`, `output Network.VpcId`, or a chain outermost
    /// first, `parameter VpcId, from output Network.VpcId`.
    pub how: String,
}

/// A project drawn as one template.
#[derive(Clone, Debug)]
pub struct Combined {
    /// The template of the whole system.
    pub template: Template,
    /// For each key of `template`'s resources, its member and logical ID there.
    pub origin: HashMap<String, (usize, String)>,
    /// The references across stacks.
    pub wires: Vec<Wire>,
}

impl Combined {
    /// The key of `logical_id` of the stack named `stack`.
    pub fn key(stack: &str, logical_id: &str) -> String {
        format!("{stack}{SEPARATOR}{logical_id}")
    }

    /// The stack name of a key.
    pub fn stack_of(key: &str) -> &str {
        key.split_once(SEPARATOR).map_or("", |(s, _)| s)
    }

    /// The logical ID of a key in its own template.
    pub fn id_of(key: &str) -> &str {
        key.split_once(SEPARATOR).map_or(key, |(_, id)| id)
    }
}

/// How deep substitutions may go (a parameter passed an output passed an import…).
const MAX_DEPTH: usize = 12;

struct Ctx<'a> {
    members: &'a [Member],
    r: &'a Resolved,
    passed: Vec<Vec<(usize, &'a str, &'a Node)>>,
    wires: Vec<Wire>,
    /// The key of the resource being rewritten, for the wires it makes.
    current: String,
    /// The steps of the reference being followed, outermost first.
    via: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn key(&self, m: usize, id: &str) -> String {
        Combined::key(&self.r.names[m], id)
    }

    fn is_resource(&self, m: usize, id: &str) -> bool {
        self.members[m].template.resource(id).is_some() && self.r.child_of(m, id).is_none()
    }

    fn passed_value(&self, m: usize, param: &str) -> Option<(usize, &'a Node)> {
        self.passed[m]
            .iter()
            .find(|(_, name, _)| *name == param)
            .map(|&(p, _, node)| (p, node))
    }

    fn output_value(&self, m: usize, output: &str) -> Option<&'a Node> {
        let members: &'a [Member] = self.members;
        members[m]
            .template
            .section_mapping("Outputs")?
            .get(output)?
            .get_path(&["Value"])
    }

    /// What a reference to another stack comes to, rewritten in that stack, with the wires
    /// from the current resource to each resource of that stack it names.
    fn substitute(&mut self, m: usize, to: usize, node: &Node, how: String, depth: usize) -> Node {
        let outermost = self.via.is_empty();
        self.via.push(how);
        let out = self.rewrite(to, node, depth + 1);
        if !outermost {
            // An inner step of a longer chain: the outermost records the whole of it.
            return out;
        }
        let how = self.via.join(", from ");
        self.via.clear();
        let mut keys = Vec::new();
        collect_keys(&out, &mut keys);
        let own = format!("{}{SEPARATOR}", self.r.names[m]);
        for key in keys {
            let is_resource = self
                .r
                .member_named(Combined::stack_of(&key))
                .is_some_and(|s| self.is_resource(s, Combined::id_of(&key)));
            let known = self
                .wires
                .iter()
                .any(|w| w.from == self.current && w.to == key && w.how == how);
            if is_resource && !key.starts_with(&own) && !known {
                self.wires.push(Wire {
                    from: self.current.clone(),
                    to: key,
                    how: how.clone(),
                });
            }
        }
        out
    }

    /// The reference `name` of member `m`, as the combined template writes it: a key, or what
    /// it comes to.
    fn reference(&mut self, m: usize, name: &str, depth: usize) -> Option<Node> {
        if self.is_resource(m, name) || self.is_own_parameter(m, name) {
            return Some(ref_node(self.key(m, name)));
        }
        if let Some((p, node)) = self.passed_value(m, name) {
            let how = format!("parameter {name}");
            return Some(self.substitute(m, p, node, how, depth));
        }
        None
    }

    fn is_own_parameter(&self, m: usize, name: &str) -> bool {
        self.passed_value(m, name).is_none() && self.members[m].template.is_parameter(name)
    }

    fn rewrite(&mut self, m: usize, node: &Node, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return node.clone();
        }
        let value = match &node.value {
            Value::Sequence(items) => {
                Value::Sequence(items.iter().map(|n| self.rewrite(m, n, depth)).collect())
            }
            Value::Mapping(map) => {
                let mut out = Mapping::new();
                for (k, v) in map.iter() {
                    out.insert(k, self.rewrite(m, v, depth));
                }
                Value::Mapping(out)
            }
            Value::Intrinsic(i) => return self.intrinsic(m, node, i, depth),
            v => v.clone(),
        };
        Node {
            value,
            span: node.span,
        }
    }

    fn intrinsic(&mut self, m: usize, node: &Node, i: &Intrinsic, depth: usize) -> Node {
        let keep = |func: Func, arg: Node| Node {
            value: Value::Intrinsic(Box::new(Intrinsic {
                func,
                arg,
                form: i.form,
            })),
            span: node.span,
        };
        match i.func {
            Func::Ref => match i.arg.as_str() {
                Some(name) => self
                    .reference(m, name, depth)
                    .unwrap_or_else(|| node.clone()),
                None => keep(Func::Ref, self.rewrite(m, &i.arg, depth)),
            },
            Func::GetAtt => match i.get_att() {
                Some(GetAtt::Named {
                    resource,
                    attribute,
                }) => {
                    if self.is_resource(m, resource) {
                        return keep(
                            Func::GetAtt,
                            Node::string(format!("{}.{attribute}", self.key(m, resource))),
                        );
                    }
                    let output = attribute.strip_prefix("Outputs.");
                    match (self.r.child_of(m, resource), output) {
                        (Some(child), Some(output)) => match self.output_value(child, output) {
                            Some(v) => {
                                let how = format!("output {resource}.{output}");
                                self.substitute(m, child, v, how, depth)
                            }
                            None => node.clone(),
                        },
                        _ => node.clone(),
                    }
                }
                _ => keep(Func::GetAtt, self.rewrite(m, &i.arg, depth)),
            },
            Func::ImportValue => {
                let scope = self.r.import_scope(self.members, m);
                let target = scope
                    .text(&i.arg)
                    .ok()
                    .map(|t| (self.r.import_target(m, &t), t));
                match target {
                    Some((ImportTarget::Export(e), text)) => {
                        let export = &self.r.exports[e];
                        let (s, output) = (export.member, export.output.clone());
                        match self.output_value(s, &output) {
                            Some(v) => {
                                let name = text.fill(&self.r.bound_values(m)).display();
                                self.substitute(m, s, v, format!("ImportValue {name}"), depth)
                            }
                            None => node.clone(),
                        }
                    }
                    _ => keep(Func::ImportValue, self.rewrite(m, &i.arg, depth)),
                }
            }
            Func::Sub => self.sub(m, node, i, depth),
            Func::FindInMap => {
                let mut arg = self.rewrite(m, &i.arg, depth);
                if let Value::Sequence(items) = &mut arg.value {
                    if let Some(first) = items.first_mut() {
                        if let Some(map) = first.as_str() {
                            *first = Node::string(self.key(m, map));
                        }
                    }
                }
                keep(Func::FindInMap, arg)
            }
            Func::If | Func::Condition => {
                let mut arg = self.rewrite(m, &i.arg, depth);
                match &mut arg.value {
                    Value::Sequence(items) => {
                        if let Some(first) = items.first_mut() {
                            if let Some(c) = first.as_str() {
                                *first = Node::string(self.key(m, c));
                            }
                        }
                    }
                    Value::String(c) => *c = self.key(m, c),
                    _ => {}
                }
                keep(i.func.clone(), arg)
            }
            _ => keep(i.func.clone(), self.rewrite(m, &i.arg, depth)),
        }
    }

    fn sub(&mut self, m: usize, node: &Node, i: &Intrinsic, depth: usize) -> Node {
        let Some(sub) = i.sub() else {
            return node.clone();
        };
        let Some(text) = sub.template else {
            return node.clone();
        };
        let mut vars = Mapping::new();
        if let Some(given) = sub.vars {
            for (k, v) in given.iter() {
                vars.insert(k, self.rewrite(m, v, depth));
            }
        }
        let mut parts = Vec::new();
        for part in crate::cfn::parse_sub(text) {
            let renamed = match &part {
                SubPart::Ref(name) if !sub.is_var(name.trim()) => {
                    let name = name.trim();
                    if self.is_resource(m, name) || self.is_own_parameter(m, name) {
                        Some(SubPart::Ref(self.key(m, name)))
                    } else if let Some(value) = self.reference(m, name, depth) {
                        vars.insert(name, value);
                        Some(SubPart::Ref(name.to_owned()))
                    } else {
                        None
                    }
                }
                SubPart::GetAtt {
                    resource,
                    attribute,
                } if !sub.is_var(resource.trim()) => {
                    let resource = resource.trim();
                    if self.is_resource(m, resource) {
                        Some(SubPart::GetAtt {
                            resource: self.key(m, resource),
                            attribute: attribute.clone(),
                        })
                    } else if let (Some(child), Some(output)) = (
                        self.r.child_of(m, resource),
                        attribute.strip_prefix("Outputs."),
                    ) {
                        self.output_value(child, output).map(|v| {
                            let var = format!("{resource}_{}", output.replace('.', "_"));
                            let how = format!("output {resource}.{output}");
                            let value = self.substitute(m, child, v, how, depth);
                            vars.insert(var.clone(), value);
                            SubPart::Ref(var)
                        })
                    } else {
                        None
                    }
                }
                _ => None,
            };
            parts.push(renamed.unwrap_or(part));
        }
        let string = Node::string(unparse_sub(&parts));
        let arg = if vars.is_empty() && !sub.list_form {
            string
        } else {
            Node::new(Value::Sequence(vec![
                string,
                Node::new(Value::Mapping(vars)),
            ]))
        };
        Node {
            value: Value::Intrinsic(Box::new(Intrinsic {
                func: Func::Sub,
                arg,
                form: i.form,
            })),
            span: node.span,
        }
    }

    /// A resource's attributes rewritten: its properties, and its `DependsOn` and `Condition`
    /// names made keys.
    fn resource(&mut self, m: usize, node: &Node) -> Node {
        let mut out = self.rewrite(m, node, 0);
        if let Some(map) = out.as_mapping_mut() {
            if let Some(c) = map.get_mut("Condition") {
                if let Some(name) = c.as_str() {
                    *c = Node::string(self.key(m, name));
                }
            }
            if let Some(d) = map.get_mut("DependsOn") {
                let rename = |n: &mut Node, ctx: &Self| {
                    if let Some(id) = n.as_str() {
                        if ctx.is_resource(m, id) {
                            *n = Node::string(ctx.key(m, id));
                        }
                    }
                };
                match &mut d.value {
                    Value::Sequence(items) => items.iter_mut().for_each(|n| rename(n, self)),
                    _ => rename(d, self),
                }
            }
        }
        out
    }
}

fn ref_node(target: String) -> Node {
    Node::new(Value::Intrinsic(Box::new(Intrinsic::new(
        Func::Ref,
        Node::string(target),
    ))))
}

/// The keys (`stack/Id`) a value refers to through `Ref`, `GetAtt` and `Sub`.
fn collect_keys(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Sequence(items) => items.iter().for_each(|n| collect_keys(n, out)),
        Value::Mapping(m) => m.values().for_each(|n| collect_keys(n, out)),
        Value::Intrinsic(i) => {
            let target = match i.get_att() {
                Some(GetAtt::Named { resource, .. }) => Some(resource.to_owned()),
                _ => i.ref_target().map(str::to_owned),
            };
            match target {
                Some(t) if t.contains(SEPARATOR) => out.push(t),
                _ => {}
            }
            if let Some(sub) = i.sub() {
                for part in sub.parts() {
                    if let Some(t) = part.target() {
                        if t.contains(SEPARATOR) {
                            out.push(t.to_owned());
                        }
                    }
                }
            }
            collect_keys(&i.arg, out);
        }
        _ => {}
    }
}

/// The project as one template.
pub fn combine(members: &[Member], r: &Resolved) -> Combined {
    let mut ctx = Ctx {
        members,
        r,
        passed: passed(members, r),
        wires: Vec::new(),
        current: String::new(),
        via: Vec::new(),
    };
    let mut parameters = Mapping::new();
    let mut mappings = Mapping::new();
    let mut conditions = Mapping::new();
    let mut resources = Mapping::new();
    let mut origin = HashMap::new();
    let mut sam = false;
    for (m, member) in members.iter().enumerate() {
        let t = &member.template;
        sam |= t.is_sam();
        for (name, node) in t
            .section_mapping("Parameters")
            .into_iter()
            .flat_map(Mapping::iter)
        {
            if ctx.passed_value(m, name).is_none() {
                parameters.insert(ctx.key(m, name), node.clone());
            }
        }
        for (name, node) in t
            .section_mapping("Mappings")
            .into_iter()
            .flat_map(Mapping::iter)
        {
            mappings.insert(ctx.key(m, name), node.clone());
        }
        for (name, node) in t
            .section_mapping("Conditions")
            .into_iter()
            .flat_map(Mapping::iter)
        {
            ctx.current = ctx.key(m, name);
            let value = ctx.rewrite(m, node, 0);
            conditions.insert(ctx.key(m, name), value);
        }
        for res in t.resources() {
            let resolved = r.children.iter().any(|c| {
                c.parent == m
                    && c.logical_id == res.logical_id
                    && matches!(c.target, ChildTarget::Member(_))
            });
            if resolved {
                continue;
            }
            let key = ctx.key(m, res.logical_id);
            ctx.current = key.clone();
            let node = ctx.resource(m, res.node);
            resources.insert(key.clone(), node);
            origin.insert(key, (m, res.logical_id.to_owned()));
        }
    }
    let mut root = Mapping::new();
    root.insert("AWSTemplateFormatVersion", Node::string("2010-09-09"));
    if sam {
        root.insert("Transform", Node::string("AWS::Serverless-2016-10-31"));
    }
    for (name, section) in [
        ("Parameters", parameters),
        ("Mappings", mappings),
        ("Conditions", conditions),
    ] {
        if !section.is_empty() {
            root.insert(name, Node::new(Value::Mapping(section)));
        }
    }
    root.insert("Resources", Node::new(Value::Mapping(resources)));
    Combined {
        template: Template::from_root(root, TextStyle::default()),
        origin,
        wires: ctx.wires,
    }
}
