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

/// Types that are wiring rather than architecture: in the architecture view they are not
/// boxes but sit on the edge they make or on the resource they serve. A `*` ends a prefix.
pub const LINK_TYPES: &[&str] = &[
    "AWS::IAM::*",
    "AWS::Lambda::Permission",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::SNS::Subscription",
    "AWS::SNS::TopicPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::S3::BucketPolicy",
    "AWS::EC2::RouteTable",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::LaunchTemplate",
    "AWS::AutoScaling::LaunchConfiguration",
    "AWS::RDS::DBSubnetGroup",
    "AWS::RDS::DBParameterGroup",
    "AWS::RDS::DBClusterParameterGroup",
    "AWS::ElastiCache::SubnetGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGateway::Account",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::ApiGatewayV2::Deployment",
    "AWS::Serverless::Connector",
    "AWS::Logs::ResourcePolicy",
    "AWS::KMS::Alias",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::BasePathMapping",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::ApiMapping",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::Cognito::UserPoolDomain",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::AutoScaling::ScalingPolicy",
    "AWS::AutoScaling::LifecycleHook",
    "AWS::AutoScaling::ScheduledAction",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::EC2::VolumeAttachment",
];

/// Whether a type is a link resource (see [`LINK_TYPES`]).
pub fn is_link(type_name: &str) -> bool {
    LINK_TYPES.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => type_name.starts_with(prefix),
        None => *p == type_name,
    })
}

/// The label of an edge, from the resource that makes it.
type Label = fn(&Resource<'_>, &Node) -> String;

/// A resource that joins two others: the resource its `from` property names feeds the one
/// its `to` property names.
pub struct LinkRule {
    /// The link's type.
    pub type_name: &'static str,
    /// Keys to the source (`*` for every list item).
    pub from: &'static [&'static str],
    /// Keys to the sink.
    pub to: &'static [&'static str],
    /// What the edge says.
    pub label: Label,
}

/// A resource whose property names where it sends (or, `reverse`, where it is fed from).
pub struct OutRule {
    /// The resource's type.
    pub type_name: &'static str,
    /// Keys to the other resource (`*` for every list item or mapping value).
    pub path: &'static [&'static str],
    /// Whether the other resource feeds this one (an ECS service's target group).
    pub reverse: bool,
    /// What the edge says, from the item the path went through (a notification, a target).
    pub label: Label,
}

fn prop_text(r: &Resource<'_>, keys: &[&str]) -> Option<String> {
    r.property(keys).and_then(scalar_text)
}

fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.as_str().to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn batch(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["BatchSize"]).map_or_else(|| "events".to_owned(), |b| format!("batch {b}"))
}

fn protocol(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["Protocol"]).unwrap_or_else(|| "subscription".to_owned())
}

fn item_protocol(_: &Resource<'_>, item: &Node) -> String {
    item.get_path(&["Protocol"])
        .and_then(scalar_text)
        .unwrap_or_else(|| "subscription".to_owned())
}

fn method(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["HttpMethod"]).unwrap_or_else(|| "request".to_owned())
}

fn listener(r: &Resource<'_>, _: &Node) -> String {
    match (prop_text(r, &["Protocol"]), prop_text(r, &["Port"])) {
        (Some(p), Some(port)) => format!("{p}:{port}"),
        (Some(p), None) => p,
        (None, Some(port)) => format!("port {port}"),
        (None, None) => "requests".to_owned(),
    }
}

/// A bucket notification: its event and key filter.
fn notification(_: &Resource<'_>, item: &Node) -> String {
    let event = item
        .get_path(&["Event"])
        .and_then(scalar_text)
        .unwrap_or_else(|| "event".to_owned());
    let filter: Vec<String> = item
        .get_path(&["Filter", "S3Key", "Rules"])
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .filter_map(|rule| rule.get_path(&["Value"]).and_then(scalar_text))
        .collect();
    if filter.is_empty() {
        event
    } else {
        format!("{event} {}", filter.join(" "))
    }
}

fn schedule(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["ScheduleExpression"]).unwrap_or_else(|| "events".to_owned())
}

