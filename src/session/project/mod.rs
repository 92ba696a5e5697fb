//! Editing a project through its overview: each gesture on the drawing of every stack goes
//! to the template that declares what it touches, one undo history spans the project, and
//! Save writes each changed file (atomically, with the minimal diff of a single template)
//! and nothing else.
//!
//! The overview's keys are `stack/LogicalId`; a command is told in those keys and applied to
//! the member in its own logical IDs. What cannot be told of one member yet (moving boxes,
//! adding from the palette, connecting across stacks) is refused with the reason.

mod connect;

use std::path::PathBuf;

use super::{Command, DocId, Outcome, Prepared, Session, SessionError};
use crate::cfn::{Node, Value};
use crate::edit::Edit;
use crate::project::{Member, Project, ProjectFile, SEPARATOR};
use crate::view::ViewFilters;

/// The members of a project open as documents, with one undo history.
#[derive(Clone, Debug)]
pub struct ProjectDocs {
    /// The project's folder.
    pub root: PathBuf,
    /// The user's choices, as read.
    pub file: ProjectFile,
    session: Session,
    /// Per member: its path in the project and its document.
    members: Vec<(String, DocId)>,
    /// Each step: its label and the members it changed.
    undo: Vec<(String, Vec<usize>)>,
    redo: Vec<(String, Vec<usize>)>,
}

/// Why a gesture on the overview is not made.
fn refused(what: &str) -> SessionError {
    SessionError::Refused(format!(
        "{what} is not done on the project's overview yet: open the stack from the Stacks panel to do it there"
    ))
}

