//! The minimap: the top-level containers and every node in miniature, with the view outlined.

use egui::{Painter, Stroke, StrokeKind};

use super::super::CanvasState;
use super::super::colors::{CanvasColors, category};
use super::super::geometry::Minimap;
use crate::scene::Scene;

/// The minimap; the view is outlined where [`CanvasState::camera`] is now.
pub(super) fn paint_minimap(
    painter: &Painter,
    scene: &Scene,
    state: &CanvasState,
    map: &Minimap,
    colors: &CanvasColors,
) {
    let screen = painter.clip_rect();
    painter.rect(
        map.area,
        6,
        colors.background.gamma_multiply(0.92),
        colors.node_border,
        StrokeKind::Inside,
    );
    let clipped = painter.with_clip_rect(map.area);
    for c in scene.containers.iter().filter(|c| c.depth <= 1) {
        clipped.rect_stroke(
            map.rect_to_map(c.rect),
            1,
            Stroke::new(1.0, category(c.category).gamma_multiply(0.7)),
            StrokeKind::Inside,
        );
    }
    for n in &scene.nodes {
        clipped.rect_filled(map.rect_to_map(n.rect), 0, category(n.category));
    }
    let view = state.camera.visible_canvas(screen);
    clipped.rect_stroke(
        map.rect_to_map(view),
        0,
        Stroke::new(1.5, colors.selection),
        StrokeKind::Inside,
    );
}
