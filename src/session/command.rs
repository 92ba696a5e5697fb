//! The commands a session runs, what they did, and why one did nothing.

use std::path::PathBuf;

use emath::{Pos2, Vec2};

use super::{DocId, OpenError, Prepared};
use crate::cfn::{ImportError, LogicalId};
use crate::edit::{Edit, EditError, PaletteItemId};
use crate::model::NoJsonForm;
use crate::view::ViewFilters;

/// Something to do to the session's documents. Every change of a document is one of these.
#[derive(Clone, Debug)]
pub enum Command {
    /// Opens a document prepared elsewhere (on the open worker) in place of the active one.
    Install(Box<Prepared>),
    /// Reads `bytes` as a template and opens it in place of the active one.
    OpenBytes {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// The name shown for it.
        name: String,
        /// Where it came from, if from a file.
        path: Option<PathBuf>,
    },
    /// Reads a file and opens it in place of the active document.
    OpenFile(PathBuf),
    /// Starts an empty template in place of the active document.
    New,
    /// Opens text recovered after a crash, marked unsaved; what is saved is the file on disk.
    Recover {
        /// The unsaved text.
        text: String,
        /// The name it had.
        name: String,
        /// The file it belongs to, if it had one.
        path: Option<PathBuf>,
    },
    /// Closes a document.
    Close(DocId),
    /// Makes a document the active one.
    Activate(DocId),
    /// Applies edits as one undo step named `label`; on error nothing changes.
    Edit {
        /// The undo step's name.
        label: String,
        /// The edits, in order.
        edits: Vec<Edit>,
    },
    /// Undoes the last step.
    Undo,
    /// Redoes the last undone step.
    Redo,
    /// Starts dragging boxes: one undo step until [`Command::EndMove`].
    BeginMove {
        /// The resources dragged.
        ids: Vec<LogicalId>,
        /// Where each box was when the drag started (layout key, top-left).
        start: Vec<(String, Pos2)>,
    },
    /// The dragged boxes are now this far from where they started.
    MoveTo(Vec2),
    /// The drag ended with the pointer at this canvas point: a move, a move into a container,
    /// or a refusal that puts everything back.
    EndMove(Pos2),
    /// Escape during a drag: everything goes back.
    CancelMove,
    /// Creates a palette item dropped at a canvas point, inside the VPC and subnet there.
    AddPaletteItem {
        /// What to create.
        item: PaletteItemId,
        /// Where it was dropped.
        at: Pos2,
    },
    /// Adds a resource of any type, with nothing but its `Type`.
    AddType(String),
    /// Wires `from` to `to` as the connect rules say.
    Connect {
        /// The resource the connection was dragged from.
        from: LogicalId,
        /// The resource it was dropped on.
        to: LogicalId,
    },
    /// Renames a resource; every reference follows.
    Rename {
        /// The current logical ID.
        from: LogicalId,
        /// The new one.
        to: LogicalId,
    },
    /// Deletes resources, removing what refers to them or leaving it dangling.
    Delete {
        /// The resources.
        ids: Vec<LogicalId>,
        /// Whether to remove the references too.
        remove_references: bool,
    },
    /// Collapses or expands a container, by layout key.
    ToggleCollapse(String),
    /// Copies resources to the session's clipboard.
    Copy(Vec<LogicalId>),
    /// Pastes the clipboard with new logical IDs, references inside the pasted set following.
    Paste,
    /// Saves the active document to its file, or with a path to that file (in the format its
    /// extension names).
    Save(Option<PathBuf>),
    /// Reads the active document's file again, dropping what was not saved.
    Reload,
    /// Keeps the session's version of a file that changed on disk: the next save overwrites it.
    KeepMine,
    /// Looks whether the active document's file changed on disk.
    CheckDisk,
    /// Shows every document under new view filters.
    SetFilters(ViewFilters),
}

impl Command {
    /// The undo label and the edits of deleting `ids`: "Delete Queue, Topic".
    pub fn delete_edits(ids: Vec<LogicalId>, remove_references: bool) -> (String, Vec<Edit>) {
        let label = format!(
            "Delete {}",
            ids.iter()
                .map(LogicalId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let edits = ids
            .into_iter()
            .map(|id| Edit::DeleteResource {
                logical_id: id.into_string(),
                remove_references,
            })
            .collect();
        (label, edits)
    }

    /// Whether the command changes or saves the active document, so that a read-only one
    /// refuses it.
    pub fn changes_document(&self) -> bool {
        matches!(
            self,
            Command::Edit { .. }
                | Command::Undo
                | Command::Redo
                | Command::BeginMove { .. }
                | Command::EndMove(_)
                | Command::AddPaletteItem { .. }
                | Command::AddType(_)
                | Command::Connect { .. }
                | Command::Rename { .. }
                | Command::Delete { .. }
                | Command::ToggleCollapse(_)
                | Command::Paste
                | Command::Save(_)
                | Command::KeepMine
        )
    }
}

/// What a command did, for the UI to follow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Whether a document changed.
    pub changed: bool,
    /// Resources to select now: what was added, pasted or renamed.
    pub select: Option<Vec<LogicalId>>,
    /// A resource to bring into view.
    pub reveal: Option<LogicalId>,
    /// A document was opened: view state of the one before belongs to it no more.
    pub opened: Option<DocId>,
    /// Where the document was saved.
    pub saved: Option<PathBuf>,
}

impl Outcome {
    pub(super) fn changed() -> Self {
        Self {
            changed: true,
            ..Self::default()
        }
    }
}

/// Why a command did nothing. Each message says what to do about it where there is something.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The command needs a document and none is open.
    #[error("no document is open")]
    NoDocument,
    /// A file could not be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// An edit could not be applied; nothing changed.
    #[error("{label}: {source}")]
    Edit {
        /// The undo step it was part of.
        label: String,
        /// Why.
        source: EditError,
    },
    /// A drop was refused; everything went back.
    #[error("Refused: {0}")]
    Refused(String),
    /// The file changed on disk and the user has not said which version wins.
    #[error("the file changed on disk: choose Reload or Keep mine first")]
    DiskConflict,
    /// The active document is a project's overview, drawn from its templates.
    #[error(
        "{0} is drawn from the project's templates and is not edited here: open a stack from the Stacks panel to change it"
    )]
    ReadOnly(String),
    /// The document has no file to save to.
    #[error("the document has no file yet: choose where to save it")]
    NoPath,
    /// The document cannot be written in the format asked for.
    #[error("cannot save {}: {source}", .path.display())]
    Unwritable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: NoJsonForm,
    },
    /// Writing the file failed; the old file is intact.
    #[error("cannot save {}: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file was written but does not read back.
    #[error("saved, but cannot read it back: {0}")]
    ReadBack(ImportError),
}
