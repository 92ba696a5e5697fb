//! Synthetic templates for benchmarks: `stackcanvas generate --resources N [--seed S]`.
//!
//! The output looks like a real application stack. Each VPC spans two or three Availability
//! Zones with a public and a private subnet in each, an internet gateway with its attachment, a
//! public route table with a default route and subnet associations, and a security group. Inside
//! a VPC go instances (`SubnetId`), Auto Scaling groups with launch templates
//! (`VPCZoneIdentifier`) and Lambda functions with their roles (`VpcConfig.SubnetIds`); beside
//! them queues, topics, buckets, DynamoDB tables and IAM policies. References are written as
//! templates write them: `!Ref`, `!GetAtt`, `!Sub` with `${X}`, and `DependsOn`.
//!
//! The template has exactly the requested number of resources: when the next group (a VPC, or an
//! Auto Scaling group with its launch template) does not fit, single resources fill the rest.
//! The same seed always gives the same bytes.

use crate::cfn::{
    self, Format, Func, Intrinsic, Mapping, Node, Number, Template, TextStyle, Value,
};

/// Resources in one VPC's workload before the generator starts another VPC.
const WORKLOAD_PER_VPC: usize = 36;

/// The latest Amazon Linux AMI, looked up from Systems Manager at deploy time.
const AMI_PARAMETER: &str = "LatestAmiId";

/// Generates a template with `resources` resources from `seed`, as YAML text.
pub fn generate_yaml(resources: usize, seed: u64) -> String {
    cfn::write_yaml(&generate(resources, seed))
}

/// Generates a template with `resources` resources from `seed`.
pub fn generate(resources: usize, seed: u64) -> Template {
    let mut g = Generator {
        rng: Rng(seed ^ 0x9E37_79B9_7F4A_7C15),
        resources: Mapping::new(),
        target: resources,
        vpc: None,
        vpc_count: 0,
        item: 0,
        last_queue: None,
        last_table: None,
        last_bucket: None,
        last_role: None,
    };
    g.fill();

    let mut root = Mapping::new();
    root.insert("AWSTemplateFormatVersion", Node::string("2010-09-09"));
    root.insert(
        "Description",
        Node::string(format!(
            "Synthetic application stack with {resources} resources (stackcanvas generate, seed {seed})"
        )),
    );
    let mut parameters = Mapping::new();
    let mut ami = Mapping::new();
    ami.insert(
        "Type",
        Node::string("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"),
    );
    ami.insert(
        "Default",
        Node::string("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"),
    );
    parameters.insert(AMI_PARAMETER, map(ami));
    root.insert("Parameters", map(parameters));
    root.insert("Resources", map(g.resources));
    Template::from_root(
        root,
        TextStyle {
            format: Format::Yaml,
            trailing_newline: true,
            ..TextStyle::default()
        },
    )
}

/// A small deterministic random number generator (SplitMix64), so output never depends on the
/// platform or a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// The VPC the generator is currently filling.
struct Vpc {
    /// Its security group's logical ID.
    security_group: String,
    /// Its public route's logical ID, for `DependsOn`.
    route: String,
    /// Public subnets' logical IDs, one per AZ.
    public_subnets: Vec<String>,
    /// Private subnets' logical IDs, one per AZ.
    private_subnets: Vec<String>,
    /// Workload resources placed so far.
    workload: usize,
}

/// What the generator has written so far.
struct Generator {
    rng: Rng,
    resources: Mapping,
    target: usize,
    vpc: Option<Vpc>,
    vpc_count: usize,
    item: usize,
    last_queue: Option<String>,
    last_table: Option<String>,
    last_bucket: Option<String>,
    last_role: Option<String>,
}

impl Generator {
    fn remaining(&self) -> usize {
        self.target.saturating_sub(self.resources.len())
    }

    fn fill(&mut self) {
        while self.remaining() > 0 {
            let full = self
                .vpc
                .as_ref()
                .is_none_or(|v| v.workload >= WORKLOAD_PER_VPC);
            // A VPC with three AZs takes 15 resources; start one only with room for a workload.
            if full && self.remaining() >= 20 {
                self.add_vpc();
                continue;
            }
            self.item += 1;
            let before = self.resources.len();
            self.add_workload_item();
            let added = self.resources.len() - before;
            if let Some(v) = &mut self.vpc {
                v.workload += added;
            }
        }
    }

