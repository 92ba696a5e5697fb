//! Containers (VPCs, subnets, zones, groups) and the markers on their headers, as SVG.

use std::fmt::Write as _;

use emath::{Rect, pos2, vec2};

use super::{CONTAINER_TITLE_PX, SMALL_PX, WHITE, Writer, esc, fill, num, rect_attrs, stroke};
use crate::layout::BoxKind;
use crate::scene::{ContainerShape, MarkerShape, category_color};

impl Writer {
    /// A container: its box, icon, title and second line.
    pub(super) fn container(&mut self, c: &ContainerShape) {
        let p = self.palette;
        let category = category_color(c.category);
        // The same colours as the canvas (`canvas/paint/container.rs`).
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
        let (change, ghost) = super::node::change_attrs(c.change);
        writeln!(
            self.out,
            "<g class=\"container {class}{}\" data-key=\"{}\"{}{change}{ghost}>",
            c.change
                .map_or_else(String::new, |x| format!(" change {}", x.key())),
            esc(&c.id.key()),
            super::stack_attr(c.stack.as_ref()),
        )
        .ok();
        let (border, width) = match c.change {
            Some(x) => (crate::scene::impact_color(x), 2.5),
            None => (border, width),
        };
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
        if let Some(mark) = &c.stack {
            self.stack_band(
                Rect::from_min_size(c.rect.min, emath::vec2(c.rect.width(), 30.0)),
                mark,
            );
        }
        if let Some(x) = c.change {
            self.change_badge(pos2(c.rect.max.x - 40.0, c.rect.min.y - 8.0), x);
        }

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

    /// A marker for a resource that also spans this subnet: a category circle with a plus.
    pub(super) fn marker(&mut self, m: &MarkerShape) {
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
}
