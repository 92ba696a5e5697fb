//! Automatic layout: VPCs with Availability Zone columns and subnets, resources inside the
//! subnets they use, everything else in category groups placed by a layered layout, and edges
//! routed around boxes.
//!
//! Plain geometry in, rectangles and routes out; nothing here knows about egui. The same input
//! always gives the same layout.

mod arrange;
mod flow;
mod route;
mod saved;

use std::collections::{HashMap, HashSet};

use emath::{Pos2, Rect, Vec2, vec2};

use crate::cfn::Template;
use crate::model::{AzLabel, Category, Derived, RefKind, SavedLayout, availability_zone, category};

pub use route::{route_edges, route_flow};

/// Size of a resource box.
pub const NODE_SIZE: Vec2 = vec2(220.0, 64.0);
/// Space between sibling boxes.
pub const GAP: f32 = 28.0;
/// Padding inside a container.
pub const PAD: f32 = 18.0;
/// Height of a container's title band.
pub const HEADER: f32 = 34.0;
/// Size of a collapsed container.
pub const COLLAPSED_SIZE: Vec2 = vec2(220.0, 64.0);
/// Narrowest a container gets, so its title fits.
const MIN_CONTAINER_WIDTH: f32 = 260.0;

/// What a box on the canvas stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BoxId {
    /// A resource (a leaf, or a VPC or subnet container).
    Resource(String),
    /// An Availability Zone column inside a VPC.
    Az {
        /// The VPC's logical ID.
        vpc: String,
        /// The zone's label, e.g. "AZ 1".
        az: String,
    },
    /// The group of resources of one category outside any VPC.
    Group(Category),
    /// In a project grouped by stack: the resources one stack declares.
    Stack(String),
}

impl BoxId {
    /// The key under which the box's layout is saved.
    pub fn key(&self) -> String {
        match self {
            BoxId::Resource(id) => id.clone(),
            BoxId::Az { vpc, az } => format!("az:{vpc}:{az}"),
            BoxId::Group(c) => format!("group:{c:?}"),
            BoxId::Stack(name) => format!("stack:{name}"),
        }
    }

    /// The logical ID, for a resource box.
    pub fn logical_id(&self) -> Option<&str> {
        match self {
            BoxId::Resource(id) => Some(id),
            _ => None,
        }
    }
}

/// The role of a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxKind {
    /// A resource drawn as a node.
    Node,
    /// A VPC container.
    Vpc,
    /// A subnet container.
    Subnet,
    /// An Availability Zone column.
    Az,
    /// A category group.
    Group,
}

impl BoxKind {
    /// Whether boxes of this kind hold other boxes.
    pub fn is_container(self) -> bool {
        self != BoxKind::Node
    }
}

/// A box of a [`DiagramLayout`], by its place in [`DiagramLayout::boxes`]: a newtype so that
/// it is not mistaken for a count or another list's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoxIndex(usize);

impl BoxIndex {
    /// The box at `i` in [`DiagramLayout::boxes`].
    pub fn new(i: usize) -> Self {
        Self(i)
    }

    /// Its place in [`DiagramLayout::boxes`], for lists kept beside the boxes.
    pub fn get(self) -> usize {
        self.0
    }
}

/// A placed box.
#[derive(Clone, Debug, PartialEq)]
pub struct LaidBox {
    /// What the box stands for.
    pub id: BoxId,
    /// Its role.
    pub kind: BoxKind,
    /// Where it is, in canvas coordinates.
    pub rect: Rect,
    /// The container box, if any.
    pub parent: Option<BoxIndex>,
    /// Nesting depth: 0 at the top level.
    pub depth: usize,
    /// Whether the container is collapsed (its contents are not laid out).
    pub collapsed: bool,
    /// Number of resources inside, at any depth (shown on collapsed containers).
    pub resource_count: usize,
}