    fn add(&mut self, logical_id: &str, type_name: &str, properties: Mapping) {
        self.add_with(logical_id, type_name, properties, &Mapping::new());
    }

    fn add_with(
        &mut self,
        logical_id: &str,
        type_name: &str,
        properties: Mapping,
        extra: &Mapping,
    ) {
        let mut resource = Mapping::new();
        resource.insert("Type", Node::string(type_name));
        for (key, value) in extra.iter() {
            resource.insert(key, value.clone());
        }
        if !properties.is_empty() {
            resource.insert("Properties", map(properties));
        }
        self.resources.insert(logical_id, map(resource));
    }

    fn add_vpc(&mut self) {
        self.vpc_count += 1;
        let v = self.vpc_count;
        let octet = v % 256;
        let azs = 2 + self.rng.below(2);
        let vpc = format!("Vpc{v}");
        let igw = format!("Vpc{v}InternetGateway");
        let attachment = format!("Vpc{v}GatewayAttachment");
        let table = format!("Vpc{v}PublicRouteTable");
        let route = format!("Vpc{v}PublicRoute");
        let security_group = format!("Vpc{v}AppSecurityGroup");

        let mut p = Mapping::new();
        p.insert("CidrBlock", Node::string(format!("10.{octet}.0.0/16")));
        p.insert("EnableDnsSupport", boolean(true));
        p.insert("EnableDnsHostnames", boolean(true));
        p.insert("Tags", name_tag(&format!("${{AWS::StackName}}-vpc-{v}")));
        self.add(&vpc, "AWS::EC2::VPC", p);

        let mut p = Mapping::new();
        p.insert("Tags", name_tag(&format!("${{AWS::StackName}}-igw-{v}")));
        self.add(&igw, "AWS::EC2::InternetGateway", p);

        let mut p = Mapping::new();
        p.insert("VpcId", reference(&vpc));
        p.insert("InternetGatewayId", reference(&igw));
        self.add(&attachment, "AWS::EC2::VPCGatewayAttachment", p);

        let mut p = Mapping::new();
        p.insert("VpcId", reference(&vpc));
        self.add(&table, "AWS::EC2::RouteTable", p);

        let mut p = Mapping::new();
        p.insert("RouteTableId", reference(&table));
        p.insert("DestinationCidrBlock", Node::string("0.0.0.0/0"));
        p.insert("GatewayId", reference(&igw));
        let mut extra = Mapping::new();
        extra.insert("DependsOn", Node::string(&attachment));
        self.add_with(&route, "AWS::EC2::Route", p, &extra);

        let mut public_subnets = Vec::new();
        let mut private_subnets = Vec::new();
        for az in 0..azs {
            for (public, tier) in [(true, "Public"), (false, "Private")] {
                let subnet = format!("Vpc{v}{tier}Subnet{}", az + 1);
                let third = if public { az } else { 10 + az };
                let mut p = Mapping::new();
                p.insert("VpcId", reference(&vpc));
                p.insert(
                    "CidrBlock",
                    Node::string(format!("10.{octet}.{third}.0/24")),
                );
                p.insert(
                    "AvailabilityZone",
                    intrinsic(
                        Func::Select,
                        Node::new(Value::Sequence(vec![
                            Node::new(Value::Number(Number::from_text(az.to_string()))),
                            intrinsic(Func::GetAZs, Node::string("")),
                        ])),
                    ),
                );
                if public {
                    p.insert("MapPublicIpOnLaunch", boolean(true));
                }
                p.insert(
                    "Tags",
                    name_tag(&format!(
                        "${{AWS::StackName}}-{}-{}",
                        tier.to_lowercase(),
                        az + 1
                    )),
                );
                self.add(&subnet, "AWS::EC2::Subnet", p);
                if public {
                    let mut p = Mapping::new();
                    p.insert("SubnetId", reference(&subnet));
                    p.insert("RouteTableId", reference(&table));
                    self.add(
                        &format!("{subnet}RouteTableAssociation"),
                        "AWS::EC2::SubnetRouteTableAssociation",
                        p,
                    );
                    public_subnets.push(subnet);
                } else {
                    private_subnets.push(subnet);
                }
            }
        }

        let mut rule = Mapping::new();
        rule.insert("IpProtocol", Node::string("tcp"));
        rule.insert("FromPort", number(443));
        rule.insert("ToPort", number(443));
        rule.insert("CidrIp", Node::string(format!("10.{octet}.0.0/16")));
        let mut p = Mapping::new();
        p.insert(
            "GroupDescription",
            Node::string("HTTPS from inside the VPC"),
        );
        p.insert("VpcId", reference(&vpc));
        p.insert("SecurityGroupIngress", list(vec![map(rule)]));
        self.add(&security_group, "AWS::EC2::SecurityGroup", p);

        self.vpc = Some(Vpc {
            security_group,
            route,
            public_subnets,
            private_subnets,
            workload: 0,
        });
    }

