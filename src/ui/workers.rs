//! What the app does between frames: file dialogs and opens that finish on worker threads,
//! the look at the file on disk, autosave, recovery, and image export.

use std::path::Path;
use std::time::{Duration, Instant};

use super::app::StackCanvasApp;
use super::file_dialog::DialogAnswer;
use super::open::{OpenProgress, PendingOpen};
use super::project_view::{Opened, ProjectState};
use super::state::Notice;
use crate::export::{ExportOptions, ImageFormat};
use crate::session::{Command, OpenDoc};

/// How often the file is looked at.
const CHECK_DISK_EVERY: Duration = Duration::from_secs(1);

impl StackCanvasApp {
    /// Takes what the workers finished: a file dialog's answer, an opened file.
    pub(super) fn poll_workers(&mut self, ctx: &egui::Context) {
        match self.dialogs.poll() {
            Some(DialogAnswer::Picked(purpose, path)) => {
                self.queue
                    .push(super::command::UiCommand::PathChosen(purpose, path));
            }
            Some(DialogAnswer::Lost) => {
                self.notice = Some(Notice::error("the file dialog stopped without an answer"));
            }
            None => {}
        }
        self.poll_pending_open();
        if self.pending_open.is_some() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }

    /// Opens a file off the UI thread. On failure the current document stays and the error is
    /// shown.
    pub fn open_path_async(&mut self, path: &Path, ctx: &egui::Context) {
        self.pending_open = Some(PendingOpen::start(
            path.to_path_buf(),
            self.settings.view.clone(),
            false,
            ctx,
        ));
    }

    /// Opens one stack of the project to edit it, off the UI thread.
    pub fn open_stack_async(&mut self, path: &Path, ctx: &egui::Context) {
        self.pending_open = Some(PendingOpen::start(
            path.to_path_buf(),
            self.settings.view.clone(),
            true,
            ctx,
        ));
    }

    /// Takes the result of a background open, if it is there.
    pub fn poll_pending_open(&mut self) {
        let Some(progress) = self.pending_open.as_ref().map(PendingOpen::poll) else {
            return;
        };
        let result = match progress {
            OpenProgress::Running => return,
            OpenProgress::Lost => {
                self.pending_open = None;
                return;
            }
            OpenProgress::Done(result) => *result,
        };
        let Some(pending) = self.pending_open.take() else {
            return;
        };
        match result {
            Ok(Opened::File(prepared)) => {
                if self.apply(Command::Install(prepared)) {
                    // A stack of the open project keeps the project (and its panel).
                    if !self
                        .project
                        .as_ref()
                        .is_some_and(|p| p.holds(&pending.path))
                    {
                        self.project = None;
                    }
                    self.settings.remember(pending.path);
                }
            }
            Ok(Opened::Project(opened)) => self.install_project(*opened, pending.path),
            Err(e) => self.notice = Some(Notice::error(e)),
        }
    }

    /// Shows a project's overview, with its Stacks panel.
    pub fn install_project(
        &mut self,
        (mut state, prepared): (ProjectState, crate::session::Prepared),
        path: std::path::PathBuf,
    ) {
        if self.apply(Command::Install(Box::new(prepared))) {
            state.overview = self.session.active().map(OpenDoc::id);
            self.project = Some(state);
            self.settings.remember(path);
        }
    }

    /// Whether the active document is the open project's overview.
    pub fn on_project_overview(&self) -> bool {
        let active = self.session.active().map(OpenDoc::id);
        active.is_some() && self.project.as_ref().is_some_and(|p| p.overview == active)
    }

    /// Looks at the file about once a second; marks the document if the file changed.
    pub(super) fn check_disk(&mut self, ctx: &egui::Context) {
        let due = self
            .last_disk_check
            .is_none_or(|t| t.elapsed() >= CHECK_DISK_EVERY);
        if !due {
            return;
        }
        self.last_disk_check = Some(Instant::now());
        self.check_disk_now();
        ctx.request_repaint_after(CHECK_DISK_EVERY);
    }

    /// Writes the recovery file if the document has unsaved changes and 30 seconds have
    /// passed since the last time.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.doc().is_some_and(OpenDoc::is_dirty) {
            return;
        }
        if self.recovery.due() {
            self.recovery.last_autosave = Some(Instant::now());
            if let Err(e) = self.autosave_now() {
                self.notice = Some(Notice::error(format!(
                    "cannot write the recovery file: {e}"
                )));
            }
        }
        if self.recovery.dir.is_some() {
            ctx.request_repaint_after(super::recovery::AUTOSAVE_EVERY);
        }
    }

    /// Writes the recovery file now.
    pub fn autosave_now(&mut self) -> std::io::Result<()> {
        match self.session.active() {
            Some(doc) => self.recovery.write(doc),
            None => Ok(()),
        }
    }

    /// Removes the recovery file.
    pub fn clear_recovery(&mut self) {
        self.recovery.clear();
    }

    /// Looks for a recovery file left by a crash.
    pub fn find_recovery(&mut self) {
        self.recovery.find();
    }

    /// Opens the recovered document, marked as unsaved.
    pub fn restore_recovery(&mut self) {
        let Some(offer) = self.recovery.offer.take() else {
            return;
        };
        self.apply(Command::Recover {
            text: offer.text,
            name: offer.name,
            path: offer.path,
        });
    }

    /// The export options for the current choices and selection.
    pub fn export_options(&self) -> ExportOptions {
        self.export_choices.options(&self.canvas.selection)
    }

    /// Writes the canvas's picture to `path` (format by extension, else the dialog's choice).
    pub fn export_to(&mut self, path: &Path) -> bool {
        let Some(doc) = self.session.active() else {
            return false;
        };
        let format = ImageFormat::from_path(path).unwrap_or(if self.export_choices.png {
            ImageFormat::Png
        } else {
            ImageFormat::Svg
        });
        let options = self.export_options();
        match super::export_dialog::export_image(&doc.diagram.scene, &options, format, path) {
            Ok(()) => true,
            Err(e) => {
                self.notice = Some(Notice::error(e.to_string()));
                false
            }
        }
    }
}
