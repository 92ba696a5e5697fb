//! Checks of a template: structure, repeated keys, function shapes and CloudFormation's
//! limits. Each finding is a diagnostic with file, line, column and path.
//!
//! What CloudFormation would refuse at deploy time is an error; a warning is for what
//! deploys but looks wrong.

use super::diagnostic::Diagnostic;
use super::intrinsic::{Form, Func};
use super::template::{RESOURCE_ATTRIBUTES, SECTIONS, Template, describe, join_path};
use super::value::{Mapping, Node, Span, Value};
use super::yaml_read::DuplicateKey;

pub(super) fn report_duplicates(
    file: &str,
    duplicates: &[DuplicateKey],
    out: &mut Vec<Diagnostic>,
) {
    for d in duplicates {
        let first = format!("line {}", d.first.line);
        // cfn-lint refuses to read a template that repeats a key; the reader keeps the last
        // value, as PyYAML does, so that the user sees the template and can fix it.
        let diag = if d.path == ["Resources"] {
            Diagnostic::error(
                file,
                Some(d.pos),
                format!(
                    "duplicate logical ID {}: the resource first written at {first} is replaced by this one",
                    d.key
                ),
            )
            .with_logical_id(&d.key)
        } else {
            let path = join_path(&d.path);
            let mut diag = Diagnostic::error(
                file,
                Some(d.pos),
                format!("duplicate key {:?}: a mapping holds a key once; the value first written at {first} is replaced by this one", d.key),
            )
            .with_path(path);
            if let [res, id, ..] = d.path.as_slice()
                && res == "Resources"
            {
                diag = diag.with_logical_id(id);
            }
            diag
        };
        out.push(diag);
    }
}

/// CloudFormation's quotas for one template: (what, limit).
pub const LIMITS: &[(&str, usize)] = &[
    ("Resources", 500),
    ("Parameters", 200),
    ("Outputs", 200),
    ("Mappings", 200),
];

/// Largest template body CloudFormation accepts from S3, in bytes.
pub const MAX_BODY_BYTES: usize = 1_000_000;

/// Finds what is over CloudFormation's limits for a template; the template still opens.
fn check_limits(t: &Template, file: &str, out: &mut Vec<Diagnostic>) {
    for (section, limit) in LIMITS {
        let Some(entry) = t.root().entry(section) else {
            continue;
        };
        let n = entry.value.as_mapping().map_or(0, Mapping::len);
        if n > *limit {
            out.push(
                Diagnostic::error(
                    file,
                    Some(entry.key_span.start),
                    format!(
                        "{n} {} is more than CloudFormation's limit of {limit} per template",
                        section.to_lowercase()
                    ),
                )
                .with_path(*section),
            );
        }
    }
}

/// Finds a template body over the size CloudFormation accepts.
pub(super) fn check_body_size(body_bytes: usize, file: &str, out: &mut Vec<Diagnostic>) {
    if body_bytes > MAX_BODY_BYTES {
        out.push(Diagnostic::error(
            file,
            None,
            format!("the template is {body_bytes} bytes, more than CloudFormation's limit of {MAX_BODY_BYTES}"),
        ));
    }
}

/// Checks the template tree: its sections, resources, intrinsic functions and limits.
///
/// It reads the tree only, so it is run again after every edit.
pub fn check_template(t: &Template, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    validate(t, file, &mut out);
    check_limits(t, file, &mut out);
    super::foreach::check(t, file, &mut out);
    out.extend(
        super::region_values::region_literals(t)
            .iter()
            .map(|l| l.diagnostic(file)),
    );
    out.sort_by_key(|d| d.pos.map(|p| p.offset));
    out
}

/// How a name CloudFormation does not know is reported: an error, unless a macro (a
/// `Transform` that is not AWS's own) runs first, since macros consume names of their own
/// (`Count: 3`, `ExplodeMap`, `Fn::Macro`); then a warning that says so.
#[derive(Clone, Copy)]
struct Unknown<'a> {
    file: &'a str,
    macro_name: Option<&'a str>,
}

impl Unknown<'_> {
    fn report(self, pos: Option<super::value::Pos>, message: &str) -> Diagnostic {
        match self.macro_name {
            None => Diagnostic::error(
                self.file,
                pos,
                format!("{message}; CloudFormation refuses it (it is kept as it is)"),
            ),
            Some(m) => Diagnostic::warning(
                self.file,
                pos,
                format!("{message}; it is kept for the macro {m}, which may consume it"),
            ),
        }
    }
}

fn validate(t: &Template, file: &str, out: &mut Vec<Diagnostic>) {
    let unknown = Unknown {
        file,
        macro_name: t
            .transforms()
            .into_iter()
            .find(|name| !name.starts_with("AWS::")),
    };
    for (key, entry) in t.root().entries() {
        if !SECTIONS.contains(&key) {
            out.push(
                unknown
                    .report(
                        Some(entry.key_span.start),
                        &format!("unknown top-level section {key:?}"),
                    )
                    .with_path(key),
            );
        }
    }
    match t.section("Resources") {
        None => out.push(Diagnostic::error(
            file,
            Some(t.root_node().span.start),
            "the template has no Resources section; CloudFormation needs at least one resource",
        )),
        Some(node) => match node.as_mapping() {
            None => out.push(
                Diagnostic::error(
                    file,
                    Some(node.span.start),
                    format!(
                        "Resources must be a mapping of logical IDs to resources, not {}",
                        describe(&node.value)
                    ),
                )
                .with_path("Resources"),
            ),
            Some(resources) => {
                let sam = t.is_sam();
                for (id, entry) in resources.entries() {
                    validate_resource(unknown, id, entry.key_span, &entry.value, sam, out);
                }
            }
        },
    }
    for (key, entry) in t.root().entries() {
        let mut path = vec![key.to_owned()];
        check_functions(unknown, &entry.value, &mut path, out);
    }
}

