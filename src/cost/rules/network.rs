//! Networking and the edge: NAT gateways, addresses, load balancers, endpoints, Transit Gateway,
//! Network Firewall, CloudFront, Route 53, API Gateway.

// Every rule has the `Rule` signature, whether or not it can fail.
#![allow(clippy::unnecessary_wraps)]

use rust_decimal::Decimal;

use super::{Cx, Select, n, q};
use crate::cost::eval::{Eval, V};
use crate::cost::{HOURS_PER_MONTH, Range};

fn one() -> Range {
    Range::exact(Decimal::ONE)
}

fn public_ipv4(cx: &mut Cx<'_, '_>, name: &str, count: Range) {
    cx.hours(
        name.to_owned(),
        q(
            "AmazonVPC",
            "IP Address",
            &[("usagetype", "PublicIPv4:InUseAddress")],
        ),
        count,
    );
}

/// Whether a value is the allocation of an `AWS::EC2::EIP` of this template (which is priced
/// there).
fn is_template_eip(cx: &Cx<'_, '_>, v: &V<'_>) -> bool {
    Eval::resource_named(v)
        .and_then(|id| cx.resource(id))
        .is_some_and(|r| r.type_name() == "AWS::EC2::EIP")
}

/// `AWS::EC2::NatGateway`: hours, data processed (usage `data_gb`), and its public address
/// unless an `AWS::EC2::EIP` of the template is it.
pub(super) fn nat_gateway(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.hours(
        "NAT gateway hours",
        q(
            "AmazonEC2",
            "NAT Gateway",
            &[("usagetype", "NatGateway-Hours")],
        ),
        one(),
    );
    cx.usage(
        "data processed",
        "GB",
        q(
            "AmazonEC2",
            "NAT Gateway",
            &[("usagetype", "NatGateway-Bytes")],
        ),
        "data_gb",
        Decimal::ONE,
    );
    if cx.text(&["ConnectivityType"])?.as_deref() == Some("private") {
        return Ok(());
    }
    let allocation = cx.prop(&["AllocationId"]);
    if is_template_eip(cx, &allocation) {
        cx.note("its public IPv4 address is priced on the EIP");
    } else {
        public_ipv4(cx, "public IPv4 address", one());
    }
    let secondary = cx.eval.items(&cx.prop(&["SecondaryAllocationIds"]))?;
    let outside = secondary.iter().filter(|v| !is_template_eip(cx, v)).count();
    if outside > 0 {
        public_ipv4(
            cx,
            "secondary public IPv4 addresses",
            Range::exact(n(outside)),
        );
    }
    Ok(())
}

/// `AWS::EC2::EIP`.
pub(super) fn eip(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    public_ipv4(cx, "public IPv4 address hours", one());
    cx.note("an address costs the same attached or idle");
    Ok(())
}

/// `AWS::ElasticLoadBalancingV2::LoadBalancer`: hours, LCUs (usage `lcu`, the average in use),
/// and, internet-facing, one public IPv4 address per Availability Zone.
pub(super) fn load_balancer(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let kind = cx.text(&["Type"])?.unwrap_or_else(|| "application".into());
    let family = match kind.as_str() {
        "application" => "Load Balancer-Application",
        "network" => "Load Balancer-Network",
        "gateway" => "Load Balancer-Gateway",
        other => {
            return Err(format!(
                "Type `{other}` is not application, network or gateway"
            ));
        }
    };
    cx.hours(
        format!("{kind} load balancer hours"),
        q("AWSELB", family, &[("usagetype", "LoadBalancerUsage")]),
        one(),
    );
    cx.usage(
        "capacity units (average LCUs)",
        "LCU-hours",
        q("AWSELB", family, &[("usagetype", "LCUUsage")]),
        "lcu",
        Decimal::from(HOURS_PER_MONTH),
    );
    let scheme = cx
        .text(&["Scheme"])?
        .unwrap_or_else(|| "internet-facing".into());
    if kind == "gateway" || scheme != "internet-facing" {
        return Ok(());
    }
    let eval = cx.eval;
    let subnets = cx.count(&["Subnets"])?;
    let mappings = eval.items(&cx.prop(&["SubnetMappings"]))?;
    let own_eips = mappings
        .iter()
        .filter(|m| is_template_eip(cx, &eval.field(m, "AllocationId")))
        .count();
    let zones = subnets + mappings.len() - own_eips;
    if zones > 0 {
        public_ipv4(
            cx,
            "public IPv4 addresses (one per zone)",
            Range::exact(n(zones)),
        );
    } else if own_eips == 0 {
        cx.unknown(
            "public IPv4 addresses",
            "hours",
            "its subnets are not listed, so the number of zones is unknown",
        );
    }
    Ok(())
}

