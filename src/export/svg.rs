//! The scene as SVG: the same boxes, icons, labels and arrows as the canvas at zoom 1.
//!
//! The output is deterministic (the same scene and options give the same bytes), plain SVG 1.1
//! with no scripts, styles or external references, and names the font the PNG renderer ships
//! ([`FONT_FAMILY`]), so a browser with that font shows exactly the PNG.

use std::fmt::Write as _;

use emath::{Pos2, Rect, pos2, vec2};

use super::font::{FONT_FAMILY, FONT_WEIGHT, Metrics};
use super::{ExportOptions, Frame};
use crate::layout::BoxKind;
use crate::model::RefKind;
use crate::scene::{
    ContainerShape, EdgeShape, IconPrim, MarkerShape, NodeShape, Palette, Rgba, Scene,
    category_color, icon_for,
};

/// Secondary text size (types, details, subtitles).
const SMALL_PX: f32 = 11.0;
/// Container title size.
const CONTAINER_TITLE_PX: f32 = 14.0;
/// Distance between the tops of two lines, per pixel of font size.
const LINE_SPACING: f32 = 1.12;

/// Writes the scene as an SVG document.
pub fn write_svg(scene: &Scene, options: &ExportOptions) -> String {
    let frame = Frame::of(scene, options);
    let mut w = Writer {
        out: String::new(),
        palette: Palette::of(options.theme),
        metrics: Metrics::new(),
        clips: 0,
    };
    let view = frame.view;
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        w.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" font-family=\"{FONT_FAMILY}, sans-serif\" font-weight=\"{FONT_WEIGHT}\">",
        num(view.width()),
        num(view.height()),
        num(view.min.x),
        num(view.min.y),
        num(view.width()),
        num(view.height()),
    )
    .ok();
    if !options.transparent {
        writeln!(
            w.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(view.min.x),
            num(view.min.y),
            num(view.width()),
            num(view.height()),
            fill(w.palette.background),
        )
        .ok();
    }
    for (c, _) in scene
        .containers
        .iter()
        .zip(&frame.containers)
        .filter(|d| *d.1)
    {
        w.container(c);
    }
    for (e, _) in scene.edges.iter().zip(&frame.edges).filter(|d| *d.1) {
        w.edge(e);
    }
    for (n, _) in scene.nodes.iter().zip(&frame.nodes).filter(|d| *d.1) {
        w.node(n);
    }
    for (m, _) in scene.markers.iter().zip(&frame.markers).filter(|d| *d.1) {
        w.marker(m);
    }
    w.out.push_str("</svg>\n");
    w.out
}

/// The SVG being written, with what every shape needs.
struct Writer {
    out: String,
    palette: Palette,
    metrics: Metrics,
    /// Clip paths written so far, for unique ids.
    clips: usize,
}

impl Writer {
    fn container(&mut self, c: &ContainerShape) {
        let p = self.palette;
        let category = category_color(c.category);
        // The same colours as `canvas::paint::paint_container`.
        let (border, background, dashed) = match c.kind {
            BoxKind::Vpc => (p.vpc, Some(p.vpc.with_alpha(16)), false),
            BoxKind::Az => (p.az, None, true),
            BoxKind::Subnet => {
                let accent = if c.public == Some(true) {
                    p.public_subnet
                } else {
                    p.private_subnet
                };
                (accent, Some(accent.with_alpha(24)), false)
            }
            BoxKind::Group | BoxKind::Node => (category, Some(category.with_alpha(15)), true),
        };
        let width = if c.kind == BoxKind::Vpc { 2.0 } else { 1.4 };
        let class = match c.kind {
            BoxKind::Vpc => "vpc",
            BoxKind::Az => "az",
            BoxKind::Subnet => "subnet",
            BoxKind::Group => "group",
            BoxKind::Node => "node",
        };
        writeln!(
            self.out,
            "<g class=\"container {class}\" data-key=\"{}\">",
            esc(&c.id.key())
        )
        .ok();
        let outline = c.rect.shrink(width / 2.0);
        writeln!(
            self.out,
            "<rect {} rx=\"8\"{}{}{}/>",
            rect_attrs(outline),
            background.map_or_else(|| " fill=\"none\"".to_owned(), fill),
            stroke(border, width),
            if dashed {
                " stroke-dasharray=\"7 5\""
            } else {
                ""
            },
        )
        .ok();

        let mut text_x = c.rect.min.x + 26.0;
        if !c.type_name.is_empty() {
            let icon = Rect::from_min_size(pos2(text_x, c.rect.min.y + 6.0), vec2(20.0, 20.0));
            self.icon(icon, 4.0, border, &c.type_name);
            text_x = icon.max.x + 6.0;
        }
        let available = c.rect.max.x - 8.0 - text_x;
        let (size, title_w) = self.metrics.fit(&c.title, CONTAINER_TITLE_PX, available);
        let clip = (title_w > available).then(|| self.clip(c.rect.shrink(2.0)));
        self.text(
            pos2(text_x, c.rect.min.y + 8.0),
            size,
            p.text,
            &c.title,
            clip.as_deref(),
        );
        let sub = c.subtitle_line.trim();
        let sub_x = text_x + title_w.min(available) + 10.0;
        let sub_room = c.rect.max.x - 8.0 - sub_x;
        if !sub.is_empty() && sub_room > 24.0 {
            let sub = self.metrics.ellipsize(sub, SMALL_PX, sub_room);
            let color = if c.public == Some(true) {
                border
            } else {
                p.text_weak
            };
            self.text(
                pos2(sub_x, c.rect.min.y + 10.0),
                SMALL_PX,
                color,
                &sub,
                None,
            );
        }
        self.out.push_str("</g>\n");
    }

