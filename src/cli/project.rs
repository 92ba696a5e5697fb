//! `check` and `render` of a project: a folder of templates, or a root template with the
//! nested stacks it runs.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, RenderOptions, check_report, refused_note, write_image};
use crate::cfn::{Diagnostic, Imported};
use crate::export::ImageFormat;
use crate::project::{BindingSource, ChildTarget, Project, ProjectView};
use crate::schema::CheckOptions;

/// Whether `input` names a project: a folder, or a template that runs nested stacks.
pub(super) fn is_project(input: &str) -> bool {
    let path = Path::new(input);
    if input == "-" {
        return false;
    }
    if path.is_dir() {
        return true;
    }
    super::open(input).is_ok_and(|i| Project::runs_nested_stacks(&i.template))
}

/// Opens a project, with the folder its member paths are relative to as the user wrote it
/// (empty for the current folder), for messages.
fn open_project(input: &str, out: &mut Outcome) -> Option<(Project, String)> {
    let path = Path::new(input);
    match Project::open(path) {
        Ok((project, _)) => {
            let dir = if path.is_dir() {
                input.trim_end_matches('/').to_owned()
            } else {
                path.parent()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            Some((project, dir))
        }
        Err(e) => {
            writeln!(out.stderr, "cannot open {input}: {e}").ok();
            out.code = 1;
            None
        }
    }
}

/// A member's path as the user reaches it from where they ran the command.
fn shown(dir: &str, path: &str) -> String {
    if dir.is_empty() || dir == "." {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    }
}

fn reshown(dir: &str, d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    d.file = shown(dir, &d.file);
    // The shapes are marked by key; the message names the logical ID in its own file.
    if let Some(id) = &d.logical_id {
        d.logical_id = Some(crate::project::Combined::id_of(id).to_owned());
    }
    d
}

/// `stackcanvas check DIR`: each member's report, then the project's: its stacks, which
/// stack each stack-name parameter means, the references between stacks and what is wrong
/// across files. Sets exit 1 on any error.
pub(super) fn check_project(input: &str, options: &CheckOptions<'_>, out: &mut Outcome) {
    let Some((project, dir)) = open_project(input, out) else {
        return;
    };
    let view = ProjectView::build(&project, input, &crate::view::ViewFilters::default());
    let r = &view.resolved;
    for m in &project.members {
        let file = shown(&dir, &m.path);
        let imported = Imported {
            template: m.template.clone(),
            diagnostics: m.diagnostics.iter().map(|d| reshown(&dir, d)).collect(),
            read_diagnostics: Vec::new(),
        };
        let (report, errors) = check_report(&file, &imported, options);
        out.stdout.push_str(&report);
        if errors {
            out.code = 1;
        }
    }
    let s = &mut out.stdout;
    let n = project.members.len();
    writeln!(
        s,
        "Project {input}: {n} stack{}",
        if n == 1 { "" } else { "s" }
    )
    .ok();
    for (i, m) in project.members.iter().enumerate() {
        let parents: Vec<String> = r
            .parents_of(i)
            .map(|c| format!("nested in {} as {}", r.names[c.parent], c.logical_id))
            .collect();
        let tail = if parents.is_empty() {
            String::new()
        } else {
            format!(", {}", parents.join(", "))
        };
        writeln!(s, "  {} ({}){tail}", r.names[i], m.path).ok();
    }
    let unresolved: Vec<String> = r
        .children
        .iter()
        .filter_map(|c| match &c.target {
            ChildTarget::Unresolved(why) => {
                Some(format!("{} {}: {why}", r.names[c.parent], c.logical_id))
            }
            ChildTarget::Repository => Some(format!(
                "{} {}: from {}",
                r.names[c.parent], c.logical_id, c.url
            )),
            ChildTarget::Member(_) => None,
        })
        .collect();
    if !unresolved.is_empty() {
        writeln!(
            s,
            "  Nested stacks not in the project: {}",
            unresolved.len()
        )
        .ok();
        for u in unresolved {
            writeln!(s, "    {u}").ok();
        }
    }
    if r.bindings.iter().any(|b| b.names_a_stack()) {
        writeln!(s, "  Stack parameters").ok();
        for b in r.bindings.iter().filter(|b| b.names_a_stack()) {
            let value = match (&b.value, b.stack) {
                (_, Some(stack)) => r.names[stack].clone(),
                (Some(v), None) => format!("{v} (no stack of that name)"),
                (None, None) => "unbound".to_owned(),
            };
            let how = match b.source {
                BindingSource::Chosen => "chosen in the project file",
                BindingSource::Default => "its default",
                BindingSource::Inferred => "the one stack whose exports match",
                BindingSource::Unbound => "no stack's exports match; choose one",
            };
            let candidates: Vec<&str> = b.candidates.iter().map(|&c| r.names[c].as_str()).collect();
            writeln!(
                s,
                "    {} {} = {value} ({how}; candidates: {})",
                r.names[b.member],
                b.parameter,
                if candidates.is_empty() {
                    "none".to_owned()
                } else {
                    candidates.join(", ")
                }
            )
            .ok();
        }
    }
    let wires = &view.combined.wires;
    writeln!(s, "  References between stacks: {}", wires.len()).ok();
    for w in wires {
        writeln!(s, "    {} -> {}: {}", w.from, w.to, w.how).ok();
    }
    let mut diags: Vec<Diagnostic> = project
        .read_errors
        .iter()
        .chain(&r.diagnostics)
        .map(|d| reshown(&dir, d))
        .collect();
    diags.sort_by(|a, b| {
        (&a.file, a.pos.map(|p| p.offset)).cmp(&(&b.file, b.pos.map(|p| p.offset)))
    });
    if diags.is_empty() {
        writeln!(s, "  No warnings across files").ok();
    } else {
        writeln!(s, "  Warnings and errors across files: {}", diags.len()).ok();
        for d in &diags {
            writeln!(s, "    {d}").ok();
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        out.code = 1;
    }
}

/// `stackcanvas render DIR -o OUT`: the project drawn as one architecture, each resource's
/// `data-logical-id` and each container's `data-key` its key `stack/LogicalId`.
pub(super) fn render_project(
    input: &str,
    output: &str,
    format: ImageFormat,
    options: &RenderOptions,
) -> Outcome {
    let mut out = Outcome::default();
    let Some((project, dir)) = open_project(input, &mut out) else {
        return out;
    };
    let view = ProjectView::build(&project, input, &options.filters);
    let mut refused = 0;
    for d in view.diagnostics(&project) {
        writeln!(out.stderr, "{}", reshown(&dir, d)).ok();
        refused += usize::from(d.is_error());
    }
    if write_image(
        &view.diagram.scene,
        format,
        output,
        &options.export,
        input,
        &mut out,
    ) {
        refused_note(&mut out, refused, input);
    }
    out
}
