//! The overview, below [`LOD_OVERVIEW_BELOW`](super::super::LOD_OVERVIEW_BELOW) zoom: every
//! visible edge as thin quads in one mesh, then every visible node as a filled rectangle in
//! another. Edges of the selection and outlines are drawn on top.

use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, vec2};

use super::super::colors::{CanvasColors, category};
use super::super::geometry::edge_in_view;
use super::super::{Camera, CanvasState};
use super::edge::paint_edge;
use crate::scene::Scene;

/// Edges and nodes of the overview, batched.
pub(super) fn paint_overview(
    painter: &Painter,
    scene: &Scene,
    state: &CanvasState,
    camera: Camera,
    visible: Rect,
    colors: &CanvasColors,
) {
    let mut edges = Mesh::default();
    let edge_color = colors.edge.gamma_multiply(0.6);
    let mut related = Vec::new();
    for e in &scene.edges {
        if !edge_in_view(e, visible) {
            continue;
        }
        if state.is_selected(&e.from_id) || state.is_selected(&e.to_id) {
            related.push(e);
            continue;
        }
        for w in e.points.windows(2) {
            add_segment(
                &mut edges,
                camera.to_screen(w[0]),
                camera.to_screen(w[1]),
                edge_color,
            );
        }
    }
    painter.add(Shape::mesh(edges));
    let zoom = camera.zoom();
    for e in related {
        let points: Vec<Pos2> = e.points.iter().map(|p| camera.to_screen(*p)).collect();
        paint_edge(painter, e, &points, zoom, colors, true);
    }
    let mut nodes = Mesh::default();
    for n in &scene.nodes {
        if visible.intersects(n.rect) {
            let color = category(n.category).gamma_multiply(0.85);
            nodes.add_colored_rect(camera.rect_to_screen(n.rect), color);
        }
    }
    painter.add(Shape::mesh(nodes));
    for n in &scene.nodes {
        let outline = if state.is_selected(&n.logical_id) {
            Some((0.0, colors.selection))
        } else if state.highlight.as_deref() == Some(n.logical_id.as_str()) {
            Some((3.0, colors.highlight))
        } else {
            None
        };
        if let Some((expand, color)) = outline {
            let rect = camera.rect_to_screen(n.rect).expand(expand);
            painter.rect_stroke(rect, 2, Stroke::new(2.5, color), StrokeKind::Outside);
        }
    }
}

/// A one-pixel line from `a` to `b` as two triangles, with no feathering.
fn add_segment(mesh: &mut Mesh, a: Pos2, b: Pos2, color: Color32) {
    let dir = (b - a).normalized();
    if !dir.is_finite() {
        return;
    }
    let n = vec2(-dir.y, dir.x) * 0.5;
    let i = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
    for p in [a + n, b + n, b - n, a - n] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn a_segment_is_two_triangles_and_one_with_no_direction_is_nothing() {
        let mut mesh = Mesh::default();
        add_segment(&mut mesh, pos2(0.0, 0.0), pos2(10.0, 0.0), Color32::RED);
        assert_eq!((mesh.vertices.len(), mesh.indices.len()), (4, 6));
        assert!(
            mesh.vertices
                .iter()
                .all(|v| (v.pos.y.abs() - 0.5).abs() < 1e-6)
        );
        add_segment(&mut mesh, pos2(f32::NAN, 3.0), pos2(3.0, 3.0), Color32::RED);
        assert_eq!(mesh.vertices.len(), 4);
    }
}
