//! The canvas's colours as egui colours: the scene palette resolved once per frame, and the
//! converters from scene colours.
//!
//! They live here, below `ui`, so that the canvas never reaches up into the app; `ui/theme.rs`
//! re-exports them for the panels.

use egui::{Color32, Stroke};

use crate::model::Category;
use crate::scene::{Palette, Rgba, Theme, category_color};

/// An egui colour from a scene colour.
pub fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.0, c.1, c.2, c.3)
}

/// The category colour as an egui colour.
pub fn category(c: Category) -> Color32 {
    color(category_color(c))
}

/// Colours the canvas paints with, resolved once per frame.
#[derive(Clone, Copy, Debug)]
pub struct CanvasColors {
    /// The scene palette.
    pub palette: Palette,
    /// Background.
    pub background: Color32,
    /// Node fill.
    pub node_fill: Color32,
    /// Node border.
    pub node_border: Stroke,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub text_weak: Color32,
    /// Edges.
    pub edge: Color32,
    /// Selection outline.
    pub selection: Color32,
    /// Search hit outline.
    pub highlight: Color32,
    /// Warning badge.
    pub warning: Color32,
}

impl CanvasColors {
    /// The colours of a theme.
    pub fn of(theme: Theme) -> Self {
        let palette = Palette::of(theme);
        Self {
            palette,
            background: color(palette.background),
            node_fill: color(palette.node_fill),
            node_border: Stroke::new(1.0, color(palette.node_border)),
            text: color(palette.text),
            text_weak: color(palette.text_weak),
            edge: color(palette.edge),
            selection: color(palette.selection),
            highlight: color(palette.highlight),
            warning: color(palette.warning),
        }
    }
}