/// An edge routed between two boxes.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutedEdge {
    /// The box holding the reference.
    pub from: BoxIndex,
    /// The box referred to.
    pub to: BoxIndex,
    /// The kind of reference.
    pub kind: RefKind,
    /// The GetAtt attributes read, joined, if any.
    pub label: Option<String>,
    /// The polyline, from the holder's border to the referred box's border.
    pub points: Vec<Pos2>,
    /// Whether it is an edge of the architecture (from where requests, events or data come
    /// to where they go; `label` says what goes) rather than a reference.
    pub flow: bool,
}

/// The layout of a whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramLayout {
    /// Boxes with parents before children (the painting order).
    pub boxes: Vec<LaidBox>,
    /// Edges between visible boxes.
    pub edges: Vec<RoutedEdge>,
    /// The union of all boxes.
    pub bounds: Rect,
    index: HashMap<BoxId, BoxIndex>,
}

impl DiagramLayout {
    /// A layout with nothing in it.
    pub fn empty() -> Self {
        Self {
            boxes: Vec::new(),
            edges: Vec::new(),
            bounds: Rect::NOTHING,
            index: HashMap::new(),
        }
    }

    /// The index of a box.
    pub fn index_of(&self, id: &BoxId) -> Option<BoxIndex> {
        self.index.get(id).copied()
    }

    /// A box by its index.
    pub fn get(&self, index: BoxIndex) -> Option<&LaidBox> {
        self.boxes.get(index.0)
    }

    /// Every box with its index, parents before children.
    pub fn indexed(&self) -> impl DoubleEndedIterator<Item = (BoxIndex, &LaidBox)> {
        self.boxes.iter().enumerate().map(|(i, b)| (BoxIndex(i), b))
    }

    /// The box of a resource, if it is drawn.
    pub fn resource_box(&self, logical_id: &str) -> Option<&LaidBox> {
        self.index_of(&BoxId::Resource(logical_id.to_owned()))
            .and_then(|i| self.get(i))
    }

    /// Whether box `ancestor` contains box `index`, at any depth.
    pub fn is_ancestor(&self, ancestor: BoxIndex, mut index: BoxIndex) -> bool {
        while let Some(parent) = self.get(index).and_then(|b| b.parent) {
            if parent == ancestor {
                return true;
            }
            index = parent;
        }
        false
    }
}

/// What the layout needs besides the template.
#[derive(Clone, Debug, Default)]
pub struct LayoutOptions {
    /// Logical IDs not to draw (the plumbing filter, and in the architecture view the link
    /// resources folded into what they serve).
    pub hidden: HashSet<String>,
    /// The architecture view: resources outside a VPC stand on their own (no category
    /// groups), everything is ordered along the flow, and the flow's edges are drawn.
    pub architecture: bool,
    /// In a project, group by stack: each stack a container of what it declares (nested
    /// stacks inside their parent), containment only within a stack.
    pub by_stack: Option<std::sync::Arc<crate::scene::StackInfo>>,
}

/// One node of the box tree before placement.
#[derive(Clone, Debug)]
struct TreeBox {
    id: BoxId,
    kind: BoxKind,
    children: Vec<usize>,
    collapsed: bool,
    resource_count: usize,
    size: Vec2,
    /// Offset of the top-left corner from the parent's top-left corner.
    offset: Vec2,
}

