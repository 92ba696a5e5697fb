//! Editing from the app: applying edits with undo, canvas gestures (move, reparent, connect),
//! palette drops, delete and rename dialogs, copy and paste.

use egui::{Pos2, RichText, vec2};

use super::app::StackCanvasApp;
use super::property_editor::FieldResults;
use crate::canvas::{CanvasAction, DropHint};
use crate::cfn::{Mapping, Node, Value};
use crate::edit::{
    DropTarget, Edit, PALETTE, can_reparent, connect_edits, create_edits, describe_connection,
    rename_references, reparent_edit, unique_logical_id,
};
use crate::layout::{BoxId, BoxKind};
use crate::model::{Derived, Document};

/// A palette item being dragged onto the canvas (index into [`PALETTE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaletteDrag(pub usize);

/// An open dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// Confirm deleting resources; lists what refers to them.
    Delete(Vec<String>),
    /// Rename a resource: (current ID, text typed so far).
    Rename(String, String),
}

impl StackCanvasApp {
    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref().map(|d| &d.opened.document)
    }

    /// Applies edits as one undo step named `label`. On error nothing changes and the error is
    /// shown.
    pub fn apply_edits(&mut self, label: &str, edits: Vec<Edit>) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        let before = doc.opened.document.clone();
        let mut working = before.clone();
        for edit in edits {
            if let Err(e) = working.apply(edit) {
                self.error = Some(format!("{label}: {e}"));
                return false;
            }
        }
        if working == before {
            return true;
        }
        self.history.record(label, before);
        doc.opened.document = working;
        self.document_changed();
        true
    }

    /// Applies one edit as one undo step.
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        let label = edit.label();
        self.apply_edits(&label, vec![edit])
    }

    /// Applies what the inspector's and template panel's fields did this frame. A buffer whose
    /// field was not drawn (the selection changed while typing) can no longer lose its focus,
    /// so it is committed here: nothing typed is dropped without a word.
    pub(super) fn apply_field_results(&mut self, mut results: FieldResults) {
        if let Some(orphan) = self.edit_buffer.take_if(|b| !b.seen) {
            results.push(orphan.commit());
        }
        for edit in results.edits {
            self.apply_edit(edit);
        }
        if let Some(e) = results.errors.pop() {
            self.error = Some(e);
        }
        match results.undo {
            Some(true) => self.undo(),
            Some(false) => self.redo(),
            None => {}
        }
    }

    /// Rebuilds what is derived after the document changed, and the dirty flag.
    pub fn document_changed(&mut self) {
        if let Some(doc) = &mut self.doc {
            let template = &doc.opened.document.template;
            if !template.shares_tree_with(&doc.derived_from) {
                doc.derived = Derived::build(template, &doc.opened.name);
                doc.derived_from = template.clone();
                self.rebuilds.graph += 1;
            }
            doc.dirty = doc.opened.document != doc.saved;
            let template = &doc.opened.document.template;
            self.canvas
                .selection
                .retain(|id| template.resource(id).is_some());
        }
        self.relayout();
    }

    /// Undoes the last step.
    pub fn undo(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        if let Some(previous) = self.history.undo(doc.opened.document.clone()) {
            doc.opened.document = previous;
            self.document_changed();
        }
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        if let Some(next) = self.history.redo(doc.opened.document.clone()) {
            doc.opened.document = next;
            self.document_changed();
        }
    }

    /// Handles the gestures the canvas reported.
    pub(super) fn apply_canvas_actions(&mut self, actions: Vec<CanvasAction>) {
        for action in actions {
            match action {
                CanvasAction::ToggleCollapse(key) => {
                    let collapsed = self.document().is_some_and(|d| d.layout.is_collapsed(&key));
                    self.apply_edit(Edit::SetCollapsed(key, !collapsed));
                }
                CanvasAction::BeginMove => {
                    if let Some(doc) = self.document().cloned() {
                        self.history.begin("Move", doc);
                    }
                    // Drops land where the containers were when the drag started, not where
                    // they grow to while a child is dragged around.
                    self.drag_layout = self.doc.as_ref().map(|d| d.layout.clone());
                }
                CanvasAction::Move => self.drag_moved(),
                CanvasAction::EndMove(at) => self.end_move(at),
                CanvasAction::Connect(from, to) => {
                    if let Some(doc) = self.document() {
                        let edits = connect_edits(doc, &from, &to);
                        self.apply_edits(&format!("Connect {from} to {to}"), edits);
                    }
                }
            }
        }
        self.update_drop_hint();
    }

    fn drag_moved(&mut self) {
        let (Some(doc), Some(drag)) = (&mut self.doc, &self.canvas.drag) else {
            return;
        };
        let edit = Edit::MoveBy {
            from: drag.start.clone(),
            delta: drag.delta,
        };
        if doc.opened.document.apply(edit).is_err() {
            return;
        }
        doc.dirty = true;
        // While dragging, the boxes move over the layout as it was when the drag started;
        // containers are laid out anew (and grow to fit) only when the drop lands.
        if let Some(base) = &self.drag_layout {
            let mut moved = base.clone();
            let dragged: Vec<usize> = drag
                .ids
                .iter()
                .filter_map(|id| moved.index_of(&BoxId::Resource(id.clone())))
                .collect();
            let inside: Vec<bool> = (0..moved.boxes.len())
                .map(|i| dragged.iter().any(|&d| d == i || moved.is_ancestor(d, i)))
                .collect();
            for (b, &inside) in moved.boxes.iter_mut().zip(&inside) {
                if inside {
                    b.rect = b.rect.translate(drag.delta);
                }
            }
            // Edges of the dragged boxes are routed again on the drop.
            moved.edges.retain(|e| !inside[e.from] && !inside[e.to]);
            doc.layout = moved;
            self.rebuild_scene();
        } else {
            self.relayout();
        }
    }

    /// The innermost container under `at`, other than the dragged boxes and what is inside them.
    fn container_at(&self, at: Pos2, dragged: &[String]) -> Option<(BoxId, egui::Rect)> {
        let doc = self.doc.as_ref()?;
        let layout = self.drag_layout.as_ref().unwrap_or(&doc.layout);
        let dragged_boxes: Vec<usize> = dragged
            .iter()
            .filter_map(|id| layout.index_of(&BoxId::Resource(id.clone())))
            .collect();
        layout
            .boxes
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, b)| b.kind.is_container() && !b.collapsed && b.rect.contains(at))
            .find(|(i, _)| {
                !dragged_boxes
                    .iter()
                    .any(|&d| d == *i || layout.is_ancestor(d, *i))
            })
            .map(|(_, b)| (b.id.clone(), b.rect))
    }

    /// What dropping the dragged boxes at `at` does: `Ok(None)` a plain move, `Ok(Some(edit))`
    /// a move into another container, `Err(reason)` a refused drop.
    fn drop_outcome(&self, at: Pos2) -> Result<Option<(String, Edit)>, String> {
        let (Some(doc), Some(drag)) = (self.doc.as_ref(), self.canvas.drag.as_ref()) else {
            return Ok(None);
        };
        let document = &doc.opened.document;
        let containment = &doc.derived.containment;
        let target = self.container_at(at, &drag.ids);
        for id in &drag.ids {
            let current = containment.parent(id);
            let placed = crate::model::placement_rule(
                document.template.resource(id).map_or("", |r| r.type_name()),
            )
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
                        let edit = reparent_edit(document, id, container, current)
                            .ok_or_else(|| format!("{id} cannot move into {container}"))?;
                        return Ok(Some((format!("Move {id} into {container}"), edit)));
                    }
                    // A VPC under a subnet's own VPC is where the subnet already is.
                    if current.is_some_and(|c| containment.vpc_of(c) == Some(container.as_str())) {
                        continue;
                    }
                    let short = document
                        .template
                        .resource(id)
                        .map_or("", |r| r.short_type());
                    return Err(format!("{short} {id} cannot go into {container}"));
                }
                None if current.is_some() && placed => {
                    return Err(format!(
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
        Ok(None)
    }

    fn end_move(&mut self, at: Pos2) {
        match self.drop_outcome(at) {
            Ok(None) => {
                if let Some(doc) = &self.doc {
                    self.history.commit(&doc.opened.document);
                }
            }
            Ok(Some((label, edit))) => {
                if let Some(doc) = &mut self.doc
                    && let Err(e) = doc.opened.document.apply(edit)
                {
                    self.error = Some(format!("{label}: {e}"));
                }
                if let Some(doc) = &self.doc {
                    self.history.commit(&doc.opened.document);
                }
            }
            Err(reason) => {
                self.cancel_move();
                self.error = Some(format!("Refused: {reason}"));
            }
        }
        self.canvas.drag = None;
        self.drag_layout = None;
        self.canvas.drop_hint = None;
        self.document_changed();
    }

    /// Escape during a drag: puts everything back.
    pub fn cancel_move(&mut self) {
        self.canvas.drag = None;
        self.drag_layout = None;
        self.canvas.connect_from = None;
        self.canvas.drop_hint = None;
        if let Some(previous) = self.history.abort()
            && let Some(doc) = &mut self.doc
        {
            doc.opened.document = previous;
            self.document_changed();
        }
    }

    /// Shows what a drop at the pointer would do while something is dragged.
    fn update_drop_hint(&mut self) {
        let at = self.canvas.pointer_in_canvas;
        self.canvas.drop_hint = match at {
            Some(at) if self.canvas.drag.is_some() => {
                let rect = self
                    .container_at(
                        at,
                        &self
                            .canvas
                            .drag
                            .as_ref()
                            .map(|d| d.ids.clone())
                            .unwrap_or_default(),
                    )
                    .map(|(_, r)| r);
                match (self.drop_outcome(at), rect) {
                    (Ok(Some((label, _))), Some(rect)) => Some(DropHint {
                        rect,
                        ok: true,
                        text: label,
                    }),
                    (Err(reason), Some(rect)) => Some(DropHint {
                        rect,
                        ok: false,
                        text: reason,
                    }),
                    _ => None,
                }
            }
            Some(at) if self.canvas.connect_from.is_some() => {
                let from = self.canvas.connect_from.clone().unwrap_or_default();
                let doc = self.doc.as_ref();
                let target =
                    doc.and_then(|d| d.scene.nodes.iter().rev().find(|n| n.rect.contains(at)));
                match (doc, target) {
                    (Some(d), Some(t)) if t.logical_id != from => Some(DropHint {
                        rect: t.rect,
                        ok: true,
                        text: describe_connection(&d.opened.document, &from, &t.logical_id),
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
    }

    /// Creates palette item `index` dropped at canvas point `at`.
    pub fn drop_palette_item(&mut self, index: usize, at: Pos2) {
        let Some(item) = PALETTE.get(index) else {
            return;
        };
        let target = self.drop_target_at(at);
        let Some(doc) = self.document() else {
            return;
        };
        let (mut edits, id) = create_edits(doc, item, &target);
        edits.push(Edit::MoveBoxes(vec![(
            id.clone(),
            at - vec2(crate::layout::NODE_SIZE.x / 2.0, 20.0),
        )]));
        if self.apply_edits(&format!("Add {id}"), edits) {
            self.canvas.select(&id, false);
        }
    }

    /// The VPC and subnet at a canvas point.
    pub fn drop_target_at(&self, at: Pos2) -> DropTarget {
        let mut target = DropTarget::default();
        let Some(doc) = &self.doc else {
            return target;
        };
        for b in doc
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

    /// Copies the selected resources to the app's clipboard.
    pub fn copy_selection(&mut self) {
        let Some(doc) = self.document() else {
            return;
        };
        self.clipboard = self
            .canvas
            .selection
            .iter()
            .filter_map(|id| {
                doc.template
                    .resource(id)
                    .map(|r| (id.clone(), r.node.clone()))
            })
            .collect();
    }

    /// Pastes the clipboard: new logical IDs, and references inside the pasted set point to the
    /// copies.
    pub fn paste(&mut self) {
        let Some(doc) = self.document().cloned() else {
            return;
        };
        if self.clipboard.is_empty() {
            return;
        }
        let mut scratch = doc.clone();
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
            renames.push((id.clone(), new_id));
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
            return;
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
                self.doc
                    .as_ref()?
                    .scene
                    .rect_of(old)
                    .map(|r| (new.clone(), r.min + offset))
            })
            .collect();
        edits.push(Edit::MoveBoxes(moves));
        if self.apply_edits("Paste", edits) {
            self.canvas.selection = renames.into_iter().map(|(_, n)| n).collect();
        }
    }

    /// Shows the open dialog, if any.
    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        match dialog {
            Dialog::Delete(ids) => {
                let refs: Vec<String> = self
                    .doc
                    .as_ref()
                    .map(|d| {
                        ids.iter()
                            .flat_map(|id| {
                                d.derived
                                    .graph
                                    .incoming_refs(id)
                                    .into_iter()
                                    .filter(|(holder, _)| !ids.iter().any(|i| i == holder))
                                    .map(move |(holder, e)| {
                                        format!("{holder}.{} ({} {id})", e.path, e.kind.label())
                                    })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let outputs: Vec<String> = self
                    .document()
                    .and_then(|d| d.template.section_mapping("Outputs"))
                    .map(|o| {
                        o.iter()
                            .filter(|(_, v)| ids.iter().any(|id| crate::edit::references_to(v, id)))
                            .map(|(name, _)| format!("Outputs.{name}"))
                            .collect()
                    })
                    .unwrap_or_default();
                let refs: Vec<String> = refs.into_iter().chain(outputs).collect();
                let links: Vec<String> = self
                    .document()
                    .map(|d| {
                        ids.iter()
                            .flat_map(|id| crate::edit::dependent_links(d.template.root(), id))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("delete dialog")).show(ctx, |ui| {
                    ui.heading(format!("Delete {}", ids.join(", ")));
                    if !links.is_empty() {
                        ui.label(format!(
                            "Removing references also deletes what only links to it: {}",
                            links.join(", ")
                        ));
                    }
                    if refs.is_empty() {
                        ui.label("Nothing else refers to it");
                    } else {
                        ui.label(format!("{} references to it:", refs.len()));
                        egui::ScrollArea::vertical()
                            .max_height(240.0)
                            .show(ui, |ui| {
                                for r in &refs {
                                    ui.label(RichText::new(r).monospace());
                                }
                            });
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Delete and remove references").clicked() {
                            choice = Some(true);
                        }
                        if !refs.is_empty()
                            && ui.button("Delete, keep references dangling").clicked()
                        {
                            choice = Some(false);
                        }
                        if ui.button("Cancel").clicked() {
                            self.dialog = None;
                        }
                    });
                });
                if let Some(remove) = choice {
                    let edits = ids
                        .iter()
                        .map(|id| Edit::DeleteResource {
                            logical_id: id.clone(),
                            remove_references: remove,
                        })
                        .collect();
                    self.apply_edits(&format!("Delete {}", ids.join(", ")), edits);
                    self.dialog = None;
                }
            }
            Dialog::Rename(from, mut to) => {
                let mut apply = false;
                let mut cancel = false;
                egui::Modal::new(egui::Id::unique("rename dialog")).show(ctx, |ui| {
                    ui.heading(format!("Rename {from}"));
                    let r = ui.add(egui::TextEdit::singleline(&mut to).desired_width(280.0));
                    let r = r.accessible_name("New logical ID");
                    r.request_focus();
                    let valid = crate::edit::is_valid_logical_id(&to);
                    if !valid {
                        ui.label(
                            RichText::new("Use letters A-Z, a-z and digits only")
                                .color(super::theme::error_text(self.settings.theme)),
                        );
                    }
                    ui.horizontal(|ui| {
                        if ui.add_enabled(valid, egui::Button::new("Rename")).clicked()
                            || (valid && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                        {
                            apply = true;
                        }
                        if ui.button("Cancel").clicked() {
                            cancel = true;
                        }
                    });
                });
                if apply {
                    self.dialog = None;
                    if self.apply_edit(Edit::RenameResource {
                        from: from.clone(),
                        to: to.clone(),
                    }) {
                        self.canvas.selection = vec![to];
                    }
                } else if cancel {
                    self.dialog = None;
                } else {
                    self.dialog = Some(Dialog::Rename(from, to));
                }
            }
        }
    }
}
