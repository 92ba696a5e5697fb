//! Connecting two resources, and moving a resource into another container.
//!
//! Both are semantic: a connection creates the wiring the pair needs (an event source mapping,
//! a subscription and its policy...), and a move into another subnet rewrites the reference
//! that places the resource there. The connection rules are one table, [`CONNECT_RULES`].

use crate::cfn::{Func, GetAtt, Mapping, Node, Value};
use crate::model::{Document, ParentKind, placement_rule};

use super::palette::{get_att, r#ref};
use super::{Edit, unique_logical_id};

/// A way to connect a resource of one type to one of another.
pub struct ConnectRule {
    /// Type of the resource dragged from.
    pub from: &'static str,
    /// Type of the resource dropped on.
    pub to: &'static str,
    /// What will be created, shown before the drop.
    pub describe: &'static str,
    /// The edits.
    pub build: fn(&Document, &str, &str) -> Vec<Edit>,
}

/// The connection rules; the first that matches the pair wins, and any other pair gets a
/// `DependsOn`.
pub const CONNECT_RULES: &[ConnectRule] = &[
    ConnectRule {
        from: "AWS::Lambda::Function",
        to: "AWS::SQS::Queue",
        describe: "an AWS::Lambda::EventSourceMapping, and SQS permissions on the function's role",
        build: lambda_to_sqs,
    },
    ConnectRule {
        from: "AWS::S3::Bucket",
        to: "AWS::Lambda::Function",
        describe: "a bucket notification and an AWS::Lambda::Permission for S3",
        build: s3_to_lambda,
    },
    ConnectRule {
        from: "AWS::SNS::Topic",
        to: "AWS::SQS::Queue",
        describe: "an AWS::SNS::Subscription and an AWS::SQS::QueuePolicy that lets the topic send",
        build: sns_to_sqs,
    },
    ConnectRule {
        from: "AWS::SNS::Topic",
        to: "AWS::Lambda::Function",
        describe: "an AWS::SNS::Subscription and an AWS::Lambda::Permission for SNS",
        build: sns_to_lambda,
    },
    ConnectRule {
        from: "AWS::EC2::Instance",
        to: "AWS::EC2::SecurityGroup",
        describe: "the security group in the instance's SecurityGroupIds",
        build: instance_to_sg,
    },
];

/// The rule for a pair, if one matches.
pub fn connect_rule(doc: &Document, from: &str, to: &str) -> Option<&'static ConnectRule> {
    let (a, b) = (doc.template.resource(from)?, doc.template.resource(to)?);
    CONNECT_RULES
        .iter()
        .find(|r| r.from == a.type_name() && r.to == b.type_name())
}

/// What connecting `from` to `to` will create, in words.
pub fn describe_connection(doc: &Document, from: &str, to: &str) -> String {
    match connect_rule(doc, from, to) {
        Some(rule) => format!("Connect {from} to {to}: {}", rule.describe),
        None => format!("{from} DependsOn {to}"),
    }
}

/// The edits that connect `from` to `to`.
pub fn connect_edits(doc: &Document, from: &str, to: &str) -> Vec<Edit> {
    if from == to {
        return Vec::new();
    }
    match connect_rule(doc, from, to) {
        Some(rule) => (rule.build)(doc, from, to),
        None => depends_on(doc, from, to).into_iter().collect(),
    }
}

fn s(text: &str) -> Node {
    Node::string(text)
}

fn list(items: Vec<Node>) -> Node {
    Node::new(Value::Sequence(items))
}

fn map(pairs: Vec<(&str, Node)>) -> Node {
    Node::new(Value::Mapping(
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    ))
}

fn resource(type_name: &str, props: Vec<(&str, Node)>) -> Node {
    map(vec![("Type", s(type_name)), ("Properties", map(props))])
}

