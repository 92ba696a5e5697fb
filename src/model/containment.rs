//! Containment (VPC > subnet > instance), derived from the template and never stored.
//!
//! Which property places a resource is written in one table, [`PLACEMENT_RULES`]
//! (`placement.rs`); to teach Stack Canvas a new resource type, add a row.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::placement::{PLACEMENT_RULES, ParentKind, PlacementRule, placement_rule};
use crate::cfn::{Func, GetAtt, Node, Template, Value};

/// Where one resource sits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// The container: a VPC or the first of its subnets.
    pub parent: String,
    /// Further subnets the resource spans, drawn as markers.
    pub also_in: Vec<String>,
}

/// The Availability Zone of a subnet, as far as the template says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AzLabel {
    /// `!Select [i, !GetAZs ...]` (or of a list parameter): shown as "AZ i+1".
    Index(usize),
    /// A literal such as `us-east-1a`.
    Literal(String),
    /// A parameter's name.
    Parameter(String),
}

impl std::fmt::Display for AzLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AzLabel::Index(i) => write!(f, "AZ {}", i + 1),
            AzLabel::Literal(s) | AzLabel::Parameter(s) => f.write_str(s),
        }
    }
}

/// The containment tree of a template.
#[derive(Clone, Debug, Default)]
pub struct Containment {
    placements: HashMap<String, Placement>,
    children: IndexMap<String, Vec<String>>,
    public_subnets: HashSet<String>,
}

impl Containment {
    /// Derives containment from `template`.
    pub fn build(template: &Template) -> Self {
        let mut c = Containment::default();
        let referrers = referrers(template);
        // Beside rules follow other placements, so they run second.
        for beside in [false, true] {
            for r in template.resources() {
                let Some(rule) = placement_rule(r.type_name()) else {
                    continue;
                };
                if (rule.parent == ParentKind::Beside) != beside {
                    continue;
                }
                let parents = if beside {
                    c.beside_parent(template, &referrers, r.logical_id, rule)
                        .into_iter()
                        .collect()
                } else {
                    direct_parents(template, r.logical_id, r.node, rule)
                };
                let mut parents = parents.into_iter();
                if let Some(parent) = parents.next() {
                    c.children
                        .entry(parent.clone())
                        .or_default()
                        .push(r.logical_id.to_owned());
                    c.placements.insert(
                        r.logical_id.to_owned(),
                        Placement {
                            parent,
                            also_in: parents.collect(),
                        },
                    );
                }
            }
        }
        // Children in template order, whichever pass placed them.
        let order: HashMap<&str, usize> = template
            .resources()
            .enumerate()
            .map(|(i, r)| (r.logical_id, i))
            .collect();
        for list in c.children.values_mut() {
            list.sort_by_key(|id| order.get(id.as_str()).copied().unwrap_or(usize::MAX));
        }
        c.public_subnets = public_subnets(template);
        c
    }

    /// The container of the resource a `Beside` rule relates `logical_id` to.
    fn beside_parent(
        &self,
        template: &Template,
        referrers: &Referrers,
        logical_id: &str,
        rule: &PlacementRule,
    ) -> Option<String> {
        for path in rule.paths {
            let related: Vec<String> = match referrers.get(path) {
                Some(by_target) => by_target.get(logical_id).cloned().unwrap_or_default(),
                None => template
                    .resource(logical_id)
                    .map(|r| refs_at(template, r.node, path))
                    .unwrap_or_default(),
            };
            for other in related {
                if let Some(p) = self.parent(&other) {
                    return Some(p.to_owned());
                }
                if template
                    .resource(&other)
                    .is_some_and(|o| o.type_name() == "AWS::EC2::VPC")
                {
                    return Some(other);
                }
            }
        }
        None
    }

    /// Where a resource sits, if it is inside a VPC or subnet.
    pub fn placement(&self, logical_id: &str) -> Option<&Placement> {
        self.placements.get(logical_id)
    }

    /// The direct container of a resource.
    pub fn parent(&self, logical_id: &str) -> Option<&str> {
        self.placements.get(logical_id).map(|p| p.parent.as_str())
    }

    /// The direct children of a container, in template order.
    pub fn children(&self, logical_id: &str) -> &[String] {
        self.children.get(logical_id).map_or(&[], Vec::as_slice)
    }

    /// Whether a subnet is public: it routes to an internet gateway or maps public IPs.
    pub fn is_public(&self, subnet: &str) -> bool {
        self.public_subnets.contains(subnet)
    }

    /// The VPC a resource is in, directly or through its subnet.
    pub fn vpc_of(&self, logical_id: &str) -> Option<&str> {
        let mut id = logical_id;
        for _ in 0..4 {
            let parent = self.parent(id)?;
            if !self.placements.contains_key(parent) {
                return Some(parent);
            }
            id = parent;
        }
        None
    }
}

