//! Files: the unsaved-changes question, "Show changes", and what the open and save dialogs
//! ask.

use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::command::UiCommand;
use super::file_dialog::{DialogPurpose, FileFilter, FileRequest};
use super::state::PendingAction;
use crate::model::Document;
use crate::session::OpenDoc;

/// What File > Open... asks.
pub fn open_request(directory: Option<PathBuf>) -> FileRequest {
    FileRequest {
        purpose: DialogPurpose::Open,
        title: "Open template".to_owned(),
        directory,
        file_name: None,
        filters: vec![FileFilter::new(
            "CloudFormation",
            &["yaml", "yml", "json", "template"],
        )],
    }
}

/// What File > Open folder... asks: a folder, opened as a project.
pub fn open_folder_request(directory: Option<PathBuf>) -> FileRequest {
    FileRequest {
        purpose: DialogPurpose::OpenFolder,
        title: "Open a folder of templates as a project".to_owned(),
        directory,
        file_name: None,
        filters: Vec::new(),
    }
}

/// What File > Compare with file... asks.
pub fn compare_request(directory: Option<PathBuf>) -> FileRequest {
    FileRequest {
        purpose: DialogPurpose::Compare,
        title: "Compare with template".to_owned(),
        ..open_request(directory)
    }
}

/// What File > Save as... asks for the document named `name`.
pub fn save_request(name: Option<&str>, directory: Option<PathBuf>) -> FileRequest {
    let name = name.and_then(|n| Path::new(n).file_name()).map_or_else(
        || "template.yaml".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    FileRequest {
        purpose: DialogPurpose::SaveAs,
        title: "Save template as".to_owned(),
        directory,
        file_name: Some(name),
        filters: vec![
            FileFilter::new("YAML", &["yaml", "yml"]),
            FileFilter::new("JSON", &["json"]),
        ],
    }
}

/// The unsaved-changes question about the document named `name`.
pub fn unsaved_ui(
    ctx: &egui::Context,
    pending: &mut Option<PendingAction>,
    name: &str,
    queue: &mut Vec<UiCommand>,
) {
    let Some(action) = pending.clone() else {
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
        ui.heading("Save changes?");
        ui.label(format!("{name} has changes that are not saved"));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(Some(true));
            }
            if ui.button("Discard").clicked() {
                answer = Some(Some(false));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
    });
    if let Some(answer) = answer {
        *pending = None;
        if let Some(save) = answer {
            queue.push(UiCommand::Proceed { action, save });
        }
    }
}

/// The unified diff that Save would write, coloured.
pub fn changes_ui(ctx: &egui::Context, show: &mut bool, doc: &OpenDoc) {
    if !*show {
        return;
    }
    let diff = changes_diff(doc.document(), doc.name());
    let mut open = true;
    egui::Window::new("Changes")
        .open(&mut open)
        .default_size([720.0, 520.0])
        .show(ctx, |ui| {
            if diff.is_empty() {
                ui.label("No changes: Save would write the file as it is");
            }
            egui::ScrollArea::both().show(ui, |ui| {
                for line in diff.lines() {
                    let color = if line.starts_with("+++") || line.starts_with("---") {
                        ui.visuals().strong_text_color()
                    } else if line.starts_with('+') {
                        Color32::from_rgb(0x4C, 0xAF, 0x50)
                    } else if line.starts_with('-') {
                        Color32::from_rgb(0xE5, 0x73, 0x73)
                    } else if line.starts_with("@@") {
                        Color32::from_rgb(0x4D, 0xA3, 0xFF)
                    } else {
                        ui.visuals().weak_text_color()
                    };
                    ui.label(RichText::new(line).monospace().color(color));
                }
            });
        });
    *show = open;
}

/// The unified diff between the file as read and what Save would write.
pub fn changes_diff(doc: &Document, name: &str) -> String {
    let format = doc.template.style.format;
    let new = match doc.save_text(format) {
        Ok(text) => text,
        Err(e) => return format!("{name}: {e}\n"),
    };
    let old = doc
        .template
        .source()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let old = if doc.template.style.bom {
        format!("\u{FEFF}{old}")
    } else {
        old
    };
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (after save)"))
        .to_string()
}