    fn edge(&mut self, e: &EdgeShape) {
        let [.., a, b] = e.points.as_slice() else {
            return;
        };
        let p = self.palette;
        let (color, dash) = match e.kind {
            RefKind::Ref | RefKind::GetAtt(_) => (p.edge, None),
            RefKind::Sub => (p.edge, Some("0 5")),
            RefKind::DependsOn => (p.edge, Some("8 5")),
            RefKind::Condition => (p.text_weak, Some("3 4")),
        };
        let width = 1.4;
        writeln!(
            self.out,
            "<g class=\"edge {}\"><title>{}</title>",
            e.kind.label(),
            esc(&e.tooltip)
        )
        .ok();
        // The line stops inside the arrowhead, so dashes and caps never poke out of its tip.
        let size = 9.0;
        let dir = (*b - *a).normalized();
        let head = dir.is_finite() && (*b - *a).length() > 0.0;
        let mut points = e.points.clone();
        if head && let Some(last) = points.last_mut() {
            *last = *b - dir * (size * 0.7);
        }
        let d = points
            .iter()
            .enumerate()
            .map(|(i, q)| {
                format!(
                    "{}{} {}",
                    if i == 0 { 'M' } else { 'L' },
                    num(q.x),
                    num(q.y)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let style = match (e.kind.label(), dash) {
            // Round dots, as `Shape::dotted_line` draws them.
            ("Sub", Some(dash)) => format!(
                "{} stroke-linecap=\"round\" stroke-dasharray=\"{dash}\"",
                stroke(color, width * 1.6)
            ),
            (_, Some(dash)) => format!("{} stroke-dasharray=\"{dash}\"", stroke(color, width)),
            (_, None) => stroke(color, width),
        };
        writeln!(
            self.out,
            "<path d=\"{d}\" fill=\"none\"{style} stroke-linejoin=\"round\"/>"
        )
        .ok();
        if head {
            let normal = vec2(-dir.y, dir.x);
            let base = *b - dir * size;
            let tip = [*b, base + normal * size * 0.5, base - normal * size * 0.5];
            writeln!(
                self.out,
                "<polygon points=\"{}\"{}/>",
                points_attr(&tip),
                fill(color)
            )
            .ok();
        }
        self.out.push_str("</g>\n");
    }

    fn node(&mut self, n: &NodeShape) {
        let p = self.palette;
        let accent = category_color(n.category);
        let rect = n.rect;
        let broken = if n.errors > 0 { " broken" } else { "" };
        writeln!(
            self.out,
            "<g class=\"node{broken}\" data-logical-id=\"{}\"><title>{} ({})</title>",
            esc(&n.logical_id),
            esc(&n.logical_id),
            esc(&n.type_name)
        )
        .ok();
        if n.repeat.is_some() {
            // A stacked resource: two cards behind, up and to the right, as on the canvas.
            for step in [2.0, 1.0] {
                let back = rect.translate(vec2(4.0, -4.0) * step);
                writeln!(
                    self.out,
                    "<rect class=\"stack\" {} rx=\"7\"{}{}/>",
                    rect_attrs(back.shrink(0.5)),
                    fill(p.node_fill),
                    stroke(p.node_border, 1.0)
                )
                .ok();
            }
        }
        let border = if n.errors > 0 {
            stroke(p.error, 2.0)
        } else {
            stroke(p.node_border, 1.0)
        };
        writeln!(
            self.out,
            "<rect {} rx=\"7\"{}{border}/>",
            rect_attrs(rect.shrink(0.5)),
            fill(p.node_fill),
        )
        .ok();
        if n.fifo {
            writeln!(
                self.out,
                "<rect {} rx=\"5\" fill=\"none\"{}/>",
                rect_attrs(rect.shrink(3.6)),
                stroke(accent, 1.2)
            )
            .ok();
        }
        let icon = Rect::from_min_size(rect.min + vec2(10.0, 12.0), vec2(40.0, 40.0));
        self.icon(icon, 6.0, accent, &n.type_name);
        let x = icon.max.x + 10.0;
        // The warning badge keeps its corner free of text.
        let badge = n.badge_color(&p);
        let right = if badge.is_some() { 22.0 } else { 6.0 };
        let available = rect.max.x - x - right;
        let title = self.metrics.title_lines(&n.logical_id, available);
        let clip = title.overflows.then(|| self.clip(rect.shrink(2.0)));
        // One line sits where the canvas puts it; two lines start higher and push the type down.
        let (first_top, line_height) = if title.lines.len() > 1 {
            (6.0, title.size * LINE_SPACING)
        } else {
            (9.0, 0.0)
        };
        let tops: Vec<f32> = (0..title.lines.len())
            .map(|i| {
                #[expect(clippy::cast_precision_loss, reason = "one or two lines")]
                let i = i as f32;
                rect.min.y + first_top + i * line_height
            })
            .collect();
        self.lines(x, &tops, title.size, p.text, &title.lines, clip.as_deref());
        let below = if title.lines.len() > 1 {
            first_top + 2.0 * line_height + 2.0 - 28.0
        } else {
            0.0
        };
        let room = rect.max.x - x - 6.0;
        let short = self.metrics.ellipsize(&n.short_type, SMALL_PX, room);
        self.text(
            pos2(x, rect.min.y + 28.0 + below),
            SMALL_PX,
            p.text_weak,
            &short,
            None,
        );
        if let Some(detail) = &n.detail_line {
            let color = if n.fifo || n.repeat.is_some() {
                accent
            } else {
                p.text_weak
            };
            let detail = self.metrics.ellipsize(detail, SMALL_PX, room);
            self.text(
                pos2(x, rect.min.y + 43.0 + below),
                SMALL_PX,
                color,
                &detail,
                None,
            );
        }
        if let Some(badge) = badge {
            let c = pos2(rect.max.x - 12.0, rect.min.y + 12.0);
            let r = 6.0;
            let corners = [
                c + vec2(0.0, -r),
                c + vec2(r, r * 0.8),
                c + vec2(-r, r * 0.8),
            ];
            writeln!(
                self.out,
                "<polygon points=\"{}\"{}/>",
                points_attr(&corners),
                fill(badge)
            )
            .ok();
        }
        self.out.push_str("</g>\n");
    }

    fn marker(&mut self, m: &MarkerShape) {
        let c = m.rect.center();
        let r = m.rect.width() / 2.0;
        let arm = r * 0.5;
        writeln!(
            self.out,
            "<g class=\"marker\"><title>{}</title><circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/><path d=\"M{} {} H{} M{} {} V{}\" fill=\"none\"{}/></g>",
            esc(&m.tooltip),
            num(c.x),
            num(c.y),
            num(r),
            fill(category_color(m.category)),
            num(c.x - arm),
            num(c.y),
            num(c.x + arm),
            num(c.x),
            num(c.y - arm),
            num(c.y + arm),
            stroke(WHITE, 1.6),
        )
        .ok();
    }

    /// A rounded square of `color` with the type's icon in white.
    fn icon(&mut self, rect: Rect, radius: f32, color: Rgba, type_name: &str) {
        writeln!(
            self.out,
            "<rect {} rx=\"{}\"{}/>",
            rect_attrs(rect),
            num(radius),
            fill(color)
        )
        .ok();
        let side = rect.width();
        let to = |q: Pos2| rect.min + q.to_vec2() * side;
        let width = (side / 14.0).max(0.8);
        let line = format!(
            " fill=\"none\"{} stroke-linecap=\"round\" stroke-linejoin=\"round\"",
            stroke(WHITE, width)
        );
        for prim in icon_for(type_name) {
            match prim {
                IconPrim::Circle {
                    center,
                    radius,
                    filled,
                } => {
                    let c = to(center);
                    writeln!(
                        self.out,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>",
                        num(c.x),
                        num(c.y),
                        num(radius * side),
                        if filled { fill(WHITE) } else { line.clone() }
                    )
                    .ok();
                }
                IconPrim::Path {
                    points,
                    closed,
                    filled,
                } => {
                    let pts: Vec<Pos2> = points.into_iter().map(to).collect();
                    let element = if closed || filled {
                        "polygon"
                    } else {
                        "polyline"
                    };
                    writeln!(
                        self.out,
                        "<{element} points=\"{}\"{}/>",
                        points_attr(&pts),
                        if filled { fill(WHITE) } else { line.clone() }
                    )
                    .ok();
                }
                IconPrim::Text { center, text, size } => {
                    let c = to(center);
                    let px = size * side;
                    writeln!(
                        self.out,
                        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{}>{}</text>",
                        num(c.x),
                        num(c.y + self.metrics.cap_height * px / 2.0),
                        num(px),
                        fill(WHITE),
                        esc(&text)
                    )
                    .ok();
                }
            }
        }
    }

    /// Lines of one text element, with their tops; the element's text is the lines joined.
    fn lines(
        &mut self,
        x: f32,
        tops: &[f32],
        size: f32,
        color: Rgba,
        lines: &[String],
        clip: Option<&str>,
    ) {
        if let ([top], [line]) = (tops, lines) {
            self.text(pos2(x, *top), size, color, line, clip);
            return;
        }
        let clip = clip.map(|id| format!(" clip-path=\"url(#{id})\""));
        write!(
            self.out,
            "<text font-size=\"{}\"{}{}>",
            num(size),
            fill(color),
            clip.unwrap_or_default()
        )
        .ok();
        for (top, line) in tops.iter().zip(lines) {
            write!(
                self.out,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(x),
                num(top + self.metrics.ascent * size),
                esc(line)
            )
            .ok();
        }
        self.out.push_str("</text>\n");
    }

    /// Writes a clip path for `rect`; returns its id.
    fn clip(&mut self, rect: Rect) -> String {
        self.clips += 1;
        let id = format!("clip{}", self.clips);
        writeln!(
            self.out,
            "<clipPath id=\"{id}\"><rect {}/></clipPath>",
            rect_attrs(rect)
        )
        .ok();
        id
    }

    /// One line of text whose top-left corner is at `top_left`, like egui's `LEFT_TOP`.
    fn text(&mut self, top_left: Pos2, size: f32, color: Rgba, text: &str, clip: Option<&str>) {
        let baseline = top_left.y + self.metrics.ascent * size;
        let clip = clip.map(|id| format!(" clip-path=\"url(#{id})\""));
        writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{}>{}</text>",
            num(top_left.x),
            num(baseline),
            num(size),
            fill(color),
            clip.unwrap_or_default(),
            esc(text)
        )
        .ok();
    }
}

const WHITE: Rgba = Rgba::rgb(255, 255, 255);

/// `fill="#rrggbb"`, with `fill-opacity` when the colour is translucent.
fn fill(c: Rgba) -> String {
    if c.3 == 255 {
        format!(" fill=\"{}\"", c.hex())
    } else {
        format!(
            " fill=\"{}\" fill-opacity=\"{}\"",
            c.hex(),
            num(f32::from(c.3) / 255.0)
        )
    }
}

/// `stroke="#rrggbb" stroke-width="w"`, with `stroke-opacity` when translucent.
fn stroke(c: Rgba, width: f32) -> String {
    let mut s = format!(" stroke=\"{}\" stroke-width=\"{}\"", c.hex(), num(width));
    if c.3 != 255 {
        write!(s, " stroke-opacity=\"{}\"", num(f32::from(c.3) / 255.0)).ok();
    }
    s
}

fn rect_attrs(r: Rect) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        num(r.min.x),
        num(r.min.y),
        num(r.width().max(0.0)),
        num(r.height().max(0.0))
    )
}

