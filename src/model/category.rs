//! AWS service categories and which resource types are "plumbing".
//!
//! Both are one table each, keyed by the service part of the type (`AWS::Lambda::Function`
//! has service `Lambda`), so a new service is one more row.

/// The AWS category of a resource type, which gives its colour and its group on the canvas.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Category {
    /// EC2 instances, Lambda, containers (orange).
    Compute,
    /// S3, EFS, backups (green).
    Storage,
    /// DynamoDB, RDS, caches (blue).
    Database,
    /// Queues, topics, event buses, APIs, workflows (pink).
    AppIntegration,
    /// VPCs, subnets, gateways, load balancers, DNS (purple).
    Networking,
    /// IAM, KMS, secrets, certificates, firewalls (red).
    Security,
    /// CloudWatch, CloudFormation, Systems Manager, logs (magenta).
    Management,
    /// Everything else (grey).
    Other,
}

impl Category {
    /// All categories in display order.
    pub const ALL: [Category; 8] = [
        Category::Compute,
        Category::Storage,
        Category::Database,
        Category::AppIntegration,
        Category::Networking,
        Category::Security,
        Category::Management,
        Category::Other,
    ];

    /// A label for group headers.
    pub fn label(self) -> &'static str {
        match self {
            Category::Compute => "Compute",
            Category::Storage => "Storage",
            Category::Database => "Database",
            Category::AppIntegration => "App integration",
            Category::Networking => "Networking",
            Category::Security => "Security and IAM",
            Category::Management => "Management",
            Category::Other => "Other",
        }
    }

    /// The category of a resource type.
    pub fn of_type(type_name: &str) -> Category {
        let service = service_of(type_name);
        CATEGORY_BY_SERVICE
            .iter()
            .find(|(s, _)| *s == service)
            .map_or(Category::Other, |(_, c)| *c)
    }
}

/// The service part of a type: `AWS::Lambda::Function` gives `Lambda`, `Custom::X` gives `Custom`.
pub fn service_of(type_name: &str) -> &str {
    let mut parts = type_name.split("::");
    match (parts.next(), parts.next()) {
        (Some("AWS" | "Alexa"), Some(service)) => service,
        (Some(first), _) => first,
        _ => type_name,
    }
}

/// Service → category. EC2 is split by type in [`ec2_category`].
const CATEGORY_BY_SERVICE: &[(&str, Category)] = &[
    ("EC2", Category::Compute),
    ("Lambda", Category::Compute),
    ("Serverless", Category::Compute),
    ("AutoScaling", Category::Compute),
    ("ECS", Category::Compute),
    ("EKS", Category::Compute),
    ("Batch", Category::Compute),
    ("ElasticBeanstalk", Category::Compute),
    ("Lightsail", Category::Compute),
    ("ECR", Category::Compute),
    ("ImageBuilder", Category::Compute),
    ("S3", Category::Storage),
    ("S3Express", Category::Storage),
    ("EFS", Category::Storage),
    ("FSx", Category::Storage),
    ("Backup", Category::Storage),
    ("StorageGateway", Category::Storage),
    ("DynamoDB", Category::Database),
    ("RDS", Category::Database),
    ("ElastiCache", Category::Database),
    ("Neptune", Category::Database),
    ("DocDB", Category::Database),
    ("Redshift", Category::Database),
    ("MemoryDB", Category::Database),
    ("Timestream", Category::Database),
    ("OpenSearchService", Category::Database),
    ("OpenSearchServerless", Category::Database),
    ("Elasticsearch", Category::Database),
    ("SQS", Category::AppIntegration),
    ("SNS", Category::AppIntegration),
    ("Events", Category::AppIntegration),
    ("StepFunctions", Category::AppIntegration),
    ("ApiGateway", Category::AppIntegration),
    ("ApiGatewayV2", Category::AppIntegration),
    ("AppSync", Category::AppIntegration),
    ("Pipes", Category::AppIntegration),
    ("Scheduler", Category::AppIntegration),
    ("Kinesis", Category::AppIntegration),
    ("KinesisFirehose", Category::AppIntegration),
    ("MSK", Category::AppIntegration),
    ("AmazonMQ", Category::AppIntegration),
    ("SES", Category::AppIntegration),
    ("ElasticLoadBalancing", Category::Networking),
    ("ElasticLoadBalancingV2", Category::Networking),
    ("Route53", Category::Networking),
    ("Route53Resolver", Category::Networking),
    ("CloudFront", Category::Networking),
    ("VpcLattice", Category::Networking),
    ("GlobalAccelerator", Category::Networking),
    ("DirectConnect", Category::Networking),
    ("NetworkManager", Category::Networking),
    ("ServiceDiscovery", Category::Networking),
    ("IAM", Category::Security),
    ("KMS", Category::Security),
    ("SecretsManager", Category::Security),
    ("CertificateManager", Category::Security),
    ("WAFv2", Category::Security),
    ("WAF", Category::Security),
    ("WAFRegional", Category::Security),
    ("NetworkFirewall", Category::Security),
    ("Cognito", Category::Security),
    ("GuardDuty", Category::Security),
    ("SecurityHub", Category::Security),
    ("Shield", Category::Security),
    ("DirectoryService", Category::Security),
    ("CloudWatch", Category::Management),
    ("Logs", Category::Management),
    ("CloudFormation", Category::Management),
    ("SSM", Category::Management),
    ("CloudTrail", Category::Management),
    ("Config", Category::Management),
    ("Budgets", Category::Management),
    ("ServiceCatalog", Category::Management),
    ("Custom", Category::Management),
];

