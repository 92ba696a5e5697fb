//! The document: the template plus the user's layout, and what is derived from them.

use std::path::PathBuf;

use crate::cfn::{
    Diagnostic, Format, Imported, Mapping, Node, Template, Value, check_template, json_obstacle,
    write, write_preserving,
};

use crate::schema::{self, CheckOptions};

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
            // Only `Version` and `Layout` are the layout's: what else the block holds (the
            // cost panel's `Usage`) stays as it is.
            let mut block = meta
                .get(METADATA_KEY)
                .filter(|n| n.as_mapping().is_some())
                .cloned()
                .unwrap_or_else(|| Node::new(Value::Mapping(Mapping::new())));
            if let (Some(m), Value::Mapping(layout)) =
                (block.as_mapping_mut(), self.layout.to_node().value)
            {
                for (key, value) in layout.iter() {
                    m.insert(key.to_owned(), value.clone());
                }
            }
            meta.insert(METADATA_KEY, block);
        }
        t
    }

    /// The text of the document saved as `format`: in its own format, its original text with
    /// only the changed parts rewritten; in the other format, written anew.
    ///
    /// JSON cannot hold a YAML tag that is not a CloudFormation function (`!Rain::Embed`), so
    /// such a template is not written as JSON: the error names the tag and where it is.
    pub fn save_text(&self, format: Format) -> Result<String, NoJsonForm> {
        let mut t = self.template_for_save();
        if format == Format::Json
            && let Some((tag, span)) = json_obstacle(t.root_node())
        {
            return Err(NoJsonForm {
                tag,
                pos: (span.start.line > 0).then_some(span.start),
            });
        }
        Ok(if format == t.style.format {
            write_preserving(&t)
        } else {
            // The style keeps the source format: YAML from JSON gets short-form tags.
            t.style.bom = false;
            t.style.trailing_newline = true;
            write(&t, format)
        })
    }
}

/// A template that cannot be written as JSON, because it holds a tag that JSON has no form for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", .pos.map(|p| format!("line {}, column {}: ", p.line, p.column)).unwrap_or_default(), self.message())]
pub struct NoJsonForm {
    /// The tag as written, `!Rain::Embed`.
    pub tag: String,
    /// Where the tagged value is in the file, if it was read from one.
    pub pos: Option<crate::cfn::Pos>,
}

impl NoJsonForm {
    fn message(&self) -> String {
        format!(
            "cannot be written as JSON: {} is a YAML tag, not a CloudFormation function, and JSON has no tags; save it as YAML, or replace the tag first",
            self.tag
        )
    }

    /// The error as a diagnostic of `file`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::error(file, self.pos, self.message())
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
    /// What reading the file found that the tree cannot show again (a repeated key); the
    /// checks of the tree itself are in [`Derived`], redone after every edit.
    pub import_diagnostics: Vec<Diagnostic>,
    /// A picture to look at, not a file to edit: a project's overview, drawn from its
    /// templates. The session refuses every command that would change or save it.
    pub read_only: bool,
}

impl OpenedDocument {
    /// Wraps an import result.
    pub fn from_imported(imported: Imported, path: Option<PathBuf>, name: String) -> Self {
        Self {
            document: Document::new(imported.template),
            path,
            name,
            import_diagnostics: imported.read_diagnostics,
            read_only: false,
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
    /// What the checks of the template tree found (structure, functions, limits).
    pub checks: Vec<Diagnostic>,
    /// What the resource schemas found (unknown, missing and mistyped properties, GetAtt
    /// of missing attributes, types not in the region), in file order.
    pub schema: Vec<Diagnostic>,
    /// The architecture: what calls, feeds and triggers what, and the link resources folded
    /// into what they serve.
    pub flow: super::Flow,
}

impl Derived {
    /// Derives everything from `template`, checked for the default region (us-east-1);
    /// `file` names it in warnings.
    pub fn build(template: &Template, file: &str) -> Self {
        Self::build_with(template, file, &CheckOptions::default())
    }

    /// Derives everything from `template`, with the schema checks run as `options` says
    /// (for a region).
    ///
    /// The schema checks read the template only, so on a large template they run on a
    /// thread of their own beside the graph, and opening a file takes no longer than before
    /// on a machine with a core to spare.
    pub fn build_with(template: &Template, file: &str, options: &CheckOptions<'_>) -> Self {
        /// Below this many resources a thread costs more than it saves.
        const THREAD_FROM_RESOURCES: usize = 200;
        let schema_diagnostics = || -> Vec<Diagnostic> {
            schema::check_template(template, file, options)
                .into_iter()
                .map(|f| f.diagnostic)
                .collect()
        };
        let rest = || {
            let graph = RefGraph::build(template, file);
            let flow = super::flow::build_with_graph(template, &graph);
            (
                graph,
                flow,
                Containment::build(template),
                check_template(template, file),
            )
        };
        // Counting expands the loops, once, before both sides read them.
        let resources = template.resource_count();
        let ((graph, flow, containment, checks), schema) = if resources >= THREAD_FROM_RESOURCES {
            std::thread::scope(|scope| {
                let schema = scope.spawn(schema_diagnostics);
                let rest = rest();
                // A panic in the checks is a bug; it goes on as the caller's panic.
                let schema = schema
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (rest, schema)
            })
        } else {
            (rest(), schema_diagnostics())
        };
        Self {
            graph,
            containment,
            checks,
            schema,
            flow,
        }
    }

    /// Every error and warning about the template as it is now: the checks of its tree,
    /// those of the resource schemas, then those of its references.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.checks
            .iter()
            .chain(&self.schema)
            .chain(&self.graph.diagnostics)
    }
}
