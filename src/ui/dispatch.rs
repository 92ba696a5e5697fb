//! Running what the frame's widgets asked for: the queue of [`UiCommand`]s is drained once,
//! after the UI pass. Document changes go to the session; what they did comes back as an
//! [`Outcome`] that the view follows (selection, camera, recent files).

use std::path::Path;

use super::app::StackCanvasApp;
use super::command::{AppCommand, UiCommand};
use super::file_dialog::DialogPurpose;
use super::property_editor::FieldResults;
use super::state::{Dialog, Notice, PaletteDrag, PendingAction, SAMPLES, SearchState};
use crate::canvas::{CanvasAction, CanvasState, DropHint};
use crate::cfn::LogicalId;
use crate::edit::Edit;
use crate::model::Document;
use crate::scene::Theme;
use crate::session::{Command, Outcome, SessionError};
use crate::view::View;

impl StackCanvasApp {
    /// Runs and empties the queue. A command may queue more (the unsaved question's answer
    /// runs what waited for it); those run in the same drain.
    pub(super) fn run_queue(&mut self, ctx: &egui::Context) {
        let mut rounds = 0;
        while !self.queue.is_empty() && rounds < 8 {
            rounds += 1;
            for cmd in std::mem::take(&mut self.queue) {
                self.run(cmd, ctx);
            }
        }
        self.update_drop_hint();
    }

    /// Runs one command now.
    pub fn run(&mut self, cmd: UiCommand, ctx: &egui::Context) {
        match cmd {
            UiCommand::App(cmd) => self.run_command(cmd, ctx),
            UiCommand::Session(cmd) => {
                self.apply(cmd);
            }
            UiCommand::Guard(action) => self.guard_unsaved(action, ctx),
            UiCommand::Proceed { action, save } => {
                if save {
                    if self.save(ctx) {
                        self.run_pending(action, ctx);
                    }
                } else {
                    self.recovery.clear();
                    self.run_pending(action, ctx);
                }
            }
            UiCommand::SetFilters(filters) => {
                // One Region for the stack: the checks and the prices follow it together.
                filters.region().clone_into(&mut self.cost.region);
                self.settings.view = filters.clone();
                self.apply(Command::SetFilters(filters));
                // The overview is drawn again from the project's documents under the new filters.
                self.redraw_project();
            }
            UiCommand::PickChild { parent, logical_id } => {
                if let Some(state) = &mut self.project {
                    let directory = Some(state.project.root.clone());
                    state.picking = Some((parent, logical_id.clone()));
                    let request = super::file_dialog::FileRequest {
                        purpose: DialogPurpose::PickChild,
                        title: format!("The template {logical_id} runs"),
                        ..super::files::open_request(directory)
                    };
                    self.dialogs.start(request, ctx);
                }
            }
            UiCommand::ChooseStack {
                member,
                parameter,
                stack,
            } => {
                if let Some(state) = &mut self.project {
                    match super::project_view::choose_stack(
                        state,
                        &member,
                        &parameter,
                        stack.as_deref(),
                    ) {
                        Ok(()) => self.redraw_project(),
                        Err(e) => {
                            self.notice = Some(Notice::error(format!(
                                "cannot write {}: {e}",
                                crate::project::PROJECT_FILE
                            )));
                        }
                    }
                }
            }
            UiCommand::PathChosen(purpose, path) => match purpose {
                DialogPurpose::Open | DialogPurpose::OpenFolder => self.open_path_async(&path, ctx),
                DialogPurpose::PickChild => self.picked_child(&path),
                DialogPurpose::SaveAs => {
                    self.save_to(&path);
                }
                DialogPurpose::ExportImage => {
                    self.export_to(&path);
                }
                DialogPurpose::Compare => {
                    self.run(
                        UiCommand::CompareWith(super::command::CompareSource::File(path)),
                        ctx,
                    );
                }
            },
            UiCommand::CompareWith(source) => self.start_compare(&source),
            UiCommand::Recover(restore) => {
                if restore {
                    self.restore_recovery();
                } else {
                    self.recovery.offer = None;
                    self.recovery.clear();
                }
            }
            UiCommand::ExportDialog => {
                let request = super::export_dialog::export_request(
                    self.doc().map(crate::session::OpenDoc::name),
                    &self.export_choices,
                    self.dialog_directory(),
                );
                self.dialogs.start(request, ctx);
            }
            UiCommand::DismissNotice => self.notice = None,
            UiCommand::SelectResource(id) => {
                let drawn = match self.compare.as_ref() {
                    Some(c) if self.doc().is_some_and(|d| d.id() == c.doc) => {
                        c.scene.rect_of(&id).is_some()
                    }
                    _ => self
                        .doc()
                        .is_some_and(|d| d.diagram.scene.rect_of(&id).is_some()),
                };
                if drawn {
                    self.canvas.select(&id, false);
                    self.canvas.center_requested = Some(id);
                } else {
                    self.notice = Some(Notice {
                        severity: super::state::Severity::Info,
                        text: format!("{id} is not drawn: the view filters hide it"),
                    });
                }
            }
            UiCommand::SetCostRegion(region) => {
                let filters = self.settings.view.clone().with_region(&region);
                self.run(UiCommand::SetFilters(filters), ctx);
            }
            UiCommand::SetParameter { name, value } => {
                if let Some(id) = self.doc().map(crate::session::OpenDoc::id) {
                    let values = self.cost.parameters.entry(id).or_default();
                    if value.is_empty() {
                        values.remove(&name);
                    } else {
                        values.insert(name, value);
                    }
                }
            }
        }
    }

