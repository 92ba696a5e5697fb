//! The headless session: the open documents, their history, the clipboard and the drag under
//! way. [`Session::apply`] is the one place where a document changes.
//!
//! The UI turns what the user does into [`Command`]s and applies them after its pass; tests
//! drive a session the same way with no UI at all. Nothing here uses egui.

mod command;
mod files;
mod gestures;
mod project;

use std::path::{Path, PathBuf};

use emath::Pos2;

pub use command::{Command, Outcome, SessionError};
pub use files::{
    DiskStamp, MAX_FILE_BYTES, OpenError, Prepared, ReadFileError, read_template_file,
    write_atomically,
};
pub use gestures::DropPreview;
pub use project::ProjectDocs;

use crate::cfn::{Format, LogicalId, Node, Template};
use crate::edit::{Edit, History};
use crate::layout::DiagramLayout;
use crate::model::{Document, OpenedDocument};
use crate::view::{Diagram, Rebuilds, ViewFilters};

/// An open document, by a number the session never gives out twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(u64);

/// A document the session holds, with its history and its picture.
#[derive(Clone, Debug)]
pub struct OpenDoc {
    id: DocId,
    /// The document, where it came from, and what reading it found.
    pub opened: OpenedDocument,
    /// The document as last opened or saved, to tell whether it changed.
    saved: Document,
    dirty: bool,
    history: History,
    /// Its derived graph, layout and scene.
    pub diagram: Diagram,
    /// The file's modification time and length when it was last read or written.
    pub disk_stamp: Option<DiskStamp>,
    /// Set when the file changed on disk behind the app's back.
    pub changed_on_disk: bool,
    /// How many times the document has changed since it was opened.
    revision: u64,
}

impl OpenDoc {
    /// Its ID in the session.
    pub fn id(&self) -> DocId {
        self.id
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.opened.document
    }

    /// The name shown in the title and in messages.
    pub fn name(&self) -> &str {
        &self.opened.name
    }

    /// Whether it has changes not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Its undo and redo steps.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The document as last opened or saved.
    pub fn saved(&self) -> &Document {
        &self.saved
    }

    /// A number that grows with every change of the document (an edit, an undo, a save), so
    /// that what is derived from it can be cached by (`id`, `revision`).
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

/// The drag under way: one undo transaction.
#[derive(Clone, Debug)]
struct Drag {
    doc: DocId,
    ids: Vec<LogicalId>,
    start: Vec<(String, Pos2)>,
    /// The layout when the drag started: drops land where the containers were then, not
    /// where they grow to while a child is dragged around.
    base: DiagramLayout,
}

/// The open documents and everything that acts on them.
#[derive(Clone, Debug, Default)]
pub struct Session {
    docs: Vec<OpenDoc>,
    active: Option<DocId>,
    next_id: u64,
    clipboard: Vec<(LogicalId, Node)>,
    drag: Option<Drag>,
    filters: ViewFilters,
    rebuilds: Rebuilds,
}

impl Session {
    /// A session with no document, showing documents under `filters`.
    pub fn new(filters: ViewFilters) -> Self {
        Self {
            filters,
            ..Self::default()
        }
    }

    /// The active document.
    pub fn active(&self) -> Option<&OpenDoc> {
        let id = self.active?;
        self.docs.iter().find(|d| d.id == id)
    }

    /// Every open document, in the order they were opened.
    pub fn documents(&self) -> &[OpenDoc] {
        &self.docs
    }

    /// The view filters.
    pub fn filters(&self) -> &ViewFilters {
        &self.filters
    }

    /// How much deriving, layout and scene building has been done.
    pub fn rebuilds(&self) -> Rebuilds {
        self.rebuilds
    }

    /// Whether the clipboard holds something to paste.
    pub fn can_paste(&self) -> bool {
        !self.clipboard.is_empty()
    }

