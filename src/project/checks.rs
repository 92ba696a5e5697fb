//! What is wrong across the files of a project: a nested stack whose template is not found,
//! a required child parameter not passed or one passed that the child does not declare, an
//! import that no stack exports, an export two stacks define, a stack-name parameter that
//! names no stack of the project.

use super::Member;
use super::resolve::*;
use crate::cfn::{Diagnostic, Node};

pub(super) fn check(members: &[Member], r: &mut Resolved) {
    let file = |m: usize| members[m].path.as_str();
    let mut out = Vec::new();
    for c in &r.children {
        match &c.target {
            ChildTarget::Unresolved(why) => {
                let d = format!(
                    "nested stack {} runs a template not found: {why}",
                    c.logical_id
                );
                let d = if is_url(&c.url) {
                    Diagnostic::warning(
                        file(c.parent),
                        c.pos,
                        format!("{d}; pick its file to draw it"),
                    )
                } else {
                    Diagnostic::error(file(c.parent), c.pos, d)
                };
                out.push(d.with_logical_id(&c.logical_id));
            }
            ChildTarget::Member(child) => check_parameters(members, r, c, *child, &mut out),
            ChildTarget::Repository => {}
        }
    }
    for (k, e) in r.exports.iter().enumerate() {
        let Ok(name) = &e.name else { continue };
        if let Some(first) = r.exports[..k].iter().find(|o| o.name.as_ref() == Ok(name)) {
            out.push(
                Diagnostic::error(
                    file(e.member),
                    e.pos,
                    format!(
                        "export {name} is also defined by {} (output {}); CloudFormation refuses a second stack exporting the same name",
                        file(first.member),
                        first.output
                    ),
                )
                .with_path(format!("Outputs.{}.Export.Name", e.output)),
            );
        }
    }
    for i in &r.imports {
        let d = match &i.target {
            ImportTarget::Missing(name) => Diagnostic::error(
                file(i.member),
                i.pos,
                format!(
                    "{} imports {name}, which no stack of the project exports",
                    i.within
                ),
            ),
            _ => continue,
        };
        out.push(if i.within.starts_with("Outputs.") {
            d
        } else {
            d.with_logical_id(&i.within)
        });
    }
    for b in r
        .bindings
        .iter()
        .filter(|b| b.source == BindingSource::Unbound)
    {
        let message = if b.candidates.is_empty() {
            format!(
                "parameter {} names a stack that is not in the project; what it imports is not drawn",
                b.parameter
            )
        } else {
            format!(
                "parameter {} names another stack: choose which ({})",
                b.parameter,
                b.candidates
                    .iter()
                    .map(|&c| r.names[c].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let at = members[b.member]
            .template
            .section_mapping("Parameters")
            .and_then(|p| p.get(&b.parameter))
            .and_then(pos);
        out.push(
            Diagnostic::warning(file(b.member), at, message)
                .with_path(format!("Parameters.{}", b.parameter)),
        );
    }
    r.diagnostics = out;
}

fn check_parameters(
    members: &[Member],
    r: &Resolved,
    c: &Child,
    child: usize,
    out: &mut Vec<Diagnostic>,
) {
    let parent_file = members[c.parent].path.as_str();
    let child_file = members[child].path.as_str();
    let declared = members[child].template.section_mapping("Parameters");
    let res = members[c.parent].template.resource(&c.logical_id);
    let given = res
        .and_then(|res| res.property(&["Parameters"]))
        .and_then(Node::as_mapping);
    let at = res.map(|res| res.id_span.start).filter(|p| p.line > 0);
    if let Some(given) = given {
        for (name, node) in given.iter() {
            if declared.is_none_or(|d| !d.contains_key(name)) {
                out.push(
                    Diagnostic::error(
                        parent_file,
                        pos(node).or(at),
                        format!(
                            "nested stack {} passes {name}, which {child_file} does not declare",
                            c.logical_id
                        ),
                    )
                    .with_logical_id(&c.logical_id)
                    .with_path(format!(
                        "Resources.{}.Properties.Parameters.{name}",
                        c.logical_id
                    )),
                );
            }
        }
    }
    let _ = r;
    for (name, decl) in declared.into_iter().flat_map(|d| d.iter()) {
        if decl.get_path(&["Default"]).is_none() && given.is_none_or(|g| !g.contains_key(name)) {
            out.push(
                Diagnostic::error(
                    parent_file,
                    at,
                    format!(
                        "nested stack {} does not pass {name}, which {child_file} requires (it has no default)",
                        c.logical_id
                    ),
                )
                .with_logical_id(&c.logical_id),
            );
        }
    }
}