    /// Runs a menu command or shortcut.
    pub fn run_command(&mut self, cmd: AppCommand, ctx: &egui::Context) {
        match cmd {
            AppCommand::New => self.guard_unsaved(PendingAction::New, ctx),
            AppCommand::Open => self.guard_unsaved(PendingAction::OpenDialog, ctx),
            AppCommand::OpenFolder => self.guard_unsaved(PendingAction::OpenFolderDialog, ctx),
            AppCommand::Save => {
                self.save(ctx);
            }
            AppCommand::SaveAs => self.start_save_dialog(ctx),
            AppCommand::ShowChanges => self.show_changes = true,
            AppCommand::CompareWithFile => {
                let request = super::files::compare_request(self.dialog_directory());
                self.dialogs.start(request, ctx);
            }
            AppCommand::CompareWithRevision => {
                self.compare_revisions = Some(
                    self.session
                        .active_path()
                        .map(|p| crate::compare::revisions(p, 30))
                        .unwrap_or_default(),
                );
            }
            AppCommand::StopComparing => self.compare = None,
            AppCommand::ExportImage => self.show_export = true,
            AppCommand::Undo => self.undo(),
            AppCommand::Redo => self.redo(),
            AppCommand::Delete => {
                let ids = self.selection();
                if !ids.is_empty() {
                    self.dialog = Some(Dialog::Delete(ids));
                }
            }
            AppCommand::Rename => {
                if let Some(id) = self.selection().into_iter().next() {
                    self.dialog = Some(Dialog::Rename(id.clone(), id.into_string()));
                }
            }
            AppCommand::Copy => self.copy_selection(),
            AppCommand::Paste => self.paste(),
            AppCommand::Duplicate => {
                self.copy_selection();
                self.paste();
            }
            AppCommand::Fit => self.canvas.fit_requested = true,
            AppCommand::ZoomToSelection => self.canvas.zoom_to_selection_requested = true,
            AppCommand::Find => {
                self.search.open = true;
                self.search.focus = true;
            }
            AppCommand::FindNext => self.find_next(),
            AppCommand::TogglePlumbing => {
                let mut filters = self.settings.view.clone();
                filters.hide_plumbing = !filters.hide_plumbing;
                self.run(UiCommand::SetFilters(filters), ctx);
            }
            AppCommand::ToggleView => {
                let view = match self.settings.view.view {
                    View::Architecture => View::References,
                    View::References => View::Architecture,
                };
                let filters = self.settings.view.clone().with_view(view);
                self.run(UiCommand::SetFilters(filters), ctx);
                self.canvas.fit_requested = true;
            }
            AppCommand::Tidy => {
                self.apply(Command::Edit {
                    label: "Tidy".to_owned(),
                    edits: vec![Edit::Tidy],
                });
                self.canvas.fit_requested = true;
            }
            AppCommand::ToggleMinimap => self.canvas.minimap = !self.canvas.minimap,
            AppCommand::ToggleCostPanel => {
                self.settings.cost_panel = !self.settings.cost_panel;
                // A book imported since the panel was last open shows in the picker.
                self.cost.forget_regions();
            }
            AppCommand::ToggleCostBadges => self.settings.cost_badges = !self.settings.cost_badges,
            AppCommand::ToggleTheme => {
                self.settings.theme = match self.settings.theme {
                    Theme::Dark => Theme::Light,
                    Theme::Light => Theme::Dark,
                };
                ctx.set_visuals(super::theme::visuals(self.settings.theme));
            }
            AppCommand::Escape => {
                if self.edit_buffer.take().is_some() {
                    // Escape in a field drops what was typed; the field shows the document's
                    // value again.
                } else if self.canvas.drag.is_some() || self.canvas.connect_from.is_some() {
                    self.cancel_move();
                } else if self.search.open {
                    self.search.open = false;
                } else {
                    self.canvas.selection.clear();
                    self.canvas.highlight = None;
                }
            }
            AppCommand::Quit => self.guard_unsaved(PendingAction::Close, ctx),
        }
    }