fn connector(r: &Resource<'_>, _: &Node) -> String {
    r.attribute("Properties")
        .map_or_else(|| "connects".to_owned(), connector_permissions)
}

/// A connector's permissions, as its edge says them: `read, write`.
fn connector_permissions(props: &Node) -> String {
    props
        .get_path(&["Permissions"])
        .and_then(Node::as_sequence)
        .map(|p| {
            p.iter()
                .filter_map(scalar_text)
                .map(|s| s.to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "connects".to_owned())
}

/// The resources that join two others.
pub const LINK_RULES: &[LinkRule] = &[
    LinkRule {
        type_name: "AWS::Lambda::EventSourceMapping",
        from: &["EventSourceArn"],
        to: &["FunctionName"],
        label: batch,
    },
    LinkRule {
        type_name: "AWS::SNS::Subscription",
        from: &["TopicArn"],
        to: &["Endpoint"],
        label: protocol,
    },
    LinkRule {
        type_name: "AWS::ApiGateway::Method",
        from: &["RestApiId"],
        to: &["Integration", "Uri"],
        label: method,
    },
    LinkRule {
        type_name: "AWS::ApiGatewayV2::Integration",
        from: &["ApiId"],
        to: &["IntegrationUri"],
        label: |_, _| "integration".to_owned(),
    },
    LinkRule {
        type_name: "AWS::ElasticLoadBalancingV2::Listener",
        from: &["LoadBalancerArn"],
        to: &["DefaultActions", "*", "TargetGroupArn"],
        label: listener,
    },
    LinkRule {
        type_name: "AWS::ElasticLoadBalancingV2::Listener",
        from: &["LoadBalancerArn"],
        to: &[
            "DefaultActions",
            "*",
            "ForwardConfig",
            "TargetGroups",
            "*",
            "TargetGroupArn",
        ],
        label: listener,
    },
    LinkRule {
        type_name: "AWS::ElasticLoadBalancingV2::ListenerRule",
        from: &["ListenerArn"],
        to: &["Actions", "*", "TargetGroupArn"],
        label: |_, _| "rule".to_owned(),
    },
    LinkRule {
        type_name: "AWS::Serverless::Connector",
        from: &["Source", "Id"],
        to: &["Destination", "Id"],
        label: connector,
    },
    LinkRule {
        type_name: "AWS::Pipes::Pipe",
        from: &["Source"],
        to: &["Target"],
        label: |_, _| "pipe".to_owned(),
    },
];

/// SAM's event sources of a function: `Events.X.Properties.Queue` and the like.
const SAM_EVENT_SOURCES: &[&str] = &["Queue", "Bucket", "Topic", "Stream", "RestApiId", "ApiId"];

/// A SAM event: an API's method and path (`GET /orders`), else its type (`SQS`).
fn sam_event(_: &Resource<'_>, item: &Node) -> String {
    let kind = item
        .get_path(&["Type"])
        .and_then(scalar_text)
        .unwrap_or_else(|| "event".to_owned());
    let method = item
        .get_path(&["Properties", "Method"])
        .and_then(scalar_text);
    let path = item.get_path(&["Properties", "Path"]).and_then(scalar_text);
    match (kind.as_str(), method, path) {
        ("Api" | "HttpApi", Some(m), Some(p)) => format!("{} {p}", m.to_uppercase()),
        ("Api" | "HttpApi", None, Some(p)) => p,
        _ => kind,
    }
}

/// The APIs the SAM transform makes for `Api` and `HttpApi` events that name none: (logical
/// ID, type, the event's key naming an API).
const IMPLICIT_APIS: &[(&str, &str, &str, &str)] = &[
    (
        "Api",
        "ServerlessRestApi",
        "AWS::Serverless::Api",
        "RestApiId",
    ),
    (
        "HttpApi",
        "ServerlessHttpApi",
        "AWS::Serverless::HttpApi",
        "ApiId",
    ),
];

/// The resources whose properties say where they send, or what feeds them.
pub const OUT_RULES: &[OutRule] = &[
    OutRule {
        type_name: "AWS::S3::Bucket",
        path: &[
            "NotificationConfiguration",
            "LambdaConfigurations",
            "*",
            "Function",
        ],
        reverse: false,
        label: notification,
    },
    OutRule {
        type_name: "AWS::S3::Bucket",
        path: &[
            "NotificationConfiguration",
            "QueueConfigurations",
            "*",
            "Queue",
        ],
        reverse: false,
        label: notification,
    },
    OutRule {
        type_name: "AWS::S3::Bucket",
        path: &[
            "NotificationConfiguration",
            "TopicConfigurations",
            "*",
            "Topic",
        ],
        reverse: false,
        label: notification,
    },
    OutRule {
        type_name: "AWS::SNS::Topic",
        path: &["Subscription", "*", "Endpoint"],
        reverse: false,
        label: item_protocol,
    },
    OutRule {
        type_name: "AWS::Events::Rule",
        path: &["Targets", "*", "Arn"],
        reverse: false,
        label: schedule,
    },
    OutRule {
        type_name: "AWS::Scheduler::Schedule",
        path: &["Target", "Arn"],
        reverse: false,
        label: schedule,
    },
    OutRule {
        type_name: "AWS::ElasticLoadBalancingV2::TargetGroup",
        path: &["Targets", "*", "Id"],
        reverse: false,
        label: |_, _| "target".to_owned(),
    },
    OutRule {
        type_name: "AWS::ElasticLoadBalancing::LoadBalancer",
        path: &["Instances", "*"],
        reverse: false,
        label: |_, _| "target".to_owned(),
    },
    OutRule {
        type_name: "AWS::CloudFront::Distribution",
        path: &["DistributionConfig", "Origins", "*", "DomainName"],
        reverse: false,
        label: |_, _| "origin".to_owned(),
    },
    OutRule {
        type_name: "AWS::Route53::RecordSet",
        path: &["AliasTarget", "DNSName"],
        reverse: false,
        label: |_, _| "alias".to_owned(),
    },
    OutRule {
        type_name: "AWS::Route53::RecordSetGroup",
        path: &["RecordSets", "*", "AliasTarget", "DNSName"],
        reverse: false,
        label: |_, _| "alias".to_owned(),
    },
    OutRule {
        type_name: "AWS::StepFunctions::StateMachine",
        path: &["DefinitionSubstitutions", "*"],
        reverse: false,
        label: |_, _| "invoke".to_owned(),
    },
    OutRule {
        type_name: "AWS::StepFunctions::StateMachine",
        path: &["DefinitionString"],
        reverse: false,
        label: |_, _| "invoke".to_owned(),
    },
    OutRule {
        type_name: "AWS::Serverless::StateMachine",
        path: &["DefinitionSubstitutions", "*"],
        reverse: false,
        label: |_, _| "invoke".to_owned(),
    },
    OutRule {
        type_name: "AWS::SQS::Queue",
        path: &["RedrivePolicy", "deadLetterTargetArn"],
        reverse: false,
        label: |_, _| "dead letters".to_owned(),
    },
    OutRule {
        type_name: "AWS::KinesisFirehose::DeliveryStream",
        path: &["ExtendedS3DestinationConfiguration", "BucketARN"],
        reverse: false,
        label: |_, _| "deliver".to_owned(),
    },
    OutRule {
        type_name: "AWS::KinesisFirehose::DeliveryStream",
        path: &["KinesisStreamSourceConfiguration", "KinesisStreamARN"],
        reverse: true,
        label: |_, _| "records".to_owned(),
    },
    OutRule {
        type_name: "AWS::ECS::Service",
        path: &["LoadBalancers", "*", "TargetGroupArn"],
        reverse: true,
        label: |_, _| "target".to_owned(),
    },
    OutRule {
        type_name: "AWS::AutoScaling::AutoScalingGroup",
        path: &["TargetGroupARNs", "*"],
        reverse: true,
        label: |_, _| "target".to_owned(),
    },
    OutRule {
        type_name: "AWS::AutoScaling::AutoScalingGroup",
        path: &["LoadBalancerNames", "*"],
        reverse: true,
        label: |_, _| "target".to_owned(),
    },
    OutRule {
        type_name: "AWS::Lambda::Function",
        path: &["Environment", "Variables", "*"],
        reverse: false,
        label: |_, _| "uses".to_owned(),
    },
    OutRule {
        type_name: "AWS::Serverless::Function",
        path: &["Environment", "Variables", "*"],
        reverse: false,
        label: |_, _| "uses".to_owned(),
    },
    OutRule {
        type_name: "AWS::Serverless::Function",
        path: &["Events", "*"],
        reverse: true,
        label: sam_event,
    },
];

/// SAM policy templates: the name, the key naming the resource, and the verb.
const SAM_POLICIES: &[(&str, &str, &str)] = &[
    ("SQSSendMessagePolicy", "QueueName", "send"),
    ("SQSPollerPolicy", "QueueName", "receive"),
    ("SNSPublishMessagePolicy", "TopicName", "publish"),
    ("DynamoDBCrudPolicy", "TableName", "read, write"),
    ("DynamoDBReadPolicy", "TableName", "read"),
    ("DynamoDBWritePolicy", "TableName", "write"),
    ("S3ReadPolicy", "BucketName", "read"),
    ("S3WritePolicy", "BucketName", "write"),
    ("S3CrudPolicy", "BucketName", "read, write"),
    ("KinesisCrudPolicy", "StreamName", "put"),
    ("LambdaInvokePolicy", "FunctionName", "invoke"),
    ("StepFunctionsExecutionPolicy", "StateMachineName", "start"),
    ("EventBridgePutEventsPolicy", "EventBusName", "put events"),
];

/// Types a policy or an environment variable makes an edge to: what is used, not wiring.
fn is_used_kind(type_name: &str) -> bool {
    const USED: &[&str] = &[
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::S3::Bucket",
        "AWS::Kinesis::Stream",
        "AWS::KinesisFirehose::DeliveryStream",
        "AWS::Lambda::Function",
        "AWS::Serverless::Function",
        "AWS::Serverless::SimpleTable",
        "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::StateMachine",
        "AWS::Events::EventBus",
        "AWS::SecretsManager::Secret",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBInstance",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::OpenSearchService::Domain",
        "AWS::OpenSearchServerless::Collection",
    ];
    USED.contains(&type_name)
}

/// The resources of the template a value names: `!Ref X`, `!GetAtt X.Arn`, `${X}` and
/// `${X.Arn}` in a `!Sub`, at any depth (inside `!Join`, `!If`...).
pub fn named_resources(template: &Template, node: &Node) -> Vec<String> {
    names_in(&Ids::of(template), node)
}

/// The logical IDs of a template's resources, for quick lookups.
struct Ids(std::collections::HashSet<String>);

impl Ids {
    fn of(template: &Template) -> Self {
        Self(
            template
                .resources()
                .map(|r| r.logical_id.to_owned())
                .collect(),
        )
    }
}

fn names_in(ids: &Ids, node: &Node) -> Vec<String> {
    let mut out = Names::default();
    collect_names(ids, node, &mut out);
    out.list
}

/// Names found so far, in the order met, each once.
#[derive(Default)]
struct Names<'i> {
    list: Vec<String>,
    seen: std::collections::HashSet<&'i str>,
}

fn collect_names<'i>(ids: &'i Ids, node: &Node, out: &mut Names<'i>) {
    let mut push = |name: &str| {
        if let Some(id) = ids.0.get(name)
            && out.seen.insert(id.as_str())
        {
            out.list.push(id.clone());
        }
    };
    match &node.value {
        Value::Sequence(items) => {
            for i in items {
                collect_names(ids, i, out);
            }
        }
        Value::Mapping(m) => {
            for (_, v) in m.iter() {
                collect_names(ids, v, out);
            }
        }
        Value::Intrinsic(f) => {
            match f.func {
                Func::Ref => {
                    if let Some(t) = f.ref_target() {
                        push(t);
                    }
                    return;
                }
                Func::GetAtt => {
                    if let Some(GetAtt::Named { resource, .. }) = f.get_att() {
                        push(resource);
                    }
                    return;
                }
                Func::Sub => {
                    if let Some(sub) = f.sub() {
                        for part in sub.parts() {
                            if let Some(t) = part.target()
                                && !sub.is_var(t)
                            {
                                push(t.split('.').next().unwrap_or(t));
                            }
                        }
                    }
                }
                _ => {}
            }
            collect_names(ids, &f.arg, out);
        }
        _ => {}
    }
}

