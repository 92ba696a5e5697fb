//! Noticing that the open file changed on disk, and asking what to do: the app never
//! overwrites a file that changed behind its back without saying so.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use egui::RichText;

use super::app::StackCanvasApp;
use super::theme;

/// How often the file is looked at.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// A file's modification time and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    /// Last modification.
    pub modified: SystemTime,
    /// Length in bytes.
    pub len: u64,
}

impl DiskStamp {
    /// The stamp of the file at `path`, if it can be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok()?,
            len: meta.len(),
        })
    }
}

impl StackCanvasApp {
    /// Looks at the file about once a second; marks the document if the file changed.
    pub(super) fn check_disk(&mut self, ctx: &egui::Context) {
        let due = self
            .last_disk_check
            .is_none_or(|t| t.elapsed() >= CHECK_EVERY);
        if !due {
            return;
        }
        self.last_disk_check = Some(Instant::now());
        self.check_disk_now();
        ctx.request_repaint_after(CHECK_EVERY);
    }

    /// Compares the file on disk with the stamp taken when it was read or saved.
    pub fn check_disk_now(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        let (Some(path), Some(stamp)) = (doc.opened.path.as_deref(), doc.disk_stamp) else {
            return;
        };
        if DiskStamp::of(path).is_some_and(|now| now != stamp) {
            doc.changed_on_disk = true;
        }
    }

    /// Whether saving now would overwrite changes made on disk.
    pub fn disk_conflict(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.changed_on_disk)
    }

    /// Keeps the app's version: the next save overwrites the file on purpose.
    pub fn keep_mine(&mut self) {
        if let Some(doc) = &mut self.doc {
            doc.disk_stamp = doc.opened.path.as_deref().and_then(DiskStamp::of);
            doc.changed_on_disk = false;
            doc.dirty = true;
        }
    }

    /// Reads the file again, dropping the app's version.
    pub fn reload(&mut self) {
        let Some(path) = self.doc.as_ref().and_then(|d| d.opened.path.clone()) else {
            return;
        };
        self.open_path(&path);
    }

    pub(super) fn changed_on_disk_ui(&mut self, ui: &mut egui::Ui) {
        if !self.disk_conflict() {
            return;
        }
        let name = self
            .doc
            .as_ref()
            .map(|d| d.opened.name.clone())
            .unwrap_or_default();
        let color = theme::warning_text(self.settings.theme);
        let mut action = None;
        egui::Panel::top("changed on disk").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{name} changed on disk")).color(color));
                if ui
                    .button("Reload")
                    .on_hover_text("Read the file again; changes made here are lost")
                    .clicked()
                {
                    action = Some(true);
                }
                if ui
                    .button("Keep mine")
                    .on_hover_text("Keep this version; saving will overwrite the file")
                    .clicked()
                {
                    action = Some(false);
                }
            });
        });
        match action {
            Some(true) => self.reload(),
            Some(false) => self.keep_mine(),
            None => {}
        }
    }
}
