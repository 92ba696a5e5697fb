//! The eframe app: its state, and the frame. A frame polls the workers, runs the UI pass (each
//! panel pushes [`UiCommand`]s), then drains the queue once (see `dispatch.rs`).

use std::path::{Path, PathBuf};

use super::command::{AppCommand, UiCommand};
use super::cost_state::CostView;
use super::export_dialog::ExportChoices;
use super::file_dialog::FileDialogs;
use super::menus::MenuView;
use super::open::PendingOpen;
use super::property_editor::{EditBuffer, FieldResults};
use super::recovery::Recovery;
use super::state::{Dialog, Notice, PaletteState, PendingAction, SearchState, Settings};
use super::theme::{self, CanvasColors};
use crate::canvas::{CanvasState, canvas_ui};
use crate::session::{OpenDoc, Session};

/// The Stack Canvas app.
pub struct StackCanvasApp {
    /// The open documents, their history and the clipboard: everything that is saved.
    pub session: Session,
    /// Camera and selection.
    pub canvas: CanvasState,
    /// Persisted settings.
    pub settings: Settings,
    /// Search bar state.
    pub search: SearchState,
    /// The last message for the user, shown until dismissed.
    pub notice: Option<Notice>,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// What to do after the unsaved-changes question.
    pub pending: Option<PendingAction>,
    /// Whether the changes window is shown.
    pub show_changes: bool,
    /// Compare mode, when on.
    pub compare: Option<super::compare_view::CompareState>,
    /// The git revisions offered by "Compare with git revision...", while that window is open.
    pub compare_revisions: Option<Vec<crate::compare::RevisionChoice>>,
    /// The palette tab.
    pub palette: PaletteState,
    /// A file being opened in the background.
    pub pending_open: Option<PendingOpen>,
    /// The open project, while its overview or one of its stacks is shown.
    pub project: Option<super::project_view::ProjectState>,
    /// Autosave and the recovery file.
    pub recovery: Recovery,
    /// When the file on disk was last looked at.
    pub last_disk_check: Option<std::time::Instant>,
    /// Whether the export dialog is shown.
    pub show_export: bool,
    /// The export dialog's choices.
    pub export_choices: ExportChoices,
    /// Where the pointer was last seen on screen (a release may come after it left).
    pub last_pointer: Option<egui::Pos2>,
    /// The value being edited in the inspector or template panel.
    pub edit_buffer: Option<EditBuffer>,
    /// The search text of the inspector's "Add property".
    pub property_search: String,
    /// The required property (resource, key) whose Remove button asks "remove anyway?".
    pub confirm_remove: Option<(String, String)>,
    /// File dialogs and the app's own path field.
    pub dialogs: FileDialogs,
    /// The cost panel: Region, parameter values, its fields and the cached estimate.
    pub cost: CostView,
    /// What this frame's widgets asked for, run after the UI pass.
    pub(super) queue: Vec<UiCommand>,
    pub(super) close_confirmed: bool,
    title: String,
}

