//! The scene as PNG, rasterized from its SVG with resvg.
//!
//! Text uses only the font shipped in the binary ([`FONT_BYTES`]), never the machine's fonts,
//! so the same scene gives the same bytes on every machine.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::font::{FONT_BYTES, FONT_FAMILY};
use super::{ExportError, ExportOptions, MAX_PIXELS, MAX_SIDE_PX, pixel_size, svg::write_svg};
use crate::scene::Scene;

/// Renders the scene as a PNG of [`pixel_size`](super::pixel_size) pixels.
pub fn write_png(scene: &Scene, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let scale = options.scale;
    if !(scale.is_finite() && scale > 0.0) {
        return Err(ExportError::BadScale(scale));
    }
    let (width, height) = pixel_size(scene, options);
    let too_large = ExportError::TooLarge {
        width: width.into(),
        height: height.into(),
    };
    if width > MAX_SIDE_PX
        || height > MAX_SIDE_PX
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(too_large);
    }
    let svg = write_svg(scene, options);
    let usvg_options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &usvg_options)?;
    let mut pixmap = Pixmap::new(width, height).ok_or(too_large)?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Encode(e.to_string()))
}

/// The font database: only the shipped font, loaded once.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(FONT_BYTES.to_vec());
            // Generic families fall back to the same face.
            let family = db
                .faces()
                .next()
                .and_then(|f| f.families.first())
                .map_or_else(|| FONT_FAMILY.to_owned(), |(name, _)| name.clone());
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family.clone());
            db.set_monospace_family(family);
            Arc::new(db)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::export::{ViewFilters, headless_scene};

    #[test]
    fn the_svg_names_the_family_of_the_shipped_font() {
        let db = fonts();
        let families: Vec<&str> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.as_str()))
            .collect();
        assert!(families.contains(&FONT_FAMILY), "{families:?}");
    }

    #[test]
    fn renders_at_the_expected_size_and_the_same_bytes_twice() {
        let t = import_text(
            "Resources:\n  A: {Type: AWS::SNS::Topic}\n  B: {Type: AWS::SQS::Queue, Properties: {X: !Ref A}}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let s = headless_scene(&t, "t.yaml", &ViewFilters::default());
        let options = ExportOptions {
            scale: 0.5,
            ..ExportOptions::default()
        };
        let png = write_png(&s, &options).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), pixel_size(&s, &options));
        assert_eq!(png, write_png(&s, &options).unwrap());
        assert!(matches!(
            write_png(
                &s,
                &ExportOptions {
                    scale: 0.0,
                    ..ExportOptions::default()
                }
            ),
            Err(ExportError::BadScale(_))
        ));
        assert!(matches!(
            write_png(
                &s,
                &ExportOptions {
                    scale: 1000.0,
                    ..ExportOptions::default()
                }
            ),
            Err(ExportError::TooLarge { .. })
        ));
    }
}
