//! A project's diagram: the combined template drawn as one, each shape marked with its stack.

use std::sync::Arc;

use super::{Combined, Project, Resolved, combine, resolve};
use crate::cfn::Diagnostic;
use crate::model::{Derived, Document, RefGraph};
use crate::scene::StackInfo;
use crate::view::{Diagram, Rebuilds, ViewFilters};

/// The combined template's own checks would find fault with what combining made (a key
/// `stack/Id` is no logical ID CloudFormation takes, a reference left to a stack outside the
/// project dangles): its findings become each member's, told of its own file and marked on
/// the shapes by key. The schema's findings are about one resource each, so they stand,
/// moved to the member that declares it.
fn own_diagnostics(project: &Project, c: &Combined, r: &Resolved, derived: &mut Derived) {
    let keyed = |m: usize, d: &Diagnostic| {
        let mut d = d.clone();
        d.file = project.members[m].path.clone();
        if let Some(id) = &d.logical_id {
            d.logical_id = Some(Combined::key(&r.names[m], id));
        }
        d
    };
    let mut checks = Vec::new();
    for (m, member) in project.members.iter().enumerate() {
        checks.extend(member.diagnostics.iter().map(|d| keyed(m, d)));
        let graph = RefGraph::build(&member.template, &member.path);
        checks.extend(graph.diagnostics.iter().map(|d| keyed(m, d)));
    }
    for d in &r.diagnostics {
        match project.members.iter().position(|m| m.path == d.file) {
            Some(m) => checks.push(keyed(m, d)),
            None => checks.push(d.clone()),
        }
    }
    for d in &mut derived.schema {
        if let Some((m, id)) = d.logical_id.as_ref().and_then(|k| c.origin.get(k)) {
            d.file = project.members[*m].path.clone();
            d.path = d.path.replacen(&Combined::key(&r.names[*m], id), id, 1);
        }
    }
    derived.checks = checks;
    derived.graph.diagnostics.clear();
}

/// A project resolved, combined and drawn.
#[derive(Clone, Debug)]
pub struct ProjectView {
    /// How its members are joined.
    pub resolved: Resolved,
    /// The members as one template.
    pub combined: Combined,
    /// The combined template as the overview's document, with its view's collapsed boxes.
    pub document: Document,
    /// The drawing.
    pub diagram: Diagram,
}

/// The stacks a scene marks: the names by member, and the wires between them.
pub fn stack_info(c: &Combined, r: &Resolved) -> StackInfo {
    StackInfo {
        names: r.names.clone(),
        wires: c
            .wires
            .iter()
            .map(|w| (w.from.clone(), w.to.clone(), w.how.clone()))
            .collect(),
        parents: (0..r.names.len())
            .map(|m| r.parents_of(m).next().map(|c| c.parent))
            .collect(),
    }
}

impl ProjectView {
    /// Resolves, combines and draws `project`; `file` names it in the diagram's messages.
    pub fn build(project: &Project, file: &str, filters: &ViewFilters) -> Self {
        Self::build_collapsed(project, file, filters, &std::collections::BTreeSet::new())
    }

    /// Like [`Self::build`], with the containers of the layout keys `collapsed` collapsed: the
    /// overview's own view state, since it has no file to keep a layout in.
    pub fn build_collapsed(
        project: &Project,
        file: &str,
        filters: &ViewFilters,
        collapsed: &std::collections::BTreeSet<String>,
    ) -> Self {
        let resolved = resolve(&project.members, &project.file);
        let combined = combine(&project.members, &resolved);
        let mut document = Document::new(combined.template.clone());
        for key in collapsed {
            document
                .layout
                .boxes
                .entry(key.clone())
                .or_default()
                .collapsed = true;
        }
        let mut derived = Derived::build_with(&combined.template, file, &filters.check_options());
        own_diagnostics(project, &combined, &resolved, &mut derived);
        let info = Arc::new(stack_info(&combined, &resolved));
        let diagram = Diagram::of_project(
            &document,
            derived,
            Some(info),
            filters,
            &mut Rebuilds::default(),
        );
        ProjectView {
            resolved,
            combined,
            document,
            diagram,
        }
    }

    /// Everything found wrong, each naming its own file: what reading each member found,
    /// what the schemas found, what could not be read, and what is wrong across files.
    pub fn diagnostics<'a>(&'a self, project: &'a Project) -> impl Iterator<Item = &'a Diagnostic> {
        self.diagram
            .derived
            .diagnostics()
            .chain(&project.read_errors)
    }
}
