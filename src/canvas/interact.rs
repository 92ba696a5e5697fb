//! Gestures on the canvas that go beyond a click: dragging boxes, dragging a connection from
//! a node's handle, and the minimap.

use egui::{Id, Painter, Pos2, Rect, Role, Sense, Stroke, StrokeKind, WidgetInfo, vec2};

use super::colors::{CanvasColors, category, color};
use super::paint::paint_tooltip;
use super::{CanvasAction, CanvasState};
use crate::model::Category;
use crate::scene::{NodeShape, Scene};

/// Starts, continues and ends a drag of the selection (or of this box alone).
pub(super) fn drag_box(
    r: &egui::Response,
    id: &str,
    scene: &Scene,
    state: &mut CanvasState,
    actions: &mut Vec<CanvasAction>,
) {
    if r.drag_started_by(egui::PointerButton::Primary) && state.connect_from.is_none() {
        if !state.is_selected(id) {
            state.select(id, false);
        }
        let start = state
            .selection
            .iter()
            .filter_map(|s| scene.rect_of(s).map(|rect| (s.clone(), rect.min)))
            .collect();
        state.drag = Some(super::NodeDrag {
            ids: state.selection.clone(),
            start,
            delta: egui::Vec2::ZERO,
        });
        actions.push(CanvasAction::BeginMove);
    }
    let zoom = state.camera.zoom();
    if let Some(drag) = &mut state.drag
        && r.dragged_by(egui::PointerButton::Primary)
        && r.drag_delta() != egui::Vec2::ZERO
    {
        drag.delta += r.drag_delta() / zoom;
        actions.push(CanvasAction::Move);
    }
    if r.drag_stopped() && state.drag.is_some() {
        // The app reads the drag to decide what the drop does, then clears it.
        let at = state.pointer_in_canvas.unwrap_or_default();
        actions.push(CanvasAction::EndMove(at));
    }
}

/// The handle on a node's right edge; dragging it onto another node connects the two.
#[expect(
    clippy::too_many_arguments,
    reason = "painting needs the whole context"
)]
pub(super) fn connect_handle(
    ui: &egui::Ui,
    painter: &Painter,
    base_id: Id,
    scene: &Scene,
    n: &NodeShape,
    rect: Rect,
    state: &mut CanvasState,
    colors: &CanvasColors,
    actions: &mut Vec<CanvasAction>,
) {
    let center = rect.right_center();
    let handle = Rect::from_center_size(center, vec2(16.0, 16.0));
    let r = ui.interact(
        handle,
        base_id.with(("handle", &n.logical_id)),
        Sense::drag(),
    );
    r.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Connect {}", n.logical_id)));
    painter.circle(
        center,
        5.0,
        colors.node_fill,
        Stroke::new(2.0, colors.selection),
    );
    if r.drag_started() {
        state.connect_from = Some(n.logical_id.clone());
    }
    if r.drag_stopped() {
        let from = state.connect_from.take();
        let target = state
            .pointer_in_canvas
            .and_then(|p| scene.nodes.iter().rev().find(|m| m.rect.contains(p)))
            .map(|m| m.logical_id.clone());
        if let (Some(from), Some(to)) = (from, target)
            && from != to
        {
            actions.push(CanvasAction::Connect(from, to));
        }
    }
}

/// While dragging: the connection line and what a drop would do.
pub(super) fn paint_drag_feedback(painter: &Painter, state: &CanvasState, colors: &CanvasColors) {
    let camera = state.camera;
    if let (Some(from), Some(at)) = (&state.connect_from, state.pointer_in_canvas)
        && let Some(start) = state.connect_start_of(from)
    {
        painter.line_segment(
            [camera.to_screen(start), camera.to_screen(at)],
            Stroke::new(2.0, colors.selection),
        );
    }
    if let Some(hint) = &state.drop_hint {
        let color = if hint.ok {
            color(colors.palette.public_subnet)
        } else {
            category(Category::Security)
        };
        let rect = camera.rect_to_screen(hint.rect);
        painter.rect_stroke(
            rect.expand(2.0),
            8,
            Stroke::new(3.0, color),
            StrokeKind::Outside,
        );
        if let Some(p) = state.pointer_in_canvas {
            paint_tooltip(
                painter,
                camera.to_screen(p) + vec2(16.0, 16.0),
                &hint.text,
                colors,
            );
        }
    }
}

/// The minimap in the bottom-right corner; clicking or dragging it moves the view.
pub(super) fn minimap_ui(
    ui: &egui::Ui,
    painter: &Painter,
    base_id: Id,
    scene: &Scene,
    state: &mut CanvasState,
    colors: &CanvasColors,
) {
    let screen = painter.clip_rect();
    let size = vec2(220.0, 150.0);
    let area = Rect::from_min_size(screen.max - size - vec2(12.0, 12.0), size);
    if !scene.bounds.is_positive() || screen.width() < 500.0 || screen.height() < 360.0 {
        return;
    }
    let bounds = scene.bounds.expand(40.0);
    let scale = (area.width() / bounds.width()).min(area.height() / bounds.height());
    let offset = area.center() - bounds.center().to_vec2() * scale;
    let to_map = |p: Pos2| offset + p.to_vec2() * scale;
    let r = ui.interact(area, base_id.with("minimap"), Sense::click_and_drag());
    r.widget_info(|| WidgetInfo::labeled(Role::Image, true, "Minimap"));
    if (r.clicked() || r.dragged())
        && let Some(p) = r.interact_pointer_pos()
    {
        let target = ((p - offset) / scale).to_pos2();
        state.camera.center_on(target, screen);
    }
    painter.rect(
        area,
        6,
        colors.background.gamma_multiply(0.92),
        colors.node_border,
        StrokeKind::Inside,
    );
    let map = painter.with_clip_rect(area);
    for c in scene.containers.iter().filter(|c| c.depth <= 1) {
        let rect = Rect::from_min_max(to_map(c.rect.min), to_map(c.rect.max));
        map.rect_stroke(
            rect,
            1,
            Stroke::new(1.0, category(c.category).gamma_multiply(0.7)),
            StrokeKind::Inside,
        );
    }
    for n in &scene.nodes {
        let rect = Rect::from_min_max(to_map(n.rect.min), to_map(n.rect.max));
        map.rect_filled(rect, 0, category(n.category));
    }
    let view = state.camera.visible_canvas(screen);
    let view = Rect::from_min_max(to_map(view.min), to_map(view.max));
    map.rect_stroke(
        view,
        0,
        Stroke::new(1.5, colors.selection),
        StrokeKind::Inside,
    );
}
