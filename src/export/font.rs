//! The font of exported images: egui's default proportional font, shipped with the binary.
//!
//! The SVG writer measures text with it to fit labels in their boxes the way the canvas does,
//! and the PNG rasterizer draws with it, so an image never depends on the machine's fonts.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

/// The family name the SVG asks for; it is the family of [`FONT_BYTES`].
pub const FONT_FAMILY: &str = "Ubuntu";

/// The weight of [`FONT_BYTES`] (Ubuntu Light), named in the SVG so that a browser with the
/// Ubuntu family installed picks the same face.
pub const FONT_WEIGHT: u16 = 300;

/// The font file: Ubuntu Light, egui's default proportional font.
pub const FONT_BYTES: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// Text measurement with the shipped font, in em units so it scales to any size.
pub(crate) struct Metrics {
    font: Option<FontRef<'static>>,
    /// Ascent above the baseline, per em.
    pub ascent: f32,
    /// Height of capitals, per em.
    pub cap_height: f32,
}

/// Average advance of a character per em, for the unlikely case that the font cannot be read.
const FALLBACK_ADVANCE: f32 = 0.52;

impl Metrics {
    /// Reads the shipped font.
    pub fn new() -> Self {
        let font = FontRef::new(FONT_BYTES).ok();
        let (ascent, cap_height) = font.as_ref().map_or((0.93, 0.69), |f| {
            let m = f.metrics(Size::unscaled(), LocationRef::default());
            let em = f32::from(m.units_per_em.max(1));
            (m.ascent / em, m.cap_height.unwrap_or(0.69 * em) / em)
        });
        Self {
            font,
            ascent,
            cap_height,
        }
    }

    /// The width of `text` at `size_px`, without kerning (so never less than drawn).
    pub fn width(&self, text: &str, size_px: f32) -> f32 {
        let Some(font) = &self.font else {
            #[expect(clippy::cast_precision_loss, reason = "short labels")]
            return text.chars().count() as f32 * FALLBACK_ADVANCE * size_px;
        };
        let charmap = font.charmap();
        let glyphs = font.glyph_metrics(Size::new(size_px), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| glyphs.advance_width(g))
                    .unwrap_or(FALLBACK_ADVANCE * size_px)
            })
            .sum()
    }

    /// The longest prefix of `text` that fits in `max_px` at `size_px` with a trailing "…".
    pub fn ellipsize(&self, text: &str, size_px: f32, max_px: f32) -> String {
        if self.width(text, size_px) <= max_px {
            return text.to_owned();
        }
        let budget = max_px - self.width("…", size_px);
        let mut out = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), size_px);
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_measures_text() {
        let m = Metrics::new();
        assert!(m.font.is_some());
        assert!(m.ascent > 0.8 && m.ascent < 1.1, "{}", m.ascent);
        let narrow = m.width("iiii", 10.0);
        let wide = m.width("WWWW", 10.0);
        assert!(narrow < wide && narrow > 0.0);
        assert!((m.width("ab", 20.0) - 2.0 * m.width("ab", 10.0)).abs() < 0.01);
        let cut = m.ellipsize("AVeryLongLogicalIdentifier", 10.0, 60.0);
        assert!(cut.ends_with('…') && m.width(&cut, 10.0) <= 60.0, "{cut}");
        assert_eq!(m.ellipsize("Short", 10.0, 60.0), "Short");
    }
}
