//! What the app does with an open project: a gesture of the overview run on the stacks'
//! documents, the overview drawn again, the files not saved, and the template picked for a
//! nested stack that was not found.

use std::path::Path;

use super::app::StackCanvasApp;
use super::state::Notice;
use crate::session::{Command, Outcome, SessionError};

impl StackCanvasApp {
    /// Takes the template picked for a nested stack that was not found.
    pub(super) fn picked_child(&mut self, path: &Path) {
        let Some(state) = &mut self.project else {
            return;
        };
        let Some((parent, logical_id)) = state.picking.take() else {
            return;
        };
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let (picked, root) = (canonical(path), canonical(&state.project.root));
        let relative = picked.strip_prefix(&root).ok().map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        });
        let result = match relative {
            Some(rel) => state.docs.pick_child(parent, &logical_id, &rel),
            None => Err(SessionError::Refused(format!(
                "{} is outside the project's folder {}",
                path.display(),
                state.project.root.display()
            ))),
        };
        match result {
            Ok(_) => self.redraw_project(),
            Err(e) => self.notice = Some(Notice::error(e.to_string())),
        }
    }

    /// Draws the project's overview again from its documents, if it is shown.
    pub(super) fn redraw_project(&mut self) {
        if !self.on_project_overview() {
            return;
        }
        let filters = self.settings.view.clone();
        if let Some(state) = &mut self.project {
            let prepared = state.redraw(&filters);
            self.session.redraw_read_only(prepared);
        }
    }

    /// The files with changes not saved: the active document's, or on a project's overview
    /// each stack's.
    pub fn unsaved_files(&self) -> Vec<String> {
        if self.on_project_overview() {
            return self.project.as_ref().map_or_else(Vec::new, |p| {
                p.docs.unsaved().into_iter().map(str::to_owned).collect()
            });
        }
        self.doc()
            .filter(|d| d.is_dirty())
            .map(|d| vec![d.name().to_owned()])
            .unwrap_or_default()
    }

    /// Runs a gesture of the overview on the project's documents, then draws it again.
    pub(super) fn apply_to_project(&mut self, cmd: Command) -> Result<Outcome, SessionError> {
        let Some(state) = &mut self.project else {
            return Err(SessionError::NoDocument);
        };
        // Collapsing is the overview's own view state: no file changes.
        if let Command::ToggleCollapse(key) = cmd {
            if !state.collapsed.remove(&key) {
                state.collapsed.insert(key);
            }
            self.redraw_project();
            return Ok(Outcome::default());
        }
        let names = state.resolved.names.clone();
        let unsaved: Vec<String> = state
            .docs
            .unsaved()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut outcome = state.docs.apply(cmd, &names)?;
        if outcome.saved.take().is_some() {
            self.notice = Some(Notice {
                severity: super::state::Severity::Info,
                text: format!("Saved {}", unsaved.join(", ")),
            });
        }
        if outcome.changed {
            self.redraw_project();
        }
        Ok(outcome)
    }
}