/// Lays out a template.
pub fn layout(
    template: &Template,
    derived: &Derived,
    saved: &SavedLayout,
    options: &LayoutOptions,
) -> DiagramLayout {
    let ranks = if options.architecture {
        flow::ranks(&derived.flow)
    } else {
        HashMap::new()
    };
    let mut tree = build_tree(template, derived, saved, options, &ranks);
    let roots: Vec<usize> = tree.roots.clone();
    for &r in &roots {
        arrange::size_box(&mut tree.boxes, r, derived, template);
    }
    let root_sizes: Vec<Vec2> = roots.iter().map(|&r| tree.boxes[r].size).collect();
    // Rows about as wide as a 16:10 screen shows the whole diagram, and at least as wide as
    // the widest box. A big template thus grows in both directions, not in one tall column,
    // which keeps references between far boxes short.
    let area: f32 = root_sizes.iter().map(|s| s.x * s.y).sum();
    let widest = root_sizes.iter().map(|s| s.x).fold(0.0, f32::max);
    let row_width = (area * 1.6).sqrt().max(widest);
    let root_offsets = if options.architecture {
        flow::columns(&root_sizes, &root_edges(&tree, &derived.flow))
    } else {
        arrange::shelf(&root_sizes, row_width)
    };
    for (&r, off) in roots.iter().zip(root_offsets) {
        tree.boxes[r].offset = off;
    }
    let mut out = DiagramLayout::empty();
    for &r in &roots {
        place(&tree.boxes, r, Pos2::ZERO, None, 0, &mut out);
    }
    if !saved.is_empty() {
        saved::apply_saved(&mut out, saved);
        // The architecture never lets boxes overlap, even where that moves what the user
        // (or an imported Designer layout) placed; the references keep every saved place.
        if options.architecture {
            saved::separate(&mut out);
        }
    }
    out.bounds = out
        .boxes
        .iter()
        .map(|b| b.rect)
        .reduce(Rect::union)
        .unwrap_or(Rect::from_min_size(Pos2::ZERO, NODE_SIZE));
    out.edges = if options.architecture {
        route_flow(&out, &derived.flow)
    } else {
        route_edges(&out, derived, template)
    };
    out
}

/// The flow's edges between the top-level boxes that hold their ends, as root positions.
fn root_edges(tree: &Tree, flow: &crate::model::Flow) -> Vec<(usize, usize, f32)> {
    let mut root_of: HashMap<&str, usize> = HashMap::new();
    for (k, &r) in tree.roots.iter().enumerate() {
        let mut stack = vec![r];
        while let Some(i) = stack.pop() {
            if let BoxId::Resource(id) = &tree.boxes[i].id {
                root_of.insert(id.as_str(), k);
            }
            stack.extend(tree.boxes[i].children.iter().copied());
        }
    }
    flow.edges
        .iter()
        .filter_map(|e| {
            #[expect(clippy::cast_precision_loss, reason = "short labels")]
            let width = e.label.chars().count() as f32 * flow::LABEL_CHAR;
            Some((
                *root_of.get(e.from.as_str())?,
                *root_of.get(e.to.as_str())?,
                width,
            ))
        })
        .filter(|(a, b, _)| a != b)
        .collect()
}

struct Tree {
    boxes: Vec<TreeBox>,
    roots: Vec<usize>,
}

impl Tree {
    fn add(&mut self, id: BoxId, kind: BoxKind, saved: &SavedLayout) -> usize {
        let collapsed = kind.is_container() && saved.is_collapsed(&id.key());
        self.boxes.push(TreeBox {
            id,
            kind,
            children: Vec::new(),
            collapsed,
            resource_count: 0,
            size: NODE_SIZE,
            offset: Vec2::ZERO,
        });
        self.boxes.len() - 1
    }
}

/// The sort key of an AZ column: numbered zones first, then literals, parameters, unknown.
fn az_key(az: Option<&AzLabel>) -> (u8, String) {
    match az {
        Some(AzLabel::Index(i)) => (0, format!("{i:06}")),
        Some(AzLabel::Literal(s)) => (1, s.clone()),
        Some(AzLabel::Parameter(s)) => (2, s.clone()),
        None => (3, String::new()),
    }
}

/// A zone column being filled: sort key, label, and (private?, order, subnet) entries.
type Zone<'a> = ((u8, String), String, Vec<(bool, usize, &'a str)>);

