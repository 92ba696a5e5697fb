//! Tests of the architecture's edges and folding, on the pipeline sample and the flow
//! fixtures.

use super::iam::verb;
use super::*;
use crate::cfn::import_text;

fn flow_of(path: &str) -> (Template, Flow) {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap();
    let t = import_text(&text, path, None, false).unwrap().template;
    let f = build(&t);
    (t, f)
}

fn edges(f: &Flow) -> Vec<String> {
    f.edges
        .iter()
        .map(|e| format!("{} -> {}: {}", e.from, e.to, e.label))
        .collect()
}

#[test]
fn the_pipeline_sample_reads_as_its_pipeline() {
    let (_, f) = flow_of("samples/serverless.yaml");
    let mut got = edges(&f);
    got.sort();
    assert_eq!(
        got,
        [
            "IngestFunction -> OrderedQueue: receive, send",
            "IngestFunction -> WorkQueue: receive, send",
            "ProcessorFunction -> ResultsTopic: publish",
            "ResultsTopic -> AuditQueue: sqs",
            "UploadBucket -> IngestFunction: s3:ObjectCreated:* incoming/",
            "WorkQueue -> ProcessorFunction: batch 10",
        ]
    );
    // The wiring is on the edges it makes, or on what it serves.
    let mapping = f.edges.iter().find(|e| e.from == "WorkQueue").unwrap();
    assert_eq!(mapping.via, ["WorkQueueMapping"]);
    let delivery = f.edges.iter().find(|e| e.from == "ResultsTopic").unwrap();
    assert_eq!(delivery.via, ["AuditSubscription"]);
    assert_eq!(f.folded["IngestInvokePermission"], "IngestFunction");
    assert_eq!(f.folded["AuditQueuePolicy"], "AuditQueue");
    assert_eq!(f.folded["PipelineRole"], "IngestFunction");
    assert!(f.is_folded("WorkQueueMapping") && f.is_folded("AuditSubscription"));
    assert!(!f.is_folded("WorkQueue"));
}

#[test]
fn a_load_balancer_leads_through_its_listener_to_its_targets() {
    let (_, f) = flow_of("tests/fixtures/flow/three-tier.yaml");
    let got = edges(&f);
    assert!(
        got.contains(&"LoadBalancer -> WebServers: HTTP:80".to_owned()),
        "{got:#?}"
    );
    let lb = f.edges.iter().find(|e| e.from == "LoadBalancer").unwrap();
    assert_eq!(lb.via, ["HttpListener", "WebTargets"]);
    assert!(
        got.contains(&"Record -> LoadBalancer: alias".to_owned()),
        "{got:#?}"
    );
    // Routes, associations, the attachment, the launch template and the subnet group are
    // folded into what they serve.
    assert_eq!(f.folded["PublicARoutes"], "PublicA");
    assert_eq!(f.folded["GatewayAttachment"], "Vpc");
    assert_eq!(f.folded["WebLaunchTemplate"], "WebServers");
    assert_eq!(f.folded["DatabaseSubnets"], "Database");
    assert_eq!(f.folded["PublicRoutes"], "Vpc");
    assert!(f.folded.contains_key("DefaultRoute"));
    for kept in [
        "LoadBalancer",
        "WebServers",
        "Database",
        "Gateway",
        "WebSecurityGroup",
    ] {
        assert!(!f.is_folded(kept), "{kept}");
    }
}

#[test]
fn sam_events_and_policy_templates_are_edges_from_the_source() {
    let (_, f) = flow_of("tests/fixtures/flow/sam-api.yaml");
    let mut got = edges(&f);
    got.sort();
    assert_eq!(
        got,
        [
            "Api -> CreateOrder: POST /orders",
            "CreateOrder -> Orders: write",
            "GetOrder -> Orders: read",
            "NightlyWake -> Nightly: rate(1 day)",
            "Orders -> ShipOrder: DynamoDB",
            "ServerlessRestApi -> GetOrder: GET /orders/{id}",
            "ShipOrder -> Notifications: write",
            "ShipOrder -> Shipments: send",
        ]
    );
    // The connector is folded into its source and makes the edge.
    assert_eq!(f.folded["ShipNotify"], "ShipOrder");
    let notify = f.edges.iter().find(|e| e.to == "Notifications").unwrap();
    assert_eq!(notify.via, ["ShipNotify"]);
    // An Api event that names no API gets the one SAM makes, as a node of its own.
    // So does a schedule, with the rule SAM makes for it.
    assert_eq!(
        f.implicit,
        [
            ImplicitNode {
                logical_id: "NightlyWake".into(),
                type_name: "AWS::Scheduler::Schedule",
                made_for: vec!["Nightly".into()],
            },
            ImplicitNode {
                logical_id: "ServerlessRestApi".into(),
                type_name: "AWS::Serverless::Api",
                made_for: vec!["GetOrder".into()],
            },
        ]
    );
}

#[test]
fn iam_actions_read_as_verbs() {
    assert_eq!(verb("sqs:SendMessage"), Some("send"));
    assert_eq!(verb("SNS:Publish"), Some("publish"));
    assert_eq!(verb("dynamodb:PutItem"), Some("write"));
    assert_eq!(verb("dynamodb:Query"), Some("read"));
    assert_eq!(verb("s3:*"), Some("use"));
    assert_eq!(verb("logs:CreateLogStream"), None);
    assert!(is_link("AWS::IAM::Role") && is_link("AWS::Lambda::Permission"));
    assert!(!is_link("AWS::Lambda::Function"));
}

#[test]
fn the_graph_gives_the_same_flow_as_walking_the_properties() {
    for path in [
        "samples/serverless.yaml",
        "samples/vpc-two-az.yaml",
        "tests/fixtures/flow/three-tier.yaml",
        "tests/fixtures/flow/sam-api.yaml",
        "tests/fixtures/flow/placement.yaml",
    ] {
        let (t, walked) = flow_of(path);
        let graph = crate::model::RefGraph::build(&t, path);
        assert_eq!(build_with_graph(&t, &graph), walked, "{path}");
    }
}

#[test]
fn a_subnet_says_where_its_default_route_goes() {
    let (t, _) = flow_of("tests/fixtures/flow/three-tier.yaml");
    let egress = subnet_egress(&t);
    assert_eq!(egress.get("PublicA").map(String::as_str), Some("Gateway"));
    assert_eq!(egress.get("PublicB").map(String::as_str), Some("Gateway"));
    assert!(
        !egress.contains_key("PrivateA"),
        "no route table of its own"
    );
    let (t, _) = flow_of("samples/vpc-two-az.yaml");
    let egress = subnet_egress(&t);
    assert_eq!(
        egress.get("PrivateSubnetA").map(String::as_str),
        Some("NatGateway")
    );
    assert_eq!(
        egress.get("PublicSubnetA").map(String::as_str),
        Some("InternetGateway")
    );
}

#[test]
fn a_sam_function_uses_what_the_globals_environment_names() {
    let (_, f) = flow_of("tests/fixtures/flow/placement.yaml");
    assert_eq!(edges(&f), ["Worker -> Jobs: uses"]);
}
