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

/// Node title size, as on the canvas.
pub(crate) const TITLE_PX: f32 = 13.5;
/// Node title sizes go down to this share of [`TITLE_PX`] before the title is clipped.
const MIN_TITLE_SHRINK: f32 = 0.7;
/// Largest size of a node title broken in two lines.
const TWO_LINE_MAX_PX: f32 = 12.0;

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

    /// The size to draw `text` at so that it fits `available`, shrinking like the canvas does
    /// (down to [`MIN_TITLE_SHRINK`], in half-pixel steps), and its width at that size.
    pub fn fit(&self, text: &str, size: f32, available: f32) -> (f32, f32) {
        let full = self.width(text, size);
        if full <= available {
            return (size, full);
        }
        let shrink = (available / full).max(MIN_TITLE_SHRINK);
        let size = ((size * shrink) * 2.0).floor() / 2.0;
        (size, self.width(text, size))
    }

    /// How to draw a node's logical ID in `available` width.
    ///
    /// Like the canvas, a long ID first shrinks, down to 85%. Past that the canvas would cut it
    /// (it can be hovered and zoomed there, a picture cannot), so the export breaks it in two
    /// lines between words of its camel case, down to 70%, and clips only what still overflows.
    pub fn title_lines(&self, id: &str, available: f32) -> Title {
        let (size, width) = self.fit(id, TITLE_PX, available);
        if width <= available && size >= TITLE_PX * 0.85 {
            return Title {
                lines: vec![id.to_owned()],
                size,
                overflows: false,
            };
        }
        let widest = |(a, b): (&str, &str)| self.width(a, TITLE_PX).max(self.width(b, TITLE_PX));
        let split = break_points(id)
            .into_iter()
            .map(|i| id.split_at(i))
            .min_by(|a, b| widest(*a).total_cmp(&widest(*b)));
        let Some((first, second)) = split else {
            return Title {
                lines: vec![id.to_owned()],
                size,
                overflows: width > available,
            };
        };
        let shrink = (available / widest((first, second))).clamp(MIN_TITLE_SHRINK, 1.0);
        let size = ((TITLE_PX * shrink).min(TWO_LINE_MAX_PX) * 2.0).floor() / 2.0;
        let overflows = self.width(first, size).max(self.width(second, size)) > available;
        Title {
            lines: vec![first.to_owned(), second.to_owned()],
            size,
            overflows,
        }
    }
}

/// A node title laid out in one or two lines.
pub(crate) struct Title {
    /// The lines; joined, they are the ID.
    pub lines: Vec<String>,
    /// Font size.
    pub size: f32,
    /// Whether a line is still wider than the room, and so clipped.
    pub overflows: bool,
}

/// Where a logical ID may break between two lines: before a word that starts with a capital
/// (`Public|Subnet`, `VPC|Gateway`, `1A|Route`), before a digit run, and after `-`, `_` or `.`.
fn break_points(id: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = id.char_indices().collect();
    let mut points: Vec<usize> = chars
        .windows(3)
        .filter_map(|w| {
            let &[(_, a), (i, b), (_, c)] = w else {
                return None;
            };
            let word_start = b.is_uppercase() && (a.is_lowercase() || c.is_lowercase());
            let digits_start = b.is_ascii_digit() && a.is_alphabetic();
            (word_start || digits_start || matches!(a, '-' | '_' | '.')).then_some(i)
        })
        .collect();
    // The last character can start a word or digit run too (`Subnet|A`, `Subnet|1`).
    if let [.., (_, a), (i, b)] = chars.as_slice()
        && ((b.is_uppercase() && a.is_lowercase())
            || (b.is_ascii_digit() && a.is_alphabetic())
            || matches!(a, '-' | '_' | '.'))
    {
        points.push(*i);
    }
    if points.is_empty() && chars.len() > 1 {
        // No word boundary: break in the middle.
        points.extend(chars.get(chars.len() / 2).map(|&(i, _)| i));
    }
    points
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

    #[test]
    fn ids_break_between_words() {
        fn at(id: &str) -> Vec<&str> {
            let mut parts = Vec::new();
            let mut last = 0;
            for i in break_points(id) {
                parts.push(&id[last..i]);
                last = i;
            }
            parts.push(&id[last..]);
            parts
        }
        assert_eq!(at("PublicSubnet1A"), ["Public", "Subnet", "1A"]);
        assert_eq!(at("my-bucket_name"), ["my-", "bucket_", "name"]);
        assert_eq!(at("VPCGatewayAttachment"), ["VPC", "Gateway", "Attachment"]);
        assert_eq!(at("Subnet1ARouteA"), ["Subnet", "1A", "Route", "A"]);
        assert_eq!(at("lowercase"), ["lowe", "rcase"]);
    }
}