/// The values at `keys` under `node`, each with the item it was reached through (the last
/// list item or mapping value a `*` took; `node` itself when none did).
fn values_at<'n>(
    node: &'n Node,
    keys: &[&str],
    item: &'n Node,
    out: &mut Vec<(&'n Node, &'n Node)>,
) {
    let Some((first, rest)) = keys.split_first() else {
        out.push((node, item));
        return;
    };
    match (*first, &node.value) {
        ("*", Value::Sequence(items)) => {
            for i in items {
                values_at(i, rest, i, out);
            }
        }
        ("*", Value::Mapping(m)) => {
            for (_, v) in m.iter() {
                values_at(v, rest, v, out);
            }
        }
        (key, Value::Mapping(m)) => {
            if let Some(v) = m.get(key) {
                values_at(v, rest, item, out);
            }
        }
        _ => {}
    }
}

/// What the properties of `r` name at `keys`: each resource with the item it was found in.
fn named_at<'n>(ids: &Ids, r: &Resource<'n>, keys: &[&str]) -> Vec<(String, &'n Node)> {
    let Some(props) = r.attribute("Properties") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    values_at(props, keys, props, &mut found);
    let mut out = Vec::new();
    for (value, item) in found {
        for name in names_in(ids, value) {
            if name != r.logical_id {
                out.push((name, item));
            }
        }
    }
    out
}