    /// Whether a drag is under way.
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Runs a command. On error nothing of the user's document is lost: the document is as it
    /// was before the command (a refused drop puts the boxes back).
    pub fn apply(&mut self, command: Command) -> Result<Outcome, SessionError> {
        if command.changes_document()
            && let Some(doc) = self.active().filter(|d| d.opened.read_only)
        {
            return Err(SessionError::ReadOnly(doc.opened.name.clone()));
        }
        match command {
            Command::Install(prepared) => Ok(self.install(*prepared)),
            Command::OpenBytes { bytes, name, path } => {
                let prepared = Prepared::from_bytes(&bytes, &name, path, &self.filters)?;
                Ok(self.install(prepared))
            }
            Command::OpenFile(path) => {
                let prepared = Prepared::from_file(&path, &self.filters)?;
                Ok(self.install(prepared))
            }
            Command::New => {
                let template = Template::new_empty(Format::Yaml);
                let text = crate::cfn::write(&template, Format::Yaml);
                let prepared =
                    Prepared::from_bytes(text.as_bytes(), "untitled.yaml", None, &self.filters)?;
                Ok(self.install(prepared))
            }
            Command::Recover { text, name, path } => self.recover(&text, &name, path.as_deref()),
            Command::Close(id) => {
                self.docs.retain(|d| d.id != id);
                if self.active == Some(id) {
                    self.active = self.docs.last().map(|d| d.id);
                    self.drag = None;
                }
                Ok(Outcome::default())
            }
            Command::Activate(id) => {
                if self.docs.iter().any(|d| d.id == id) {
                    self.active = Some(id);
                }
                Ok(Outcome::default())
            }
            Command::Edit { label, edits } => self.edit(&label, edits),
            Command::Undo => Ok(self.step_history(true)),
            Command::Redo => Ok(self.step_history(false)),
            Command::BeginMove { ids, start } => {
                self.begin_move(ids, start);
                Ok(Outcome::default())
            }
            Command::MoveTo(delta) => Ok(self.move_to(delta)),
            Command::EndMove(at) => self.end_move(at),
            Command::CancelMove => Ok(self.cancel_move()),
            Command::AddPaletteItem { item, at } => self.add_palette_item(item, at),
            Command::AddType(type_name) => {
                let doc = self.active().ok_or(SessionError::NoDocument)?;
                let (edits, id) = crate::edit::any_type_edits(doc.document(), &type_name);
                let mut outcome = self.edit(&format!("Add {id}"), edits)?;
                outcome.select = Some(vec![LogicalId::from(&id)]);
                outcome.reveal = Some(LogicalId::from(id));
                Ok(outcome)
            }
            Command::Connect { from, to } => {
                let doc = self.active().ok_or(SessionError::NoDocument)?;
                let edits = crate::edit::connect_edits(doc.document(), &from, &to);
                self.edit(&format!("Connect {from} to {to}"), edits)
            }
            Command::Rename { from, to } => {
                let edit = Edit::RenameResource {
                    from: from.into_string(),
                    to: to.to_string(),
                };
                let mut outcome = self.edit(&edit.label(), vec![edit])?;
                outcome.select = Some(vec![to]);
                Ok(outcome)
            }
            Command::Delete {
                ids,
                remove_references,
            } => {
                let (label, edits) = Command::delete_edits(ids, remove_references);
                self.edit(&label, edits)
            }
            Command::ToggleCollapse(key) => {
                let doc = self.active().ok_or(SessionError::NoDocument)?;
                let collapsed = doc.document().layout.is_collapsed(&key);
                let edit = Edit::SetCollapsed(key, !collapsed);
                self.edit(&edit.label(), vec![edit])
            }
            Command::Copy(ids) => {
                self.copy(&ids);
                Ok(Outcome::default())
            }
            Command::Paste => self.paste(),
            Command::Save(path) => self.save(path),
            Command::Reload => {
                let path = self
                    .active()
                    .ok_or(SessionError::NoDocument)?
                    .opened
                    .path
                    .clone()
                    .ok_or(SessionError::NoPath)?;
                self.apply(Command::OpenFile(path))
            }
            Command::KeepMine => {
                let doc = self.active_mut().ok_or(SessionError::NoDocument)?;
                doc.disk_stamp = doc.opened.path.as_deref().and_then(DiskStamp::of);
                doc.changed_on_disk = false;
                doc.dirty = true;
                Ok(Outcome::default())
            }
            Command::CheckDisk => {
                if let Some(doc) = self.active_mut()
                    && let (Some(path), Some(stamp)) = (doc.opened.path.as_deref(), doc.disk_stamp)
                    && DiskStamp::of(path).is_some_and(|now| now != stamp)
                {
                    doc.changed_on_disk = true;
                }
                Ok(Outcome::default())
            }
            Command::SetFilters(filters) => {
                if filters == self.filters {
                    return Ok(Outcome::default());
                }
                self.filters = filters;
                let mut rebuilds = Rebuilds::default();
                // A project's overview is drawn again from its templates by whoever made it.
                for doc in self.docs.iter_mut().filter(|d| !d.opened.read_only) {
                    // A new Region checks the template again; other filters only lay out.
                    doc.diagram.refresh(
                        &doc.opened.document,
                        &doc.opened.name,
                        &self.filters,
                        &mut rebuilds,
                    );
                }
                self.rebuilds += rebuilds;
                Ok(Outcome::default())
            }
        }
    }

