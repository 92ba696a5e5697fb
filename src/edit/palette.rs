//! What the palette creates: each item's type and the minimal properties that make it valid
//! where it is dropped (in a VPC, in a subnet, or on its own).

use crate::cfn::{Form, Func, Intrinsic, Mapping, Node, Number, Value};
use crate::model::{Category, Document};

pub use super::palette_search::{CuratedIndex, PaletteItemId, curated_matches, schema_matches};
use super::{Edit, unique_logical_id};

/// Where an item is dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DropTarget {
    /// The VPC it lands in, if any.
    pub vpc: Option<String>,
    /// The subnet it lands in, if any.
    pub subnet: Option<String>,
}

/// One palette item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaletteItem {
    /// The label in the palette.
    pub label: &'static str,
    /// The resource type created.
    pub type_name: &'static str,
    /// The base of the new logical ID (`Queue` gives `Queue`, `Queue2`...).
    pub base_id: &'static str,
    /// The group in the palette.
    pub category: Category,
}

const fn item(
    label: &'static str,
    type_name: &'static str,
    base_id: &'static str,
    category: Category,
) -> PaletteItem {
    PaletteItem {
        label,
        type_name,
        base_id,
        category,
    }
}

/// Every palette item, in palette order.
pub const PALETTE: &[PaletteItem] = &[
    item("VPC", "AWS::EC2::VPC", "Vpc", Category::Networking),
    item("Subnet", "AWS::EC2::Subnet", "Subnet", Category::Networking),
    item(
        "Internet gateway",
        "AWS::EC2::InternetGateway",
        "InternetGateway",
        Category::Networking,
    ),
    item(
        "NAT gateway",
        "AWS::EC2::NatGateway",
        "NatGateway",
        Category::Networking,
    ),
    item(
        "Route table",
        "AWS::EC2::RouteTable",
        "RouteTable",
        Category::Networking,
    ),
    item(
        "Load balancer (ELBv2)",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "LoadBalancer",
        Category::Networking,
    ),
    item(
        "Security group",
        "AWS::EC2::SecurityGroup",
        "SecurityGroup",
        Category::Security,
    ),
    item("IAM role", "AWS::IAM::Role", "Role", Category::Security),
    item(
        "EC2 instance",
        "AWS::EC2::Instance",
        "Instance",
        Category::Compute,
    ),
    item(
        "Launch template",
        "AWS::EC2::LaunchTemplate",
        "LaunchTemplate",
        Category::Compute,
    ),
    item(
        "Auto Scaling group",
        "AWS::AutoScaling::AutoScalingGroup",
        "AutoScalingGroup",
        Category::Compute,
    ),
    item(
        "Lambda function",
        "AWS::Lambda::Function",
        "Function",
        Category::Compute,
    ),
    item("S3 bucket", "AWS::S3::Bucket", "Bucket", Category::Storage),
    item(
        "DynamoDB table",
        "AWS::DynamoDB::Table",
        "Table",
        Category::Database,
    ),
    item(
        "RDS DB instance",
        "AWS::RDS::DBInstance",
        "Database",
        Category::Database,
    ),
    item(
        "SQS queue",
        "AWS::SQS::Queue",
        "Queue",
        Category::AppIntegration,
    ),
    item(
        "SQS FIFO queue",
        "AWS::SQS::Queue",
        "FifoQueue",
        Category::AppIntegration,
    ),
    item(
        "SNS topic",
        "AWS::SNS::Topic",
        "Topic",
        Category::AppIntegration,
    ),
    item(
        "API Gateway (REST)",
        "AWS::ApiGateway::RestApi",
        "RestApi",
        Category::AppIntegration,
    ),
    item(
        "API Gateway (HTTP)",
        "AWS::ApiGatewayV2::Api",
        "HttpApi",
        Category::AppIntegration,
    ),
];

fn s(text: &str) -> Node {
    Node::string(text)
}

fn num(n: i64) -> Node {
    Node::new(Value::Number(Number::from_text(n.to_string())))
}

fn yes() -> Node {
    Node::new(Value::Bool(true))
}

fn list(items: Vec<Node>) -> Node {
    Node::new(Value::Sequence(items))
}

fn map(pairs: Vec<(&str, Node)>) -> Node {
    Node::new(Value::Mapping(
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    ))
}

fn func(f: Func, arg: Node) -> Node {
    Node::new(Value::Intrinsic(Box::new(Intrinsic {
        func: f,
        arg,
        form: Form::Short,
    })))
}

