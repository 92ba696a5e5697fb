//! The drawing as plain data: boxes, icons, labels and arrows, built from the document and
//! its layout. The canvas paints a [`Scene`] with egui; the exporters write the same scene.

mod architecture;
mod icon;
mod stacks;
mod style;

use architecture::{folded_line, implicit_node};

use std::collections::{BTreeSet, HashMap};

use emath::{Pos2, Rect, vec2};

pub use icon::{IconPrim, icon_for, monogram};
pub use stacks::{StackInfo, StackMark, stack_color};
pub use style::{Palette, Rgba, Theme, category_color, impact_color};

use crate::cfn::{Node, Template, Value, write_yaml_value};
use crate::compare::Impact;
use crate::layout::{BoxId, BoxIndex, BoxKind, DiagramLayout};
use crate::model::{Category, Derived, EdgeKind, RefKind, category};

/// Longest detail text on a node before it is cut with "...".
const MAX_DETAIL_CHARS: usize = 28;

/// A container: VPC, subnet, Availability Zone column or category group.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerShape {
    /// Index of the box in the layout.
    pub box_index: BoxIndex,
    /// What the box stands for.
    pub id: BoxId,
    /// Its role.
    pub kind: BoxKind,
    /// Where it is.
    pub rect: Rect,
    /// Title: the logical ID, zone or group name.
    pub title: String,
    /// Second line: type and CIDR block, or the zone.
    pub subtitle: String,
    /// The second line as drawn beside the title: public or private, the subtitle, and for a
    /// collapsed box how many resources it holds.
    pub subtitle_line: String,
    /// For subnets: public (routes to an internet gateway or maps public IPs) or not.
    pub public: Option<bool>,
    /// Whether it is collapsed.
    pub collapsed: bool,
    /// Resources inside, at any depth.
    pub resource_count: usize,
    /// Colour category.
    pub category: Category,
    /// Resource type, for the icon; empty for zones and groups.
    pub type_name: String,
    /// Nesting depth.
    pub depth: usize,
    /// In a comparison, what the change does to it.
    pub change: Option<Impact>,
    /// In a project, the stack that declares it.
    pub stack: Option<StackMark>,
}

/// A resource node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape {
    /// Index of the box in the layout.
    pub box_index: BoxIndex,
    /// Logical ID, the node's label.
    pub logical_id: String,
    /// Where it is.
    pub rect: Rect,
    /// The full type.
    pub type_name: String,
    /// The short type shown under the name (`Lambda::Function`).
    pub short_type: String,
    /// A detail that helps: runtime, instance type, FIFO or standard.
    pub detail: Option<String>,
    /// The third line as drawn: how a stacked resource repeats, then the detail.
    pub detail_line: Option<String>,
    /// Colour category.
    pub category: Category,
    /// Whether the node is a FIFO queue (drawn with a double border).
    pub fifo: bool,
    /// Number of warnings about this resource.
    pub warnings: usize,
    /// Number of errors about this resource: CloudFormation would refuse it as it is. The node
    /// is drawn all the same, marked broken.
    pub errors: usize,
    /// For a resource that a `Fn::ForEach` loop makes but whose values are not known: how it
    /// repeats (`× 3`, `× ?`), drawn as a stack of cards.
    pub repeat: Option<String>,
    /// In a comparison, what the change does to it.
    pub change: Option<Impact>,
    /// In a project, the stack that declares it.
    pub stack: Option<StackMark>,
}

impl NodeShape {
    /// The name drawn on the node: its logical ID, without the stack a project's key starts
    /// with (the band and the legend say which stack).
    pub fn name(&self) -> &str {
        match &self.stack {
            Some(_) => crate::project::Combined::id_of(&self.logical_id),
            None => &self.logical_id,
        }
    }

