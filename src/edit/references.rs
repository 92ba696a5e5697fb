//! Following references when a resource is renamed or deleted.

use crate::cfn::{Func, Mapping, Node, SubPart, Value, parse_sub, unparse_sub};

/// Renames every reference to resource `from` in the template: `Ref`, `GetAtt` (both forms),
/// `${from}` and `${from.Attr}` in `Sub` (unless a `Sub` variable of that name shadows it),
/// and `DependsOn`. Outputs and conditions follow because the whole template is walked.
pub fn rename_references(root: &mut Mapping, from: &str, to: &str) {
    for (_, node) in root.iter_mut() {
        rename_in(node, from, to);
    }
    if let Some(resources) = root.get_mut("Resources").and_then(Node::as_mapping_mut) {
        for (_, r) in resources.iter_mut() {
            let Some(depends) = r.as_mapping_mut().and_then(|m| m.get_mut("DependsOn")) else {
                continue;
            };
            match &mut depends.value {
                Value::String(s) if s == from => to.clone_into(s),
                Value::Sequence(items) => {
                    for item in items {
                        if item.as_str() == Some(from) {
                            item.value = Value::String(to.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn rename_in(node: &mut Node, from: &str, to: &str) {
    match &mut node.value {
        Value::Mapping(m) => {
            for (_, v) in m.iter_mut() {
                rename_in(v, from, to);
            }
        }
        Value::Sequence(items) => {
            for v in items {
                rename_in(v, from, to);
            }
        }
        Value::Intrinsic(f) => {
            match f.func {
                Func::Ref if f.arg.as_str() == Some(from) => {
                    f.arg.value = Value::String(to.to_owned());
                }
                Func::GetAtt => match &mut f.arg.value {
                    Value::String(s) => {
                        if let Some(attr) = s.strip_prefix(from).and_then(|r| r.strip_prefix('.')) {
                            *s = format!("{to}.{attr}");
                        }
                    }
                    Value::Sequence(items) => {
                        if let Some(first) = items.first_mut()
                            && first.as_str() == Some(from)
                        {
                            first.value = Value::String(to.to_owned());
                        }
                    }
                    _ => {}
                },
                Func::Sub => {
                    let shadowed = f
                        .arg
                        .as_sequence()
                        .and_then(|s| s.get(1))
                        .and_then(Node::as_mapping)
                        .is_some_and(|vars| vars.contains_key(from));
                    if !shadowed {
                        let template = match &mut f.arg.value {
                            Value::String(s) => Some(s),
                            Value::Sequence(items) => {
                                items.first_mut().and_then(|n| match &mut n.value {
                                    Value::String(s) => Some(s),
                                    _ => None,
                                })
                            }
                            _ => None,
                        };
                        if let Some(s) = template {
                            *s = rename_in_sub(s, from, to);
                        }
                    }
                }
                _ => {}
            }
            rename_in(&mut f.arg, from, to);
        }
        _ => {}
    }
}

fn rename_in_sub(template: &str, from: &str, to: &str) -> String {
    let mut parts = parse_sub(template);
    let mut changed = false;
    for part in &mut parts {
        match part {
            // `${ Name }` keeps its spaces.
            SubPart::Ref(name) | SubPart::GetAtt { resource: name, .. } if name.trim() == from => {
                *name = name.replacen(from, to, 1);
                changed = true;
            }
            _ => {}
        }
    }
    if changed {
        unparse_sub(&parts)
    } else {
        template.to_owned()
    }
}

/// Whether `node` refers to resource `id` anywhere inside it.
pub fn references_to(node: &Node, id: &str) -> bool {
    match &node.value {
        Value::Mapping(m) => m.values().any(|v| references_to(v, id)),
        Value::Sequence(items) => items.iter().any(|v| references_to(v, id)),
        Value::Intrinsic(f) => {
            let direct = match f.func {
                Func::Ref => f.ref_target() == Some(id),
                Func::GetAtt => match &f.arg.value {
                    Value::String(s) => s.split_once('.').is_some_and(|(r, _)| r == id),
                    Value::Sequence(items) => items.first().and_then(Node::as_str) == Some(id),
                    _ => false,
                },
                Func::Sub => f.sub().is_some_and(|sub| {
                    !sub.is_var(id) && sub.parts().iter().any(|p| p.target() == Some(id))
                }),
                _ => false,
            };
            direct || references_to(&f.arg, id)
        }
        _ => false,
    }
}

/// Resources that only link others together; one that refers to a deleted resource has no
/// purpose left, so it goes too.
pub const LINK_TYPES: &[&str] = &[
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::Permission",
    "AWS::SNS::Subscription",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::S3::BucketPolicy",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::VolumeAttachment",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::IAM::InstanceProfile",
];

/// The link resources (see [`LINK_TYPES`]) that refer to `id`.
pub fn dependent_links(root: &Mapping, id: &str) -> Vec<String> {
    let Some(resources) = root.get("Resources").and_then(Node::as_mapping) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(other, r)| {
            *other != id
                && r.get_path(&["Type"])
                    .and_then(Node::as_str)
                    .is_some_and(|t| LINK_TYPES.contains(&t))
                && r.as_mapping()
                    .and_then(|m| m.get("Properties"))
                    .is_some_and(|p| references_to(p, id))
        })
        .map(|(other, _)| other.to_owned())
        .collect()
}

/// Removes what refers to resource `id`: link resources that serve it (see [`LINK_TYPES`]),
/// list items (a policy statement, a notification) and mapping entries whose value uses it,
/// its `DependsOn` entries, and outputs that use it.
pub fn remove_references(root: &mut Mapping, id: &str) {
    for link in dependent_links(root, id) {
        if let Some(resources) = root.get_mut("Resources").and_then(Node::as_mapping_mut) {
            resources.remove(&link);
        }
        remove_references(root, &link);
    }
    if let Some(outputs) = root.get_mut("Outputs").and_then(Node::as_mapping_mut) {
        outputs.retain(|_, v| !references_to(v, id));
    }
    if let Some(resources) = root.get_mut("Resources").and_then(Node::as_mapping_mut) {
        for (_, r) in resources.iter_mut() {
            let Some(attrs) = r.as_mapping_mut() else {
                continue;
            };
            let remove_attr = match attrs.get_mut("DependsOn").map(|d| &mut d.value) {
                Some(Value::String(s)) => s == id,
                Some(Value::Sequence(items)) => {
                    items.retain(|i| i.as_str() != Some(id));
                    items.is_empty()
                }
                _ => false,
            };
            if remove_attr {
                attrs.remove("DependsOn");
            }
            for (key, v) in attrs.iter_mut() {
                if key != "DependsOn" {
                    prune(v, id);
                }
            }
        }
    }
}

/// Removes entries and items of `node` that refer to `id`, keeping the structure around them.
fn prune(node: &mut Node, id: &str) {
    match &mut node.value {
        Value::Mapping(m) => {
            m.retain(|_, v| !(is_reference_value(v) && references_to(v, id)));
            for (_, v) in m.iter_mut() {
                prune(v, id);
            }
        }
        Value::Sequence(items) => {
            // A list item that names the resource directly, or a mapping item with an entry
            // that does (a policy statement's Resource), goes whole.
            items.retain(|v| {
                let direct = is_reference_value(v) && references_to(v, id);
                let entry = v.as_mapping().is_some_and(|m| {
                    m.values()
                        .any(|e| is_reference_value(e) && references_to(e, id))
                });
                !(direct || entry)
            });
            for v in items {
                prune(v, id);
            }
        }
        _ => {}
    }
}

fn is_reference_value(node: &Node) -> bool {
    matches!(node.value, Value::Intrinsic(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{import_text, write_yaml};

    const T: &str = "Resources:
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: [Queue, Other]
    Properties:
      A: !Ref Queue
      B: !GetAtt Queue.Arn
      C: !GetAtt [Queue, QueueName]
      D: !Sub '${Queue}-${Queue.Arn}-${!Queue}'
      E: !Sub ['${Queue}', {Queue: x}]
      F: [!Ref Queue, keep]
      G: !Ref QueueX
  Other:
    Type: AWS::SNS::Topic
    DependsOn: Queue
Outputs:
  Q: {Value: !Ref Queue}
  Keep: {Value: !Ref Other}
";

    #[test]
    fn rename_follows_every_kind_of_reference() {
        let mut t = import_text(T, "t", None, false).unwrap().template;
        rename_references(t.root_mut(), "Queue", "Jobs");
        let out = write_yaml(&t);
        for expected in [
            "A: !Ref Jobs",
            "B: !GetAtt Jobs.Arn",
            "C: !GetAtt [Jobs, QueueName]",
            "D: !Sub ${Jobs}-${Jobs.Arn}-${!Queue}",
            "E: !Sub\n        - ${Queue}\n        - Queue: x",
            "- !Ref Jobs",
            "G: !Ref QueueX",
            "DependsOn:\n      - Jobs\n      - Other",
            "DependsOn: Jobs",
            "Value: !Ref Jobs",
        ] {
            assert!(out.contains(expected), "{expected:?} missing in\n{out}");
        }
    }

    #[test]
    fn remove_takes_out_what_uses_the_resource() {
        let mut t = import_text(T, "t", None, false).unwrap().template;
        rename_references(t.root_mut(), "Nothing", "X");
        remove_references(t.root_mut(), "Queue");
        let out = write_yaml(&t);
        for gone in [
            "A: ",
            "B: ",
            "C: ",
            "D: ",
            "!Ref Queue\n",
            "  Q:",
            "DependsOn: Queue",
        ] {
            assert!(!out.contains(gone), "{gone:?} still in\n{out}");
        }
        for kept in [
            "E: !Sub",
            "- keep",
            "G: !Ref QueueX",
            "DependsOn:\n      - Other",
            "Keep:",
        ] {
            assert!(out.contains(kept), "{kept:?} missing in\n{out}");
        }
    }
}