/// For each `<-Type.Path` of the rules: the resources of that type whose `Path` refers to
/// each logical ID, in template order. Built in one pass a path, so that placing every
/// resource beside what refers to it stays linear.
type Referrers = HashMap<&'static str, HashMap<String, Vec<String>>>;

fn referrers(template: &Template) -> Referrers {
    let mut out: Referrers = HashMap::new();
    for path in PLACEMENT_RULES.iter().flat_map(|r| r.paths.iter().copied()) {
        let Some((ty, prop)) = path.strip_prefix("<-").and_then(|p| p.split_once('.')) else {
            continue;
        };
        if out.contains_key(path) {
            continue;
        }
        let mut by_target: HashMap<String, Vec<String>> = HashMap::new();
        for o in template.resources().filter(|o| o.type_name() == ty) {
            let mut targets = refs_at(template, o.node, prop);
            targets.dedup();
            for t in targets {
                by_target
                    .entry(t)
                    .or_default()
                    .push(o.logical_id.to_owned());
            }
        }
        out.insert(path, by_target);
    }
    out
}

/// The VPCs or subnets a `Vpc` or `Subnet` rule places a resource in, first one first.
fn direct_parents(
    template: &Template,
    logical_id: &str,
    node: &Node,
    rule: &PlacementRule,
) -> Vec<String> {
    let parent_type = rule.parent.resource_type();
    let mut parents: Vec<String> = Vec::new();
    for path in rule.paths {
        for name in refs_at(template, node, path) {
            let is_parent = template
                .resource(&name)
                .is_some_and(|p| p.type_name() == parent_type);
            if is_parent && name != logical_id && !parents.contains(&name) {
                parents.push(name);
            }
        }
    }
    parents
}

