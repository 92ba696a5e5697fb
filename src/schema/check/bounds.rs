//! The checks of one value that need no walk: its type, enum, pattern and bounds (the length
//! of a string, the count of a list, the range of a number), and whether a `Ref` gives the
//! format the property takes. The walk of a template reports them with the value's place;
//! the inspector asks the same questions of what the user is typing
//! ([`problems_of_value`]).
//!
//! Each answer is the end of a sentence that starts with the property's name: `is 50000,
//! more than the maximum of 43200`.

use crate::cfn::{Func, Node, Template, Value};

use super::super::json::Json;
use super::super::property::Property;
use super::super::shape::{JsonType, Types};
use super::super::type_schema::TypeSchema;
use super::presence::is_no_value;
use super::{Rule, shown, some_of};

/// A bound as a message writes it: `43200`, `0.5`.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Whether a value is of one of `types`, as leniently as CloudFormation reads it (and
/// cfn-lint's E3012).
pub(super) fn fits(node: &Node, types: Types) -> bool {
    types.iter().any(|t| match (&node.value, t) {
        (Value::Null, JsonType::Null)
        | (Value::Sequence(_), JsonType::Array)
        // An intrinsic that is not a value function is read as the mapping it is written as.
        | (Value::Mapping(_) | Value::Intrinsic(_), JsonType::Object)
        | (Value::Bool(_), JsonType::Boolean | JsonType::String)
        | (Value::Number(_), JsonType::Number | JsonType::Integer | JsonType::String)
        | (Value::String(_), JsonType::String) => true,
        (Value::String(s), JsonType::Number) => s.trim().parse::<f64>().is_ok(),
        (Value::String(s), JsonType::Integer) => s.trim().parse::<i128>().is_ok(),
        (Value::String(s), JsonType::Boolean) => {
            matches!(s.as_str(), "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        }
        _ => false,
    })
}

/// "a string", "an integer", "an object or a string".
pub(super) fn article(types: Types) -> String {
    let words: Vec<&str> = types
        .iter()
        .map(|t| match t {
            JsonType::String => "a string",
            JsonType::Number => "a number",
            JsonType::Integer => "an integer",
            JsonType::Boolean => "a boolean",
            JsonType::Array => "a list",
            JsonType::Object => "a mapping",
            JsonType::Null => "null",
        })
        .collect();
    words.join(" or ")
}

/// Whether a value equals an enum entry as cfn-lint compares them: strings and booleans
/// through `"true"`/`"false"`, numbers and strings through their text.
fn enum_equal(node: &Node, e: &Json, case_insensitive: bool) -> bool {
    let fold = |s: &str| {
        if case_insensitive {
            s.to_lowercase()
        } else {
            s.to_owned()
        }
    };
    match (&node.value, e) {
        (Value::Bool(b), Json::Bool(x)) => b == x,
        (Value::Bool(b), Json::String(s)) | (Value::String(s), Json::Bool(b))
            if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
        {
            s.eq_ignore_ascii_case("true") == *b
        }
        (Value::String(s), Json::String(x)) => fold(s) == fold(x),
        (Value::String(s), Json::Number(x)) => s == x.as_str(),
        (Value::Number(n), Json::String(x)) => n.as_str() == x,
        (Value::Number(n), Json::Number(x)) => n.as_f64() == Some(x.as_f64()),
        (Value::Null, Json::Null) => true,
        _ => false,
    }
}

/// The value's type, when the schema gives types and the value has none of them (E3012).
pub(super) fn type_problem(node: &Node, prop: Property<'_>) -> Option<String> {
    let types = prop.types();
    (!types.is_empty() && !fits(node, types))
        .then(|| format!("must be {}, not {}", article(types), shown(node)))
}

/// The value, when the schema lists the values it takes and this is not one (E3030).
pub(super) fn enum_problem(node: &Node, prop: Property<'_>) -> Option<String> {
    let (values, case_insensitive) = prop.enum_values()?;
    if values.iter().any(|e| enum_equal(node, e, case_insensitive)) {
        return None;
    }
    let texts: Vec<String> = values.iter().map(Json::to_string).collect();
    Some(format!(
        "is {}, which is not one of {}{}",
        shown(node),
        some_of(texts.iter().map(String::as_str), 12),
        if case_insensitive {
            " (in any case)"
        } else {
            ""
        }
    ))
}

/// The scalar, when the schema's pattern does not match it (E3031).
pub(super) fn pattern_problem(node: &Node, prop: Property<'_>) -> Option<String> {
    let text = match &node.value {
        Value::String(s) => s.as_str(),
        Value::Number(n) => n.as_str(),
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        _ => return None,
    };
    let shape = prop.chain().find(|p| p.shape().pattern.is_some())?.shape();
    let (re, pattern) = (shape.regex()?, shape.pattern.as_ref()?);
    (!re.is_match(text)).then(|| {
        format!(
            "is {}, which does not match the pattern {pattern}",
            shown(node)
        )
    })
}

/// The value, when it is outside the schema's bounds: a string's length (E3033), a list's
/// count of items (E3032), a number's range (E3034, a string that reads as a number too).
pub(super) fn bounds_problem(node: &Node, prop: Property<'_>) -> Option<(Rule, String)> {
    for p in prop.chain() {
        let shape = p.shape();
        let b = &shape.bounds;
        match &node.value {
            Value::String(s) if shape.format.as_deref() != Some("json") => {
                let n = s.chars().count() as u64;
                if let Some(max) = b.max_length.filter(|m| n > *m) {
                    return Some((
                        Rule::Length,
                        format!("is {}: {n} characters, more than {max}", shown(node)),
                    ));
                }
                if let Some(min) = b.min_length.filter(|m| n < *m) {
                    return Some((
                        Rule::Length,
                        format!("is {}: {n} characters, fewer than {min}", shown(node)),
                    ));
                }
            }
            Value::Sequence(items) => {
                let n = items.iter().filter(|i| !is_no_value(i)).count() as u64;
                let plural = |k: u64| if k == 1 { "item" } else { "items" };
                if let Some(max) = b.max_items.filter(|m| n > *m) {
                    return Some((
                        Rule::ItemCount,
                        format!("has {n} {}, more than {max}", plural(n)),
                    ));
                }
                if let Some(min) = b.min_items.filter(|m| n < *m) {
                    return Some((
                        Rule::ItemCount,
                        format!("has {n} {}, fewer than {min}", plural(n)),
                    ));
                }
            }
            _ => {}
        }
        let value = match &node.value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        let Some(v) = value else { continue };
        let range = |what: &str, bound: f64| {
            Some((
                Rule::Range,
                format!("is {}, {what} {}", shown(node), number(bound)),
            ))
        };
        if let Some(m) = b.minimum.filter(|m| v < *m) {
            return range("less than the minimum of", m);
        }
        if let Some(m) = b.maximum.filter(|m| v > *m) {
            return range("more than the maximum of", m);
        }
        if let Some(m) = b.exclusive_minimum.filter(|m| v <= *m) {
            return range("not more than", m);
        }
        if let Some(m) = b.exclusive_maximum.filter(|m| v >= *m) {
            return range("not less than", m);
        }
    }
    None
}

/// cfn-lint's old name for a security group's ID format.
fn current_format(format: &str) -> &str {
    if format == "AWS::EC2::SecurityGroup.GroupId" {
        "AWS::EC2::SecurityGroup.Id"
    } else {
        format
    }
}

/// The formats the `Ref` of a resource gives, as cfn-lint reads them: the format of the
/// type's primary identifier (none when it has several), and for a security group its ID
/// when it names a VPC, else its name.
pub(super) fn ref_formats<'s>(
    template: &Template,
    logical_id: &str,
    type_name: &str,
    schema: &'s TypeSchema,
) -> Vec<&'s str> {
    if type_name == "AWS::EC2::SecurityGroup" {
        let vpc = template
            .resource(logical_id)
            .and_then(|r| r.properties().and_then(|p| p.get("VpcId")).cloned())
            .is_some();
        return vec![if vpc {
            "AWS::EC2::SecurityGroup.Id"
        } else {
            "AWS::EC2::SecurityGroup.Name"
        }];
    }
    let [id] = schema.primary_identifier() else {
        return Vec::new();
    };
    let path = id.strip_prefix("/properties/").unwrap_or(id);
    let mut formats = schema.format_of(path);
    if let Some(f) = schema.property(path).and_then(Property::format)
        && !formats.contains(&f)
    {
        formats.push(f);
    }
    formats.into_iter().map(current_format).collect()
}

