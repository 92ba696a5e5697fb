//! Changes that let more in: IAM statements that allow more (or deny less), managed policies
//! attached, Lambda permissions, and security group rules.

use std::fmt::Write as _;

use crate::cfn::{Node, Resource, Value};

use super::normalize::{same, scalar_text};
use super::report::inline;

/// One way a resource grants more access than before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Widening {
    /// Where: `Properties.Policies[0].PolicyDocument.Statement[2]`.
    pub path: String,
    /// What, for people: `allows s3:* on * (to everyone)`.
    pub what: String,
}

/// What the new version of a resource (`n`) allows that the old one (`o`, `None` when it is
/// new) did not.
pub fn widenings(o: Option<&Resource<'_>>, n: Option<&Resource<'_>>) -> Vec<Widening> {
    let Some(n) = n else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let new_props = n.attribute("Properties");
    let old_props = o.and_then(|o| o.attribute("Properties"));

    // Policy statements, wherever a policy document sits.
    let mut before = Vec::new();
    if let Some(p) = old_props {
        statements(p, "Properties", &mut before);
    }
    let mut after = Vec::new();
    if let Some(p) = new_props {
        statements(p, "Properties", &mut after);
    }
    for (path, s) in &after {
        if before.iter().any(|(_, b)| same(b, s)) {
            continue;
        }
        let effect = s
            .as_mapping()
            .and_then(|m| m.get("Effect"))
            .and_then(scalar_text)
            .unwrap_or_default();
        if effect == "Allow" {
            out.push(Widening {
                path: path.clone(),
                what: describe_statement(s),
            });
        }
    }
    for (path, s) in &before {
        let deny = s
            .as_mapping()
            .and_then(|m| m.get("Effect"))
            .and_then(scalar_text)
            .is_some_and(|e| e == "Deny");
        if deny && !after.iter().any(|(_, a)| same(a, s)) {
            out.push(Widening {
                path: path.clone(),
                what: format!("no longer denies: {}", describe_statement(s)),
            });
        }
    }

    // Managed policies attached.
    let arns = |p: Option<&Node>| -> Vec<Node> {
        p.and_then(|p| p.get_path(&["ManagedPolicyArns"]))
            .and_then(Node::as_sequence)
            .map(<[Node]>::to_vec)
            .unwrap_or_default()
    };
    let old_arns = arns(old_props);
    for (i, arn) in arns(new_props).iter().enumerate() {
        if !old_arns.iter().any(|a| same(a, arn)) {
            out.push(Widening {
                path: format!("Properties.ManagedPolicyArns[{i}]"),
                what: format!("attaches the managed policy {}", inline(arn)),
            });
        }
    }

    let type_name = n.type_name();
    // A new Lambda permission.
    if type_name == "AWS::Lambda::Permission"
        && let Some(p) = new_props
        && !old_props.is_some_and(|o| same(o, p))
    {
        let get = |k: &str| p.get_path(&[k]).map_or_else(|| "?".into(), inline);
        out.push(Widening {
            path: "Properties".into(),
            what: format!(
                "lets {} call {} on {}",
                get("Principal"),
                get("Action"),
                get("FunctionName")
            ),
        });
    }

    // Security group rules.
    match type_name {
        "AWS::EC2::SecurityGroup" => {
            for key in ["SecurityGroupIngress", "SecurityGroupEgress"] {
                let rules = |p: Option<&Node>| -> Vec<Node> {
                    p.and_then(|p| p.get_path(&[key]))
                        .and_then(Node::as_sequence)
                        .map(<[Node]>::to_vec)
                        .unwrap_or_default()
                };
                let old_rules = rules(old_props);
                for (i, r) in rules(new_props).iter().enumerate() {
                    if !old_rules.iter().any(|o| same(o, r)) {
                        out.push(Widening {
                            path: format!("Properties.{key}[{i}]"),
                            what: describe_rule(r, key == "SecurityGroupIngress"),
                        });
                    }
                }
            }
        }
        "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
            if let Some(p) = new_props
                && !old_props.is_some_and(|o| same(o, p))
            {
                out.push(Widening {
                    path: "Properties".into(),
                    what: describe_rule(p, type_name.ends_with("Ingress")),
                });
            }
        }
        _ => {}
    }
    out
}

