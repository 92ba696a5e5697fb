//! The document side: what is derived from a template (reference graph, containment).
//!
//! Nothing here knows about egui.

mod containment;
mod graph;

pub use containment::{
    AzLabel, Containment, PLACEMENT_RULES, ParentKind, Placement, PlacementRule, availability_zone,
    placement_rule,
};
pub use graph::{GraphNode, NodeKind, RefEdge, RefGraph, RefKind};
