//! A project in the app: its overview (the read-only drawing of every stack as one
//! architecture) and the Stacks panel, which lists the stacks with their colours, opens one to
//! edit it, says which stack each stack-name parameter means and shows what is wrong across
//! files. The user's choices go to the project file beside the templates.

use std::path::{Path, PathBuf};

use super::command::UiCommand;
use super::state::PendingAction;
use crate::cfn::Diagnostic;
use crate::project::{BindingSource, PROJECT_FILE, Project, ProjectView, Resolved};
use crate::scene::stack_color;
use crate::session::{DocId, Prepared, ProjectDocs};
use crate::view::ViewFilters;

/// An open project: what was read, how it is joined, and the overview's document.
#[derive(Clone, Debug)]
pub struct ProjectState {
    /// What the user opened: the folder, or the root template.
    pub input: PathBuf,
    /// The templates and the user's choices.
    pub project: Project,
    /// How they are joined.
    pub resolved: Resolved,
    /// The references between stacks.
    pub wires: usize,
    /// Resources per member, as drawn.
    pub resources: Vec<usize>,
    /// Everything found wrong, each naming its file.
    pub diagnostics: Vec<Diagnostic>,
    /// The overview's document, once the session holds it.
    pub overview: Option<DocId>,
    /// The members open as documents: what the overview's gestures edit.
    pub docs: ProjectDocs,
    /// The overview's name.
    pub name: String,
    /// The nested stack whose template the file dialog is asked for: (parent, logical ID).
    pub picking: Option<(usize, String)>,
    /// The overview's collapsed containers, by layout key: view state, kept while it is open.
    pub collapsed: std::collections::BTreeSet<String>,
}

impl ProjectState {
    /// Takes in what a new drawing of the project found.
    fn summarize(&mut self, project: &Project, view: &ProjectView) {
        self.wires = view.combined.wires.len();
        self.resolved = view.resolved.clone();
        self.resources = (0..project.members.len())
            .map(|m| {
                view.combined
                    .origin
                    .values()
                    .filter(|(o, _)| *o == m)
                    .count()
            })
            .collect();
        self.diagnostics = view
            .diagnostics(project)
            .chain(&self.project.read_errors)
            .map(|d| {
                let mut d = d.clone();
                if let Some(id) = &d.logical_id {
                    d.logical_id = Some(crate::project::Combined::id_of(id).to_owned());
                }
                d
            })
            .collect();
    }

    /// The overview drawn again from the members' documents as they are now (after an edit,
    /// an undo, a new choice or new filters).
    pub fn redraw(&mut self, filters: &ViewFilters) -> Prepared {
        let project = self.docs.project();
        let view = ProjectView::build_collapsed(&project, &self.name, filters, &self.collapsed);
        self.summarize(&project, &view);
        Prepared::from_project(view, &self.name, filters)
    }

    /// The path of a member on disk.
    pub fn member_path(&self, member: usize) -> PathBuf {
        self.project.root.join(&self.project.members[member].path)
    }

    /// Whether `path` is one of the project's templates.
    pub fn holds(&self, path: &Path) -> bool {
        (0..self.project.members.len()).any(|m| self.member_path(m) == path)
    }
}

/// What a background open came to: a template, or a project and its overview.
#[derive(Debug)]
pub enum Opened {
    /// One template.
    File(Box<Prepared>),
    /// A project.
    Project(Box<(ProjectState, Prepared)>),
}