fn build_tree(
    template: &Template,
    derived: &Derived,
    saved: &SavedLayout,
    options: &LayoutOptions,
    ranks: &HashMap<String, usize>,
) -> Tree {
    // Along the flow (sources first) in the architecture view; else in template order.
    let rank = |id: &str| ranks.get(id).copied().unwrap_or(0);
    let c = &derived.containment;
    let stacks = options.by_stack.as_deref();
    // Grouped by stack, a resource sits in a container of its own stack only.
    let same_stack = |a: &str, b: &str| stacks.is_none_or(|s| s.stack_of(a) == s.stack_of(b));
    let visible = |id: &str| !options.hidden.contains(id);
    let mut tree = Tree {
        boxes: Vec::new(),
        roots: Vec::new(),
    };
    let mut placed: HashSet<&str> = HashSet::new();

    for vpc in template
        .resources()
        .filter(|r| r.type_name() == "AWS::EC2::VPC" && visible(r.logical_id))
    {
        let v = tree.add(
            BoxId::Resource(vpc.logical_id.to_owned()),
            BoxKind::Vpc,
            saved,
        );
        tree.roots.push(v);
        placed.insert(vpc.logical_id);
        // Subnets by zone, public first within a zone, then template order.
        let mut zones: Vec<Zone<'_>> = Vec::new();
        let mut vpc_level = Vec::new();
        for (order, child) in c.children(vpc.logical_id).iter().enumerate() {
            if !visible(child) || !same_stack(child, vpc.logical_id) {
                continue;
            }
            let Some(r) = template.resource(child) else {
                continue;
            };
            placed.insert(r.logical_id);
            if r.type_name() == "AWS::EC2::Subnet" {
                let az = availability_zone(template, child);
                let key = az_key(az.as_ref());
                let label = az.map_or_else(|| "AZ ?".to_owned(), |a| a.to_string());
                let entry = (!c.is_public(child), order, r.logical_id);
                match zones.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, subnets)) => subnets.push(entry),
                    None => zones.push((key, label, vec![entry])),
                }
            } else {
                vpc_level.push(r.logical_id);
            }
        }
        zones.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, label, mut subnets) in zones {
            subnets.sort_unstable();
            let az = tree.add(
                BoxId::Az {
                    vpc: vpc.logical_id.to_owned(),
                    az: label,
                },
                BoxKind::Az,
                saved,
            );
            tree.boxes[v].children.push(az);
            for (_, _, subnet) in subnets {
                let s = tree.add(BoxId::Resource(subnet.to_owned()), BoxKind::Subnet, saved);
                tree.boxes[az].children.push(s);
                let mut inside: Vec<&String> = c.children(subnet).iter().collect();
                inside.sort_by_key(|id| rank(id));
                for child in inside {
                    if visible(child)
                        && template.resource(child).is_some()
                        && same_stack(child, subnet)
                    {
                        placed.insert(child.as_str());
                        let n = tree.add(BoxId::Resource(child.clone()), BoxKind::Node, saved);
                        tree.boxes[s].children.push(n);
                    }
                }
            }
        }
        vpc_level.sort_by_key(|id| rank(id));
        for id in vpc_level {
            let n = tree.add(BoxId::Resource(id.to_owned()), BoxKind::Node, saved);
            tree.boxes[v].children.push(n);
        }
    }
    if options.architecture || stacks.is_some() {
        // Outside a VPC, category is a colour and an icon, not a box (and grouped by stack,
        // the stack is the box).
        for r in template.resources() {
            if !placed.contains(r.logical_id) && visible(r.logical_id) {
                let n = tree.add(
                    BoxId::Resource(r.logical_id.to_owned()),
                    BoxKind::Node,
                    saved,
                );
                tree.roots.push(n);
            }
        }
        // What the SAM transform makes for the template (an implicit API) stands with it.
        for implicit in &derived.flow.implicit {
            if visible(&implicit.logical_id) {
                let id = BoxId::Resource(implicit.logical_id.clone());
                let n = tree.add(id, BoxKind::Node, saved);
                tree.roots.push(n);
            }
        }
        if let Some(info) = stacks {
            group_by_stack(&mut tree, info, saved);
        }
        count_resources(&mut tree.boxes, &tree.roots.clone());
        return tree;
    }

    // Everything else, by category.
    let mut groups: Vec<(Category, Vec<String>)> = Vec::new();
    for r in template.resources() {
        if placed.contains(r.logical_id) || !visible(r.logical_id) {
            continue;
        }
        let cat = category(r.type_name());
        match groups.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, ids)) => ids.push(r.logical_id.to_owned()),
            None => groups.push((cat, vec![r.logical_id.to_owned()])),
        }
    }
    groups.sort_by_key(|(c, _)| *c);
    for (cat, ids) in groups {
        let g = tree.add(BoxId::Group(cat), BoxKind::Group, saved);
        tree.roots.push(g);
        for id in ids {
            let n = tree.add(BoxId::Resource(id), BoxKind::Node, saved);
            tree.boxes[g].children.push(n);
        }
    }
    count_resources(&mut tree.boxes, &tree.roots.clone());
    tree
}

