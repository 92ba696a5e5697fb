//! The hit-test pass: allocates the canvas's widgets, turns clicks and drags into selection,
//! drags, connections and actions, and says what the paint pass must show.
//!
//! Widgets are allocated in painting order (container headers, nodes with their handles,
//! markers, then the minimap) so that egui's hit test picks the one drawn on top. Nothing here
//! paints.

use egui::{Id, PointerButton, Pos2, Rect, Response, Role, Sense, Ui, Vec2, WidgetInfo};

use super::geometry::{self, Header, Minimap};
use super::{Camera, CanvasAction, CanvasState, LOD_OVERVIEW_BELOW, LOD_PLAIN_BELOW, NodeDrag};
use crate::cfn::LogicalId;
use crate::scene::{NodeShape, Scene};

/// What the hit-test pass found, for the paint pass.
#[derive(Debug)]
pub(super) struct Hits {
    /// The camera the widgets were placed with. The scene is painted with it, so what is drawn
    /// is where it is hit, even when the minimap moves [`CanvasState::camera`] afterwards.
    pub camera: Camera,
    /// Containers whose collapse chevron is hovered, by index in the scene, ascending.
    hovered_chevrons: Vec<usize>,
    /// Nodes whose box is hovered, by index in the scene, ascending.
    hovered_nodes: Vec<usize>,
    /// Nodes that show their connection handle, by index in the scene, ascending.
    handles: Vec<usize>,
    /// The edge under the pointer (by index) and the pointer on screen, for its tooltip.
    pub edge_tooltip: Option<(usize, Pos2)>,
    /// The rubber band being dragged, on screen.
    pub rubber_band: Option<Rect>,
    /// The minimap, when it is shown.
    pub minimap: Option<Minimap>,
}

impl Hits {
    fn new(camera: Camera) -> Self {
        Self {
            camera,
            hovered_chevrons: Vec::new(),
            hovered_nodes: Vec::new(),
            handles: Vec::new(),
            edge_tooltip: None,
            rubber_band: None,
            minimap: None,
        }
    }

    /// Whether the collapse chevron of the container at this index is hovered.
    pub fn chevron_hovered(&self, container: usize) -> bool {
        self.hovered_chevrons.binary_search(&container).is_ok()
    }

    /// Whether the node at this index is hovered.
    pub fn node_hovered(&self, node: usize) -> bool {
        self.hovered_nodes.binary_search(&node).is_ok()
    }

    /// Whether the node at this index shows its connection handle.
    pub fn shows_handle(&self, node: usize) -> bool {
        self.handles.binary_search(&node).is_ok()
    }
}

/// Allocates the canvas's widgets and handles gestures on them and on the background `bg`;
/// `clip` is the part of the canvas painted. Returns what the app must do and what to paint.
pub(super) fn interact(
    ui: &Ui,
    bg: &Response,
    clip: Rect,
    scene: &Scene,
    state: &mut CanvasState,
) -> (Vec<CanvasAction>, Hits) {
    let mut pass = Pass {
        ui,
        base_id: bg.id,
        scene,
        visible: state.camera.visible_canvas(clip).expand(16.0),
        toggle: ui.input(|i| i.modifiers.shift || i.modifiers.command),
        hits: Hits::new(state.camera),
        actions: Vec::new(),
    };
    let zoom = state.camera.zoom();
    let mut on_item = false;
    if zoom >= LOD_PLAIN_BELOW {
        on_item |= pass.containers(state);
    }
    // The overview has no per-node widgets: the background click below finds the node.
    if zoom >= LOD_OVERVIEW_BELOW {
        pass.hits.edge_tooltip = pass.hovered_edge(state.camera, clip);
        on_item |= pass.nodes(state);
        if zoom >= LOD_PLAIN_BELOW {
            on_item |= pass.markers(state);
        }
    }
    pass.background(bg, state, on_item);
    state.node_rects = state
        .connect_from
        .iter()
        .filter_map(|id| scene.rect_of(id).map(|r| (id.clone(), r)))
        .collect();
    if state.minimap {
        pass.hits.minimap = pass.minimap(clip, state);
    }
    (pass.actions, pass.hits)
}

/// One hit-test pass: what it reads, and what it has found so far.
struct Pass<'a> {
    ui: &'a Ui,
    /// The canvas's id; every widget's id derives from it.
    base_id: Id,
    scene: &'a Scene,
    /// The part of the canvas on screen, with a margin, in canvas coordinates.
    visible: Rect,
    /// Whether a click adds to the selection (or removes from it) rather than replacing it.
    toggle: bool,
    hits: Hits,
    actions: Vec<CanvasAction>,
}

