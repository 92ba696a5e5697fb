//! Tests of the schema checks on small templates.

use crate::cfn::{Severity, import_text};

use super::{CheckOptions, Finding, Rule, check_template};

fn check(text: &str) -> Vec<Finding> {
    let t = import_text(text, "t.yaml", None, false).unwrap().template;
    check_template(&t, "t.yaml", &CheckOptions::default())
}

fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{:?} {}", f.rule, f.path.join("/")))
        .collect()
}

#[test]
fn a_misspelt_property_is_an_error_with_a_suggestion() {
    let f = check(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimout: 30\n",
    );
    assert_eq!(
        summary(&f),
        ["UnknownProperty Resources/Q/Properties/VisibilityTimout"]
    );
    let d = &f[0].diagnostic;
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("did you mean VisibilityTimeout?"), "{d}");
    assert_eq!(d.pos.map(|p| (p.line, p.column)), Some((5, 7)));
    assert_eq!(d.logical_id.as_deref(), Some("Q"));
}

#[test]
fn a_state_machine_needs_its_role() {
    let f = check("Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n");
    assert_eq!(summary(&f), ["Required Resources/M/Properties/RoleArn"]);
    assert!(f[0].diagnostic.message.contains("RoleArn"));
    assert!(f[0].diagnostic.is_error());
}

#[test]
fn functions_are_never_type_errors() {
    let f = check(concat!(
        "Parameters:\n  T: {Type: Number}\nConditions:\n  C: !Equals [a, b]\n",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n",
        "      VisibilityTimeout: !Ref T\n      DelaySeconds: !If [C, 1, !Ref AWS::NoValue]\n",
        "      FifoQueue: !If [C, true, false]\n      QueueName: !Sub '${AWS::StackName}-q'\n",
        "      Tags: !If [C, [{Key: a, Value: b}], !Ref AWS::NoValue]\n",
    ));
    assert!(f.is_empty(), "{:#?}", summary(&f));
}

#[test]
fn wrong_types_are_errors_read_leniently() {
    let f = check(concat!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n",
        "      VisibilityTimeout: thirty\n      DelaySeconds: '5'\n      FifoQueue: 'true'\n",
        "      QueueName: 12\n      Tags: {Key: k, Value: v}\n",
    ));
    assert_eq!(
        summary(&f),
        [
            "Type Resources/Q/Properties/VisibilityTimeout",
            "Type Resources/Q/Properties/Tags"
        ]
    );
}

#[test]
fn enums_and_patterns_are_warnings() {
    let f = check(concat!(
        "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n",
        "      AvailabilityZone: us-east-1a\n      VolumeType: GP3\n  W:\n    Type: AWS::EC2::Volume\n",
        "    Properties:\n      AvailabilityZone: us-east-1a\n      VolumeType: gp9\n",
        "  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: Upper\n",
        "  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: 'a b'\n",
    ));
    assert_eq!(
        summary(&f),
        [
            "Enum Resources/W/Properties/VolumeType",
            "Pattern Resources/R/Properties/RepositoryName",
            "Pattern Resources/G/Properties/LogGroupName"
        ]
    );
    assert!(f.iter().all(|f| f.diagnostic.severity == Severity::Warning));
}

#[test]
fn getatt_of_a_missing_attribute() {
    let f = check(concat!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  T:\n    Type: AWS::SNS::Topic\n",
        "    Properties:\n      DisplayName: !GetAtt Q.QueueName\n      TopicName: !GetAtt [Q, Nope]\n",
        "      Tags: [{Key: a, Value: !Sub '${Q.Arn} ${Q.Arnn}'}]\n",
        "  C:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: x\n",
        "Outputs:\n  O:\n    Value: !GetAtt C.Anything\n  P:\n    Value: !GetAtt T.Nope\n",
    ));
    let ids: Vec<_> = f.iter().map(|f| (f.path.join("/"), f.cfn_lint)).collect();
    assert_eq!(
        ids,
        [
            (
                "Resources/T/Properties/TopicName/Fn::GetAtt/1".to_owned(),
                Some("E1010")
            ),
            (
                "Resources/T/Properties/Tags/0/Value/Fn::Sub".to_owned(),
                Some("E1019")
            ),
            ("Outputs/P/Value/Fn::GetAtt/1".to_owned(), Some("E6101")),
        ]
    );
    assert!(
        f[1].diagnostic.message.contains("did you mean Arn?"),
        "{}",
        f[1].diagnostic
    );
}

