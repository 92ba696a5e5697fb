//! Painting the scene: containers, edges, nodes, markers, the rubber band and the minimap.
//!
//! Only what is on screen is painted. Below [`LOD_PLAIN_BELOW`] zoom nodes lose their text
//! and icons, and below [`LOD_OVERVIEW_BELOW`] nodes and edges become two batched meshes, so
//! that the overview of thousands of resources stays fluid.

use egui::{
    Align2, Color32, CornerRadius, FontId, Id, Mesh, Painter, Pos2, Rect, Role, Sense, Shape,
    Stroke, StrokeKind, WidgetInfo, pos2, vec2,
};

use super::colors::{CanvasColors, category, color};
use super::{CanvasAction, CanvasState, LOD_OVERVIEW_BELOW, LOD_PLAIN_BELOW};
use crate::layout::BoxKind;
use crate::model::RefKind;
use crate::scene::{ContainerShape, EdgeShape, IconPrim, NodeShape, Scene, icon_for};

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

/// Paints everything; returns whether a node or container header was clicked.
pub(super) fn paint_scene(
    ui: &egui::Ui,
    painter: &Painter,
    base_id: Id,
    scene: &Scene,
    state: &mut CanvasState,
    colors: &CanvasColors,
    actions: &mut Vec<CanvasAction>,
) -> bool {
    let screen = painter.clip_rect();
    painter.rect_filled(screen, 0, colors.background);
    let camera = state.camera;
    let zoom = camera.zoom();
    let visible = camera.visible_canvas(screen).expand(16.0);
    paint_grid(painter, state, colors);
    let mut clicked = false;
    let toggle = ui.input(|i| i.modifiers.shift || i.modifiers.command);

    for c in &scene.containers {
        if !visible.intersects(c.rect) {
            continue;
        }
        let rect = camera.rect_to_screen(c.rect);
        paint_container(painter, c, rect, zoom, colors);
        let header = Rect::from_min_size(
            rect.min,
            vec2(rect.width(), (crate::layout::HEADER * zoom).max(6.0)),
        );
        if zoom >= LOD_PLAIN_BELOW {
            let key = c.id.key();
            // The chevron stays inside the header band, so it never covers a child.
            let side = (header.height() - 4.0).clamp(6.0, 18.0);
            let chevron = Rect::from_min_size(header.min + vec2(4.0, 2.0), vec2(side, side));
            let label = if c.collapsed {
                format!("Expand {}", c.title)
            } else {
                format!("Collapse {}", c.title)
            };
            let r = ui.interact(chevron, base_id.with(("collapse", &key)), Sense::click());
            r.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
            paint_chevron(
                painter,
                chevron,
                c.collapsed,
                if r.hovered() {
                    colors.text
                } else {
                    colors.text_weak
                },
            );
            if r.clicked() {
                actions.push(CanvasAction::ToggleCollapse(key.clone()));
                clicked = true;
            }
            if let Some(id) = c.id.logical_id() {
                let title_rect = Rect::from_min_max(pos2(chevron.max.x, header.min.y), header.max);
                let r = ui.interact(
                    title_rect,
                    base_id.with(("container", id)),
                    Sense::click_and_drag(),
                );
                r.widget_info(|| {
                    WidgetInfo::selected(Role::Button, true, state.is_selected(id), id)
                });
                if r.clicked() {
                    state.select(id, toggle);
                    clicked = true;
                }
                super::interact::drag_box(&r, id, scene, state, actions);
            }
        }
        if let Some(id) = c.id.logical_id() {
            if state.is_selected(id) {
                painter.rect_stroke(
                    rect,
                    8,
                    Stroke::new(2.5, colors.selection),
                    StrokeKind::Outside,
                );
            }
            if state.highlight.as_deref() == Some(id) {
                painter.rect_stroke(
                    rect.expand(3.0),
                    10,
                    Stroke::new(2.5, colors.highlight),
                    StrokeKind::Outside,
                );
            }
        }
    }

    if zoom < LOD_OVERVIEW_BELOW {
        paint_overview(painter, scene, state, visible, colors);
        return clicked;
    }

    let pointer = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| screen.contains(*p));
    let mut hovered_edge = None;
    for (k, e) in scene.edges.iter().enumerate() {
        if !in_view(e, visible) {
            continue;
        }
        let points: Vec<Pos2> = e.points.iter().map(|p| camera.to_screen(*p)).collect();
        if let Some(p) = pointer
            && distance_to_polyline(p, &points) < 6.0
        {
            hovered_edge = Some(k);
        }
        let related = [e.from_id.as_str(), e.to_id.as_str()]
            .iter()
            .any(|id| state.is_selected(id));
        paint_edge(painter, e, &points, zoom, colors, related);
    }

    for n in &scene.nodes {
        if !visible.intersects(n.rect) {
            continue;
        }
        let rect = camera.rect_to_screen(n.rect);
        let r = ui.interact(
            rect,
            base_id.with(("node", &n.logical_id)),
            Sense::click_and_drag(),
        );
        let selected = state.is_selected(&n.logical_id);
        r.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &n.logical_id));
        if r.clicked() {
            state.select(&n.logical_id, toggle);
            clicked = true;
        }
        super::interact::drag_box(&r, &n.logical_id, scene, state, actions);
        let show_handle = zoom >= LOD_PLAIN_BELOW
            && (ui.rect_contains_pointer(rect.expand(12.0))
                || selected
                || state.connect_from.as_deref() == Some(n.logical_id.as_str()));
        paint_node(painter, n, rect, zoom, colors, r.hovered());
        if state.is_selected(&n.logical_id) {
            painter.rect_stroke(
                rect,
                7,
                Stroke::new(2.5, colors.selection),
                StrokeKind::Outside,
            );
        }
        if state.highlight.as_deref() == Some(n.logical_id.as_str()) {
            painter.rect_stroke(
                rect.expand(3.0),
                9,
                Stroke::new(2.5, colors.highlight),
                StrokeKind::Outside,
            );
        }
        if show_handle {
            super::interact::connect_handle(
                ui, painter, base_id, scene, n, rect, state, colors, actions,
            );
        }
    }

    for m in &scene.markers {
        if !visible.intersects(m.rect) || zoom < LOD_PLAIN_BELOW {
            continue;
        }
        let rect = camera.rect_to_screen(m.rect);
        painter.circle_filled(rect.center(), rect.width() / 2.0, category(m.category));
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "+",
            font(12.0, zoom),
            Color32::WHITE,
        );
        let r = ui.interact(
            rect,
            base_id.with(("marker", &m.logical_id, rect.min.x.to_bits())),
            Sense::click(),
        );
        if r.clicked() {
            state.select(&m.logical_id, false);
            state.center_requested = Some(m.logical_id.clone());
            clicked = true;
        }
        r.on_hover_text(&m.tooltip);
    }

    if let (Some(k), Some(p)) = (hovered_edge, pointer)
        && let Some(e) = scene.edges.get(k)
    {
        paint_tooltip(painter, p + vec2(14.0, 10.0), &e.tooltip, colors);
    }
    clicked
}

