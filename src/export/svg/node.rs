//! Resource nodes as SVG: the card, icon, title (shrunk, broken in two lines or clipped to
//! fit), type, detail and badge.

use std::fmt::Write as _;

use emath::{Rect, pos2, vec2};

use super::{LINE_SPACING, SMALL_PX, Writer, esc, fill, points_attr, rect_attrs, stroke};
use crate::compare::Impact;
use crate::scene::{NodeShape, category_color, impact_color};

impl Writer {
    /// A resource node.
    pub(super) fn node(&mut self, n: &NodeShape) {
        let p = self.palette;
        let accent = category_color(n.category);
        let rect = n.rect;
        let broken = if n.errors > 0 { " broken" } else { "" };
        let (change, ghost) = change_attrs(n.change);
        writeln!(
            self.out,
            "<g class=\"node{broken}{}\" data-logical-id=\"{}\"{}{change}{ghost}><title>{} ({}){}</title>",
            n.change.map_or_else(String::new, |c| format!(" change {}", c.key())),
            esc(&n.logical_id),
            super::stack_attr(n.stack.as_ref()),
            esc(&n.logical_id),
            esc(&n.type_name),
            n.change.map_or_else(String::new, |c| format!(": {}", c.label())),
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
        let border = match n.change {
            Some(c) if matches!(c, Impact::Remove | Impact::Orphan) => {
                format!("{} stroke-dasharray=\"6 4\"", stroke(impact_color(c), 2.5))
            }
            Some(c) => stroke(impact_color(c), 2.5),
            None if n.errors > 0 => stroke(p.error, 2.0),
            None => stroke(p.node_border, 1.0),
        };
        writeln!(
            self.out,
            "<rect {} rx=\"7\"{}{border}/>",
            rect_attrs(rect.shrink(0.5)),
            fill(p.node_fill),
        )
        .ok();
        if let Some(mark) = &n.stack {
            self.stack_band(rect, mark);
        }
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
        let title = self.metrics.title_lines(n.name(), available);
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
        if let Some(c) = n.change {
            self.change_badge(pos2(rect.min.x - 4.0, rect.min.y - 8.0), c);
        }
        self.out.push_str("</g>\n");
    }

    /// The tag of a change at the top-left corner of a shape: `+`, `-`, `kept`, `R`, `R?`,
    /// `~` on the impact's colour.
    pub(super) fn change_badge(&mut self, at: emath::Pos2, c: Impact) -> f32 {
        let text = c.tag();
        let w = 10.0 + self.metrics.width(text, SMALL_PX);
        let r = Rect::from_min_size(at, vec2(w, 16.0));
        writeln!(
            self.out,
            "<rect class=\"change-badge\" {} rx=\"8\"{}/>",
            rect_attrs(r),
            fill(impact_color(c))
        )
        .ok();
        self.text(
            pos2(r.min.x + 5.0, r.min.y + 2.0),
            SMALL_PX,
            super::WHITE,
            text,
            None,
        );
        w
    }
}

/// ` data-change="replace"` and, for what only the old version has, a faded look.
pub(super) fn change_attrs(c: Option<Impact>) -> (String, &'static str) {
    match c {
        None => (String::new(), ""),
        Some(c) => (
            format!(" data-change=\"{}\"", c.key()),
            if matches!(c, Impact::Remove | Impact::Orphan) {
                " opacity=\"0.55\""
            } else {
                ""
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::super::tests::{scene, texts};
    use super::super::write_svg;
    use crate::export::ExportOptions;

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
}
