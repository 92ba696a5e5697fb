//! Service icons drawn in code as vector shapes, so that no image with an unknown licence
//! ships with Stack Canvas.
//!
//! Each icon is a list of primitives in a unit square (0..1 on both axes), drawn in white on a
//! rounded square of the service's category colour. Services without a drawing of their own get
//! a monogram of their name, so every service still has a distinct icon.

use emath::{Pos2, pos2};

use crate::model::service_of;

/// One primitive of an icon, in unit-square coordinates.
#[derive(Clone, Debug, PartialEq)]
pub enum IconPrim {
    /// A circle; filled or outlined.
    Circle {
        /// Centre.
        center: Pos2,
        /// Radius.
        radius: f32,
        /// Filled (else a 1/12-wide outline).
        filled: bool,
    },
    /// A polyline or polygon.
    Path {
        /// Points.
        points: Vec<Pos2>,
        /// Whether the last point joins the first.
        closed: bool,
        /// Filled (closed paths only; must be convex).
        filled: bool,
    },
    /// Text centred at a point, with a height relative to the square.
    Text {
        /// Centre.
        center: Pos2,
        /// The text.
        text: String,
        /// Font size as a fraction of the square.
        size: f32,
    },
}

fn p(x: f32, y: f32) -> Pos2 {
    pos2(x, y)
}

fn line(points: &[(f32, f32)]) -> IconPrim {
    IconPrim::Path {
        points: points.iter().map(|&(x, y)| p(x, y)).collect(),
        closed: false,
        filled: false,
    }
}

fn outline(points: &[(f32, f32)]) -> IconPrim {
    IconPrim::Path {
        points: points.iter().map(|&(x, y)| p(x, y)).collect(),
        closed: true,
        filled: false,
    }
}

fn fill(points: &[(f32, f32)]) -> IconPrim {
    IconPrim::Path {
        points: points.iter().map(|&(x, y)| p(x, y)).collect(),
        closed: true,
        filled: true,
    }
}

fn circle(x: f32, y: f32, r: f32, filled: bool) -> IconPrim {
    IconPrim::Circle {
        center: p(x, y),
        radius: r,
        filled,
    }
}

fn text(t: &str, size: f32) -> IconPrim {
    IconPrim::Text {
        center: p(0.5, 0.52),
        text: t.to_owned(),
        size,
    }
}

