//! Containers: VPCs, subnets, Availability Zone columns and category groups, with their icon,
//! title, second line and collapse chevron.

use egui::{Align2, Color32, Painter, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

use super::super::colors::{CanvasColors, category, color};
use super::super::geometry::Header;
use super::super::{LOD_OVERVIEW_BELOW, LOD_PLAIN_BELOW};
use super::font;
use super::node::paint_icon;
use crate::layout::BoxKind;
use crate::scene::{ContainerShape, icon_for};

/// The border colour, fill and dashing of a container, by kind.
fn style(c: &ContainerShape, colors: &CanvasColors) -> (Color32, Color32, bool) {
    let p = colors.palette;
    match c.kind {
        BoxKind::Vpc => (color(p.vpc), color(p.vpc.with_alpha(16)), false),
        BoxKind::Az => (color(p.az), Color32::TRANSPARENT, true),
        BoxKind::Subnet => {
            let accent = if c.public == Some(true) {
                p.public_subnet
            } else {
                p.private_subnet
            };
            (color(accent), color(accent.with_alpha(24)), false)
        }
        BoxKind::Group | BoxKind::Node => (
            category(c.category),
            category(c.category).gamma_multiply(0.06),
            true,
        ),
    }
}

/// A container drawn at `rect` (screen): its box, then its icon, title and second line.
pub(super) fn paint_container(
    painter: &Painter,
    c: &ContainerShape,
    rect: Rect,
    zoom: f32,
    colors: &CanvasColors,
) {
    let (border, fill, dashed) = style(c, colors);
    let width = if c.kind == BoxKind::Vpc { 2.0 } else { 1.4 };
    painter.rect_filled(rect, 8, fill);
    // Dashes cost a shape each; in the overview they are too small to see anyway.
    if dashed && zoom >= LOD_OVERVIEW_BELOW {
        let pts = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        painter.extend(Shape::dashed_line(
            &pts,
            Stroke::new(width, border),
            7.0,
            5.0,
        ));
    } else {
        painter.rect_stroke(rect, 8, Stroke::new(width, border), StrokeKind::Inside);
    }
    if zoom < LOD_PLAIN_BELOW && c.depth > 0 {
        return;
    }
    let x = rect.min.x + 26.0;
    let mut text_x = x;
    if !c.type_name.is_empty() {
        let icon = Rect::from_min_size(pos2(x, rect.min.y + 6.0 * zoom), vec2(20.0, 20.0) * zoom);
        painter.rect_filled(icon, 4, border);
        paint_icon(painter, icon, &icon_for(&c.type_name), Color32::WHITE);
        text_x = icon.max.x + 6.0 * zoom;
    }
    // Top-level containers keep a readable title when zoomed out, for the overview.
    let title_size = if c.depth == 0 && zoom < LOD_PLAIN_BELOW {
        (14.0 * zoom).max(12.0)
    } else {
        14.0 * zoom
    };
    if title_size < 5.0 {
        return;
    }
    let title_font = font(title_size, 1.0);
    let galley = painter.layout_no_wrap(c.title.clone(), title_font, colors.text);
    let title_w = galley.size().x;
    let clip = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    clip.galley(pos2(text_x, rect.min.y + 8.0 * zoom), galley, colors.text);
    clip.text(
        pos2(text_x + title_w + 10.0 * zoom, rect.min.y + 10.0 * zoom),
        Align2::LEFT_TOP,
        &c.subtitle_line,
        font(11.0, zoom),
        if c.public == Some(true) {
            border
        } else {
            colors.text_weak
        },
    );
}

/// The chevron in a container's header: pointing right when collapsed, down when expanded.
pub(super) fn paint_chevron(
    painter: &Painter,
    c: &ContainerShape,
    rect: Rect,
    zoom: f32,
    hovered: bool,
    colors: &CanvasColors,
) {
    let chevron = Header::of(rect, zoom).chevron;
    let color = if hovered {
        colors.text
    } else {
        colors.text_weak
    };
    let center = chevron.center();
    let s = chevron.width() / 4.0;
    let pts = if c.collapsed {
        vec![
            center + vec2(-s * 0.6, -s),
            center + vec2(s, 0.0),
            center + vec2(-s * 0.6, s),
        ]
    } else {
        vec![
            center + vec2(-s, -s * 0.6),
            center + vec2(s, -s * 0.6),
            center + vec2(0.0, s),
        ]
    };
    painter.add(Shape::convex_polygon(pts, color, Stroke::NONE));
}
