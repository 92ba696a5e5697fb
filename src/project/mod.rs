//! Projects: the templates of one system, read from a folder and drawn as one architecture.
//!
//! A project is the templates under a folder (its *members*). [`resolve`] finds how they are
//! joined: nested stacks (`AWS::CloudFormation::Stack`, `AWS::Serverless::Application`) to the
//! member their `TemplateURL` names, the parameters a parent passes, and each
//! `Fn::ImportValue` to the `Export` of the same name, its `!Sub` worked out with stack names.
//! [`combine`] turns the joined members into one template whose resources are keyed
//! `stack/LogicalId`, with every reference across stacks made a plain `Ref` or `GetAtt`, so
//! that the graph, containment, flow and layout of one template draw the whole system.
//!
//! The user's choices (a stack's name, which stack a stack-name parameter means) are kept in
//! [`PROJECT_FILE`] beside the templates, never in a template; a nested stack's child picked
//! by hand is kept in the parent's `Metadata.StackCanvas.Children`, since it is part of that
//! template's meaning. Nothing here uses egui.

mod checks;
mod combine;
mod resolve;
mod text;
mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use combine::{Combined, Wire, combine};
pub use resolve::{
    Binding, BindingSource, Child, ChildTarget, Export, Import, ImportTarget, Resolved, resolve,
};
pub use text::{Piece, Scope, Text};
pub use view::{ProjectView, stack_info};

use crate::cfn::{Diagnostic, Template, import};

/// The project file's name, in the project's folder.
pub const PROJECT_FILE: &str = "stackcanvas-project.json";

/// The separator between a stack's name and a logical ID in the combined template's keys.
pub const SEPARATOR: char = '/';

/// The most templates a folder is read for, so that opening the wrong folder (a home
/// directory) stops rather than reads everything.
pub const MAX_MEMBERS: usize = 500;

/// One template of a project.
#[derive(Clone, Debug)]
pub struct Member {
    /// Its path relative to the project's folder, with `/` between folders.
    pub path: String,
    /// The template.
    pub template: Template,
    /// What reading it found (warnings, and errors CloudFormation would refuse).
    pub diagnostics: Vec<Diagnostic>,
}

/// What the user chose for one stack.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StackChoice {
    /// The stack's name, instead of its file's stem (or its nested-stack logical ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For each parameter that names another stack (`ParentVPCStack`), that stack's name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stack_parameters: BTreeMap<String, String>,
}

/// The project file: the user's choices, by member path.
///
/// ```json
/// {
///   "version": 1,
///   "stacks": {
///     "app.yaml": { "name": "web", "stackParameters": { "ParentNetworkStack": "network" } }
///   }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectFile {
    /// The format's version, 1.
    #[serde(default = "version_one")]
    pub version: u32,
    /// Choices by member path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stacks: BTreeMap<String, StackChoice>,
}

fn version_one() -> u32 {
    1
}

impl Default for ProjectFile {
    fn default() -> Self {
        ProjectFile {
            version: version_one(),
            stacks: BTreeMap::new(),
        }
    }
}

impl ProjectFile {
    /// The file's text: pretty JSON with a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads the file's text; an error names the line and column.
    pub fn from_text(text: &str, file: &str) -> Result<Self, Diagnostic> {
        let parsed: Self = serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(
                file,
                Some(crate::cfn::Pos {
                    line: e.line(),
                    column: e.column(),
                    ..Default::default()
                }),
                format!("the project file is not valid: {e}"),
            )
        })?;
        if parsed.version != 1 {
            return Err(Diagnostic::error(
                file,
                None,
                format!(
                    "the project file is version {}; this Stack Canvas reads version 1",
                    parsed.version
                ),
            ));
        }
        Ok(parsed)
    }
}

/// A project read from a folder.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// The folder.
    pub root: PathBuf,
    /// Its templates, by path.
    pub members: Vec<Member>,
    /// The user's choices.
    pub file: ProjectFile,
    /// What could not be read: a template that does not parse, a bad project file.
    pub read_errors: Vec<Diagnostic>,
}

/// Folders never searched for templates: tools' output and dependencies.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "cdk.out",
    ".aws-sam",
    "__pycache__",
];

/// Whether a file's name says it may be a template.
fn may_be_template(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".yaml", ".yml", ".json", ".template"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && name != PROJECT_FILE
}

/// Whether text reads as a CloudFormation template rather than another YAML or JSON file (a
/// workflow, a `package.json`): it names a format version or a `Resources` section at the top.
fn looks_like_template(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("AWSTemplateFormatVersion")
        || text.lines().any(|l| l.starts_with("Resources:"))
        || text.contains("\"Resources\"")
}

