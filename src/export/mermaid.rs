//! The scene as a Mermaid flowchart: VPCs, zones, subnets and groups become nested subgraphs,
//! resources become nodes and references become labelled arrows.
//!
//! Mermaid lays the chart out itself, so only the structure is kept, not the positions.

use std::fmt::Write as _;

use super::nesting;
use crate::layout::BoxKind;
use crate::model::{Category, RefKind};
use crate::scene::{Scene, category_color};

/// Writes the scene as a Mermaid `flowchart`.
pub fn write_mermaid(scene: &Scene) -> String {
    let (container_parents, node_parents) = nesting(scene);
    let mut out = String::from("flowchart LR\n");
    // Children of each container (None: the top level), in scene order.
    let children = |parent: Option<usize>| {
        let containers = container_parents
            .iter()
            .enumerate()
            .filter(move |(_, p)| **p == parent)
            .map(|(i, _)| Item::Container(i));
        let nodes = node_parents
            .iter()
            .enumerate()
            .filter(move |(_, p)| **p == parent)
            .map(|(i, _)| Item::Node(i));
        containers.chain(nodes).collect::<Vec<_>>()
    };
    let mut stack: Vec<(Item, usize)> = children(None).into_iter().rev().map(|i| (i, 1)).collect();
    let mut open: Vec<usize> = Vec::new();
    while let Some((item, depth)) = stack.pop() {
        while open.len() >= depth {
            open.pop();
            writeln!(out, "{}end", "  ".repeat(open.len() + 1)).ok();
        }
        let indent = "  ".repeat(depth);
        match item {
            Item::Container(i) => {
                let Some(c) = scene.containers.get(i) else {
                    continue;
                };
                let mut label = c.title.clone();
                if let Some(public) = c.public {
                    label.push_str(if public { " (public)" } else { " (private)" });
                }
                if !c.subtitle.is_empty() && c.kind != BoxKind::Az {
                    write!(label, "<br/>{}", c.subtitle).ok();
                }
                writeln!(out, "{indent}subgraph c{i}[\"{}\"]", label_text(&label)).ok();
                open.push(i);
                stack.extend(children(Some(i)).into_iter().rev().map(|i| (i, depth + 1)));
            }
            Item::Node(i) => {
                let Some(n) = scene.nodes.get(i) else {
                    continue;
                };
                let mut label = format!("{}<br/><small>{}</small>", n.name(), n.short_type);
                if let Some(detail) = &n.detail {
                    write!(label, "<br/><small>{detail}</small>").ok();
                }
                writeln!(
                    out,
                    "{indent}{}[\"{}\"]:::{}",
                    node_id(&n.logical_id),
                    label_text(&label),
                    class(n.category)
                )
                .ok();
            }
        }
    }
    while !open.is_empty() {
        open.pop();
        writeln!(out, "{}end", "  ".repeat(open.len() + 1)).ok();
    }
    for e in &scene.edges {
        let (Some(from), Some(to)) = (mermaid_id(scene, e.from), mermaid_id(scene, e.to)) else {
            continue;
        };
        let label = match &e.kind {
            RefKind::GetAtt(_) => format!("GetAtt {}", e.label.as_deref().unwrap_or_default()),
            kind => kind.label().to_owned(),
        };
        let arrow = match e.kind {
            RefKind::Ref | RefKind::GetAtt(_) => "-->",
            RefKind::Sub | RefKind::DependsOn | RefKind::Condition => "-.->",
        };
        writeln!(
            out,
            "  {from} {arrow}|\"{}\"| {to}",
            label_text(label.trim())
        )
        .ok();
    }
    for c in CATEGORIES {
        let color = category_color(c).hex();
        writeln!(
            out,
            "  classDef {} fill:#ffffff,stroke:{color},stroke-width:2px,color:#16191e",
            class(c)
        )
        .ok();
    }
    out
}

/// A container or a node, by index in the scene.
#[derive(Clone, Copy)]
enum Item {
    Container(usize),
    Node(usize),
}

const CATEGORIES: [Category; 8] = [
    Category::Compute,
    Category::Storage,
    Category::Database,
    Category::AppIntegration,
    Category::Networking,
    Category::Security,
    Category::Management,
    Category::Other,
];

fn class(c: Category) -> &'static str {
    match c {
        Category::Compute => "compute",
        Category::Storage => "storage",
        Category::Database => "database",
        Category::AppIntegration => "integration",
        Category::Networking => "networking",
        Category::Security => "security",
        Category::Management => "management",
        Category::Other => "other",
    }
}

/// The Mermaid id of a box: `n_` and the logical ID for nodes, `c` and the index for
/// containers, so no logical ID can clash with a Mermaid keyword such as `end`.
fn mermaid_id(scene: &Scene, box_index: crate::layout::BoxIndex) -> Option<String> {
    if let Some(n) = scene.nodes.iter().find(|n| n.box_index == box_index) {
        return Some(node_id(&n.logical_id));
    }
    scene
        .containers
        .iter()
        .position(|c| c.box_index == box_index)
        .map(|i| format!("c{i}"))
}

fn node_id(logical_id: &str) -> String {
    let safe: String = logical_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("n_{safe}")
}

/// Text for a quoted Mermaid label: quotes become `#quot;`, which Mermaid decodes.
fn label_text(text: &str) -> String {
    text.replace('"', "#quot;").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;
    use crate::export::{ViewFilters, headless_scene};

    #[test]
    fn subgraphs_nest_and_edges_are_labelled() {
        let t = import_text(
            "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}\n  Fn: {Type: AWS::Lambda::Function, Properties: {VpcConfig: {SubnetIds: [!Ref Sub]}}}\n  Q: {Type: AWS::SQS::Queue, DependsOn: Fn}\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let s = headless_scene(&t, "t.yaml", &ViewFilters::default());
        let m = write_mermaid(&s);
        assert!(m.starts_with("flowchart LR\n"), "{m}");
        assert!(m.contains("subgraph c0[\"Vpc<br/>10.0.0.0/16\"]"), "{m}");
        assert!(m.contains("n_Q -.->|\"DependsOn\"| n_Fn"), "{m}");
        assert_eq!(
            m.matches("subgraph").count(),
            m.lines().filter(|l| l.trim() == "end").count(),
            "{m}"
        );
        let vpc = m.find("subgraph c0").unwrap();
        let func = m.find("n_Fn[").unwrap();
        let close = m[vpc..].find("end").unwrap() + vpc;
        assert!(vpc < func && func < close, "Fn is inside the VPC: {m}");
    }
}