/// The overview: every visible edge as thin quads in one mesh, then every visible node as a
/// filled rectangle in another. Edges of the selection and outlines are drawn on top.
fn paint_overview(
    painter: &Painter,
    scene: &Scene,
    state: &CanvasState,
    visible: Rect,
    colors: &CanvasColors,
) {
    let camera = state.camera;
    let mut edges = Mesh::default();
    let edge_color = colors.edge.gamma_multiply(0.6);
    let mut related = Vec::new();
    for e in &scene.edges {
        if !in_view(e, visible) {
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

/// Whether any of an edge's bounding box is in the visible part of the canvas.
fn in_view(e: &EdgeShape, visible: Rect) -> bool {
    let bbox = e
        .points
        .iter()
        .fold(Rect::NOTHING, |r, p| r.union(Rect::from_min_max(*p, *p)));
    visible.intersects(bbox.expand(2.0))
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

fn paint_grid(painter: &Painter, state: &CanvasState, colors: &CanvasColors) {
    let zoom = state.camera.zoom();
    if zoom < 0.35 {
        return;
    }
    let spacing = 40.0;
    let visible = state.camera.visible_canvas(painter.clip_rect());
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
            painter.circle_filled(
                state.camera.to_screen(pos2(x * spacing, y * spacing)),
                1.0,
                color,
            );
            y += 1.0;
        }
        x += 1.0;
    }
}

fn paint_container(
    painter: &Painter,
    c: &ContainerShape,
    rect: Rect,
    zoom: f32,
    colors: &CanvasColors,
) {
    let p = colors.palette;
    let (border, fill, dashed) = match c.kind {
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
    };
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

fn paint_chevron(painter: &Painter, rect: Rect, collapsed: bool, color: Color32) {
    let c = rect.center();
    let s = rect.width() / 4.0;
    let pts = if collapsed {
        vec![
            c + vec2(-s * 0.6, -s),
            c + vec2(s, 0.0),
            c + vec2(-s * 0.6, s),
        ]
    } else {
        vec![
            c + vec2(-s, -s * 0.6),
            c + vec2(s, -s * 0.6),
            c + vec2(0.0, s),
        ]
    };
    painter.add(Shape::convex_polygon(pts, color, Stroke::NONE));
}

fn paint_edge(
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

fn paint_node(
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
    let mut title = painter.layout_no_wrap(n.logical_id.clone(), font(13.5, zoom), colors.text);
    if title.size().x > available {
        let shrink = (available / title.size().x).max(0.7);
        title =
            painter.layout_no_wrap(n.logical_id.clone(), font(13.5 * shrink, zoom), colors.text);
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

/// Paints icon primitives into `rect` in `color`.
pub(crate) fn paint_icon(painter: &Painter, rect: Rect, prims: &[IconPrim], color: Color32) {
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

pub(super) fn paint_tooltip(painter: &Painter, at: Pos2, text: &str, colors: &CanvasColors) {
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

pub(super) fn paint_rubber_band(painter: &Painter, rect: Rect, colors: &CanvasColors) {
    painter.rect(
        rect,
        0,
        colors.selection.gamma_multiply(0.12),
        Stroke::new(1.0, colors.selection),
        StrokeKind::Inside,
    );
}

pub(super) fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
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
