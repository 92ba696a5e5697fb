//! The canvas: paints a [`Scene`] with egui and turns gestures into selection, camera moves
//! and actions for the app.
//!
//! Each frame has two passes. The hit-test pass (`interact`) allocates the widgets, updates
//! the [`CanvasState`] and returns the [`CanvasAction`]s with what it found (hover, handles,
//! tooltips, the rubber band). The paint pass (`paint`) then draws from the scene, the state
//! and those hits alone: it allocates no widgets and changes nothing. Geometry both passes
//! need, such as where a header's chevron is, lives in `geometry`.
//!
//! The canvas is drawn in screen space through our own [`Camera`] rather than inside
//! `egui::Scene`: egui writes AccessKit bounds without the scene's layer transform, so tests
//! (and screen readers) would find nodes in the wrong place.

mod camera;
pub mod colors;
mod geometry;
mod interact;
mod paint;

use egui::{Key, Modifiers, PointerButton, Pos2, Rect, Sense, Vec2};

pub use camera::{Camera, ZOOM_RANGE};
pub use colors::CanvasColors;

use crate::cfn::LogicalId;
use crate::scene::Scene;

/// Below this zoom, nodes are drawn as plain boxes without text or icons.
pub const LOD_PLAIN_BELOW: f32 = 0.3;

/// The zoom at which node names read comfortably: what Fit keeps for a template of up to 150
/// resources.
pub const LEGIBLE_ZOOM: f32 = 0.6;

/// Below this zoom (the overview of a big template), nodes and edges are drawn as two batched
/// meshes with no per-node widgets: a click selects the node under the pointer, and a drag pans.
pub const LOD_OVERVIEW_BELOW: f32 = 0.12;

/// View state of the canvas: not saved, not undone.
#[derive(Clone, Debug)]
pub struct CanvasState {
    /// What part of the canvas is shown.
    pub camera: Camera,
    /// Selected resources, by logical ID, in the order they were selected.
    pub selection: Vec<LogicalId>,
    /// The current search hit, outlined.
    pub highlight: Option<LogicalId>,
    /// Fit everything on the next frame.
    pub fit_requested: bool,
    /// Centre on this resource on the next frame.
    pub center_requested: Option<LogicalId>,
    /// Zoom to the selection on the next frame.
    pub zoom_to_selection_requested: bool,
    /// Where a rubber-band selection started, in canvas coordinates.
    pub rubber_band_start: Option<Pos2>,
    /// The screen rectangle of the canvas in the last frame.
    pub screen: Rect,
    /// Whether the minimap is shown.
    pub minimap: bool,
    /// Boxes being dragged.
    pub drag: Option<NodeDrag>,
    /// A connection being dragged from this resource's handle.
    pub connect_from: Option<LogicalId>,
    /// What a drop at the pointer would do; set by the app while something is dragged.
    pub drop_hint: Option<DropHint>,
    /// The pointer, in canvas coordinates, when it is over the canvas.
    pub pointer_in_canvas: Option<Pos2>,
    /// The rectangle of the node a connection is dragged from.
    pub node_rects: Vec<(LogicalId, Rect)>,
    /// Text to show in a badge at the top-right corner of a node, by logical ID (the cost
    /// badges); set by the app, painted as it is.
    pub badges: std::collections::BTreeMap<String, String>,
}

/// Boxes being moved with the pointer.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeDrag {
    /// Logical IDs of the boxes dragged.
    pub ids: Vec<LogicalId>,
    /// Where each box was when the drag started (top-left, canvas coordinates).
    pub start: Vec<(String, Pos2)>,
    /// How far they have moved, in canvas units.
    pub delta: Vec2,
}

/// What dropping at the pointer would do, shown while dragging.
#[derive(Clone, Debug, PartialEq)]
pub struct DropHint {
    /// The container (or node) the drop would land on, in canvas coordinates.
    pub rect: Rect,
    /// Whether the drop is allowed.
    pub ok: bool,
    /// What it would do, or why it is refused.
    pub text: String,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self::new()
    }
}

impl CanvasState {
    /// A state that fits the diagram on its first frame.
    pub fn new() -> Self {
        Self {
            camera: Camera::default(),
            selection: Vec::new(),
            highlight: None,
            fit_requested: true,
            center_requested: None,
            zoom_to_selection_requested: false,
            rubber_band_start: None,
            screen: Rect::NOTHING,
            minimap: true,
            drag: None,
            connect_from: None,
            drop_hint: None,
            pointer_in_canvas: None,
            node_rects: Vec::new(),
            badges: std::collections::BTreeMap::new(),
        }
    }

    /// Where a connection from `logical_id` starts: the right edge of its box, if known.
    pub fn connect_start_of(&self, logical_id: &str) -> Option<Pos2> {
        self.node_rects
            .iter()
            .find(|(id, _)| id == logical_id)
            .map(|(_, r)| r.right_center())
    }