/// `!Ref id`.
pub fn r#ref(id: &str) -> Node {
    func(Func::Ref, s(id))
}

/// `!GetAtt id.attr`.
pub fn get_att(id: &str, attr: &str) -> Node {
    func(Func::GetAtt, s(&format!("{id}.{attr}")))
}

/// `!Sub text`.
pub fn sub(text: &str) -> Node {
    func(Func::Sub, s(text))
}

fn resource(type_name: &str, props: Vec<(&str, Node)>) -> Node {
    let mut m = Mapping::new();
    m.insert("Type", s(type_name));
    if !props.is_empty() {
        m.insert("Properties", map(props));
    }
    Node::new(Value::Mapping(m))
}

fn trust_policy(service: &str) -> Node {
    map(vec![
        ("Version", s("2012-10-17")),
        (
            "Statement",
            list(vec![map(vec![
                ("Effect", s("Allow")),
                ("Principal", map(vec![("Service", s(service))])),
                ("Action", s("sts:AssumeRole")),
            ])]),
        ),
    ])
}

/// A free `/24` inside a VPC's literal `10.x.0.0/16`-style block, as a literal; or, when the
/// VPC's block is not a literal, a `!Select [k, !Cidr [!GetAtt Vpc.CidrBlock, 256, 8]]`.
fn free_subnet_cidr(doc: &Document, vpc: &str) -> Node {
    let used: Vec<Node> = doc
        .template
        .resources()
        .filter(|r| r.type_name() == "AWS::EC2::Subnet")
        .filter_map(|r| r.property(&["CidrBlock"]).cloned())
        .collect();
    let vpc_cidr = doc
        .template
        .resource(vpc)
        .and_then(|r| r.property(&["CidrBlock"]))
        .and_then(Node::as_str);
    if let Some((prefix, _)) = vpc_cidr.and_then(|c| c.split_once('/'))
        && let [a, b, _, _] = prefix.split('.').collect::<Vec<_>>()[..]
    {
        for k in 0..=255 {
            let candidate = format!("{a}.{b}.{k}.0/24");
            if !used.iter().any(|u| u.as_str() == Some(candidate.as_str())) {
                return s(&candidate);
            }
        }
    }
    let k = i64::try_from(used.len()).unwrap_or(0);
    func(
        Func::Select,
        list(vec![
            num(k),
            func(
                Func::Cidr,
                list(vec![get_att(vpc, "CidrBlock"), num(256), num(8)]),
            ),
        ]),
    )
}

