//! The tables of the architecture: which types are wiring, which resources join two others,
//! which properties name where a resource sends, SAM's policy templates, and the labels
//! edges carry.

use super::*;

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
pub(super) type Label = fn(&Resource<'_>, &Node) -> String;

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

pub(super) fn prop_text(r: &Resource<'_>, keys: &[&str]) -> Option<String> {
    r.property(keys).and_then(scalar_text)
}

pub(super) fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.as_str().to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn batch(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["BatchSize"]).map_or_else(|| "events".to_owned(), |b| format!("batch {b}"))
}

pub(super) fn protocol(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["Protocol"]).unwrap_or_else(|| "subscription".to_owned())
}

pub(super) fn item_protocol(_: &Resource<'_>, item: &Node) -> String {
    item.get_path(&["Protocol"])
        .and_then(scalar_text)
        .unwrap_or_else(|| "subscription".to_owned())
}

pub(super) fn method(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["HttpMethod"]).unwrap_or_else(|| "request".to_owned())
}

pub(super) fn listener(r: &Resource<'_>, _: &Node) -> String {
    match (prop_text(r, &["Protocol"]), prop_text(r, &["Port"])) {
        (Some(p), Some(port)) => format!("{p}:{port}"),
        (Some(p), None) => p,
        (None, Some(port)) => format!("port {port}"),
        (None, None) => "requests".to_owned(),
    }
}

/// A bucket notification: its event and key filter.
pub(super) fn notification(_: &Resource<'_>, item: &Node) -> String {
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

pub(super) fn schedule(r: &Resource<'_>, _: &Node) -> String {
    prop_text(r, &["ScheduleExpression"]).unwrap_or_else(|| "events".to_owned())
}

pub(super) fn connector(r: &Resource<'_>, _: &Node) -> String {
    r.attribute("Properties")
        .map_or_else(|| "connects".to_owned(), connector_permissions)
}

/// A connector's permissions, as its edge says them: `read, write`.
pub(super) fn connector_permissions(props: &Node) -> String {
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
pub(super) const SAM_EVENT_SOURCES: &[&str] =
    &["Queue", "Bucket", "Topic", "Stream", "RestApiId", "ApiId"];

/// A SAM event: an API's method and path (`GET /orders`), else its type (`SQS`).
pub(super) fn sam_event(_: &Resource<'_>, item: &Node) -> String {
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
pub(super) const IMPLICIT_APIS: &[(&str, &str, &str, &str)] = &[
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
pub(super) const SAM_POLICIES: &[(&str, &str, &str)] = &[
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
pub(super) fn is_used_kind(type_name: &str) -> bool {
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
