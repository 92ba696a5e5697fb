//! The placement table: which property places which resource type in which container (a
//! VPC, subnets, or beside a related resource). Containment (`containment.rs`) reads it.

/// What kind of container a rule places a resource in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentKind {
    /// An `AWS::EC2::VPC`.
    Vpc,
    /// One or more `AWS::EC2::Subnet`s.
    Subnet,
    /// The container of a related resource, found forward (`RouteTableId`) or, with a path
    /// written `<-Type.Path`, backward: a resource of that type whose property names this one.
    Beside,
}

impl ParentKind {
    /// The resource type a parent of this kind has.
    pub fn resource_type(self) -> &'static str {
        match self {
            ParentKind::Vpc => "AWS::EC2::VPC",
            ParentKind::Subnet => "AWS::EC2::Subnet",
            ParentKind::Beside => "",
        }
    }
}

/// One row of the placement table.
#[derive(Clone, Copy, Debug)]
pub struct PlacementRule {
    /// The resource type this rule places.
    pub resource_type: &'static str,
    /// The kind of container.
    pub parent: ParentKind,
    /// Property paths, tried in order; dots separate keys and lists are searched item by item.
    /// `Group->Path` follows a reference to another resource (a DB subnet group) and reads
    /// `Path` there.
    pub paths: &'static [&'static str],
}

const fn rule(
    resource_type: &'static str,
    parent: ParentKind,
    paths: &'static [&'static str],
) -> PlacementRule {
    PlacementRule {
        resource_type,
        parent,
        paths,
    }
}

