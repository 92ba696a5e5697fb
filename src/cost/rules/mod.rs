//! The table of priced resource types: each maps its properties to cost components.

mod compute;
mod data;
mod network;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::book::{Book, Lookup};
use super::eval::{Eval, V};
use super::{Component, HOURS_PER_MONTH, Monthly, Price, Quantity, Range, ResourceCost, Status};
use crate::cfn::{Node, Resource};

/// The attribute pairs a query selects a row by.
pub(super) type Select<'a> = &'a [(&'a str, &'a str)];

/// A rule: adds the resource's components, or says why it cannot.
type Rule = fn(&mut Cx<'_, '_>) -> Result<(), String>;

/// Priced types and their rules.
const RULES: &[(&str, Rule)] = &[
    ("AWS::EC2::Instance", compute::instance),
    ("AWS::EC2::Volume", compute::volume),
    (
        "AWS::AutoScaling::AutoScalingGroup",
        compute::auto_scaling_group,
    ),
    ("AWS::ElasticBeanstalk::Environment", compute::beanstalk),
    ("AWS::ECS::Service", compute::ecs_service),
    ("AWS::EKS::Cluster", compute::eks_cluster),
    ("AWS::Lambda::Function", compute::lambda),
    ("AWS::Serverless::Function", compute::lambda),
    ("AWS::EC2::NatGateway", network::nat_gateway),
    ("AWS::EC2::EIP", network::eip),
    (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        network::load_balancer,
    ),
    (
        "AWS::ElasticLoadBalancing::LoadBalancer",
        network::classic_load_balancer,
    ),
    ("AWS::EC2::VPCEndpoint", network::vpc_endpoint),
    (
        "AWS::EC2::TransitGatewayAttachment",
        network::tgw_attachment,
    ),
    (
        "AWS::EC2::TransitGatewayVpcAttachment",
        network::tgw_attachment,
    ),
    ("AWS::NetworkFirewall::Firewall", network::network_firewall),
    ("AWS::CloudFront::Distribution", network::cloudfront),
    ("AWS::Route53::HostedZone", network::hosted_zone),
    ("AWS::ApiGateway::RestApi", network::rest_api),
    ("AWS::Serverless::Api", network::rest_api),
    ("AWS::ApiGatewayV2::Api", network::http_api),
    ("AWS::Serverless::HttpApi", network::http_api),
    ("AWS::RDS::DBInstance", data::db_instance),
    ("AWS::RDS::DBCluster", data::db_cluster),
    ("AWS::ElastiCache::CacheCluster", data::cache_cluster),
    (
        "AWS::ElastiCache::ReplicationGroup",
        data::replication_group,
    ),
    ("AWS::DynamoDB::Table", data::dynamodb_table),
    ("AWS::Serverless::SimpleTable", data::simple_table),
    ("AWS::S3::Bucket", data::bucket),
    ("AWS::SQS::Queue", data::queue),
    ("AWS::SNS::Topic", data::topic),
    ("AWS::SNS::Subscription", data::subscription),
    ("AWS::KMS::Key", data::kms_key),
    ("AWS::SecretsManager::Secret", data::secret),
    ("AWS::CloudWatch::Alarm", data::alarm),
    ("AWS::Logs::LogGroup", data::log_group),
    ("AWS::EFS::FileSystem", data::efs),
];

