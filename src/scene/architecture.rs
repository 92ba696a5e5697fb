//! What the architecture view adds to the scene: the wiring folded into a node, named on its
//! third line, and the nodes of what the SAM transform makes.

use emath::Rect;

use super::{NodeShape, detail_line};
use crate::cfn::Template;
use crate::layout::BoxIndex;
use crate::model::{Derived, category};

/// What the architecture folds into a resource, for its node's third line: the role it acts
/// as, by name (`role PipelineRole`, also where another user of the role owns it), and how
/// much other wiring is folded into it (`+2`).
pub(super) fn folded_line(
    template: &Template,
    derived: &Derived,
    logical_id: &str,
) -> Option<String> {
    let is_role = |id: &str| {
        template
            .resource(id)
            .is_some_and(|r| r.type_name() == "AWS::IAM::Role")
    };
    let role = derived
        .graph
        .outgoing_refs(logical_id)
        .into_iter()
        .map(|(target, _)| target)
        .find(|t| is_role(t) && derived.flow.is_folded(t));
    let others = derived
        .flow
        .folded_into(logical_id)
        .into_iter()
        .filter(|id| Some(*id) != role)
        .count();
    match (role, others) {
        (None, 0) => None,
        (Some(role), 0) => Some(format!("role {role}")),
        (Some(role), n) => Some(format!("role {role}, +{n}")),
        (None, n) => Some(format!("+{n} wiring")),
    }
}

/// The node of a resource the SAM transform makes (an implicit API): drawn like the others,
/// its detail saying where it comes from.
pub(super) fn implicit_node(
    n: &crate::model::ImplicitNode,
    box_index: BoxIndex,
    rect: Rect,
) -> NodeShape {
    let detail = Some("made by SAM".to_owned());
    NodeShape {
        detail_line: detail_line(None, detail.as_deref()),
        box_index,
        logical_id: n.logical_id.clone(),
        rect,
        short_type: n
            .type_name
            .strip_prefix("AWS::")
            .unwrap_or(n.type_name)
            .to_owned(),
        detail,
        category: category(n.type_name),
        fifo: false,
        warnings: 0,
        errors: 0,
        type_name: n.type_name.to_owned(),
        repeat: None,
        change: None,
        stack: None,
    }
}
