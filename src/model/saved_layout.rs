//! The user's layout, kept in the template's `Metadata.StackCanvas`.
//!
//! ```yaml
//! Metadata:
//!   StackCanvas:
//!     Version: 1
//!     Layout:
//!       Vpc: {x: 40, y: 40}
//!       PublicSubnetA: {x: 60, y: 120, collapsed: true}
//! ```
//!
//! Positions are absolute canvas coordinates of a box's top-left corner. Keys are logical IDs,
//! or `group:<category>` and `az:<vpc>:<az>` for the containers Stack Canvas adds. A template
//! that carries AWS CloudFormation Designer metadata opens with that layout instead.

use std::collections::{BTreeMap, HashMap};

use emath::{Pos2, Vec2, pos2, vec2};

use crate::cfn::{Mapping, Node, Number, Template, Value};

/// The metadata key under the template's top-level `Metadata`.
pub const METADATA_KEY: &str = "StackCanvas";

/// Designer boxes are 60 units wide for a leaf; ours are about three times that.
const DESIGNER_SCALE: f32 = 3.0;

/// What the user set for one box.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SavedBox {
    /// Top-left corner, if the user placed the box.
    pub pos: Option<Pos2>,
    /// Size, if the user resized the box.
    pub size: Option<Vec2>,
    /// Whether the container is collapsed.
    pub collapsed: bool,
}

/// Where the saved layout came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayoutSource {
    /// Nothing saved: all automatic.
    #[default]
    None,
    /// Our own `Metadata.StackCanvas`.
    StackCanvas,
    /// AWS CloudFormation Designer metadata.
    Designer,
}

/// The saved layout of a document, by box key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedLayout {
    /// Boxes by key, sorted so that output is deterministic.
    pub boxes: BTreeMap<String, SavedBox>,
    /// Where it was read from.
    pub source: LayoutSource,
}

impl SavedLayout {
    /// Reads the layout of `template`: ours if present, else Designer's, else empty.
    ///
    /// Entries for boxes that no longer exist are kept out, so they cannot confuse the layout.
    pub fn read(template: &Template) -> Self {
        let metadata = template.section_mapping("Metadata");
        if let Some(layout) = metadata
            .and_then(|m| m.get(METADATA_KEY))
            .and_then(|n| n.get_path(&["Layout"]))
            .and_then(Node::as_mapping)
        {
            let boxes = layout
                .iter()
                .filter(|(key, _)| key.contains(':') || template.resource(key).is_some())
                .filter_map(|(key, node)| Some((key.to_owned(), read_box(node.as_mapping()?))))
                .collect();
            return Self {
                boxes,
                source: LayoutSource::StackCanvas,
            };
        }
        if let Some(designer) = metadata
            .and_then(|m| m.get("AWS::CloudFormation::Designer"))
            .and_then(Node::as_mapping)
        {
            let boxes = read_designer(template, designer);
            if !boxes.is_empty() {
                return Self {
                    boxes,
                    source: LayoutSource::Designer,
                };
            }
        }
        Self::default()
    }

    /// Whether anything is saved.
    pub fn is_empty(&self) -> bool {
        self.boxes.is_empty()
    }

    /// The saved box for a key.
    pub fn get(&self, key: &str) -> Option<&SavedBox> {
        self.boxes.get(key)
    }

    /// Whether a key is saved as collapsed.
    pub fn is_collapsed(&self, key: &str) -> bool {
        self.boxes.get(key).is_some_and(|b| b.collapsed)
    }

    /// The `Metadata.StackCanvas` value for this layout.
    pub fn to_node(&self) -> Node {
        let mut layout = Mapping::new();
        for (key, b) in &self.boxes {
            let mut m = Mapping::new();
            if let Some(p) = b.pos {
                m.insert("x", number(p.x));
                m.insert("y", number(p.y));
            }
            if let Some(s) = b.size {
                m.insert("w", number(s.x));
                m.insert("h", number(s.y));
            }
            if b.collapsed {
                m.insert("collapsed", Node::new(Value::Bool(true)));
            }
            if !m.is_empty() {
                layout.insert(key.clone(), Node::new(Value::Mapping(m)));
            }
        }
        let mut root = Mapping::new();
        root.insert("Version", Node::new(Value::Number(Number::from_text("1"))));
        root.insert("Layout", Node::new(Value::Mapping(layout)));
        Node::new(Value::Mapping(root))
    }
}

