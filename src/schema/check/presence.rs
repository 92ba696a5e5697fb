//! Whether a property is there when the stack deploys: `!Ref AWS::NoValue` leaves it out,
//! `Fn::If` may, and the resource's own condition tells which branch is taken.

use std::collections::HashSet;

use crate::cfn::{Func, Intrinsic, Node, Template};

/// The conditions that are true wherever the resource exists: its own `Condition`, and the
/// conditions that one is the `Fn::And` of.
pub(super) struct TrueConditions(HashSet<String>);

impl TrueConditions {
    pub(super) fn of(template: &Template, condition: Option<&str>) -> Self {
        let mut set = HashSet::new();
        let mut todo: Vec<String> = condition.into_iter().map(str::to_owned).collect();
        while let Some(name) = todo.pop() {
            if !set.insert(name.clone()) {
                continue;
            }
            let Some(f) = template
                .section_mapping("Conditions")
                .and_then(|c| c.get(&name))
                .and_then(Node::as_intrinsic)
            else {
                continue;
            };
            if f.func == Func::And
                && let Some(items) = f.arg.as_sequence()
            {
                todo.extend(
                    items
                        .iter()
                        .filter_map(Node::as_intrinsic)
                        .filter_map(Intrinsic::condition_name)
                        .map(str::to_owned),
                );
            }
        }
        Self(set)
    }

    pub(super) fn holds(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// Whether a value is there, as far as the template tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Presence {
    /// Left out, or `!Ref AWS::NoValue`.
    Absent,
    /// `AWS::NoValue` under some condition only.
    Maybe,
    /// There.
    Present,
}

pub(super) fn is_no_value(node: &Node) -> bool {
    node.as_intrinsic()
        .and_then(Intrinsic::ref_target)
        .is_some_and(|t| t == "AWS::NoValue")
}

/// The branches of a `Fn::If`: (index in the argument, node).
pub(super) fn if_branches(f: &Intrinsic) -> Option<[(usize, &Node); 2]> {
    match (&f.func, f.arg.as_sequence()) {
        (Func::If, Some([_, a, b])) => Some([(1, a), (2, b)]),
        _ => None,
    }
}

/// Whether `node` is there when the stack deploys, given the conditions known to hold.
pub(super) fn presence(conditions: &TrueConditions, node: &Node) -> Presence {
    if is_no_value(node) {
        return Presence::Absent;
    }
    let Some(f) = node.as_intrinsic() else {
        return Presence::Present;
    };
    match (if_branches(f), f.condition_name()) {
        (Some([(_, a), _]), Some(c)) if conditions.holds(c) => presence(conditions, a),
        (Some([(_, a), (_, b)]), _) => match (presence(conditions, a), presence(conditions, b)) {
            (Presence::Present, Presence::Present) => Presence::Present,
            (Presence::Absent, Presence::Absent) => Presence::Absent,
            _ => Presence::Maybe,
        },
        _ => Presence::Present,
    }
}