impl ProjectDocs {
    /// Opens every member of `project` from its file.
    pub fn open(project: &Project, filters: &ViewFilters) -> Result<Self, SessionError> {
        let mut session = Session::new(filters.clone());
        let mut members = Vec::new();
        for m in &project.members {
            let prepared = Prepared::from_file(&project.root.join(&m.path), filters)?;
            members.push((m.path.clone(), session.add(prepared)));
        }
        Ok(Self {
            root: project.root.clone(),
            file: project.file.clone(),
            session,
            members,
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    /// The project as its documents are now.
    pub fn project(&self) -> Project {
        let members = self
            .members
            .iter()
            .filter_map(|(path, id)| {
                let doc = self.session.document(*id)?;
                Some(Member {
                    path: path.clone(),
                    template: doc.document().template.clone(),
                    diagnostics: doc
                        .opened
                        .import_diagnostics
                        .iter()
                        .chain(&doc.diagram.derived.checks)
                        .cloned()
                        .collect(),
                })
            })
            .collect();
        Project {
            root: self.root.clone(),
            members,
            file: self.file.clone(),
            read_errors: Vec::new(),
        }
    }

    /// The paths of the members with changes not saved yet.
    pub fn unsaved(&self) -> Vec<&str> {
        self.members
            .iter()
            .filter(|(_, id)| {
                self.session
                    .document(*id)
                    .is_some_and(super::OpenDoc::is_dirty)
            })
            .map(|(path, _)| path.as_str())
            .collect()
    }

    /// Whether there is a step to undo, or with `false` to redo.
    pub fn can_step(&self, undo: bool) -> bool {
        if undo {
            !self.undo.is_empty()
        } else {
            !self.redo.is_empty()
        }
    }

    /// The label of the step Undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(l, _)| l.as_str())
    }

    /// The label of the step Redo would make again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(l, _)| l.as_str())
    }

    /// Replaces the user's choices, as written to the project file.
    pub fn set_file(&mut self, file: ProjectFile) {
        self.file = file;
    }

    /// Runs a command told in the overview's keys; `names` are the stacks' names by member.
    pub fn apply(&mut self, command: Command, names: &[String]) -> Result<Outcome, SessionError> {
        match command {
            Command::Edit { label, edits } => {
                let mut by_member: Vec<(usize, Vec<Edit>)> = Vec::new();
                for edit in edits {
                    let (m, edit) = localize(edit, names)?;
                    match by_member.iter_mut().find(|(x, _)| *x == m) {
                        Some((_, list)) => list.push(edit),
                        None => by_member.push((m, vec![edit])),
                    }
                }
                self.step(&label, by_member)
            }
            Command::Rename { from, to } => {
                let edit = Edit::RenameResource {
                    from: from.into_string(),
                    to: to.to_string(),
                };
                let label = edit.label();
                let (m, edit) = localize(edit, names)?;
                self.step(&label, vec![(m, vec![edit])])
            }
            Command::Delete {
                ids,
                remove_references,
            } => {
                let (label, edits) = Command::delete_edits(ids, remove_references);
                self.apply(Command::Edit { label, edits }, names)
            }
            Command::Undo => self.step_history(true),
            Command::Redo => self.step_history(false),
            Command::Save(None) => self.save_all(),
            Command::Save(Some(_)) => Err(refused("Save as")),
            Command::BeginMove { .. } | Command::EndMove(_) => Err(refused("Moving boxes")),
            Command::AddPaletteItem { .. } | Command::AddType(_) => {
                Err(refused("Adding a resource"))
            }
            Command::Connect { from, to } => self.connect(from.as_str(), to.as_str(), names),
            Command::ToggleCollapse(_) => Err(refused("Collapsing")),
            Command::Paste => Err(refused("Pasting")),
            other => self.session.apply(other),
        }
    }

    /// Says which member a nested stack of `parent` runs, when its `TemplateURL` cannot be
    /// resolved: `child` (a member's path) is kept, relative to the parent, in the parent's
    /// `Metadata.StackCanvas.Children`, as one undoable step.
    pub fn pick_child(
        &mut self,
        parent: usize,
        logical_id: &str,
        child: &str,
    ) -> Result<Outcome, SessionError> {
        let parent_path = &self.members[parent].0;
        if !self.members.iter().any(|(p, _)| p == child) {
            return Err(SessionError::Refused(format!(
                "{child} is not a template of the project"
            )));
        }
        let relative = relative_path(parent_path, child);
        let template = &self.project().members[parent].template;
        let mut stack_canvas = template
            .root()
            .get("Metadata")
            .and_then(|m| m.get_path(&["StackCanvas"]))
            .and_then(Node::as_mapping)
            .cloned()
            .unwrap_or_default();
        let mut children = stack_canvas
            .get("Children")
            .and_then(Node::as_mapping)
            .cloned()
            .unwrap_or_default();
        children.insert(logical_id, Node::string(relative));
        stack_canvas.insert("Children", Node::new(Value::Mapping(children)));
        let edit = Edit::SetSectionEntry {
            section: "Metadata".into(),
            key: "StackCanvas".into(),
            value: Some(Node::new(Value::Mapping(stack_canvas))),
        };
        self.step(
            &format!("Pick the template of {logical_id}"),
            vec![(parent, vec![edit])],
        )
    }

    /// Applies each member's edits as one step of the project; if one member refuses, the
    /// members already changed are put back.
    fn step(
        &mut self,
        label: &str,
        by_member: Vec<(usize, Vec<Edit>)>,
    ) -> Result<Outcome, SessionError> {
        let mut done: Vec<usize> = Vec::new();
        for (m, edits) in by_member {
            let id = self.members[m].1;
            let command = Command::Edit {
                label: label.to_owned(),
                edits,
            };
            if let Err(e) = self.session.apply_on(id, command) {
                for &m in done.iter().rev() {
                    self.session.apply_on(self.members[m].1, Command::Undo).ok();
                }
                return Err(e);
            }
            done.push(m);
        }
        if done.is_empty() {
            return Ok(Outcome::default());
        }
        self.undo.push((label.to_owned(), done));
        self.redo.clear();
        Ok(Outcome::changed())
    }

    fn step_history(&mut self, undo: bool) -> Result<Outcome, SessionError> {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(step) = from.pop() else {
            return Ok(Outcome::default());
        };
        for &m in &step.1 {
            let command = if undo { Command::Undo } else { Command::Redo };
            self.session.apply_on(self.members[m].1, command)?;
        }
        to.push(step);
        Ok(Outcome::changed())
    }

    /// Saves each member with changes, and no other.
    fn save_all(&mut self) -> Result<Outcome, SessionError> {
        let mut outcome = Outcome::default();
        let dirty: Vec<DocId> = self
            .members
            .iter()
            .map(|(_, id)| *id)
            .filter(|id| {
                self.session
                    .document(*id)
                    .is_some_and(super::OpenDoc::is_dirty)
            })
            .collect();
        for id in dirty {
            let saved = self.session.apply_on(id, Command::Save(None))?;
            outcome.saved = saved.saved.or(outcome.saved);
        }
        Ok(outcome)
    }
}

/// `to` (a path in the project) relative to the folder of `from`.
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let dir = &from[..from.len() - 1];
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The member a key names, and the logical ID there.
fn member_of(key: &str, names: &[String]) -> Result<(usize, String), SessionError> {
    let (stack, id) = key.split_once(SEPARATOR).ok_or_else(|| {
        SessionError::Refused(format!("{key} is no resource of a stack of the project"))
    })?;
    let m = names.iter().position(|n| n == stack).ok_or_else(|| {
        SessionError::Refused(format!("there is no stack {stack} in the project"))
    })?;
    Ok((m, id.to_owned()))
}

/// An edit told in keys, told in the logical IDs of the one member it changes.
fn localize(edit: Edit, names: &[String]) -> Result<(usize, Edit), SessionError> {
    match edit {
        Edit::SetValue {
            logical_id,
            path,
            value,
        } => {
            let (m, id) = member_of(&logical_id, names)?;
            let value = value
                .map(|v| local_value(v, &names[m], names))
                .transpose()?;
            Ok((
                m,
                Edit::SetValue {
                    logical_id: id,
                    path,
                    value,
                },
            ))
        }
        Edit::DeleteResource {
            logical_id,
            remove_references,
        } => {
            let (m, id) = member_of(&logical_id, names)?;
            Ok((
                m,
                Edit::DeleteResource {
                    logical_id: id,
                    remove_references,
                },
            ))
        }
        Edit::RenameResource { from, to } => {
            let (m, id) = member_of(&from, names)?;
            let own = format!("{}{SEPARATOR}", names[m]);
            let to = to.strip_prefix(&own).unwrap_or(&to).to_owned();
            if to.contains(SEPARATOR) {
                return Err(SessionError::Refused(format!(
                    "{to}: a resource stays in its stack ({}) when renamed",
                    names[m]
                )));
            }
            Ok((m, Edit::RenameResource { from: id, to }))
        }
        Edit::AddResource { .. } => Err(refused("Adding a resource")),
        Edit::SetSectionEntry { section, .. } => Err(refused(&format!("Changing {section}"))),
        Edit::MoveBoxes(_) | Edit::MoveBy { .. } | Edit::Tidy => Err(refused("Moving boxes")),
        Edit::SetCollapsed(..) => Err(refused("Collapsing")),
    }
}

/// A value typed on the overview, its references to resources of `stack` told in that
/// stack's logical IDs. A reference to another stack is refused: it needs an export and an
/// import (or a parameter and an output), which are not made from here yet.
fn local_value(mut node: Node, stack: &str, names: &[String]) -> Result<Node, SessionError> {
    let own = format!("{stack}{SEPARATOR}");
    let mut other = None;
    strip_keys(&mut node, &own, names, &mut other);
    match other {
        Some(key) => Err(SessionError::Refused(format!(
            "{key} is in another stack: a reference across stacks needs an export and an import, not made from the overview yet"
        ))),
        None => Ok(node),
    }
}

fn strip_keys(node: &mut Node, own: &str, names: &[String], other: &mut Option<String>) {
    match &mut node.value {
        Value::Intrinsic(i) => strip_in_arg(&mut i.arg, own, names, other),
        _ => node.for_each_child_mut(|n| strip_keys(n, own, names, other)),
    }
}

/// Inside a function's argument every string that starts with a key (`Ref`, `GetAtt`) or
/// holds one after `${` (`Sub`) loses the stack.
fn strip_in_arg(node: &mut Node, own: &str, names: &[String], other: &mut Option<String>) {
    match &mut node.value {
        Value::String(s) => {
            let sub_own = format!("${{{own}");
            if let Some(rest) = s.strip_prefix(own) {
                *s = rest.to_owned();
            }
            if s.contains(&sub_own) {
                *s = s.replace(&sub_own, "${");
            }
            for n in names {
                let key = format!("{n}{SEPARATOR}");
                let at = if s.starts_with(&key) {
                    Some(0)
                } else {
                    s.find(&format!("${{{key}")).map(|i| i + 2)
                };
                if let Some(at) = at {
                    let id: String = s[at + key.len()..]
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect();
                    *other = Some(format!("{key}{id}"));
                }
            }
        }
        _ => node.for_each_child_mut(|n| strip_in_arg(n, own, names, other)),
    }
}
