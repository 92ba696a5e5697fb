//! Diagram images: a [`Scene`] written as SVG, as PNG rasterized from that SVG, or as Mermaid
//! and draw.io files for people moving to those tools.
//!
//! The exporters paint the same scene as the canvas, with the same palette, icons and text
//! sizes, so an exported picture is what the user saw. Nothing here uses egui: the CLI renders
//! images headless, with no display.

pub mod drawio;
mod font;
pub mod mermaid;
pub mod png;
pub mod svg;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use emath::{Pos2, Rect};

pub use font::{FONT_BYTES, FONT_FAMILY, FONT_WEIGHT};

use crate::cfn::Template;
use crate::scene::{Scene, Theme};
use crate::view::Diagram;
pub use crate::view::ViewFilters;

/// Space around the drawing, in canvas units.
pub const MARGIN: f32 = 24.0;

/// Longest side of a PNG, in pixels.
pub const MAX_SIDE_PX: u32 = 16_384;

/// Most pixels in a PNG (about 256 MB of memory while rendering).
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// How to export a picture.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// Light or dark colours.
    pub theme: Theme,
    /// Whether to leave the background transparent instead of painting the theme's colour.
    pub transparent: bool,
    /// Logical IDs to export; empty exports the whole diagram.
    ///
    /// The picture is cropped to the union of their boxes plus [`MARGIN`], and what lies
    /// outside is left out. IDs that are not drawn are ignored; if none is drawn, the whole
    /// diagram is exported.
    pub selection: BTreeSet<String>,
    /// Pixels per canvas unit in a PNG (1, 2, 4…); SVG is always at scale 1.
    pub scale: f32,
}

impl Default for ExportOptions {
    /// The light theme on an opaque background, the whole diagram, at scale 1.
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            transparent: false,
            selection: BTreeSet::new(),
            scale: 1.0,
        }
    }
}

/// The file formats the exporters write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// Scalable vector graphics.
    Svg,
    /// A raster image.
    Png,
    /// A Mermaid flowchart.
    Mermaid,
    /// An uncompressed draw.io (mxGraph) diagram.
    Drawio,
}

impl ImageFormat {
    /// The format of a file, by its extension (`.svg`, `.png`, `.mmd`/`.mermaid`, `.drawio`).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "mmd" | "mermaid" => Some(Self::Mermaid),
            "drawio" => Some(Self::Drawio),
            _ => None,
        }
    }
}

/// Why an image could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The PNG would be too big to render in memory.
    #[error(
        "the image would be {width}×{height} pixels, more than the limit of {MAX_SIDE_PX} on a side or {MAX_PIXELS} in all; use a smaller scale"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// The scale is zero, negative or not a number.
    #[error("the scale must be a positive number, not {0}")]
    BadScale(f32),
    /// The rasterizer did not accept the SVG (a bug in the SVG writer).
    #[error("cannot read the SVG to rasterize it: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// The PNG encoder failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// Builds the scene of a template as the app would show it, without a display.
///
/// Uses the layout saved in the template's `Metadata` when it has one, and the automatic
/// layout otherwise. `file` names the template in warnings. The same pipeline as the canvas
/// ([`Diagram`]), so the picture is the canvas's.
pub fn headless_scene(template: &Template, file: &str, filters: &ViewFilters) -> Scene {
    Diagram::of_template(template, file, filters).scene
}

/// Which shapes of a scene an export draws, and the area it shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Frame {
    /// The area shown, in canvas units, with integer corners.
    pub view: Rect,
    /// Per container: drawn or not.
    pub containers: Vec<bool>,
    /// Per edge: drawn or not.
    pub edges: Vec<bool>,
    /// Per node: drawn or not.
    pub nodes: Vec<bool>,
    /// Per marker: drawn or not.
    pub markers: Vec<bool>,
}

impl Frame {
    /// The frame of an export: everything, or the selection and what lies around it.
    pub fn of(scene: &Scene, options: &ExportOptions) -> Self {
        let selected: Rect = scene
            .nodes
            .iter()
            .filter(|n| options.selection.contains(&n.logical_id))
            .map(|n| n.rect)
            .chain(
                scene
                    .containers
                    .iter()
                    .filter(|c| {
                        c.id.logical_id()
                            .is_some_and(|id| options.selection.contains(id))
                    })
                    .map(|c| c.rect),
            )
            .fold(Rect::NOTHING, Rect::union);
        let whole = !selected.is_positive();
        let content = if whole { scene.bounds } else { selected };
        let view = if content.is_positive() {
            let r = content.expand(MARGIN);
            Rect::from_min_max(
                Pos2::new(r.min.x.floor(), r.min.y.floor()),
                Pos2::new(r.max.x.ceil(), r.max.y.ceil()),
            )
        } else {
            Rect::from_min_max(Pos2::ZERO, Pos2::new(2.0 * MARGIN, 2.0 * MARGIN))
        };
        if whole {
            return Self {
                view,
                containers: vec![true; scene.containers.len()],
                edges: vec![true; scene.edges.len()],
                nodes: vec![true; scene.nodes.len()],
                markers: vec![true; scene.markers.len()],
            };
        }
        let containers: Vec<bool> = scene
            .containers
            .iter()
            .map(|c| c.rect.intersects(view))
            .collect();
        let nodes: Vec<bool> = scene
            .nodes
            .iter()
            .map(|n| options.selection.contains(&n.logical_id) || view.contains_rect(n.rect))
            .collect();
        let drawn_boxes: HashSet<crate::layout::BoxIndex> = scene
            .containers
            .iter()
            .zip(&containers)
            .filter(|&(_, &d)| d)
            .map(|(c, _)| c.box_index)
            .chain(
                scene
                    .nodes
                    .iter()
                    .zip(&nodes)
                    .filter(|&(_, &d)| d)
                    .map(|(n, _)| n.box_index),
            )
            .collect();
        let edges = scene
            .edges
            .iter()
            .map(|e| drawn_boxes.contains(&e.from) && drawn_boxes.contains(&e.to))
            .collect();
        let markers = scene
            .markers
            .iter()
            .map(|m| view.contains_rect(m.rect))
            .collect();
        Self {
            view,
            containers,
            edges,
            nodes,
            markers,
        }
    }
}