    /// The colour of the node's badge and, when broken, of its border: `None` with no problem.
    pub fn badge_color(&self, palette: &Palette) -> Option<Rgba> {
        if self.errors > 0 {
            Some(palette.error)
        } else if self.warnings > 0 {
            Some(palette.warning)
        } else {
            None
        }
    }
}

/// An arrow between two boxes.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeShape {
    /// Box index of the resource holding the reference.
    pub from: BoxIndex,
    /// Box index of the resource referred to.
    pub to: BoxIndex,
    /// Logical ID (or box key) at the tail.
    pub from_id: String,
    /// Logical ID (or box key) at the head.
    pub to_id: String,
    /// `Ref` solid, `GetAtt` solid, `Sub` dotted, `DependsOn` dashed, `Condition` dashed.
    pub kind: RefKind,
    /// GetAtt attributes, shown on hover.
    pub label: Option<String>,
    /// The route.
    pub points: Vec<Pos2>,
    /// In a comparison, whether the reference is new or gone.
    pub change: Option<EdgeChange>,
    /// Whether it is an edge of the architecture view: `label` then says what goes from
    /// `from_id` to `to_id` (`batch 10`, `send`).
    pub flow: bool,
    /// The link resources that make an architecture edge (a mapping, a subscription, a
    /// listener and its target group): what a click on it selects.
    pub via: Vec<String>,
    /// In a project, for an edge between stacks: how the templates wire it
    /// (`ImportValue network-SubnetA`, `parameter VpcId, from output Network.VpcId`).
    pub wired: Option<String>,
}

/// In a comparison, what happened to a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeChange {
    /// The new version makes it.
    Added,
    /// Only the old version made it.
    Removed,
}

impl EdgeChange {
    /// `added` or `removed`, for SVG classes.
    pub fn key(self) -> &'static str {
        match self {
            EdgeChange::Added => "added",
            EdgeChange::Removed => "removed",
        }
    }
}

impl EdgeShape {
    /// What the arrow says, shown on hover: `Api GetAtt Function.Arn`, `Queue DependsOn
    /// Topic`. Made when asked for (one edge is hovered at a time), not for every edge.
    pub fn tooltip(&self) -> String {
        let mut text = self.own_tooltip();
        if let Some(how) = &self.wired {
            text.push_str(&format!(" [across stacks: {how}]"));
        }
        text
    }

    fn own_tooltip(&self) -> String {
        if self.flow {
            let what = self.label.as_deref().unwrap_or("flows");
            let mut text = format!("{} -> {}: {what}", self.from_id, self.to_id);
            if !self.via.is_empty() {
                text.push_str(&format!(" (through {})", self.via.join(", ")));
            }
            return text;
        }
        edge_tooltip(
            &self.from_id,
            &self.kind,
            self.label.as_deref(),
            &self.to_id,
        )
    }
}

/// A marker on a subnet for a resource drawn in another subnet that it also spans.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerShape {
    /// Where the marker is.
    pub rect: Rect,
    /// The spanning resource.
    pub logical_id: String,
    /// Its category colour.
    pub category: Category,
    /// What the marker says, shown on hover.
    pub tooltip: String,
}

/// What to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneOptions {
    /// Edge kinds not to draw.
    pub hidden_edge_kinds: BTreeSet<EdgeKind>,
    /// The architecture view: a node's third line also says what wiring is folded into it.
    pub architecture: bool,
}

/// The whole drawing, in painting order: containers (outer first), edges, nodes, markers.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Containers, parents before children.
    pub containers: Vec<ContainerShape>,
    /// Arrows.
    pub edges: Vec<EdgeShape>,
    /// Resource nodes.
    pub nodes: Vec<NodeShape>,
    /// Spanning markers.
    pub markers: Vec<MarkerShape>,
    /// Everything drawn.
    pub bounds: Rect,
    /// In a project, the stacks, in the order of their colours: the legend.
    pub stacks: Vec<String>,
}

