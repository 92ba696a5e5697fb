//! Resource nodes (card, icon, title, type, detail, badge), their connection handles, the
//! markers of resources that span several subnets, and icons.

use egui::{
    Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, pos2,
    vec2,
};

use super::super::LOD_PLAIN_BELOW;
use super::super::colors::{CanvasColors, category, color};
use super::{font, font_size};
use crate::compare::Impact;
use crate::scene::{IconPrim, MarkerShape, NodeShape, icon_for, impact_color};

/// A node drawn at `rect` (screen); below [`LOD_PLAIN_BELOW`] a plain box.
pub(super) fn paint_node(
    painter: &Painter,
    n: &NodeShape,
    rect: Rect,
    zoom: f32,
    colors: &CanvasColors,
    hovered: bool,
) {
    let accent = category(n.category);
    if zoom < LOD_PLAIN_BELOW {
        painter.rect_filled(rect, 2, accent.gamma_multiply(0.85));
        return;
    }
    let badge = n.badge_color(&colors.palette).map(color);
    let border = if n.errors > 0 {
        // A resource CloudFormation would refuse is outlined in the error colour.
        Stroke::new(2.0 * zoom.max(0.75), badge.unwrap_or(accent))
    } else if hovered {
        Stroke::new(1.5, accent)
    } else {
        colors.node_border
    };
    if n.repeat.is_some() {
        // A stacked resource: two cards behind, up and to the right.
        for step in [2.0, 1.0] {
            let back = rect.translate(vec2(4.0, -4.0) * step * zoom);
            painter.rect(
                back,
                7,
                colors.node_fill,
                colors.node_border,
                StrokeKind::Inside,
            );
        }
    }
    painter.rect(rect, 7, colors.node_fill, border, StrokeKind::Inside);
    if n.fifo {
        painter.rect_stroke(
            rect.shrink(3.0 * zoom),
            5,
            Stroke::new(1.2, accent),
            StrokeKind::Inside,
        );
    }
    let s = zoom;
    let icon = Rect::from_min_size(rect.min + vec2(10.0, 12.0) * s, vec2(40.0, 40.0) * s);
    painter.rect_filled(icon, CornerRadius::same(6), accent);
    paint_icon(painter, icon, &icon_for(&n.type_name), Color32::WHITE);
    let clip = painter.with_clip_rect(rect.shrink(2.0).intersect(painter.clip_rect()));
    let x = icon.max.x + 10.0 * s;
    // Long logical IDs get a smaller font rather than being cut, down to 70%.
    let available = rect.max.x - x - 6.0 * s;
    let mut title = painter.layout_no_wrap(n.name().to_owned(), font(13.5, zoom), colors.text);
    if title.size().x > available {
        let shrink = (available / title.size().x).max(0.7);
        title = painter.layout_no_wrap(n.name().to_owned(), font(13.5 * shrink, zoom), colors.text);
    }
    clip.galley(pos2(x, rect.min.y + 9.0 * s), title, colors.text);
    clip.text(
        pos2(x, rect.min.y + 28.0 * s),
        Align2::LEFT_TOP,
        &n.short_type,
        font(11.0, zoom),
        colors.text_weak,
    );
    if let Some(detail) = &n.detail_line {
        let color = if n.fifo || n.repeat.is_some() {
            accent
        } else {
            colors.text_weak
        };
        clip.text(
            pos2(x, rect.min.y + 43.0 * s),
            Align2::LEFT_TOP,
            detail,
            font(11.0, zoom),
            color,
        );
    }
    if let Some(badge) = badge {
        let c = pos2(rect.max.x - 12.0 * s, rect.min.y + 12.0 * s);
        let r = 6.0 * s;
        painter.add(Shape::convex_polygon(
            vec![
                c + vec2(0.0, -r),
                c + vec2(r, r * 0.8),
                c + vec2(-r, r * 0.8),
            ],
            badge,
            Stroke::NONE,
        ));
    }
}

