//! The paint pass: draws the scene, drag feedback, tooltips, the rubber band and the minimap
//! from the scene, the view state and what the hit-test pass found. It allocates no widgets,
//! changes no state and returns nothing.
//!
//! Only what is on screen is painted. Below [`LOD_PLAIN_BELOW`] zoom nodes lose their text
//! and icons, and below [`LOD_OVERVIEW_BELOW`] nodes and edges become two batched meshes, so
//! that the overview of thousands of resources stays fluid.

mod container;
mod edge;
mod minimap;
mod node;
mod overview;

use egui::{FontId, Painter, Pos2, Rect, Stroke, StrokeKind, pos2, vec2};

use super::colors::{CanvasColors, category, color};
use super::interact::Hits;
use super::{Camera, CanvasState, LOD_OVERVIEW_BELOW, LOD_PLAIN_BELOW};
use crate::model::Category;
use crate::scene::Scene;

/// Paints the canvas: the scene, then the rubber band, what a drag would do, and the minimap.
pub(super) fn paint(
    painter: &Painter,
    scene: &Scene,
    state: &CanvasState,
    hits: &Hits,
    colors: &CanvasColors,
) {
    paint_scene(painter, scene, state, hits, colors);
    if let Some(band) = hits.rubber_band {
        paint_rubber_band(painter, band, colors);
    }
    paint_drag_feedback(painter, state, hits.camera, colors);
    if let Some(map) = &hits.minimap {
        minimap::paint_minimap(painter, scene, state, map, colors);
    }
    if !scene.stacks.is_empty() {
        paint_stack_legend(painter, &scene.stacks, colors);
    }
}

/// The colour of a stack, for egui.
fn stack_color32(index: usize) -> egui::Color32 {
    let c = crate::scene::stack_color(index);
    egui::Color32::from_rgb(c.0, c.1, c.2)
}

/// The band down the left of a shape of a project's stack, as in the SVG.
fn paint_stack_band(painter: &Painter, rect: egui::Rect, index: usize, zoom: f32) {
    let band = egui::Rect::from_min_size(
        rect.min + egui::vec2(1.0, 4.0) * zoom,
        egui::vec2(5.0 * zoom, (rect.height() - 8.0 * zoom).max(4.0)),
    );
    painter.rect_filled(band, 2, stack_color32(index));
}

/// The key to the stacks' colours, in the canvas's bottom-left corner.
fn paint_stack_legend(painter: &Painter, stacks: &[String], colors: &CanvasColors) {
    let screen = painter.clip_rect();
    let font = egui::FontId::proportional(12.0);
    let mut x = screen.min.x + 12.0;
    let y = screen.max.y - 26.0;
    let galleys: Vec<_> = stacks
        .iter()
        .map(|s| painter.layout_no_wrap(s.clone(), font.clone(), colors.text))
        .collect();
    let width: f32 = galleys.iter().map(|g| g.size().x + 30.0).sum();
    let back =
        egui::Rect::from_min_size(egui::pos2(x - 6.0, y - 6.0), egui::vec2(width + 4.0, 24.0));
    painter.rect_filled(back, 4, colors.background.gamma_multiply(0.92));
    for (i, g) in galleys.into_iter().enumerate() {
        let swatch = egui::Rect::from_min_size(egui::pos2(x, y), egui::vec2(12.0, 12.0));
        painter.rect_filled(swatch, 3, stack_color32(i));
        let w = g.size().x;
        painter.galley(egui::pos2(x + 16.0, y - 1.0), g, colors.text);
        x += w + 30.0;
    }
}

/// The background, grid, containers, edges, nodes and markers, in that order, then the
/// tooltip of the edge under the pointer.
fn paint_scene(
    painter: &Painter,
    scene: &Scene,
    state: &CanvasState,
    hits: &Hits,
    colors: &CanvasColors,
) {
    let screen = painter.clip_rect();
    painter.rect_filled(screen, 0, colors.background);
    let camera = hits.camera;
    let zoom = camera.zoom();
    let visible = camera.visible_canvas(screen).expand(16.0);
    paint_grid(painter, camera, colors);

    for (i, c) in scene.containers.iter().enumerate() {
        if !visible.intersects(c.rect) {
            continue;
        }
        let rect = camera.rect_to_screen(c.rect);
        container::paint_container(painter, c, rect, zoom, colors);
        if let Some(mark) = &c.stack {
            let title = egui::Rect::from_min_size(rect.min, egui::vec2(rect.width(), 30.0 * zoom));
            paint_stack_band(painter, title, mark.index, zoom);
        }
        if let Some(change) = c.change {
            node::paint_change(painter, rect, change, zoom, colors, false);
        }
        if zoom >= LOD_PLAIN_BELOW {
            container::paint_chevron(painter, c, rect, zoom, hits.chevron_hovered(i), colors);
        }
        if let Some(id) = c.id.logical_id() {
            paint_outline(painter, rect, 8, state, id, colors);
        }
    }

    if zoom < LOD_OVERVIEW_BELOW {
        overview::paint_overview(painter, scene, state, camera, visible, colors);
        return;
    }

    for e in &scene.edges {
        if !super::geometry::edge_in_view(e, visible) {
            continue;
        }
        let points: Vec<Pos2> = e.points.iter().map(|p| camera.to_screen(*p)).collect();
        let related = [e.from_id.as_str(), e.to_id.as_str()]
            .iter()
            .any(|id| state.is_selected(id));
        edge::paint_edge(painter, e, &points, zoom, colors, related);
    }
    // The architecture's labels go over every edge, so that none hides another's.
    for e in &scene.edges {
        if e.flow && super::geometry::edge_in_view(e, visible) {
            let points: Vec<Pos2> = e.points.iter().map(|p| camera.to_screen(*p)).collect();
            edge::paint_flow_label(painter, e, &points, zoom, colors);
        }
    }

    for (i, n) in scene.nodes.iter().enumerate() {
        if !visible.intersects(n.rect) {
            continue;
        }
        let rect = camera.rect_to_screen(n.rect);
        node::paint_node(painter, n, rect, zoom, colors, hits.node_hovered(i));
        if let Some(mark) = &n.stack {
            paint_stack_band(painter, rect, mark.index, zoom);
        }
        if let Some(change) = n.change {
            node::paint_change(painter, rect, change, zoom, colors, true);
        }
        paint_outline(painter, rect, 7, state, &n.logical_id, colors);
        if hits.shows_handle(i) {
            node::paint_handle(painter, rect, colors);
        }
    }

    if zoom >= LOD_PLAIN_BELOW && !state.badges.is_empty() {
        // After every node, so that a neighbour never covers a badge.
        for n in &scene.nodes {
            if let Some(text) = state.badges.get(&n.logical_id)
                && visible.intersects(n.rect)
            {
                node::paint_text_badge(painter, camera.rect_to_screen(n.rect), text, zoom, colors);
            }
        }
    }

    if zoom >= LOD_PLAIN_BELOW {
        for m in &scene.markers {
            if visible.intersects(m.rect) {
                node::paint_marker(painter, m, camera.rect_to_screen(m.rect), zoom);
            }
        }
    }

    if let Some((k, p)) = hits.edge_tooltip
        && let Some(e) = scene.edges.get(k)
    {
        paint_tooltip(painter, p + vec2(14.0, 10.0), &e.tooltip(), colors);
    }
}