impl Scene {
    /// A scene with nothing in it.
    pub fn empty() -> Self {
        Self {
            containers: Vec::new(),
            edges: Vec::new(),
            nodes: Vec::new(),
            markers: Vec::new(),
            bounds: Rect::NOTHING,
            stacks: Vec::new(),
        }
    }

    /// Builds the scene of a laid-out document.
    pub fn build(
        template: &Template,
        derived: &Derived,
        layout: &DiagramLayout,
        options: &SceneOptions,
    ) -> Self {
        let mut problems: HashMap<&str, (usize, usize)> = HashMap::new();
        for d in derived.diagnostics() {
            if let Some(id) = &d.logical_id {
                let (errors, warnings) = problems.entry(id.as_str()).or_default();
                if d.is_error() {
                    *errors += 1;
                } else {
                    *warnings += 1;
                }
            }
        }
        let mut containers = Vec::new();
        let mut nodes = Vec::new();
        // The architecture folds route tables into the VPC: a subnet says where it leads.
        let egress = if options.architecture {
            crate::model::subnet_egress(template)
        } else {
            HashMap::new()
        };
        for (i, b) in layout.boxes.iter().enumerate() {
            let resource = b.id.logical_id().and_then(|id| template.resource(id));
            let type_name = resource
                .map(|r| r.type_name().to_owned())
                .unwrap_or_default();
            if b.kind == BoxKind::Node {
                let Some(r) = resource else {
                    if let Some(n) = b.id.logical_id().and_then(|id| derived.flow.implicit(id)) {
                        nodes.push(implicit_node(n, BoxIndex::new(i), b.rect));
                    }
                    continue;
                };
                let (detail, fifo) = node_detail(r.type_name(), r.properties());
                let (detail, repeat) = loop_detail(template, r.logical_id, detail);
                let mut line = detail_line(repeat.as_deref(), detail.as_deref());
                if options.architecture
                    && let Some(wiring) = folded_line(template, derived, r.logical_id)
                {
                    line = Some(match line {
                        Some(l) => format!("{l} \u{b7} {wiring}"),
                        None => wiring,
                    });
                }
                nodes.push(NodeShape {
                    detail_line: line,
                    box_index: BoxIndex::new(i),
                    logical_id: r.logical_id.to_owned(),
                    rect: b.rect,
                    short_type: if r.type_name().is_empty() {
                        "no valid Type".to_owned()
                    } else {
                        r.short_type().to_owned()
                    },
                    detail,
                    category: category(r.type_name()),
                    fifo,
                    warnings: problems.get(r.logical_id).map_or(0, |p| p.1),
                    errors: problems.get(r.logical_id).map_or(0, |p| p.0),
                    type_name,
                    repeat,
                    change: None,
                    stack: None,
                });
                continue;
            }
            let (title, subtitle, cat) = match &b.id {
                BoxId::Resource(id) => {
                    let cidr = resource
                        .and_then(|r| r.property(&["CidrBlock"]))
                        .map(display_value)
                        .unwrap_or_default();
                    // The icon and the nesting say it is a VPC or subnet; the CIDR says which.
                    let short = resource.map(|r| r.short_type()).unwrap_or_default();
                    let mut subtitle = if cidr.is_empty() {
                        short.to_owned()
                    } else {
                        cidr
                    };
                    if let Some(via) = egress.get(id) {
                        // First, since a CIDR may be a long expression that gets cut.
                        subtitle = format!("via {via} \u{b7} {subtitle}");
                    }
                    (id.clone(), subtitle, category(&type_name))
                }
                BoxId::Az { az, .. } => (
                    az.clone(),
                    "Availability Zone".to_owned(),
                    Category::Networking,
                ),
                BoxId::Group(c) => (c.label().to_owned(), String::new(), *c),
                BoxId::Stack(name) => (name.clone(), "stack".to_owned(), Category::Management),
            };
            let public = (b.kind == BoxKind::Subnet).then(|| {
                b.id.logical_id()
                    .is_some_and(|id| derived.containment.is_public(id))
            });
            containers.push(ContainerShape {
                box_index: BoxIndex::new(i),
                id: b.id.clone(),
                kind: b.kind,
                rect: b.rect,
                title,
                subtitle_line: subtitle_line(&subtitle, public, b.collapsed, b.resource_count),
                subtitle,
                public,
                collapsed: b.collapsed,
                resource_count: b.resource_count,
                category: cat,
                type_name,
                depth: b.depth,
                change: None,
                stack: None,
            });
        }
        let edges = layout
            .edges
            .iter()
            .filter(|e| e.flow || !options.hidden_edge_kinds.contains(&e.kind.edge_kind()))
            .map(|e| {
                let from_id = layout.get(e.from).map(|b| b.id.key()).unwrap_or_default();
                let to_id = layout.get(e.to).map(|b| b.id.key()).unwrap_or_default();
                let via = if e.flow {
                    derived
                        .flow
                        .edges
                        .iter()
                        .filter(|f| f.from == from_id && f.to == to_id)
                        .flat_map(|f| f.via.iter().cloned())
                        .collect()
                } else {
                    Vec::new()
                };
                EdgeShape {
                    from: e.from,
                    to: e.to,
                    from_id,
                    to_id,
                    kind: e.kind.clone(),
                    label: e.label.clone(),
                    points: e.points.clone(),
                    change: None,
                    flow: e.flow,
                    via,
                    wired: None,
                }
            })
            .collect();
        let markers = spanning_markers(template, derived, layout);
        Self {
            containers,
            edges,
            nodes,
            markers,
            bounds: layout.bounds,
            stacks: Vec::new(),
        }
    }