/// A comparison's mark on a node or container drawn at `rect` (screen): an outline in the
/// impact's colour, dashed and faded for what only the old version has, and its tag (`+`,
/// `-`, `kept`, `R`, `R?`, `~`) at the top-left corner (top-right for a container, whose title
/// sits on the left), as in the SVG.
pub(super) fn paint_change(
    painter: &Painter,
    rect: Rect,
    change: Impact,
    zoom: f32,
    colors: &CanvasColors,
    node: bool,
) {
    let c = color(impact_color(change));
    let gone = matches!(change, Impact::Remove | Impact::Orphan);
    let width = (2.5 * zoom).clamp(1.5, 3.0);
    if gone {
        painter.rect_filled(rect, 7, colors.background.gamma_multiply(0.45));
        let pts = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        painter.extend(Shape::dashed_line(&pts, Stroke::new(width, c), 6.0, 4.0));
    } else {
        painter.rect_stroke(rect, 7, Stroke::new(width, c), StrokeKind::Inside);
    }
    if zoom < LOD_PLAIN_BELOW {
        return;
    }
    let tag = change.tag();
    let size_pt = (10.5 * zoom).max(9.0);
    let galley = painter.layout_no_wrap(
        tag.to_owned(),
        FontId::proportional(size_pt),
        Color32::WHITE,
    );
    let pad = vec2(5.0, 2.0) * (size_pt / 10.5);
    let size = galley.size() + pad * 2.0;
    let min = if node {
        pos2(rect.min.x - 4.0 * zoom, rect.min.y - size.y * 0.5)
    } else {
        pos2(rect.max.x - 40.0 * zoom, rect.min.y - size.y * 0.5)
    };
    let pill = Rect::from_min_size(min, size);
    painter.rect_filled(pill, CornerRadius::same(8), c);
    painter.galley(pill.min + pad, galley, Color32::WHITE);
}

/// A text badge (a node's monthly cost) on the top edge of a node drawn at `rect` (screen),
/// right-aligned near its top-right corner, above the problem badge.
pub(super) fn paint_text_badge(
    painter: &Painter,
    rect: Rect,
    text: &str,
    zoom: f32,
    colors: &CanvasColors,
) {
    // Readable when zoomed out: never below 9 points.
    let size_pt = (10.5 * zoom).max(9.0);
    let galley =
        painter.layout_no_wrap(text.to_owned(), FontId::proportional(size_pt), colors.text);
    let pad = vec2(5.0, 2.0) * (size_pt / 10.5);
    let size = galley.size() + pad * 2.0;
    let min = pos2(rect.max.x - 8.0 * zoom - size.x, rect.min.y - size.y * 0.6);
    let pill = Rect::from_min_size(min, size);
    painter.rect(
        pill,
        CornerRadius::same(8),
        colors.node_fill,
        Stroke::new(1.0, colors.text_weak),
        StrokeKind::Inside,
    );
    painter.galley(pill.min + pad, galley, colors.text);
}

/// The connection handle on the right edge of a node drawn at `rect` (screen).
pub(super) fn paint_handle(painter: &Painter, rect: Rect, colors: &CanvasColors) {
    painter.circle(
        rect.right_center(),
        5.0,
        colors.node_fill,
        Stroke::new(2.0, colors.selection),
    );
}

/// A spanning marker drawn at `rect` (screen): a category circle with a plus.
pub(super) fn paint_marker(painter: &Painter, m: &MarkerShape, rect: Rect, zoom: f32) {
    painter.circle_filled(rect.center(), rect.width() / 2.0, category(m.category));
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        "+",
        font(12.0, zoom),
        Color32::WHITE,
    );
}

/// Paints icon primitives into `rect` in `color`.
pub(super) fn paint_icon(painter: &Painter, rect: Rect, prims: &[IconPrim], color: Color32) {
    let to = |p: Pos2| rect.min + (p.to_vec2() * rect.width());
    let width = (rect.width() / 14.0).max(0.8);
    for prim in prims {
        match prim {
            IconPrim::Circle {
                center,
                radius,
                filled,
            } => {
                if *filled {
                    painter.circle_filled(to(*center), radius * rect.width(), color);
                } else {
                    painter.circle_stroke(
                        to(*center),
                        radius * rect.width(),
                        Stroke::new(width, color),
                    );
                }
            }
            IconPrim::Path {
                points,
                closed,
                filled,
            } => {
                let pts: Vec<Pos2> = points.iter().map(|p| to(*p)).collect();
                if *filled {
                    painter.add(Shape::convex_polygon(pts, color, Stroke::NONE));
                } else if *closed {
                    painter.add(Shape::closed_line(pts, Stroke::new(width, color)));
                } else {
                    painter.add(Shape::line(pts, Stroke::new(width, color)));
                }
            }
            IconPrim::Text { center, text, size } => {
                painter.text(
                    to(*center),
                    Align2::CENTER_CENTER,
                    text,
                    FontId::proportional(font_size(size * rect.width())),
                    color,
                );
            }
        }
    }
}
