//! The lossless template: every section in file order, every resource with all its attributes.
//!
//! The template keeps the whole document as one tree of [`Node`]s, so nothing the file holds
//! can be dropped on the way through: unknown sections, unknown resource attributes and
//! unknown functions are simply more nodes. Typed access comes from views such as
//! [`Resource`], computed on demand, never stored beside the tree.

use std::sync::{Arc, OnceLock};

use super::diagnostic::{Diagnostic, ImportError};
use super::foreach::Loops;
use super::json_read::read_json;
use super::source::{Format, TextStyle, decode, text_style};
use super::value::{Mapping, Node, Span, Value};
use super::yaml_read::{RawDocument, read_yaml};

/// The top-level sections CloudFormation knows, in the order AWS documents them.
pub const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    // SAM templates may set defaults for their functions and APIs.
    "Globals",
];

/// The resource attributes CloudFormation (and SAM) know.
pub const RESOURCE_ATTRIBUTES: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "CreationPolicy",
    "UpdatePolicy",
    "Version",
    "Connectors",
    "IgnoreResourceUpdate",
];

/// Pseudo parameters, which `Ref` and `${}` may name without declaring them.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// A CloudFormation template: the document tree and how its file was written.
///
/// Two templates are equal when their trees and text styles are; the source they were read
/// from does not take part.
#[derive(Clone, Debug)]
pub struct Template {
    /// The whole document. Always a mapping of section names to values.
    ///
    /// Shared, copied on the first change: a template, the tree its source keeps, the copy the
    /// app keeps as last saved and the undo snapshots are one tree until one of them changes.
    /// For a 5,000-resource template that is the difference between one tree and four.
    root: Arc<Node>,
    /// Encoding, line endings and format of the file it came from.
    pub style: TextStyle,
    /// The text it was read from and the tree as read, for minimal-diff saving.
    source: Option<Arc<Source>>,
    /// The `Fn::ForEach` loops and what they make, computed from `root` when first asked for
    /// and forgotten when the tree changes.
    loops: OnceLock<Arc<Loops>>,
}

/// The original text of a template and the tree read from it, with spans into that text.
#[derive(Debug)]
pub struct Source {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The tree as read; shared with the template until it changes.
    pub root: Arc<Node>,
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.root, &other.root) || self.root == other.root)
            && self.style == other.style
    }
}

/// A template read from a file, with everything worth telling the user about it.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The template.
    pub template: Template,
    /// Warnings and non-fatal errors, in file order: those of [`Imported::read_diagnostics`]
    /// and those of [`check_template`](super::validate::check_template).
    pub diagnostics: Vec<Diagnostic>,
    /// What only the text shows (a repeated key, the size of the file); the tree no longer
    /// holds it, so it cannot be checked again after an edit.
    pub read_diagnostics: Vec<Diagnostic>,
}

impl Imported {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A typed view of one resource.
#[derive(Clone, Copy, Debug)]
pub struct Resource<'a> {
    /// The logical ID.
    pub logical_id: &'a str,
    /// Where the logical ID was written.
    pub id_span: Span,
    /// The resource's mapping node.
    pub node: &'a Node,
    attributes: &'a Mapping,
    type_name: &'a str,
}

impl<'a> Resource<'a> {
    /// The resource type, e.g. `AWS::EC2::Instance`; empty when `Type` is missing or not a
    /// string.
    pub fn type_name(&self) -> &'a str {
        self.type_name
    }

    /// All attributes in file order: `Type`, `Properties`, `DependsOn` and any others.
    pub fn attributes(&self) -> &'a Mapping {
        self.attributes
    }

    /// One attribute.
    pub fn attribute(&self, name: &str) -> Option<&'a Node> {
        self.attributes.get(name)
    }

    /// The `Properties` mapping, if present.
    pub fn properties(&self) -> Option<&'a Mapping> {
        self.attributes.get("Properties").and_then(Node::as_mapping)
    }

    /// A property by dotted path of keys, e.g. `["VpcConfig", "SubnetIds"]`.
    pub fn property(&self, keys: &[&str]) -> Option<&'a Node> {
        self.attributes.get("Properties")?.get_path(keys)
    }

    /// The logical IDs in `DependsOn`, written as a string or a list.
    pub fn depends_on(&self) -> Vec<&'a str> {
        match self.attributes.get("DependsOn").map(|n| &n.value) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Sequence(items)) => items.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The `Condition` attribute.
    pub fn condition(&self) -> Option<&'a str> {
        self.attributes.get("Condition").and_then(Node::as_str)
    }

    /// The `DeletionPolicy` attribute.
    pub fn deletion_policy(&self) -> Option<&'a str> {
        self.attributes.get("DeletionPolicy").and_then(Node::as_str)
    }

    /// The short type: `AWS::EC2::Instance` gives `EC2::Instance`.
    pub fn short_type(&self) -> &'a str {
        self.type_name
            .strip_prefix("AWS::")
            .unwrap_or(self.type_name)
    }
}

