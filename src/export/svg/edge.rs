//! Edges as SVG: a path styled by reference kind and an arrowhead.

use std::fmt::Write as _;

use emath::vec2;

use super::{Writer, esc, fill, num, points_attr, stroke};
use crate::compare::Impact;
use crate::model::RefKind;
use crate::scene::{EdgeChange, EdgeShape, Rgba, impact_color};

impl Writer {
    /// An edge, with its hover text as the group's title.
    pub(super) fn edge(&mut self, e: &EdgeShape) {
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
        if e.flow {
            self.flow_edge(e);
            return;
        }
        let (color, dash, width) = match e.change {
            Some(EdgeChange::Added) => (impact_color(Impact::Add), dash, 2.0),
            Some(EdgeChange::Removed) => (impact_color(Impact::Remove), Some("5 4"), 2.0),
            None => (color, dash, 1.4),
        };
        writeln!(
            self.out,
            "<g class=\"edge {}{}\" data-from=\"{}\" data-to=\"{}\"><title>{}{}</title>",
            e.kind.label(),
            e.change
                .map_or_else(String::new, |c| format!(" {}", c.key())),
            esc(&e.from_id),
            esc(&e.to_id),
            esc(&e.tooltip()),
            e.change.map_or("", |c| match c {
                EdgeChange::Added => " (new)",
                EdgeChange::Removed => " (gone)",
            }),
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
            self.arrow_head(*b, dir, size, color);
        }
        self.out.push_str("</g>\n");
    }
}

impl Writer {
    /// The arrowhead of an edge ending at `tip`, pointing along `dir`, `size` long.
    fn arrow_head(&mut self, tip: emath::Pos2, dir: emath::Vec2, size: f32, color: Rgba) {
        let normal = vec2(-dir.y, dir.x);
        let base = tip - dir * size;
        let points = [tip, base + normal * size * 0.5, base - normal * size * 0.5];
        writeln!(
            self.out,
            "<polygon points=\"{}\"{}/>",
            points_attr(&points),
            fill(color)
        )
        .ok();
    }

    /// An edge of the architecture: `<g class="edge flow" data-from data-to>` whose title is
    /// what goes along it, a solid line with an arrowhead, and the label on its longest
    /// segment.
    fn flow_edge(&mut self, e: &EdgeShape) {
        let [.., a, b] = e.points.as_slice() else {
            return;
        };
        let p = self.palette;
        let label = e.label.clone().unwrap_or_default();
        writeln!(
            self.out,
            "<g class=\"edge flow\" data-from=\"{}\" data-to=\"{}\"{}><title>{}</title>",
            esc(&e.from_id),
            esc(&e.to_id),
            if e.via.is_empty() {
                String::new()
            } else {
                format!(" data-via=\"{}\"", esc(&e.via.join(" ")))
            },
            esc(&label),
        )
        .ok();
        let size = 9.0;
        let dir = (*b - *a).normalized();
        let head = dir.is_finite() && (*b - *a).length() > 0.0;
        let mut points = e.points.clone();
        if head && let Some(last) = points.last_mut() {
            *last = *b - dir * (size * 0.7);
        }
        writeln!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\"{} stroke-linejoin=\"round\"/>",
            points_attr(&points),
            stroke(p.edge, 1.6)
        )
        .ok();
        if head {
            self.arrow_head(*b, dir, size, p.edge);
        }
        if !label.is_empty()
            && let Some((s, t)) = e
                .points
                .windows(2)
                .map(|w| (w[0], w[1]))
                .max_by(|x, y| (x.1 - x.0).length().total_cmp(&(y.1 - y.0).length()))
        {
            let mid = s + (t - s) / 2.0;
            let width = self.metrics.width(&label, 11.0) + 8.0;
            // As on the canvas: a label longer than its segment is left to the title.
            let along = (t - s).abs();
            if width > along.x.max(along.y) - 16.0 {
                self.out.push_str("</g>\n");
                return;
            }
            writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"15\" rx=\"3\"{}/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\"{}>{}</text>",
                num(mid.x - width / 2.0),
                num(mid.y - 7.5),
                num(width),
                fill(p.background),
                num(mid.x),
                num(mid.y + 4.0),
                fill(p.text_weak),
                esc(&label)
            )
            .ok();
        }
        self.out.push_str("</g>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{scene, texts};
    use super::super::write_svg;
    use crate::export::ExportOptions;

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
}
