//! The document: the template plus the user's layout, and what is derived from them.

use std::path::PathBuf;

use crate::cfn::{Diagnostic, Imported, Template};

use super::containment::Containment;
use super::graph::RefGraph;
use super::saved_layout::SavedLayout;

/// What is saved and undone: the template and the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The lossless template.
    pub template: Template,
    /// Positions, sizes and collapsed flags by box key.
    pub layout: SavedLayout,
}

impl Document {
    /// A document for a template, reading the layout it carries.
    pub fn new(template: Template) -> Self {
        let layout = SavedLayout::read(&template);
        Self { template, layout }
    }
}

/// A document opened from a file, with the diagnostics of reading it.
#[derive(Clone, Debug)]
pub struct OpenedDocument {
    /// The document.
    pub document: Document,
    /// Where it came from; `None` for a bundled sample or a new document.
    pub path: Option<PathBuf>,
    /// The name shown in the title and messages.
    pub name: String,
    /// What reading the file found.
    pub import_diagnostics: Vec<Diagnostic>,
}

impl OpenedDocument {
    /// Wraps an import result.
    pub fn from_imported(imported: Imported, path: Option<PathBuf>, name: String) -> Self {
        Self {
            document: Document::new(imported.template),
            path,
            name,
            import_diagnostics: imported.diagnostics,
        }
    }
}

/// What is derived from a document: rebuilt whenever the template changes, never stored.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// References between resources and parameters.
    pub graph: RefGraph,
    /// VPC > subnet > resource.
    pub containment: Containment,
}

impl Derived {
    /// Derives everything from `template`; `file` names it in warnings.
    pub fn build(template: &Template, file: &str) -> Self {
        Self {
            graph: RefGraph::build(template, file),
            containment: Containment::build(template),
        }
    }
}
