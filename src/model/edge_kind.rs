//! The kinds of reference edge a view can hide or show.

/// A kind of reference edge, as the user hides or shows it: [`RefKind`] without its data.
///
/// Serialized as its label, which is also how settings files and `render --hide-edges` name it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EdgeKind {
    /// `Ref`.
    Ref,
    /// `Fn::GetAtt`.
    GetAtt,
    /// `${...}` inside `Fn::Sub`.
    Sub,
    /// `DependsOn`.
    DependsOn,
    /// Through a condition.
    Condition,
}

impl EdgeKind {
    /// Every kind, in the order the toolbar lists them.
    pub const ALL: [EdgeKind; 5] = [
        EdgeKind::Ref,
        EdgeKind::GetAtt,
        EdgeKind::Sub,
        EdgeKind::DependsOn,
        EdgeKind::Condition,
    ];

    /// Its label: `Ref`, `GetAtt`, `Sub`, `DependsOn`, `Condition`.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Ref => "Ref",
            EdgeKind::GetAtt => "GetAtt",
            EdgeKind::Sub => "Sub",
            EdgeKind::DependsOn => "DependsOn",
            EdgeKind::Condition => "Condition",
        }
    }

    /// The kind named `name`, in any case: `ref`, `GetAtt`, `dependson`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.label().eq_ignore_ascii_case(name.trim()))
    }
}