impl Project {
    /// Reads every template under `root` (not in hidden or tool folders) and the project file.
    /// A file that looks like a template but does not read is in `read_errors` with its line
    /// and column; other YAML and JSON files are passed over.
    pub fn load(root: &Path) -> std::io::Result<Self> {
        let mut paths = Vec::new();
        collect_files(root, root, &mut paths)?;
        paths.sort();
        let mut project = Project {
            root: root.to_path_buf(),
            ..Project::default()
        };
        for rel in paths {
            if project.members.len() >= MAX_MEMBERS {
                project.read_errors.push(Diagnostic::warning(
                    &rel,
                    None,
                    format!(
                        "the folder holds more than {MAX_MEMBERS} templates; the rest are not read"
                    ),
                ));
                break;
            }
            let full = root.join(&rel);
            let bytes = match crate::session::read_template_file(&full) {
                Ok(b) => b,
                Err(e) => {
                    project
                        .read_errors
                        .push(Diagnostic::error(&rel, None, e.to_string()));
                    continue;
                }
            };
            if !looks_like_template(&bytes) {
                continue;
            }
            match import(&bytes, &rel, None) {
                Ok(imported) => project.members.push(Member {
                    path: rel,
                    template: imported.template,
                    diagnostics: imported.diagnostics,
                }),
                Err(e) => project.read_errors.push(e.diagnostic().clone()),
            }
        }
        let file = root.join(PROJECT_FILE);
        if let Ok(text) = std::fs::read_to_string(&file) {
            match ProjectFile::from_text(&text, PROJECT_FILE) {
                Ok(f) => project.file = f,
                Err(d) => project.read_errors.push(d),
            }
        }
        Ok(project)
    }

    /// Opens what the user named: a folder is the project of every template in it; a
    /// template is the project of it and the nested stacks it runs, found in its folder, and
    /// its path is then the second value.
    pub fn open(path: &Path) -> std::io::Result<(Self, Option<String>)> {
        if path.is_dir() {
            return Ok((Self::load(path)?, None));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut project = Self::load(dir)?;
        let Some(root) = project.members.iter().position(|m| m.path == name) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is not a template Stack Canvas can read", path.display()),
            ));
        };
        project.keep_tree(root);
        Ok((project, Some(name)))
    }

    /// Keeps only `root` and the nested stacks under it, at any depth.
    pub fn keep_tree(&mut self, root: usize) {
        let r = resolve(&self.members, &self.file);
        let mut keep = vec![false; self.members.len()];
        let mut stack = vec![root];
        while let Some(m) = stack.pop() {
            if std::mem::replace(&mut keep[m], true) {
                continue;
            }
            for c in r.children.iter().filter(|c| c.parent == m) {
                if let ChildTarget::Member(child) = c.target {
                    stack.push(child);
                }
            }
        }
        let kept: Vec<&str> = self
            .members
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(m, _)| m.path.as_str())
            .collect();
        let kept: std::collections::HashSet<String> = kept.into_iter().map(str::to_owned).collect();
        self.members.retain(|m| kept.contains(&m.path));
        self.read_errors
            .retain(|d| kept.contains(&d.file) || d.file == PROJECT_FILE);
    }

    /// Whether a template runs nested stacks, so that opening it means opening a project.
    pub fn runs_nested_stacks(template: &Template) -> bool {
        template.resources().any(|r| {
            matches!(
                r.type_name(),
                "AWS::CloudFormation::Stack" | "AWS::Serverless::Application"
            )
        })
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_ref()) && out.len() < MAX_MEMBERS * 4 {
                collect_files(root, &path, out)?;
            }
        } else if may_be_template(&path) {
            if let Ok(rel) = path.strip_prefix(root) {
                let rel: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    Ok(())
}

/// A stack's name from its file: the stem, with anything but letters, digits, `-` and `_`
/// made `-` (a name is part of the keys `stack/LogicalId`, and `.` would split a `GetAtt`).
pub fn stack_name_of_path(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = [
        ".template.yaml",
        ".template.yml",
        ".template.json",
        ".yaml",
        ".yml",
        ".json",
        ".template",
    ]
    .iter()
    .find_map(|ext| file.strip_suffix(ext))
    .unwrap_or(file);
    sanitize_name(stem)
}

/// A name made safe to stand before [`SEPARATOR`] in a key.
pub fn sanitize_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "stack".into() } else { s }
}

#[cfg(test)]
mod tests;