/// The icon of a resource type.
pub fn icon_for(type_name: &str) -> Vec<IconPrim> {
    match type_name {
        "AWS::EC2::VPC" => vec![
            // A cloud.
            outline(&[
                (0.2, 0.7),
                (0.14, 0.58),
                (0.22, 0.46),
                (0.34, 0.46),
                (0.4, 0.34),
                (0.55, 0.3),
                (0.68, 0.38),
                (0.72, 0.48),
                (0.84, 0.52),
                (0.86, 0.66),
                (0.78, 0.72),
            ]),
            line(&[(0.2, 0.72), (0.8, 0.72)]),
        ],
        "AWS::EC2::Subnet" => vec![
            outline(&[(0.2, 0.25), (0.8, 0.25), (0.8, 0.75), (0.2, 0.75)]),
            line(&[(0.2, 0.42), (0.8, 0.42)]),
        ],
        "AWS::EC2::InternetGateway" | "AWS::EC2::EgressOnlyInternetGateway" => vec![
            outline(&[
                (0.22, 0.78),
                (0.22, 0.4),
                (0.5, 0.2),
                (0.78, 0.4),
                (0.78, 0.78),
            ]),
            line(&[(0.5, 0.78), (0.5, 0.45)]),
            line(&[(0.38, 0.56), (0.5, 0.44), (0.62, 0.56)]),
        ],
        "AWS::EC2::NatGateway" => vec![
            circle(0.5, 0.5, 0.3, false),
            line(&[(0.32, 0.5), (0.68, 0.5)]),
            line(&[(0.56, 0.4), (0.68, 0.5), (0.56, 0.6)]),
        ],
        "AWS::EC2::RouteTable" | "AWS::EC2::Route" => vec![
            outline(&[(0.2, 0.22), (0.8, 0.22), (0.8, 0.78), (0.2, 0.78)]),
            line(&[(0.2, 0.41), (0.8, 0.41)]),
            line(&[(0.2, 0.6), (0.8, 0.6)]),
            line(&[(0.45, 0.22), (0.45, 0.78)]),
        ],
        "AWS::EC2::SecurityGroup"
        | "AWS::EC2::SecurityGroupIngress"
        | "AWS::EC2::SecurityGroupEgress" => vec![shield()],
        "AWS::EC2::EIP" | "AWS::EC2::EIPAssociation" => {
            vec![circle(0.5, 0.5, 0.28, false), text("IP", 0.3)]
        }
        "AWS::EC2::NetworkInterface" => vec![
            outline(&[(0.25, 0.3), (0.75, 0.3), (0.75, 0.7), (0.25, 0.7)]),
            line(&[(0.35, 0.7), (0.35, 0.8)]),
            line(&[(0.5, 0.7), (0.5, 0.8)]),
            line(&[(0.65, 0.7), (0.65, 0.8)]),
        ],
        t if t.starts_with("AWS::EC2::") || t.starts_with("AWS::AutoScaling::") => chip(type_name),
        t if t.starts_with("AWS::Lambda::") || t == "AWS::Serverless::Function" => vec![
            // A lambda.
            line(&[(0.3, 0.22), (0.42, 0.22), (0.7, 0.78), (0.78, 0.78)]),
            line(&[(0.56, 0.5), (0.34, 0.78)]),
        ],
        t if t.starts_with("AWS::S3::") => vec![
            // A bucket.
            outline(&[(0.22, 0.3), (0.78, 0.3), (0.7, 0.78), (0.3, 0.78)]),
            line(&[(0.22, 0.3), (0.5, 0.38), (0.78, 0.3)]),
        ],
        t if t.starts_with("AWS::SQS::") => vec![
            outline(&[(0.18, 0.32), (0.82, 0.32), (0.82, 0.68), (0.18, 0.68)]),
            line(&[(0.36, 0.32), (0.36, 0.68)]),
            line(&[(0.5, 0.32), (0.5, 0.68)]),
            line(&[(0.64, 0.32), (0.64, 0.68)]),
        ],
        t if t.starts_with("AWS::SNS::") => vec![
            circle(0.5, 0.5, 0.08, true),
            circle(0.5, 0.5, 0.2, false),
            circle(0.5, 0.5, 0.32, false),
        ],
        t if t.starts_with("AWS::IAM::") => vec![
            // A person.
            circle(0.5, 0.35, 0.12, false),
            line(&[
                (0.26, 0.78),
                (0.3, 0.6),
                (0.5, 0.54),
                (0.7, 0.6),
                (0.74, 0.78),
            ]),
        ],
        t if t.starts_with("AWS::KMS::") || t.starts_with("AWS::SecretsManager::") => vec![
            // A key.
            circle(0.36, 0.5, 0.13, false),
            line(&[(0.49, 0.5), (0.8, 0.5), (0.8, 0.62)]),
            line(&[(0.68, 0.5), (0.68, 0.6)]),
        ],
        t if t.starts_with("AWS::DynamoDB::")
            || t.starts_with("AWS::RDS::")
            || t.starts_with("AWS::Neptune::")
            || t.starts_with("AWS::DocDB::")
            || t.starts_with("AWS::ElastiCache::") =>
        {
            cylinder(type_name)
        }
        t if t.starts_with("AWS::ElasticLoadBalancing") => vec![
            circle(0.5, 0.5, 0.3, false),
            line(&[(0.3, 0.5), (0.7, 0.5)]),
            line(&[(0.5, 0.5), (0.68, 0.32)]),
            line(&[(0.5, 0.5), (0.68, 0.68)]),
        ],
        t if t.starts_with("AWS::ApiGateway")
            || t == "AWS::Serverless::Api"
            || t == "AWS::Serverless::HttpApi" =>
        {
            vec![
                line(&[(0.4, 0.25), (0.25, 0.5), (0.4, 0.75)]),
                line(&[(0.6, 0.25), (0.75, 0.5), (0.6, 0.75)]),
                line(&[(0.55, 0.3), (0.45, 0.7)]),
            ]
        }
        t if t.starts_with("AWS::Events::")
            || t.starts_with("AWS::Scheduler::")
            || t.starts_with("AWS::Pipes::") =>
        {
            vec![
                circle(0.5, 0.5, 0.3, false),
                line(&[(0.5, 0.3), (0.5, 0.5), (0.64, 0.6)]),
            ]
        }
        t if t.starts_with("AWS::StepFunctions::") || t == "AWS::Serverless::StateMachine" => vec![
            circle(0.3, 0.3, 0.09, false),
            circle(0.7, 0.5, 0.09, false),
            circle(0.3, 0.7, 0.09, false),
            line(&[(0.38, 0.34), (0.62, 0.46)]),
            line(&[(0.62, 0.54), (0.38, 0.66)]),
        ],
        t if t.starts_with("AWS::ECS::")
            || t.starts_with("AWS::EKS::")
            || t.starts_with("AWS::ECR::") =>
        {
            vec![
                outline(&[
                    (0.22, 0.32),
                    (0.5, 0.2),
                    (0.78, 0.32),
                    (0.78, 0.68),
                    (0.5, 0.8),
                    (0.22, 0.68),
                ]),
                line(&[(0.22, 0.32), (0.5, 0.44), (0.78, 0.32)]),
                line(&[(0.5, 0.44), (0.5, 0.8)]),
            ]
        }
        t if t.starts_with("AWS::CloudWatch::") || t.starts_with("AWS::Logs::") => vec![
            line(&[(0.2, 0.7), (0.38, 0.48), (0.52, 0.6), (0.8, 0.28)]),
            line(&[(0.2, 0.8), (0.8, 0.8)]),
        ],
        t if t.starts_with("AWS::CloudFront::") || t.starts_with("AWS::Route53") => vec![
            circle(0.5, 0.5, 0.3, false),
            line(&[(0.2, 0.5), (0.8, 0.5)]),
            outline(&[(0.5, 0.2), (0.62, 0.5), (0.5, 0.8), (0.38, 0.5)]),
        ],
        t if t.starts_with("AWS::CloudFormation::") => vec![
            outline(&[
                (0.26, 0.2),
                (0.66, 0.2),
                (0.76, 0.3),
                (0.76, 0.8),
                (0.26, 0.8),
            ]),
            line(&[(0.36, 0.42), (0.66, 0.42)]),
            line(&[(0.36, 0.56), (0.66, 0.56)]),
            line(&[(0.36, 0.7), (0.56, 0.7)]),
        ],
        t if t.starts_with("AWS::SSM::") => vec![
            circle(0.5, 0.5, 0.16, false),
            circle(0.5, 0.5, 0.3, false),
            line(&[(0.5, 0.14), (0.5, 0.26)]),
            line(&[(0.5, 0.74), (0.5, 0.86)]),
        ],
        _ => vec![text(&monogram(type_name), 0.34)],
    }
}