impl Template {
    /// A template from a root mapping, written as `style` says.
    pub fn from_root(root: Mapping, style: TextStyle) -> Self {
        Self {
            root: Arc::new(Node::new(Value::Mapping(root))),
            style,
            source: None,
            loops: OnceLock::new(),
        }
    }

    /// An empty template with a format version and an empty `Resources` section.
    pub fn new_empty(format: Format) -> Self {
        let mut root = Mapping::new();
        root.insert("AWSTemplateFormatVersion", Node::string("2010-09-09"));
        root.insert("Resources", Node::new(Value::Mapping(Mapping::new())));
        Self::from_root(
            root,
            TextStyle {
                format,
                trailing_newline: true,
                ..TextStyle::default()
            },
        )
    }

    /// The text and tree this template was read from, if it was read from text.
    pub fn source(&self) -> Option<&Source> {
        self.source.as_deref()
    }

    /// Whether both templates hold the very same tree (not an equal copy): true until either
    /// is changed, since a change copies a shared tree first.
    pub fn shares_tree_with(&self, other: &Template) -> bool {
        Arc::ptr_eq(&self.root, &other.root)
    }

    /// Whether the tree is still the one read from the source text (no edit, or edits undone).
    pub fn is_unchanged_from_source(&self) -> bool {
        self.source
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(&s.root, &self.root) || *s.root == *self.root)
    }

    /// Forgets the source text, so that the next save writes the whole file anew.
    pub fn forget_source(&mut self) {
        self.source = None;
    }

    /// The document as a node (a mapping).
    pub fn root_node(&self) -> &Node {
        &self.root
    }

    /// The top-level mapping.
    pub fn root(&self) -> &Mapping {
        match &self.root.value {
            Value::Mapping(m) => m,
            _ => empty_mapping(),
        }
    }

    /// The top-level mapping, mutably.
    pub fn root_mut(&mut self) -> &mut Mapping {
        self.loops = OnceLock::new();
        let root = Arc::make_mut(&mut self.root);
        if !matches!(root.value, Value::Mapping(_)) {
            root.value = Value::Mapping(Mapping::new());
        }
        match &mut root.value {
            Value::Mapping(m) => m,
            _ => unreachable!("the root was just made a mapping"),
        }
    }

    /// A top-level section by name.
    pub fn section(&self, name: &str) -> Option<&Node> {
        self.root().get(name)
    }

    /// A top-level section that is a mapping (`Parameters`, `Conditions`, `Outputs`...).
    pub fn section_mapping(&self, name: &str) -> Option<&Mapping> {
        self.section(name).and_then(Node::as_mapping)
    }

    /// The `Resources` mapping, mutably.
    pub fn resources_mapping_mut(&mut self) -> Option<&mut Mapping> {
        self.root_mut()
            .get_mut("Resources")
            .and_then(Node::as_mapping_mut)
    }

    /// Every resource, in file order.
    ///
    /// A resource whose `Type` is missing or not a string is listed with an empty type name,
    /// so that it is drawn (and marked broken) rather than left out. A `Fn::ForEach` loop is
    /// listed as the resources it makes, where it stands (see [`Template::loops`]).
    pub fn resources(&self) -> impl Iterator<Item = Resource<'_>> {
        let loops = self.loops();
        self.section_mapping("Resources")
            .into_iter()
            .flat_map(Mapping::entries)
            .flat_map(move |(id, entry)| {
                resource_view(id, entry.key_span, &entry.value)
                    .into_iter()
                    .chain(loops.resources_from(id))
            })
    }

    /// One resource by logical ID, a resource made by a loop too.
    pub fn resource(&self, logical_id: &str) -> Option<Resource<'_>> {
        self.section_mapping("Resources")
            .and_then(|m| m.key_entry(logical_id))
            .and_then(|(id, entry)| resource_view(id, entry.key_span, &entry.value))
            .or_else(|| self.loops().resource(logical_id))
    }

    /// The `Fn::ForEach` loops of `Resources` and `Outputs`, expanded.
    pub fn loops(&self) -> &Loops {
        self.loops.get_or_init(|| Arc::new(Loops::build(self)))
    }

    /// Number of well-formed resources.
    pub fn resource_count(&self) -> usize {
        self.resources().count()
    }

    /// The transforms named in `Transform`, a string or a list.
    pub fn transforms(&self) -> Vec<&str> {
        match self.section("Transform").map(|n| &n.value) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Sequence(items)) => items.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the template uses the SAM transform, which creates resources of its own.
    pub fn is_sam(&self) -> bool {
        self.transforms()
            .iter()
            .any(|t| t.starts_with("AWS::Serverless"))
    }

    /// Whether `name` is a parameter.
    pub fn is_parameter(&self, name: &str) -> bool {
        self.section_mapping("Parameters")
            .is_some_and(|p| p.contains_key(name))
    }

    /// Whether `name` is a condition.
    pub fn is_condition(&self, name: &str) -> bool {
        self.section_mapping("Conditions")
            .is_some_and(|c| c.contains_key(name))
    }
}