/// Which property places which resource type in which container.
pub const PLACEMENT_RULES: &[PlacementRule] = &[
    rule("AWS::EC2::Subnet", ParentKind::Vpc, &["VpcId"]),
    rule("AWS::EC2::SecurityGroup", ParentKind::Vpc, &["VpcId"]),
    rule("AWS::EC2::RouteTable", ParentKind::Vpc, &["VpcId"]),
    rule("AWS::EC2::NetworkAcl", ParentKind::Vpc, &["VpcId"]),
    rule(
        "AWS::EC2::VPCGatewayAttachment",
        ParentKind::Vpc,
        &["VpcId"],
    ),
    rule("AWS::EC2::VPCEndpoint", ParentKind::Vpc, &["VpcId"]),
    rule("AWS::EC2::VPCCidrBlock", ParentKind::Vpc, &["VpcId"]),
    rule(
        "AWS::EC2::EgressOnlyInternetGateway",
        ParentKind::Vpc,
        &["VpcId"],
    ),
    rule(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        ParentKind::Vpc,
        &["VpcId"],
    ),
    rule(
        "AWS::EC2::Instance",
        ParentKind::Subnet,
        &[
            "SubnetId",
            "NetworkInterfaces.SubnetId",
            "NetworkInterfaces.NetworkInterfaceId->SubnetId",
        ],
    ),
    rule(
        "AWS::EC2::NetworkInterface",
        ParentKind::Subnet,
        &["SubnetId"],
    ),
    rule("AWS::EC2::NatGateway", ParentKind::Subnet, &["SubnetId"]),
    rule(
        "AWS::Lambda::Function",
        ParentKind::Subnet,
        &["VpcConfig.SubnetIds"],
    ),
    rule(
        "AWS::Serverless::Function",
        ParentKind::Subnet,
        &["VpcConfig.SubnetIds"],
    ),
    rule(
        "AWS::AutoScaling::AutoScalingGroup",
        ParentKind::Subnet,
        &["VPCZoneIdentifier"],
    ),
    rule(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ParentKind::Subnet,
        &["Subnets", "SubnetMappings.SubnetId"],
    ),
    rule(
        "AWS::ElasticLoadBalancing::LoadBalancer",
        ParentKind::Subnet,
        &["Subnets"],
    ),
    rule(
        "AWS::RDS::DBInstance",
        ParentKind::Subnet,
        &["DBSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::RDS::DBCluster",
        ParentKind::Subnet,
        &["DBSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::ElastiCache::CacheCluster",
        ParentKind::Subnet,
        &["CacheSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::ElastiCache::ReplicationGroup",
        ParentKind::Subnet,
        &["CacheSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::ECS::Service",
        ParentKind::Subnet,
        &["NetworkConfiguration.AwsvpcConfiguration.Subnets"],
    ),
    rule("AWS::EFS::MountTarget", ParentKind::Subnet, &["SubnetId"]),
    rule(
        "AWS::OpenSearchService::Domain",
        ParentKind::Subnet,
        &["VPCOptions.SubnetIds"],
    ),
    rule(
        "AWS::Elasticsearch::Domain",
        ParentKind::Subnet,
        &["VPCOptions.SubnetIds"],
    ),
    rule(
        "AWS::CodeBuild::Project",
        ParentKind::Subnet,
        &["VpcConfig.Subnets"],
    ),
    rule(
        "AWS::Batch::ComputeEnvironment",
        ParentKind::Subnet,
        &["ComputeResources.Subnets"],
    ),
    rule(
        "AWS::DocDB::DBCluster",
        ParentKind::Subnet,
        &["DBSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::Neptune::DBCluster",
        ParentKind::Subnet,
        &["DBSubnetGroupName->SubnetIds"],
    ),
    rule(
        "AWS::Redshift::Cluster",
        ParentKind::Subnet,
        &["ClusterSubnetGroupName->SubnetIds"],
    ),
    rule("AWS::EKS::Nodegroup", ParentKind::Subnet, &["Subnets"]),
    rule(
        "AWS::MSK::Cluster",
        ParentKind::Subnet,
        &["BrokerNodeGroupInfo.ClientSubnets"],
    ),
    rule(
        "AWS::NetworkFirewall::Firewall",
        ParentKind::Subnet,
        &["SubnetMappings.SubnetId"],
    ),
    rule(
        "AWS::EC2::TransitGatewayAttachment",
        ParentKind::Subnet,
        &["SubnetIds"],
    ),
    rule(
        "AWS::EC2::TransitGatewayVpcAttachment",
        ParentKind::Subnet,
        &["SubnetIds"],
    ),
    rule(
        "AWS::DirectoryService::MicrosoftAD",
        ParentKind::Subnet,
        &["VpcSettings.SubnetIds"],
    ),
    // Network plumbing sits with what it serves.
    rule("AWS::EC2::Route", ParentKind::Beside, &["RouteTableId"]),
    rule(
        "AWS::EC2::SubnetRouteTableAssociation",
        ParentKind::Beside,
        &["RouteTableId"],
    ),
    rule(
        "AWS::EC2::NetworkAclEntry",
        ParentKind::Beside,
        &["NetworkAclId"],
    ),
    rule(
        "AWS::EC2::SubnetNetworkAclAssociation",
        ParentKind::Beside,
        &["NetworkAclId"],
    ),
    rule(
        "AWS::EC2::SecurityGroupIngress",
        ParentKind::Beside,
        &["GroupId"],
    ),
    rule(
        "AWS::EC2::SecurityGroupEgress",
        ParentKind::Beside,
        &["GroupId"],
    ),
    rule(
        "AWS::EC2::InternetGateway",
        ParentKind::Beside,
        &["<-AWS::EC2::VPCGatewayAttachment.InternetGatewayId"],
    ),
    rule(
        "AWS::EC2::EIP",
        ParentKind::Beside,
        &["<-AWS::EC2::NatGateway.AllocationId", "InstanceId"],
    ),
];

/// The placement rule for a resource type.
pub fn placement_rule(resource_type: &str) -> Option<&'static PlacementRule> {
    PLACEMENT_RULES
        .iter()
        .find(|r| r.resource_type == resource_type)
}