/// Puts each root in the box of its stack, and each stack's box in its parent's.
fn group_by_stack(tree: &mut Tree, info: &crate::scene::StackInfo, saved: &SavedLayout) {
    let stack_boxes: Vec<usize> = info
        .names
        .iter()
        .map(|name| tree.add(BoxId::Stack(name.clone()), BoxKind::Group, saved))
        .collect();
    let roots = std::mem::take(&mut tree.roots);
    let mut loose = Vec::new();
    for root in roots {
        let stack = tree.boxes[root]
            .id
            .logical_id()
            .and_then(|id| info.stack_of(id));
        match stack {
            Some(s) => tree.boxes[stack_boxes[s]].children.push(root),
            None => loose.push(root),
        }
    }
    for (s, &b) in stack_boxes.iter().enumerate() {
        match info.parents.get(s).copied().flatten() {
            Some(parent) if parent != s => tree.boxes[stack_boxes[parent]].children.push(b),
            _ => tree.roots.push(b),
        }
    }
    // A stack that declares nothing drawn and runs no nested stack is left out.
    let mut keep: Vec<usize> = Vec::new();
    for &r in &tree.roots {
        if !tree.boxes[r].children.is_empty() {
            keep.push(r);
        }
    }
    tree.roots = keep;
    tree.roots.extend(loose);
}

fn count_resources(boxes: &mut [TreeBox], ids: &[usize]) -> usize {
    let mut total = 0;
    for &i in ids {
        let children = boxes[i].children.clone();
        let inner = count_resources(boxes, &children);
        boxes[i].resource_count = inner;
        total += inner + usize::from(matches!(boxes[i].id, BoxId::Resource(_)));
    }
    total
}

/// Turns offsets into absolute rectangles, parents first.
fn place(
    boxes: &[TreeBox],
    i: usize,
    origin: Pos2,
    parent: Option<BoxIndex>,
    depth: usize,
    out: &mut DiagramLayout,
) {
    let b = &boxes[i];
    let min = origin + b.offset;
    let index = BoxIndex(out.boxes.len());
    out.index.insert(b.id.clone(), index);
    out.boxes.push(LaidBox {
        id: b.id.clone(),
        kind: b.kind,
        rect: Rect::from_min_size(min, b.size),
        parent,
        depth,
        collapsed: b.collapsed,
        resource_count: b.resource_count,
    });
    if b.collapsed {
        return;
    }
    for &c in &b.children {
        place(boxes, c, min, Some(index), depth + 1, out);
    }
}

/// The point where the segment from the centre of `rect` towards `target` leaves `rect`.
pub fn border_point(rect: Rect, target: Pos2) -> Pos2 {
    let c = rect.center();
    let d = target - c;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return c;
    }
    let half = rect.size() / 2.0;
    let tx = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    c + d * tx.min(ty)
}