/// Opens `path` as a project: a folder, or a template with the nested stacks it runs.
pub fn prepare_project(
    path: &Path,
    filters: &ViewFilters,
) -> Result<(ProjectState, Prepared), String> {
    let (project, _) =
        Project::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    if project.members.is_empty() {
        let mut why = format!("{} holds no CloudFormation template", path.display());
        if let Some(d) = project.read_errors.first() {
            why = format!("{why}; {d}");
        }
        return Err(why);
    }
    let name = format!(
        "{} (project)",
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    let docs = ProjectDocs::open(&project, filters).map_err(|e| e.to_string())?;
    let mut state = ProjectState {
        input: path.to_path_buf(),
        project,
        resolved: Resolved::default(),
        wires: 0,
        resources: Vec::new(),
        diagnostics: Vec::new(),
        overview: None,
        docs,
        name,
        picking: None,
        collapsed: std::collections::BTreeSet::new(),
    };
    let prepared = state.redraw(filters);
    Ok((state, prepared))
}

/// Opens `path` on a worker: a folder or a root template as a project, else one template;
/// `plain` opens a template as itself even if it runs nested stacks (a stack of a project).
pub fn open_any(path: &Path, filters: &ViewFilters, plain: bool) -> Result<Opened, String> {
    if path.is_dir() {
        return prepare_project(path, filters).map(|p| Opened::Project(Box::new(p)));
    }
    let prepared = Prepared::from_file(path, filters).map_err(|e| e.to_string())?;
    if !plain && Project::runs_nested_stacks(&prepared.opened.document.template) {
        return prepare_project(path, filters).map(|p| Opened::Project(Box::new(p)));
    }
    Ok(Opened::File(Box::new(prepared)))
}

/// Writes the user's choice of which stack a stack-name parameter means to the project file,
/// or takes it back with `None`; the project then holds the new choices.
pub fn choose_stack(
    state: &mut ProjectState,
    member: &str,
    parameter: &str,
    stack: Option<&str>,
) -> std::io::Result<()> {
    let project = &state.project;
    let mut file = project.file.clone();
    let choice = file.stacks.entry(member.to_owned()).or_default();
    match stack {
        Some(s) => {
            choice
                .stack_parameters
                .insert(parameter.to_owned(), s.to_owned());
        }
        None => {
            choice.stack_parameters.remove(parameter);
        }
    }
    if choice.name.is_none() && choice.stack_parameters.is_empty() {
        file.stacks.remove(member);
    }
    crate::session::write_atomically(&project.root.join(PROJECT_FILE), file.to_text().as_bytes())?;
    state.project.file = file.clone();
    state.docs.set_file(file);
    Ok(())
}

/// The Stacks panel. `on_overview` says whether the overview is the active document.
pub fn stacks_panel_ui(
    ui: &mut egui::Ui,
    state: &ProjectState,
    on_overview: bool,
    queue: &mut Vec<UiCommand>,
) {
    let r = &state.resolved;
    let n = state.project.members.len();
    ui.heading("Stacks");
    ui.label(format!(
        "{}: {n} stack{}, {} reference{} between stacks",
        state.input.display(),
        if n == 1 { "" } else { "s" },
        state.wires,
        if state.wires == 1 { "" } else { "s" }
    ));
    if !on_overview && ui.button("Back to the project").clicked() {
        queue.push(UiCommand::Guard(PendingAction::Open(state.input.clone())));
    }
    ui.separator();
    egui::Grid::new("stacks")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for (m, member) in state.project.members.iter().enumerate() {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                let c = stack_color(m);
                ui.painter()
                    .rect_filled(rect, 3.0, egui::Color32::from_rgb(c.0, c.1, c.2));
                ui.label(egui::RichText::new(&r.names[m]).strong())
                    .on_hover_text(&member.path);
                ui.label(format!("{} resources", state.resources[m]));
                if ui
                    .button("Open")
                    .on_hover_text(format!(
                        "Edit {} (the overview is drawn from the files)",
                        member.path
                    ))
                    .clicked()
                {
                    queue.push(UiCommand::Guard(PendingAction::OpenStack(
                        state.member_path(m),
                    )));
                }
                ui.end_row();
            }
        });
    let unresolved: Vec<&crate::project::Child> = r
        .children
        .iter()
        .filter(|c| matches!(c.target, crate::project::ChildTarget::Unresolved(_)))
        .collect();
    if !unresolved.is_empty() {
        ui.separator();
        ui.strong("Nested stacks not found");
        for c in unresolved {
            ui.horizontal(|ui| {
                ui.label(format!("{}.{}", r.names[c.parent], c.logical_id))
                    .on_hover_text(&c.url);
                if on_overview
                    && ui
                        .button("Pick...")
                        .on_hover_text(
                            "The template it runs, kept in the parent's Metadata.StackCanvas",
                        )
                        .clicked()
                {
                    queue.push(UiCommand::PickChild {
                        parent: c.parent,
                        logical_id: c.logical_id.clone(),
                    });
                }
            });
        }
    }
    if r.bindings.iter().any(|b| b.names_a_stack()) {
        ui.separator();
        ui.strong("Stack parameters");
        for b in r.bindings.iter().filter(|b| b.names_a_stack()) {
            ui.horizontal(|ui| {
                ui.label(format!("{}.{}", r.names[b.member], b.parameter));
                let shown = match (b.stack, &b.value) {
                    (Some(s), _) => r.names[s].clone(),
                    (None, Some(v)) => format!("{v} (not in the project)"),
                    (None, None) => "(choose)".to_owned(),
                };
                let member = state.project.members[b.member].path.clone();
                egui::ComboBox::from_id_salt(("binding", b.member, &b.parameter))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        let mut order: Vec<usize> = b.candidates.clone();
                        order
                            .extend((0..n).filter(|s| !b.candidates.contains(s) && *s != b.member));
                        for s in order {
                            let mark = if b.candidates.contains(&s) {
                                " (its exports match)"
                            } else {
                                ""
                            };
                            if ui
                                .selectable_label(
                                    b.stack == Some(s),
                                    format!("{}{mark}", r.names[s]),
                                )
                                .clicked()
                            {
                                queue.push(UiCommand::ChooseStack {
                                    member: member.clone(),
                                    parameter: b.parameter.clone(),
                                    stack: Some(r.names[s].clone()),
                                });
                            }
                        }
                        if b.source == BindingSource::Chosen
                            && ui.selectable_label(false, "(as inferred)").clicked()
                        {
                            queue.push(UiCommand::ChooseStack {
                                member: member.clone(),
                                parameter: b.parameter.clone(),
                                stack: None,
                            });
                        }
                    });
                ui.weak(match b.source {
                    BindingSource::Chosen => "chosen",
                    BindingSource::Default => "its default",
                    BindingSource::Inferred => "inferred",
                    BindingSource::Unbound => "unbound",
                });
            });
        }
    }
    ui.separator();
    if state.diagnostics.is_empty() {
        ui.label("No warnings across files");
    } else {
        ui.strong(format!("Warnings and errors: {}", state.diagnostics.len()));
        egui::ScrollArea::vertical()
            .max_height(240.0)
            .show(ui, |ui| {
                for d in &state.diagnostics {
                    let color = if d.is_error() {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().warn_fg_color
                    };
                    ui.label(egui::RichText::new(d.to_string()).color(color).small());
                }
            });
    }
}