fn empty_mapping() -> &'static Mapping {
    static EMPTY: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Mapping::new)
}

pub(super) fn resource_view<'a>(
    logical_id: &'a str,
    id_span: Span,
    node: &'a Node,
) -> Option<Resource<'a>> {
    if logical_id.starts_with("Fn::ForEach::") {
        return None;
    }
    let attributes = node.as_mapping().unwrap_or_else(|| empty_mapping());
    let type_name = attributes
        .get("Type")
        .and_then(Node::as_str)
        .unwrap_or_default();
    Some(Resource {
        logical_id,
        id_span,
        node,
        attributes,
        type_name,
    })
}

/// Reads a template from file bytes.
///
/// `file` names the file in messages. The format comes from `format`, or else from the text.
/// Returns an error only when there is no template to show; everything else is a diagnostic.
pub fn import(bytes: &[u8], file: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    let (text, bom) = decode(bytes, file)?;
    import_text(&text, file, format, bom)
}

/// Reads a template from text; see [`import`].
pub fn import_text(
    text: &str,
    file: &str,
    format: Option<Format>,
    bom: bool,
) -> Result<Imported, ImportError> {
    if let Some(rest) = text.strip_prefix('\u{FEFF}') {
        return import_text(rest, file, format, true);
    }
    let format = format.unwrap_or_else(|| Format::sniff(text));
    let raw = match format {
        Format::Json => read_json(text, file)?,
        Format::Yaml => read_yaml(text, file)?,
    };
    let RawDocument {
        root,
        duplicates,
        first_alias,
    } = raw;
    let root = Arc::new(root);
    if !matches!(root.value, Value::Mapping(_)) {
        return Err(ImportError::new(
            file,
            Some(root.span.start),
            format!(
                "the top level of a template must be a mapping of sections (Resources, Parameters...), not {}",
                describe(&root.value)
            ),
        ));
    }
    let template = Template {
        source: Some(Arc::new(Source {
            text: text.to_owned(),
            root: Arc::clone(&root),
        })),
        root,
        style: text_style(text, format, bom),
        loops: OnceLock::new(),
    };
    let mut read_diagnostics = Vec::new();
    super::validate::report_duplicates(file, &duplicates, &mut read_diagnostics);
    super::validate::check_body_size(text.len(), file, &mut read_diagnostics);
    if let Some(pos) = first_alias {
        read_diagnostics.push(Diagnostic::warning(
            file,
            Some(pos),
            "YAML aliases and merge keys are expanded here as PyYAML, `aws cloudformation package` and `sam deploy` expand them; CloudFormation itself refuses a template that holds them, so deploy through one of those (or save as JSON, which holds them expanded)",
        ));
    }
    let mut diagnostics = read_diagnostics.clone();
    diagnostics.extend(super::validate::check_template(&template, file));
    diagnostics.sort_by_key(|d| d.pos.map(|p| p.offset));
    Ok(Imported {
        template,
        diagnostics,
        read_diagnostics,
    })
}

/// A short description of a value's kind, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Intrinsic(_) => "an intrinsic function",
    }
}