/// Types with no charge of their own, and why.
const FREE: &[(&str, &str)] = &[
    ("AWS::EC2::VPC", "VPCs have no charge"),
    ("AWS::EC2::Subnet", "subnets have no charge"),
    ("AWS::EC2::SecurityGroup", "security groups have no charge"),
    (
        "AWS::EC2::SecurityGroupIngress",
        "security group rules have no charge",
    ),
    (
        "AWS::EC2::SecurityGroupEgress",
        "security group rules have no charge",
    ),
    ("AWS::EC2::RouteTable", "route tables have no charge"),
    ("AWS::EC2::Route", "routes have no charge"),
    (
        "AWS::EC2::SubnetRouteTableAssociation",
        "associations have no charge",
    ),
    (
        "AWS::EC2::InternetGateway",
        "internet gateways have no charge (data transfer is billed on the instances)",
    ),
    (
        "AWS::EC2::VPCGatewayAttachment",
        "attachments of an internet gateway have no charge",
    ),
    (
        "AWS::EC2::EgressOnlyInternetGateway",
        "egress-only internet gateways have no charge",
    ),
    ("AWS::EC2::NetworkAcl", "network ACLs have no charge"),
    (
        "AWS::EC2::NetworkAclEntry",
        "network ACL entries have no charge",
    ),
    (
        "AWS::EC2::SubnetNetworkAclAssociation",
        "associations have no charge",
    ),
    ("AWS::EC2::DHCPOptions", "DHCP options have no charge"),
    (
        "AWS::EC2::VPCDHCPOptionsAssociation",
        "associations have no charge",
    ),
    ("AWS::EC2::VPCCidrBlock", "CIDR blocks have no charge"),
    ("AWS::EC2::SubnetCidrBlock", "CIDR blocks have no charge"),
    (
        "AWS::EC2::LaunchTemplate",
        "priced through the instances and groups that use it",
    ),
    ("AWS::EC2::KeyPair", "key pairs have no charge"),
    ("AWS::EC2::EIPAssociation", "priced on the address"),
    ("AWS::EC2::VolumeAttachment", "priced on the volume"),
    (
        "AWS::EC2::NetworkInterface",
        "network interfaces have no charge (a public address is priced where it is assigned)",
    ),
    ("AWS::EC2::TransitGateway", "priced per attachment"),
    (
        "AWS::EC2::TransitGatewayRouteTable",
        "priced per attachment",
    ),
    ("AWS::EC2::TransitGatewayRoute", "priced per attachment"),
    (
        "AWS::EC2::PlacementGroup",
        "placement groups have no charge",
    ),
    (
        "AWS::AutoScaling::LaunchConfiguration",
        "priced through the groups that use it",
    ),
    (
        "AWS::AutoScaling::ScalingPolicy",
        "scaling policies have no charge",
    ),
    (
        "AWS::AutoScaling::ScheduledAction",
        "scheduled actions have no charge",
    ),
    (
        "AWS::AutoScaling::LifecycleHook",
        "lifecycle hooks have no charge",
    ),
    (
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "Application Auto Scaling has no charge",
    ),
    (
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "Application Auto Scaling has no charge",
    ),
    (
        "AWS::ElasticLoadBalancingV2::Listener",
        "priced on the load balancer",
    ),
    (
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "priced on the load balancer",
    ),
    (
        "AWS::ElasticLoadBalancingV2::ListenerCertificate",
        "priced on the load balancer",
    ),
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "priced on the load balancer",
    ),
    ("AWS::IAM::Role", "IAM has no charge"),
    ("AWS::IAM::Policy", "IAM has no charge"),
    ("AWS::IAM::ManagedPolicy", "IAM has no charge"),
    ("AWS::IAM::InstanceProfile", "IAM has no charge"),
    ("AWS::IAM::User", "IAM has no charge"),
    ("AWS::IAM::Group", "IAM has no charge"),
    ("AWS::IAM::AccessKey", "IAM has no charge"),
    ("AWS::IAM::UserToGroupAddition", "IAM has no charge"),
    ("AWS::IAM::ServiceLinkedRole", "IAM has no charge"),
    ("AWS::Lambda::Permission", "permissions have no charge"),
    (
        "AWS::Lambda::EventSourceMapping",
        "priced on the function's invocations",
    ),
    ("AWS::Lambda::Version", "priced on the function"),
    ("AWS::Lambda::Alias", "priced on the function"),
    (
        "AWS::Lambda::LayerVersion",
        "priced on the functions that use it (its storage is free up to 75 GB)",
    ),
    (
        "AWS::Lambda::LayerVersionPermission",
        "permissions have no charge",
    ),
    ("AWS::SQS::QueuePolicy", "policies have no charge"),
    ("AWS::SNS::TopicPolicy", "policies have no charge"),
    ("AWS::S3::BucketPolicy", "policies have no charge"),
    ("AWS::KMS::Alias", "aliases have no charge"),
    (
        "AWS::Route53::RecordSet",
        "queries are priced on the hosted zone",
    ),
    (
        "AWS::Route53::RecordSetGroup",
        "queries are priced on the hosted zone",
    ),
    (
        "AWS::CloudFront::OriginAccessControl",
        "priced on the distribution",
    ),
    (
        "AWS::CloudFront::CloudFrontOriginAccessIdentity",
        "priced on the distribution",
    ),
    ("AWS::CloudFront::CachePolicy", "priced on the distribution"),
    (
        "AWS::CloudFront::OriginRequestPolicy",
        "priced on the distribution",
    ),
    (
        "AWS::CloudFront::ResponseHeadersPolicy",
        "priced on the distribution",
    ),
    (
        "AWS::ECS::Cluster",
        "priced through its services' tasks and instances",
    ),
    (
        "AWS::ECS::TaskDefinition",
        "priced through the services that run it",
    ),
    (
        "AWS::ECS::ClusterCapacityProviderAssociations",
        "priced through the services",
    ),
    (
        "AWS::ECS::CapacityProvider",
        "priced through its Auto Scaling group",
    ),
    ("AWS::ApiGateway::Resource", "priced on the API's requests"),
    ("AWS::ApiGateway::Method", "priced on the API's requests"),
    (
        "AWS::ApiGateway::Deployment",
        "priced on the API's requests",
    ),
    (
        "AWS::ApiGateway::Stage",
        "priced on the API's requests (a cache is not priced)",
    ),
    ("AWS::ApiGateway::Account", "no charge"),
    (
        "AWS::ApiGateway::Authorizer",
        "priced on the API's requests",
    ),
    ("AWS::ApiGateway::Model", "priced on the API's requests"),
    (
        "AWS::ApiGateway::BasePathMapping",
        "priced on the API's requests",
    ),
    ("AWS::ApiGatewayV2::Stage", "priced on the API's requests"),
    ("AWS::ApiGatewayV2::Route", "priced on the API's requests"),
    (
        "AWS::ApiGatewayV2::Integration",
        "priced on the API's requests",
    ),
    (
        "AWS::ApiGatewayV2::Deployment",
        "priced on the API's requests",
    ),
    (
        "AWS::ApiGatewayV2::Authorizer",
        "priced on the API's requests",
    ),
    (
        "AWS::Events::Rule",
        "rules have no charge; AWS service events are free, custom events are billed on the bus",
    ),
    ("AWS::Logs::SubscriptionFilter", "priced on the destination"),
    (
        "AWS::Logs::MetricFilter",
        "metric filters have no charge (custom metrics are not priced)",
    ),
    ("AWS::SSM::Parameter", "standard parameters have no charge"),
    ("AWS::CloudFormation::WaitCondition", "no charge"),
    ("AWS::CloudFormation::WaitConditionHandle", "no charge"),
    ("AWS::RDS::DBSubnetGroup", "no charge"),
    ("AWS::RDS::DBParameterGroup", "no charge"),
    ("AWS::RDS::DBClusterParameterGroup", "no charge"),
    ("AWS::RDS::OptionGroup", "no charge"),
    ("AWS::ElastiCache::SubnetGroup", "no charge"),
    ("AWS::ElastiCache::ParameterGroup", "no charge"),
    ("AWS::EFS::MountTarget", "priced on the file system"),
    ("AWS::EFS::AccessPoint", "priced on the file system"),
    (
        "AWS::ElasticBeanstalk::Application",
        "priced through its environments",
    ),
    (
        "AWS::ElasticBeanstalk::ApplicationVersion",
        "priced through its environments (the bundle's S3 storage is not priced)",
    ),
    (
        "AWS::ElasticBeanstalk::ConfigurationTemplate",
        "priced through its environments",
    ),
    (
        "AWS::CertificateManager::Certificate",
        "public certificates have no charge",
    ),
];