/// EC2 holds both compute and networking; this says which an EC2 type is.
fn ec2_category(type_name: &str) -> Option<Category> {
    let kind = type_name.strip_prefix("AWS::EC2::")?;
    let compute = [
        "Instance",
        "LaunchTemplate",
        "SpotFleet",
        "EC2Fleet",
        "Volume",
        "VolumeAttachment",
        "KeyPair",
        "PlacementGroup",
        "Host",
        "CapacityReservation",
    ];
    Some(if compute.contains(&kind) {
        Category::Compute
    } else if kind.starts_with("SecurityGroup")
        || kind.starts_with("NetworkAcl")
        || kind == "SubnetNetworkAclAssociation"
    {
        Category::Security
    } else {
        Category::Networking
    })
}

/// The category of a resource type, with EC2 split into compute, networking and security.
pub fn category(type_name: &str) -> Category {
    ec2_category(type_name).unwrap_or_else(|| Category::of_type(type_name))
}

/// Types that wire other resources together rather than being architecture: IAM, permissions,
/// policies, route-table associations and the like. The "hide plumbing" toggle hides them.
const PLUMBING: &[&str] = &[
    "AWS::IAM::*",
    "AWS::Lambda::Permission",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::S3::BucketPolicy",
    "AWS::KMS::Alias",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::Route",
    "AWS::EC2::EIPAssociation",
    "AWS::ApiGateway::Account",
    "AWS::Logs::ResourcePolicy",
];

/// Whether a type is plumbing (see [`PLUMBING`]).
pub fn is_plumbing(type_name: &str) -> bool {
    PLUMBING.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => type_name.starts_with(prefix),
        None => *p == type_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_table() {
        assert_eq!(category("AWS::Lambda::Function"), Category::Compute);
        assert_eq!(category("AWS::EC2::Instance"), Category::Compute);
        assert_eq!(category("AWS::EC2::Subnet"), Category::Networking);
        assert_eq!(category("AWS::EC2::SecurityGroup"), Category::Security);
        assert_eq!(category("AWS::S3::Bucket"), Category::Storage);
        assert_eq!(category("AWS::DynamoDB::Table"), Category::Database);
        assert_eq!(category("AWS::SQS::Queue"), Category::AppIntegration);
        assert_eq!(category("AWS::IAM::Role"), Category::Security);
        assert_eq!(category("Custom::Thing"), Category::Management);
        assert_eq!(category("Acme::Widget::Thing"), Category::Other);
    }

    #[test]
    fn plumbing_covers_iam_and_permissions() {
        assert!(is_plumbing("AWS::IAM::Role"));
        assert!(is_plumbing("AWS::IAM::Policy"));
        assert!(is_plumbing("AWS::Lambda::Permission"));
        assert!(!is_plumbing("AWS::Lambda::Function"));
    }
}
