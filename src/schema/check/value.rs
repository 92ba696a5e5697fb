//! The walk of a resource's `Properties` beside its schema: types, enums, patterns, unknown
//! and missing properties, at every depth.
//!
//! Each keyword is checked on its own, as JSON Schema (and cfn-lint) do: an enum applies to
//! any value, a pattern to scalars, `properties` and `required` to mappings, `items` to
//! lists. Types are read as leniently as CloudFormation reads them (and cfn-lint's E3012):
//! a string property takes any scalar, a number or integer takes a string that parses, a
//! boolean takes `"true"` or `"False"`.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::cfn::{
    Func, Intrinsic, Mapping, Node, PSEUDO_PARAMETERS, Pos, Severity, SubPart, Value,
};

use super::super::property::Property;
use super::super::shape::Additional;
use super::super::type_schema::TypeSchema;
use super::bounds::{
    bounds_problem, enum_problem, pattern_problem, ref_format_problem, type_problem,
};
use super::presence::{TrueConditions, if_branches, is_no_value};
use super::{Context, Finding, Rule, segment, shown, suggest};

/// Properties that take a local file path, as a string, where the schema has an object:
/// `aws cloudformation package` uploads the file and writes the object (cfn-lint's
/// `TEMPLATED_PROPERTY_CFN_PATHS`).
const PACKAGED: &[(&str, &str)] = &[
    ("AWS::ApiGateway::RestApi", "BodyS3Location"),
    ("AWS::Lambda::Function", "Code"),
    ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"),
    ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
    ("AWS::AppSync::GraphQLSchema", "DefinitionS3Location"),
    ("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location"),
    (
        "AWS::AppSync::Resolver",
        "ResponseMappingTemplateS3Location",
    ),
    (
        "AWS::AppSync::FunctionConfiguration",
        "RequestMappingTemplateS3Location",
    ),
    (
        "AWS::AppSync::FunctionConfiguration",
        "ResponseMappingTemplateS3Location",
    ),
    ("AWS::CloudFormation::Stack", "TemplateURL"),
    ("AWS::CodeCommit::Repository", "Code/S3"),
];

/// The functions CloudFormation evaluates to a value in a property (cfn-lint's `FUNCTIONS`);
/// anything else there (`Fn::Equals`, an unknown `Fn::Foo`) is a mapping.
fn is_value_function(func: &Func) -> bool {
    matches!(
        func,
        Func::Ref
            | Func::GetAtt
            | Func::Sub
            | Func::Base64
            | Func::Cidr
            | Func::FindInMap
            | Func::GetAZs
            | Func::ImportValue
            | Func::GetStackOutput
            | Func::Join
            | Func::Select
            | Func::Split
            | Func::Transform
            | Func::If
            | Func::Length
            | Func::ToJsonString
            | Func::Contains
    )
}

/// The walk of one resource's properties.
pub(super) struct Walk<'a, 'o> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) template: &'a crate::cfn::Template,
    pub(super) schema: &'a TypeSchema,
    pub(super) type_name: &'a str,
    pub(super) conditions: &'a TrueConditions,
    /// Whether a `Fn::ForEach` loop makes the resource: the `AWS::LanguageExtensions`
    /// transform turns a `Fn::Sub` left with no variables into its string.
    pub(super) in_loop: bool,
    pub(super) out: &'o mut Vec<Finding>,
    /// The path under `Properties` as the schema's pointers write it (`Tags/*/Key`), kept
    /// as the walk goes down and up.
    pub(super) schema_path: String,
}

/// An empty mapping, the `Properties` of a resource that has none.
fn empty_mapping() -> &'static Node {
    static EMPTY: OnceLock<Node> = OnceLock::new();
    EMPTY.get_or_init(|| Node::new(Value::Mapping(Mapping::new())))
}