impl Pass<'_> {
    /// Container headers: the chevron collapses, the title selects and drags. Returns whether
    /// one was clicked.
    fn containers(&mut self, state: &mut CanvasState) -> bool {
        let camera = state.camera;
        let zoom = camera.zoom();
        let mut clicked = false;
        for (i, c) in self.scene.containers.iter().enumerate() {
            if !self.visible.intersects(c.rect) {
                continue;
            }
            let header = Header::of(camera.rect_to_screen(c.rect), zoom);
            let key = c.id.key();
            let r = self.ui.interact(
                header.chevron,
                self.base_id.with(("collapse", &key)),
                Sense::click(),
            );
            r.widget_info(|| {
                let verb = if c.collapsed { "Expand" } else { "Collapse" };
                WidgetInfo::labeled(Role::Button, true, format!("{verb} {}", c.title))
            });
            if r.hovered() {
                self.hits.hovered_chevrons.push(i);
            }
            if r.clicked() {
                self.actions.push(CanvasAction::ToggleCollapse(key.clone()));
                clicked = true;
            }
            if let Some(id) = c.id.logical_id() {
                let r = self.ui.interact(
                    header.title,
                    self.base_id.with(("container", id)),
                    Sense::click_and_drag(),
                );
                r.widget_info(|| {
                    WidgetInfo::selected(Role::Button, true, state.is_selected(id), id)
                });
                if r.clicked() {
                    state.select(id, self.toggle);
                    clicked = true;
                }
                self.drag_box(&r, id, state);
            }
        }
        clicked
    }

    /// The edge under the pointer, the last drawn winning, and the pointer on screen.
    fn hovered_edge(&self, camera: Camera, clip: Rect) -> Option<(usize, Pos2)> {
        let pointer = self
            .ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| clip.contains(*p))?;
        let mut points = Vec::new();
        let k = self.scene.edges.iter().rposition(|e| {
            if !geometry::edge_in_view(e, self.visible) {
                return false;
            }
            points.clear();
            points.extend(e.points.iter().map(|p| camera.to_screen(*p)));
            distance_to_polyline(pointer, &points) < 6.0
        })?;
        Some((k, pointer))
    }

    /// Nodes: a click selects, a drag moves the selection, and the handle of a hovered or
    /// selected node connects. Returns whether one was clicked.
    fn nodes(&mut self, state: &mut CanvasState) -> bool {
        let camera = state.camera;
        let zoom = camera.zoom();
        let mut clicked = false;
        for (i, n) in self.scene.nodes.iter().enumerate() {
            if !self.visible.intersects(n.rect) {
                continue;
            }
            let rect = camera.rect_to_screen(n.rect);
            let r = self.ui.interact(
                rect,
                self.base_id.with(("node", &n.logical_id)),
                Sense::click_and_drag(),
            );
            let selected = state.is_selected(&n.logical_id);
            r.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &n.logical_id));
            if r.clicked() {
                state.select(&n.logical_id, self.toggle);
                clicked = true;
            }
            self.drag_box(&r, &n.logical_id, state);
            if r.hovered() {
                self.hits.hovered_nodes.push(i);
            }
            let show_handle = zoom >= LOD_PLAIN_BELOW
                && (self.ui.rect_contains_pointer(rect.expand(12.0))
                    || selected
                    || state.connect_from.as_deref() == Some(n.logical_id.as_str()));
            if show_handle {
                self.hits.handles.push(i);
                self.connect_handle(n, rect, state);
            }
        }
        clicked
    }

    /// Markers of resources that span several subnets: a click selects and centres the
    /// resource. Returns whether one was clicked.
    fn markers(&self, state: &mut CanvasState) -> bool {
        let camera = state.camera;
        let mut clicked = false;
        for m in &self.scene.markers {
            if !self.visible.intersects(m.rect) {
                continue;
            }
            let rect = camera.rect_to_screen(m.rect);
            let r = self.ui.interact(
                rect,
                self.base_id
                    .with(("marker", &m.logical_id, rect.min.x.to_bits())),
                Sense::click(),
            );
            if r.clicked() {
                state.select(&m.logical_id, false);
                state.center_requested = Some(LogicalId::from(&m.logical_id));
                clicked = true;
            }
            r.on_hover_text(&m.tooltip);
        }
        clicked
    }

    /// The background: Shift+drag draws a rubber band that selects what it touches (adding to
    /// the selection with Cmd), and a click beside every item clears the selection, or in the
    /// overview selects the node under the pointer. A plain drag pans (`handle_camera_input`).
    fn background(&mut self, bg: &Response, state: &mut CanvasState, on_item: bool) {
        let ui = self.ui;
        let shift = ui.input(|i| i.modifiers.shift);
        if bg.drag_started_by(PointerButton::Primary) && shift {
            state.rubber_band_start = bg.interact_pointer_pos().map(|p| state.camera.to_canvas(p));
        }
        if let Some(start) = state.rubber_band_start {
            if let Some(now) = ui.input(|i| i.pointer.latest_pos()) {
                let band = Rect::from_two_pos(start, state.camera.to_canvas(now));
                self.hits.rubber_band = Some(state.camera.rect_to_screen(band));
                if bg.drag_stopped() || !ui.input(|i| i.pointer.primary_down()) {
                    let touched: Vec<LogicalId> = self
                        .scene
                        .nodes
                        .iter()
                        .filter(|n| band.intersects(n.rect))
                        .map(|n| LogicalId::from(&n.logical_id))
                        .collect();
                    if ui.input(|i| i.modifiers.command) {
                        for id in touched {
                            if !state.is_selected(&id) {
                                state.selection.push(id);
                            }
                        }
                    } else {
                        state.selection = touched;
                    }
                    state.rubber_band_start = None;
                }
            }
        } else if bg.clicked() && !on_item {
            // A click on an architecture edge selects the link resource that makes it.
            let via = self
                .hits
                .edge_tooltip
                .and_then(|(k, _)| self.scene.edges.get(k))
                .and_then(|e| e.via.first());
            if let Some(link) = via {
                let toggle = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                state.select(link, toggle);
                return;
            }
            let hit = (state.camera.zoom() < LOD_OVERVIEW_BELOW)
                .then(|| bg.interact_pointer_pos().map(|p| state.camera.to_canvas(p)))
                .flatten()
                .and_then(|p| self.scene.nodes.iter().rev().find(|n| n.rect.contains(p)));
            if let Some(n) = hit {
                let toggle = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                state.select(&n.logical_id, toggle);
            } else {
                state.selection.clear();
                state.highlight = None;
            }
        }
    }

    /// Starts, continues and ends a drag of the selection (or of this box alone).
    fn drag_box(&mut self, r: &Response, id: &str, state: &mut CanvasState) {
        if r.drag_started_by(PointerButton::Primary) && state.connect_from.is_none() {
            if !state.is_selected(id) {
                state.select(id, false);
            }
            let start = state
                .selection
                .iter()
                .filter_map(|s| self.scene.rect_of(s).map(|rect| (s.to_string(), rect.min)))
                .collect();
            state.drag = Some(NodeDrag {
                ids: state.selection.clone(),
                start,
                delta: Vec2::ZERO,
            });
            self.actions.push(CanvasAction::BeginMove);
        }
        let zoom = state.camera.zoom();
        if let Some(drag) = &mut state.drag
            && r.dragged_by(PointerButton::Primary)
            && r.drag_delta() != Vec2::ZERO
        {
            drag.delta += r.drag_delta() / zoom;
            self.actions.push(CanvasAction::Move);
        }
        if r.drag_stopped() && state.drag.is_some() {
            // The app reads the drag to decide what the drop does, then clears it.
            let at = state.pointer_in_canvas.unwrap_or_default();
            self.actions.push(CanvasAction::EndMove(at));
        }
    }

    /// The handle on the right edge of a node at `rect` (screen); dragging it onto another
    /// node connects the two.
    fn connect_handle(&mut self, n: &NodeShape, rect: Rect, state: &mut CanvasState) {
        let r = self.ui.interact(
            geometry::connect_handle(rect),
            self.base_id.with(("handle", &n.logical_id)),
            Sense::drag(),
        );
        r.widget_info(|| {
            WidgetInfo::labeled(Role::Button, true, format!("Connect {}", n.logical_id))
        });
        if r.drag_started() {
            state.connect_from = Some(LogicalId::from(&n.logical_id));
        }
        if r.drag_stopped() {
            let from = state.connect_from.take();
            let target = state
                .pointer_in_canvas
                .and_then(|p| self.scene.nodes.iter().rev().find(|m| m.rect.contains(p)))
                .map(|m| LogicalId::from(&m.logical_id));
            if let (Some(from), Some(to)) = (from, target)
                && from != to
            {
                self.actions.push(CanvasAction::Connect(from, to));
            }
        }
    }

    /// The minimap: clicking or dragging on it centres the view there.
    fn minimap(&self, clip: Rect, state: &mut CanvasState) -> Option<Minimap> {
        let map = Minimap::of(self.scene, clip)?;
        let r = self.ui.interact(
            map.area,
            self.base_id.with("minimap"),
            Sense::click_and_drag(),
        );
        r.widget_info(|| WidgetInfo::labeled(Role::Image, true, "Minimap"));
        if (r.clicked() || r.dragged())
            && let Some(p) = r.interact_pointer_pos()
        {
            state.camera.center_on(map.to_canvas(p), clip);
        }
        Some(map)
    }
}

/// The distance from `p` to the nearest point of a polyline.
fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = if ab.length_sq() > 0.0 {
                ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            p.distance(a + ab * t)
        })
        .fold(f32::INFINITY, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn distance_to_a_polyline_is_to_its_nearest_segment() {
        let line = [pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0)];
        assert!((distance_to_polyline(pos2(5.0, 3.0), &line) - 3.0).abs() < 1e-5);
        assert!((distance_to_polyline(pos2(14.0, 5.0), &line) - 4.0).abs() < 1e-5);
        assert!((distance_to_polyline(pos2(-3.0, -4.0), &line) - 5.0).abs() < 1e-5);
        assert!(distance_to_polyline(pos2(1.0, 1.0), &[pos2(0.0, 0.0)]).is_infinite());
    }
}