fn path(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

/// A list value with `item` appended (the current value, if a list, is kept).
fn appended(current: Option<&Node>, item: Node) -> Node {
    let mut items = current
        .and_then(Node::as_sequence)
        .map(<[Node]>::to_vec)
        .unwrap_or_default();
    if !items.contains(&item) {
        items.push(item);
    }
    list(items)
}

fn depends_on(doc: &Document, from: &str, to: &str) -> Option<Edit> {
    let r = doc.template.resource(from)?;
    let mut ids: Vec<Node> = r.depends_on().into_iter().map(s).collect();
    if ids.iter().any(|n| n.as_str() == Some(to)) {
        return None;
    }
    ids.push(s(to));
    let value = if ids.len() == 1 { s(to) } else { list(ids) };
    Some(Edit::SetValue {
        logical_id: from.to_owned(),
        path: path(&["DependsOn"]),
        value: Some(value),
    })
}

/// The role a function uses, if it is a role of this template.
fn function_role(doc: &Document, function: &str) -> Option<String> {
    let role = doc.template.resource(function)?.property(&["Role"])?;
    match role.as_intrinsic()?.get_att()? {
        GetAtt::Named { resource, .. } if doc.template.resource(resource).is_some() => {
            Some(resource.to_owned())
        }
        _ => None,
    }
}

fn lambda_to_sqs(doc: &Document, function: &str, queue: &str) -> Vec<Edit> {
    let id = unique_logical_id(doc, &format!("{function}{queue}Mapping"));
    let mut edits = vec![Edit::AddResource {
        logical_id: id,
        body: resource(
            "AWS::Lambda::EventSourceMapping",
            vec![
                ("EventSourceArn", get_att(queue, "Arn")),
                ("FunctionName", r#ref(function)),
            ],
        ),
    }];
    if let Some(role) = function_role(doc, function) {
        let current = doc
            .template
            .resource(&role)
            .and_then(|r| r.property(&["Policies"]).cloned());
        let policy = map(vec![
            ("PolicyName", s(&format!("{queue}Consume"))),
            (
                "PolicyDocument",
                map(vec![
                    ("Version", s("2012-10-17")),
                    (
                        "Statement",
                        list(vec![map(vec![
                            ("Effect", s("Allow")),
                            (
                                "Action",
                                list(vec![
                                    s("sqs:ReceiveMessage"),
                                    s("sqs:DeleteMessage"),
                                    s("sqs:GetQueueAttributes"),
                                ]),
                            ),
                            ("Resource", get_att(queue, "Arn")),
                        ])]),
                    ),
                ]),
            ),
        ]);
        edits.push(Edit::SetValue {
            logical_id: role,
            path: path(&["Properties", "Policies"]),
            value: Some(appended(current.as_ref(), policy)),
        });
    }
    edits
}

fn s3_to_lambda(doc: &Document, bucket: &str, function: &str) -> Vec<Edit> {
    let permission = unique_logical_id(doc, &format!("{function}{bucket}Permission"));
    let current = doc.template.resource(bucket).and_then(|r| {
        r.property(&["NotificationConfiguration", "LambdaConfigurations"])
            .cloned()
    });
    let config = map(vec![
        ("Event", s("s3:ObjectCreated:*")),
        ("Function", get_att(function, "Arn")),
    ]);
    let mut edits = vec![
        Edit::AddResource {
            logical_id: permission.clone(),
            body: resource(
                "AWS::Lambda::Permission",
                vec![
                    ("Action", s("lambda:InvokeFunction")),
                    ("FunctionName", r#ref(function)),
                    ("Principal", s("s3.amazonaws.com")),
                    ("SourceAccount", r#ref("AWS::AccountId")),
                ],
            ),
        },
        Edit::SetValue {
            logical_id: bucket.to_owned(),
            path: path(&[
                "Properties",
                "NotificationConfiguration",
                "LambdaConfigurations",
            ]),
            value: Some(appended(current.as_ref(), config)),
        },
    ];
    // The bucket checks the permission when it is created, so it must come first.
    let mut ids: Vec<Node> = doc
        .template
        .resource(bucket)
        .map(|r| r.depends_on().into_iter().map(s).collect())
        .unwrap_or_default();
    ids.push(s(&permission));
    edits.push(Edit::SetValue {
        logical_id: bucket.to_owned(),
        path: path(&["DependsOn"]),
        value: Some(if ids.len() == 1 {
            s(&permission)
        } else {
            list(ids)
        }),
    });
    edits
}

fn sns_to_sqs(doc: &Document, topic: &str, queue: &str) -> Vec<Edit> {
    let subscription = unique_logical_id(doc, &format!("{topic}{queue}Subscription"));
    let policy = unique_logical_id(doc, &format!("{queue}Policy"));
    vec![
        Edit::AddResource {
            logical_id: subscription,
            body: resource(
                "AWS::SNS::Subscription",
                vec![
                    ("TopicArn", r#ref(topic)),
                    ("Protocol", s("sqs")),
                    ("Endpoint", get_att(queue, "Arn")),
                ],
            ),
        },
        Edit::AddResource {
            logical_id: policy,
            body: resource(
                "AWS::SQS::QueuePolicy",
                vec![
                    ("Queues", list(vec![r#ref(queue)])),
                    (
                        "PolicyDocument",
                        map(vec![
                            ("Version", s("2012-10-17")),
                            (
                                "Statement",
                                list(vec![map(vec![
                                    ("Effect", s("Allow")),
                                    ("Principal", map(vec![("Service", s("sns.amazonaws.com"))])),
                                    ("Action", s("sqs:SendMessage")),
                                    ("Resource", get_att(queue, "Arn")),
                                    (
                                        "Condition",
                                        map(vec![(
                                            "ArnEquals",
                                            map(vec![("aws:SourceArn", r#ref(topic))]),
                                        )]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                ],
            ),
        },
    ]
}

fn sns_to_lambda(doc: &Document, topic: &str, function: &str) -> Vec<Edit> {
    let subscription = unique_logical_id(doc, &format!("{topic}{function}Subscription"));
    let permission = unique_logical_id(doc, &format!("{function}{topic}Permission"));
    vec![
        Edit::AddResource {
            logical_id: subscription,
            body: resource(
                "AWS::SNS::Subscription",
                vec![
                    ("TopicArn", r#ref(topic)),
                    ("Protocol", s("lambda")),
                    ("Endpoint", get_att(function, "Arn")),
                ],
            ),
        },
        Edit::AddResource {
            logical_id: permission,
            body: resource(
                "AWS::Lambda::Permission",
                vec![
                    ("Action", s("lambda:InvokeFunction")),
                    ("FunctionName", r#ref(function)),
                    ("Principal", s("sns.amazonaws.com")),
                    ("SourceArn", r#ref(topic)),
                ],
            ),
        },
    ]
}

fn instance_to_sg(doc: &Document, instance: &str, group: &str) -> Vec<Edit> {
    let current = doc
        .template
        .resource(instance)
        .and_then(|r| r.property(&["SecurityGroupIds"]).cloned());
    vec![Edit::SetValue {
        logical_id: instance.to_owned(),
        path: path(&["Properties", "SecurityGroupIds"]),
        value: Some(appended(current.as_ref(), get_att(group, "GroupId"))),
    }]
}

/// Whether `logical_id` may be moved into container `parent` (a VPC or subnet).
pub fn can_reparent(doc: &Document, logical_id: &str, parent: &str) -> bool {
    reparent_edit(doc, logical_id, parent, None).is_some()
}

/// The edit that moves `logical_id` into container `parent`, replacing its reference to
/// `old_parent` (or setting the reference if it had none). `None` if the move makes no sense:
/// the resource cannot live in that kind of container, or it is placed through another
/// resource (a DB subnet group).
pub fn reparent_edit(
    doc: &Document,
    logical_id: &str,
    parent: &str,
    old_parent: Option<&str>,
) -> Option<Edit> {
    let r = doc.template.resource(logical_id)?;
    let rule = placement_rule(r.type_name())?;
    let parent_type = doc.template.resource(parent)?.type_name();
    if rule.parent == ParentKind::Beside
        || rule.parent.resource_type() != parent_type
        || logical_id == parent
    {
        return None;
    }
    let path_text = rule.paths.first()?;
    if path_text.contains("->") {
        return None;
    }
    let keys: Vec<&str> = path_text.split('.').collect();
    // Lists of maps (NetworkInterfaces.SubnetId): rewrite the old reference where it is.
    let mut props = r.properties().cloned().unwrap_or_default();
    if let Some(old) = old_parent
        && replace_ref(&mut props, old, parent)
    {
        return Some(Edit::SetValue {
            logical_id: logical_id.to_owned(),
            path: vec!["Properties".to_owned()],
            value: Some(Node::new(Value::Mapping(props))),
        });
    }
    if keys.len() > 1
        && r.property(&keys[..1])
            .is_some_and(|n| n.as_sequence().is_some())
    {
        return None;
    }
    let is_list = ["SubnetIds", "Subnets", "VPCZoneIdentifier", "ClientSubnets"]
        .iter()
        .any(|k| path_text.ends_with(k));
    let value = if is_list {
        list(vec![r#ref(parent)])
    } else {
        r#ref(parent)
    };
    let mut path = vec!["Properties".to_owned()];
    path.extend(keys.iter().map(|k| (*k).to_owned()));
    Some(Edit::SetValue {
        logical_id: logical_id.to_owned(),
        path,
        value: Some(value),
    })
}

/// Replaces the first `Ref`/`GetAtt` of `old` with `new` inside `m`; true if it found one.
fn replace_ref(m: &mut Mapping, old: &str, new: &str) -> bool {
    fn walk(node: &mut Node, old: &str, new: &str) -> bool {
        match &mut node.value {
            Value::Mapping(m) => m.iter_mut().any(|(_, v)| walk(v, old, new)),
            Value::Sequence(items) => items.iter_mut().any(|v| walk(v, old, new)),
            Value::Intrinsic(f) => {
                if f.func == Func::Ref && f.arg.as_str() == Some(old) {
                    f.arg = Node::string(new);
                    return true;
                }
                if let Some(GetAtt::Named {
                    resource,
                    attribute,
                }) = f.get_att()
                    && resource == old
                {
                    f.arg = Node::string(format!("{new}.{attribute}"));
                    return true;
                }
                walk(&mut f.arg, old, new)
            }
            _ => false,
        }
    }
    m.iter_mut().any(|(_, v)| walk(v, old, new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{import_text, write_yaml_value};

    const T: &str = "Resources:
  Vpc: {Type: AWS::EC2::VPC}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc}}
  Web: {Type: AWS::EC2::Instance, Properties: {SubnetId: !Ref A}}
  Nic: {Type: AWS::EC2::Instance, Properties: {NetworkInterfaces: [{SubnetId: !Ref A, DeviceIndex: '0'}]}}
  Bucket: {Type: AWS::S3::Bucket}
  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
  Fn: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt Role.Arn}}
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
";

    fn doc() -> Document {
        Document::new(import_text(T, "t", None, false).unwrap().template)
    }

    fn apply(d: &mut Document, edits: Vec<Edit>) {
        for e in edits {
            d.apply(e).unwrap();
        }
    }

    #[test]
    fn moving_into_another_subnet_rewrites_the_reference() {
        let mut d = doc();
        let e = reparent_edit(&d, "Web", "B", Some("A")).unwrap();
        d.apply(e).unwrap();
        assert_eq!(
            d.template
                .resource("Web")
                .unwrap()
                .property(&["SubnetId"])
                .map(write_yaml_value)
                .as_deref(),
            Some("!Ref B\n")
        );
        let e = reparent_edit(&d, "Nic", "B", Some("A")).unwrap();
        d.apply(e).unwrap();
        let nic = write_yaml_value(
            d.template
                .resource("Nic")
                .unwrap()
                .property(&["NetworkInterfaces"])
                .unwrap(),
        );
        assert!(nic.contains("SubnetId: !Ref B"), "{nic}");
        assert!(
            !can_reparent(&d, "Bucket", "B"),
            "a bucket cannot go into a subnet"
        );
        assert!(
            !can_reparent(&d, "Web", "Vpc"),
            "an instance goes into a subnet, not a VPC"
        );
        assert!(can_reparent(&d, "Fn", "A"));
    }

    #[test]
    fn lambda_to_sqs_creates_a_mapping_and_role_permissions() {
        let mut d = doc();
        assert!(describe_connection(&d, "Fn", "Queue").contains("EventSourceMapping"));
        let edits = connect_edits(&d, "Fn", "Queue");
        apply(&mut d, edits);
        let m = d.template.resource("FnQueueMapping").unwrap();
        assert_eq!(m.type_name(), "AWS::Lambda::EventSourceMapping");
        assert_eq!(
            m.property(&["EventSourceArn"])
                .map(write_yaml_value)
                .as_deref(),
            Some("!GetAtt Queue.Arn\n")
        );
        let policies = write_yaml_value(
            d.template
                .resource("Role")
                .unwrap()
                .property(&["Policies"])
                .unwrap(),
        );
        assert!(policies.contains("sqs:ReceiveMessage"), "{policies}");
    }

    #[test]
    fn other_pairs_get_the_wiring_they_need() {
        let mut d = doc();
        let edits = connect_edits(&d, "Topic", "Queue");
        apply(&mut d, edits);
        assert!(d.template.resource("TopicQueueSubscription").is_some());
        assert!(d.template.resource("QueuePolicy").is_some());
        let edits = connect_edits(&d, "Bucket", "Fn");
        apply(&mut d, edits);
        assert!(d.template.resource("FnBucketPermission").is_some());
        assert_eq!(
            d.template.resource("Bucket").unwrap().depends_on(),
            ["FnBucketPermission"]
        );
        let edits = connect_edits(&d, "Web", "Queue");
        apply(&mut d, edits);
        assert_eq!(d.template.resource("Web").unwrap().depends_on(), ["Queue"]);
    }
}
