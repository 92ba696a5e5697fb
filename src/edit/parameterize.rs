//! Turning a region-specific literal into a parameter: the one-step fix for the warning of
//! `cfn::region_literals`.

use crate::cfn::{Mapping, Node, RegionLiteral, Value};
use crate::model::Document;

use super::{Edit, r#ref, unique_logical_id};

/// The edits that replace `literal` with a `!Ref` to a parameter of the matching type whose
/// default is the literal, and the parameter's name. A parameter of that type with that
/// default is used again rather than made twice.
pub fn parameterize(doc: &Document, literal: &RegionLiteral) -> (String, Vec<Edit>) {
    let type_name = literal.kind.parameter_type();
    let existing = doc
        .template
        .section_mapping("Parameters")
        .into_iter()
        .flat_map(Mapping::iter)
        .find(|(_, p)| {
            p.get_path(&["Type"]).and_then(Node::as_str) == Some(type_name)
                && p.get_path(&["Default"]).and_then(Node::as_str) == Some(literal.value.as_str())
        })
        .map(|(name, _)| name.to_owned());
    let mut edits = Vec::new();
    let name = if let Some(name) = existing {
        name
    } else {
        let name = unique_logical_id(doc, &parameter_name(literal));
        let mut parameter = Mapping::new();
        parameter.insert("Type", Node::string(type_name));
        parameter.insert("Default", Node::string(literal.value.clone()));
        parameter.insert(
            "Description",
            Node::string(format!(
                "{} for {}; {} exists in one region only",
                literal.kind.noun(),
                literal.logical_id,
                literal.value
            )),
        );
        edits.push(Edit::SetSectionEntry {
            section: "Parameters".to_owned(),
            key: name.clone(),
            value: Some(Node::new(Value::Mapping(parameter))),
        });
        name
    };
    edits.push(replace_with(doc, literal, r#ref(&name)));
    (name, edits)
}

/// `WebServer` + `ImageId` gives `WebServerImageId`; a list item adds its place
/// (`WebServerSecurityGroupIds1`).
fn parameter_name(literal: &RegionLiteral) -> String {
    let mut name = literal.logical_id.clone();
    let mut keys = literal.path.iter().rev();
    match keys.next() {
        Some(index) if index.parse::<usize>().is_ok() => {
            name.push_str(keys.next().map_or("", String::as_str));
            let n = index.parse::<usize>().map_or(1, |i| i + 1);
            name.push_str(&n.to_string());
        }
        Some(key) => name.push_str(key),
        None => {}
    }
    name
}

/// The edit that puts `value` where `literal` is. A list item is set by setting the list.
fn replace_with(doc: &Document, literal: &RegionLiteral, value: Node) -> Edit {
    let Some(split) = literal.path.iter().position(|k| k.parse::<usize>().is_ok()) else {
        return Edit::SetValue {
            logical_id: literal.logical_id.clone(),
            path: literal.path.clone(),
            value: Some(value),
        };
    };
    // Copy the value at the first list on the way and change the item inside it.
    let list_path = literal.path[..split].to_vec();
    let mut list = doc
        .template
        .resource(&literal.logical_id)
        .and_then(|r| {
            let keys: Vec<&str> = list_path.iter().map(String::as_str).collect();
            r.node.get_path(&keys).cloned()
        })
        .unwrap_or_default();
    if let Some(item) = node_at_mut(&mut list, &literal.path[split..]) {
        *item = value;
    }
    Edit::SetValue {
        logical_id: literal.logical_id.clone(),
        path: list_path,
        value: Some(list),
    }
}

fn node_at_mut<'a>(node: &'a mut Node, path: &[String]) -> Option<&'a mut Node> {
    let Some((first, rest)) = path.split_first() else {
        return Some(node);
    };
    let next = match &mut node.value {
        Value::Mapping(m) => m.get_mut(first)?,
        Value::Sequence(items) => items.get_mut(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    node_at_mut(next, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{import_text, region_literals};

    const TEXT: &str = "\
Parameters:
  Env:
    Type: String
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890 # the base image
      SecurityGroupIds: [sg-1234abcd, sg-5678abcd]
  Worker:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
";

    fn fix_all(mut doc: Document) -> Document {
        while let Some(literal) = region_literals(&doc.template).into_iter().next() {
            let (_, edits) = parameterize(&doc, &literal);
            for e in edits {
                doc.apply(e).unwrap();
            }
        }
        doc
    }

    #[test]
    fn a_literal_becomes_a_typed_parameter_and_a_ref_in_one_place() {
        let doc = Document::new(import_text(TEXT, "t.yaml", None, false).unwrap().template);
        let literals = region_literals(&doc.template);
        let (name, edits) = parameterize(&doc, &literals[0]);
        assert_eq!(name, "WebImageId");
        let mut fixed = doc.clone();
        for e in edits {
            fixed.apply(e).unwrap();
        }
        let text = fixed.save_text(crate::cfn::Format::Yaml).unwrap();
        assert!(
            text.contains("      ImageId: !Ref WebImageId # the base image\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "  WebImageId:\n    Type: AWS::EC2::Image::Id\n    Default: ami-0abcdef1234567890\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("      ImageId: ami-0abcdef1234567890\n"),
            "the other stays: {text}"
        );
    }

    #[test]
    fn list_items_are_replaced_in_place_and_an_equal_parameter_is_reused() {
        let doc = Document::new(import_text(TEXT, "t.yaml", None, false).unwrap().template);
        let fixed = fix_all(doc);
        assert!(region_literals(&fixed.template).is_empty());
        let sgs = fixed
            .template
            .resource("Web")
            .and_then(|r| r.property(&["SecurityGroupIds"]))
            .map(crate::cfn::write_yaml_value)
            .unwrap();
        assert_eq!(
            sgs.trim_end(),
            "- !Ref WebSecurityGroupIds1\n- !Ref WebSecurityGroupIds2"
        );
        let worker = fixed
            .template
            .resource("Worker")
            .and_then(|r| r.property(&["ImageId"]))
            .map(crate::cfn::write_yaml_value)
            .unwrap();
        assert_eq!(
            worker.trim_end(),
            "!Ref WebImageId",
            "the same AMI, the same parameter"
        );
        let params = fixed.template.section_mapping("Parameters").unwrap();
        let names: Vec<&str> = params.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "Env",
                "WebImageId",
                "WebSecurityGroupIds1",
                "WebSecurityGroupIds2"
            ]
        );
    }
}
