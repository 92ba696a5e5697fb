//! Gestures of the canvas as session commands: moving boxes (into a VPC or subnet, or refused),
//! palette drops, copy and paste, and the preview of what a drop would do.

use emath::{Pos2, Rect, Vec2, vec2};

use super::{Drag, Outcome, Session, SessionError};
use crate::cfn::{LogicalId, Mapping, Node, Value};
use crate::edit::{
    DropTarget, Edit, PaletteItemId, can_reparent, create_edits, describe_connection,
    rename_references, reparent_edit, type_edits, unique_logical_id,
};
use crate::layout::{BoxId, BoxIndex, BoxKind, DiagramLayout};
use crate::model::placement_rule;

/// What a drop at the pointer would do, shown while something is dragged.
#[derive(Clone, Debug, PartialEq)]
pub struct DropPreview {
    /// The container (or node) the drop would land on, in canvas coordinates.
    pub rect: Rect,
    /// Whether the drop is allowed.
    pub ok: bool,
    /// What it would do, or why it is refused.
    pub text: String,
}

/// What dropping the dragged boxes somewhere does.
enum DropOutcome {
    /// They move, and stay in their containers.
    Move,
    /// One moves into another VPC or subnet: an edit of its properties.
    Into(String, Edit),
    /// Refused, with the reason.
    Refused(String),
}

impl Session {
    pub(super) fn begin_move(&mut self, ids: Vec<LogicalId>, start: Vec<(String, Pos2)>) {
        let Some(doc) = self.active_mut() else {
            return;
        };
        let before = doc.opened.document.clone();
        doc.history.begin("Move", before);
        let drag = Drag {
            doc: doc.id,
            ids,
            start,
            base: doc.diagram.layout.clone(),
        };
        self.drag = Some(drag);
    }

