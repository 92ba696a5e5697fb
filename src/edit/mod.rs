//! Edits of the document, as values, and the undo history.
//!
//! UI code never changes a [`Document`] directly: it makes an [`Edit`] and the app applies it
//! with [`Document::apply`], the only way a document changes. Undo keeps whole-document
//! snapshots in a [`History`] (see `history.rs`).

mod complete;
mod connect;
mod history;
mod palette;
mod palette_search;
mod parameterize;
mod references;
mod schema_refs;
mod schema_values;

use emath::{Pos2, Vec2};

pub use complete::{Completion, complete_reference, is_unfinished_reference};
pub use connect::{
    CONNECT_RULES, ConnectRule, can_reparent, connect_edits, connect_rule, describe_connection,
    reparent_edit,
};
pub use history::History;
pub use palette::{
    CuratedIndex, DropTarget, PALETTE, PaletteItem, PaletteItemId, any_type_edits, create_edits,
    curated_matches, get_att, r#ref, schema_matches, sub, type_edits,
};
pub use parameterize::parameterize;
pub use references::{
    LINK_TYPES, dependent_links, references_to, remove_references, rename_references,
};
pub use schema_values::{
    ReferenceOffer, initial_value, reference_offers, required_names, required_properties,
};

use crate::cfn::{FOR_EACH_PREFIX, Mapping, Node, Value, node_at_mut};
use crate::model::{Document, SavedBox};

/// The top-level sections in the order templates conventionally write them.
const SECTION_ORDER: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Transform",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Globals",
    "Resources",
    "Outputs",
];

/// One change to a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Puts boxes (by layout key) at new top-left positions.
    MoveBoxes(Vec<(String, Pos2)>),
    /// Moves boxes (by layout key) by a distance; each box gets its current position from
    /// `from`, since the document does not know automatic positions.
    MoveBy {
        /// Layout keys and the positions the boxes are drawn at now.
        from: Vec<(String, Pos2)>,
        /// How far to move.
        delta: Vec2,
    },
    /// Collapses or expands a container.
    SetCollapsed(String, bool),
    /// Forgets every saved position and size, so that the automatic layout places
    /// everything again; collapsed containers stay collapsed.
    Tidy,
    /// Sets (or with `None` removes) a value at a path inside a resource, e.g.
    /// `["Properties", "SubnetId"]`. Missing mappings on the way are created.
    SetValue {
        /// The resource.
        logical_id: String,
        /// Keys from the resource's mapping down.
        path: Vec<String>,
        /// The new value.
        value: Option<Node>,
    },
    /// Sets (or with `None` removes) an entry of a top-level section such as `Parameters`,
    /// `Outputs`, `Conditions` or `Mappings`; the section is created if needed.
    SetSectionEntry {
        /// The section.
        section: String,
        /// The entry's name.
        key: String,
        /// The new value.
        value: Option<Node>,
    },
    /// Adds a resource at the end of `Resources`.
    AddResource {
        /// Its logical ID, which must be new.
        logical_id: String,
        /// The resource mapping (`Type`, `Properties`...).
        body: Node,
    },
    /// Deletes a resource; references to it are removed too or left dangling.
    DeleteResource {
        /// The resource.
        logical_id: String,
        /// Whether to remove the properties, list items, `DependsOn` entries and outputs that
        /// refer to it.
        remove_references: bool,
    },
    /// Renames a resource; every reference and layout entry follows.
    RenameResource {
        /// The current logical ID.
        from: String,
        /// The new one.
        to: String,
    },
}

impl Edit {
    /// A short description for the Edit menu: "Undo Rename Queue".
    pub fn label(&self) -> String {
        match self {
            Edit::MoveBoxes(_) | Edit::MoveBy { .. } => "Move".to_owned(),
            Edit::SetCollapsed(key, true) => format!("Collapse {key}"),
            Edit::SetCollapsed(key, false) => format!("Expand {key}"),
            Edit::Tidy => "Tidy".to_owned(),
            Edit::SetValue {
                logical_id, path, ..
            } => format!("Edit {logical_id}.{}", path.join(".")),
            Edit::SetSectionEntry { section, key, .. } => format!("Edit {section}.{key}"),
            Edit::AddResource { logical_id, .. } => format!("Add {logical_id}"),
            Edit::DeleteResource { logical_id, .. } => format!("Delete {logical_id}"),
            Edit::RenameResource { from, to } => format!("Rename {from} to {to}"),
        }
    }
}

/// Why an edit could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The resource does not exist.
    #[error("there is no resource {0}")]
    NoSuchResource(String),
    /// The logical ID is taken.
    #[error("{0} is already used by another resource, parameter or output")]
    IdTaken(String),
    /// The logical ID is not alphanumeric.
    #[error("{0:?} is not a valid logical ID: use letters A-Z, a-z and digits only")]
    InvalidId(String),
    /// The template has no `Resources` mapping to change.
    #[error("the template's Resources section is not a mapping")]
    NoResources,
    /// A path runs through something that is not a mapping.
    #[error("{0} is not a mapping, so nothing can be set inside it")]
    NotAMapping(String),
    /// The resource is made by a `Fn::ForEach` loop: it can be edited through the loop's
    /// body, not deleted or renamed on its own.
    #[error("{0} is made by the loop {1}; change the loop to remove or rename it")]
    MadeByLoop(String, String),
}