    /// Adds one workload item: one resource, or two when a group fits.
    fn add_workload_item(&mut self) {
        let remaining = self.remaining();
        let in_vpc = self.vpc.is_some();
        // Weights: instances, ASGs and functions in the VPC, data and messaging beside them.
        let pick = self.rng.below(10);
        match pick {
            0 | 1 if in_vpc => self.add_instance(),
            2 if in_vpc && remaining >= 2 => self.add_auto_scaling_group(),
            3 | 4 if in_vpc && remaining >= 2 => self.add_function(),
            5 if self.last_role.is_some() && self.last_queue.is_some() => self.add_policy(),
            5 | 6 => self.add_queue(),
            7 => self.add_topic(),
            8 => self.add_bucket(),
            _ => self.add_table(),
        }
    }

    fn add_instance(&mut self) {
        let Some(vpc) = &self.vpc else { return };
        let n = self.item;
        let public = self.rng.below(3) == 0;
        let subnets = if public {
            &vpc.public_subnets
        } else {
            &vpc.private_subnets
        };
        let subnet = subnets
            .get(self.rng.below(subnets.len().max(1)))
            .cloned()
            .unwrap_or_default();
        let security_group = vpc.security_group.clone();
        let route = vpc.route.clone();
        let sizes = ["t3.micro", "t3.small", "m6i.large", "c6i.xlarge"];
        let size = sizes
            .get(self.rng.below(sizes.len()))
            .copied()
            .unwrap_or("t3.micro");
        let mut p = Mapping::new();
        p.insert("ImageId", reference(AMI_PARAMETER));
        p.insert("InstanceType", Node::string(size));
        p.insert("SubnetId", reference(&subnet));
        p.insert(
            "SecurityGroupIds",
            list(vec![get_att(&security_group, "GroupId")]),
        );
        p.insert("Tags", name_tag(&format!("${{AWS::StackName}}-app-{n}")));
        let mut extra = Mapping::new();
        if public {
            extra.insert("DependsOn", Node::string(route));
        }
        self.add_with(&format!("Instance{n}"), "AWS::EC2::Instance", p, &extra);
    }

    fn add_auto_scaling_group(&mut self) {
        let Some(vpc) = &self.vpc else { return };
        let n = self.item;
        let template = format!("LaunchTemplate{n}");
        let subnets: Vec<Node> = vpc.private_subnets.iter().map(|s| reference(s)).collect();
        let security_group = vpc.security_group.clone();
        let route = vpc.route.clone();

        let mut data = Mapping::new();
        data.insert("ImageId", reference(AMI_PARAMETER));
        data.insert("InstanceType", Node::string("t3.medium"));
        data.insert(
            "SecurityGroupIds",
            list(vec![get_att(&security_group, "GroupId")]),
        );
        let mut p = Mapping::new();
        p.insert(
            "LaunchTemplateName",
            sub(&format!("${{AWS::StackName}}-workers-{n}")),
        );
        p.insert("LaunchTemplateData", map(data));
        self.add(&template, "AWS::EC2::LaunchTemplate", p);

        let mut lt = Mapping::new();
        lt.insert("LaunchTemplateId", reference(&template));
        lt.insert("Version", get_att(&template, "LatestVersionNumber"));
        let mut p = Mapping::new();
        p.insert("MinSize", Node::string("1"));
        p.insert("MaxSize", Node::string("4"));
        p.insert("LaunchTemplate", map(lt));
        p.insert("VPCZoneIdentifier", list(subnets));
        let mut extra = Mapping::new();
        extra.insert("DependsOn", Node::string(route));
        self.add_with(
            &format!("AutoScalingGroup{n}"),
            "AWS::AutoScaling::AutoScalingGroup",
            p,
            &extra,
        );
    }

