//! App commands: one enum, one place for each command's text and shortcut.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can ask the app to do from a menu, a button or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppCommand {
    /// Open a template with a file dialog.
    Open,
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
    /// Show or hide the minimap.
    ToggleMinimap,
    /// Switch between light and dark.
    ToggleTheme,
    /// Clear the selection or close the search.
    Escape,
    /// Quit.
    Quit,
}

impl AppCommand {
    /// Every command, for the shortcut loop.
    pub const ALL: [AppCommand; 10] = [
        AppCommand::Open,
        AppCommand::Fit,
        AppCommand::ZoomToSelection,
        AppCommand::Find,
        AppCommand::FindNext,
        AppCommand::TogglePlumbing,
        AppCommand::ToggleMinimap,
        AppCommand::ToggleTheme,
        AppCommand::Escape,
        AppCommand::Quit,
    ];

    /// Menu text.
    pub fn text(self) -> &'static str {
        match self {
            AppCommand::Open => "Open...",
            AppCommand::Fit => "Fit everything",
            AppCommand::ZoomToSelection => "Zoom to selection",
            AppCommand::Find => "Find...",
            AppCommand::FindNext => "Find next",
            AppCommand::TogglePlumbing => "Hide IAM and plumbing",
            AppCommand::ToggleMinimap => "Minimap",
            AppCommand::ToggleTheme => "Light theme",
            AppCommand::Escape => "Clear selection",
            AppCommand::Quit => "Quit",
        }
    }

    /// The keyboard shortcut. Single keys only fire when no text field has focus.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let k = |m, key| Some(KeyboardShortcut::new(m, key));
        match self {
            AppCommand::Open => k(Modifiers::COMMAND, Key::O),
            AppCommand::Fit => k(Modifiers::NONE, Key::F),
            AppCommand::ZoomToSelection => k(Modifiers::SHIFT, Key::F),
            AppCommand::Find => k(Modifiers::COMMAND, Key::F),
            AppCommand::FindNext => k(Modifiers::NONE, Key::F3),
            AppCommand::TogglePlumbing => k(Modifiers::NONE, Key::I),
            AppCommand::ToggleMinimap => k(Modifiers::NONE, Key::M),
            AppCommand::ToggleTheme => None,
            AppCommand::Escape => k(Modifiers::NONE, Key::Escape),
            AppCommand::Quit => k(Modifiers::COMMAND, Key::Q),
        }
    }

    /// Whether the shortcut is a bare key, which must not fire while typing.
    pub fn is_bare_key(self) -> bool {
        self.shortcut()
            .is_some_and(|s| s.modifiers == Modifiers::NONE || s.modifiers == Modifiers::SHIFT)
            && self != AppCommand::Escape
            && self != AppCommand::FindNext
    }
}