fn points_attr(points: &[Pos2]) -> String {
    points
        .iter()
        .map(|q| format!("{},{}", num(q.x), num(q.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number with at most two decimals and no trailing zeros: `12`, `12.5`, `0.07`.
///
/// Rounds in integers: an SVG holds tens of thousands of numbers, and formatting floats with a
/// precision was most of the time of writing one.
fn num(v: f32) -> String {
    let hundredths = (f64::from(v) * 100.0).round();
    if !hundredths.is_finite() || hundredths == 0.0 {
        return "0".to_owned();
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "saturates; canvas coordinates are far inside i64"
    )]
    let h = hundredths as i64;
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    let (int, frac) = (a / 100, a % 100);
    if frac == 0 {
        format!("{sign}{int}")
    } else if frac % 10 == 0 {
        format!("{sign}{int}.{}", frac / 10)
    } else {
        format!("{sign}{int}.{frac:02}")
    }
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::export::{ViewFilters, headless_scene};

    fn scene(text: &str) -> Scene {
        let t = import_text(text, "t.yaml", None, false).unwrap().template;
        headless_scene(&t, "t.yaml", &ViewFilters::default())
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.066), "0.07");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(100.05), "100.05");
        assert_eq!(num(7.999), "8");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}"
        );
    }

    #[test]
    fn edges_are_styled_by_kind_and_ids_are_text() {
        let s = scene(
            "Resources:\n  A: {Type: AWS::SNS::Topic}\n  B: {Type: AWS::SQS::Queue, DependsOn: A, Properties: {QueueName: !Sub '${A}-q', FifoQueue: true}}\n  C: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn, x: !Ref A}}}\n",
        );
        let svg = write_svg(&s, &ExportOptions::default());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts = texts(&svg);
        for id in ["A", "B", "C"] {
            assert!(texts.iter().any(|(t, _)| t == id), "{id} in {texts:?}");
        }
        assert!(svg.contains("stroke-dasharray=\"8 5\""), "DependsOn dashed");
        assert!(svg.contains("stroke-dasharray=\"0 5\""), "Sub dotted");
        assert!(svg.contains("class=\"edge GetAtt\""));
        assert!(svg.contains("class=\"edge Ref\""));
        let fifo_rects = doc
            .descendants()
            .filter(|n| n.attribute("data-logical-id") == Some("B"))
            .flat_map(|g| g.children().filter(|c| c.has_tag_name("rect")))
            .count();
        assert_eq!(fifo_rects, 3, "box, inner FIFO border, icon square");
        assert_eq!(svg, write_svg(&s, &ExportOptions::default()));
    }

    /// The text of each `<text>` element, its lines joined.
    fn texts(svg: &str) -> Vec<(String, usize)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let text: String = n
                    .descendants()
                    .filter(roxmltree::Node::is_text)
                    .filter_map(|t| t.text())
                    .collect();
                (
                    text,
                    n.children().filter(|c| c.has_tag_name("tspan")).count(),
                )
            })
            .collect()
    }

    #[test]
    fn long_ids_shrink_then_break_in_two_lines_then_clip() {
        let ids = [
            "Short",
            "MasterStorageMountTarget",
            "PublicSubnetARouteTableAssociation",
            "AVeryLongLogicalIdentifierThatCannotFitInABoxAtAllEvenInTwoLinesOfSmallTextBecauseItIsFarTooLong",
        ];
        let mut yaml = String::new();
        for id in ids {
            writeln!(yaml, "  {id}: {{Type: AWS::SNS::Topic}}").ok();
        }
        let svg = write_svg(
            &scene(&format!("Resources:\n{yaml}")),
            &ExportOptions::default(),
        );
        let texts = texts(&svg);
        let lines = |id: &str| texts.iter().find(|(t, _)| t == id).unwrap().1;
        assert_eq!(lines("Short"), 0, "one plain line");
        assert_eq!(lines("MasterStorageMountTarget"), 0, "shrinks a little");
        assert_eq!(lines("PublicSubnetARouteTableAssociation"), 2);
        assert!(
            svg.contains(">TableAssociation</tspan>"),
            "balanced halves: {svg}"
        );
        assert_eq!(
            svg.matches("clip-path=").count(),
            1,
            "only the longest is clipped"
        );
    }

    #[test]
    fn themes_and_transparency() {
        let s = scene("Resources:\n  A: {Type: AWS::SNS::Topic}\n");
        let light = write_svg(&s, &ExportOptions::default());
        let dark = write_svg(
            &s,
            &ExportOptions {
                theme: crate::scene::Theme::Dark,
                ..ExportOptions::default()
            },
        );
        let bg = |t| Palette::of(t).background.hex();
        assert!(light.contains(&bg(crate::scene::Theme::Light)));
        assert!(dark.contains(&bg(crate::scene::Theme::Dark)));
        let clear = write_svg(
            &s,
            &ExportOptions {
                transparent: true,
                ..ExportOptions::default()
            },
        );
        assert!(!clear.contains(&bg(crate::scene::Theme::Light)));
    }
}