    fn add_function(&mut self) {
        let Some(vpc) = &self.vpc else { return };
        let n = self.item;
        let role = format!("FunctionRole{n}");
        let subnets: Vec<Node> = vpc.private_subnets.iter().map(|s| reference(s)).collect();
        let security_group = vpc.security_group.clone();

        let mut principal = Mapping::new();
        principal.insert("Service", Node::string("lambda.amazonaws.com"));
        let mut statement = Mapping::new();
        statement.insert("Effect", Node::string("Allow"));
        statement.insert("Principal", map(principal));
        statement.insert("Action", Node::string("sts:AssumeRole"));
        let mut document = Mapping::new();
        document.insert("Version", Node::string("2012-10-17"));
        document.insert("Statement", list(vec![map(statement)]));
        let mut p = Mapping::new();
        p.insert("AssumeRolePolicyDocument", map(document));
        p.insert(
            "ManagedPolicyArns",
            list(vec![sub(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            )]),
        );
        self.add(&role, "AWS::IAM::Role", p);

        let mut code = Mapping::new();
        code.insert(
            "ZipFile",
            Node::string("def handler(event, context):\n    return {\"ok\": True}\n"),
        );
        let mut vpc_config = Mapping::new();
        vpc_config.insert("SubnetIds", list(subnets));
        vpc_config.insert(
            "SecurityGroupIds",
            list(vec![get_att(&security_group, "GroupId")]),
        );
        let mut p = Mapping::new();
        p.insert("Runtime", Node::string("python3.12"));
        p.insert("Handler", Node::string("index.handler"));
        p.insert("Role", get_att(&role, "Arn"));
        p.insert("Timeout", number(30));
        p.insert("Code", map(code));
        p.insert("VpcConfig", map(vpc_config));
        let mut variables = Mapping::new();
        if let Some(queue) = &self.last_queue {
            variables.insert("QUEUE_URL", reference(queue));
        }
        if let Some(table) = &self.last_table {
            variables.insert("TABLE_NAME", reference(table));
        }
        if let Some(bucket) = &self.last_bucket {
            variables.insert(
                "BUCKET_URL",
                sub(&format!("https://${{{bucket}.RegionalDomainName}}")),
            );
        }
        if !variables.is_empty() {
            let mut environment = Mapping::new();
            environment.insert("Variables", map(variables));
            p.insert("Environment", map(environment));
        }
        self.add(&format!("Function{n}"), "AWS::Lambda::Function", p);
        self.last_role = Some(role);
    }

    fn add_policy(&mut self) {
        let (Some(role), Some(queue)) = (&self.last_role, &self.last_queue) else {
            return;
        };
        let n = self.item;
        let mut statements = vec![allow("sqs:SendMessage", get_att(queue, "Arn"))];
        if let Some(table) = &self.last_table {
            statements.push(allow("dynamodb:PutItem", get_att(table, "Arn")));
        }
        if let Some(bucket) = &self.last_bucket {
            statements.push(allow("s3:GetObject", sub(&format!("${{{bucket}.Arn}}/*"))));
        }
        let mut document = Mapping::new();
        document.insert("Version", Node::string("2012-10-17"));
        document.insert("Statement", list(statements));
        let mut p = Mapping::new();
        p.insert(
            "PolicyName",
            sub(&format!("${{AWS::StackName}}-policy-{n}")),
        );
        p.insert("PolicyDocument", map(document));
        p.insert("Roles", list(vec![reference(role)]));
        self.add(&format!("Policy{n}"), "AWS::IAM::Policy", p);
    }