/// The outlines of a selected box and of the search hit, around `rect` with this corner.
fn paint_outline(
    painter: &Painter,
    rect: Rect,
    corner: u8,
    state: &CanvasState,
    logical_id: &str,
    colors: &CanvasColors,
) {
    if state.is_selected(logical_id) {
        painter.rect_stroke(
            rect,
            corner,
            Stroke::new(2.5, colors.selection),
            StrokeKind::Outside,
        );
    }
    if state.highlight.as_deref() == Some(logical_id) {
        painter.rect_stroke(
            rect.expand(3.0),
            corner + 2,
            Stroke::new(2.5, colors.highlight),
            StrokeKind::Outside,
        );
    }
}

/// Dots every 40 canvas units, when zoomed in enough to see them and not too many.
fn paint_grid(painter: &Painter, camera: Camera, colors: &CanvasColors) {
    let zoom = camera.zoom();
    if zoom < 0.35 {
        return;
    }
    let spacing = 40.0;
    let visible = camera.visible_canvas(painter.clip_rect());
    let color = color(colors.palette.grid);
    let (x0, y0) = (
        (visible.min.x / spacing).floor(),
        (visible.min.y / spacing).floor(),
    );
    let (x1, y1) = (
        (visible.max.x / spacing).ceil(),
        (visible.max.y / spacing).ceil(),
    );
    if (x1 - x0) * (y1 - y0) > 6000.0 {
        return;
    }
    let mut x = x0;
    while x <= x1 {
        let mut y = y0;
        while y <= y1 {
            painter.circle_filled(camera.to_screen(pos2(x * spacing, y * spacing)), 1.0, color);
            y += 1.0;
        }
        x += 1.0;
    }
}

/// While dragging: the connection line and what a drop would do.
fn paint_drag_feedback(
    painter: &Painter,
    state: &CanvasState,
    camera: Camera,
    colors: &CanvasColors,
) {
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

/// A one-line tooltip with its top-left corner at `at`.
fn paint_tooltip(painter: &Painter, at: Pos2, text: &str, colors: &CanvasColors) {
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(12.0), colors.text);
    let rect = Rect::from_min_size(at, galley.size() + vec2(12.0, 8.0));
    painter.rect(
        rect,
        4,
        colors.node_fill,
        colors.node_border,
        StrokeKind::Inside,
    );
    painter.galley(at + vec2(6.0, 4.0), galley, colors.text);
}

/// The rubber band of a Shift+drag selection, on screen.
fn paint_rubber_band(painter: &Painter, rect: Rect, colors: &CanvasColors) {
    painter.rect(
        rect,
        0,
        colors.selection.gamma_multiply(0.12),
        Stroke::new(1.0, colors.selection),
        StrokeKind::Inside,
    );
}

/// Font size for a canvas size at a zoom; see [`font_size`].
fn font(size_in_canvas: f32, zoom: f32) -> FontId {
    FontId::proportional(font_size(size_in_canvas * zoom))
}

/// The canvas's font sizes: whole points up to 12, the sizes used at 100%, then steps of
/// about 12%. Every size zooming passes through rasterizes its glyphs into egui's font atlas,
/// which does not shrink, and lays its labels out anew; with half-point steps, zooming in and
/// out on a big template grew the app by about 60 MB. Sizes round down, so a label never
/// outgrows its box.
fn font_size(points: f32) -> f32 {
    const LADDER: [f32; 27] = [
        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 13.5, 14.0, 15.5,
        17.0, 19.0, 21.0, 24.0, 27.0, 30.0, 34.0, 38.0, 43.0, 48.0, 54.0,
    ];
    LADDER
        .iter()
        .rev()
        .find(|&&s| s <= points)
        .copied()
        .unwrap_or(1.0)
}