impl Walk<'_, '_> {
    pub(super) fn push(
        &mut self,
        rule: Rule,
        severity: Severity,
        pos: Option<Pos>,
        path: &[Cow<'_, str>],
        message: String,
    ) {
        let f = self.ctx.finding(rule, severity, pos, path, message);
        self.out.push(f);
    }

    /// Checks the `Properties` node (an empty one when `missing`).
    pub(super) fn properties<'t>(
        &mut self,
        node: &'t Node,
        pos: Option<Pos>,
        path: &mut Vec<Cow<'t, str>>,
        missing: bool,
    ) {
        let root = self.schema.root();
        match &node.value {
            Value::Mapping(_) => self.value(node, root, pos, path),
            Value::Null if missing => self.value(empty_mapping(), root, pos, path),
            Value::Intrinsic(f) if f.func == Func::If => self.value(node, root, pos, path),
            Value::Intrinsic(f) if is_value_function(&f.func) && !is_no_value(node) => {}
            _ => self.push(
                Rule::Type,
                Severity::Error,
                pos,
                path,
                format!(
                    "the Properties of {} must be a mapping, not {}",
                    self.type_name,
                    shown(node)
                ),
            ),
        }
    }

    /// Checks one value against the node `prop`; `pos` is where it is reported (its key, or
    /// the value itself in a list).
    fn value<'t>(
        &mut self,
        node: &'t Node,
        prop: Property<'_>,
        pos: Option<Pos>,
        path: &mut Vec<Cow<'t, str>>,
    ) {
        if let Value::Intrinsic(f) = &node.value {
            if let Some(branches) = if_branches(f) {
                let holds = f.condition_name().is_some_and(|c| self.conditions.holds(c));
                for (i, branch) in branches {
                    if (holds && i == 2) || is_no_value(branch) {
                        continue;
                    }
                    path.push(Cow::Borrowed("Fn::If"));
                    path.push(segment(i));
                    self.value(branch, prop, Some(branch.span.start), path);
                    path.truncate(path.len() - 2);
                }
                return;
            }
            if let Some(text) = self.literal_sub(f) {
                let literal = Node {
                    value: Value::String(text.to_owned()),
                    span: node.span,
                };
                self.checks(&literal, prop, pos, path);
                return;
            }
            if let Some(m) = ref_format_problem(self.template, node, prop, |t| self.ctx.schema(t)) {
                self.push(
                    Rule::RefFormat,
                    Severity::Warning,
                    pos,
                    path,
                    format!("{} {m}", label(path)),
                );
            }
            if is_value_function(&f.func) {
                return;
            }
        }
        if let Value::String(s) = &node.value
            && (s.contains("{{resolve:") || PSEUDO_PARAMETERS.contains(&s.as_str()))
        {
            // A dynamic reference is resolved when the stack deploys; a pseudo parameter
            // written without Ref is reported by the template checks.
            return;
        }
        self.checks(node, prop, pos, path);
        match &node.value {
            Value::Mapping(m) => self.mapping(m, prop, pos, path),
            Value::Sequence(items) => {
                let Some(item_prop) = prop.items() else {
                    return;
                };
                let len = self.schema_path.len();
                self.schema_path.push_str(if len == 0 { "*" } else { "/*" });
                for (i, item) in items.iter().enumerate() {
                    if is_no_value(item) {
                        continue;
                    }
                    path.push(segment(i));
                    self.value(item, item_prop, Some(item.span.start), path);
                    path.pop();
                }
                self.schema_path.truncate(len);
            }
            _ => {}
        }
        for branch in prop.chain().flat_map(|p| p.shape().all_of.iter()) {
            let branch = self.schema.node(*branch);
            // Branches with types of their own are alternatives in disguise; only plain
            // conjunctions (a `$ref`, `required`) are checked.
            if branch.shape().types.is_empty()
                && let Value::Mapping(m) = &node.value
            {
                self.mapping(m, branch, pos, path);
            }
        }
    }

    /// The checks of the value itself: its type, enum, pattern and bounds.
    fn checks(&mut self, node: &Node, prop: Property<'_>, pos: Option<Pos>, path: &[Cow<'_, str>]) {
        if !self.is_packaged(node)
            && let Some(m) = type_problem(node, prop)
        {
            self.push(
                Rule::Type,
                Severity::Error,
                pos,
                path,
                format!("{} {m}", label(path)),
            );
        }
        if let Some(m) = enum_problem(node, prop) {
            self.push(
                Rule::Enum,
                Severity::Warning,
                pos,
                path,
                format!("{} {m}", label(path)),
            );
        }
        if let Some(m) = pattern_problem(node, prop) {
            self.push(
                Rule::Pattern,
                Severity::Warning,
                pos,
                path,
                format!("{} {m}", label(path)),
            );
        }
        if let Some((rule, m)) = bounds_problem(node, prop) {
            self.push(
                rule,
                Severity::Warning,
                pos,
                path,
                format!("{} {m}", label(path)),
            );
        }
    }

    /// The string of a `Fn::Sub` with no variables in a resource a loop makes.
    fn literal_sub<'f>(&self, f: &'f Intrinsic) -> Option<&'f str> {
        let sub = f.sub().filter(|_| self.in_loop)?;
        let text = sub.template?;
        sub.parts()
            .iter()
            .all(|p| matches!(p, SubPart::Text(_)))
            .then_some(text)
    }

    /// What a mapping at `path` is called in messages: the type for `Properties`, else the
    /// property.
    pub(super) fn owner(&self, path: &[Cow<'_, str>]) -> String {
        let label = label(path);
        if label.is_empty() {
            self.type_name.to_owned()
        } else {
            label
        }
    }

    fn is_packaged(&self, node: &Node) -> bool {
        let Value::String(_) = node.value else {
            return false;
        };
        PACKAGED
            .iter()
            .any(|(t, p)| *t == self.type_name && *p == self.schema_path)
    }

    fn mapping<'t>(
        &mut self,
        m: &'t Mapping,
        prop: Property<'_>,
        pos: Option<Pos>,
        path: &mut Vec<Cow<'t, str>>,
    ) {
        for p in prop.chain() {
            let shape = p.shape();
            let keys_matter = !shape.properties.is_empty()
                || !shape.pattern_properties.is_empty()
                || shape.additional_properties != Additional::Allowed;
            for (key, entry) in m.entries().filter(|_| keys_matter) {
                if key == "Fn::Transform" || key.starts_with("Fn::ForEach::") {
                    continue;
                }
                let child = shape
                    .property(key)
                    .or_else(|| shape.pattern_property(key))
                    .or(match shape.additional_properties {
                        Additional::Schema(id) => Some(id),
                        _ => None,
                    });
                path.push(Cow::Borrowed(key));
                let len = self.schema_path.len();
                if len > 0 {
                    self.schema_path.push('/');
                }
                self.schema_path.push_str(key);
                let key_pos = Some(entry.key_span.start);
                match child {
                    Some(id) => {
                        self.read_only_and_deprecated(key_pos, path);
                        self.value(&entry.value, self.schema.node(id), key_pos, path);
                    }
                    None if shape.additional_properties == Additional::Refused => {
                        let suggestion =
                            suggest::closest(key, shape.properties.iter().map(|(k, _)| k.as_str()))
                                .map(|s| format!("; did you mean {s}?"))
                                .unwrap_or_default();
                        let owner = self.owner(path.get(..path.len() - 1).unwrap_or_default());
                        self.push(
                            Rule::UnknownProperty,
                            Severity::Error,
                            key_pos,
                            path,
                            format!("{owner} has no property {key}{suggestion}"),
                        );
                    }
                    None => {}
                }
                self.schema_path.truncate(len);
                path.pop();
            }
            self.required(m, shape, pos, path);
        }
    }

    fn read_only_and_deprecated(&mut self, pos: Option<Pos>, path: &[Cow<'_, str>]) {
        let (read_only, deprecated) = self.schema.read_only_or_deprecated(&self.schema_path);
        if read_only {
            self.push(
                Rule::ReadOnly,
                Severity::Warning,
                pos,
                path,
                format!(
                    "{} is read-only: AWS sets it, and CloudFormation does not pass the value written here to {}",
                    label(path),
                    self.type_name
                ),
            );
        }
        if deprecated {
            self.push(
                Rule::DeprecatedProperty,
                Severity::Warning,
                pos,
                path,
                format!("{} of {} is deprecated", label(path), self.type_name),
            );
        }
    }
}

/// The path under `Properties`, without the `Fn::If` branches taken on the way.
fn under_properties<'p>(path: &'p [Cow<'_, str>]) -> Vec<&'p str> {
    let mut out = Vec::new();
    let mut segments = path.iter().skip(3);
    while let Some(s) = segments.next() {
        if s == "Fn::If" {
            segments.next();
        } else {
            out.push(s.as_ref());
        }
    }
    out
}

/// The property a path ends at, for messages: `Tags[1].Key` under `Properties`; empty for
/// `Properties` itself.
fn label(path: &[Cow<'_, str>]) -> String {
    crate::cfn::join_path(&under_properties(path))
}