/// `AWS::ElasticLoadBalancing::LoadBalancer` (classic): hours and data processed.
pub(super) fn classic_load_balancer(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.hours(
        "classic load balancer hours",
        q(
            "AWSELB",
            "Load Balancer",
            &[("usagetype", "LoadBalancerUsage")],
        ),
        one(),
    );
    cx.usage(
        "data processed",
        "GB",
        q(
            "AWSELB",
            "Load Balancer",
            &[("usagetype", "DataProcessing-Bytes")],
        ),
        "data_gb",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::EC2::VPCEndpoint`: an interface endpoint per subnet (zone) and its data; gateway
/// endpoints are free.
pub(super) fn vpc_endpoint(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let kind = cx
        .text(&["VpcEndpointType"])?
        .unwrap_or_else(|| "Gateway".into());
    let (what, hours, bytes): (&str, Select<'_>, Select<'_>) = match kind.as_str() {
        "Gateway" => {
            cx.free("gateway endpoints (S3, DynamoDB) have no charge");
            return Ok(());
        }
        "Interface" => (
            "interface endpoint",
            &[
                ("endpointType", "PrivateLink"),
                ("usagetype", "VpcEndpoint-Hours"),
            ],
            &[("usagetype", "VpcEndpoint-Bytes")],
        ),
        "GatewayLoadBalancer" => (
            "Gateway Load Balancer endpoint",
            &[("endpointType", "GatewayLoadBalancer")],
            &[("endpointType", "GatewayLoadBalancer")],
        ),
        other => return Err(format!("VpcEndpointType `{other}` is not priced yet")),
    };
    let zones = cx.count(&["SubnetIds"])?.max(1);
    if kind == "GatewayLoadBalancer" {
        // One row of each unit: hours and GB share the selector, and differ by unit.
        cx.hours(
            format!("{what} hours"),
            q("AmazonVPC", "VpcEndpoint", hours).with_unit("Hrs"),
            Range::exact(n(zones)),
        );
        cx.usage(
            "data processed",
            "GB",
            q("AmazonVPC", "VpcEndpoint", bytes).with_unit("GB"),
            "data_gb",
            Decimal::ONE,
        );
        return Ok(());
    }
    cx.hours(
        format!("{what} hours × {zones} zone(s)"),
        q("AmazonVPC", "VpcEndpoint", hours),
        Range::exact(n(zones)),
    );
    cx.usage(
        "data processed",
        "GB",
        q("AmazonVPC", "VpcEndpoint", bytes),
        "data_gb",
        Decimal::ONE,
    );
    Ok(())
}

/// Transit Gateway attachments: hours and data processed.
pub(super) fn tgw_attachment(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.hours(
        "Transit Gateway attachment hours",
        q(
            "AmazonVPC",
            "Transit Gateway",
            &[("usagetype", "TransitGateway-Hours")],
        ),
        one(),
    );
    cx.usage(
        "data processed",
        "GB",
        q(
            "AmazonVPC",
            "Transit Gateway",
            &[("usagetype", "TransitGateway-Bytes")],
        ),
        "data_gb",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::NetworkFirewall::Firewall`: an endpoint per subnet mapping, and traffic.
pub(super) fn network_firewall(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let zones = cx.count(&["SubnetMappings"])?.max(1);
    cx.hours(
        format!("firewall endpoint hours × {zones} zone(s)"),
        q(
            "AWSNetworkFirewall",
            "AWS Firewall",
            &[("operation", "Endpoint")],
        ),
        Range::exact(n(zones)),
    );
    cx.usage(
        "traffic processed",
        "GB",
        q(
            "AWSNetworkFirewall",
            "AWS Firewall",
            &[("operation", "Traffic")],
        ),
        "data_gb",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::CloudFront::Distribution`: data out and HTTPS requests, at US and Europe rates.
pub(super) fn cloudfront(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.usage(
        "data transfer out",
        "GB",
        q(
            "AmazonCloudFront",
            "Data Transfer",
            &[("usagetype", "US-DataTransfer-Out-Bytes")],
        ),
        "data_gb",
        Decimal::ONE,
    );
    cx.usage(
        "HTTPS requests",
        "requests",
        q(
            "AmazonCloudFront",
            "Request",
            &[("usagetype", "US-Requests-Tier2-HTTPS")],
        ),
        "requests",
        Decimal::ONE,
    );
    cx.note("priced at United States and Europe edge rates");
    Ok(())
}

/// `AWS::Route53::HostedZone`: the zone and its queries.
pub(super) fn hosted_zone(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.fixed(
        "hosted zone",
        "zone-month",
        q("AmazonRoute53", "DNS Zone", &[("usagetype", "HostedZone")]),
        one(),
    );
    cx.usage(
        "standard queries",
        "queries",
        q(
            "AmazonRoute53",
            "DNS Query",
            &[("usagetype", "DNS-Queries")],
        ),
        "queries",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::ApiGateway::RestApi`, `AWS::Serverless::Api`: requests.
pub(super) fn rest_api(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.usage(
        "REST API requests",
        "requests",
        q(
            "AmazonApiGateway",
            "API Calls",
            &[("operation", "ApiGatewayRequest")],
        ),
        "requests",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::ApiGatewayV2::Api`, `AWS::Serverless::HttpApi`: HTTP requests, or WebSocket messages
/// and connection minutes.
pub(super) fn http_api(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let protocol = if cx.res.type_name() == "AWS::Serverless::HttpApi" {
        "HTTP".to_owned()
    } else {
        cx.text(&["ProtocolType"])?.unwrap_or_else(|| "HTTP".into())
    };
    if protocol == "WEBSOCKET" {
        cx.usage(
            "WebSocket messages",
            "messages",
            q(
                "AmazonApiGateway",
                "WebSocket",
                &[("usagetype", "ApiGatewayMessage")],
            ),
            "messages",
            Decimal::ONE,
        );
        cx.usage(
            "connection minutes",
            "minutes",
            q(
                "AmazonApiGateway",
                "WebSocket",
                &[("usagetype", "ApiGatewayMinute")],
            ),
            "connection_minutes",
            Decimal::ONE,
        );
        return Ok(());
    }
    cx.usage(
        "HTTP API requests",
        "requests",
        q(
            "AmazonApiGateway",
            "API Calls",
            &[("operation", "ApiGatewayHttpApi")],
        ),
        "requests",
        Decimal::ONE,
    );
    Ok(())
}
