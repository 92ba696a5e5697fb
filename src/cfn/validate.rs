//! Checks made while reading a template: structure, repeated keys, function shapes and
//! CloudFormation's limits. Each finding is a diagnostic with file, line, column and path.

use super::diagnostic::Diagnostic;
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
        let diag = if d.path == ["Resources"] {
            Diagnostic::warning(
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
            let mut diag = Diagnostic::warning(
                file,
                Some(d.pos),
                format!("duplicate key {:?}: the value first written at {first} is replaced by this one", d.key),
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

/// Warns about templates over CloudFormation's limits; the template still opens.
pub(super) fn check_limits(t: &Template, body_bytes: usize, file: &str, out: &mut Vec<Diagnostic>) {
    for (section, limit) in LIMITS {
        let Some(entry) = t.root().entry(section) else {
            continue;
        };
        let n = entry.value.as_mapping().map_or(0, Mapping::len);
        if n > *limit {
            out.push(
                Diagnostic::warning(
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
    if body_bytes > MAX_BODY_BYTES {
        out.push(Diagnostic::warning(
            file,
            None,
            format!("the template is {body_bytes} bytes, more than CloudFormation's limit of {MAX_BODY_BYTES}"),
        ));
    }
}

pub(super) fn validate(t: &Template, file: &str, out: &mut Vec<Diagnostic>) {
    for (key, entry) in t.root().entries() {
        if !SECTIONS.contains(&key) {
            out.push(
                Diagnostic::warning(
                    file,
                    Some(entry.key_span.start),
                    format!("unknown top-level section {key:?}; it is kept as it is"),
                )
                .with_path(key),
            );
        }
    }
    match t.section("Resources") {
        None => out.push(Diagnostic::warning(
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
                for (id, entry) in resources.entries() {
                    validate_resource(file, id, entry.key_span, &entry.value, out);
                }
            }
        },
    }
    for (key, entry) in t.root().entries() {
        let mut path = vec![key.to_owned()];
        check_functions(file, &entry.value, &mut path, out);
    }
}

fn validate_resource(file: &str, id: &str, id_span: Span, node: &Node, out: &mut Vec<Diagnostic>) {
    let path = format!("Resources.{id}");
    if id.starts_with("Fn::ForEach::") {
        return;
    }
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        out.push(
            Diagnostic::warning(
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
        Some(_) => {}
    }
    for (key, entry) in attrs.entries() {
        if !RESOURCE_ATTRIBUTES.contains(&key) {
            out.push(
                Diagnostic::warning(
                    file,
                    Some(entry.key_span.start),
                    format!("unknown resource attribute {key:?}; it is kept as it is"),
                )
                .with_path(format!("{path}.{key}"))
                .with_logical_id(id),
            );
        }
    }
}

/// Warns about intrinsic functions whose arguments have the wrong shape.
fn check_functions(file: &str, node: &Node, path: &mut Vec<String>, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                check_functions(file, item, path, out);
                path.pop();
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m.iter() {
                path.push(k.to_owned());
                check_functions(file, v, path, out);
                path.pop();
            }
        }
        Value::Intrinsic(f) => {
            if let Some(problem) = f.shape_problem() {
                let mut d = Diagnostic::warning(file, Some(node.span.start), problem)
                    .with_path(join_path(path));
                if let [res, id, ..] = path.as_slice()
                    && res == "Resources"
                {
                    d = d.with_logical_id(id);
                }
                out.push(d);
            }
            path.push(f.func.long_key());
            check_functions(file, &f.arg, path, out);
            path.pop();
        }
        _ => {}
    }
}
