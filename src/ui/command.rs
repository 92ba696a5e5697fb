//! Commands: [`AppCommand`], one place for each menu command's text and shortcut, and
//! [`UiCommand`], what panels, menus, the toolbar, shortcuts and the canvas push during a frame
//! for the app to run after the UI pass.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::file_dialog::DialogPurpose;
use super::state::PendingAction;
use crate::session::Command;
use crate::view::ViewFilters;

/// Something a widget asks for during a frame. The app drains these once, after the UI pass,
/// so that no widget changes the document or the settings itself.
#[derive(Clone, Debug)]
pub enum UiCommand {
    /// A menu command or shortcut.
    App(AppCommand),
    /// A change of the documents, run by the session.
    Session(Command),
    /// An action that would drop unsaved changes: asks first.
    Guard(PendingAction),
    /// The answer to the unsaved-changes question: save first (`true`) or discard.
    Proceed {
        /// What was waiting for the answer.
        action: PendingAction,
        /// Whether to save before.
        save: bool,
    },
    /// New view filters, from the toolbar.
    SetFilters(ViewFilters),
    /// A file dialog or the path field answered.
    PathChosen(DialogPurpose, PathBuf),
    /// Restore the recovered document (`true`) or throw it away.
    Recover(bool),
    /// Show the export dialog's file dialog.
    ExportDialog,
    /// Dismiss the notice.
    DismissNotice,
    /// Ask which template a nested stack whose `TemplateURL` is not found runs.
    PickChild {
        /// The member that declares the nested stack.
        parent: usize,
        /// The nested stack's logical ID.
        logical_id: String,
    },
    /// Say which stack a stack-name parameter of a project's member means (`None` takes the
    /// choice back); written to the project file.
    ChooseStack {
        /// The member's path in the project.
        member: String,
        /// The parameter.
        parameter: String,
        /// The stack's name.
        stack: Option<String>,
    },
    /// Compare the active document with another version of it.
    CompareWith(CompareSource),
    /// Select a resource and centre the canvas on it (from the cost panel).
    SelectResource(crate::cfn::LogicalId),
    /// Price in another Region.
    SetCostRegion(String),
    /// A parameter value for the estimate of the active document; empty takes the default.
    SetParameter {
        /// The parameter.
        name: String,
        /// Its value.
        value: String,
    },
}

/// What the document is compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareSource {
    /// Another file.
    File(PathBuf),
    /// A git revision of the document's own file: `HEAD`, a branch, a commit.
    Revision(String),
}

/// Something the user can ask the app to do from a menu, a button or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppCommand {
    /// Start a new template.
    New,
    /// Open a template with a file dialog.
    Open,
    /// Open a folder of templates as a project, with a folder dialog.
    OpenFolder,
    /// Save to the current file.
    Save,
    /// Save to a file the user picks, as YAML or JSON.
    SaveAs,
    /// Show the diff that Save would write.
    ShowChanges,
    /// Export the diagram as SVG or PNG.
    ExportImage,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete the selection.
    Delete,
    /// Rename the selected resource.
    Rename,
    /// Copy the selection.
    Copy,
    /// Paste copies with new logical IDs.
    Paste,
    /// Copy and paste in one go.
    Duplicate,
    /// Show the whole diagram.
    Fit,
    /// Zoom to the selected resources.
    ZoomToSelection,
    /// Search logical IDs and types.
    Find,
    /// Go to the next search hit.
    FindNext,
    /// Hide or show IAM and other plumbing.
    TogglePlumbing,
    /// Switch between the architecture and the references.
    ToggleView,
    /// Lay everything out again, forgetting where boxes were placed (one undo step).
    Tidy,
    /// Show or hide the minimap.
    ToggleMinimap,
    /// Switch between light and dark.
    ToggleTheme,
    /// Compare the document with another file.
    CompareWithFile,
    /// Compare the document with a git revision of its file.
    CompareWithRevision,
    /// Leave compare mode.
    StopComparing,
    /// Show or hide the cost panel.
    ToggleCostPanel,
    /// Show or hide each node's monthly cost on the canvas.
    ToggleCostBadges,
    /// Clear the selection or close the search.
    Escape,
    /// Quit.
    Quit,
}

impl AppCommand {
    /// Every command, for the shortcut loop.
    pub const ALL: [AppCommand; 30] = [
        AppCommand::New,
        AppCommand::Open,
        AppCommand::OpenFolder,
        AppCommand::Save,
        AppCommand::SaveAs,
        AppCommand::ShowChanges,
        AppCommand::ExportImage,
        AppCommand::CompareWithFile,
        AppCommand::CompareWithRevision,
        AppCommand::StopComparing,
        AppCommand::Undo,
        AppCommand::Redo,
        AppCommand::Delete,
        AppCommand::Rename,
        AppCommand::Copy,
        AppCommand::Paste,
        AppCommand::Duplicate,
        AppCommand::Fit,
        AppCommand::ZoomToSelection,
        AppCommand::Find,
        AppCommand::FindNext,
        AppCommand::TogglePlumbing,
        AppCommand::ToggleView,
        AppCommand::Tidy,
        AppCommand::ToggleMinimap,
        AppCommand::ToggleTheme,
        AppCommand::ToggleCostPanel,
        AppCommand::ToggleCostBadges,
        AppCommand::Escape,
        AppCommand::Quit,
    ];