/// Whether `id` is a valid logical ID: non-empty, ASCII letters and digits, at most 255.
pub fn is_valid_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A logical ID based on `base` that nothing in the template uses yet: `Queue`, `Queue2`...
pub fn unique_logical_id(doc: &Document, base: &str) -> String {
    let base: String = base.chars().filter(char::is_ascii_alphanumeric).collect();
    let base = if base.is_empty() {
        "Resource".to_owned()
    } else {
        base
    };
    if !is_taken(doc, &base) {
        return base;
    }
    (2..=u32::MAX)
        .map(|n| format!("{base}{n}"))
        .find(|id| !is_taken(doc, id))
        .unwrap_or(base)
}

fn is_taken(doc: &Document, id: &str) -> bool {
    let t = &doc.template;
    [
        "Resources",
        "Parameters",
        "Outputs",
        "Conditions",
        "Mappings",
    ]
    .iter()
    .any(|s| t.section_mapping(s).is_some_and(|m| m.contains_key(id)))
        || t.loops().generated(id).is_some()
}

impl Document {
    /// Applies an edit. On error the document is unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::Tidy => {
                self.layout.boxes.retain(|_, b| {
                    b.pos = None;
                    b.size = None;
                    b.collapsed
                });
            }
            Edit::MoveBoxes(moves) => {
                for (key, pos) in moves {
                    self.layout.boxes.entry(key).or_default().pos = Some(pos.round());
                }
            }
            Edit::MoveBy { from, delta } => {
                for (key, pos) in from {
                    self.layout.boxes.entry(key).or_default().pos = Some((pos + delta).round());
                }
            }
            Edit::SetCollapsed(key, collapsed) => {
                let entry = self.layout.boxes.entry(key.clone()).or_default();
                entry.collapsed = collapsed;
                if *entry == SavedBox::default() {
                    self.layout.boxes.remove(&key);
                }
            }
            Edit::SetValue {
                logical_id,
                path,
                value,
            } => self.set_value(&logical_id, &path, value)?,
            Edit::SetSectionEntry {
                section,
                key,
                value,
            } => {
                let root = self.template.root_mut();
                if !root.contains_key(&section) {
                    if value.is_none() {
                        return Ok(());
                    }
                    // A new section goes where templates conventionally have it: Parameters
                    // before Resources, Outputs after.
                    let rank = |k: &str| SECTION_ORDER.iter().position(|s| *s == k);
                    let at = rank(&section).and_then(|mine| {
                        root.keys()
                            .position(|k| rank(k).is_some_and(|theirs| theirs > mine))
                    });
                    let empty = Node::new(Value::Mapping(Mapping::new()));
                    match at {
                        Some(i) => root.insert_at(i, section.clone(), empty),
                        None => {
                            root.insert(section.clone(), empty);
                        }
                    }
                }
                let m = root
                    .get_mut(&section)
                    .and_then(Node::as_mapping_mut)
                    .ok_or(EditError::NotAMapping(section))?;
                match value {
                    Some(v) => {
                        m.insert(key, v);
                    }
                    None => {
                        m.remove(&key);
                    }
                }
            }
            Edit::AddResource { logical_id, body } => {
                if !is_valid_logical_id(&logical_id) {
                    return Err(EditError::InvalidId(logical_id));
                }
                if is_taken(self, &logical_id) {
                    return Err(EditError::IdTaken(logical_id));
                }
                self.resources_mut()?.insert(logical_id, body);
            }
            Edit::DeleteResource {
                logical_id,
                remove_references: remove_refs,
            } => {
                if self.template.resource(&logical_id).is_none() {
                    return Err(EditError::NoSuchResource(logical_id));
                }
                self.refuse_generated(&logical_id)?;
                self.resources_mut()?.remove(&logical_id);
                if remove_refs {
                    remove_references(self.template.root_mut(), &logical_id);
                }
                self.layout.boxes.remove(&logical_id);
            }
            Edit::RenameResource { from, to } => {
                if self.template.resource(&from).is_none() {
                    return Err(EditError::NoSuchResource(from));
                }
                self.refuse_generated(&from)?;
                if !is_valid_logical_id(&to) {
                    return Err(EditError::InvalidId(to));
                }
                if is_taken(self, &to) {
                    return Err(EditError::IdTaken(to));
                }
                self.resources_mut()?.rename_key(&from, &to);
                rename_references(self.template.root_mut(), &from, &to);
                if let Some(b) = self.layout.boxes.remove(&from) {
                    self.layout.boxes.insert(to, b);
                }
            }
        }
        Ok(())
    }

    fn resources_mut(&mut self) -> Result<&mut Mapping, EditError> {
        if self.template.section("Resources").is_none() {
            self.template
                .root_mut()
                .insert("Resources", Node::new(Value::Mapping(Mapping::new())));
        }
        self.template
            .resources_mapping_mut()
            .ok_or(EditError::NoResources)
    }

    fn refuse_generated(&self, logical_id: &str) -> Result<(), EditError> {
        // A loop never makes the ID of a plain resource (that is refused when expanding).
        match self.template.loops().family_of(logical_id) {
            Some(family) => Err(EditError::MadeByLoop(
                logical_id.to_owned(),
                format!("{FOR_EACH_PREFIX}{}", family.name),
            )),
            None => Ok(()),
        }
    }

    /// The mapping of a resource to edit: its entry in `Resources`, or for a resource made by
    /// a loop, the loop's body, so that the edit changes the loop once, for every copy.
    fn resource_node_mut(&mut self, logical_id: &str) -> Result<&mut Node, EditError> {
        let no_such = || EditError::NoSuchResource(logical_id.to_owned());
        let plain = self
            .template
            .section_mapping("Resources")
            .is_some_and(|m| m.contains_key(logical_id));
        if !plain
            && let Some(body_path) = self
                .template
                .loops()
                .generated(logical_id)
                .map(|g| g.body_path.clone())
        {
            return node_at_mut(self.template.root_mut(), &body_path).ok_or_else(no_such);
        }
        self.resources_mut()?
            .get_mut(logical_id)
            .ok_or_else(no_such)
    }

    fn set_value(
        &mut self,
        logical_id: &str,
        path: &[String],
        value: Option<Node>,
    ) -> Result<(), EditError> {
        let resource = self.resource_node_mut(logical_id)?;
        let Some((last, parents)) = path.split_last() else {
            return Ok(());
        };
        let mut node = resource;
        for (i, key) in parents.iter().enumerate() {
            let m = node
                .as_mapping_mut()
                .ok_or_else(|| EditError::NotAMapping(parents[..i].join(".")))?;
            if !m.contains_key(key) {
                if value.is_none() {
                    return Ok(());
                }
                m.insert(key.clone(), Node::new(Value::Mapping(Mapping::new())));
            }
            node = m
                .get_mut(key)
                .ok_or_else(|| EditError::NotAMapping(key.clone()))?;
        }
        let m = node
            .as_mapping_mut()
            .ok_or_else(|| EditError::NotAMapping(parents.join(".")))?;
        match value {
            Some(v) => {
                m.insert(last.clone(), v);
            }
            None => {
                m.remove(last);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    fn doc(text: &str) -> Document {
        Document::new(import_text(text, "t.yaml", None, false).unwrap().template)
    }

    #[test]
    fn unique_ids_count_up() {
        let d = doc(
            "Resources:\n  Queue: {Type: AWS::SQS::Queue}\n  Queue2: {Type: AWS::SQS::Queue}\n",
        );
        assert_eq!(unique_logical_id(&d, "Queue"), "Queue3");
        assert_eq!(unique_logical_id(&d, "Topic"), "Topic");
        assert_eq!(unique_logical_id(&d, "a-b c"), "abc");
    }

    #[test]
    fn set_value_creates_mappings_and_removes() {
        let mut d = doc("Resources:\n  I: {Type: AWS::EC2::Instance}\n");
        let path = vec!["Properties".to_owned(), "SubnetId".to_owned()];
        d.apply(Edit::SetValue {
            logical_id: "I".into(),
            path: path.clone(),
            value: Some(Node::string("subnet-1")),
        })
        .unwrap();
        assert_eq!(
            d.template
                .resource("I")
                .unwrap()
                .property(&["SubnetId"])
                .and_then(Node::as_str),
            Some("subnet-1")
        );
        d.apply(Edit::SetValue {
            logical_id: "I".into(),
            path,
            value: None,
        })
        .unwrap();
        assert!(
            d.template
                .resource("I")
                .unwrap()
                .property(&["SubnetId"])
                .is_none()
        );
    }

    #[test]
    fn invalid_edits_leave_the_document_alone() {
        let mut d = doc("Resources:\n  A: {Type: AWS::SNS::Topic}\n  B: {Type: AWS::SNS::Topic}\n");
        let before = d.clone();
        assert_eq!(
            d.apply(Edit::RenameResource {
                from: "A".into(),
                to: "B".into()
            }),
            Err(EditError::IdTaken("B".into()))
        );
        assert!(
            d.apply(Edit::RenameResource {
                from: "A".into(),
                to: "a-b".into()
            })
            .is_err()
        );
        assert!(
            d.apply(Edit::DeleteResource {
                logical_id: "Z".into(),
                remove_references: true
            })
            .is_err()
        );
        assert_eq!(d, before);
    }
}
