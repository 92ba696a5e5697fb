//! What a property of a resource can refer to: the resource formats and `relationshipRef`s of
//! the schemas, and the resources of the template that fit them.

use crate::cfn::{Node, Template};
use crate::schema::{Property, TypeSchema};

/// A resource of the template that a property can refer to, as the value to write.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceOffer {
    /// The resource referred to.
    pub logical_id: String,
    /// `!Ref X` or `!GetAtt X.Attr`.
    pub value: Node,
    /// The value as the inspector shows it: `!GetAtt StatesRole.Arn`.
    pub text: String,
}

/// What a value of a property must refer to: a resource format (`AWS::IAM::Role.Arn`) or a
/// `relationshipRef` (a type and the pointer of its property).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Want {
    Format { type_name: String, format: String },
    Property { type_name: String, pointer: String },
}

impl Want {
    pub(super) fn type_name(&self) -> &str {
        match self {
            Want::Format { type_name, .. } | Want::Property { type_name, .. } => type_name,
        }
    }
}

/// What the value at `path` of `schema` must refer to, from the bundle's formats and the
/// property's `relationshipRef`.
pub(super) fn wants(schema: &TypeSchema, path: &str, prop: Option<Property<'_>>) -> Vec<Want> {
    let mut out: Vec<Want> = Vec::new();
    let mut formats: Vec<&str> = schema.format_of(path);
    if let Some(f) = prop.and_then(Property::format) {
        formats.push(f);
    }
    for format in formats {
        if let Some((type_name, _)) = format.rsplit_once('.')
            && type_name.contains("::")
        {
            let want = Want::Format {
                type_name: type_name.to_owned(),
                format: format.to_owned(),
            };
            if !out.contains(&want) {
                out.push(want);
            }
        }
    }
    // Some schemas name no format for a role ARN (Lambda's `Role`); its pattern or name
    // says what it is.
    let name = path.rsplit('/').next().unwrap_or(path);
    let role_pattern = prop
        .and_then(Property::pattern)
        .is_some_and(|p| p.contains("iam::") && p.contains("role"));
    let list = path
        .strip_suffix("/*")
        .map(|p| p.rsplit('/').next().unwrap_or(p));
    let by_name = match (name, list) {
        _ if role_pattern || name.ends_with("RoleArn") => Some("AWS::IAM::Role.Arn"),
        ("SubnetId", _) | (_, Some("SubnetIds" | "Subnets")) => Some("AWS::EC2::Subnet.Id"),
        ("VpcId", _) => Some("AWS::EC2::VPC.Id"),
        (_, Some("SecurityGroupIds")) => Some("AWS::EC2::SecurityGroup.Id"),
        _ => None,
    };
    if out.is_empty()
        && let Some(format) = by_name
        && let Some((type_name, _)) = format.rsplit_once('.')
    {
        out.push(Want::Format {
            type_name: type_name.to_owned(),
            format: format.to_owned(),
        });
    }
    if let Some(r) = prop.and_then(Property::relationship)
        && !r.type_name.is_empty()
    {
        out.push(Want::Property {
            type_name: r.type_name.clone(),
            pointer: r.property_path.clone(),
        });
    }
    out
}

/// `!Ref logical_id` or `!GetAtt logical_id.Attr`: how a resource of `target` gives what
/// `want` asks for, if it does.
pub(super) fn reference_value(logical_id: &str, target: &TypeSchema, want: &Want) -> Option<Node> {
    let refs = |pointer: &str| matches!(target.primary_identifier(), [only] if normalized(only) == normalized(pointer));
    match want {
        Want::Format { format, .. } => {
            if let [only] = target.primary_identifier()
                && target.format_of(only).contains(&format.as_str())
            {
                return Some(super::r#ref(logical_id));
            }
            let attribute = target
                .attributes()
                .iter()
                .filter(|a| !a.is_regex)
                .find(|a| a.format.as_deref() == Some(format.as_str()))
                .or_else(|| {
                    let suffix = format.rsplit_once('.').map(|(_, s)| s)?;
                    target
                        .attributes()
                        .iter()
                        .find(|a| !a.is_regex && a.name == suffix)
                })?;
            if refs(&attribute.pointer) {
                Some(super::r#ref(logical_id))
            } else {
                Some(super::get_att(logical_id, &attribute.name))
            }
        }
        Want::Property { pointer, .. } => {
            if refs(pointer) {
                return Some(super::r#ref(logical_id));
            }
            target
                .attributes()
                .iter()
                .find(|a| !a.is_regex && normalized(&a.pointer) == normalized(pointer))
                .map(|a| super::get_att(logical_id, &a.name))
        }
    }
}

pub(super) fn normalized(pointer: &str) -> &str {
    pointer.strip_prefix("/properties/").unwrap_or(pointer)
}

/// The resources of `template` (other than `except`) that the value at `path` of `schema` can
/// refer to, in template order, each with the `!Ref` or `!GetAtt` that refers to it.
pub fn reference_offers(
    template: &Template,
    schema: &TypeSchema,
    path: &str,
    except: &str,
) -> Vec<ReferenceOffer> {
    let wants = wants(schema, path, schema.property(path));
    if wants.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<ReferenceOffer> = Vec::new();
    for r in template.resources() {
        if r.logical_id == except {
            continue;
        }
        for want in wants.iter().filter(|w| w.type_name() == r.type_name()) {
            let Some(target) = crate::schema::lookup(r.type_name()) else {
                continue;
            };
            let Some(value) = reference_value(r.logical_id, &target, want) else {
                continue;
            };
            let text = crate::cfn::write_yaml_value(&value).trim_end().to_owned();
            if !out.iter().any(|o| o.text == text) {
                out.push(ReferenceOffer {
                    logical_id: r.logical_id.to_owned(),
                    value,
                    text,
                });
            }
        }
    }
    out
}

/// The service principal that assumes a role for a type's service: `states.amazonaws.com` for
/// Step Functions.
pub(super) fn service_principal(type_name: &str) -> String {
    let service = crate::model::service_of(type_name);
    let name = match service {
        "StepFunctions" => "states".to_owned(),
        "ECS" => "ecs-tasks".to_owned(),
        "Events" => "events".to_owned(),
        "Pipes" => "pipes".to_owned(),
        "Scheduler" => "scheduler".to_owned(),
        "ApiGateway" | "ApiGatewayV2" => "apigateway".to_owned(),
        other => other.to_ascii_lowercase(),
    };
    format!("{name}.amazonaws.com")
}
