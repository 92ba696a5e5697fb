//! The scene as SVG: the same boxes, icons, labels and arrows as the canvas at zoom 1.
//!
//! The output is deterministic (the same scene and options give the same bytes), plain SVG 1.1
//! with no scripts, styles or external references, and names the font the PNG renderer ships
//! ([`FONT_FAMILY`]), so a browser with that font shows exactly the PNG.

mod container;
mod edge;
mod node;

use std::fmt::Write as _;

use emath::{Pos2, Rect, pos2};

use super::font::{FONT_FAMILY, FONT_WEIGHT, Metrics};
use super::{ExportOptions, Frame};
use crate::scene::{IconPrim, Palette, Rgba, Scene, StackMark, icon_for, stack_color};

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
    if scene.has_changes() {
        w.legend(pos2(view.min.x + 12.0, view.min.y + 10.0));
    }
    if !scene.stacks.is_empty() {
        w.stack_legend(pos2(view.min.x + 12.0, view.max.y - 20.0), &scene.stacks);
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

/// ` data-stack="name"` for a shape of a project's stack.
fn stack_attr(mark: Option<&StackMark>) -> String {
    mark.map_or_else(String::new, |m| format!(" data-stack=\"{}\"", esc(&m.name)))
}

impl Writer {
    /// The band down the left edge of a shape that says which stack declares it.
    fn stack_band(&mut self, rect: Rect, mark: &StackMark) {
        writeln!(
            self.out,
            "<rect class=\"stack-band\" x=\"{}\" y=\"{}\" width=\"5\" height=\"{}\" rx=\"2\"{}/>",
            num(rect.min.x + 1.0),
            num(rect.min.y + 4.0),
            num((rect.height() - 8.0).max(4.0)),
            fill(stack_color(mark.index)),
        )
        .ok();
    }

    /// The key to the stacks' colours, in a row.
    fn stack_legend(&mut self, at: Pos2, stacks: &[String]) {
        self.out.push_str("<g class=\"legend stacks\">\n");
        let mut x = at.x;
        for (i, name) in stacks.iter().enumerate() {
            writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"3\"{}/>",
                num(x),
                num(at.y),
                fill(stack_color(i)),
            )
            .ok();
            self.text(
                pos2(x + 16.0, at.y + 1.0),
                SMALL_PX,
                self.palette.text,
                name,
                None,
            );
            x += 28.0 + self.metrics.width(name, SMALL_PX);
        }
        self.out.push_str("</g>\n");
    }

    /// The key to a comparison's colours, in a row.
    fn legend(&mut self, at: Pos2) {
        self.out.push_str("<g class=\"legend\">\n");
        let mut x = at.x;
        for impact in crate::compare::Impact::ALL {
            let badge = self.change_badge(pos2(x, at.y), impact);
            let label = impact.label();
            self.text(
                pos2(x + badge + 4.0, at.y + 2.0),
                SMALL_PX,
                self.palette.text,
                label,
                None,
            );
            x += badge + 12.0 + self.metrics.width(label, SMALL_PX);
        }
        self.out.push_str("</g>\n");
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

    pub(super) fn scene(text: &str) -> Scene {
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

    /// The text of each `<text>` element, its lines joined.
    pub(super) fn texts(svg: &str) -> Vec<(String, usize)> {
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