    /// Whether a comparison marked anything: then a legend is drawn.
    pub fn has_changes(&self) -> bool {
        self.nodes.iter().any(|n| n.change.is_some())
            || self.containers.iter().any(|c| c.change.is_some())
            || self.edges.iter().any(|e| e.change.is_some())
    }

    /// The node of a resource.
    pub fn node(&self, logical_id: &str) -> Option<&NodeShape> {
        self.nodes.iter().find(|n| n.logical_id == logical_id)
    }

    /// The rectangle of a resource, node or container.
    pub fn rect_of(&self, logical_id: &str) -> Option<Rect> {
        self.node(logical_id).map(|n| n.rect).or_else(|| {
            self.containers
                .iter()
                .find(|c| c.id.logical_id() == Some(logical_id))
                .map(|c| c.rect)
        })
    }
}

/// A node's third line: how a stacked resource repeats, then the detail.
fn detail_line(repeat: Option<&str>, detail: Option<&str>) -> Option<String> {
    match (repeat, detail) {
        (Some(r), Some(d)) => Some(format!("{r}  {d}")),
        (Some(r), None) => Some(r.to_owned()),
        (None, d) => d.map(str::to_owned),
    }
}

/// A container's second line. Its parts are joined with two spaces even when one is empty, as
/// the canvas has always drawn it; the SVG trims it.
fn subtitle_line(
    subtitle: &str,
    public: Option<bool>,
    collapsed: bool,
    resource_count: usize,
) -> String {
    let mut line = subtitle.to_owned();
    if let Some(public) = public {
        line = format!("{}  {line}", if public { "Public" } else { "Private" });
    }
    if collapsed {
        line = format!("{line}  {resource_count} resources");
    }
    line
}

/// What an arrow says on hover: `A Ref B`, or `A GetAtt B.Attribute`.
fn edge_tooltip(from_id: &str, kind: &RefKind, label: Option<&str>, to_id: &str) -> String {
    match kind {
        RefKind::GetAtt(_) => format!("{from_id} GetAtt {to_id}.{}", label.unwrap_or_default()),
        kind => format!("{from_id} {} {to_id}", kind.label()),
    }
}