/// The parents of every container and node, as indexes into `scene.containers`.
///
/// The scene keeps no tree, so a box's parent is the innermost container one level up that
/// holds its rectangle; containers come parents first, so the parent is always found earlier.
pub(crate) fn nesting(scene: &Scene) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let parent_of = |rect: Rect, depth: Option<usize>, before: usize| {
        scene
            .containers
            .iter()
            .enumerate()
            .take(before)
            .filter(|(_, c)| depth.is_none_or(|d| c.depth + 1 == d))
            .filter(|(_, c)| c.rect.expand(0.5).contains_rect(rect))
            .max_by_key(|(i, c)| (c.depth, *i))
            .map(|(i, _)| i)
    };
    let containers = scene
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.depth == 0 {
                None
            } else {
                parent_of(c.rect, Some(c.depth), i)
            }
        })
        .collect();
    let nodes = scene
        .nodes
        .iter()
        .map(|n| parent_of(n.rect, None, scene.containers.len()))
        .collect();
    (containers, nodes)
}

/// The area an export shows, in canvas units: the drawing (or selection) plus [`MARGIN`],
/// with integer corners.
pub fn view_rect(scene: &Scene, options: &ExportOptions) -> Rect {
    Frame::of(scene, options).view
}

/// The size of the PNG of a scene, in pixels: the [`view_rect`] times the scale, rounded up.
pub fn pixel_size(scene: &Scene, options: &ExportOptions) -> (u32, u32) {
    let view = view_rect(scene, options);
    (
        scaled_px(view.width(), options.scale),
        scaled_px(view.height(), options.scale),
    )
}

/// A length in canvas units at a scale, in whole pixels, at least one.
fn scaled_px(length: f32, scale: f32) -> u32 {
    let px = (f64::from(length) * f64::from(scale)).ceil();
    if px.is_nan() || px < 1.0 {
        1
    } else if px >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "in range, checked above"
        )]
        let px = px as u32;
        px
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    fn scene(text: &str) -> Scene {
        let t = import_text(text, "t.yaml", None, false).unwrap().template;
        headless_scene(&t, "t.yaml", &ViewFilters::default())
    }

    const TWO_GROUPS: &str = "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt R.Arn}}\n  R: {Type: AWS::IAM::Role}\n  Q: {Type: AWS::SQS::Queue}\n";

    #[test]
    fn the_whole_diagram_is_the_bounds_plus_margin() {
        let s = scene(TWO_GROUPS);
        let view = view_rect(&s, &ExportOptions::default());
        assert!(view.contains_rect(s.bounds));
        assert!((view.width() - s.bounds.width() - 2.0 * MARGIN).abs() <= 2.0);
        let (w, h) = pixel_size(
            &s,
            &ExportOptions {
                scale: 2.0,
                ..ExportOptions::default()
            },
        );
        assert_eq!(
            (f64::from(w), f64::from(h)),
            (
                2.0 * f64::from(view.width()),
                2.0 * f64::from(view.height())
            )
        );
    }

    #[test]
    fn a_selection_crops_and_leaves_out_the_rest() {
        let s = scene(TWO_GROUPS);
        let options = ExportOptions {
            selection: ["F".to_owned()].into(),
            ..ExportOptions::default()
        };
        let frame = Frame::of(&s, &options);
        let f = s.node("F").unwrap().rect;
        assert_eq!(frame.view, f.expand(MARGIN));
        let drawn: Vec<&str> = s
            .nodes
            .iter()
            .zip(&frame.nodes)
            .filter(|&(_, &d)| d)
            .map(|(n, _)| n.logical_id.as_str())
            .collect();
        assert_eq!(drawn, ["F"]);
        assert!(frame.edges.iter().all(|d| !d), "R is not drawn");

        let unknown = ExportOptions {
            selection: ["Nope".to_owned()].into(),
            ..ExportOptions::default()
        };
        assert_eq!(
            Frame::of(&s, &unknown),
            Frame::of(&s, &ExportOptions::default())
        );
    }

    #[test]
    fn an_empty_scene_still_has_a_size() {
        let (w, h) = pixel_size(&Scene::empty(), &ExportOptions::default());
        assert_eq!((w, h), (48, 48));
    }

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.PNG")),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("b.svg")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("b.drawio")),
            Some(ImageFormat::Drawio)
        );
        assert_eq!(ImageFormat::from_path(Path::new("b.txt")), None);
    }
}