    /// Moves the dragged boxes to `delta` from where they started. While dragging, the boxes
    /// move over the layout as it was when the drag started; containers are laid out anew (and
    /// grow to fit) only when the drop lands.
    pub(super) fn move_to(&mut self, delta: Vec2) -> Outcome {
        let Some(drag) = self.drag.clone() else {
            return Outcome::default();
        };
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == drag.doc) else {
            return Outcome::default();
        };
        let edit = Edit::MoveBy {
            from: drag.start.clone(),
            delta,
        };
        if doc.opened.document.apply(edit).is_err() {
            return Outcome::default();
        }
        doc.dirty = true;
        let mut moved = drag.base.clone();
        let dragged: Vec<BoxIndex> = drag
            .ids
            .iter()
            .filter_map(|id| moved.index_of(&BoxId::Resource(id.to_string())))
            .collect();
        let inside: Vec<bool> = moved
            .indexed()
            .map(|(i, _)| dragged.iter().any(|&d| d == i || moved.is_ancestor(d, i)))
            .collect();
        for (b, &inside) in moved.boxes.iter_mut().zip(&inside) {
            if inside {
                b.rect = b.rect.translate(delta);
            }
        }
        // Edges of the dragged boxes are routed again on the drop.
        let inside_box = |i: BoxIndex| inside.get(i.get()).copied().unwrap_or(false);
        moved
            .edges
            .retain(|e| !inside_box(e.from) && !inside_box(e.to));
        doc.diagram.show_layout(
            moved,
            &doc.opened.document,
            &self.filters,
            &mut self.rebuilds,
        );
        Outcome::changed()
    }

    pub(super) fn end_move(&mut self, at: Pos2) -> Result<Outcome, SessionError> {
        let outcome = self.drop_outcome(at);
        let Some(drag) = self.drag.take() else {
            return Ok(Outcome::default());
        };
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == drag.doc) else {
            return Ok(Outcome::default());
        };
        let mut result = Ok(Outcome::changed());
        match outcome {
            DropOutcome::Move => doc.history.commit(&doc.opened.document),
            DropOutcome::Into(label, edit) => {
                if let Err(source) = doc.opened.document.apply(edit) {
                    result = Err(SessionError::Edit { label, source });
                }
                doc.history.commit(&doc.opened.document);
            }
            DropOutcome::Refused(reason) => {
                if let Some(previous) = doc.history.abort() {
                    doc.opened.document = previous;
                }
                result = Err(SessionError::Refused(reason));
            }
        }
        self.document_changed();
        result
    }

    /// Escape during a drag: puts everything back.
    pub(super) fn cancel_move(&mut self) -> Outcome {
        let Some(drag) = self.drag.take() else {
            return Outcome::default();
        };
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == drag.doc) else {
            return Outcome::default();
        };
        if let Some(previous) = doc.history.abort() {
            doc.opened.document = previous;
            self.document_changed();
            return Outcome::changed();
        }
        Outcome::default()
    }

    /// The layout drops are judged against: the one the drag started from, else the current.
    fn drop_layout(&self) -> Option<&DiagramLayout> {
        match &self.drag {
            Some(drag) => Some(&drag.base),
            None => self.active().map(|d| &d.diagram.layout),
        }
    }

    /// The innermost container under `at`, other than the dragged boxes and what is inside them.
    fn container_at(&self, at: Pos2, dragged: &[LogicalId]) -> Option<(BoxId, Rect)> {
        let layout = self.drop_layout()?;
        let dragged_boxes: Vec<BoxIndex> = dragged
            .iter()
            .filter_map(|id| layout.index_of(&BoxId::Resource(id.to_string())))
            .collect();
        layout
            .indexed()
            .rev()
            .filter(|(_, b)| b.kind.is_container() && !b.collapsed && b.rect.contains(at))
            .find(|(i, _)| {
                !dragged_boxes
                    .iter()
                    .any(|&d| d == *i || layout.is_ancestor(d, *i))
            })
            .map(|(_, b)| (b.id.clone(), b.rect))
    }

    /// What dropping the dragged boxes at `at` does.
    fn drop_outcome(&self, at: Pos2) -> DropOutcome {
        let (Some(doc), Some(drag)) = (self.active(), self.drag.as_ref()) else {
            return DropOutcome::Move;
        };
        let document = doc.document();
        let containment = &doc.diagram.derived.containment;
        let target = self.container_at(at, &drag.ids);
        for id in &drag.ids {
            let current = containment.parent(id);
            let placed =
                placement_rule(document.template.resource(id).map_or("", |r| r.type_name()))
                    .is_some();
            match &target {
                Some((BoxId::Resource(container), _)) if Some(container.as_str()) != current => {
                    let is_vpc_or_subnet = document.template.resource(container).is_some_and(|r| {
                        matches!(r.type_name(), "AWS::EC2::VPC" | "AWS::EC2::Subnet")
                    });
                    if !is_vpc_or_subnet {
                        continue;
                    }
                    if drag.ids.len() == 1 && can_reparent(document, id, container) {
                        return match reparent_edit(document, id, container, current) {
                            Some(edit) => {
                                DropOutcome::Into(format!("Move {id} into {container}"), edit)
                            }
                            None => {
                                DropOutcome::Refused(format!("{id} cannot move into {container}"))
                            }
                        };
                    }
                    // A VPC under a subnet's own VPC is where the subnet already is.
                    if current.is_some_and(|c| containment.vpc_of(c) == Some(container.as_str())) {
                        continue;
                    }
                    let short = document
                        .template
                        .resource(id)
                        .map_or("", |r| r.short_type());
                    return DropOutcome::Refused(format!(
                        "{short} {id} cannot go into {container}"
                    ));
                }
                None if current.is_some() && placed => {
                    return DropOutcome::Refused(format!(
                        "{id} must stay inside a {}",
                        if containment.vpc_of(id) == current {
                            "VPC"
                        } else {
                            "subnet"
                        }
                    ));
                }
                _ => {}
            }
        }
        DropOutcome::Move
    }

    /// The VPC and subnet at a canvas point.
    fn drop_target_at(&self, at: Pos2) -> DropTarget {
        let mut target = DropTarget::default();
        let Some(doc) = self.active() else {
            return target;
        };
        for b in doc
            .diagram
            .layout
            .boxes
            .iter()
            .filter(|b| b.rect.contains(at) && !b.collapsed)
        {
            match (b.kind, &b.id) {
                (BoxKind::Vpc, BoxId::Resource(id)) => target.vpc = Some(id.clone()),
                (BoxKind::Subnet, BoxId::Resource(id)) => target.subnet = Some(id.clone()),
                _ => {}
            }
        }
        target
    }

    pub(super) fn add_palette_item(
        &mut self,
        item: PaletteItemId,
        at: Pos2,
    ) -> Result<Outcome, SessionError> {
        let target = self.drop_target_at(at);
        let doc = self.active().ok_or(SessionError::NoDocument)?;
        let (mut edits, id) = match item {
            PaletteItemId::Curated(_) => {
                let Some(item) = item.item() else {
                    return Ok(Outcome::default());
                };
                create_edits(doc.document(), item, &target)
            }
            PaletteItemId::Type(type_name) => type_edits(doc.document(), type_name, &target),
        };
        edits.push(Edit::MoveBoxes(vec![(
            id.clone(),
            at - vec2(crate::layout::NODE_SIZE.x / 2.0, 20.0),
        )]));
        let mut outcome = self.edit(&format!("Add {id}"), edits)?;
        outcome.select = Some(vec![LogicalId::from(id)]);
        Ok(outcome)
    }

    pub(super) fn copy(&mut self, ids: &[LogicalId]) {
        let Some(doc) = self.active() else {
            return;
        };
        let copies = ids
            .iter()
            .filter_map(|id| {
                doc.document()
                    .template
                    .resource(id)
                    .map(|r| (id.clone(), r.node.clone()))
            })
            .collect();
        self.clipboard = copies;
    }

    /// Pastes the clipboard: new logical IDs, and references inside the pasted set point to the
    /// copies.
    pub(super) fn paste(&mut self) -> Result<Outcome, SessionError> {
        let doc = self.active().ok_or(SessionError::NoDocument)?;
        if self.clipboard.is_empty() {
            return Ok(Outcome::default());
        }
        let mut scratch = doc.document().clone();
        let mut renames = Vec::new();
        for (id, _) in &self.clipboard {
            let new_id = unique_logical_id(&scratch, id);
            // Reserve the ID so the next copy gets another.
            scratch
                .template
                .root_mut()
                .get_mut("Resources")
                .and_then(Node::as_mapping_mut)
                .map(|m| m.insert(new_id.clone(), Node::default()));
            renames.push((id.to_string(), new_id));
        }
        let mut copies = Mapping::new();
        for ((_, body), (_, new_id)) in self.clipboard.iter().zip(&renames) {
            copies.insert(new_id.clone(), body.clone());
        }
        let mut root = Mapping::new();
        root.insert("Resources", Node::new(Value::Mapping(copies)));
        for (old, new) in &renames {
            rename_references(&mut root, old, new);
        }
        let Some(Value::Mapping(copies)) = root.remove("Resources").map(|n| n.value) else {
            return Ok(Outcome::default());
        };
        let mut edits: Vec<Edit> = copies
            .iter()
            .map(|(id, body)| Edit::AddResource {
                logical_id: id.to_owned(),
                body: body.clone(),
            })
            .collect();
        let offset = vec2(40.0, 40.0);
        let moves: Vec<(String, Pos2)> = renames
            .iter()
            .filter_map(|(old, new)| {
                doc.diagram
                    .scene
                    .rect_of(old)
                    .map(|r| (new.clone(), r.min + offset))
            })
            .collect();
        edits.push(Edit::MoveBoxes(moves));
        let mut outcome = self.edit("Paste", edits)?;
        outcome.select = Some(
            renames
                .into_iter()
                .map(|(_, n)| LogicalId::from(n))
                .collect(),
        );
        Ok(outcome)
    }
}

/// See [`Session::drop_preview`].
pub(super) fn drop_preview(
    session: &Session,
    at: Pos2,
    connect_from: Option<&str>,
) -> Option<DropPreview> {
    if let Some(drag) = &session.drag {
        let rect = session.container_at(at, &drag.ids).map(|(_, r)| r)?;
        return match session.drop_outcome(at) {
            DropOutcome::Into(label, _) => Some(DropPreview {
                rect,
                ok: true,
                text: label,
            }),
            DropOutcome::Refused(reason) => Some(DropPreview {
                rect,
                ok: false,
                text: reason,
            }),
            DropOutcome::Move => None,
        };
    }
    let from = connect_from?;
    let doc = session.active()?;
    let target = doc
        .diagram
        .scene
        .nodes
        .iter()
        .rev()
        .find(|n| n.rect.contains(at))?;
    (target.logical_id != from).then(|| DropPreview {
        rect: target.rect,
        ok: true,
        text: describe_connection(doc.document(), from, &target.logical_id),
    })
}
