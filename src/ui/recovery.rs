//! Autosave and recovery: a document with unsaved changes is written to a recovery file every
//! 30 seconds, in the app's data directory; after a crash the next start offers it back.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::RichText;

use super::app::StackCanvasApp;
use super::files::write_atomically;
use super::theme;
use crate::cfn::Format;

/// How often a dirty document is written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

const TEXT_FILE: &str = "recovered-template";
const META_FILE: &str = "recovered-template.meta";

/// A recovery file found at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    /// The name the document had.
    pub name: String,
    /// The file it belongs to, if it had one.
    pub path: Option<PathBuf>,
    /// The unsaved text.
    pub text: String,
}

/// The recovery directory in the platform's data directory for the app.
pub fn default_recovery_dir() -> Option<PathBuf> {
    eframe::storage_dir("stackcanvas").map(|d| d.join("recovery"))
}

impl StackCanvasApp {
    /// Writes the document to the recovery file if it has unsaved changes and 30 seconds have
    /// passed since the last time.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if self.recovery_dir.is_none() || !self.doc.as_ref().is_some_and(|d| d.dirty) {
            return;
        }
        let due = self
            .last_autosave
            .is_none_or(|t| t.elapsed() >= AUTOSAVE_EVERY);
        if due {
            self.last_autosave = Some(Instant::now());
            if let Err(e) = self.autosave_now() {
                self.error = Some(format!("cannot write the recovery file: {e}"));
            }
        }
        ctx.request_repaint_after(AUTOSAVE_EVERY);
    }

    /// Writes the recovery file now (text first, then the note of where it belongs, each
    /// atomically, so a crash leaves either the old pair or the new one).
    pub fn autosave_now(&mut self) -> std::io::Result<()> {
        let (Some(dir), Some(doc)) = (&self.recovery_dir, &self.doc) else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        let format = doc.opened.document.template.style.format;
        // In its own format a document can always be written, but a JSON document given a
        // YAML tag by an edit cannot: it is kept as YAML then.
        let (format, text) = match doc.opened.document.save_text(format) {
            Ok(text) => (format, text),
            Err(_) => (
                Format::Yaml,
                doc.opened
                    .document
                    .save_text(Format::Yaml)
                    .unwrap_or_default(),
            ),
        };
        let path = doc
            .opened
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let meta = format!(
            "{}\n{}\n{}\n",
            if format == Format::Json {
                "json"
            } else {
                "yaml"
            },
            doc.opened.name,
            path
        );
        write_atomically(&dir.join(TEXT_FILE), text.as_bytes())?;
        write_atomically(&dir.join(META_FILE), meta.as_bytes())
    }

    /// Removes the recovery file: the changes were saved, restored or discarded.
    pub fn clear_recovery(&mut self) {
        if let Some(dir) = &self.recovery_dir {
            std::fs::remove_file(dir.join(META_FILE)).ok();
            std::fs::remove_file(dir.join(TEXT_FILE)).ok();
        }
    }

    /// Looks for a recovery file left by a crash.
    pub fn find_recovery(&mut self) {
        let Some(dir) = &self.recovery_dir else {
            return;
        };
        let (Ok(meta), Ok(text)) = (
            std::fs::read_to_string(dir.join(META_FILE)),
            std::fs::read_to_string(dir.join(TEXT_FILE)),
        ) else {
            return;
        };
        let mut lines = meta.lines();
        let _format = lines.next();
        let name = lines.next().unwrap_or("recovered.yaml").to_owned();
        let path = lines.next().filter(|p| !p.is_empty()).map(PathBuf::from);
        self.recovery_offer = Some(RecoveryOffer { name, path, text });
    }

    /// Opens the recovered document, marked as unsaved.
    pub fn restore_recovery(&mut self) {
        let Some(offer) = self.recovery_offer.take() else {
            return;
        };
        if self.open_bytes(offer.text.as_bytes(), &offer.name, offer.path.clone())
            && let Some(doc) = &mut self.doc
        {
            // The saved state is what is on disk now, if the file still exists.
            if let Some(saved) = offer
                .path
                .as_deref()
                .and_then(|p| std::fs::read(p).ok())
                .and_then(|b| crate::cfn::import(&b, &offer.name, None).ok())
            {
                doc.saved = crate::model::Document::new(saved.template);
            }
            doc.dirty = true;
        }
    }

    pub(super) fn recovery_ui(&mut self, ui: &mut egui::Ui) {
        let Some(offer) = &self.recovery_offer else {
            return;
        };
        let text = format!(
            "Unsaved changes to {} were recovered after Stack Canvas closed unexpectedly",
            offer.name
        );
        let color = theme::warning_text(self.settings.theme);
        let mut action = None;
        egui::Panel::top("recovery").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(text).color(color));
                if ui.button("Restore").clicked() {
                    action = Some(true);
                }
                if ui.button("Discard recovered changes").clicked() {
                    action = Some(false);
                }
            });
        });
        match action {
            Some(true) => self.restore_recovery(),
            Some(false) => {
                self.recovery_offer = None;
                self.clear_recovery();
            }
            None => {}
        }
    }
}