/// Every policy statement under `node`, with its path: the items of each `Statement` (a list,
/// or one statement written as a mapping).
fn statements(node: &Node, path: &str, out: &mut Vec<(String, Node)>) {
    match &node.value {
        Value::Mapping(m) => {
            for (k, v) in m.iter() {
                let here = format!("{path}.{k}");
                if k == "Statement" {
                    match &v.value {
                        Value::Sequence(items) => {
                            for (i, s) in items.iter().enumerate() {
                                out.push((format!("{here}[{i}]"), s.clone()));
                            }
                        }
                        Value::Mapping(_) => out.push((here, v.clone())),
                        _ => {}
                    }
                } else {
                    statements(v, &here, out);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                statements(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// `allows s3:GetObject, s3:PutObject on arn:... (to *)`.
fn describe_statement(s: &Node) -> String {
    let field = |k: &str| {
        s.get_path(&[k]).map(|v| match &v.value {
            Value::Sequence(items) => items.iter().map(inline).collect::<Vec<_>>().join(", "),
            _ => inline(v),
        })
    };
    let mut text = format!(
        "allows {}",
        field("Action")
            .or_else(|| field("NotAction").map(|a| format!("everything but {a}")))
            .unwrap_or_else(|| "?".into())
    );
    if let Some(r) = field("Resource") {
        write!(text, " on {r}").unwrap_or(());
    } else if let Some(r) = field("NotResource") {
        write!(text, " on everything but {r}").unwrap_or(());
    }
    if let Some(p) = field("Principal") {
        write!(text, " to {p}").unwrap_or(());
    }
    if field("Condition").is_some() {
        text.push_str(" (with a condition)");
    }
    let star = |k: &str| {
        s.get_path(&[k]).is_some_and(|v| match &v.value {
            Value::String(x) => x == "*" || x.ends_with(":*"),
            Value::Sequence(items) => items
                .iter()
                .any(|i| i.as_str().is_some_and(|x| x == "*" || x.ends_with(":*"))),
            Value::Mapping(m) => m.values().any(|x| x.as_str() == Some("*")),
            _ => false,
        })
    };
    if star("Action") || star("Resource") || star("Principal") {
        text.push_str(" [wildcard]");
    }
    text
}

/// `allows tcp 22 in from 0.0.0.0/0 [the internet]`.
fn describe_rule(r: &Node, ingress: bool) -> String {
    let get = |k: &str| r.get_path(&[k]).map(inline);
    let proto = get("IpProtocol").unwrap_or_else(|| "?".into());
    let proto = if proto == "-1" {
        "all traffic".to_owned()
    } else {
        proto
    };
    let ports = match (get("FromPort"), get("ToPort")) {
        (Some(a), Some(b)) if a == b => format!(" port {a}"),
        (Some(a), Some(b)) => format!(" ports {a}-{b}"),
        _ => String::new(),
    };
    let peer = get("CidrIp")
        .or_else(|| get("CidrIpv6"))
        .or_else(|| get("SourceSecurityGroupId"))
        .or_else(|| get("DestinationSecurityGroupId"))
        .or_else(|| get("SourcePrefixListId"))
        .or_else(|| get("DestinationPrefixListId"))
        .unwrap_or_else(|| "?".into());
    let open = peer == "0.0.0.0/0" || peer == "::/0";
    format!(
        "allows {proto}{ports} {} {peer}{}",
        if ingress { "in from" } else { "out to" },
        if open { " [the internet]" } else { "" }
    )
}
