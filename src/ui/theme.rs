//! Theme tokens for egui: every colour the UI uses comes from here or from the scene palette.
//!
//! The canvas's colours and the converters from scene colours are defined below the UI, in
//! [`crate::canvas::colors`], so that the canvas never imports `ui`; they are re-exported here.

use egui::Color32;

pub use crate::canvas::colors::{CanvasColors, category, color};
use crate::scene::{Palette, Theme};

/// egui's visuals for a theme.
pub fn visuals(theme: Theme) -> egui::Visuals {
    match theme {
        Theme::Dark => egui::Visuals::dark(),
        Theme::Light => egui::Visuals::light(),
    }
}

/// Colour of error text in panels.
pub fn error_text(theme: Theme) -> Color32 {
    match theme {
        Theme::Dark => Color32::from_rgb(0xFF, 0x8A, 0x80),
        Theme::Light => Color32::from_rgb(0xB0, 0x1C, 0x1C),
    }
}

/// Colour of warning text in panels.
pub fn warning_text(theme: Theme) -> Color32 {
    color(Palette::of(theme).warning)
}

/// Colour of the text on a service badge, drawn on a category colour.
pub fn badge_text() -> Color32 {
    Color32::WHITE
}

/// Colour of links (references) in the inspector.
pub fn link(theme: Theme) -> Color32 {
    color(Palette::of(theme).selection)
}
