//! The scene as an uncompressed draw.io (mxGraph) file: containers and nodes at their layout
//! positions, nested so that moving a VPC in draw.io moves what is inside, and edges with the
//! routed bends.

use std::fmt::Write as _;

use emath::{Pos2, Rect};

use super::{ExportOptions, Frame, nesting};
use crate::layout::BoxKind;
use crate::model::RefKind;
use crate::scene::{Palette, Scene, category_color};

/// Writes the scene as a draw.io file, with the options' theme and selection.
pub fn write_drawio(scene: &Scene, options: &ExportOptions) -> String {
    let frame = Frame::of(scene, options);
    let p = Palette::of(options.theme);
    let origin = frame.view.min;
    let (container_parents, node_parents) = nesting(scene);
    let mut out = String::new();
    writeln!(
        out,
        "<mxfile host=\"Stack Canvas\"><diagram id=\"stackcanvas\" name=\"Diagram\"><mxGraphModel grid=\"0\" page=\"0\" pageWidth=\"{}\" pageHeight=\"{}\" background=\"{}\"><root>",
        frame.view.width(),
        frame.view.height(),
        if options.transparent {
            "none".to_owned()
        } else {
            p.background.hex()
        }
    )
    .ok();
    out.push_str("<mxCell id=\"0\"/>\n<mxCell id=\"1\" parent=\"0\"/>\n");
    // A parent that is drawn, or the root layer.
    let parent_cell = |parent: Option<usize>| match parent {
        Some(i) if frame.containers.get(i) == Some(&true) => {
            (format!("c{i}"), scene.containers.get(i).map(|c| c.rect.min))
        }
        _ => ("1".to_owned(), None),
    };
    for (i, c) in scene.containers.iter().enumerate() {
        if frame.containers.get(i) != Some(&true) {
            continue;
        }
        let category = category_color(c.category);
        let (border, dashed) = match c.kind {
            BoxKind::Vpc => (p.vpc, false),
            BoxKind::Az => (p.az, true),
            BoxKind::Subnet if c.public == Some(true) => (p.public_subnet, false),
            BoxKind::Subnet => (p.private_subnet, false),
            BoxKind::Group | BoxKind::Node => (category, true),
        };
        let mut label = c.title.clone();
        if let Some(public) = c.public {
            label.push_str(if public { " (public)" } else { " (private)" });
        }
        if !c.subtitle.is_empty() {
            write!(label, "  {}", c.subtitle).ok();
        }
        let (parent, parent_min) = parent_cell(container_parents.get(i).copied().flatten());
        writeln!(
            out,
            "<mxCell id=\"c{i}\" value=\"{}\" style=\"rounded=1;arcSize=3;absoluteArcSize=1;container=1;collapsible=0;whiteSpace=nowrap;html=0;verticalAlign=top;align=left;spacingLeft=10;spacingTop=4;fontSize=14;fillColor=none;strokeColor={};strokeWidth={};dashed={};fontColor={};\" vertex=\"1\" parent=\"{parent}\">{}</mxCell>",
            esc(&label),
            border.hex(),
            if c.kind == BoxKind::Vpc { 2 } else { 1 },
            u8::from(dashed),
            p.text.hex(),
            geometry(c.rect, parent_min.unwrap_or(origin)),
        )
        .ok();
    }
    for (i, n) in scene.nodes.iter().enumerate() {
        if frame.nodes.get(i) != Some(&true) {
            continue;
        }
        let (parent, parent_min) = parent_cell(node_parents.get(i).copied().flatten());
        let mut label = format!("{}\n{}", n.name(), n.short_type);
        if let Some(detail) = &n.detail {
            write!(label, "\n{detail}").ok();
        }
        writeln!(
            out,
            "<mxCell id=\"n_{}\" value=\"{}\" style=\"rounded=1;arcSize=10;whiteSpace=wrap;html=0;align=left;spacingLeft=12;fontSize=12;fillColor={};strokeColor={};strokeWidth=2;fontColor={};\" vertex=\"1\" parent=\"{parent}\">{}</mxCell>",
            esc(&n.logical_id),
            esc(&label),
            p.node_fill.hex(),
            category_color(n.category).hex(),
            p.text.hex(),
            geometry(n.rect, parent_min.unwrap_or(origin)),
        )
        .ok();
    }
    let cell_of = |box_index: crate::layout::BoxIndex| {
        scene
            .nodes
            .iter()
            .zip(&frame.nodes)
            .find(|(n, _)| n.box_index == box_index)
            .map(|(n, drawn)| (format!("n_{}", esc(&n.logical_id)), *drawn))
            .or_else(|| {
                scene
                    .containers
                    .iter()
                    .zip(&frame.containers)
                    .position(|(c, _)| c.box_index == box_index)
                    .map(|i| (format!("c{i}"), frame.containers.get(i) == Some(&true)))
            })
    };
    for (k, e) in scene.edges.iter().enumerate() {
        if frame.edges.get(k) != Some(&true) {
            continue;
        }
        let (Some((from, true)), Some((to, true))) = (cell_of(e.from), cell_of(e.to)) else {
            continue;
        };
        let dash = match e.kind {
            RefKind::Ref | RefKind::GetAtt(_) => "dashed=0;",
            RefKind::Sub => "dashed=1;dashPattern=1 4;",
            RefKind::DependsOn => "dashed=1;dashPattern=8 5;",
            RefKind::Condition => "dashed=1;dashPattern=3 4;",
        };
        let color = if e.kind == RefKind::Condition {
            p.text_weak
        } else {
            p.edge
        };
        let label = match &e.kind {
            RefKind::GetAtt(_) => e.label.clone().unwrap_or_default(),
            _ => String::new(),
        };
        let inner = e
            .points
            .get(1..e.points.len().saturating_sub(1))
            .unwrap_or(&[]);
        let mut points = String::new();
        for q in inner {
            let q = *q - origin.to_vec2();
            write!(points, "<mxPoint x=\"{}\" y=\"{}\"/>", q.x, q.y).ok();
        }
        writeln!(
            out,
            "<mxCell id=\"e{k}\" value=\"{}\" style=\"edgeStyle=none;rounded=0;html=0;endArrow=block;endFill=1;fontSize=10;{dash}strokeColor={};fontColor={};\" edge=\"1\" parent=\"1\" source=\"{from}\" target=\"{to}\"><mxGeometry relative=\"1\" as=\"geometry\"><Array as=\"points\">{points}</Array></mxGeometry></mxCell>",
            esc(&label),
            color.hex(),
            p.text_weak.hex(),
        )
        .ok();
    }
    out.push_str("</root></mxGraphModel></diagram></mxfile>\n");
    out
}