    /// Runs a session command now and makes the view follow what it did. On error the notice
    /// says why; returns whether it worked.
    pub fn apply(&mut self, cmd: Command) -> bool {
        let result = if cmd.changes_document() && self.on_project_overview() {
            self.apply_to_project(cmd)
        } else {
            self.session.apply(cmd)
        };
        match result {
            Ok(outcome) => {
                self.follow(outcome);
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(e.to_string()));
                // A refused drop put the document back: the picture must show it.
                if matches!(e, SessionError::Refused(_)) {
                    self.canvas.drag = None;
                    self.canvas.drop_hint = None;
                }
                false
            }
        }
    }

    /// Makes the view follow a command's outcome.
    fn follow(&mut self, outcome: Outcome) {
        if outcome.opened.is_some() {
            // What was typed, selected or searched belongs to the old document.
            self.edit_buffer = None;
            self.cost.drafts.clear();
            self.cost.refused.clear();
            self.canvas = CanvasState {
                minimap: self.canvas.minimap,
                ..CanvasState::new()
            };
            self.search = SearchState::default();
            self.notice = None;
        }
        if let Some(path) = outcome.saved {
            self.recovery.clear();
            self.settings.remember(path);
        }
        if let Some(ids) = outcome.select {
            self.canvas.selection = ids;
        }
        if let Some(id) = outcome.reveal {
            self.canvas.center_requested = Some(id);
        }
        // Only what is drawn can stay selected.
        if let Some(doc) = self.session.active() {
            let scene = &doc.diagram.scene;
            let template = &doc.document().template;
            self.canvas
                .selection
                .retain(|id| template.resource(id).is_some() && scene.rect_of(id).is_some());
        }
    }

    /// The selection, as logical IDs.
    fn selection(&self) -> Vec<LogicalId> {
        self.canvas.selection.clone()
    }

    /// Queues what the canvas reported.
    pub(super) fn push_canvas_actions(&mut self, actions: Vec<CanvasAction>) {
        for action in actions {
            let cmd = match action {
                CanvasAction::ToggleCollapse(key) => Command::ToggleCollapse(key),
                CanvasAction::BeginMove => {
                    let Some(drag) = &self.canvas.drag else {
                        continue;
                    };
                    Command::BeginMove {
                        ids: drag.ids.clone(),
                        start: drag.start.clone(),
                    }
                }
                CanvasAction::Move => {
                    let Some(drag) = &self.canvas.drag else {
                        continue;
                    };
                    Command::MoveTo(drag.delta)
                }
                CanvasAction::EndMove(at) => {
                    self.canvas.drag = None;
                    self.canvas.drop_hint = None;
                    Command::EndMove(at)
                }
                CanvasAction::Connect(from, to) => Command::Connect { from, to },
            };
            self.queue.push(UiCommand::Session(cmd));
        }
    }

    /// Queues what the inspector's and template panel's fields did this frame. A buffer whose
    /// field was not drawn (the selection changed while typing) can no longer lose its focus,
    /// so it is committed here: nothing typed is dropped without a word.
    pub(super) fn push_field_results(&mut self, mut results: FieldResults) {
        if let Some(orphan) = self.edit_buffer.take_if(|b| !b.seen) {
            results.push(orphan.commit());
        }
        for edit in results.edits {
            self.queue.push(UiCommand::Session(edit_command(edit)));
        }
        if let Some(e) = results.errors.pop() {
            self.notice = Some(Notice::error(e.to_string()));
        }
        match results.undo {
            Some(true) => self.queue.push(UiCommand::App(AppCommand::Undo)),
            Some(false) => self.queue.push(UiCommand::App(AppCommand::Redo)),
            None => {}
        }
    }

    /// A palette item released over the canvas is created there.
    pub(super) fn palette_drop(&mut self, ctx: &egui::Context) {
        let Some(payload) = egui::DragAndDrop::payload::<PaletteDrag>(ctx) else {
            return;
        };
        let released = ctx.input(|i| i.pointer.any_released());
        let over_canvas = ctx
            .input(|i| i.pointer.latest_pos())
            .or(self.last_pointer)
            .filter(|p| self.canvas.screen.contains(*p))
            .map(|p| self.canvas.camera.to_canvas(p));
        if released {
            egui::DragAndDrop::clear_payload(ctx);
            if let Some(at) = over_canvas {
                self.queue.push(UiCommand::Session(Command::AddPaletteItem {
                    item: payload.0,
                    at,
                }));
            }
        }
    }

    /// Shows what a drop at the pointer would do while something is dragged.
    fn update_drop_hint(&mut self) {
        let dragging = self.canvas.drag.is_some() || self.canvas.connect_from.is_some();
        self.canvas.drop_hint = self
            .canvas
            .pointer_in_canvas
            .filter(|_| dragging)
            .and_then(|at| {
                self.session
                    .drop_preview(at, self.canvas.connect_from.as_deref())
            })
            .map(|p| DropHint {
                rect: p.rect,
                ok: p.ok,
                text: p.text,
            });
    }

    // What tests and the menus call directly: each runs its command at once.

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.doc().map(crate::session::OpenDoc::document)
    }

    /// Applies edits as one undo step named `label`.
    pub fn apply_edits(&mut self, label: &str, edits: Vec<Edit>) -> bool {
        self.apply(Command::Edit {
            label: label.to_owned(),
            edits,
        })
    }

    /// Applies one edit as one undo step.
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        self.apply(edit_command(edit))
    }

    /// Undoes the last step.
    pub fn undo(&mut self) {
        self.apply(Command::Undo);
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) {
        self.apply(Command::Redo);
    }

    /// Escape during a drag: puts everything back.
    pub fn cancel_move(&mut self) {
        self.canvas.drag = None;
        self.canvas.connect_from = None;
        self.canvas.drop_hint = None;
        self.apply(Command::CancelMove);
    }

    /// Copies the selected resources to the session's clipboard.
    pub fn copy_selection(&mut self) {
        let ids = self.selection();
        self.apply(Command::Copy(ids));
    }

    /// Pastes the clipboard.
    pub fn paste(&mut self) {
        self.apply(Command::Paste);
    }

    /// Opens bundled sample `index`.
    pub fn open_sample(&mut self, index: usize) {
        let Some((name, text)) = SAMPLES.get(index) else {
            return;
        };
        self.open_bytes(text.as_bytes(), name, None);
    }

    /// Opens a template from bytes; returns whether it worked.
    pub fn open_bytes(
        &mut self,
        bytes: &[u8],
        name: &str,
        path: Option<std::path::PathBuf>,
    ) -> bool {
        self.apply(Command::OpenBytes {
            bytes: bytes.to_vec(),
            name: name.to_owned(),
            path,
        })
    }

    /// Opens a file. On failure the current document stays and the error is shown.
    pub fn open_path(&mut self, path: &Path) {
        if self.apply(Command::OpenFile(path.to_path_buf())) {
            self.settings.remember(path.to_path_buf());
        }
    }

    /// Starts an empty template.
    pub fn new_document(&mut self) {
        self.apply(Command::New);
    }

    /// Runs `action` now if there is nothing unsaved, else asks first.
    pub fn guard_unsaved(&mut self, action: PendingAction, ctx: &egui::Context) {
        if !self.unsaved_files().is_empty() {
            self.pending = Some(action);
        } else {
            self.run_pending(action, ctx);
        }
    }

    fn run_pending(&mut self, action: PendingAction, ctx: &egui::Context) {
        match action {
            PendingAction::Open(path) => self.open_path_async(&path, ctx),
            PendingAction::OpenStack(path) => self.open_stack_async(&path, ctx),
            PendingAction::OpenDialog => self.start_open_dialog(ctx),
            PendingAction::OpenFolderDialog => {
                let request = super::files::open_folder_request(self.dialog_directory());
                self.dialogs.start(request, ctx);
            }
            PendingAction::Sample(n) => self.open_sample(n),
            PendingAction::New => self.new_document(),
            PendingAction::Close => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Saves to the document's file, or asks where if it has none. Returns whether it saved.
    pub fn save(&mut self, ctx: &egui::Context) -> bool {
        if self.on_project_overview() {
            // Each stack with changes is written to its own file.
            return self.apply(Command::Save(None));
        }
        match self.session.apply(Command::Save(None)) {
            Ok(outcome) => {
                self.follow(outcome);
                true
            }
            Err(SessionError::NoPath) => {
                self.start_save_dialog(ctx);
                false
            }
            Err(e) => {
                self.notice = Some(Notice::error(e.to_string()));
                false
            }
        }
    }

    /// Writes the document to `path` in the format its extension names, atomically. On
    /// failure the old file is intact, the document stays dirty, and the error is shown.
    pub fn save_to(&mut self, path: &Path) -> bool {
        self.apply(Command::Save(Some(path.to_path_buf())))
    }

    /// Looks at the file on disk now.
    pub fn check_disk_now(&mut self) {
        self.apply(Command::CheckDisk);
    }

    /// Whether saving now would overwrite changes made on disk.
    pub fn disk_conflict(&self) -> bool {
        self.doc().is_some_and(|d| d.changed_on_disk)
    }

    /// Keeps the app's version: the next save overwrites the file on purpose.
    pub fn keep_mine(&mut self) {
        self.apply(Command::KeepMine);
    }

    /// Reads the file again, dropping the app's version.
    pub fn reload(&mut self) {
        self.apply(Command::Reload);
    }

    /// Logical IDs and types that match the search, in template order.
    pub fn search_hits(&self) -> Vec<String> {
        let (Some(doc), query) = (self.doc(), self.search.query.trim().to_lowercase()) else {
            return Vec::new();
        };
        if query.is_empty() {
            return Vec::new();
        }
        doc.document()
            .template
            .resources()
            .filter(|r| doc.diagram.scene.rect_of(r.logical_id).is_some())
            .filter(|r| {
                r.logical_id.to_lowercase().contains(&query)
                    || r.type_name().to_lowercase().contains(&query)
            })
            .map(|r| r.logical_id.to_owned())
            .collect()
    }

    /// Moves to the next search hit: selects it and centres the view on it.
    pub fn find_next(&mut self) {
        let hits = self.search_hits();
        if hits.is_empty() {
            self.search.current = None;
            return;
        }
        let next = self.search.current.map_or(0, |c| (c + 1) % hits.len());
        self.search.current = Some(next);
        let Some(id) = hits.get(next).cloned() else {
            return;
        };
        self.canvas.select(&id, false);
        self.canvas.highlight = Some(LogicalId::from(&id));
        self.canvas.center_requested = Some(LogicalId::from(id));
    }

    /// The folder dialogs start in: the open file's, else the current one.
    pub fn dialog_directory(&self) -> Option<std::path::PathBuf> {
        self.session
            .active_path()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
    }

    /// Starts comparing the active document with `source`; an old version that cannot be
    /// read is a notice, and compare mode stays as it was.
    pub fn start_compare(&mut self, source: &super::command::CompareSource) {
        let Some(doc) = self.session.active() else {
            return;
        };
        match super::compare_view::read_old(source, self.session.active_path()) {
            Ok(old) => {
                self.compare = Some(super::compare_view::CompareState::new(
                    doc,
                    old,
                    self.session.filters(),
                ));
                self.canvas.fit_requested = true;
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!("Cannot compare: {e}")));
            }
        }
    }

    pub(super) fn start_open_dialog(&mut self, ctx: &egui::Context) {
        let request = super::files::open_request(self.dialog_directory());
        self.dialogs.start(request, ctx);
    }

    /// Asks where to save.
    pub fn start_save_dialog(&mut self, ctx: &egui::Context) {
        let request = super::files::save_request(
            self.doc().map(crate::session::OpenDoc::name),
            self.dialog_directory(),
        );
        self.dialogs.start(request, ctx);
    }
}

/// The command for one edit, named as the edit names itself.
fn edit_command(edit: Edit) -> Command {
    Command::Edit {
        label: edit.label(),
        edits: vec![edit],
    }
}