/// The `Ref` of a resource, when what it gives is not the resource format the property
/// takes (cfn-lint E1041): a subnet's ID where a VPC ID belongs. `schema_of` looks a type's
/// schema up. Refs of parameters, pseudo parameters and custom resources are not judged.
pub(super) fn ref_format_problem(
    template: &Template,
    node: &Node,
    prop: Property<'_>,
    schema_of: impl Fn(&str) -> Option<std::sync::Arc<TypeSchema>>,
) -> Option<String> {
    let Value::Intrinsic(f) = &node.value else {
        return None;
    };
    if f.func != Func::Ref {
        return None;
    }
    let target = f.ref_target()?;
    let wanted = current_format(prop.format()?);
    let resource = template.resource(target)?;
    let type_name = resource.type_name();
    if type_name.starts_with("Custom::") || type_name == "AWS::CloudFormation::CustomResource" {
        return None;
    }
    let schema = schema_of(type_name)?;
    let gives = ref_formats(template, target, type_name, &schema);
    if gives.contains(&wanted) {
        return None;
    }
    Some(if gives.is_empty() {
        format!("is !Ref {target}, whose value has no known format, not the {wanted} it takes")
    } else {
        format!(
            "is !Ref {target}, which gives {}, not the {wanted} it takes",
            gives.join(" or ")
        )
    })
}

/// What is wrong with `node` as the value at `path` (`Timeout`, `VpcConfig/SubnetIds`) of a
/// resource of `schema`: its type, enum, pattern and bounds, as the checks of the template
/// would report them, each the end of a sentence that starts with the property's name. An
/// intrinsic function stands for a value of any type and has none of these problems.
pub fn problems_of_value(schema: &TypeSchema, path: &str, node: &Node) -> Vec<String> {
    let Some(prop) = schema.property(path) else {
        return Vec::new();
    };
    if let Value::Intrinsic(_) = node.value {
        return Vec::new();
    }
    [
        type_problem(node, prop),
        enum_problem(node, prop),
        pattern_problem(node, prop),
        bounds_problem(node, prop).map(|(_, m)| m),
    ]
    .into_iter()
    .flatten()
    .collect()
}
