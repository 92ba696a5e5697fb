//! The eframe app: menus, panels (template, inspector), commands and theme tokens.

mod app;
mod command;
mod disk;
mod editing;
mod export_dialog;
mod file_dialog;
mod files;
mod inspector;
mod menus;
mod palette;
mod property_editor;
mod recovery;
mod template_panel;
pub mod theme;
mod values;

pub use app::{EDGE_KINDS, LoadedDoc, Rebuilds, SAMPLES, SearchState, Settings, StackCanvasApp};
pub use command::AppCommand;
pub use disk::DiskStamp;
pub use editing::{Dialog, PaletteDrag};
pub use export_dialog::ExportChoices;
pub use file_dialog::{
    DialogOutcome, DialogProgram, DialogPurpose, DialogStrategy, FileFilter, FileRequest,
    PathPrompt, PromptReason, typed_path,
};
pub use files::{PendingAction, changes_diff, write_atomically};
pub use property_editor::{EditBuffer, FieldKind, FieldTarget, parse_number, parse_snippet};
pub use recovery::{AUTOSAVE_EVERY, RecoveryOffer, default_recovery_dir};

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
