//! Folding the wiring into what it serves, composing edges through it, and where a subnet's
//! default route goes.

use super::*;

/// The owner of each link resource: for IAM and what a resource is made with, the first
/// resource that uses it; otherwise the
/// first resource it names that is not a link itself, else the first that names it, looking
/// through other links (a route into its route table's VPC).
pub(super) fn fold(template: &Template, types: &Types, refs: &Refs) -> BTreeMap<String, String> {
    let type_of = |id: &str| ty(types, id);
    let mut out = BTreeMap::new();
    for r in template.resources().filter(|r| is_link(r.type_name())) {
        // What a resource is made with (a role, a launch template, a subnet group) belongs
        // to the resource that uses it; the rest to what it names.
        let t = r.type_name();
        let used = t.starts_with("AWS::IAM::")
            || matches!(
                t,
                "AWS::EC2::LaunchTemplate"
                    | "AWS::AutoScaling::LaunchConfiguration"
                    | "AWS::RDS::DBSubnetGroup"
                    | "AWS::RDS::DBParameterGroup"
                    | "AWS::RDS::DBClusterParameterGroup"
                    | "AWS::ElastiCache::SubnetGroup"
            );
        // Breadth first, through links only, over both directions.
        let mut frontier = vec![r.logical_id.to_owned()];
        let mut seen: BTreeSet<String> = frontier.iter().cloned().collect();
        let mut owner = None;
        'search: for _ in 0..4 {
            let mut next = Vec::new();
            for id in &frontier {
                let out_edges = refs.names(id);
                let in_edges = refs.named_by(id);
                let order = if used {
                    [in_edges, out_edges]
                } else {
                    [out_edges, in_edges]
                };
                for n in order.into_iter().flatten() {
                    if !seen.insert(n.clone()) {
                        continue;
                    }
                    if !is_link(type_of(n)) {
                        owner = Some(n.clone());
                        break 'search;
                    }
                    next.push(n.clone());
                }
            }
            frontier = next;
        }
        // A bucket policy that names its bucket as the bucket names itself (the same
        // `!Sub` of a name, not a `!Ref`) belongs to that bucket.
        let owner = owner
            .or_else(|| same_name_bucket(template, &r))
            .or_else(|| {
                // A SAM connector belongs to its source, named by a plain logical ID.
                r.property(&["Source", "Id"])
                    .and_then(Node::as_str)
                    .filter(|_| r.type_name() == "AWS::Serverless::Connector")
                    .map(str::to_owned)
            });
        if let Some(o) = owner {
            out.insert(r.logical_id.to_owned(), o);
        }
    }
    out
}

/// The bucket whose `BucketName` is written exactly as a bucket policy's `Bucket`.
pub(super) fn same_name_bucket(template: &Template, r: &Resource<'_>) -> Option<String> {
    if r.type_name() != "AWS::S3::BucketPolicy" {
        return None;
    }
    let wanted = crate::cfn::write_yaml_value(r.property(&["Bucket"])?);
    template
        .resources()
        .filter(|b| b.type_name() == "AWS::S3::Bucket")
        .find(|b| {
            b.property(&["BucketName"])
                .is_some_and(|n| crate::cfn::write_yaml_value(n) == wanted)
        })
        .map(|b| b.logical_id.to_owned())
}

