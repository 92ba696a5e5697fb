//! Values from the resource schemas: the required properties a new resource starts with, the
//! value a property added in the inspector starts as, and the resources of the template a
//! property can refer to.
//!
//! A value is, in order of preference: a reference to a resource of the template that the
//! schema's `format` or `relationshipRef` names (a state machine's `RoleArn` is
//! `!GetAtt SomeRole.Arn`, a `SubnetId` is `!Ref` a subnet, the one dropped into first); the
//! schema's `const` or `default`; an enum's first value; and otherwise a placeholder of the
//! property's type: `<Name>` for a string, the smallest valid number, `false`, an object with
//! its own required properties, a list with one item when it must have one. Nothing added
//! this way misses a required property (cfn-lint's E3003), though a placeholder string still
//! has to be replaced before the stack deploys.

use super::{DropTarget, Edit, unique_logical_id};
use crate::cfn::{Mapping, Node, Number, Value};
use crate::model::Document;
use crate::schema::{JsonType, Property, TypeSchema};

pub use super::schema_refs::{ReferenceOffer, reference_offers};
use super::schema_refs::{Want, reference_value, service_principal, wants};

/// Deepest nesting of objects filled in; deeper required objects are left empty.
const MAX_DEPTH: usize = 8;

/// Builds values for one resource being created or edited.
struct Filler<'a> {
    doc: &'a Document,
    schema: &'a TypeSchema,
    logical_id: &'a str,
    target: &'a DropTarget,
    /// Logical IDs taken by this creation so far (the resource, a created role).
    taken: Vec<String>,
    /// Resources created on the way: a role for a `RoleArn` when the template has none.
    extra: Vec<Edit>,
}

impl Filler<'_> {
    /// A reference to a resource of the template that `wants` asks for: the subnet or VPC
    /// dropped into first, then one whose trust policy names this type's service (for a
    /// role), then the first in template order.
    fn reference(&self, wants: &[Want]) -> Option<(u8, Node)> {
        let preferred = [self.target.subnet.as_deref(), self.target.vpc.as_deref()];
        let principal = service_principal(self.schema.type_name());
        let mut candidates: Vec<(u8, Node)> = Vec::new();
        for r in self.doc.template.resources() {
            if r.logical_id == self.logical_id {
                continue;
            }
            for want in wants.iter().filter(|w| w.type_name() == r.type_name()) {
                let Some(target) = crate::schema::lookup(r.type_name()) else {
                    continue;
                };
                let Some(value) = reference_value(r.logical_id, &target, want) else {
                    continue;
                };
                let rank = if preferred.contains(&Some(r.logical_id)) {
                    0
                } else if r
                    .property(&["AssumeRolePolicyDocument"])
                    .map(crate::cfn::write_yaml_value)
                    .is_some_and(|t| t.contains(&principal))
                {
                    1
                } else {
                    2
                };
                candidates.push((rank, value));
            }
        }
        candidates.sort_by_key(|(rank, _)| *rank);
        candidates.into_iter().next()
    }

    /// A new role that this type's service can assume, for a `RoleArn` with no role to use.
    fn new_role(&mut self) -> Node {
        let mut id = unique_logical_id(self.doc, &format!("{}Role", self.logical_id));
        let mut n = 2;
        while self.taken.contains(&id) {
            id = unique_logical_id(self.doc, &format!("{}Role{n}", self.logical_id));
            n += 1;
        }
        self.taken.push(id.clone());
        let principal = service_principal(self.schema.type_name());
        let statement = mapping(vec![
            ("Effect", Node::string("Allow")),
            (
                "Principal",
                mapping(vec![("Service", Node::string(principal))]),
            ),
            ("Action", Node::string("sts:AssumeRole")),
        ]);
        let body = mapping(vec![
            ("Type", Node::string("AWS::IAM::Role")),
            (
                "Properties",
                mapping(vec![(
                    "AssumeRolePolicyDocument",
                    mapping(vec![
                        ("Version", Node::string("2012-10-17")),
                        ("Statement", Node::new(Value::Sequence(vec![statement]))),
                    ]),
                )]),
            ),
        ]);
        self.extra.push(Edit::AddResource {
            logical_id: id.clone(),
            body,
        });
        super::get_att(&id, "Arn")
    }

    /// The value a property at `path` named `name` starts as.
    fn value(&mut self, prop: Property<'_>, path: &str, name: &str, depth: usize) -> Node {
        let wants = wants(self.schema, path, Some(prop));
        // A role is reused only if this type's service may assume it; else one is made.
        let role_arn = depth == 0
            && wants.iter().any(
                |w| matches!(w, Want::Format { format, .. } if format == "AWS::IAM::Role.Arn"),
            );
        match self.reference(&wants) {
            Some((rank, r)) if !role_arn || rank < 2 => return r,
            _ => {}
        }
        if let Some(c) = prop.chain().find_map(|p| p.shape().const_value.as_ref()) {
            return c.to_node();
        }
        if let Some(d) = prop.default_value() {
            return d.to_node();
        }
        if let Some(first) = prop.enum_values().and_then(|(values, _)| values.first()) {
            return first.to_node();
        }
        if role_arn {
            return self.new_role();
        }
        let types = prop.types();
        let has_properties = prop.properties().next().is_some();
        let is = |t: JsonType| types.contains(t);
        let has_branches = prop.chain().any(|p| {
            let shape = p.shape();
            !shape.one_of.is_empty() || !shape.any_of.is_empty() || !shape.all_of.is_empty()
        });
        // A list of objects (DynamoDB's `KeySchema` allows an object too) is a list.
        let list_first = is(JsonType::Array) && prop.items().is_some();
        if !list_first
            && (is(JsonType::Object) || types.is_empty())
            && (has_properties || has_branches)
        {
            return self.object(prop, path, depth + 1);
        }
        if is(JsonType::String) || types.is_empty() && prop.items().is_none() {
            return Node::string(placeholder(prop, name));
        }
        if is(JsonType::Integer) || is(JsonType::Number) {
            return Node::new(Value::Number(Number::from_text(smallest_number(prop))));
        }
        if is(JsonType::Boolean) {
            return Node::new(Value::Bool(false));
        }
        if is(JsonType::Array) || prop.items().is_some() {
            let item_path = format!("{path}/*");
            let Some(items) = prop.items() else {
                return Node::new(Value::Sequence(Vec::new()));
            };
            let item_wants = wants_of(self.schema, &item_path, items);
            let needs_one = prop.bounds().min_items.unwrap_or(0) >= 1;
            if let Some((_, r)) = self.reference(&item_wants) {
                return Node::new(Value::Sequence(vec![r]));
            }
            if needs_one && depth < MAX_DEPTH {
                let item = self.value(items, &item_path, name, depth + 1);
                return Node::new(Value::Sequence(vec![item]));
            }
            return Node::new(Value::Sequence(Vec::new()));
        }
        Node::new(Value::Mapping(Mapping::new()))
    }

    /// An object with the properties it requires, each with its starting value.
    fn object(&mut self, prop: Property<'_>, path: &str, depth: usize) -> Node {
        let mut m = Mapping::new();
        if depth <= MAX_DEPTH {
            for name in required_names(self.schema, prop, &[]) {
                let Some(child) = prop.property(&name) else {
                    continue;
                };
                let child_path = join(path, &name);
                let v = self.value(child, &child_path, &name, depth);
                m.insert(name, v);
            }
        }
        Node::new(Value::Mapping(m))
    }
}