/// The verb of an IAM action, as an edge says it.
fn verb(action: &str) -> Option<&'static str> {
    let a = action.to_ascii_lowercase();
    let (service, name) = a.split_once(':').unwrap_or(("", a.as_str()));
    Some(match (service, name) {
        (_, "*") | ("*", _) => "use",
        ("sqs", n) if n.starts_with("send") => "send",
        ("sqs", n) if n.starts_with("receive") || n.starts_with("delete") => "receive",
        ("sns", n) if n.starts_with("publish") => "publish",
        ("lambda", n) if n.starts_with("invoke") => "invoke",
        ("states", n) if n.starts_with("start") => "start",
        ("kinesis" | "firehose", n) if n.starts_with("put") => "put",
        ("events", n) if n.starts_with("put") => "put events",
        ("dynamodb" | "s3", n)
            if n.starts_with("put")
                || n.starts_with("update")
                || n.starts_with("delete")
                || n.starts_with("batchwrite") =>
        {
            "write"
        }
        ("dynamodb" | "s3", n)
            if n.starts_with("get")
                || n.starts_with("query")
                || n.starts_with("scan")
                || n.starts_with("list")
                || n.starts_with("batchget") =>
        {
            "read"
        }
        ("secretsmanager", n) if n.starts_with("get") => "read",
        _ => return None,
    })
}

