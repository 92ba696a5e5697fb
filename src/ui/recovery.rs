//! Autosave and recovery: a document with unsaved changes is written to a recovery file every
//! 30 seconds, in the app's data directory; after a crash the next start offers it back.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::RichText;

use super::command::UiCommand;
use crate::cfn::Format;
use crate::scene::Theme;
use crate::session::{OpenDoc, write_atomically};

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

/// Autosave's state: where the recovery file goes, when it was last written, and what a
/// crash left behind.
#[derive(Clone, Debug, Default)]
pub struct Recovery {
    /// Where the recovery file goes; `None` turns autosave off (tests, no data directory).
    pub dir: Option<PathBuf>,
    /// When the recovery file was last written.
    pub last_autosave: Option<Instant>,
    /// A recovery file found at start-up, offered back.
    pub offer: Option<RecoveryOffer>,
}

impl Recovery {
    /// Whether a dirty document is due to be written: 30 seconds since the last time.
    pub fn due(&self) -> bool {
        self.dir.is_some()
            && self
                .last_autosave
                .is_none_or(|t| t.elapsed() >= AUTOSAVE_EVERY)
    }

    /// Writes the recovery file now (text first, then the note of where it belongs, each
    /// atomically, so a crash leaves either the old pair or the new one).
    pub fn write(&self, doc: &OpenDoc) -> std::io::Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        let document = doc.document();
        let format = document.template.style.format;
        // In its own format a document can always be written, but a JSON document given a
        // YAML tag by an edit cannot: it is kept as YAML then.
        let (format, text) = match document.save_text(format) {
            Ok(text) => (format, text),
            Err(_) => (
                Format::Yaml,
                document.save_text(Format::Yaml).unwrap_or_default(),
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
            doc.name(),
            path
        );
        write_atomically(&dir.join(TEXT_FILE), text.as_bytes())?;
        write_atomically(&dir.join(META_FILE), meta.as_bytes())
    }

    /// Removes the recovery file: the changes were saved, restored or discarded.
    pub fn clear(&self) {
        if let Some(dir) = &self.dir {
            std::fs::remove_file(dir.join(META_FILE)).ok();
            std::fs::remove_file(dir.join(TEXT_FILE)).ok();
        }
    }

    /// Looks for a recovery file left by a crash.
    pub fn find(&mut self) {
        let Some(dir) = &self.dir else {
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
        self.offer = Some(RecoveryOffer { name, path, text });
    }
}

/// The bar that offers recovered changes back.
pub fn recovery_ui(
    ui: &mut egui::Ui,
    offer: &RecoveryOffer,
    theme: Theme,
    queue: &mut Vec<UiCommand>,
) {
    let text = format!(
        "Unsaved changes to {} were recovered after Stack Canvas closed unexpectedly",
        offer.name
    );
    let color = super::theme::warning_text(theme);
    egui::Panel::top("recovery").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(text).color(color));
            if ui.button("Restore").clicked() {
                queue.push(UiCommand::Recover(true));
            }
            if ui.button("Discard recovered changes").clicked() {
                queue.push(UiCommand::Recover(false));
            }
        });
    });
}