#[test]
fn types_and_regions() {
    let text = "Resources:\n  P:\n    Type: AWS::DeviceFarm::Project\n    Properties: {Name: p}\n  T:\n    Type: AWS::SQS::Queu\n  X:\n    Type: Acme::Widget::Thing\n  C:\n    Type: Custom::Anything\n    Properties: {ServiceToken: t, Whatever: [1]}\n";
    let f = check(text);
    assert_eq!(
        summary(&f),
        [
            "ResourceType Resources/P/Type",
            "ResourceType Resources/T/Type",
            "ResourceType Resources/X/Type"
        ]
    );
    assert!(
        f[1].diagnostic
            .message
            .contains("did you mean AWS::SQS::Queue?")
    );
    assert_eq!(f[2].diagnostic.severity, Severity::Warning);
    let t = import_text(text, "t.yaml", None, false).unwrap().template;
    let west = check_template(
        &t,
        "t.yaml",
        &CheckOptions {
            region: "us-west-2",
        },
    );
    assert_eq!(
        summary(&west),
        [
            "ResourceType Resources/T/Type",
            "ResourceType Resources/X/Type"
        ]
    );
}

#[test]
fn required_under_conditions() {
    let f = check(concat!(
        "Conditions:\n  A: !Equals [a, b]\n  B: !And [!Condition A, !Equals [c, d]]\n",
        "Resources:\n  R:\n    Type: AWS::IAM::Role\n  F:\n    Type: AWS::Lambda::Function\n",
        "    Properties:\n      Code: {ZipFile: x}\n      Role: !If [A, !GetAtt R.Arn, !Ref AWS::NoValue]\n",
        "  G:\n    Type: AWS::Lambda::Function\n    Condition: B\n",
        "    Properties:\n      Code: {ZipFile: x}\n      Role: !If [A, !GetAtt R.Arn, !Ref AWS::NoValue]\n",
    ));
    // R lacks AssumeRolePolicyDocument; F may lack its Role; G exists only when A holds.
    assert_eq!(
        summary(&f),
        [
            "Required Resources/R/Properties/AssumeRolePolicyDocument",
            "Required Resources/F/Properties/Role"
        ]
    );
}

#[test]
fn the_required_family_is_a_warning() {
    let f = check(concat!(
        "Resources:\n  E:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n",
        "      GroupId: g\n      IpProtocol: tcp\n      CidrIp: 0.0.0.0/0\n      CidrIpv6: ::/0\n",
        "  N:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties: {GroupId: g, IpProtocol: tcp}\n",
        "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: [{Key: a}, {Key: b, Value: c, Colour: red}]\n",
    ));
    assert_eq!(
        summary(&f),
        [
            "RequiredXor Resources/E/Properties/CidrIp",
            "RequiredXor Resources/E/Properties/CidrIpv6",
            "RequiredXor Resources/N/Properties",
            "Required Resources/Q/Properties/Tags/0/Value",
            "UnknownProperty Resources/Q/Properties/Tags/1/Colour",
        ]
    );
    assert!(f[..3].iter().all(|f| !f.diagnostic.is_error()));
    assert!(f[3..].iter().all(|f| f.diagnostic.is_error()));
}

