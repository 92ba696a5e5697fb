//! The app's own state types, shared by its panels: settings, search, notices, dialogs.
//!
//! A leaf of `ui`: it imports nothing from the other files of `ui`, so that panels can use
//! these types without importing the app.

use std::path::PathBuf;

use crate::cfn::LogicalId;
use crate::edit::PaletteItemId;
use crate::scene::Theme;
use crate::view::{View, ViewFilters};

/// The templates bundled with the app: (file name, text).
pub const SAMPLES: [(&str, &str); 3] = [
    (
        "vpc-two-az.yaml",
        include_str!("../../samples/vpc-two-az.yaml"),
    ),
    (
        "serverless.yaml",
        include_str!("../../samples/serverless.yaml"),
    ),
    (
        "mixed-parameters.yaml",
        include_str!("../../samples/mixed-parameters.yaml"),
    ),
];

/// Most recent files remembered.
pub const MAX_RECENT: usize = 10;

/// Settings kept between runs in eframe's storage.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Light or dark.
    pub theme: Theme,
    /// What the canvas shows. (Earlier versions saved its two fields at the top level; they
    /// are read as the defaults once.)
    pub view: ViewFilters,
    /// Whether the cost panel is shown.
    pub cost_panel: bool,
    /// Whether the canvas shows each node's monthly cost.
    pub cost_badges: bool,
}

impl Default for Settings {
    /// The app starts on the architecture view.
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            theme: Theme::default(),
            view: ViewFilters::default().with_view(View::Architecture),
            cost_panel: false,
            cost_badges: false,
        }
    }
}

impl Settings {
    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// Search state (Ctrl+F).
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    /// Whether the search bar is shown.
    pub open: bool,
    /// What to look for.
    pub query: String,
    /// Index of the current hit.
    pub current: Option<usize>,
    /// Focus the text field on the next frame.
    pub focus: bool,
}

/// How much a notice matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something done, for the record.
    Info,
    /// Something the user should look at.
    Warning,
    /// Something that did not happen.
    Error,
}

/// A message for the user, shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How much it matters.
    pub severity: Severity,
    /// What to say.
    pub text: String,
}

impl Notice {
    /// Something that did not happen, and why.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            text: text.into(),
        }
    }
}

/// What to do once the user has answered the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    /// Open this file, or this folder (or root template) as a project.
    Open(PathBuf),
    /// Open one stack of the open project: the template itself, even if it runs nested stacks.
    OpenStack(PathBuf),
    /// Show the open dialog.
    OpenDialog,
    /// Show the folder dialog, to open a project.
    OpenFolderDialog,
    /// Open bundled sample `n`.
    Sample(usize),
    /// Start a new template.
    New,
    /// Close the window.
    Close,
}

/// An open dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// Confirm deleting resources; lists what refers to them.
    Delete(Vec<LogicalId>),
    /// Rename a resource: (current ID, text typed so far).
    Rename(LogicalId, String),
}

/// A palette item being dragged onto the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaletteDrag(pub PaletteItemId);

/// The left panel's palette tab.
#[derive(Clone, Debug, Default)]
pub struct PaletteState {
    /// Whether the left panel shows the palette (else the template sections).
    pub shown: bool,
    /// Palette search text.
    pub search: String,
    /// Type name for "Any type...".
    pub any_type: String,
}