/// Joins path segments: keys with dots, list indexes in brackets.
pub fn join_path<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for s in segments {
        let s = s.as_ref();
        if s.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(s);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn imp(text: &str) -> Imported {
        import_text(text, "t.yaml", None, false).unwrap()
    }

    #[test]
    fn keeps_sections_in_file_order() {
        let i = imp(
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\nZed: 1\nDescription: d\nAWSTemplateFormatVersion: '2010-09-09'\n",
        );
        let keys: Vec<_> = i.template.root().keys().collect();
        assert_eq!(
            keys,
            [
                "Resources",
                "Zed",
                "Description",
                "AWSTemplateFormatVersion"
            ]
        );
        assert!(
            i.diagnostics
                .iter()
                .any(|d| d.message.contains("unknown top-level section \"Zed\""))
        );
    }

    #[test]
    fn resource_views_read_attributes() {
        let i = imp(concat!(
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: [A, B]\n    Condition: C\n",
            "    DeletionPolicy: Retain\n    Custom: x\n    Properties:\n      FifoQueue: true\n",
            "  A:\n    Type: AWS::SNS::Topic\n    DependsOn: Q\n",
        ));
        let q = i.template.resource("Q").unwrap();
        assert_eq!(q.type_name(), "AWS::SQS::Queue");
        assert_eq!(q.depends_on(), ["A", "B"]);
        assert_eq!(q.condition(), Some("C"));
        assert_eq!(q.deletion_policy(), Some("Retain"));
        assert_eq!(
            q.property(&["FifoQueue"]).map(|n| &n.value),
            Some(&Value::Bool(true))
        );
        assert!(q.attribute("Custom").is_some());
        assert_eq!(i.template.resource("A").unwrap().depends_on(), ["Q"]);
        assert!(
            i.diagnostics
                .iter()
                .any(|d| d.message.contains("unknown resource attribute \"Custom\""))
        );
    }

    #[test]
    fn a_macro_may_consume_names_cloudformation_does_not_know() {
        let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Count: 3\n    Properties:\n      BucketName: {Fn::Upper: b}\n      Tags: [{Key: k, Value: {Fn::GetStackOutput: {StackName: s, OutputName: o}}}]\n";
        let plain = imp(text);
        let errors: Vec<&str> = plain
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors
                .iter()
                .any(|m| m.starts_with("unknown resource attribute \"Count\""))
        );
        assert!(errors.iter().any(|m| m.starts_with("Fn::Upper is not")));
        let with_macro = imp(&format!(
            "Transform: [AWS::Serverless-2016-10-31, Count]\n{text}"
        ));
        assert!(!with_macro.has_errors(), "{:#?}", with_macro.diagnostics);
        assert_eq!(with_macro.diagnostics.len(), 2);
        assert!(
            with_macro
                .diagnostics
                .iter()
                .all(|d| d.message.contains("kept for the macro Count"))
        );
    }

    #[test]
    fn structural_problems_are_errors_with_positions() {
        let i = imp("Resources:\n  A:\n    Properties: {}\n  B:\n    Type: {x: 1}\n");
        let errors: Vec<_> = i.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].logical_id.as_deref(), Some("A"));
        assert_eq!(errors[0].pos.map(|p| p.line), Some(2));
        assert_eq!(errors[1].logical_id.as_deref(), Some("B"));
        // Both are listed, with no type, so that they are drawn and marked.
        let ids: Vec<_> = i
            .template
            .resources()
            .map(|r| (r.logical_id, r.type_name()))
            .collect();
        assert_eq!(ids, [("A", ""), ("B", "")]);
        assert!(import_text("- a\n- b\n", "t.yaml", None, false).is_err());
    }

    #[test]
    fn templates_over_the_limits_are_errors_and_still_open() {
        let mut text = String::from("Parameters:\n");
        for i in 0..201 {
            writeln!(text, "  P{i}: {{Type: String}}").unwrap();
        }
        text.push_str("Resources:\n");
        for i in 0..501 {
            writeln!(text, "  R{i}: {{Type: AWS::SNS::Topic}}").unwrap();
        }
        let i = imp(&text);
        assert_eq!(i.template.resource_count(), 501);
        let msgs: Vec<&str> = i
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("501 resources is more than")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("201 parameters is more than")),
            "{msgs:?}"
        );
    }

    #[test]
    fn duplicate_logical_ids_are_errors_and_keep_the_last() {
        let i =
            imp("Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SQS::Queue\n");
        assert_eq!(
            i.template.resource("A").unwrap().type_name(),
            "AWS::SQS::Queue"
        );
        let d = &i.diagnostics[0];
        assert!(d.is_error());
        assert!(d.message.contains("duplicate logical ID A"));
        assert_eq!(d.pos.map(|p| (p.line, p.column)), Some((4, 3)));
    }
}
