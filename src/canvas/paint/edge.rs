//! Edges: a line styled by reference kind, with an arrowhead when zoomed in enough.

use egui::{Painter, Pos2, Shape, Stroke, vec2};

use super::super::colors::CanvasColors;
use crate::model::RefKind;
use crate::scene::EdgeShape;

/// An edge along `points` (screen); `related` edges touch the selection and stand out.
pub(super) fn paint_edge(
    painter: &Painter,
    e: &EdgeShape,
    points: &[Pos2],
    zoom: f32,
    colors: &CanvasColors,
    related: bool,
) {
    let color = if related {
        colors.selection
    } else {
        colors.edge
    };
    let width = if related {
        2.2
    } else {
        (1.4 * zoom).clamp(0.6, 1.8)
    };
    let stroke = Stroke::new(width, color);
    match e.kind {
        RefKind::Ref | RefKind::GetAtt(_) => {
            painter.add(Shape::line(points.to_vec(), stroke));
        }
        RefKind::Sub => painter.extend(Shape::dotted_line(points, color, 5.0, width * 0.8)),
        RefKind::DependsOn => painter.extend(Shape::dashed_line(points, stroke, 8.0, 5.0)),
        RefKind::Condition => painter.extend(Shape::dashed_line(
            points,
            Stroke::new(width, colors.text_weak),
            3.0,
            4.0,
        )),
    }
    if let [.., a, b] = points {
        let dir = (*b - *a).normalized();
        if dir.is_finite() && zoom >= 0.15 {
            let size = (9.0 * zoom).clamp(5.0, 11.0);
            let normal = vec2(-dir.y, dir.x);
            let base = *b - dir * size;
            painter.add(Shape::convex_polygon(
                vec![*b, base + normal * size * 0.5, base - normal * size * 0.5],
                color,
                Stroke::NONE,
            ));
        }
    }
}
