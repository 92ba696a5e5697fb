//! File > Export image...: the diagram (or the selection) as SVG or PNG, light or dark, at 1x,
//! 2x or 4x, with or without a background. The picture is the canvas's own scene, written by
//! the same exporters as `stackcanvas render`.

use super::app::StackCanvasApp;
use super::file_dialog::{DialogPurpose, FileFilter, FileRequest};
use crate::export::png::write_png;
use crate::export::svg::write_svg;
use crate::export::{ExportOptions, ImageFormat};
use crate::scene::Theme;

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

impl StackCanvasApp {
    /// The export options for the current choices and selection.
    pub fn export_options(&self) -> ExportOptions {
        let c = &self.export_choices;
        ExportOptions {
            theme: c.theme,
            transparent: c.transparent,
            selection: if c.selection_only {
                self.canvas.selection.iter().cloned().collect()
            } else {
                std::collections::BTreeSet::default()
            },
            scale: if c.png { c.scale } else { 1.0 },
        }
    }

    /// Writes the image to `path` (format by extension, else the dialog's choice).
    pub fn export_to(&mut self, path: &std::path::Path) -> bool {
        let Some(doc) = &self.doc else {
            return false;
        };
        let options = self.export_options();
        let format = ImageFormat::from_path(path).unwrap_or(if self.export_choices.png {
            ImageFormat::Png
        } else {
            ImageFormat::Svg
        });
        let bytes = match format {
            ImageFormat::Png => match write_png(&doc.scene, &options) {
                Ok(b) => b,
                Err(e) => {
                    self.error = Some(format!("cannot export {}: {e}", path.display()));
                    return false;
                }
            },
            _ => write_svg(&doc.scene, &options).into_bytes(),
        };
        match super::files::write_atomically(path, &bytes) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(format!("cannot write {}: {e}", path.display()));
                false
            }
        }
    }

    fn start_export_dialog(&mut self, ctx: &egui::Context) {
        let stem = self
            .doc
            .as_ref()
            .and_then(|d| {
                std::path::Path::new(&d.opened.name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "diagram".to_owned());
        let (name, ext) = if self.export_choices.png {
            ("PNG", "png")
        } else {
            ("SVG", "svg")
        };
        let request = FileRequest {
            purpose: DialogPurpose::ExportImage,
            title: "Export image".to_owned(),
            directory: self.dialog_directory(),
            file_name: Some(format!("{stem}.{ext}")),
            filters: vec![FileFilter::new(name, &[ext])],
        };
        self.start_file_dialog(request, ctx);
    }

    /// The export dialog window.
    pub(super) fn export_ui(&mut self, ctx: &egui::Context) {
        if !self.show_export {
            return;
        }
        let mut open = true;
        let mut go = false;
        egui::Window::new("Export image")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                let c = &mut self.export_choices;
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut c.png, true, "PNG");
                    ui.selectable_value(&mut c.png, false, "SVG");
                });
                let has_selection = !self.canvas.selection.is_empty();
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
            self.start_export_dialog(ctx);
            open = false;
        }
        self.show_export = open;
    }
}