fn number(v: f32) -> Node {
    Node::new(Value::Number(Number::from_text(format!("{}", v.round()))))
}

fn num(node: Option<&Node>) -> Option<f32> {
    match &node?.value {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "canvas coordinates fit f32"
        )]
        Value::Number(n) => n.as_f64().map(|v| v as f32),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn read_box(m: &Mapping) -> SavedBox {
    let pos = match (num(m.get("x")), num(m.get("y"))) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some(pos2(x, y)),
        _ => None,
    };
    let size = match (num(m.get("w")), num(m.get("h"))) {
        (Some(w), Some(h)) if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            Some(vec2(w, h))
        }
        _ => None,
    };
    SavedBox {
        pos,
        size,
        collapsed: m.get("collapsed").and_then(Node::as_bool_like) == Some(true),
    }
}

/// Designer keeps an id in each resource's `Metadata` and the geometry in a top-level map.
fn read_designer(template: &Template, designer: &Mapping) -> BTreeMap<String, SavedBox> {
    let ids: HashMap<&str, &str> = template
        .resources()
        .filter_map(|r| {
            let id = r
                .attribute("Metadata")?
                .get_path(&["AWS::CloudFormation::Designer", "id"])?
                .as_str()?;
            Some((id, r.logical_id))
        })
        .collect();
    let mut out = BTreeMap::new();
    for (id, cell) in designer.iter() {
        let Some(&logical_id) = ids.get(id) else {
            continue;
        };
        let Some(cell) = cell.as_mapping() else {
            continue;
        };
        let x = num(cell.get_path_in(&["position", "x"]));
        let y = num(cell.get_path_in(&["position", "y"]));
        let (Some(x), Some(y)) = (x, y) else {
            continue;
        };
        out.insert(
            logical_id.to_owned(),
            SavedBox {
                pos: Some(pos2(x * DESIGNER_SCALE, y * DESIGNER_SCALE)),
                // Containers are sized to fit what we put in them; only their place is kept.
                size: None,
                collapsed: false,
            },
        );
    }
    out
}

trait PathIn {
    fn get_path_in(&self, keys: &[&str]) -> Option<&Node>;
}

impl PathIn for Mapping {
    fn get_path_in(&self, keys: &[&str]) -> Option<&Node> {
        let (first, rest) = keys.split_first()?;
        self.get(first)?.get_path(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    #[test]
    fn reads_our_layout_and_ignores_stale_entries() {
        let t = import_text(
            "Metadata:\n  StackCanvas:\n    Version: 1\n    Layout:\n      Q: {x: 10, y: 20, collapsed: true}\n      Gone: {x: 1, y: 2}\n      group:Compute: {collapsed: true}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let l = SavedLayout::read(&t);
        assert_eq!(l.source, LayoutSource::StackCanvas);
        assert_eq!(l.get("Q").and_then(|b| b.pos), Some(pos2(10.0, 20.0)));
        assert!(l.is_collapsed("Q") && l.is_collapsed("group:Compute"));
        assert!(l.get("Gone").is_none());
        let again = SavedLayout {
            source: LayoutSource::StackCanvas,
            boxes: SavedLayout::read(&t).boxes,
        };
        let node = again.to_node();
        assert_eq!(
            node.get_path(&["Layout", "Q", "x"]).map(|n| &n.value),
            Some(&Value::Number(Number::from_text("10")))
        );
    }

    #[test]
    fn reads_designer_layout() {
        let t = import_text(
            "Metadata:\n  AWS::CloudFormation::Designer:\n    abc:\n      position: {x: 60, 'y': 90}\n      size: {width: 60, height: 60}\n    stale:\n      position: {x: 1, 'y': 1}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      AWS::CloudFormation::Designer: {id: abc}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let l = SavedLayout::read(&t);
        assert_eq!(l.source, LayoutSource::Designer);
        assert_eq!(l.boxes.len(), 1);
        assert_eq!(l.get("Q").and_then(|b| b.pos), Some(pos2(180.0, 270.0)));
    }
}