/// Up to three capitals of the service name: `Kinesis` gives "KIN", `CodeBuild` gives "CB".
pub fn monogram(type_name: &str) -> String {
    let service = service_of(type_name);
    let caps: String = service
        .chars()
        .filter(char::is_ascii_uppercase)
        .take(3)
        .collect();
    if caps.len() >= 2 {
        caps
    } else {
        service.chars().take(3).collect::<String>().to_uppercase()
    }
}

fn shield() -> IconPrim {
    outline(&[
        (0.5, 0.18),
        (0.78, 0.28),
        (0.74, 0.58),
        (0.5, 0.82),
        (0.26, 0.58),
        (0.22, 0.28),
    ])
}

/// A chip with pins, for EC2-like compute.
fn chip(type_name: &str) -> Vec<IconPrim> {
    let mut v = vec![outline(&[(0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7)])];
    for k in [0.38, 0.5, 0.62] {
        v.push(line(&[(k, 0.18), (k, 0.3)]));
        v.push(line(&[(k, 0.7), (k, 0.82)]));
        v.push(line(&[(0.18, k), (0.3, k)]));
        v.push(line(&[(0.7, k), (0.82, k)]));
    }
    if type_name.starts_with("AWS::AutoScaling::") {
        v.push(fill(&[
            (0.42, 0.42),
            (0.58, 0.42),
            (0.58, 0.58),
            (0.42, 0.58),
        ]));
    }
    v
}

/// A database cylinder; DynamoDB gets a lightning mark, RDS bands.
fn cylinder(type_name: &str) -> Vec<IconPrim> {
    let mut v = vec![
        outline(&[
            (0.26, 0.28),
            (0.38, 0.22),
            (0.62, 0.22),
            (0.74, 0.28),
            (0.62, 0.34),
            (0.38, 0.34),
        ]),
        line(&[
            (0.26, 0.28),
            (0.26, 0.72),
            (0.38, 0.78),
            (0.62, 0.78),
            (0.74, 0.72),
            (0.74, 0.28),
        ]),
    ];
    if type_name.starts_with("AWS::DynamoDB::") {
        v.push(line(&[
            (0.54, 0.4),
            (0.44, 0.56),
            (0.56, 0.56),
            (0.46, 0.7),
        ]));
    } else {
        v.push(line(&[
            (0.26, 0.5),
            (0.38, 0.56),
            (0.62, 0.56),
            (0.74, 0.5),
        ]));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_has_an_icon_and_common_ones_are_drawn() {
        for t in [
            "AWS::EC2::Instance",
            "AWS::Lambda::Function",
            "AWS::S3::Bucket",
            "AWS::SQS::Queue",
            "AWS::SNS::Topic",
            "AWS::IAM::Role",
            "AWS::DynamoDB::Table",
            "AWS::RDS::DBInstance",
        ] {
            let icon = icon_for(t);
            assert!(
                !icon.iter().any(|p| matches!(p, IconPrim::Text { .. })),
                "{t} should be drawn"
            );
        }
        assert_eq!(monogram("AWS::CodeBuild::Project"), "CB");
        assert_eq!(monogram("AWS::Kinesis::Stream"), "KIN");
        assert_ne!(
            icon_for("AWS::Glue::Job"),
            icon_for("AWS::Athena::WorkGroup")
        );
    }
}
