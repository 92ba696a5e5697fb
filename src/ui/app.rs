//! The eframe app: menus, panels, the canvas, opening files, and the derived data pipeline.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::Key;

use super::command::AppCommand;
use super::editing::{Dialog, PaletteDrag};
use super::file_dialog::{DialogPurpose, FileFilter, FileRequest};
use super::files::PendingAction;
use super::inspector::inspector_ui;
use super::palette::palette_ui;
use super::template_panel::template_panel_ui;
use super::theme::{self, CanvasColors};
use crate::canvas::{CanvasState, canvas_ui};
use crate::cfn::{self, Format};
use crate::edit::History;
use crate::layout::{DiagramLayout, LayoutOptions, layout};
use crate::model::{Derived, Document, OpenedDocument, is_plumbing};
use crate::scene::{Scene, SceneOptions, Theme};

/// The templates bundled with the app: (file name, text).
pub const SAMPLES: [(&str, &str); 3] = [
    (
        "vpc-two-az.yaml",
        include_str!("../../samples/vpc-two-az.yaml"),
    ),
    (
        "serverless.yaml",
        include_str!("../../samples/serverless.yaml"),
    ),
    (
        "mixed-parameters.yaml",
        include_str!("../../samples/mixed-parameters.yaml"),
    ),
];

/// The edge kinds the user can hide, by label.
pub const EDGE_KINDS: [&str; 5] = ["Ref", "GetAtt", "Sub", "DependsOn", "Condition"];

/// Most recent files remembered.
const MAX_RECENT: usize = 10;

/// Settings kept between runs in eframe's storage.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Light or dark.
    pub theme: Theme,
    /// Whether IAM and other plumbing are hidden.
    pub hide_plumbing: bool,
    /// Edge kinds not drawn.
    pub hidden_edge_kinds: BTreeSet<String>,
}

/// An open document with everything derived from it.
pub struct LoadedDoc {
    /// The document and where it came from.
    pub opened: OpenedDocument,
    /// Whether it has changes not yet saved.
    pub dirty: bool,
    /// The document as last opened or saved, to tell whether it changed.
    pub saved: Document,
    /// References and containment.
    pub derived: Derived,
    /// The template `derived` was built from, sharing its tree. While the document's template
    /// still shares it, nothing needs deriving again (a move changes only the layout). Holding
    /// it also keeps the tree shared, so that any change to the template copies it first.
    pub derived_from: crate::cfn::Template,
    /// Where everything is.
    pub layout: DiagramLayout,
    /// What is drawn.
    pub scene: Scene,
    /// The file's modification time and length when it was last read or written.
    pub disk_stamp: Option<super::disk::DiskStamp>,
    /// Set when the file changed on disk behind the app's back.
    pub changed_on_disk: bool,
}

/// Reads and parses a template and derives its graph: the part of opening that can run on
/// any thread.
fn prepare(
    bytes: &[u8],
    name: &str,
    path: Option<PathBuf>,
) -> Result<(OpenedDocument, Derived), String> {
    let format = path.as_deref().and_then(Format::from_path);
    let imported = cfn::import(bytes, name, format).map_err(|e| e.to_string())?;
    let opened = OpenedDocument::from_imported(imported, path, name.to_owned());
    let derived = Derived::build(&opened.document.template, &opened.name);
    Ok((opened, derived))
}

/// The resources the plumbing filter hides.
fn hidden_resources(template: &crate::cfn::Template, hide_plumbing: bool) -> HashSet<String> {
    if !hide_plumbing {
        return HashSet::new();
    }
    template
        .resources()
        .filter(|r| is_plumbing(r.type_name()))
        .map(|r| r.logical_id.to_owned())
        .collect()
}

/// A file being opened on a worker thread.
pub struct PendingOpen {
    /// The file.
    pub path: PathBuf,
    /// Its name, for the progress note.
    pub name: String,
    rx: Receiver<Result<(OpenedDocument, Derived, DiagramLayout), String>>,
    /// When the open started.
    pub started: std::time::Instant,
}

/// Search state (Ctrl+F).
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    /// Whether the search bar is shown.
    pub open: bool,
    /// What to look for.
    pub query: String,
    /// Index of the current hit.
    pub current: Option<usize>,
    /// Focus the text field on the next frame.
    pub focus: bool,
}