#[test]
fn sam_modules_and_macros() {
    let sam = check(concat!(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n",
        "    Properties: {Nonsense: 1}\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {Colour: red}\n",
        "Outputs:\n  O: {Value: !GetAtt F.Whatever}\n",
    ));
    assert_eq!(
        summary(&sam),
        ["UnknownProperty Resources/Q/Properties/Colour"]
    );
    let with_macro = check(
        "Transform: Count\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {Colour: red}\n",
    );
    assert_eq!(with_macro.len(), 1);
    assert_eq!(with_macro[0].diagnostic.severity, Severity::Warning);
    assert!(with_macro[0].diagnostic.message.contains("macro Count"));
    let module = check(
        "Resources:\n  M:\n    Type: Acme::Net::Vpc::MODULE\n    Properties: {Anything: 1}\n",
    );
    assert!(module.is_empty());
}

#[test]
fn every_rule_names_its_cfn_lint_twin() {
    assert_eq!(Rule::UnknownProperty.cfn_lint(), Some("E3002"));
    assert_eq!(Rule::DeprecatedProperty.cfn_lint(), None);
}

#[test]
fn what_the_template_tells_cfn_lint_to_ignore_is_not_reported() {
    let f = check(concat!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
        "    Metadata: {cfn-lint: {config: {ignore_checks: [E3012]}}}\n",
        "    Properties: {VisibilityTimeout: x, Colour: red}\n",
        "  R:\n    Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeout: x}\n",
    ));
    assert_eq!(
        summary(&f),
        [
            "UnknownProperty Resources/Q/Properties/Colour",
            "Type Resources/R/Properties/VisibilityTimeout"
        ]
    );
    let all = check(concat!(
        "Metadata: {cfn-lint: {config: {ignore_checks: [E30]}}}\n",
        "Resources:\n  R:\n    Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeout: x}\n",
    ));
    assert!(all.is_empty(), "{:?}", summary(&all));
}

#[test]
fn bounds_and_ref_formats_are_warnings_where_cfn_lint_reports_them() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema/formats-and-bounds.yaml"
    ))
    .unwrap();
    let f = check(&text);
    let new_rules = [Rule::Length, Rule::ItemCount, Rule::Range, Rule::RefFormat];
    let found: Vec<String> = summary(
        &f.iter()
            .filter(|f| new_rules.contains(&f.rule))
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        found,
        [
            "RefFormat Resources/SubnetInASubnet/Properties/VpcId",
            "Length Resources/LongNamedRole/Properties/RoleName",
            "ItemCount Resources/Function/Properties/Architectures",
            "Range Resources/Function/Properties/MemorySize",
            "Range Resources/Queue/Properties/VisibilityTimeout",
            "Range Resources/Queue/Properties/MessageRetentionPeriod",
        ]
    );
    for finding in f.iter().filter(|f| new_rules.contains(&f.rule)) {
        assert_eq!(
            finding.diagnostic.severity,
            Severity::Warning,
            "{}",
            finding.diagnostic
        );
    }
    let message = |rule: Rule| {
        f.iter()
            .find(|x| x.rule == rule)
            .map(|x| x.diagnostic.message.clone())
            .unwrap()
    };
    assert_eq!(
        message(Rule::RefFormat),
        "VpcId is !Ref Subnet, which gives AWS::EC2::Subnet.Id, not the AWS::EC2::VPC.Id it takes"
    );
    assert_eq!(
        message(Rule::ItemCount),
        "Architectures has 2 items, more than 1"
    );
    assert_eq!(
        message(Rule::Range),
        "MemorySize is 64, less than the minimum of 128"
    );
    assert!(message(Rule::Length).ends_with(": 67 characters, more than 64"));
    // The fitting values beside them (GoodFunction, Subnet's VpcId) draw nothing.
    assert!(
        f.iter()
            .all(|x| x.diagnostic.logical_id.as_deref() != Some("GoodFunction")),
        "{:#?}",
        summary(&f)
    );
}