/// Prices one resource.
pub(super) fn price(
    eval: &Eval<'_>,
    book: Option<&Book>,
    usage: Option<&BTreeMap<String, Decimal>>,
    res: Resource<'_>,
) -> ResourceCost {
    let type_name = res.type_name();
    let mut cost = ResourceCost {
        logical_id: res.logical_id.to_owned(),
        type_name: type_name.to_owned(),
        status: Status::Priced,
        components: Vec::new(),
        notes: Vec::new(),
    };
    if let Some(condition) = res.condition() {
        match eval.condition(condition) {
            Ok(true) => {}
            Ok(false) => {
                cost.status = Status::NotCreated(format!(
                    "condition {condition} is false, so it is not created"
                ));
                return cost;
            }
            Err(reason) => {
                cost.status = Status::Unknown(format!("condition {condition}: {reason}"));
                return cost;
            }
        }
    }
    if let Some((_, why)) = FREE.iter().find(|(t, _)| *t == type_name) {
        cost.status = Status::Free((*why).to_owned());
        return cost;
    }
    let Some((_, rule)) = RULES.iter().find(|(t, _)| *t == type_name) else {
        cost.status = Status::NotPriced;
        return cost;
    };
    let mut cx = Cx {
        eval,
        book,
        usage,
        res,
        out: Vec::new(),
        notes: Vec::new(),
        free: None,
    };
    let result = rule(&mut cx);
    let free = cx.free.take();
    cost.components = cx.out;
    cost.notes = cx.notes;
    match result {
        Ok(()) if cost.components.is_empty() => {
            cost.status =
                Status::Free(free.unwrap_or_else(|| "no charge in this configuration".into()));
        }
        Ok(()) => {}
        Err(reason) => cost.status = Status::Unknown(reason),
    }
    cost
}

