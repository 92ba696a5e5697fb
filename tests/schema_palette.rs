//! What the palette and "Any type..." add is valid to cfn-lint's E3003: every required property
//! is there, wired to a resource of the template where the schema names one, and a role made
//! for a state machine when the template has none its service may assume.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{Format, Node, Template, write_yaml_value};
use stackcanvas::edit::{DropTarget, PaletteItemId, any_type_edits, create_edits, type_edits};
use stackcanvas::model::Document;

/// Types a user is likely to add by name, from the issue and beyond.
const TYPES: &[&str] = &[
    "AWS::StepFunctions::StateMachine",
    "AWS::SQS::Queue",
    "AWS::CloudFront::Distribution",
    "AWS::Lambda::Function",
    "AWS::DynamoDB::Table",
    "AWS::ECS::Cluster",
    "AWS::ECS::TaskDefinition",
    "AWS::ECS::Service",
    "AWS::EC2::Instance",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::RouteTable",
    "AWS::EC2::Route",
    "AWS::EC2::NatGateway",
    "AWS::EC2::VPCEndpoint",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBSubnetGroup",
    "AWS::SNS::Subscription",
    "AWS::Events::Rule",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::IAM::Policy",
    "AWS::S3::BucketPolicy",
    "AWS::Lambda::Permission",
    "AWS::Lambda::EventSourceMapping",
    "AWS::EKS::Cluster",
    "AWS::Kinesis::Stream",
    "AWS::Glue::Job",
    "AWS::CodeBuild::Project",
    "AWS::SecretsManager::Secret",
    "AWS::Route53::RecordSet",
    "AWS::CloudWatch::Alarm",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::Cognito::UserPool",
    "AWS::ElastiCache::CacheCluster",
];

/// A VPC with one subnet, and a role only Lambda may assume.
const START: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
";

fn start() -> Document {
    Document::new(
        stackcanvas::cfn::import_text(START, "start.yaml", None, false)
            .unwrap()
            .template,
    )
}

fn apply(doc: &mut Document, edits: Vec<stackcanvas::edit::Edit>) {
    for e in edits {
        doc.apply(e).unwrap();
    }
}

fn property(doc: &Document, id: &str, key: &str) -> String {
    write_yaml_value(doc.template.resource(id).unwrap().property(&[key]).unwrap())
        .trim_end()
        .to_owned()
}

#[test]
fn required_properties_are_wired_to_what_the_template_has() {
    let mut doc = start();
    let (edits, machine) = any_type_edits(&doc, "AWS::StepFunctions::StateMachine");
    assert_eq!(edits.len(), 2, "a role comes with the first state machine");
    apply(&mut doc, edits);
    assert_eq!(
        property(&doc, &machine, "RoleArn"),
        "!GetAtt StateMachineRole.Arn"
    );
    let role = doc.template.resource("StateMachineRole").unwrap();
    assert!(
        write_yaml_value(role.property(&["AssumeRolePolicyDocument"]).unwrap())
            .contains("states.amazonaws.com")
    );
    // The second reuses the role its service may assume; a function reuses the Lambda role.
    let (edits, second) = any_type_edits(&doc, "AWS::StepFunctions::StateMachine");
    assert_eq!(edits.len(), 1);
    apply(&mut doc, edits);
    assert_eq!(
        property(&doc, &second, "RoleArn"),
        "!GetAtt StateMachineRole.Arn"
    );
    let (edits, function) = any_type_edits(&doc, "AWS::Lambda::Function");
    apply(&mut doc, edits);
    assert_eq!(
        property(&doc, &function, "Role"),
        "!GetAtt FunctionRole.Arn"
    );

    // A type dropped into a subnet refers to it; a subnet group lists it; a route table
    // refers to the VPC; placeholders say what to fill in.
    let target = DropTarget {
        vpc: Some("Vpc".into()),
        subnet: Some("SubnetA".into()),
    };
    let (edits, nat) = type_edits(&doc, "AWS::EC2::NatGateway", &target);
    apply(&mut doc, edits);
    assert_eq!(property(&doc, &nat, "SubnetId"), "!Ref SubnetA");
    let (edits, group) = any_type_edits(&doc, "AWS::RDS::DBSubnetGroup");
    apply(&mut doc, edits);
    assert_eq!(property(&doc, &group, "SubnetIds"), "- !Ref SubnetA");
    assert_eq!(
        property(&doc, &group, "DBSubnetGroupDescription"),
        "<DBSubnetGroupDescription>"
    );
    let (edits, table) = any_type_edits(&doc, "AWS::EC2::RouteTable");
    apply(&mut doc, edits);
    assert_eq!(property(&doc, &table, "VpcId"), "!Ref Vpc");
    // A type with nothing required gets no Properties at all.
    let (edits, queue) = any_type_edits(&doc, "AWS::SQS::Queue");
    apply(&mut doc, edits);
    assert!(
        doc.template
            .resource(&queue)
            .unwrap()
            .properties()
            .is_none()
    );
    // A palette drag of a schema type names it.
    let id = PaletteItemId::schema_type("AWS::SQS::Queue").unwrap();
    assert_eq!(id.type_name(), "AWS::SQS::Queue");
    assert!(PaletteItemId::schema_type("AWS::SQS::Queu").is_none());
}

#[test]
fn nothing_the_app_adds_misses_a_required_property() {
    let mut doc = start();
    for t in TYPES {
        let (edits, _) = any_type_edits(&doc, t);
        apply(&mut doc, edits);
    }
    // Every curated palette item, dropped outside any VPC.
    let mut curated = Document::new(Template::new_empty(Format::Yaml));
    for (_, item) in PaletteItemId::all() {
        let (edits, _) = create_edits(&curated, item, &DropTarget::default());
        apply(&mut curated, edits);
    }
    // What the schema checks of the app say: no missing required property.
    for d in [&doc, &curated] {
        let derived = stackcanvas::model::Derived::build(&d.template, "t.yaml");
        let missing: Vec<String> = derived
            .diagnostics()
            .filter(|x| x.message.contains("needs the property"))
            .map(ToString::to_string)
            .collect();
        assert!(missing.is_empty(), "{missing:#?}");
    }
    let dir = common::scratch_dir("schema-palette");
    let by_name = dir.join("by-name.yaml");
    std::fs::write(&by_name, doc.save_text(Format::Yaml).unwrap()).unwrap();
    let palette = dir.join("palette.yaml");
    std::fs::write(&palette, curated.save_text(Format::Yaml).unwrap()).unwrap();
    if common::skip_oracle() {
        return;
    }
    let lines = common::run_oracle(
        &dir,
        &[(by_name.clone(), by_name), (palette.clone(), palette)],
    );
    for line in &lines {
        let errors: Vec<&str> = line
            .get_path(&["output_errors"])
            .and_then(Node::as_sequence)
            .unwrap()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        assert!(!errors.contains(&"E3003"), "{line:?}");
    }
}
