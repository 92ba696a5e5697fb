//! Checks of a template against the resource schemas, each finding with its file, line,
//! column, logical ID and the cfn-lint rule that covers the same ground.
//!
//! What CloudFormation refuses when it creates the stack is an error: a property the type
//! does not have, a required property left out, a value of the wrong type, a GetAtt of an
//! attribute the type does not have, a type that does not exist (in the chosen region). The
//! schema's enums and patterns, and the `requiredXor` / `dependentRequired` family (which
//! cfn-lint adds to AWS's schemas), give warnings: they are often stricter or older than the
//! service, and a value outside them may well deploy.
//!
//! Intrinsic functions stand for values of any type: a `!Ref`, `!GetAtt`, `!Sub`, `!Join`…
//! is never a type, enum or pattern error. `Fn::If` is checked branch by branch, and
//! `!Ref AWS::NoValue` counts as leaving the property out.
//!
//! Not checked: `AWS::Serverless::*` resources (the SAM transform turns them into others;
//! cfn-lint checks what it makes), modules, and types the bundle does not have. With a macro
//! in `Transform` (not one of AWS's), errors are warnings, since the macro may change what
//! it is given.

mod bounds;
pub use bounds::problems_of_value;
mod getatt;
mod presence;
mod required;
mod suggest;
mod value;

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::cfn::{Diagnostic, Func, Node, Pos, Resource, Severity, Template, Value, join_path};

use super::bundle::{DEFAULT_REGION, LifecycleStatus, TypeKind, lookup_in, type_info, types};
use super::type_schema::TypeSchema;

/// What the checks are run for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckOptions<'a> {
    /// The region the stack is for: types that do not exist there are errors.
    pub region: &'a str,
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        Self {
            region: DEFAULT_REGION,
        }
    }
}

/// Which check found a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A property the schema does not have (cfn-lint E3002).
    UnknownProperty,
    /// A required property left out (E3003).
    Required,
    /// Not exactly one of the `requiredXor` names (E3014).
    RequiredXor,
    /// None of the `requiredOr` names (E3058).
    RequiredOr,
    /// A property set without one it depends on (E3021).
    DependentRequired,
    /// A property set with one it excludes (E3020).
    DependentExcluded,
    /// A value of the wrong type (E3012).
    Type,
    /// A value outside the schema's enum (E3030).
    Enum,
    /// A string that does not match the schema's pattern (E3031).
    Pattern,
    /// A read-only property written in the template (E3040).
    ReadOnly,
    /// A GetAtt of an attribute the type does not have (E1010; E1019 inside `Fn::Sub`,
    /// E6101 in `Outputs`).
    GetAtt,
    /// A type that does not exist, or not in the chosen region (E3006).
    ResourceType,
    /// A type of a service that is shut down (E3710), sunsetting (W3696) or in maintenance
    /// (W3697).
    Lifecycle,
    /// A property the schema marks deprecated (no cfn-lint rule).
    DeprecatedProperty,
    /// A string longer or shorter than the schema allows (E3033).
    Length,
    /// A list with more or fewer items than the schema allows (E3032).
    ItemCount,
    /// A number outside the schema's range (E3034).
    Range,
    /// A `Ref` whose value is not of the resource format the property takes (E1041).
    RefFormat,
}

impl Rule {
    /// The cfn-lint rule that reports the same thing, where one does.
    pub fn cfn_lint(self) -> Option<&'static str> {
        Some(match self {
            Rule::UnknownProperty => "E3002",
            Rule::Required => "E3003",
            Rule::RequiredXor => "E3014",
            Rule::RequiredOr => "E3058",
            Rule::DependentRequired => "E3021",
            Rule::DependentExcluded => "E3020",
            Rule::Type => "E3012",
            Rule::Enum => "E3030",
            Rule::Pattern => "E3031",
            Rule::ReadOnly => "E3040",
            Rule::GetAtt => "E1010",
            Rule::ResourceType => "E3006",
            Rule::Lifecycle => "E3710",
            Rule::Length => "E3033",
            Rule::ItemCount => "E3032",
            Rule::Range => "E3034",
            Rule::RefFormat => "E1041",
            Rule::DeprecatedProperty => return None,
        })
    }
}

/// One problem found by the schema checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which check found it.
    pub rule: Rule,
    /// The id of the cfn-lint rule that reports it here, if one does: [`Rule::cfn_lint`],
    /// but E6101 for a GetAtt in `Outputs`, E1019 for one inside `Fn::Sub`, and W3696 or
    /// W3697 for a type that is sunsetting or in maintenance.
    pub cfn_lint: Option<&'static str>,
    /// Where, as keys and list indexes from the top of the template:
    /// `["Resources", "Queue", "Properties", "Tags", "0", "Key"]`. For a missing required
    /// property, the path it would have (the diagnostic's position is the object's).
    pub path: Vec<String>,
    /// The problem as it is shown, with file, line, column and logical ID.
    pub diagnostic: Diagnostic,
}

