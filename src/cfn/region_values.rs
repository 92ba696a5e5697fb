//! Values that only exist in one region: literal AMI, subnet, security group, snapshot and VPC
//! IDs, and key pair names. A template holding one deploys in that region (and account) only;
//! the fix is a parameter with the literal as its default (`edit::parameterize`).

use super::Diagnostic;
use super::template::Template;
use super::value::{Node, Pos, Value};

/// What kind of region-specific value a literal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// `ami-…`.
    Image,
    /// `subnet-…`.
    Subnet,
    /// `sg-…`.
    SecurityGroup,
    /// `snap-…`.
    Snapshot,
    /// `vpc-…`.
    Vpc,
    /// A `KeyName`: key pairs are made per region.
    KeyPair,
}

impl RegionKind {
    /// The kind of an ID by its prefix: `ami-` and 8 or 17 hex digits, and so on.
    pub fn of_id(text: &str) -> Option<Self> {
        let (prefix, rest) = text.split_once('-')?;
        let kind = match prefix {
            "ami" => RegionKind::Image,
            "subnet" => RegionKind::Subnet,
            "sg" => RegionKind::SecurityGroup,
            "snap" => RegionKind::Snapshot,
            "vpc" => RegionKind::Vpc,
            _ => return None,
        };
        let hex = rest
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
        (hex && matches!(rest.len(), 8 | 17)).then_some(kind)
    }

    /// The parameter type that checks such a value when the stack is deployed.
    pub fn parameter_type(self) -> &'static str {
        match self {
            RegionKind::Image => "AWS::EC2::Image::Id",
            RegionKind::Subnet => "AWS::EC2::Subnet::Id",
            RegionKind::SecurityGroup => "AWS::EC2::SecurityGroup::Id",
            // CloudFormation has no parameter type for snapshots.
            RegionKind::Snapshot => "String",
            RegionKind::Vpc => "AWS::EC2::VPC::Id",
            RegionKind::KeyPair => "AWS::EC2::KeyPair::KeyName",
        }
    }

    /// What it is, in words: "an AMI ID".
    pub fn noun(self) -> &'static str {
        match self {
            RegionKind::Image => "an AMI ID",
            RegionKind::Subnet => "a subnet ID",
            RegionKind::SecurityGroup => "a security group ID",
            RegionKind::Snapshot => "a snapshot ID",
            RegionKind::Vpc => "a VPC ID",
            RegionKind::KeyPair => "a key pair name",
        }
    }
}

/// A literal region-specific value in a resource's properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionLiteral {
    /// The resource.
    pub logical_id: String,
    /// Keys from the resource's mapping down to the value; a list item's key is its index.
    pub path: Vec<String>,
    /// The literal.
    pub value: String,
    /// What kind of value it is.
    pub kind: RegionKind,
    /// Where it is in the file.
    pub pos: Option<Pos>,
}

impl RegionLiteral {
    /// The warning about it.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::warning(
            file,
            self.pos,
            format!(
                "{} is {} that exists in one region only; make it a parameter (of type {}) so that the template deploys elsewhere",
                self.value,
                self.kind.noun(),
                self.kind.parameter_type()
            ),
        )
        .with_path(format!("Resources.{}.{}", self.logical_id, self.path.join(".")))
        .with_logical_id(&self.logical_id)
    }
}

/// Every region-specific literal in the template's resource properties, in template order.
/// Resources made by a loop are left out: their values are the loop's.
pub fn region_literals(template: &Template) -> Vec<RegionLiteral> {
    let loops = template.loops();
    let mut out = Vec::new();
    for r in template.resources() {
        if loops.generated(r.logical_id).is_some() {
            continue;
        }
        // A key pair resource names the key it creates.
        let key_names = r.type_name() != "AWS::EC2::KeyPair"
            && (r.type_name().starts_with("AWS::EC2::")
                || r.type_name().starts_with("AWS::AutoScaling::"));
        let Some(props) = r.node.get_path(&["Properties"]) else {
            continue;
        };
        let mut path = vec!["Properties".to_owned()];
        walk(props, &mut path, key_names, &mut |path, node, kind| {
            if let Value::String(value) = &node.value {
                out.push(RegionLiteral {
                    logical_id: r.logical_id.to_owned(),
                    path: path.to_vec(),
                    value: value.clone(),
                    kind,
                    pos: (node.span.start.line > 0).then_some(node.span.start),
                });
            }
        });
    }
    out
}

fn walk(
    node: &Node,
    path: &mut Vec<String>,
    key_names: bool,
    found: &mut dyn FnMut(&[String], &Node, RegionKind),
) {
    match &node.value {
        Value::String(s) => {
            let kind = RegionKind::of_id(s).or_else(|| {
                (key_names && path.last().is_some_and(|k| k == "KeyName") && !s.is_empty())
                    .then_some(RegionKind::KeyPair)
            });
            if let Some(kind) = kind {
                found(path, node, kind);
            }
        }
        Value::Mapping(m) => {
            for (key, value) in m.iter() {
                path.push(key.to_owned());
                walk(value, path, key_names, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(item, path, key_names, found);
                path.pop();
            }
        }
        // Inside a function the value is the function's business (`!FindInMap` tables hold
        // AMI IDs by region on purpose).
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    #[test]
    fn literal_ids_and_key_names_are_found_with_their_paths() {
        let text = "\
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      KeyName: ops
      SubnetId: subnet-12345678
      SecurityGroupIds: [sg-1234abcd, !Ref Sg]
      Tags: [{Key: note, Value: ami-nothex}]
  Key:
    Type: AWS::EC2::KeyPair
    Properties:
      KeyName: ops
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: vpc-12345678
";
        let t = import_text(text, "t.yaml", None, false).unwrap().template;
        let found: Vec<(String, String, RegionKind)> = region_literals(&t)
            .into_iter()
            .map(|l| (l.logical_id, l.path.join("."), l.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("Web".into(), "Properties.ImageId".into(), RegionKind::Image),
                (
                    "Web".into(),
                    "Properties.KeyName".into(),
                    RegionKind::KeyPair
                ),
                (
                    "Web".into(),
                    "Properties.SubnetId".into(),
                    RegionKind::Subnet
                ),
                (
                    "Web".into(),
                    "Properties.SecurityGroupIds.0".into(),
                    RegionKind::SecurityGroup
                ),
                (
                    "Bucket".into(),
                    "Properties.BucketName".into(),
                    RegionKind::Vpc
                ),
            ]
        );
        let d = region_literals(&t)[0].diagnostic("t.yaml");
        assert!(!d.is_error());
        assert_eq!(d.pos.map(|p| p.line), Some(5));
        assert!(d.message.contains("AWS::EC2::Image::Id"), "{}", d.message);
    }

    #[test]
    fn ids_need_their_prefix_and_8_or_17_hex_digits() {
        assert_eq!(RegionKind::of_id("ami-12345678"), Some(RegionKind::Image));
        assert_eq!(
            RegionKind::of_id("snap-0123456789abcdef0"),
            Some(RegionKind::Snapshot)
        );
        assert_eq!(RegionKind::of_id("ami-1234567"), None);
        assert_eq!(RegionKind::of_id("ami-ABCDEF12"), None);
        assert_eq!(RegionKind::of_id("sgx-12345678"), None);
        assert_eq!(RegionKind::of_id("subnet"), None);
    }
}