/// Markers in the headers of the other subnets a resource spans.
fn spanning_markers(
    template: &Template,
    derived: &Derived,
    layout: &DiagramLayout,
) -> Vec<MarkerShape> {
    let mut per_subnet: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for r in template.resources() {
        let Some(p) = derived.containment.placement(r.logical_id) else {
            continue;
        };
        if layout.resource_box(r.logical_id).is_none() {
            continue;
        }
        for subnet in &p.also_in {
            let Some(b) = layout.resource_box(subnet).filter(|b| !b.collapsed) else {
                continue;
            };
            let k = per_subnet.entry(subnet.as_str()).or_default();
            #[expect(clippy::cast_precision_loss, reason = "few markers")]
            let x = b.rect.max.x - 8.0 - 18.0 * (*k as f32 + 1.0);
            *k += 1;
            out.push(MarkerShape {
                rect: Rect::from_min_size(Pos2::new(x, b.rect.min.y + 8.0), vec2(16.0, 16.0)),
                logical_id: r.logical_id.to_owned(),
                category: category(r.type_name()),
                tooltip: format!("{} also spans this subnet", r.logical_id),
            });
        }
    }
    out
}

/// For a resource made by a loop: the detail (the identifiers' values when nothing else
/// says more) and how a stacked resource repeats.
fn loop_detail(
    template: &Template,
    logical_id: &str,
    detail: Option<String>,
) -> (Option<String>, Option<String>) {
    let Some(g) = template.loops().generated(logical_id) else {
        return (detail, None);
    };
    let values = || {
        let pairs: Vec<String> = g
            .bindings
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        (!pairs.is_empty()).then(|| truncate(&pairs.join(", "), MAX_DETAIL_CHARS))
    };
    (detail.or_else(values), g.repeat.map(|r| r.to_string()))
}

/// The detail shown on a node, and whether it is a FIFO queue.
fn node_detail(type_name: &str, props: Option<&crate::cfn::Mapping>) -> (Option<String>, bool) {
    let get = |k: &str| props.and_then(|p| p.get(k));
    match type_name {
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
            (get("Runtime").map(display_value), false)
        }
        "AWS::EC2::Instance" => (get("InstanceType").map(display_value), false),
        "AWS::SQS::Queue" => {
            let fifo = get("FifoQueue").and_then(Node::as_bool_like) == Some(true)
                || get("QueueName")
                    .and_then(Node::as_str)
                    .is_some_and(|n| n.to_ascii_lowercase().ends_with(".fifo"));
            (
                Some(if fifo { "FIFO" } else { "Standard" }.to_owned()),
                fifo,
            )
        }
        "AWS::EC2::Subnet" | "AWS::EC2::VPC" => (get("CidrBlock").map(display_value), false),
        "AWS::RDS::DBInstance" => (
            get("Engine")
                .or_else(|| get("DBInstanceClass"))
                .map(display_value),
            false,
        ),
        "AWS::DynamoDB::Table" => (get("BillingMode").map(display_value), false),
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => (
            Some(get("Type").map_or_else(|| "application".to_owned(), display_value)),
            false,
        ),
        _ => (None, false),
    }
}

/// A short one-line rendering of a value as a template author writes it: `!Ref Vpc`.
pub fn display_value(node: &Node) -> String {
    display_value_max(node, MAX_DETAIL_CHARS)
}

/// [`display_value`], cut at `max` characters.
pub fn display_value_max(node: &Node, max: usize) -> String {
    let text = match &node.value {
        Value::String(s) => s.clone(),
        _ => write_yaml_value(node).trim_end().replace('\n', " "),
    };
    truncate(&text, max)
}