/// Checks every resource of `template` against its type's schema, and every GetAtt against
/// the attributes of the type it reads; `file` names the template in diagnostics.
///
/// The findings come in template order (by position in the file).
pub fn check_template(template: &Template, file: &str, options: &CheckOptions<'_>) -> Vec<Finding> {
    let ctx = Context {
        file,
        region: options.region,
        macro_name: template
            .transforms()
            .into_iter()
            .find(|name| !name.starts_with("AWS::")),
        schemas: RefCell::default(),
    };
    let mut out = Vec::new();
    for resource in template.resources() {
        if is_stacked(template, resource.logical_id) {
            continue;
        }
        check_resource(template, &ctx, &resource, &mut out);
    }
    getatt::check(template, &ctx, &mut out);
    out.retain(|f| !ignored_for_cfn_lint(template, f));
    out.sort_by_key(|f| f.diagnostic.pos.map(|p| p.offset));
    out.dedup_by(|a, b| a.rule == b.rule && a.path == b.path);
    out
}

/// What every check needs: where, for which region, and whether a macro runs first.
pub(super) struct Context<'a> {
    pub(super) file: &'a str,
    pub(super) region: &'a str,
    pub(super) macro_name: Option<&'a str>,
    /// The schemas looked up so far, by type name as written (a template uses a few dozen
    /// types at most, so a list does).
    schemas: RefCell<Vec<(String, Option<Arc<TypeSchema>>)>>,
}

impl Context<'_> {
    /// The schema of `type_name` in the region, looked up once per check.
    pub(super) fn schema(&self, type_name: &str) -> Option<Arc<TypeSchema>> {
        if let Some((_, found)) = self.schemas.borrow().iter().find(|(t, _)| t == type_name) {
            return found.clone();
        }
        let found = lookup_in(type_name, self.region);
        self.schemas
            .borrow_mut()
            .push((type_name.to_owned(), found.clone()));
        found
    }

    /// A finding, an error or warning as `severity` says (always a warning under a macro).
    pub(super) fn finding(
        &self,
        rule: Rule,
        severity: Severity,
        pos: Option<Pos>,
        path: &[Cow<'_, str>],
        message: String,
    ) -> Finding {
        let (severity, message) = match (severity, self.macro_name) {
            (Severity::Error, Some(m)) => (
                Severity::Warning,
                format!("{message}; it is kept for the macro {m}, which may change it"),
            ),
            _ => (severity, message),
        };
        let mut diagnostic = match severity {
            Severity::Error => Diagnostic::error(self.file, pos, message),
            Severity::Warning => Diagnostic::warning(self.file, pos, message),
        }
        .with_path(join_path(path));
        if let [section, id, ..] = path
            && section == "Resources"
        {
            diagnostic = diagnostic.with_logical_id(id.as_ref());
        }
        Finding {
            rule,
            cfn_lint: rule.cfn_lint(),
            path: path.iter().map(|s| s.as_ref().to_owned()).collect(),
            diagnostic,
        }
    }
}

/// Whether the template (or the resource) tells cfn-lint to ignore the rule of `finding`
/// (`Metadata: {cfn-lint: {config: {ignore_checks: [E3012]}}}`, a rule id or its prefix):
/// the author has looked at it, and the same finding from us would only be noise.
fn ignored_for_cfn_lint(template: &Template, finding: &Finding) -> bool {
    let Some(rule) = finding.cfn_lint else {
        return false;
    };
    let ignores = |metadata: Option<&Node>| {
        metadata
            .and_then(|m| m.get_path(&["cfn-lint", "config", "ignore_checks"]))
            .and_then(Node::as_sequence)
            .is_some_and(|ids| {
                ids.iter()
                    .filter_map(Node::as_str)
                    .any(|id| !id.is_empty() && rule.starts_with(id))
            })
    };
    let resource = finding
        .diagnostic
        .logical_id
        .as_deref()
        .and_then(|id| template.resource(id));
    ignores(template.section("Metadata")) || ignores(resource.and_then(|r| r.attribute("Metadata")))
}

/// Whether a loop makes this resource with names not known until deployment: its body is
/// checked through the other resources of the loop, or not at all.
fn is_stacked(template: &Template, logical_id: &str) -> bool {
    template
        .loops()
        .generated(logical_id)
        .is_some_and(|g| g.repeat.is_some())
}

