//! Stack membership in a project's scene: each node and container marked with the stack that
//! declares it, a colour per stack for the band and the legend, and the edges between stacks
//! told how the templates wire them.

use std::collections::HashMap;

use super::{Rgba, Scene};

/// The stack a shape belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackMark {
    /// Its place in [`Scene::stacks`], which picks its colour.
    pub index: usize,
    /// Its name.
    pub name: String,
}

/// Colours for stacks, apart from the category colours and readable on both themes.
const STACK_COLORS: [Rgba; 10] = [
    Rgba::rgb(0x2f, 0x6f, 0xdb),
    Rgba::rgb(0xd9, 0x4f, 0x9a),
    Rgba::rgb(0x1f, 0x9e, 0x89),
    Rgba::rgb(0xe0, 0x8a, 0x1e),
    Rgba::rgb(0x7b, 0x4f, 0xd6),
    Rgba::rgb(0x6b, 0x8e, 0x23),
    Rgba::rgb(0xc0, 0x39, 0x2b),
    Rgba::rgb(0x3a, 0x9f, 0xd0),
    Rgba::rgb(0x8d, 0x6e, 0x63),
    Rgba::rgb(0x60, 0x7d, 0x8b),
];

/// The colour of the stack at `index` of the legend; past ten the colours repeat.
pub fn stack_color(index: usize) -> Rgba {
    STACK_COLORS[index % STACK_COLORS.len()]
}

/// What a project's scene shows of its stacks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackInfo {
    /// The stacks' names, whose places pick their colours.
    pub names: Vec<String>,
    /// The references between stacks: from key, to key, how.
    pub wires: Vec<(String, String, String)>,
    /// For each stack, the stack that runs it as a nested stack.
    pub parents: Vec<Option<usize>>,
}

impl StackInfo {
    /// The stack of a key `stack/LogicalId`.
    pub fn stack_of(&self, key: &str) -> Option<usize> {
        let (stack, _) = key.split_once(crate::project::SEPARATOR)?;
        self.names.iter().position(|n| n == stack)
    }
}

/// Room below a project's drawing for the legend of its stacks.
const LEGEND_ROOM: f32 = 30.0;

impl Scene {
    /// Marks each shape with its stack, and each edge between two stacks with how the
    /// templates wire it.
    pub fn mark_stacks(&mut self, info: &StackInfo) {
        let stack_of = |key: &str| info.stack_of(key);
        let stacks = &info.names;
        let wires = &info.wires;
        let mark = |key: &str| {
            stack_of(key).map(|index| StackMark {
                index,
                name: stacks.get(index).cloned().unwrap_or_default(),
            })
        };
        for n in &mut self.nodes {
            n.stack = mark(&n.logical_id);
        }
        for c in &mut self.containers {
            c.stack = match &c.id {
                crate::layout::BoxId::Stack(name) => {
                    mark(&format!("{name}{}", crate::project::SEPARATOR))
                }
                id => id.logical_id().and_then(mark),
            };
            if c.stack.is_some() {
                c.title = crate::project::Combined::id_of(&c.title).to_owned();
            }
        }
        let mut how: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        for (from, to, h) in wires {
            let list = how.entry((from.as_str(), to.as_str())).or_default();
            if !list.contains(&h.as_str()) {
                list.push(h);
            }
        }
        for e in &mut self.edges {
            let (a, b) = (stack_of(&e.from_id), stack_of(&e.to_id));
            if a.is_none() || b.is_none() || a == b {
                continue;
            }
            // A wire names the resource that refers; an architecture edge may run either way.
            let found = how
                .get(&(e.from_id.as_str(), e.to_id.as_str()))
                .or_else(|| how.get(&(e.to_id.as_str(), e.from_id.as_str())));
            e.wired = Some(match found {
                Some(list) => list.join("; "),
                None => "a reference between the stacks".to_owned(),
            });
        }
        self.stacks = stacks.clone();
        if self.bounds.is_positive() {
            self.bounds.max.y += LEGEND_ROOM;
        }
    }
}