    /// Menu text.
    pub fn text(self) -> &'static str {
        match self {
            AppCommand::New => "New",
            AppCommand::Open => "Open...",
            AppCommand::OpenFolder => "Open folder...",
            AppCommand::Save => "Save",
            AppCommand::SaveAs => "Save as...",
            AppCommand::ShowChanges => "Show changes...",
            AppCommand::ExportImage => "Export image...",
            AppCommand::CompareWithFile => "Compare with file...",
            AppCommand::CompareWithRevision => "Compare with git revision...",
            AppCommand::StopComparing => "Stop comparing",
            AppCommand::Undo => "Undo",
            AppCommand::Redo => "Redo",
            AppCommand::Delete => "Delete...",
            AppCommand::Rename => "Rename...",
            AppCommand::Copy => "Copy",
            AppCommand::Paste => "Paste",
            AppCommand::Duplicate => "Duplicate",
            AppCommand::Fit => "Fit everything",
            AppCommand::ZoomToSelection => "Zoom to selection",
            AppCommand::Find => "Find...",
            AppCommand::FindNext => "Find next",
            AppCommand::TogglePlumbing => "Hide IAM and plumbing",
            AppCommand::ToggleView => "Show references",
            AppCommand::Tidy => "Tidy",
            AppCommand::ToggleMinimap => "Minimap",
            AppCommand::ToggleTheme => "Light theme",
            AppCommand::ToggleCostPanel => "Cost panel",
            AppCommand::ToggleCostBadges => "Cost badges",
            AppCommand::Escape => "Clear selection",
            AppCommand::Quit => "Quit",
        }
    }

    /// The keyboard shortcut. Single keys only fire when no text field has focus.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let k = |m, key| Some(KeyboardShortcut::new(m, key));
        match self {
            AppCommand::New => k(Modifiers::COMMAND, Key::N),
            AppCommand::Open => k(Modifiers::COMMAND, Key::O),
            AppCommand::Save => k(Modifiers::COMMAND, Key::S),
            AppCommand::SaveAs => k(Modifiers::COMMAND | Modifiers::SHIFT, Key::S),
            AppCommand::Undo => k(Modifiers::COMMAND, Key::Z),
            AppCommand::Redo => k(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
            AppCommand::Delete => k(Modifiers::NONE, Key::Delete),
            AppCommand::Rename => k(Modifiers::NONE, Key::F2),
            AppCommand::Copy => k(Modifiers::COMMAND, Key::C),
            AppCommand::Paste => k(Modifiers::COMMAND, Key::V),
            AppCommand::Duplicate => k(Modifiers::COMMAND, Key::D),
            AppCommand::Fit => k(Modifiers::NONE, Key::F),
            AppCommand::ZoomToSelection => k(Modifiers::SHIFT, Key::F),
            AppCommand::Find => k(Modifiers::COMMAND, Key::F),
            AppCommand::FindNext => k(Modifiers::NONE, Key::F3),
            AppCommand::TogglePlumbing => k(Modifiers::NONE, Key::I),
            AppCommand::ToggleView => k(Modifiers::NONE, Key::R),
            AppCommand::Tidy => k(Modifiers::NONE, Key::T),
            AppCommand::ToggleMinimap => k(Modifiers::NONE, Key::M),
            AppCommand::ToggleTheme
            | AppCommand::OpenFolder
            | AppCommand::CompareWithFile
            | AppCommand::CompareWithRevision
            | AppCommand::StopComparing
            | AppCommand::ShowChanges
            | AppCommand::ToggleCostPanel
            | AppCommand::ToggleCostBadges => None,
            AppCommand::ExportImage => k(Modifiers::COMMAND, Key::E),
            AppCommand::Escape => k(Modifiers::NONE, Key::Escape),
            AppCommand::Quit => k(Modifiers::COMMAND, Key::Q),
        }
    }

    /// Whether the shortcut must not fire while a text field has focus: bare keys, and the
    /// editing shortcuts a text field has its own meaning for.
    pub fn blocked_while_typing(self) -> bool {
        matches!(
            self,
            AppCommand::Undo
                | AppCommand::Redo
                | AppCommand::Copy
                | AppCommand::Paste
                | AppCommand::Duplicate
        ) || self.is_bare_key()
    }

    /// Whether the shortcut is a bare key.
    pub fn is_bare_key(self) -> bool {
        self.shortcut()
            .is_some_and(|s| s.modifiers == Modifiers::NONE || s.modifiers == Modifiers::SHIFT)
            && self != AppCommand::Escape
            && self != AppCommand::FindNext
            && self != AppCommand::Rename
    }
}