/// A string the user will see is to be replaced: `<Name>`, or where the pattern refuses that,
/// the first of a few plain candidates it takes.
fn placeholder(prop: Property<'_>, name: &str) -> String {
    let bracketed = format!("<{name}>");
    let Some(regex) = prop.chain().find_map(|p| p.shape().regex()) else {
        return bracketed;
    };
    let b = prop.bounds();
    let fits = |text: &str| {
        let n = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        regex.is_match(text)
            && b.min_length.is_none_or(|min| n >= min)
            && b.max_length.is_none_or(|max| n <= max)
    };
    [
        bracketed.clone(),
        name.to_owned(),
        "placeholder".to_owned(),
        "0".to_owned(),
    ]
    .into_iter()
    .find(|c| fits(c))
    .unwrap_or(bracketed)
}

fn wants_of(schema: &TypeSchema, path: &str, prop: Property<'_>) -> Vec<Want> {
    wants(schema, path, Some(prop))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}/{name}")
    }
}

/// The smallest number the bounds allow, or 0 when they allow it.
fn smallest_number(prop: Property<'_>) -> String {
    let b = prop.bounds();
    let integer = !prop.types().contains(JsonType::Number);
    let low = match (b.minimum, b.exclusive_minimum) {
        (Some(m), _) => Some(m),
        (None, Some(e)) => Some(if integer { e.floor() + 1.0 } else { e + 1.0 }),
        (None, None) => None,
    };
    let high = b.maximum.or(b.exclusive_maximum.map(|e| e - 1.0));
    let n = match (low, high) {
        (Some(l), _) if l > 0.0 => l,
        (_, Some(h)) if h < 0.0 => h,
        _ => 0.0,
    };
    let n = if integer { n.ceil() } else { n };
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // Exact: the bounds are small integers.
        #[expect(clippy::cast_possible_truncation, reason = "checked just above")]
        let i = n as i64;
        i.to_string()
    } else {
        n.to_string()
    }
}

