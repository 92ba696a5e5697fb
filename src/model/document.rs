//! The document: the template plus the user's layout, and what is derived from them.

use std::path::PathBuf;

use crate::cfn::{
    Diagnostic, Format, Imported, Mapping, Node, Template, Value, write, write_preserving,
};

use super::containment::Containment;
use super::graph::RefGraph;
use super::saved_layout::{LayoutSource, METADATA_KEY, SavedLayout};

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

    /// The template as it is saved: with the layout in `Metadata.StackCanvas` once the user
    /// has placed, sized or collapsed something, or when the file already had a layout block.
    /// The automatic layout is not a change, so an untouched template gains nothing.
    pub fn template_for_save(&self) -> Template {
        let mut t = self.template.clone();
        let as_read = SavedLayout::read(&self.template);
        let had_block = as_read.source == LayoutSource::StackCanvas;
        if self.layout.boxes == as_read.boxes || (self.layout.boxes.is_empty() && !had_block) {
            return t;
        }
        let root = t.root_mut();
        if !root.contains_key("Metadata") {
            root.insert("Metadata", Node::new(Value::Mapping(Mapping::new())));
        }
        if let Some(meta) = root.get_mut("Metadata").and_then(Node::as_mapping_mut) {
            meta.insert(METADATA_KEY, self.layout.to_node());
        }
        t
    }

    /// The text of the document saved as `format`: in its own format, its original text with
    /// only the changed parts rewritten; in the other format, written anew.
    pub fn save_text(&self, format: Format) -> String {
        let mut t = self.template_for_save();
        if format == t.style.format {
            write_preserving(&t)
        } else {
            // The style keeps the source format: YAML from JSON gets short-form tags.
            t.style.bom = false;
            t.style.trailing_newline = true;
            write(&t, format)
        }
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