/// One edge per pair, through the folded links: an edge into a link goes on to where the
/// link leads (a load balancer's listener, to its target group, to the instances), keeping
/// the links on the way in `via`; a pair keeps its strongest edge, and a policy's edge is
/// dropped where wiring already joins the pair the other way.
pub(super) fn compose(
    raw: Vec<(String, String, String, Vec<String>, u8)>,
    folded: &BTreeMap<String, String>,
    types: &Types,
) -> Vec<FlowEdge> {
    let type_of = |id: &str| ty(types, id);
    let is_folded = |id: &str| is_link(type_of(id)) && folded.contains_key(id);
    let mut from_index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, e) in raw.iter().enumerate() {
        from_index.entry(e.0.as_str()).or_default().push(k);
    }
    let mut resolved: Vec<(String, String, String, Vec<String>, u8)> = Vec::new();
    for (from, to, label, via, strength) in &raw {
        if is_folded(from) {
            // Reached through whatever leads into the link, below.
            continue;
        }
        // Follow the links from `to` on, depth first.
        let mut stack = vec![(to.clone(), via.clone(), 0)];
        while let Some((at, via, depth)) = stack.pop() {
            if !is_folded(&at) {
                if at != *from {
                    resolved.push((from.clone(), at, label.clone(), via, *strength));
                }
                continue;
            }
            if depth > 4 {
                continue;
            }
            let mut onward = false;
            for (f2, t2, _, v2, _) in from_index
                .get(at.as_str())
                .into_iter()
                .flatten()
                .map(|&k| &raw[k])
            {
                let mut v = via.clone();
                v.push(f2.clone());
                v.extend(v2.iter().cloned());
                stack.push((t2.clone(), v, depth + 1));
                onward = true;
            }
            let _ = onward;
        }
    }
    let mut out: Vec<FlowEdge> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut strength_of: HashMap<(String, String), u8> = HashMap::new();
    for (from, to, label, mut via, strength) in resolved {
        via.dedup();
        let key = (from.clone(), to.clone());
        let reverse = (to.clone(), from.clone());
        if strength == 1 && strength_of.get(&reverse).is_some_and(|s| *s > 1) {
            continue;
        }
        match index.get(&key).and_then(|&k| out.get_mut(k)) {
            Some(e) => {
                let have = strength_of.get(&key).copied().unwrap_or(0);
                if strength > have {
                    e.label = label;
                    e.via = via;
                    strength_of.insert(key, strength);
                } else if strength == have && label != "uses" {
                    // "uses" (an environment variable) gives way to what a policy says.
                    if e.label == "uses" {
                        e.label = label;
                    } else if !e.label.split(", ").any(|l| l == label) {
                        e.label = format!("{}, {label}", e.label);
                    }
                    for v in via {
                        if !e.via.contains(&v) {
                            e.via.push(v);
                        }
                    }
                }
            }
            None => {
                strength_of.insert(key.clone(), strength);
                index.insert(key, out.len());
                out.push(FlowEdge {
                    from,
                    to,
                    label,
                    via,
                });
            }
        }
    }
    // A policy edge met before the wiring that runs the other way goes too.
    out.retain(|e| {
        let s = strength_of
            .get(&(e.from.clone(), e.to.clone()))
            .copied()
            .unwrap_or(0);
        !(s == 1
            && strength_of
                .get(&(e.to.clone(), e.from.clone()))
                .is_some_and(|r| *r > 1))
    });
    out
}

/// Where each subnet's default route (`0.0.0.0/0`) goes, by the subnet's logical ID: the
/// NAT gateway, internet gateway, transit gateway, instance or endpoint its route table's
/// route names. Subnets with no associated route table, or no default route, are not in it.
pub fn subnet_egress(template: &Template) -> HashMap<String, String> {
    let ids = Ids::of(template);
    let first = |r: &Resource<'_>, key: &str| -> Option<String> {
        r.property(&[key])
            .and_then(|n| names_in(&ids, n).into_iter().next())
    };
    let mut default_route: HashMap<String, String> = HashMap::new();
    let mut tables: Vec<(String, String)> = Vec::new();
    for r in template.resources() {
        match r.type_name() {
            "AWS::EC2::Route" => {
                let to_all = r.property(&["DestinationCidrBlock"]).and_then(Node::as_str)
                    == Some("0.0.0.0/0");
                let target = [
                    "NatGatewayId",
                    "GatewayId",
                    "TransitGatewayId",
                    "InstanceId",
                    "NetworkInterfaceId",
                    "VpcEndpointId",
                ]
                .iter()
                .find_map(|k| first(&r, k));
                if let (true, Some(table), Some(target)) =
                    (to_all, first(&r, "RouteTableId"), target)
                {
                    default_route.entry(table).or_insert(target);
                }
            }
            "AWS::EC2::SubnetRouteTableAssociation" => {
                if let (Some(subnet), Some(table)) =
                    (first(&r, "SubnetId"), first(&r, "RouteTableId"))
                {
                    tables.push((subnet, table));
                }
            }
            _ => {}
        }
    }
    tables
        .into_iter()
        .filter_map(|(subnet, table)| Some((subnet, default_route.get(&table)?.clone())))
        .collect()
}
