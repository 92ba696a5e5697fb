//! File > Export image...: the diagram (or the selection) as SVG or PNG, light or dark, at 1x,
//! 2x or 4x, with or without a background. The picture is the canvas's own scene, written by
//! the same exporters as `stackcanvas render`.

use std::path::{Path, PathBuf};

use super::command::UiCommand;
use super::file_dialog::{DialogPurpose, FileFilter, FileRequest};
use crate::cfn::LogicalId;
use crate::export::png::write_png;
use crate::export::svg::write_svg;
use crate::export::{ExportError, ExportOptions, ImageFormat};
use crate::scene::{Scene, Theme};
use crate::session::write_atomically;

/// The choices in the export dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportChoices {
    /// SVG or PNG.
    pub png: bool,
    /// Only the selected resources.
    pub selection_only: bool,
    /// Light or dark.
    pub theme: Theme,
    /// Pixels per canvas unit for PNG.
    pub scale: f32,
    /// No background.
    pub transparent: bool,
}

impl Default for ExportChoices {
    fn default() -> Self {
        Self {
            png: true,
            selection_only: false,
            theme: Theme::Light,
            scale: 2.0,
            transparent: false,
        }
    }
}

impl ExportChoices {
    /// The export options for these choices, with `selection` for "Only the selection".
    pub fn options(&self, selection: &[LogicalId]) -> ExportOptions {
        ExportOptions {
            theme: self.theme,
            transparent: self.transparent,
            selection: if self.selection_only {
                selection.iter().map(ToString::to_string).collect()
            } else {
                std::collections::BTreeSet::default()
            },
            scale: if self.png { self.scale } else { 1.0 },
        }
    }
}

/// Why an image was not exported.
#[derive(Debug, thiserror::Error)]
pub enum ImageExportError {
    /// The picture could not be made.
    #[error("cannot export {}: {source}", .path.display())]
    Render {
        /// Where it was to go.
        path: PathBuf,
        /// Why.
        source: ExportError,
    },
    /// The file could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes `scene` to `path` as `format` (PNG, else SVG), atomically.
pub fn export_image(
    scene: &Scene,
    options: &ExportOptions,
    format: ImageFormat,
    path: &Path,
) -> Result<(), ImageExportError> {
    let bytes = match format {
        ImageFormat::Png => {
            write_png(scene, options).map_err(|source| ImageExportError::Render {
                path: path.to_path_buf(),
                source,
            })?
        }
        _ => write_svg(scene, options).into_bytes(),
    };
    write_atomically(path, &bytes).map_err(|source| ImageExportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The question the file dialog asks for an export of the document named `name`.
pub fn export_request(
    name: Option<&str>,
    choices: &ExportChoices,
    directory: Option<PathBuf>,
) -> FileRequest {
    let stem = name.and_then(|n| Path::new(n).file_stem()).map_or_else(
        || "diagram".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let (label, ext) = if choices.png {
        ("PNG", "png")
    } else {
        ("SVG", "svg")
    };
    FileRequest {
        purpose: DialogPurpose::ExportImage,
        title: "Export image".to_owned(),
        directory,
        file_name: Some(format!("{stem}.{ext}")),
        filters: vec![FileFilter::new(label, &[ext])],
    }
}

/// The export dialog window.
pub fn export_ui(
    ctx: &egui::Context,
    show: &mut bool,
    choices: &mut ExportChoices,
    has_selection: bool,
    queue: &mut Vec<UiCommand>,
) {
    if !*show {
        return;
    }
    let mut open = true;
    let mut go = false;
    egui::Window::new("Export image")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            let c = choices;
            ui.horizontal(|ui| {
                ui.selectable_value(&mut c.png, true, "PNG");
                ui.selectable_value(&mut c.png, false, "SVG");
            });
            ui.add_enabled(
                has_selection,
                egui::Checkbox::new(&mut c.selection_only, "Only the selection"),
            );
            ui.horizontal(|ui| {
                ui.selectable_value(&mut c.theme, Theme::Light, "Light");
                ui.selectable_value(&mut c.theme, Theme::Dark, "Dark");
            });
            if c.png {
                ui.horizontal(|ui| {
                    ui.label("Scale");
                    for s in [1.0, 2.0, 4.0] {
                        ui.selectable_value(&mut c.scale, s, format!("{s:.0}x"));
                    }
                });
            }
            ui.checkbox(&mut c.transparent, "Transparent background");
            if ui.button("Export...").clicked() {
                go = true;
            }
        });
    if go {
        queue.push(UiCommand::ExportDialog);
        open = false;
    }
    *show = open;
}