impl StackCanvasApp {
    /// Creates the app, restoring settings, and opens `file` (see [`Self::open_startup_file`])
    /// or, with no file, the first bundled sample.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<&Path>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
            .unwrap_or_default();
        cc.egui_ctx.set_visuals(theme::visuals(settings.theme));
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let mut app = Self::with_settings(settings);
        // Autosave only where the app keeps its settings: not in headless tests.
        if cc.storage.is_some() {
            app.recovery.dir = super::recovery::default_recovery_dir();
            app.find_recovery();
        }
        match file {
            Some(path) => app.open_startup_file(path),
            None => app.open_sample(0),
        }
        app
    }

    /// Opens the file named on the command line. If it cannot be opened, the window starts on
    /// an empty, untitled template and shows the error with its file, line and column: the
    /// bundled sample in its place would look as if the file had opened.
    pub fn open_startup_file(&mut self, path: &Path) {
        match super::project_view::open_any(path, &self.settings.view.clone(), false) {
            Ok(super::project_view::Opened::Project(opened)) => {
                self.install_project(*opened, path.to_path_buf());
            }
            Ok(super::project_view::Opened::File(prepared)) => {
                if self.apply(crate::session::Command::Install(prepared)) {
                    self.settings.remember(path.to_path_buf());
                }
            }
            Err(e) => self.notice = Some(super::state::Notice::error(e)),
        }
        if self.doc().is_none() {
            let notice = self.notice.take();
            self.new_document();
            self.notice = notice;
        }
    }

    /// An app with no document yet.
    pub fn with_settings(settings: Settings) -> Self {
        let mut cost = CostView::default();
        settings.view.region().clone_into(&mut cost.region);
        Self {
            session: Session::new(settings.view.clone()),
            canvas: CanvasState::new(),
            settings,
            search: SearchState::default(),
            notice: None,
            dialog: None,
            pending: None,
            show_changes: false,
            compare: None,
            compare_revisions: None,
            palette: PaletteState::default(),
            edit_buffer: None,
            property_search: String::new(),
            confirm_remove: None,
            last_pointer: None,
            pending_open: None,
            project: None,
            recovery: Recovery::default(),
            last_disk_check: None,
            show_export: false,
            export_choices: ExportChoices::default(),
            dialogs: FileDialogs::default(),
            cost,
            queue: Vec::new(),
            close_confirmed: false,
            title: String::new(),
        }
    }

    /// The active document.
    pub fn doc(&self) -> Option<&OpenDoc> {
        self.session.active()
    }

    /// The text of the notice shown, if any.
    pub fn notice_text(&self) -> Option<String> {
        self.notice.as_ref().map(|n| n.text.clone())
    }

    fn title_text(&self) -> String {
        match self.doc() {
            Some(doc) => {
                let name = Path::new(doc.name()).file_name().map_or_else(
                    || doc.name().to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                format!(
                    "{name}{} - Stack Canvas",
                    if self.unsaved_files().is_empty() {
                        ""
                    } else {
                        " *"
                    }
                )
            }
            None => "Stack Canvas".to_owned(),
        }
    }

    /// What the menus show.
    fn menu_view(&self) -> MenuView {
        let history = self.doc().map(OpenDoc::history);
        let (undo, redo) = match self.project.as_ref().filter(|_| self.on_project_overview()) {
            // On the overview, the project's one history.
            Some(p) => (
                p.docs.undo_label().map(str::to_owned),
                p.docs.redo_label().map(str::to_owned),
            ),
            None => (
                history.and_then(|h| h.undo_label().map(str::to_owned)),
                history.and_then(|h| h.redo_label().map(str::to_owned)),
            ),
        };
        MenuView {
            recent: self.settings.recent.clone(),
            undo,
            redo,
            has_selection: !self.canvas.selection.is_empty(),
            can_paste: self.session.can_paste(),
            theme: self.settings.theme,
            minimap: self.canvas.minimap,
            cost_panel: self.settings.cost_panel,
            cost_badges: self.settings.cost_badges,
            has_path: self.session.active_path().is_some(),
            comparing: self.compare.is_some(),
        }
    }

    /// Prices the active document again if it, the Region or the parameters changed, while
    /// the cost panel or the badges are shown, and gives the canvas its badges.
    pub fn refresh_cost(&mut self) {
        let wanted = self.settings.cost_panel || self.settings.cost_badges;
        let changed = match self.session.active() {
            Some(doc) if wanted => self.cost.refresh(doc),
            _ => false,
        };
        if !self.settings.cost_badges {
            self.canvas.badges.clear();
        } else if changed || self.canvas.badges.is_empty() {
            self.canvas.badges = self.cost.badges();
        }
    }

    /// Files dropped on the window.
    fn dropped_files(ctx: &egui::Context) -> Vec<PathBuf> {
        ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        })
    }

    /// The panels around the canvas and the canvas; widgets push commands.
    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let theme_kind = self.settings.theme;
        if let Some(b) = &mut self.edit_buffer {
            b.seen = false;
        }
        let mut fields = FieldResults::default();
        let Some(doc) = self.session.active() else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label("Open a template with File > Open..., or drop one here");
            });
            return;
        };
        let opening = self
            .pending_open
            .as_ref()
            .filter(|p| p.started.elapsed() > std::time::Duration::from_millis(100))
            .map(|p| p.name.clone());
        egui::Panel::bottom("status").show(ui, |ui| {
            super::panels::status_ui(
                ui,
                doc,
                self.canvas.camera.zoom(),
                opening.as_deref(),
                theme_kind,
            );
        });
        if let Some(state) = &mut self.compare
            && state.doc == doc.id()
        {
            state.refresh(doc, self.session.filters());
            egui::Panel::top("compare-banner").show(ui, |ui| {
                super::compare_view::banner_ui(ui, state, &mut self.queue);
            });
        }
        let on_overview = self.on_project_overview();
        if let Some(state) = &self.project {
            egui::Panel::left("stacks")
                .default_size(300.0)
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("stacks-scroll")
                        .show(ui, |ui| {
                            super::project_view::stacks_panel_ui(
                                ui,
                                state,
                                on_overview,
                                &mut self.queue,
                            );
                        });
                });
        }
        // The overview is not edited: its palette and template panel would offer what it
        // refuses, so the Stacks panel stands in their place.
        if !on_overview {
            egui::Panel::left("template")
                .default_size(280.0)
                .resizable(true)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.palette.shown, true, "Palette");
                        ui.selectable_value(&mut self.palette.shown, false, "Template");
                    });
                    ui.separator();
                    if self.palette.shown {
                        super::palette::palette_ui(
                            ui,
                            &mut self.palette,
                            theme_kind,
                            &mut self.queue,
                        );
                    } else {
                        fields = super::template_panel::template_panel_ui(
                            ui,
                            doc,
                            &mut self.canvas,
                            theme_kind,
                            &mut self.edit_buffer,
                        );
                    }
                });
        }
        if self.settings.cost_panel {
            egui::Panel::right("cost")
                .default_size(420.0)
                .resizable(true)
                .show(ui, |ui| {
                    let view = super::cost_panel::CostPanelView {
                        doc,
                        selection: &self.canvas.selection,
                        badges: self.settings.cost_badges,
                        theme: theme_kind,
                    };
                    super::cost_panel::cost_panel_ui(ui, &view, &mut self.cost, &mut self.queue);
                });
        }
        if let Some(state) = self.compare.as_ref().filter(|c| c.doc == doc.id()) {
            egui::Panel::right("changes")
                .default_size(380.0)
                .resizable(true)
                .show(ui, |ui| {
                    super::compare_view::changes_ui(
                        ui,
                        state,
                        &self.canvas.selection,
                        &mut self.queue,
                    );
                });
        }
        let mut inspector = super::inspector::InspectorOutput::default();
        egui::Panel::right("inspector")
            .default_size(340.0)
            .resizable(true)
            .show(ui, |ui| {
                inspector = super::inspector::inspector_ui(
                    ui,
                    doc,
                    &mut self.canvas,
                    theme_kind,
                    &mut self.edit_buffer,
                    &mut self.property_search,
                    &mut self.confirm_remove,
                );
            });
        let colors = CanvasColors::of(theme_kind);
        let mut actions = Vec::new();
        let comparing = self.compare.as_ref().filter(|c| c.doc == doc.id());
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let scene = comparing.map_or(&doc.diagram.scene, |c| &c.scene);
                actions = canvas_ui(ui, scene, &mut self.canvas, &colors);
            });
        if comparing.is_some() {
            // The picture of the change is not the document's layout: boxes are not moved or
            // connected there.
            actions.retain(|a| matches!(a, crate::canvas::CanvasAction::ToggleCollapse(_)));
            self.canvas.drag = None;
        }
        self.push_canvas_actions(actions);
        fields.extend(inspector.fields);
        self.push_field_results(fields);
        if inspector.rename {
            self.queue.push(UiCommand::App(AppCommand::Rename));
        }
        if let Some((label, edits)) = inspector.fix {
            self.queue
                .push(UiCommand::Session(crate::session::Command::Edit {
                    label,
                    edits,
                }));
        }
    }
}