/// Cuts `text` to `max` characters, ending with "...".
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(3)).collect();
        format!("{cut}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::layout::{LayoutOptions, layout};
    use crate::model::SavedLayout;

    #[test]
    fn nodes_show_the_details_that_help() {
        let t = import_text(
            "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12}}\n  I: {Type: AWS::EC2::Instance, Properties: {InstanceType: !Ref Size}}\n  Q: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}\n  S: {Type: AWS::SQS::Queue}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let d = Derived::build(&t, "t.yaml");
        let l = layout(&t, &d, &SavedLayout::default(), &LayoutOptions::default());
        let s = Scene::build(&t, &d, &l, &SceneOptions::default());
        assert_eq!(s.node("F").unwrap().detail.as_deref(), Some("python3.12"));
        assert_eq!(s.node("I").unwrap().detail.as_deref(), Some("!Ref Size"));
        assert!(s.node("Q").unwrap().fifo && !s.node("S").unwrap().fifo);
        assert_eq!(s.node("S").unwrap().detail.as_deref(), Some("Standard"));
        assert_eq!(
            s.containers.len(),
            2,
            "a compute and an app integration group"
        );
    }

    #[test]
    fn nodes_count_what_the_schemas_find() {
        let t = import_text(
            "Resources:\n  M: {Type: AWS::StepFunctions::StateMachine}\n  Q: {Type: AWS::SQS::Queue, Properties: {VisibilityTimout: 3}}\n  V: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: a, VolumeType: gp9}}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let d = Derived::build(&t, "t.yaml");
        let l = layout(&t, &d, &SavedLayout::default(), &LayoutOptions::default());
        let s = Scene::build(&t, &d, &l, &SceneOptions::default());
        let counts = |id: &str| s.node(id).map(|n| (n.errors, n.warnings));
        assert_eq!(counts("M"), Some((1, 0)), "RoleArn is required");
        assert_eq!(counts("Q"), Some((1, 0)), "no such property");
        assert_eq!(counts("V"), Some((0, 1)), "gp9 is not a volume type");
    }

    #[test]
    fn labels_are_composed_once_for_every_painter() {
        let t = import_text(
            "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  Igw: {Type: AWS::EC2::InternetGateway}\n  Pub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: true}}\n  Q: {Type: AWS::SQS::Queue, DependsOn: Igw}\n  F: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12, Environment: {Variables: {Q: !GetAtt Q.Arn}}}}\n  T: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Ref Q}}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let d = Derived::build(&t, "t.yaml");
        let mut saved = SavedLayout::default();
        saved.boxes.insert(
            "Vpc".to_owned(),
            crate::model::SavedBox {
                collapsed: true,
                ..Default::default()
            },
        );
        let l = layout(&t, &d, &SavedLayout::default(), &LayoutOptions::default());
        let s = Scene::build(&t, &d, &l, &SceneOptions::default());
        let container = |id: &str| {
            s.containers
                .iter()
                .find(|c| c.id.logical_id() == Some(id))
                .unwrap()
        };
        assert_eq!(container("Pub").subtitle_line, "Public  10.0.1.0/24");
        assert_eq!(container("Vpc").subtitle_line, "10.0.0.0/16");
        assert_eq!(
            s.node("F").unwrap().detail_line.as_deref(),
            Some("python3.12")
        );
        let tooltips: Vec<String> = s.edges.iter().map(EdgeShape::tooltip).collect();
        assert!(
            tooltips.iter().any(|t| t == "F GetAtt Q.Arn"),
            "{tooltips:?}"
        );
        assert!(
            tooltips.iter().any(|t| t == "Q DependsOn Igw"),
            "{tooltips:?}"
        );
        assert!(tooltips.iter().any(|t| t == "T Ref Q"), "{tooltips:?}");

        let l = layout(&t, &d, &saved, &LayoutOptions::default());
        let s = Scene::build(&t, &d, &l, &SceneOptions::default());
        let vpc = s
            .containers
            .iter()
            .find(|c| c.id.logical_id() == Some("Vpc"))
            .unwrap();
        assert!(vpc.collapsed);
        assert_eq!(
            vpc.subtitle_line,
            format!("10.0.0.0/16  {} resources", vpc.resource_count)
        );
    }
}