/// The (resource, verbs) a policy document's statements allow.
fn policy_targets(ids: &Ids, doc: &Node) -> Vec<(String, Vec<&'static str>)> {
    let statements: Vec<&Node> = match doc.get_path(&["Statement"]) {
        Some(n) => match &n.value {
            Value::Sequence(items) => items.iter().collect(),
            _ => vec![n],
        },
        None => Vec::new(),
    };
    let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
    for s in statements {
        if s.get_path(&["Effect"]).and_then(Node::as_str) == Some("Deny") {
            continue;
        }
        let actions: Vec<String> = match s.get_path(&["Action"]).map(|n| &n.value) {
            Some(Value::String(a)) => vec![a.clone()],
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar_text).collect(),
            _ => Vec::new(),
        };
        let mut verbs: Vec<&'static str> = actions.iter().filter_map(|a| verb(a)).collect();
        verbs.sort_unstable();
        verbs.dedup();
        if verbs.is_empty() {
            continue;
        }
        let Some(resource) = s.get_path(&["Resource"]) else {
            continue;
        };
        for name in names_in(ids, resource) {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    v.extend(verbs.iter().copied());
                    v.sort_unstable();
                    v.dedup();
                }
                None => out.push((name, verbs.clone())),
            }
        }
    }
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