impl eframe::App for StackCanvasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_workers(&ctx);
        self.check_disk(&ctx);
        self.autosave(&ctx);
        if let Some(path) = Self::dropped_files(&ctx).into_iter().next() {
            self.queue.push(UiCommand::Guard(PendingAction::Open(path)));
        }
        if self.dialog.is_none() && self.pending.is_none() && self.dialogs.prompt.is_none() {
            let mut commands = super::shortcuts::shortcut_commands(&ctx);
            // Escape in a field drops what was typed before the field is drawn again, which
            // would otherwise commit it as it loses focus. The buffer is view state.
            let escape = |c: &UiCommand| matches!(c, UiCommand::App(AppCommand::Escape));
            if self.edit_buffer.is_some() && commands.iter().any(escape) {
                self.edit_buffer = None;
                commands.retain(|c| !escape(c));
            }
            self.queue.extend(commands);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.close_confirmed
            && !self.unsaved_files().is_empty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(PendingAction::Close);
        }
        let title = self.title_text();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let menu_view = self.menu_view();
        let on_overview = self.on_project_overview();
        let hits = self.search_hits().len();
        egui::Panel::top("menu").show(ui, |ui| {
            super::menus::menu_bar_ui(ui, &menu_view, &mut self.queue);
            super::menus::toolbar_ui(
                ui,
                &self.settings.view,
                on_overview,
                self.settings.cost_panel,
                &mut self.search,
                hits,
                &mut self.queue,
            );
        });
        super::panels::notice_ui(
            ui,
            self.notice.as_ref(),
            self.settings.theme,
            &mut self.queue,
        );
        if let Some(doc) = self.doc().filter(|d| d.changed_on_disk) {
            let name = doc.name().to_owned();
            super::disk::changed_on_disk_ui(ui, &name, self.settings.theme, &mut self.queue);
        }
        if let Some(offer) = &self.recovery.offer {
            super::recovery::recovery_ui(ui, offer, self.settings.theme, &mut self.queue);
        }
        self.refresh_cost();
        self.panels_ui(ui);
        self.palette_drop(&ctx);
        if let Some(p) = ctx.input(|i| i.pointer.latest_pos()) {
            self.last_pointer = Some(p);
        }
        super::dialogs::dialog_ui(
            &ctx,
            &mut self.dialog,
            &self.session,
            self.settings.theme,
            &mut self.queue,
        );
        // The question names every file whose changes would be lost.
        let name = match self.unsaved_files() {
            files if files.is_empty() => {
                self.doc().map(|d| d.name().to_owned()).unwrap_or_default()
            }
            files => files.join(", "),
        };
        super::files::unsaved_ui(&ctx, &mut self.pending, &name, &mut self.queue);
        if let Some(doc) = self.session.active() {
            super::files::changes_ui(&ctx, &mut self.show_changes, doc);
        }
        super::compare_view::revisions_ui(&ctx, &mut self.compare_revisions, &mut self.queue);
        super::export_dialog::export_ui(
            &ctx,
            &mut self.show_export,
            &mut self.export_choices,
            !self.canvas.selection.is_empty(),
            &mut self.queue,
        );
        if let Some((purpose, path)) = self.dialogs.prompt_ui(&ctx, self.settings.theme) {
            self.queue.push(UiCommand::PathChosen(purpose, path));
        }
        self.run_queue(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
