//! The picture of a change: the new version's diagram, with the old version's removed
//! resources ghosted where they stood, every shape marked by what the change does to it, and
//! the references that appear or go away.

use std::collections::HashSet;

use emath::Pos2;

use super::{Diagram, ViewFilters};
use crate::cfn::{Template, Value};
use crate::compare::{Comparison, Impact};
use crate::layout::BoxId;
use crate::model::{Document, RefGraph};
use crate::scene::{EdgeChange, EdgeShape};

/// The new version with the resources only the old one has put back, each next to where it
/// stood in the old `Resources`: what the comparison draws.
pub fn merged_template(old: &Template, new: &Template, c: &Comparison) -> Template {
    let mut merged = new.clone();
    merged.forget_source();
    let gone: Vec<&str> = c
        .resources
        .iter()
        .filter(|r| matches!(r.impact, Impact::Remove | Impact::Orphan))
        .map(|r| r.logical_id.as_str())
        .collect();
    if gone.is_empty() {
        return merged;
    }
    let Some(old_resources) = old.section_mapping("Resources") else {
        return merged;
    };
    let old_ids: Vec<&str> = old_resources.iter().map(|(k, _)| k).collect();
    let root = merged.root_mut();
    if root.get("Resources").and_then(|r| r.as_mapping()).is_none() {
        root.insert(
            "Resources",
            crate::cfn::Node::new(Value::Mapping(crate::cfn::Mapping::new())),
        );
    }
    let Some(resources) = merged.resources_mapping_mut() else {
        return merged;
    };
    for id in gone {
        let Some(node) = old_resources.get(id) else {
            continue; // made by a loop: not drawn back
        };
        // After the nearest resource that stood before it in the old version and is still
        // there; first if none is.
        let at = old_ids
            .iter()
            .position(|k| *k == id)
            .and_then(|i| {
                old_ids[..i]
                    .iter()
                    .rev()
                    .find_map(|prev| resources.iter().position(|(k, _)| k == *prev))
            })
            .map_or(0, |p| p + 1);
        resources.insert_at(at, id, node.clone());
    }
    merged
}

/// The references of a graph as (holder, referred to, kind label).
fn reference_set(graph: &RefGraph) -> HashSet<(String, String, &'static str)> {
    graph
        .edges()
        .map(|(to, from, e)| (from.to_owned(), to.to_owned(), e.kind.label()))
        .collect()
}

/// The diagram of a comparison (see the module), laid out with the new document's layout,
/// so boxes stand where the user put them.
pub fn compare_diagram(
    old: &Template,
    new: &Document,
    c: &Comparison,
    file: &str,
    filters: &ViewFilters,
) -> Diagram {
    let merged = Document {
        template: merged_template(old, &new.template, c),
        layout: new.layout.clone(),
    };
    // A change is a change of the template's wiring: every resource is a box, every
    // reference an arrow, so that a removed reference has somewhere to be drawn.
    let filters = &filters.clone().with_view(super::View::References);
    let mut diagram = Diagram::build(&merged, file, filters, &mut super::Rebuilds::default());
    mark(&mut diagram, old, &new.template, c, filters);
    diagram
}

/// Marks the shapes of a diagram of the merged template.
fn mark(
    diagram: &mut Diagram,
    old: &Template,
    new: &Template,
    c: &Comparison,
    filters: &ViewFilters,
) {
    let scene = &mut diagram.scene;
    let impact = |id: &str| c.resource(id).map(|r| r.impact);
    for n in &mut scene.nodes {
        n.change = impact(&n.logical_id);
    }
    for k in &mut scene.containers {
        if let BoxId::Resource(id) = &k.id {
            k.change = impact(id);
        }
    }
    let old_graph = RefGraph::build(old, "");
    let before = reference_set(&old_graph);
    let after = reference_set(&RefGraph::build(new, ""));
    let drawn: HashSet<(String, String, &'static str)> = scene
        .edges
        .iter()
        .map(|e| (e.from_id.clone(), e.to_id.clone(), e.kind.label()))
        .collect();
    for e in &mut scene.edges {
        let key = (e.from_id.clone(), e.to_id.clone(), e.kind.label());
        e.change = match (before.contains(&key), after.contains(&key)) {
            (false, true) => Some(EdgeChange::Added),
            (true, false) => Some(EdgeChange::Removed),
            _ => None,
        };
    }
    // References only the old version made between resources both drawn: a straight line,
    // since the layout routed only what the merged template holds.
    let mut extra = Vec::new();
    for (to, from, edge) in old_graph.edges() {
        let key = (from.to_owned(), to.to_owned(), edge.kind.label());
        if after.contains(&key) || drawn.contains(&key) || !filters.shows(edge.kind.edge_kind()) {
            continue;
        }
        let (Some(a), Some(b)) = (box_of(diagram, from), box_of(diagram, to)) else {
            continue;
        };
        extra.push(EdgeShape {
            from: a.0,
            to: b.0,
            from_id: from.to_owned(),
            to_id: to.to_owned(),
            kind: edge.kind.clone(),
            label: None,
            points: border_line(a.1, b.1),
            change: Some(EdgeChange::Removed),
            flow: false,
            via: Vec::new(),
            wired: None,
        });
    }
    diagram.scene.edges.extend(extra);
    // Room above everything for the legend.
    let b = &mut diagram.scene.bounds;
    if b.is_positive() {
        b.min.y -= LEGEND_HEIGHT;
    }
}

/// Height kept free above a comparison's diagram for the legend.
pub const LEGEND_HEIGHT: f32 = 34.0;

fn box_of(diagram: &Diagram, id: &str) -> Option<(crate::layout::BoxIndex, emath::Rect)> {
    let i = diagram.layout.index_of(&BoxId::Resource(id.to_owned()))?;
    Some((i, diagram.layout.get(i)?.rect))
}

/// A straight segment between the borders of two boxes, along the line joining their
/// centres.
fn border_line(a: emath::Rect, b: emath::Rect) -> Vec<Pos2> {
    let exit = |r: emath::Rect, toward: Pos2| {
        let c = r.center();
        let d = toward - c;
        if d.length() == 0.0 {
            return c;
        }
        let tx = if d.x == 0.0 {
            f32::INFINITY
        } else {
            r.width() / 2.0 / d.x.abs()
        };
        let ty = if d.y == 0.0 {
            f32::INFINITY
        } else {
            r.height() / 2.0 / d.y.abs()
        };
        c + d * tx.min(ty).min(1.0)
    };
    vec![exit(a, b.center()), exit(b, a.center())]
}
