//! Files: New, Save, Save As, the unsaved-changes question, and "Show changes".

use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::app::StackCanvasApp;
use super::file_dialog::{DialogPurpose, FileFilter, FileRequest};
use crate::cfn::{Format, Template, import};
use crate::model::{Document, OpenedDocument};

/// What to do once the user has answered the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    /// Open this file.
    Open(PathBuf),
    /// Show the open dialog.
    OpenDialog,
    /// Open bundled sample `n`.
    Sample(usize),
    /// Start a new template.
    New,
    /// Close the window.
    Close,
}

impl StackCanvasApp {
    /// Runs `action` now if there is nothing unsaved, else asks first.
    pub fn guard_unsaved(&mut self, action: PendingAction, ctx: &egui::Context) {
        if self.doc.as_ref().is_some_and(|d| d.dirty) {
            self.pending = Some(action);
        } else {
            self.run_pending(action, ctx);
        }
    }

    fn run_pending(&mut self, action: PendingAction, ctx: &egui::Context) {
        match action {
            PendingAction::Open(path) => self.open_path_async(&path, ctx),
            PendingAction::OpenDialog => self.start_open_dialog(ctx),
            PendingAction::Sample(n) => self.open_sample(n),
            PendingAction::New => self.new_document(),
            PendingAction::Close => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Starts an empty template.
    pub fn new_document(&mut self) {
        let template = Template::new_empty(Format::Yaml);
        let text = crate::cfn::write(&template, Format::Yaml);
        self.open_bytes(text.as_bytes(), "untitled.yaml", None);
    }

    /// Saves to the document's file, or asks where if it has none. Returns whether it saved.
    pub fn save(&mut self, ctx: &egui::Context) -> bool {
        self.check_disk_now();
        if self.disk_conflict() {
            self.error =
                Some("the file changed on disk: choose Reload or Keep mine first".to_owned());
            return false;
        }
        if let Some(path) = self.doc.as_ref().and_then(|d| d.opened.path.clone()) {
            self.save_to(&path)
        } else {
            self.start_save_dialog(ctx);
            false
        }
    }

    /// Writes the document to `path` in the format its extension names, atomically: a
    /// temporary file in the same directory is written, flushed to disk, then renamed over the
    /// target. On failure the old file is intact, the document stays dirty, and the error is
    /// shown.
    pub fn save_to(&mut self, path: &Path) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        let format = Format::from_path(path).unwrap_or(doc.opened.document.template.style.format);
        let text = match doc.opened.document.save_text(format) {
            Ok(text) => text,
            Err(e) => {
                self.error = Some(format!("cannot save {}: {e}", path.display()));
                return false;
            }
        };
        if let Err(e) = write_atomically(path, text.as_bytes()) {
            self.error = Some(format!("cannot save {}: {e}", path.display()));
            return false;
        }
        // What is on disk now is the new source to diff against.
        let name = path.display().to_string();
        match import(text.as_bytes(), &name, Some(format)) {
            Ok(imported) => {
                let layout = doc.opened.document.layout.clone();
                let mut opened =
                    OpenedDocument::from_imported(imported, Some(path.to_path_buf()), name);
                opened.document.layout = layout;
                doc.saved = opened.document.clone();
                doc.opened = opened;
                doc.dirty = false;
                doc.disk_stamp = super::disk::DiskStamp::of(path);
                doc.changed_on_disk = false;
                self.clear_recovery();
            }
            Err(e) => self.error = Some(format!("saved, but cannot read it back: {e}")),
        }
        self.settings.recent.retain(|p| p != path);
        self.settings.recent.insert(0, path.to_path_buf());
        self.document_changed();
        true
    }

    /// Asks where to save (see [`super::file_dialog`]).
    pub fn start_save_dialog(&mut self, ctx: &egui::Context) {
        let name = self
            .doc
            .as_ref()
            .and_then(|d| {
                Path::new(&d.opened.name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "template.yaml".to_owned());
        let request = FileRequest {
            purpose: DialogPurpose::SaveAs,
            title: "Save template as".to_owned(),
            directory: self.dialog_directory(),
            file_name: Some(name),
            filters: vec![
                FileFilter::new("YAML", &["yaml", "yml"]),
                FileFilter::new("JSON", &["json"]),
            ],
        };
        self.start_file_dialog(request, ctx);
    }

    /// The unsaved-changes question.
    pub(super) fn unsaved_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.pending.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("Save changes?");
            let name = self
                .doc
                .as_ref()
                .map(|d| d.opened.name.clone())
                .unwrap_or_default();
            ui.label(format!("{name} has changes that are not saved"));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(0);
                }
                if ui.button("Discard").clicked() {
                    answer = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(2);
                }
            });
        });
        match answer {
            Some(0) => {
                self.pending = None;
                if self.save(ctx) {
                    self.run_pending(action, ctx);
                }
            }
            Some(1) => {
                self.pending = None;
                self.clear_recovery();
                self.run_pending(action, ctx);
            }
            Some(_) => self.pending = None,
            None => {}
        }
    }

    /// The unified diff that Save would write, coloured.
    pub(super) fn changes_ui(&mut self, ctx: &egui::Context) {
        if !self.show_changes {
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let diff = changes_diff(&doc.opened.document, &doc.opened.name);
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
        self.show_changes = open;
    }
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

/// Writes `bytes` to `path` through a temporary file in the same directory, so that the file
/// is always either the old or the new version. Follows a symlink to its target and keeps the
/// file's permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{file_name}.stackcanvas-{}.tmp",
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&target) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, &target)?;
        if let Ok(d) = std::fs::File::open(dir) {
            d.sync_all().ok();
        }
        Ok(())
    })();
    if result.is_err() {
        std::fs::remove_file(&temp).ok();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_keeps_permissions() {
        let dir = std::env::temp_dir().join(format!("stackcanvas-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.yaml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file is left"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