    fn active_mut(&mut self) -> Option<&mut OpenDoc> {
        let id = self.active?;
        self.docs.iter_mut().find(|d| d.id == id)
    }

    /// Adds a prepared document beside the others, leaving the active one active.
    pub fn add(&mut self, prepared: Prepared) -> DocId {
        let active = self.active.take();
        self.install(prepared);
        let id = self.docs.last().map_or(DocId(0), |d| d.id);
        self.active = active;
        id
    }

    /// Runs a command on document `id` as if it were the active one.
    pub fn apply_on(&mut self, id: DocId, command: Command) -> Result<Outcome, SessionError> {
        let active = self.active.replace(id);
        let result = self.apply(command);
        self.active = active;
        result
    }

    /// The document `id`.
    pub fn document(&self, id: DocId) -> Option<&OpenDoc> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// Draws the active read-only document (a project's overview) anew, keeping its place:
    /// not an opening, so the view keeps its camera.
    pub fn redraw_read_only(&mut self, prepared: Prepared) {
        if let Some(doc) = self.active_mut().filter(|d| d.opened.read_only) {
            doc.saved = prepared.opened.document.clone();
            doc.opened = prepared.opened;
            doc.diagram = prepared.diagram;
            doc.revision += 1;
        }
    }

    /// Makes a prepared document the active one, in place of the one that was active.
    fn install(&mut self, prepared: Prepared) -> Outcome {
        let Prepared {
            opened,
            mut diagram,
            filters,
            rebuilds,
        } = prepared;
        self.rebuilds += rebuilds;
        if filters != self.filters {
            diagram.refresh(
                &opened.document,
                &opened.name,
                &self.filters,
                &mut self.rebuilds,
            );
        }
        let id = DocId(self.next_id);
        self.next_id += 1;
        let doc = OpenDoc {
            id,
            disk_stamp: opened.path.as_deref().and_then(DiskStamp::of),
            saved: opened.document.clone(),
            opened,
            dirty: false,
            history: History::default(),
            diagram,
            changed_on_disk: false,
            revision: 0,
        };
        if let Some(old) = self.active.take() {
            self.docs.retain(|d| d.id != old);
        }
        self.docs.push(doc);
        self.active = Some(id);
        self.drag = None;
        Outcome {
            opened: Some(id),
            ..Outcome::default()
        }
    }