/// What a component asks the book for.
pub(super) struct Query<'q> {
    service: &'q str,
    family: Option<&'q str>,
    select: Vec<(&'q str, String)>,
    unit: Option<&'q str>,
}

impl<'q> Query<'q> {
    /// Asks for a row of this unit too.
    #[must_use]
    pub fn with_unit(mut self, unit: &'q str) -> Self {
        self.unit = Some(unit);
        self
    }
}

/// A query for a row.
pub(super) fn q<'q>(service: &'q str, family: &'q str, select: &[(&'q str, &str)]) -> Query<'q> {
    Query {
        service,
        family: Some(family),
        select: select.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        unit: None,
    }
}

/// What one rule works with while pricing one resource.
pub(super) struct Cx<'a, 'b> {
    pub eval: &'b Eval<'a>,
    book: Option<&'b Book>,
    usage: Option<&'b BTreeMap<String, Decimal>>,
    pub res: Resource<'a>,
    out: Vec<Component>,
    notes: Vec<String>,
    free: Option<String>,
}

impl<'a> Cx<'a, '_> {
    /// The resource's `Properties` node, if any.
    pub fn props(&self) -> Option<&'a Node> {
        self.res.attribute("Properties")
    }

    /// A property at a path, evaluated.
    pub fn prop(&self, keys: &[&str]) -> V<'a> {
        self.props().map_or(V::Absent, |p| self.eval.path(p, keys))
    }

    /// A property's text.
    pub fn text(&self, keys: &[&str]) -> Result<Option<String>, String> {
        self.eval
            .text(&self.prop(keys))
            .map_err(|r| format!("{}: {r}", keys.join(".")))
    }

    /// A property's number.
    pub fn number(&self, keys: &[&str]) -> Result<Option<Decimal>, String> {
        self.eval
            .number(&self.prop(keys))
            .map_err(|r| format!("{}: {r}", keys.join(".")))
    }

    /// A property's boolean.
    pub fn boolean(&self, keys: &[&str]) -> Result<Option<bool>, String> {
        self.eval
            .boolean(&self.prop(keys))
            .map_err(|r| format!("{}: {r}", keys.join(".")))
    }

    /// How many items a list property has.
    pub fn count(&self, keys: &[&str]) -> Result<usize, String> {
        self.eval
            .items(&self.prop(keys))
            .map(|i| i.len())
            .map_err(|r| format!("{}: {r}", keys.join(".")))
    }

    /// Another resource of the template.
    pub fn resource(&self, logical_id: &str) -> Option<Resource<'a>> {
        self.eval.template().resource(logical_id)
    }

    /// Says why this configuration has no charge (when the rule adds no component).
    pub fn free(&mut self, why: &str) {
        self.free = Some(why.to_owned());
    }

    /// Notes what the figure assumes.
    pub fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    fn lookup(&self, query: &Query<'_>) -> Result<Price, (String, Option<&'_ super::Row>)> {
        let Some(book) = self.book else {
            return Err((format!("no price book for {}", self.eval.region()), None));
        };
        let select: Vec<(&str, &str)> =
            query.select.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match book.find(query.service, query.family, &select, query.unit) {
            Ok(row) => Ok(Price {
                row_id: row.id.clone(),
                unit_price: row.unit_price(),
                free_allowance: row.free_allowance(),
                unit: row.unit.clone(),
                tiered: row.is_tiered(),
                evidence: row.evidence,
                published: row.published.clone(),
            }),
            Err(Lookup::Missing) => {
                let what: Vec<String> = query
                    .select
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect();
                Err((
                    format!(
                        "no price in the {} book for {} {}",
                        book.region,
                        query.family.unwrap_or(query.service),
                        what.join(", ")
                    ),
                    None,
                ))
            }
            Err(Lookup::Ambiguous(a, b)) => Err((
                format!(
                    "the {} book has two prices that match: {a} and {b}",
                    book.region
                ),
                None,
            )),
        }
    }

    fn row_cost(&self, query: &Query<'_>, quantity: Decimal) -> Option<Decimal> {
        let book = self.book?;
        let select: Vec<(&str, &str)> =
            query.select.iter().map(|(k, v)| (*k, v.as_str())).collect();
        book.find(query.service, query.family, &select, query.unit)
            .ok()?
            .cost(quantity)
    }

    fn range_cost(&self, query: &Query<'_>, quantity: Range) -> Result<Range, String> {
        let over = || "the quantity is past the book's known tiers".to_owned();
        Ok(Range {
            lo: self.row_cost(query, quantity.lo).ok_or_else(over)?,
            hi: self.row_cost(query, quantity.hi).ok_or_else(over)?,
        })
    }

    /// A component whose monthly quantity the template fixes.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "callers build the query in the call"
    )]
    pub fn fixed(
        &mut self,
        name: impl Into<String>,
        unit: &str,
        query: Query<'_>,
        quantity: Range,
    ) {
        let (price, monthly) = match self.lookup(&query) {
            Ok(price) => {
                let monthly = match self.range_cost(&query, quantity) {
                    Ok(r) => Monthly::Fixed(r),
                    Err(e) => Monthly::Unknown(e),
                };
                (Some(price), monthly)
            }
            Err((reason, _)) => (None, Monthly::Unknown(reason)),
        };
        self.out.push(Component {
            name: name.into(),
            unit: unit.to_owned(),
            quantity: Quantity::Known(quantity),
            price,
            monthly,
        });
    }

    /// A component billed by the hour, `count` of them all month.
    pub fn hours(&mut self, name: impl Into<String>, query: Query<'_>, count: Range) {
        self.fixed(
            name,
            "hours",
            query,
            count.times(Decimal::from(HOURS_PER_MONTH)),
        );
    }

    /// A component whose quantity is the usage under `key` times `factor`.
    pub fn usage(
        &mut self,
        name: impl Into<String>,
        unit: &str,
        query: Query<'_>,
        key: &str,
        factor: Decimal,
    ) {
        let given = self
            .usage
            .and_then(|u| u.get(key))
            .map(|q| Range::exact(*q * factor));
        self.usage_quantity(name, unit, query, key, given);
    }

    /// A usage component whose quantity the rule works out from the usage given.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "callers build the query in the call"
    )]
    pub fn usage_quantity(
        &mut self,
        name: impl Into<String>,
        unit: &str,
        query: Query<'_>,
        key: &str,
        given: Option<Range>,
    ) {
        let (price, monthly) = match self.lookup(&query) {
            Ok(price) => {
                let monthly = match given {
                    Some(q) => match self.range_cost(&query, q) {
                        Ok(r) => Monthly::Usage(r),
                        Err(e) => Monthly::Unknown(e),
                    },
                    None => Monthly::PerUnit,
                };
                (Some(price), monthly)
            }
            Err((reason, _)) => (None, Monthly::Unknown(reason)),
        };
        self.out.push(Component {
            name: name.into(),
            unit: unit.to_owned(),
            quantity: Quantity::Usage {
                key: key.to_owned(),
                given,
            },
            price,
            monthly,
        });
    }

    /// A usage value the user gave for this resource.
    pub fn given(&self, key: &str) -> Option<Decimal> {
        self.usage.and_then(|u| u.get(key)).copied()
    }

    /// A component that cannot be priced, with the reason.
    pub fn unknown(&mut self, name: impl Into<String>, unit: &str, reason: impl Into<String>) {
        self.out.push(Component {
            name: name.into(),
            unit: unit.to_owned(),
            quantity: Quantity::Unknown,
            price: None,
            monthly: Monthly::Unknown(reason.into()),
        });
    }
}

/// A whole number as a decimal.
pub(super) fn n(k: usize) -> Decimal {
    Decimal::from(k)
}

/// A count of resources (an Auto Scaling group's size); a fraction or a negative is refused.
pub(super) fn whole(d: Decimal, what: &str) -> Result<Decimal, String> {
    if d.is_sign_negative() || d.fract() != Decimal::ZERO {
        Err(format!("{what} {d} is not a whole number"))
    } else {
        Ok(d)
    }
}
