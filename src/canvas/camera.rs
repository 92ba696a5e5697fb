//! The camera: which part of the canvas the screen shows.

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Vec2};

/// Smallest and largest zoom.
pub const ZOOM_RANGE: (f32, f32) = (0.05, 3.0);

/// Maps canvas coordinates to screen coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Canvas to screen.
    pub screen_from_canvas: TSTransform,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            screen_from_canvas: TSTransform::IDENTITY,
        }
    }
}

impl Camera {
    /// The zoom factor (screen points per canvas unit).
    pub fn zoom(&self) -> f32 {
        self.screen_from_canvas.scaling
    }

    /// A canvas point on screen.
    pub fn to_screen(&self, pos_in_canvas: Pos2) -> Pos2 {
        self.screen_from_canvas.mul_pos(pos_in_canvas)
    }

    /// A canvas rectangle on screen.
    pub fn rect_to_screen(&self, rect_in_canvas: Rect) -> Rect {
        self.screen_from_canvas.mul_rect(rect_in_canvas)
    }

    /// A screen point on the canvas.
    pub fn to_canvas(&self, pos_in_screen: Pos2) -> Pos2 {
        self.screen_from_canvas.inverse().mul_pos(pos_in_screen)
    }

    /// The canvas area visible in `screen`.
    pub fn visible_canvas(&self, screen: Rect) -> Rect {
        self.screen_from_canvas.inverse().mul_rect(screen)
    }

    /// Moves the view by a screen distance.
    pub fn pan(&mut self, delta_in_screen: Vec2) {
        self.screen_from_canvas.translation += delta_in_screen;
    }

    /// Zooms by `factor`, keeping the canvas point under `anchor_in_screen` still.
    pub fn zoom_at(&mut self, anchor_in_screen: Pos2, factor: f32) {
        let old = self.zoom();
        let new = (old * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        let anchor_in_canvas = self.to_canvas(anchor_in_screen);
        self.screen_from_canvas.scaling = new;
        self.screen_from_canvas.translation =
            anchor_in_screen.to_vec2() - anchor_in_canvas.to_vec2() * new;
    }

    /// Shows all of `content` in `screen`, with a margin; zooms in no further than 1:1.
    pub fn fit(&mut self, content_in_canvas: Rect, screen: Rect) {
        if !content_in_canvas.is_finite() || content_in_canvas.area() <= 0.0 || screen.area() <= 0.0
        {
            return;
        }
        let margin = 40.0;
        let avail = (screen.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(10.0));
        let zoom = (avail.x / content_in_canvas.width())
            .min(avail.y / content_in_canvas.height())
            .clamp(ZOOM_RANGE.0, 1.0);
        self.screen_from_canvas.scaling = zoom;
        self.center_on(content_in_canvas.center(), screen);
    }

    /// Fits `content` like [`Self::fit`], but never below `legible` (the zoom at which names
    /// can be read): then the content's left (or top) edge is shown, where the flow starts,
    /// and the rest scrolls.
    pub fn fit_legible(&mut self, content_in_canvas: Rect, screen: Rect, legible: f32) {
        self.fit(content_in_canvas, screen);
        if self.zoom() >= legible || !content_in_canvas.is_finite() {
            return;
        }
        let margin = 40.0;
        self.screen_from_canvas.scaling = legible;
        let size = content_in_canvas.size() * legible;
        let x = if size.x + 2.0 * margin <= screen.width() {
            screen.center().x - content_in_canvas.center().x * legible
        } else {
            screen.min.x + margin - content_in_canvas.min.x * legible
        };
        let y = if size.y + 2.0 * margin <= screen.height() {
            screen.center().y - content_in_canvas.center().y * legible
        } else {
            screen.min.y + margin - content_in_canvas.min.y * legible
        };
        self.screen_from_canvas.translation = egui::vec2(x, y);
    }

    /// Puts the canvas point `target` at the centre of `screen`, keeping the zoom.
    pub fn center_on(&mut self, target_in_canvas: Pos2, screen: Rect) {
        let zoom = self.zoom();
        self.screen_from_canvas.translation =
            screen.center().to_vec2() - target_in_canvas.to_vec2() * zoom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    #[test]
    fn zoom_keeps_the_anchor_still_and_fit_shows_everything() {
        let mut c = Camera::default();
        c.pan(vec2(100.0, 50.0));
        let anchor = pos2(300.0, 200.0);
        let before = c.to_canvas(anchor);
        c.zoom_at(anchor, 1.7);
        assert!((c.to_canvas(anchor) - before).length() < 1e-3);
        let screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let content = Rect::from_min_size(pos2(-500.0, 100.0), vec2(3000.0, 1000.0));
        c.fit(content, screen);
        assert!(screen.contains_rect(c.rect_to_screen(content)));
        assert!((c.to_screen(content.center()) - screen.center()).length() < 1e-2);
    }
}