    fn recover(
        &mut self,
        text: &str,
        name: &str,
        path: Option<&Path>,
    ) -> Result<Outcome, SessionError> {
        let prepared = Prepared::from_bytes(
            text.as_bytes(),
            name,
            path.map(Path::to_path_buf),
            &self.filters,
        )?;
        let outcome = self.install(prepared);
        if let Some(doc) = self.active_mut() {
            // The saved state is what is on disk now, if the file still exists.
            if let Some(saved) = path
                .and_then(|p| std::fs::read(p).ok())
                .and_then(|b| crate::cfn::import(&b, name, None).ok())
            {
                doc.saved = Document::new(saved.template);
            }
            doc.dirty = true;
        }
        Ok(outcome)
    }

    /// Applies `edits` to the active document as one undo step.
    fn edit(&mut self, label: &str, edits: Vec<Edit>) -> Result<Outcome, SessionError> {
        let doc = self.active_mut().ok_or(SessionError::NoDocument)?;
        let before = doc.opened.document.clone();
        let mut working = before.clone();
        for edit in edits {
            working.apply(edit).map_err(|source| SessionError::Edit {
                label: label.to_owned(),
                source,
            })?;
        }
        if working == before {
            return Ok(Outcome::default());
        }
        doc.history.record(label, before);
        doc.opened.document = working;
        self.document_changed();
        Ok(Outcome::changed())
    }

    fn step_history(&mut self, undo: bool) -> Outcome {
        let Some(doc) = self.active_mut() else {
            return Outcome::default();
        };
        let current = doc.opened.document.clone();
        let step = if undo {
            doc.history.undo(current)
        } else {
            doc.history.redo(current)
        };
        let Some(document) = step else {
            return Outcome::default();
        };
        doc.opened.document = document;
        self.document_changed();
        Outcome::changed()
    }

    /// Brings the active document's picture and dirty flag up to date after it changed.
    fn document_changed(&mut self) {
        let Some(id) = self.active else {
            return;
        };
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) else {
            return;
        };
        doc.diagram.refresh(
            &doc.opened.document,
            &doc.opened.name,
            &self.filters,
            &mut self.rebuilds,
        );
        doc.dirty = doc.opened.document != doc.saved;
        doc.revision += 1;
    }

    fn save(&mut self, path: Option<PathBuf>) -> Result<Outcome, SessionError> {
        self.apply(Command::CheckDisk)?;
        let doc = self.active_mut().ok_or(SessionError::NoDocument)?;
        let path = if let Some(path) = path {
            path
        } else {
            if doc.changed_on_disk {
                return Err(SessionError::DiskConflict);
            }
            doc.opened.path.clone().ok_or(SessionError::NoPath)?
        };
        let format = Format::from_path(&path).unwrap_or(doc.opened.document.template.style.format);
        let text =
            doc.opened
                .document
                .save_text(format)
                .map_err(|source| SessionError::Unwritable {
                    path: path.clone(),
                    source,
                })?;
        write_atomically(&path, text.as_bytes()).map_err(|source| SessionError::Write {
            path: path.clone(),
            source,
        })?;
        // What is on disk now is the new source to diff against.
        let name = path.display().to_string();
        let imported = crate::cfn::import(text.as_bytes(), &name, Some(format))
            .map_err(SessionError::ReadBack)?;
        let layout = doc.opened.document.layout.clone();
        let mut opened = OpenedDocument::from_imported(imported, Some(path.clone()), name);
        opened.document.layout = layout;
        doc.saved = opened.document.clone();
        doc.opened = opened;
        doc.disk_stamp = DiskStamp::of(&path);
        doc.changed_on_disk = false;
        self.document_changed();
        Ok(Outcome {
            saved: Some(path),
            ..Outcome::default()
        })
    }

    /// What the drag would do if dropped at `at`, while one is under way; the connection
    /// that a drop on a node would make, while one is dragged from `connect_from`.
    pub fn drop_preview(&self, at: Pos2, connect_from: Option<&str>) -> Option<DropPreview> {
        gestures::drop_preview(self, at, connect_from)
    }

    /// The active document's file, if it has one.
    pub fn active_path(&self) -> Option<&Path> {
        self.active()?.opened.path.as_deref()
    }
}

#[cfg(test)]
mod tests;