/// The Availability Zone of a subnet.
pub fn availability_zone(template: &Template, subnet: &str) -> Option<AzLabel> {
    let node = template.resource(subnet)?.property(&["AvailabilityZone"])?;
    match &node.value {
        Value::String(s) => Some(AzLabel::Literal(s.clone())),
        Value::Intrinsic(f) => match f.func {
            Func::Ref => f.ref_target().map(|p| AzLabel::Parameter(p.to_owned())),
            Func::Select => {
                let index = match &f.arg.as_sequence()?.first()?.value {
                    Value::Number(n) => usize::try_from(n.as_i64()?).ok()?,
                    Value::String(s) => s.parse().ok()?,
                    _ => return None,
                };
                Some(AzLabel::Index(index))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The logical IDs referred to (by `Ref` or `GetAtt`) at a rule path of a resource.
fn refs_at(template: &Template, resource: &Node, path: &str) -> Vec<String> {
    let (path, via) = match path.split_once("->") {
        Some((p, v)) => (p, Some(v)),
        None => (path, None),
    };
    let keys: Vec<&str> = path.split('.').collect();
    let mut targets = Vec::new();
    if let Some(props) = resource.as_mapping().and_then(|m| m.get("Properties")) {
        values_at(props, &keys, &mut |n| collect_refs(n, &mut targets));
    }
    // A SAM function without a VpcConfig of its own takes the one in Globals.
    let sam_function = resource
        .get_path(&["Type"])
        .and_then(Node::as_str)
        .is_some_and(|t| t == "AWS::Serverless::Function");
    if targets.is_empty()
        && sam_function
        && resource.get_path(&["Properties", keys[0]]).is_none()
        && let Some(globals) = template
            .section("Globals")
            .and_then(|g| g.get_path(&["Function"]))
    {
        values_at(globals, &keys, &mut |n| collect_refs(n, &mut targets));
    }
    match via {
        None => targets,
        Some(via_path) => targets
            .iter()
            .filter_map(|group| template.resource(group))
            .flat_map(|g| refs_at(template, g.node, via_path))
            .collect(),
    }
}

/// Calls `f` on every value at `keys`, descending into lists on the way.
fn values_at<'a>(node: &'a Node, keys: &[&str], f: &mut impl FnMut(&'a Node)) {
    match (&node.value, keys.split_first()) {
        (Value::Sequence(items), Some(_)) => {
            for item in items {
                values_at(item, keys, f);
            }
        }
        (Value::Mapping(m), Some((first, rest))) => {
            if let Some(v) = m.get(first) {
                values_at(v, rest, f);
            }
        }
        (_, None) => f(node),
        _ => {}
    }
}

/// The logical IDs a value refers to: through `Ref`, `GetAtt`, lists and both `Fn::If` branches.
fn collect_refs(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Sequence(items) => items.iter().for_each(|i| collect_refs(i, out)),
        Value::Intrinsic(f) => {
            if let Some(t) = f.ref_target() {
                out.push(t.to_owned());
            } else if let Some(GetAtt::Named { resource, .. }) = f.get_att() {
                out.push(resource.to_owned());
            } else if f.func == Func::If {
                if let Some(items) = f.arg.as_sequence() {
                    items.iter().skip(1).for_each(|i| collect_refs(i, out));
                }
            } else if matches!(f.func, Func::Select | Func::Join) {
                collect_refs(&f.arg, out);
            }
        }
        _ => {}
    }
}

/// Subnets that route `0.0.0.0/0` (or anything) to an internet gateway, or map public IPs.
fn public_subnets(template: &Template) -> HashSet<String> {
    let is_igw = |name: &str| {
        template
            .resource(name)
            .is_some_and(|r| r.type_name() == "AWS::EC2::InternetGateway")
    };
    let first_ref = |node: Option<&Node>| {
        let mut v = Vec::new();
        if let Some(n) = node {
            collect_refs(n, &mut v);
        }
        v.into_iter().next()
    };
    let mut igw_tables = HashSet::new();
    for r in template
        .resources()
        .filter(|r| r.type_name() == "AWS::EC2::Route")
    {
        if first_ref(r.property(&["GatewayId"])).is_some_and(|g| is_igw(&g))
            && let Some(table) = first_ref(r.property(&["RouteTableId"]))
        {
            igw_tables.insert(table);
        }
    }
    let mut public = HashSet::new();
    for r in template.resources() {
        match r.type_name() {
            "AWS::EC2::SubnetRouteTableAssociation" => {
                if first_ref(r.property(&["RouteTableId"])).is_some_and(|t| igw_tables.contains(&t))
                    && let Some(subnet) = first_ref(r.property(&["SubnetId"]))
                {
                    public.insert(subnet);
                }
            }
            "AWS::EC2::Subnet"
                if r.property(&["MapPublicIpOnLaunch"])
                    .and_then(Node::as_bool_like)
                    == Some(true) =>
            {
                public.insert(r.logical_id.to_owned());
            }
            _ => {}
        }
    }
    public
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    const NET: &str = r"
Parameters:
  AzParam: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC}
  Igw: {Type: AWS::EC2::InternetGateway}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, AvailabilityZone: !Select [0, !GetAZs '']}
  B:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, AvailabilityZone: !Ref AzParam}
  C:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, AvailabilityZone: us-east-1c, MapPublicIpOnLaunch: 'true'}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Route:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, GatewayId: !Ref Igw, DestinationCidrBlock: 0.0.0.0/0}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref A, RouteTableId: !Ref Rt}
  Web:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces: [{SubnetId: !Ref B, DeviceIndex: '0'}]
  Fn:
    Type: AWS::Lambda::Function
    Properties: {VpcConfig: {SubnetIds: [!Ref B, !Ref A]}}
  Group:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {SubnetIds: [!Ref C, !Ref A], DBSubnetGroupDescription: d}
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {DBSubnetGroupName: !Ref Group}
  Bucket: {Type: AWS::S3::Bucket}
";

    fn build() -> (Template, Containment) {
        let t = import_text(NET, "t.yaml", None, false).unwrap().template;
        let c = Containment::build(&t);
        (t, c)
    }

    #[test]
    fn places_resources_by_the_rules() {
        let (_, c) = build();
        assert_eq!(c.parent("A"), Some("Vpc"));
        assert_eq!(c.parent("Rt"), Some("Vpc"));
        assert_eq!(c.parent("Web"), Some("B"));
        assert_eq!(
            c.placement("Fn")
                .map(|p| (p.parent.as_str(), p.also_in.clone())),
            Some(("B", vec!["A".to_owned()]))
        );
        assert_eq!(
            c.placement("Db")
                .map(|p| (p.parent.as_str(), p.also_in.clone())),
            Some(("C", vec!["A".to_owned()]))
        );
        assert_eq!(c.parent("Bucket"), None);
        assert_eq!(c.vpc_of("Web"), Some("Vpc"));
        assert_eq!(c.children("Vpc"), ["A", "B", "C", "Rt", "Route", "Assoc"]);
        assert_eq!(
            c.parent("Route"),
            Some("Vpc"),
            "a route sits beside its route table"
        );
    }

    #[test]
    fn subnet_facts() {
        let (t, c) = build();
        assert!(c.is_public("A") && !c.is_public("B") && c.is_public("C"));
        assert_eq!(
            availability_zone(&t, "A").map(|a| a.to_string()).as_deref(),
            Some("AZ 1")
        );
        assert_eq!(
            availability_zone(&t, "B"),
            Some(AzLabel::Parameter("AzParam".into()))
        );
        assert_eq!(
            availability_zone(&t, "C"),
            Some(AzLabel::Literal("us-east-1c".into()))
        );
    }
}