/// The edits that create `item` dropped on `target`: the resource, and any companion it needs
/// (an attachment for an internet gateway, an EIP for a NAT gateway, a role for a function).
/// Returns the edits and the new resource's logical ID.
pub fn create_edits(
    doc: &Document,
    item: &PaletteItem,
    target: &DropTarget,
) -> (Vec<Edit>, String) {
    let id = unique_logical_id(doc, item.base_id);
    let mut edits = Vec::new();
    let extra_id = |base: &str, taken: &[&str]| {
        let mut candidate = unique_logical_id(doc, base);
        let mut n = 2;
        while taken.contains(&candidate.as_str()) {
            candidate = unique_logical_id(doc, &format!("{base}{n}"));
            n += 1;
        }
        candidate
    };
    let subnet = target.subnet.as_deref();
    let vpc = target.vpc.as_deref();
    let body = match (item.type_name, item.base_id) {
        ("AWS::EC2::VPC", _) => resource(
            item.type_name,
            vec![
                ("CidrBlock", s("10.0.0.0/16")),
                ("EnableDnsSupport", yes()),
                ("EnableDnsHostnames", yes()),
            ],
        ),
        ("AWS::EC2::Subnet", _) => {
            let mut props = Vec::new();
            if let Some(vpc) = vpc {
                props.push(("VpcId", r#ref(vpc)));
                props.push(("CidrBlock", free_subnet_cidr(doc, vpc)));
            } else {
                props.push(("CidrBlock", s("10.0.0.0/24")));
            }
            props.push((
                "AvailabilityZone",
                func(Func::Select, list(vec![num(0), func(Func::GetAZs, s(""))])),
            ));
            resource(item.type_name, props)
        }
        ("AWS::EC2::InternetGateway", _) => {
            if let Some(vpc) = vpc {
                let attachment = extra_id(&format!("{id}Attachment"), &[&id]);
                edits.push(Edit::AddResource {
                    logical_id: attachment,
                    body: resource(
                        "AWS::EC2::VPCGatewayAttachment",
                        vec![("VpcId", r#ref(vpc)), ("InternetGatewayId", r#ref(&id))],
                    ),
                });
            }
            resource(item.type_name, vec![])
        }
        ("AWS::EC2::NatGateway", _) => {
            let eip = extra_id(&format!("{id}Eip"), &[&id]);
            edits.push(Edit::AddResource {
                logical_id: eip.clone(),
                body: resource("AWS::EC2::EIP", vec![("Domain", s("vpc"))]),
            });
            let mut props = vec![("AllocationId", get_att(&eip, "AllocationId"))];
            if let Some(subnet) = subnet {
                props.push(("SubnetId", r#ref(subnet)));
            }
            resource(item.type_name, props)
        }
        ("AWS::EC2::RouteTable", _) => resource(
            item.type_name,
            vpc.map(|v| vec![("VpcId", r#ref(v))]).unwrap_or_default(),
        ),
        ("AWS::EC2::SecurityGroup", _) => {
            let mut props = vec![("GroupDescription", s(&format!("Security group {id}")))];
            if let Some(vpc) = vpc {
                props.push(("VpcId", r#ref(vpc)));
            }
            resource(item.type_name, props)
        }
        ("AWS::IAM::Role", _) => resource(
            item.type_name,
            vec![(
                "AssumeRolePolicyDocument",
                trust_policy("lambda.amazonaws.com"),
            )],
        ),
        ("AWS::EC2::Instance", _) => {
            let mut props = vec![
                (
                    "ImageId",
                    s(
                        "{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}",
                    ),
                ),
                ("InstanceType", s("t3.micro")),
            ];
            if let Some(subnet) = subnet {
                props.push(("SubnetId", r#ref(subnet)));
            }
            resource(item.type_name, props)
        }
        ("AWS::EC2::LaunchTemplate", _) => resource(
            item.type_name,
            vec![("LaunchTemplateData", launch_template_data())],
        ),
        ("AWS::AutoScaling::AutoScalingGroup", _) => {
            let lt = extra_id(&format!("{id}LaunchTemplate"), &[&id]);
            edits.push(Edit::AddResource {
                logical_id: lt.clone(),
                body: resource(
                    "AWS::EC2::LaunchTemplate",
                    vec![("LaunchTemplateData", launch_template_data())],
                ),
            });
            let mut props = vec![
                ("MinSize", s("1")),
                ("MaxSize", s("2")),
                (
                    "LaunchTemplate",
                    map(vec![
                        ("LaunchTemplateId", r#ref(&lt)),
                        ("Version", get_att(&lt, "LatestVersionNumber")),
                    ]),
                ),
            ];
            match subnet {
                Some(subnet) => props.push(("VPCZoneIdentifier", list(vec![r#ref(subnet)]))),
                None => props.push(("AvailabilityZones", func(Func::GetAZs, s("")))),
            }
            resource(item.type_name, props)
        }
        ("AWS::Lambda::Function", _) => {
            let role = lambda_role(doc).unwrap_or_else(|| {
                let role = extra_id(&format!("{id}Role"), &[&id]);
                edits.push(Edit::AddResource {
                    logical_id: role.clone(),
                    body: resource(
                        "AWS::IAM::Role",
                        vec![
                            ("AssumeRolePolicyDocument", trust_policy("lambda.amazonaws.com")),
                            (
                                "ManagedPolicyArns",
                                list(vec![sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]),
                            ),
                        ],
                    ),
                });
                role
            });
            let mut props = vec![
                ("Runtime", s("python3.12")),
                ("Handler", s("index.handler")),
                ("Role", get_att(&role, "Arn")),
                (
                    "Code",
                    map(vec![(
                        "ZipFile",
                        s("def handler(event, context):\n    return {\"ok\": True}\n"),
                    )]),
                ),
            ];
            if let Some(subnet) = subnet {
                props.push((
                    "VpcConfig",
                    map(vec![("SubnetIds", list(vec![r#ref(subnet)]))]),
                ));
            }
            resource(item.type_name, props)
        }
        ("AWS::SQS::Queue", "FifoQueue") => resource(item.type_name, vec![("FifoQueue", yes())]),
        ("AWS::DynamoDB::Table", _) => resource(
            item.type_name,
            vec![
                (
                    "AttributeDefinitions",
                    list(vec![map(vec![
                        ("AttributeName", s("id")),
                        ("AttributeType", s("S")),
                    ])]),
                ),
                (
                    "KeySchema",
                    list(vec![map(vec![
                        ("AttributeName", s("id")),
                        ("KeyType", s("HASH")),
                    ])]),
                ),
                ("BillingMode", s("PAY_PER_REQUEST")),
            ],
        ),
        ("AWS::RDS::DBInstance", _) => resource(
            item.type_name,
            vec![
                ("Engine", s("mysql")),
                ("DBInstanceClass", s("db.t3.micro")),
                ("AllocatedStorage", s("20")),
                ("MasterUsername", s("admin")),
                ("ManageMasterUserPassword", yes()),
            ],
        ),
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", _) => {
            let mut props = vec![("Type", s("application"))];
            if let Some(subnet) = subnet {
                props.push(("Subnets", list(vec![r#ref(subnet)])));
            }
            resource(item.type_name, props)
        }
        ("AWS::ApiGateway::RestApi", _) => resource(
            item.type_name,
            vec![("Name", sub(&format!("${{AWS::StackName}}-{id}")))],
        ),
        ("AWS::ApiGatewayV2::Api", _) => resource(
            item.type_name,
            vec![
                ("Name", sub(&format!("${{AWS::StackName}}-{id}"))),
                ("ProtocolType", s("HTTP")),
            ],
        ),
        (type_name, _) => resource(type_name, vec![]),
    };
    let (body, companions) = with_required(doc, item.type_name, &id, body, target);
    edits.extend(companions);
    edits.insert(
        0,
        Edit::AddResource {
            logical_id: id.clone(),
            body,
        },
    );
    (edits, id)
}

/// Creates a resource of any type by name, with the properties its schema requires (wired
/// to resources of the template where the schema names their type, placeholders elsewhere).
pub fn any_type_edits(doc: &Document, type_name: &str) -> (Vec<Edit>, String) {
    type_edits(doc, type_name, &DropTarget::default())
}

/// Creates a resource of any type dropped on `target`, with the properties its schema
/// requires; a subnet or VPC property refers to the subnet or VPC it was dropped into.
pub fn type_edits(doc: &Document, type_name: &str, target: &DropTarget) -> (Vec<Edit>, String) {
    let base = type_name.rsplit("::").next().unwrap_or("Resource");
    let id = unique_logical_id(doc, base);
    let (body, companions) =
        with_required(doc, type_name, &id, resource(type_name, vec![]), target);
    let mut edits = vec![Edit::AddResource {
        logical_id: id.clone(),
        body,
    }];
    edits.extend(companions);
    (edits, id)
}

/// Adds to a new resource's body the required properties it does not set, and gives the
/// resources they bring.
fn with_required(
    doc: &Document,
    type_name: &str,
    id: &str,
    mut body: Node,
    target: &DropTarget,
) -> (Node, Vec<Edit>) {
    let Value::Mapping(m) = &mut body.value else {
        return (body, Vec::new());
    };
    let empty = Mapping::new();
    let set = match m.get("Properties").map(|p| &p.value) {
        Some(Value::Mapping(p)) => p,
        _ => &empty,
    };
    let (missing, companions) =
        super::schema_values::required_properties(doc, type_name, id, set, target);
    if missing.is_empty() {
        return (body, companions);
    }
    let mut props = set.clone();
    for (name, value) in missing {
        props.insert(name, value);
    }
    m.insert("Properties", Node::new(Value::Mapping(props)));
    (body, companions)
}

fn launch_template_data() -> Node {
    map(vec![
        (
            "ImageId",
            s(
                "{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}",
            ),
        ),
        ("InstanceType", s("t3.micro")),
    ])
}

/// An existing role that Lambda can assume.
fn lambda_role(doc: &Document) -> Option<String> {
    doc.template
        .resources()
        .filter(|r| r.type_name() == "AWS::IAM::Role")
        .find(|r| {
            let text = r
                .property(&["AssumeRolePolicyDocument"])
                .map(crate::cfn::write_yaml_value)
                .unwrap_or_default();
            text.contains("lambda.amazonaws.com")
        })
        .map(|r| r.logical_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{import_text, write_yaml_value};

    fn doc() -> Document {
        Document::new(
            import_text(
                "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}\n  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.1.0.0/24}}\n  Queue: {Type: AWS::SQS::Queue}\n",
                "t",
                None,
                false,
            )
            .unwrap()
            .template,
        )
    }

    fn find(label: &str) -> PaletteItem {
        *PALETTE.iter().find(|i| i.label == label).unwrap()
    }

    #[test]
    fn drops_create_valid_resources_in_place() {
        let mut d = doc();
        let (edits, id) = create_edits(&d, &find("SQS FIFO queue"), &DropTarget::default());
        assert_eq!(id, "FifoQueue");
        for e in edits {
            d.apply(e).unwrap();
        }
        assert_eq!(
            d.template
                .resource("FifoQueue")
                .unwrap()
                .property(&["FifoQueue"])
                .map(|n| &n.value),
            Some(&Value::Bool(true))
        );

        let (edits, id) = create_edits(&d, &find("SQS queue"), &DropTarget::default());
        assert_eq!(id, "Queue2");
        assert_eq!(edits.len(), 1);

        let target = DropTarget {
            vpc: Some("Vpc".into()),
            subnet: None,
        };
        let (edits, id) = create_edits(&d, &find("Subnet"), &target);
        for e in edits {
            d.apply(e).unwrap();
        }
        let sn = d.template.resource(&id).unwrap();
        assert_eq!(
            sn.property(&["VpcId"]).map(write_yaml_value).as_deref(),
            Some("!Ref Vpc\n")
        );
        assert_eq!(
            sn.property(&["CidrBlock"]).and_then(Node::as_str),
            Some("10.1.1.0/24")
        );

        let target = DropTarget {
            vpc: Some("Vpc".into()),
            subnet: Some("A".into()),
        };
        let (edits, id) = create_edits(&d, &find("EC2 instance"), &target);
        for e in edits {
            d.apply(e).unwrap();
        }
        assert_eq!(
            d.template
                .resource(&id)
                .unwrap()
                .property(&["SubnetId"])
                .map(write_yaml_value)
                .as_deref(),
            Some("!Ref A\n")
        );
    }

    #[test]
    fn the_search_finds_every_type_best_first() {
        let names = |q: &str| -> Vec<&str> { schema_matches(q).iter().map(|t| t.name).collect() };
        assert_eq!(names("queue").first(), Some(&"AWS::SQS::Queue"));
        assert_eq!(
            names("state machine").first(),
            Some(&"AWS::StepFunctions::StateMachine")
        );
        let cloudfront = names("cloudfront");
        assert!(cloudfront.contains(&"AWS::CloudFront::Distribution"));
        assert!(
            cloudfront
                .iter()
                .take(10)
                .all(|n| n.starts_with("AWS::CloudFront::"))
        );
        assert!(names("zzzzqqq").is_empty());
        assert!(names("").is_empty());
        assert!(
            names("function")
                .iter()
                .all(|n| !n.starts_with("AWS::Serverless::"))
        );
        assert!(curated_matches(&find("SQS queue"), "queue"));
        assert!(!curated_matches(&find("SQS queue"), "cloudfront"));
    }

    #[test]
    fn a_type_added_by_name_has_what_it_requires() {
        let mut d = doc();
        let (edits, id) = any_type_edits(&d, "AWS::EC2::Subnet");
        for e in edits {
            d.apply(e).unwrap();
        }
        let subnet = d.template.resource(&id).unwrap();
        assert_eq!(
            subnet.property(&["VpcId"]).map(write_yaml_value).as_deref(),
            Some("!Ref Vpc\n")
        );
        // A curated subnet dropped outside a VPC refers to the VPC there is.
        let (edits, id) = create_edits(&d, &find("Subnet"), &DropTarget::default());
        for e in edits {
            d.apply(e).unwrap();
        }
        let subnet = d.template.resource(&id).unwrap();
        assert_eq!(
            subnet.property(&["VpcId"]).map(write_yaml_value).as_deref(),
            Some("!Ref Vpc\n")
        );
    }

    #[test]
    fn a_function_gets_a_role_created_or_reused() {
        let mut d = doc();
        let (edits, id) = create_edits(&d, &find("Lambda function"), &DropTarget::default());
        assert_eq!(edits.len(), 2, "a new role comes with the first function");
        for e in edits {
            d.apply(e).unwrap();
        }
        let role = d
            .template
            .resource(&id)
            .unwrap()
            .property(&["Role"])
            .map(write_yaml_value)
            .unwrap();
        assert_eq!(role, "!GetAtt FunctionRole.Arn\n");
        let (edits, _) = create_edits(&d, &find("Lambda function"), &DropTarget::default());
        assert_eq!(edits.len(), 1, "the second function reuses the role");
    }
}
