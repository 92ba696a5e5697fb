//! Colours and theme tokens of the drawing, as plain data shared by every painter.
//!
//! The canvas turns these into egui colours (`canvas/colors.rs`) and the exporters into SVG, so an
//! exported picture uses exactly the colours the user saw.

use crate::model::Category;

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self(r, g, b, 255)
    }

    /// The same colour with another alpha.
    #[must_use]
    pub const fn with_alpha(self, a: u8) -> Self {
        Self(self.0, self.1, self.2, a)
    }

    /// `#rrggbb`, for SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Light or dark.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Theme {
    /// Dark background.
    #[default]
    Dark,
    /// Light background.
    Light,
}

/// The AWS category colours: compute orange, storage green, database blue, app integration
/// pink, networking purple, security red, management magenta.
pub fn category_color(c: Category) -> Rgba {
    match c {
        Category::Compute => Rgba::rgb(0xED, 0x71, 0x00),
        Category::Storage => Rgba::rgb(0x3F, 0x86, 0x24),
        Category::Database => Rgba::rgb(0x2E, 0x73, 0xB8),
        Category::AppIntegration => Rgba::rgb(0xE7, 0x15, 0x7B),
        Category::Networking => Rgba::rgb(0x8C, 0x4F, 0xFF),
        Category::Security => Rgba::rgb(0xDD, 0x34, 0x4C),
        Category::Management => Rgba::rgb(0xB0, 0x3A, 0xC4),
        Category::Other => Rgba::rgb(0x7D, 0x89, 0x98),
    }
}

/// Theme tokens for everything that is not a category colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Canvas background.
    pub background: Rgba,
    /// Grid dots.
    pub grid: Rgba,
    /// Resource box fill.
    pub node_fill: Rgba,
    /// Resource box border.
    pub node_border: Rgba,
    /// Main text.
    pub text: Rgba,
    /// Secondary text (types, details).
    pub text_weak: Rgba,
    /// Edge colour.
    pub edge: Rgba,
    /// Selection outline.
    pub selection: Rgba,
    /// Search hit outline.
    pub highlight: Rgba,
    /// Public subnet accent.
    pub public_subnet: Rgba,
    /// Private subnet accent.
    pub private_subnet: Rgba,
    /// VPC border.
    pub vpc: Rgba,
    /// Availability Zone column border.
    pub az: Rgba,
    /// Warning badge.
    pub warning: Rgba,
    /// Error badge and the border of a broken resource.
    pub error: Rgba,
}

impl Palette {
    /// The palette of a theme.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Dark => Self {
                background: Rgba::rgb(0x16, 0x19, 0x1E),
                grid: Rgba::rgb(0x2A, 0x2F, 0x37),
                node_fill: Rgba::rgb(0x24, 0x29, 0x31),
                node_border: Rgba::rgb(0x3C, 0x44, 0x4F),
                text: Rgba::rgb(0xE8, 0xEB, 0xEF),
                text_weak: Rgba::rgb(0x9A, 0xA4, 0xB1),
                edge: Rgba::rgb(0x8A, 0x96, 0xA6),
                selection: Rgba::rgb(0x4D, 0xA3, 0xFF),
                highlight: Rgba::rgb(0xFF, 0xC8, 0x3D),
                public_subnet: Rgba::rgb(0x4C, 0xAF, 0x50),
                private_subnet: Rgba::rgb(0x29, 0x8F, 0xCA),
                vpc: Rgba::rgb(0x8C, 0x4F, 0xFF),
                az: Rgba::rgb(0x5B, 0x66, 0x75),
                warning: Rgba::rgb(0xF2, 0xA9, 0x00),
                error: Rgba::rgb(0xF2, 0x55, 0x55),
            },
            Theme::Light => Self {
                background: Rgba::rgb(0xF7, 0xF8, 0xFA),
                grid: Rgba::rgb(0xDD, 0xE1, 0xE6),
                node_fill: Rgba::rgb(0xFF, 0xFF, 0xFF),
                node_border: Rgba::rgb(0xC3, 0xCA, 0xD3),
                text: Rgba::rgb(0x16, 0x19, 0x1E),
                text_weak: Rgba::rgb(0x5F, 0x6B, 0x7A),
                edge: Rgba::rgb(0x6B, 0x77, 0x87),
                selection: Rgba::rgb(0x0B, 0x6B, 0xD6),
                highlight: Rgba::rgb(0xE0, 0x8E, 0x00),
                public_subnet: Rgba::rgb(0x24, 0x8A, 0x3D),
                private_subnet: Rgba::rgb(0x14, 0x6E, 0xB4),
                vpc: Rgba::rgb(0x75, 0x3B, 0xE6),
                az: Rgba::rgb(0x9A, 0xA4, 0xB1),
                warning: Rgba::rgb(0xC7, 0x7C, 0x00),
                error: Rgba::rgb(0xCC, 0x22, 0x22),
            },
        }
    }
}

/// The colour of what a change does to a resource, the same on the canvas and in images:
/// green added, red removed, grey orphaned, orange replaced, purple may be replaced, yellow
/// updated.
pub fn impact_color(impact: crate::compare::Impact) -> Rgba {
    use crate::compare::Impact;
    match impact {
        Impact::Add => Rgba::rgb(0x2d, 0xa4, 0x4e),
        Impact::Remove => Rgba::rgb(0xcf, 0x22, 0x2e),
        Impact::Orphan => Rgba::rgb(0x6e, 0x77, 0x81),
        Impact::Replace => Rgba::rgb(0xf0, 0x6c, 0x00),
        Impact::MayReplace => Rgba::rgb(0x82, 0x50, 0xdf),
        Impact::Update => Rgba::rgb(0xc9, 0x9a, 0x06),
    }
}