fn check_resource(
    template: &Template,
    ctx: &Context<'_>,
    r: &Resource<'_>,
    out: &mut Vec<Finding>,
) {
    let name = r.type_name();
    let type_path = [
        Cow::Borrowed("Resources"),
        Cow::Borrowed(r.logical_id),
        Cow::Borrowed("Type"),
    ];
    let type_pos = r.attribute("Type").map(|n| n.span.start);
    if name.is_empty()
        || name.starts_with("AWS::Serverless::")
        || name.ends_with("::MODULE")
        || name.split("::").count() != 3
    {
        // No type, SAM's, a module, or not a type at all (the template checks say so).
        return;
    }
    let Some(info) = type_info(name) else {
        if name.starts_with("Custom::") {
            return;
        }
        let suggestion = suggest::closest(name, types().iter().map(|t| t.name))
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        // A type of another publisher may be registered in the account; AWS's own are known.
        let aws = name.starts_with("AWS::") || name.starts_with("Alexa::");
        let (severity, what) = if aws {
            (Severity::Error, "is not a CloudFormation resource type")
        } else {
            (
                Severity::Warning,
                "is not a public CloudFormation resource type; it deploys only if it is registered in the account",
            )
        };
        out.push(ctx.finding(
            Rule::ResourceType,
            severity,
            type_pos,
            &type_path,
            format!("{name} {what}{suggestion}"),
        ));
        return;
    };
    if info.kind == TypeKind::Sam {
        return;
    }
    if !info.available_in(ctx.region) {
        let mut elsewhere: Vec<&str> = info.regions().collect();
        let more = elsewhere.len().saturating_sub(4);
        elsewhere.truncate(4);
        let mut list = elsewhere.join(", ");
        if more > 0 {
            write!(list, " and {more} more").ok();
        }
        let message = if list.is_empty() {
            format!(
                "{name} is not available in {} (nor in any region)",
                ctx.region
            )
        } else {
            format!(
                "{name} is not available in {} (it is in {list})",
                ctx.region
            )
        };
        out.push(ctx.finding(
            Rule::ResourceType,
            Severity::Error,
            type_pos,
            &type_path,
            message,
        ));
    }
    if let Some(lifecycle) = info.lifecycle {
        let when = lifecycle
            .date
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        let (severity, id, message) = match lifecycle.status {
            LifecycleStatus::Shutdown => (
                Severity::Error,
                "E3710",
                format!("{name} is from a service that was shut down{when}"),
            ),
            LifecycleStatus::Sunset => (
                Severity::Warning,
                "W3696",
                format!(
                    "{name} is from a service that is being shut down{when}; plan to move off it"
                ),
            ),
            LifecycleStatus::Maintenance => (
                Severity::Warning,
                "W3697",
                format!(
                    "{name} is from a service in maintenance{}",
                    lifecycle
                        .date
                        .map(|d| format!(" since {d}"))
                        .unwrap_or_default()
                ),
            ),
        };
        let mut f = ctx.finding(Rule::Lifecycle, severity, type_pos, &type_path, message);
        f.cfn_lint = Some(id);
        out.push(f);
    }
    let Some(schema) = ctx.schema(name) else {
        return;
    };
    let mut path = vec![
        Cow::Borrowed("Resources"),
        Cow::Borrowed(r.logical_id),
        Cow::Borrowed("Properties"),
    ];
    let conditions = presence::TrueConditions::of(template, r.condition());
    let mut walk = value::Walk {
        ctx,
        template,
        schema: &schema,
        type_name: name,
        conditions: &conditions,
        in_loop: template.loops().generated(r.logical_id).is_some(),
        out,
        schema_path: String::new(),
    };
    match r.attributes().entry("Properties") {
        // No Properties: an empty mapping, which may lack required properties.
        None => walk.properties(&Node::default(), Some(r.id_span.start), &mut path, true),
        Some(entry) => walk.properties(&entry.value, Some(entry.key_span.start), &mut path, false),
    }
}

/// A list index as a path segment, without allocating for the small ones.
pub(super) fn segment(i: usize) -> Cow<'static, str> {
    const SMALL: [&str; 16] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
    ];
    SMALL
        .get(i)
        .map_or_else(|| Cow::Owned(i.to_string()), |s| Cow::Borrowed(*s))
}

/// The key of a function as a path segment (`Fn::GetAtt`), without allocating for the
/// common ones.
pub(super) fn function_key(func: &Func) -> Cow<'static, str> {
    Cow::Borrowed(match func {
        Func::Ref => "Ref",
        Func::GetAtt => "Fn::GetAtt",
        Func::Sub => "Fn::Sub",
        Func::If => "Fn::If",
        Func::Join => "Fn::Join",
        Func::Select => "Fn::Select",
        Func::Split => "Fn::Split",
        Func::FindInMap => "Fn::FindInMap",
        Func::Base64 => "Fn::Base64",
        Func::ImportValue => "Fn::ImportValue",
        Func::GetAZs => "Fn::GetAZs",
        other => return Cow::Owned(other.long_key()),
    })
}

/// The value in a message: a short quote of a scalar, or what kind of value it is.
pub(super) fn shown(node: &Node) -> String {
    const MAX_CHARS: usize = 40;
    match &node.value {
        Value::String(s) => {
            let mut short: String = s.chars().take(MAX_CHARS).collect();
            if short.len() < s.len() {
                short.push('…');
            }
            format!("{short:?}")
        }
        Value::Number(n) => n.as_str().to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Intrinsic(f) => format!("{} (not a function in a property)", f.func.long_key()),
    }
}

/// Up to `max` names joined for a message, with how many more there are.
pub(super) fn some_of<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = names.into_iter().collect();
    let mut text = all.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    if all.len() > max {
        write!(text, " and {} more", all.len() - max).ok();
    }
    text
}

#[cfg(test)]
mod tests;
