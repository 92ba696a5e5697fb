//! The document side: the document and what is derived from it (references, containment,
//! categories, the saved layout).
//!
//! Nothing here knows about egui.

mod category;
mod containment;
mod document;
mod edge_kind;
mod flow;
mod graph;
mod placement;
mod saved_layout;

pub use category::{Category, category, is_plumbing, service_of};
pub use containment::{AzLabel, Containment, Placement, availability_zone};
pub use document::{Derived, Document, NoJsonForm, OpenedDocument};
pub use edge_kind::EdgeKind;
pub use flow::{
    Flow, FlowEdge, ImplicitNode, LINK_RULES, LINK_TYPES as FLOW_LINK_TYPES, LinkRule, OUT_RULES,
    OutRule, build as build_flow, build_with_graph as build_flow_with_graph, is_link,
    named_resources, subnet_egress,
};
pub use graph::{GraphNode, NodeKind, RefEdge, RefGraph, RefKind};
pub use placement::{PLACEMENT_RULES, ParentKind, PlacementRule, placement_rule};
pub use saved_layout::{LayoutSource, METADATA_KEY, SavedBox, SavedLayout};