    fn add_queue(&mut self) {
        let n = self.item;
        let queue = format!("Queue{n}");
        let mut p = Mapping::new();
        p.insert("VisibilityTimeout", number(60));
        p.insert("MessageRetentionPeriod", number(345_600));
        self.add(&queue, "AWS::SQS::Queue", p);
        self.last_queue = Some(queue);
    }

    fn add_topic(&mut self) {
        let n = self.item;
        let mut p = Mapping::new();
        p.insert(
            "DisplayName",
            sub(&format!("${{AWS::StackName}} events {n}")),
        );
        if let Some(queue) = &self.last_queue {
            let mut subscription = Mapping::new();
            subscription.insert("Protocol", Node::string("sqs"));
            subscription.insert("Endpoint", get_att(queue, "Arn"));
            p.insert("Subscription", list(vec![map(subscription)]));
        }
        self.add(&format!("Topic{n}"), "AWS::SNS::Topic", p);
    }

    fn add_bucket(&mut self) {
        let n = self.item;
        let bucket = format!("Bucket{n}");
        let mut default = Mapping::new();
        default.insert("SSEAlgorithm", Node::string("AES256"));
        let mut rule = Mapping::new();
        rule.insert("ServerSideEncryptionByDefault", map(default));
        let mut encryption = Mapping::new();
        encryption.insert("ServerSideEncryptionConfiguration", list(vec![map(rule)]));
        let mut p = Mapping::new();
        p.insert("BucketEncryption", map(encryption));
        let mut extra = Mapping::new();
        extra.insert("DeletionPolicy", Node::string("Retain"));
        extra.insert("UpdateReplacePolicy", Node::string("Retain"));
        self.add_with(&bucket, "AWS::S3::Bucket", p, &extra);
        self.last_bucket = Some(bucket);
    }

    fn add_table(&mut self) {
        let n = self.item;
        let table = format!("Table{n}");
        let mut attribute = Mapping::new();
        attribute.insert("AttributeName", Node::string("pk"));
        attribute.insert("AttributeType", Node::string("S"));
        let mut key = Mapping::new();
        key.insert("AttributeName", Node::string("pk"));
        key.insert("KeyType", Node::string("HASH"));
        let mut p = Mapping::new();
        p.insert("BillingMode", Node::string("PAY_PER_REQUEST"));
        p.insert("AttributeDefinitions", list(vec![map(attribute)]));
        p.insert("KeySchema", list(vec![map(key)]));
        self.add(&table, "AWS::DynamoDB::Table", p);
        self.last_table = Some(table);
    }
}

fn map(mapping: Mapping) -> Node {
    Node::new(Value::Mapping(mapping))
}

fn list(items: Vec<Node>) -> Node {
    Node::new(Value::Sequence(items))
}

fn boolean(value: bool) -> Node {
    Node::new(Value::Bool(value))
}

fn number(value: u32) -> Node {
    Node::new(Value::Number(Number::from_text(value.to_string())))
}

fn intrinsic(func: Func, arg: Node) -> Node {
    Node::new(Value::Intrinsic(Box::new(Intrinsic::new(func, arg))))
}

fn reference(logical_id: &str) -> Node {
    intrinsic(Func::Ref, Node::string(logical_id))
}

fn get_att(logical_id: &str, attribute: &str) -> Node {
    intrinsic(
        Func::GetAtt,
        Node::string(format!("{logical_id}.{attribute}")),
    )
}

fn sub(text: &str) -> Node {
    intrinsic(Func::Sub, Node::string(text))
}

fn name_tag(value: &str) -> Node {
    let mut tag = Mapping::new();
    tag.insert("Key", Node::string("Name"));
    tag.insert("Value", sub(value));
    list(vec![map(tag)])
}

fn allow(action: &str, resource: Node) -> Node {
    let mut statement = Mapping::new();
    statement.insert("Effect", Node::string("Allow"));
    statement.insert("Action", Node::string(action));
    statement.insert("Resource", resource);
    map(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sizes_are_exact() {
        for n in [0, 1, 5, 19, 20, 21, 37, 100] {
            assert_eq!(generate(n, 3).resources().count(), n, "size {n}");
        }
    }
}