/// The type of each resource, by logical ID.
type Types = HashMap<String, String>;

/// Who names whom in their `Properties`: each resource's names (itself left out), and who
/// names each resource, in template order; worked out once per build.
struct Refs {
    names: HashMap<String, Vec<String>>,
    named_by: HashMap<String, Vec<String>>,
}

impl Refs {
    /// From the reference graph, which has already walked every property: the `Ref`,
    /// `GetAtt` and `Sub` edges held in `Properties`.
    fn from_graph(graph: &RefGraph, ids: &Ids) -> Self {
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        let mut named_by: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        for (referenced, holder, edge) in graph.edges() {
            if matches!(edge.kind, RefKind::DependsOn | RefKind::Condition)
                || !edge.path.starts_with("Properties")
                || referenced == holder
                || !ids.0.contains(referenced)
                || !seen.insert((holder, referenced))
            {
                continue;
            }
            names
                .entry(holder.to_owned())
                .or_default()
                .push(referenced.to_owned());
            named_by
                .entry(referenced.to_owned())
                .or_default()
                .push(holder.to_owned());
        }
        Self { names, named_by }
    }

    fn of(template: &Template, ids: &Ids) -> Self {
        let mut names = HashMap::new();
        let mut named_by: HashMap<String, Vec<String>> = HashMap::new();
        for r in template.resources() {
            let mut list = r
                .attribute("Properties")
                .map(|p| names_in(ids, p))
                .unwrap_or_default();
            list.retain(|n| n != r.logical_id);
            for n in &list {
                named_by
                    .entry(n.clone())
                    .or_default()
                    .push(r.logical_id.to_owned());
            }
            names.insert(r.logical_id.to_owned(), list);
        }
        Self { names, named_by }
    }

    fn names(&self, id: &str) -> &[String] {
        self.names.get(id).map_or(&[], Vec::as_slice)
    }

    fn named_by(&self, id: &str) -> &[String] {
        self.named_by.get(id).map_or(&[], Vec::as_slice)
    }
}

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

/// The resources that act as each role: those that name it (a function's `Role`, a task
/// definition's `TaskRoleArn`), and through an instance profile or launch template, the
/// instances and groups that use them.
fn role_users(template: &Template, types: &Types, refs: &Refs) -> HashMap<String, Vec<String>> {
    let type_of = |id: &str| ty(types, id);
    // A policy that names a role is not one of its users.
    let is_policy = |id: &str| {
        matches!(
            type_of(id),
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy"
        )
    };
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for r in template
        .resources()
        .filter(|r| r.type_name() == "AWS::IAM::Role")
    {
        let mut found: Vec<String> = Vec::new();
        let mut queue: Vec<String> = vec![r.logical_id.to_owned()];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(id) = queue.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            for user in refs.named_by(&id).iter().filter(|u| !is_policy(u)) {
                let t = type_of(user);
                if matches!(
                    t,
                    "AWS::IAM::InstanceProfile"
                        | "AWS::EC2::LaunchTemplate"
                        | "AWS::AutoScaling::LaunchConfiguration"
                ) {
                    queue.push(user.clone());
                } else if !is_link(t) && !found.contains(user) {
                    found.push(user.clone());
                }
            }
        }
        out.insert(r.logical_id.to_owned(), found);
    }
    out
}

/// The owner of each link resource: for IAM and what a resource is made with, the first
/// resource that uses it; otherwise the
/// first resource it names that is not a link itself, else the first that names it, looking
/// through other links (a route into its route table's VPC).
fn fold(template: &Template, types: &Types, refs: &Refs) -> BTreeMap<String, String> {
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
fn same_name_bucket(template: &Template, r: &Resource<'_>) -> Option<String> {
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
fn compose(
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

#[cfg(test)]
mod tests;