/// An `mxGeometry` for `rect`, relative to `origin` (the parent's corner or the page's).
fn geometry(rect: Rect, origin: Pos2) -> String {
    let min = rect.min - origin.to_vec2();
    format!(
        "<mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\"/>",
        min.x,
        min.y,
        rect.width(),
        rect.height()
    )
}

/// Escapes an attribute value; newlines stay as character references, as draw.io writes them.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#xa;"),
            c if c < ' ' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::export::{ViewFilters, headless_scene};

    #[test]
    fn boxes_nest_at_their_positions_and_edges_join_them() {
        let t = import_text(
            "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc}}\n  Fn: {Type: AWS::Lambda::Function, Properties: {VpcConfig: {SubnetIds: [!Ref Sub]}}}\n  Q: {Type: AWS::SQS::Queue, DependsOn: Fn}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let s = headless_scene(&t, "t.yaml", &ViewFilters::default());
        let xml = write_drawio(&s, &ExportOptions::default());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let cell = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap()
        };
        let func = cell("n_Fn");
        let parent = cell(func.attribute("parent").unwrap());
        assert!(parent.attribute("value").unwrap().starts_with("Sub"));
        let edge = doc
            .descendants()
            .find(|n| n.attribute("edge") == Some("1"))
            .unwrap();
        assert_eq!(edge.attribute("source"), Some("n_Q"));
        assert_eq!(edge.attribute("target"), Some("n_Fn"));
        assert!(edge.attribute("style").unwrap().contains("dashPattern=8 5"));
        assert_eq!(xml, write_drawio(&s, &ExportOptions::default()));
    }
}