/// How often the app has derived the graph, laid out and built the scene since it started:
/// what tests check to see that a frame with nothing new does none of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rebuilds {
    /// Reference graph and containment (`Derived::build`).
    pub graph: usize,
    /// Automatic layout.
    pub layout: usize,
    /// Scene.
    pub scene: usize,
}

/// The Stack Canvas app.
pub struct StackCanvasApp {
    /// The open document, if any.
    pub doc: Option<LoadedDoc>,
    /// How much deriving, layout and scene building has been done.
    pub rebuilds: Rebuilds,
    /// Camera and selection.
    pub canvas: CanvasState,
    /// Persisted settings.
    pub settings: Settings,
    /// Search bar state.
    pub search: SearchState,
    /// The last error, shown until dismissed.
    pub error: Option<String>,
    /// Undo and redo.
    pub history: History,
    /// Copied resources: (logical ID, body).
    pub clipboard: Vec<(String, crate::cfn::Node)>,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// What to do after the unsaved-changes question.
    pub pending: Option<PendingAction>,
    /// Whether the changes window is shown.
    pub show_changes: bool,
    /// Whether the left panel shows the palette (else the template sections).
    pub palette_tab: bool,
    /// Palette search text.
    pub palette_search: String,
    /// Type name for "Any type...".
    pub any_type: String,
    /// A file being opened in the background.
    pub pending_open: Option<PendingOpen>,
    /// Where the recovery file goes; `None` turns autosave off (tests, no data directory).
    pub recovery_dir: Option<PathBuf>,
    /// When the recovery file was last written.
    pub last_autosave: Option<std::time::Instant>,
    /// A recovery file found at start-up, offered back.
    pub recovery_offer: Option<super::recovery::RecoveryOffer>,
    /// When the file on disk was last looked at.
    pub last_disk_check: Option<std::time::Instant>,
    /// Whether the export dialog is shown.
    pub show_export: bool,
    /// The export dialog's choices.
    pub export_choices: super::export_dialog::ExportChoices,
    /// The layout when the current drag started.
    pub drag_layout: Option<DiagramLayout>,
    /// Where the pointer was last seen on screen (a release may come after it left).
    pub last_pointer: Option<egui::Pos2>,
    /// The value being edited in the inspector or template panel.
    pub edit_buffer: Option<super::property_editor::EditBuffer>,
    /// Which file dialogs to try.
    pub dialog_strategy: super::file_dialog::DialogStrategy,
    /// A file dialog running on a worker thread.
    pub(super) file_dialog: Option<super::file_dialog::PendingDialog>,
    /// The app's own path field, when no file dialog is available.
    pub path_prompt: Option<super::file_dialog::PathPrompt>,
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
            app.recovery_dir = super::recovery::default_recovery_dir();
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
        self.open_path(path);
        if self.doc.is_none() {
            let error = self.error.take();
            self.new_document();
            self.error = error;
        }
    }

    /// An app with no document yet.
    pub fn with_settings(settings: Settings) -> Self {
        Self {
            doc: None,
            canvas: CanvasState::new(),
            settings,
            search: SearchState::default(),
            error: None,
            history: History::default(),
            clipboard: Vec::new(),
            dialog: None,
            pending: None,
            show_changes: false,
            palette_tab: false,
            palette_search: String::new(),
            any_type: String::new(),
            edit_buffer: None,
            last_pointer: None,
            drag_layout: None,
            pending_open: None,
            recovery_dir: None,
            last_autosave: None,
            recovery_offer: None,
            last_disk_check: None,
            rebuilds: Rebuilds::default(),
            show_export: false,
            export_choices: super::export_dialog::ExportChoices::default(),
            dialog_strategy: super::file_dialog::DialogStrategy::default(),
            file_dialog: None,
            path_prompt: None,
            close_confirmed: false,
            title: String::new(),
        }
    }

    /// Opens bundled sample `index`.
    pub fn open_sample(&mut self, index: usize) {
        let Some((name, text)) = SAMPLES.get(index) else {
            return;
        };
        self.open_bytes(text.as_bytes(), name, None);
    }

    /// Opens a file. On failure the current document stays and the error is shown.
    pub fn open_path(&mut self, path: &Path) {
        let name = path.display().to_string();
        match crate::cli::read_template_file(path) {
            Ok(bytes) => {
                if self.open_bytes(&bytes, &name, Some(path.to_path_buf())) {
                    self.settings.recent.retain(|p| p != path);
                    self.settings.recent.insert(0, path.to_path_buf());
                    self.settings.recent.truncate(MAX_RECENT);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Opens a template from bytes; returns whether it worked.
    pub fn open_bytes(&mut self, bytes: &[u8], name: &str, path: Option<PathBuf>) -> bool {
        match prepare(bytes, name, path) {
            Ok((opened, derived)) => {
                self.install(opened, derived);
                true
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// Makes a prepared document the open one.
    fn install(&mut self, opened: OpenedDocument, derived: Derived) {
        self.install_laid_out(opened, derived, None);
    }

    /// Makes a prepared document the open one, using `laid` if the worker laid it out already
    /// (with the same view settings).
    fn install_laid_out(
        &mut self,
        opened: OpenedDocument,
        derived: Derived,
        laid: Option<DiagramLayout>,
    ) {
        self.history = History::default();
        // What was typed belongs to the old document.
        self.edit_buffer = None;
        let disk_stamp = opened.path.as_deref().and_then(super::disk::DiskStamp::of);
        self.rebuilds.graph += 1;
        self.doc = Some(LoadedDoc {
            derived_from: opened.document.template.clone(),
            saved: opened.document.clone(),
            opened,
            dirty: false,
            derived,
            layout: DiagramLayout::empty(),
            scene: Scene::empty(),
            disk_stamp,
            changed_on_disk: false,
        });
        match laid {
            Some(laid) => {
                if let Some(doc) = &mut self.doc {
                    doc.layout = laid;
                }
                self.rebuilds.layout += 1;
                self.rebuild_scene();
            }
            None => self.relayout(),
        }
        self.canvas = CanvasState {
            minimap: self.canvas.minimap,
            ..CanvasState::new()
        };
        self.search = SearchState::default();
        self.error = None;
    }

    /// Opens a file off the UI thread: reading, parsing and deriving the graph run on a
    /// worker, and the UI keeps drawing (with a progress note after 100 ms) until it is done.
    /// On failure the current document stays and the error is shown.
    pub fn open_path_async(&mut self, path: &Path, ctx: &egui::Context) {
        let (tx, rx) = std::sync::mpsc::channel();
        let path = path.to_path_buf();
        let ctx = ctx.clone();
        let name = path.display().to_string();
        let worker_path = path.clone();
        let hide_plumbing = self.settings.hide_plumbing;
        std::thread::spawn(move || {
            let result = crate::cli::read_template_file(&worker_path)
                .and_then(|bytes| {
                    prepare(
                        &bytes,
                        &worker_path.display().to_string(),
                        Some(worker_path.clone()),
                    )
                })
                .map(|(opened, derived)| {
                    // The layout is the other slow step for a big template: do it here too.
                    let template = &opened.document.template;
                    let options = LayoutOptions {
                        hidden: hidden_resources(template, hide_plumbing),
                    };
                    let laid = layout(template, &derived, &opened.document.layout, &options);
                    (opened, derived, laid)
                });
            tx.send(result).ok();
            ctx.request_repaint();
        });
        self.pending_open = Some(PendingOpen {
            path,
            name,
            rx,
            started: std::time::Instant::now(),
        });
    }

    /// Takes the result of a background open, if it is there.
    pub fn poll_pending_open(&mut self) {
        let Some(pending) = &self.pending_open else {
            return;
        };
        match pending.rx.try_recv() {
            Ok(result) => {
                let path = pending.path.clone();
                self.pending_open = None;
                match result {
                    Ok((opened, derived, laid)) => {
                        self.install_laid_out(opened, derived, Some(laid));
                        self.settings.recent.retain(|p| *p != path);
                        self.settings.recent.insert(0, path);
                        self.settings.recent.truncate(MAX_RECENT);
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.pending_open = None,
        }
    }

    /// Lays out and rebuilds the scene after a change of document layout or view options.
    pub fn relayout(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        let template = &doc.opened.document.template;
        let hidden = hidden_resources(template, self.settings.hide_plumbing);
        self.canvas.selection.retain(|id| !hidden.contains(id));
        self.rebuilds.layout += 1;
        doc.layout = layout(
            template,
            &doc.derived,
            &doc.opened.document.layout,
            &LayoutOptions { hidden },
        );
        self.rebuild_scene();
    }

    /// Rebuilds the scene from the current layout.
    pub fn rebuild_scene(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        let options = SceneOptions {
            hidden_edge_kinds: EDGE_KINDS
                .into_iter()
                .filter(|k| self.settings.hidden_edge_kinds.contains(*k))
                .collect(),
        };
        self.rebuilds.scene += 1;
        doc.scene = Scene::build(
            &doc.opened.document.template,
            &doc.derived,
            &doc.layout,
            &options,
        );
    }

    /// Logical IDs and types that match the search, in template order.
    pub fn search_hits(&self) -> Vec<String> {
        let (Some(doc), query) = (&self.doc, self.search.query.trim().to_lowercase()) else {
            return Vec::new();
        };
        if query.is_empty() {
            return Vec::new();
        }
        doc.opened
            .document
            .template
            .resources()
            .filter(|r| doc.scene.rect_of(r.logical_id).is_some())
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
        let id = hits[next].clone();
        self.canvas.select(&id, false);
        self.canvas.highlight = Some(id.clone());
        self.canvas.center_requested = Some(id);
    }

    /// Runs a command.
    pub fn run_command(&mut self, cmd: AppCommand, ctx: &egui::Context) {
        match cmd {
            AppCommand::New => self.guard_unsaved(PendingAction::New, ctx),
            AppCommand::Open => self.guard_unsaved(PendingAction::OpenDialog, ctx),
            AppCommand::Save => {
                self.save(ctx);
            }
            AppCommand::SaveAs => self.start_save_dialog(ctx),
            AppCommand::ShowChanges => self.show_changes = true,
            AppCommand::ExportImage => self.show_export = true,
            AppCommand::Undo => self.undo(),
            AppCommand::Redo => self.redo(),
            AppCommand::Delete => {
                let ids: Vec<String> = self.canvas.selection.clone();
                if !ids.is_empty() {
                    self.dialog = Some(Dialog::Delete(ids));
                }
            }
            AppCommand::Rename => {
                if let Some(id) = self.canvas.selection.first() {
                    self.dialog = Some(Dialog::Rename(id.clone(), id.clone()));
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
                self.settings.hide_plumbing = !self.settings.hide_plumbing;
                self.relayout();
            }
            AppCommand::ToggleMinimap => self.canvas.minimap = !self.canvas.minimap,
            AppCommand::ToggleTheme => {
                self.settings.theme = match self.settings.theme {
                    Theme::Dark => Theme::Light,
                    Theme::Light => Theme::Dark,
                };
                ctx.set_visuals(theme::visuals(self.settings.theme));
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

    pub(super) fn start_open_dialog(&mut self, ctx: &egui::Context) {
        let request = FileRequest {
            purpose: DialogPurpose::Open,
            title: "Open template".to_owned(),
            directory: self.dialog_directory(),
            file_name: None,
            filters: vec![FileFilter::new(
                "CloudFormation",
                &["yaml", "yml", "json", "template"],
            )],
        };
        self.start_file_dialog(request, ctx);
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field takes keys for itself; a focused canvas node does not.
        let typing = ctx.text_edit_focused();
        let mut commands: Vec<AppCommand> = AppCommand::ALL.to_vec();
        // More specific shortcuts first: Shift+F before F.
        commands.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| {
                u8::from(s.modifiers.shift) + u8::from(s.modifiers.command)
            }))
        });
        for cmd in commands {
            if typing && cmd.blocked_while_typing() {
                continue;
            }
            if let Some(shortcut) = cmd.shortcut()
                && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                self.run_command(cmd, ctx);
            }
        }
    }

    /// Redo on Ctrl+Y, and copy and paste, which egui delivers as events rather than keys.
    fn handle_edit_events(&mut self, ctx: &egui::Context) {
        if ctx.text_edit_focused() || self.dialog.is_some() {
            return;
        }
        let redo = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::Y);
        if ctx.input_mut(|i| i.consume_shortcut(&redo)) {
            self.redo();
        }
        let (copy, paste) = ctx.input(|i| {
            (
                i.events.iter().any(|e| matches!(e, egui::Event::Copy)),
                i.events.iter().any(|e| matches!(e, egui::Event::Paste(_))),
            )
        });
        if copy {
            self.copy_selection();
        }
        if paste {
            self.paste();
        }
    }

    fn title_text(&self) -> String {
        match &self.doc {
            Some(doc) => {
                let name = Path::new(&doc.opened.name).file_name().map_or_else(
                    || doc.opened.name.clone(),
                    |n| n.to_string_lossy().into_owned(),
                );
                format!("{name}{} - Stack Canvas", if doc.dirty { " *" } else { "" })
            }
            None => "Stack Canvas".to_owned(),
        }
    }

    /// A palette item released over the canvas is created there.
    fn handle_palette_drop(&mut self, ctx: &egui::Context) {
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
                self.drop_palette_item(payload.0, at);
            }
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.first() {
            self.guard_unsaved(PendingAction::Open(path.clone()), ctx);
        }
    }
}

impl eframe::App for StackCanvasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_file_dialog(&ctx);
        self.poll_pending_open();
        if self.pending_open.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.check_disk(&ctx);
        self.autosave(&ctx);
        self.handle_dropped_files(&ctx);
        if self.dialog.is_none() && self.pending.is_none() && self.path_prompt.is_none() {
            self.handle_shortcuts(&ctx);
            self.handle_edit_events(&ctx);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.close_confirmed
            && self.doc.as_ref().is_some_and(|d| d.dirty)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(PendingAction::Close);
        }
        let title = self.title_text();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.toolbar_ui(ui);
        });
        self.error_ui(ui);
        self.changed_on_disk_ui(ui);
        self.recovery_ui(ui);
        let theme_kind = self.settings.theme;
        let mut actions = Vec::new();
        let mut any_type_request: Option<String> = None;
        let mut panel_fields = super::property_editor::FieldResults::default();
        if let Some(b) = &mut self.edit_buffer {
            b.seen = false;
        }
        let mut inspector_out = super::inspector::InspectorOutput::default();
        if let Some(doc) = &self.doc {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(&doc.opened.name);
                    ui.separator();
                    ui.label(format!(
                        "{} resources",
                        doc.opened.document.template.resource_count()
                    ));
                    ui.separator();
                    let (errors, warnings) = doc
                        .opened
                        .import_diagnostics
                        .iter()
                        .chain(doc.derived.diagnostics())
                        .fold(
                            (0, 0),
                            |(e, w), d| {
                                if d.is_error() { (e + 1, w) } else { (e, w + 1) }
                            },
                        );
                    let text = super::inspector::problem_count(errors, warnings);
                    if errors > 0 {
                        ui.colored_label(theme::error_text(self.settings.theme), text);
                    } else {
                        ui.label(text);
                    }
                    ui.separator();
                    ui.label(format!("{:.0}%", self.canvas.camera.zoom() * 100.0));
                    if let Some(p) = &self.pending_open
                        && p.started.elapsed() > std::time::Duration::from_millis(100)
                    {
                        ui.separator();
                        ui.spinner();
                        ui.label(format!("Opening {}...", p.name));
                    }
                });
            });
            egui::Panel::left("template")
                .default_size(280.0)
                .resizable(true)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.palette_tab, true, "Palette");
                        ui.selectable_value(&mut self.palette_tab, false, "Template");
                    });
                    ui.separator();
                    if self.palette_tab {
                        palette_ui(
                            ui,
                            &mut self.palette_search,
                            &mut self.any_type,
                            &mut any_type_request,
                        );
                    } else {
                        panel_fields = template_panel_ui(
                            ui,
                            doc,
                            &mut self.canvas,
                            theme_kind,
                            &mut self.edit_buffer,
                        );
                    }
                });
            egui::Panel::right("inspector")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    inspector_out =
                        inspector_ui(ui, doc, &mut self.canvas, theme_kind, &mut self.edit_buffer);
                });
            let colors = CanvasColors::of(theme_kind);
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    actions = canvas_ui(ui, &doc.scene, &mut self.canvas, &colors);
                });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label("Open a template with File > Open..., or drop one here");
            });
        }
        self.apply_canvas_actions(actions);
        self.handle_palette_drop(&ctx);
        if let Some(p) = ctx.input(|i| i.pointer.latest_pos()) {
            self.last_pointer = Some(p);
        }
        panel_fields.extend(inspector_out.fields);
        self.apply_field_results(panel_fields);
        if inspector_out.rename {
            self.run_command(AppCommand::Rename, &ctx);
        }
        if let Some(type_name) = any_type_request
            && let Some(doc) = self.document()
        {
            let (edits, id) = crate::edit::any_type_edits(doc, &type_name);
            if self.apply_edits(&format!("Add {id}"), edits) {
                self.canvas.select(&id, false);
                self.canvas.center_requested = Some(id);
            }
        }
        self.dialog_ui(&ctx);
        self.unsaved_ui(&ctx);
        self.changes_ui(&ctx);
        self.export_ui(&ctx);
        self.path_prompt_ui(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