    /// Whether a resource is selected.
    pub fn is_selected(&self, logical_id: &str) -> bool {
        self.selection.iter().any(|s| s == logical_id)
    }

    /// Selects one resource (or adds/removes it with `toggle`).
    pub fn select(&mut self, logical_id: &str, toggle: bool) {
        if toggle {
            if let Some(i) = self.selection.iter().position(|s| s == logical_id) {
                self.selection.remove(i);
            } else {
                self.selection.push(LogicalId::from(logical_id));
            }
        } else {
            self.selection = vec![LogicalId::from(logical_id)];
        }
    }
}

/// Something the app must do because of a gesture on the canvas.
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasAction {
    /// Collapse or expand the container with this layout key.
    ToggleCollapse(String),
    /// A drag of the boxes in [`CanvasState::drag`] started.
    BeginMove,
    /// The dragged boxes moved; their offset is in [`CanvasState::drag`].
    Move,
    /// The drag ended with the pointer at this canvas point.
    EndMove(Pos2),
    /// A connection was dragged from the first resource and dropped on the second.
    Connect(LogicalId, LogicalId),
}

/// Handles gestures, then paints the scene; returns what the app must do.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    scene: &Scene,
    state: &mut CanvasState,
    colors: &CanvasColors,
) -> Vec<CanvasAction> {
    let (bg, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let screen = bg.rect;
    let pointer = ui
        .input(|i| i.pointer.latest_pos())
        .filter(|p| screen.contains(*p))
        .map(|p| state.camera.to_canvas(p));
    // A release can arrive with the pointer already gone; a drag ends where it was last seen.
    if pointer.is_some() || (state.drag.is_none() && state.connect_from.is_none()) {
        state.pointer_in_canvas = pointer;
    }
    // When the panels around the canvas change size, keep the same point in the middle.
    if state.screen.is_positive() && state.screen != screen {
        state.camera.pan(screen.center() - state.screen.center());
    }
    state.screen = screen;
    apply_requests(scene, state, screen);
    handle_camera_input(ui, &bg, state, screen);

    let (actions, hits) = interact::interact(ui, &bg, painter.clip_rect(), scene, state);
    paint::paint(&painter, scene, state, &hits, colors);
    actions
}

fn apply_requests(scene: &Scene, state: &mut CanvasState, screen: Rect) {
    if state.fit_requested {
        // Up to this many resources, Fit keeps names readable and lets the rest scroll; a
        // bigger template is shown whole, as an overview.
        const LEGIBLE_UP_TO: usize = 150;
        if scene.nodes.len() <= LEGIBLE_UP_TO {
            state.camera.fit_legible(scene.bounds, screen, LEGIBLE_ZOOM);
        } else {
            state.camera.fit(scene.bounds, screen);
        }
        state.fit_requested = false;
    }
    if state.zoom_to_selection_requested {
        let rect = state
            .selection
            .iter()
            .filter_map(|id| scene.rect_of(id))
            .reduce(Rect::union);
        if let Some(rect) = rect {
            state.camera.fit(rect.expand(60.0), screen);
        }
        state.zoom_to_selection_requested = false;
    }
    if let Some(id) = state.center_requested.take()
        && let Some(rect) = scene.rect_of(&id)
    {
        if state.camera.zoom() < 0.6 {
            state.camera.screen_from_canvas.scaling = 0.8;
        }
        state.camera.center_on(rect.center(), screen);
    }
}

fn handle_camera_input(ui: &egui::Ui, bg: &egui::Response, state: &mut CanvasState, screen: Rect) {
    if ui.rect_contains_pointer(screen) {
        let (scroll, zoom, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        let anchor = pointer.unwrap_or(screen.center());
        let mut factor = zoom;
        if scroll.y.abs() > 0.0 {
            factor *= (scroll.y * 0.0025).exp();
        }
        if (factor - 1.0).abs() > f32::EPSILON {
            state.camera.zoom_at(anchor, factor);
        }
    }
    let space = ui.input(|i| i.key_down(Key::Space));
    let shift = ui.input(|i| i.modifiers.shift);
    let panning = bg.dragged_by(PointerButton::Middle)
        || (bg.dragged_by(PointerButton::Primary) && !shift && state.rubber_band_start.is_none())
        || (space && bg.dragged());
    if panning {
        state.camera.pan(bg.drag_delta());
    }
    // Arrow keys pan too, when nothing else has focus.
    if !ui.text_edit_focused() {
        let step = 60.0;
        let mut delta = Vec2::ZERO;
        ui.input(|i| {
            if i.modifiers == Modifiers::NONE {
                if i.key_pressed(Key::ArrowLeft) {
                    delta.x += step;
                }
                if i.key_pressed(Key::ArrowRight) {
                    delta.x -= step;
                }
                if i.key_pressed(Key::ArrowUp) {
                    delta.y += step;
                }
                if i.key_pressed(Key::ArrowDown) {
                    delta.y -= step;
                }
            }
        });
        if delta != Vec2::ZERO {
            state.camera.pan(delta);
        }
    }
}