/// Whether `name` has the shape of a resource type: `AWS::SQS::Queue`, a registry type such as
/// `Acme::Widget::Thing`, a module (`...::MODULE`) or a custom resource (`Custom::Name`).
///
/// Which types exist is the schema's business; this only tells a type from something else.
fn looks_like_type(name: &str) -> bool {
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
    match name.split("::").collect::<Vec<_>>().as_slice() {
        ["Custom", rest] => {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '-'))
        }
        [a, b, c] | [a, b, c, "MODULE"] => word(a) && word(b) && word(c),
        _ => false,
    }
}

fn validate_resource(
    unknown: Unknown<'_>,
    id: &str,
    id_span: Span,
    node: &Node,
    sam: bool,
    out: &mut Vec<Diagnostic>,
) {
    let file = unknown.file;
    let path = format!("Resources.{id}");
    if id.starts_with("Fn::ForEach::") {
        return;
    }
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        out.push(
            Diagnostic::error(
                file,
                Some(id_span.start),
                format!("logical ID {id:?} is not alphanumeric (A-Z, a-z, 0-9); CloudFormation will reject it"),
            )
            .with_logical_id(id),
        );
    }
    let Some(attrs) = node.as_mapping() else {
        out.push(
            Diagnostic::error(
                file,
                Some(node.span.start),
                format!(
                    "resource {id} must be a mapping with a Type, not {}",
                    describe(&node.value)
                ),
            )
            .with_path(path)
            .with_logical_id(id),
        );
        return;
    };
    match attrs.entry("Type") {
        None => out.push(
            Diagnostic::error(
                file,
                Some(id_span.start),
                format!("resource {id} has no Type"),
            )
            .with_path(path.clone())
            .with_logical_id(id),
        ),
        Some(e) if e.value.as_str().is_none() => out.push(
            Diagnostic::error(
                file,
                Some(e.value.span.start),
                format!(
                    "the Type of resource {id} must be a string such as AWS::S3::Bucket, not {}",
                    describe(&e.value.value)
                ),
            )
            .with_path(format!("{path}.Type"))
            .with_logical_id(id),
        ),
        Some(e) => {
            let name = e.value.as_str().unwrap_or_default();
            let problem = if !looks_like_type(name) {
                Some(format!(
                    "the Type of resource {id}, {name:?}, is not a resource type such as AWS::S3::Bucket"
                ))
            } else if name.starts_with("AWS::Serverless::") && !sam {
                Some(format!(
                    "{name} needs the SAM transform: add Transform: AWS::Serverless-2016-10-31"
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::error(file, Some(e.value.span.start), problem)
                        .with_path(format!("{path}.Type"))
                        .with_logical_id(id),
                );
            }
        }
    }
    for (key, entry) in attrs.entries() {
        if !RESOURCE_ATTRIBUTES.contains(&key) {
            out.push(
                unknown
                    .report(
                        Some(entry.key_span.start),
                        &format!("unknown resource attribute {key:?}"),
                    )
                    .with_path(format!("{path}.{key}"))
                    .with_logical_id(id),
            );
        }
    }
}

/// Finds intrinsic functions that CloudFormation does not know, or whose arguments have the
/// wrong shape.
fn check_functions(
    unknown: Unknown<'_>,
    node: &Node,
    path: &mut Vec<String>,
    out: &mut Vec<Diagnostic>,
) {
    match &node.value {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                check_functions(unknown, item, path, out);
                path.pop();
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m.iter() {
                path.push(k.to_owned());
                check_functions(unknown, v, path, out);
                path.pop();
            }
        }
        Value::Intrinsic(f) => {
            let pos = Some(node.span.start);
            let problem = match &f.func {
                Func::Other(name) if f.form == Form::Short => Some(Diagnostic::error(
                    unknown.file,
                    pos,
                    format!(
                        "!{name} is not a CloudFormation function; CloudFormation will refuse the template (the tag is kept as written, and the template cannot be saved as JSON)"
                    ),
                )),
                Func::Other(name) => Some(
                    unknown.report(pos, &format!("Fn::{name} is not a CloudFormation function")),
                ),
                _ => f
                    .shape_problem()
                    .map(|p| Diagnostic::error(unknown.file, pos, p)),
            };
            if let Some(d) = problem {
                let mut d = d.with_path(join_path(path));
                if let [res, id, ..] = path.as_slice()
                    && res == "Resources"
                {
                    d = d.with_logical_id(id);
                }
                out.push(d);
            }
            path.push(f.func.long_key());
            check_functions(unknown, &f.arg, path, out);
            path.pop();
        }
        _ => {}
    }
}
