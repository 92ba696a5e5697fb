//! Edges: a line styled by reference kind, with an arrowhead when zoomed in enough.

use egui::{Painter, Pos2, Shape, Stroke, vec2};

use super::super::colors::CanvasColors;
use crate::compare::Impact;
use crate::model::RefKind;
use crate::scene::{EdgeChange, EdgeShape, impact_color};

/// An edge along `points` (screen); `related` edges touch the selection and stand out.
pub(super) fn paint_edge(
    painter: &Painter,
    e: &EdgeShape,
    points: &[Pos2],
    zoom: f32,
    colors: &CanvasColors,
    related: bool,
) {
    let changed = e.change.map(|c| {
        let impact = match c {
            EdgeChange::Added => Impact::Add,
            EdgeChange::Removed => Impact::Remove,
        };
        super::super::colors::color(impact_color(impact))
    });
    let color = if related {
        colors.selection
    } else {
        changed.unwrap_or(colors.edge)
    };
    let width = if related {
        2.2
    } else if changed.is_some() {
        (2.0 * zoom).clamp(1.0, 2.4)
    } else {
        (1.4 * zoom).clamp(0.6, 1.8)
    };
    if e.change == Some(EdgeChange::Removed) {
        painter.extend(Shape::dashed_line(
            points,
            Stroke::new(width, color),
            5.0,
            4.0,
        ));
        paint_head(painter, points, zoom, color);
        return;
    }
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
    paint_head(painter, points, zoom, color);
}

/// What an architecture edge carries (`batch 10`, `send`), in a small chip on its longest
/// segment, when zoomed in enough to read it.
pub(super) fn paint_flow_label(
    painter: &Painter,
    e: &EdgeShape,
    points: &[Pos2],
    zoom: f32,
    colors: &CanvasColors,
) {
    let Some(label) = e.label.as_deref().filter(|l| !l.is_empty()) else {
        return;
    };
    if zoom < 0.3 || points.len() < 2 {
        return;
    }
    let (a, b) = points
        .windows(2)
        .map(|w| (w[0], w[1]))
        .max_by(|x, y| (x.1 - x.0).length().total_cmp(&(y.1 - y.0).length()))
        .unwrap_or((points[0], points[1]));
    let mid = a + (b - a) / 2.0;
    let size = (11.0 * zoom).clamp(7.0, 13.0);
    let galley = painter.layout_no_wrap(
        label.to_owned(),
        egui::FontId::proportional(size),
        colors.text_weak,
    );
    let rect = egui::Rect::from_center_size(mid, galley.size() + vec2(8.0, 3.0));
    // A label longer than its segment would cover the boxes at its ends: the edge's tooltip
    // says it instead.
    let along = (b - a).abs();
    if rect.width() > along.x.max(along.y) - 16.0 {
        return;
    }
    painter.rect_filled(rect, 3.0, colors.background);
    painter.galley(rect.min + vec2(4.0, 1.5), galley, colors.text_weak);
}

/// The arrowhead at the end of `points`, when zoomed in enough.
fn paint_head(painter: &Painter, points: &[Pos2], zoom: f32, color: egui::Color32) {
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
