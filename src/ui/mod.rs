//! The eframe app: menus, panels (template, inspector), commands and theme tokens.

//!
//! The app holds a [`crate::session::Session`] and view state. During a frame, panels, menus,
//! the toolbar, shortcuts and the canvas push [`UiCommand`]s; `App::ui` drains them once, after
//! the UI pass (`dispatch.rs`). Only `app.rs`, `dispatch.rs` and `workers.rs` know the app
//! type; every panel is a function of the state it shows and the queue it pushes to.

mod app;
mod command;
mod compare_view;
mod cost_panel;
mod cost_state;
mod dialogs;
mod disk;
mod dispatch;
mod export_dialog;
mod field_help;
mod file_dialog;
mod files;
mod inspector;
mod known_enums;
mod menus;
mod open;
mod palette;
mod panels;
mod project_actions;
mod project_view;
mod property_editor;
mod recovery;
mod schema_fields;
mod shortcuts;
mod state;
mod template_panel;
pub mod theme;
mod values;
mod workers;

pub use app::StackCanvasApp;
pub use command::{AppCommand, CompareSource, UiCommand};
pub use compare_view::{CompareState, OldVersion, read_old};
pub use cost_state::{CostView, DEFAULT_REGION, badge_text, parse_usage, usage_edit};
pub use export_dialog::{ExportChoices, ImageExportError};
pub use file_dialog::{
    DialogAnswer, DialogOutcome, DialogProgram, DialogPurpose, DialogStrategy, FileDialogs,
    FileFilter, FileRequest, PathPrompt, PromptReason, typed_path,
};
pub use files::changes_diff;
pub use property_editor::{
    EditBuffer, FieldKind, FieldRefused, FieldTarget, ValueError, parse_number, parse_snippet,
};
pub use recovery::{AUTOSAVE_EVERY, Recovery, RecoveryOffer, default_recovery_dir};
pub use state::{
    Dialog, MAX_RECENT, Notice, PaletteDrag, PaletteState, PendingAction, SAMPLES, SearchState,
    Settings, Severity,
};

/// Opens the app window on `file`, or on a bundled sample.
pub fn run_app(file: Option<std::path::PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stack Canvas")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "stackcanvas",
        options,
        Box::new(move |cc| Ok(Box::new(StackCanvasApp::new(cc, file.as_deref())))),
    )
}