/// The names an object must set, given those it sets already: `required` (here and in
/// `allOf` branches), one name of a `requiredXor` or `requiredOr` none of whose names is set,
/// the first `oneOf`/`anyOf` branch's names when no branch is satisfied, and what
/// `dependentRequired` adds.
pub fn required_names(schema: &TypeSchema, prop: Property<'_>, set: &[&str]) -> Vec<String> {
    let mut have: Vec<String> = set.iter().map(|s| (*s).to_owned()).collect();
    let already = have.len();
    needs(schema, prop, prop, &mut have, 0);
    // What the names chosen so far bring with them.
    let mut i = 0;
    while let Some(name) = have.get(i).cloned() {
        for p in prop.chain() {
            for (key, more) in &p.shape().dependent_required {
                if *key == name {
                    for n in more {
                        if !have.contains(n) {
                            have.push(n.clone());
                        }
                    }
                }
            }
        }
        i += 1;
    }
    have.split_off(already)
}

/// Adds to `have` what `node` (the object `owner` or one of its branches) requires.
fn needs(
    schema: &TypeSchema,
    owner: Property<'_>,
    node: Property<'_>,
    have: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let add = |have: &mut Vec<String>, n: &String| {
        if !have.contains(n) {
            have.push(n.clone());
        }
    };
    for p in node.chain() {
        let shape = p.shape();
        for n in &shape.required {
            add(have, n);
        }
        for group in [&shape.required_xor, &shape.required_or] {
            if let Some(first) = group.first()
                && !group.iter().any(|n| have.contains(n))
            {
                add(have, first);
            }
        }
        for b in &shape.all_of {
            needs(schema, owner, schema.node(*b), have, depth + 1);
        }
        for branches in [&shape.one_of, &shape.any_of] {
            if branches.is_empty() {
                continue;
            }
            let options: Vec<Vec<String>> = branches
                .iter()
                .map(|b| {
                    let mut h = have.clone();
                    needs(schema, owner, schema.node(*b), &mut h, depth + 1);
                    h.split_off(have.len())
                })
                .collect();
            if options.iter().any(Vec::is_empty) {
                continue;
            }
            if let Some(first) = options
                .iter()
                .find(|o| o.iter().all(|n| owner.property(n).is_some()))
            {
                for n in first {
                    add(have, n);
                }
            }
        }
    }
}

fn mapping(pairs: Vec<(&str, Node)>) -> Node {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    Node::new(Value::Mapping(m))
}

/// The properties a new resource of `type_name` needs beyond those in `props` (what a palette
/// item sets already), with their values, and the resources they bring (a role for a
/// `RoleArn`, when the template has none). A type the schemas do not know needs nothing.
pub fn required_properties(
    doc: &Document,
    type_name: &str,
    logical_id: &str,
    props: &Mapping,
    target: &DropTarget,
) -> (Vec<(String, Node)>, Vec<Edit>) {
    let Some(schema) = crate::schema::lookup(type_name) else {
        return (Vec::new(), Vec::new());
    };
    let mut filler = Filler {
        doc,
        schema: &schema,
        logical_id,
        target,
        taken: vec![logical_id.to_owned()],
        extra: Vec::new(),
    };
    let set: Vec<&str> = props.keys().collect();
    let mut out = Vec::new();
    for name in required_names(&schema, schema.root(), &set) {
        let Some(prop) = schema.property(&name) else {
            continue;
        };
        let v = filler.value(prop, &name, &name, 0);
        out.push((name, v));
    }
    // Dropped into a subnet or VPC: the property that places it there, required or not.
    for (container, format) in [
        (target.subnet.as_deref(), "AWS::EC2::Subnet.Id"),
        (target.vpc.as_deref(), "AWS::EC2::VPC.Id"),
    ] {
        let Some(container) = container else {
            continue;
        };
        let placed = |name: &str| {
            let item = format!("{name}/*");
            [name, item.as_str()].into_iter().any(|path| {
                wants(&schema, path, schema.property(path))
                    .iter()
                    .any(|w| matches!(w, Want::Format { format: f, .. } if f == format))
            })
        };
        if out.iter().any(|(n, _)| placed(n)) || set.iter().any(|n| placed(n)) {
            continue;
        }
        if let Some((name, prop)) = schema.properties().find(|(n, _)| placed(n)) {
            let one = super::r#ref(container);
            let value = if prop.items().is_some() {
                Node::new(Value::Sequence(vec![one]))
            } else {
                one
            };
            out.push((name.to_owned(), value));
        }
    }
    (out, filler.extra)
}

/// The value a property at `path` (`VisibilityTimeout`, `VpcConfig/SubnetIds`) of resource
/// `logical_id` starts as when the user adds it, and the resources it brings. `None` when the
/// resource's type has no such property.
pub fn initial_value(doc: &Document, logical_id: &str, path: &str) -> Option<(Node, Vec<Edit>)> {
    let resource = doc.template.resource(logical_id)?;
    let schema = crate::schema::lookup(resource.type_name())?;
    let prop = schema.property(path)?;
    let name = path.rsplit('/').next().unwrap_or(path);
    let target = DropTarget::default();
    let mut filler = Filler {
        doc,
        schema: &schema,
        logical_id,
        target: &target,
        taken: Vec::new(),
        extra: Vec::new(),
    };
    let v = filler.value(prop, path, name, 0);
    Some((v, filler.extra))
}
