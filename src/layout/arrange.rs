//! Arranging the children of a container: grids, columns, stacks, shelves and layers.

use std::collections::HashMap;

use emath::{Vec2, vec2};

use super::{BoxKind, COLLAPSED_SIZE, GAP, HEADER, MIN_CONTAINER_WIDTH, NODE_SIZE, PAD, TreeBox};
use crate::cfn::Template;
use crate::model::Derived;

/// Most nodes in one row of a layered group before the row wraps, for groups of up to 50;
/// bigger groups get wider rows (see [`row_length`]).
const MAX_PER_ROW: usize = 5;

/// Nodes per row in a layered group of `n`: 5, or for big groups about `sqrt(n / 2)`, which
/// keeps a group of hundreds of nodes roughly as wide as it is tall instead of a long column.
fn row_length(n: usize) -> usize {
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "node counts are small"
    )]
    let wide = (n as f32 / 2.0).sqrt().ceil() as usize;
    MAX_PER_ROW.max(wide)
}

/// Computes the size of box `i` and the offsets of its children, children first.
pub(super) fn size_box(boxes: &mut [TreeBox], i: usize, derived: &Derived, template: &Template) {
    let children = boxes[i].children.clone();
    if boxes[i].kind == BoxKind::Node {
        boxes[i].size = NODE_SIZE;
        return;
    }
    if boxes[i].collapsed {
        boxes[i].size = COLLAPSED_SIZE;
        return;
    }
    for &c in &children {
        size_box(boxes, c, derived, template);
    }
    let sizes: Vec<Vec2> = children.iter().map(|&c| boxes[c].size).collect();
    let offsets = match boxes[i].kind {
        BoxKind::Subnet => grid(&sizes, grid_columns(sizes.len())),
        BoxKind::Az => stack(&sizes),
        BoxKind::Vpc => vpc_body(boxes, &children),
        BoxKind::Group => layered(boxes, &children, derived, template),
        BoxKind::Node => Vec::new(),
    };
    let mut content = Vec2::ZERO;
    for (&c, off) in children.iter().zip(&offsets) {
        let off = *off + vec2(PAD, HEADER);
        boxes[c].offset = off;
        content = content.max(off + boxes[c].size);
    }
    let width = (content.x + PAD).max(MIN_CONTAINER_WIDTH);
    let height = if children.is_empty() {
        HEADER + PAD + 24.0
    } else {
        content.y + PAD
    };
    boxes[i].size = vec2(width, height);
}

/// Columns for a grid of `n` equal nodes: close to square, at most 3 wide.
fn grid_columns(n: usize) -> usize {
    match n {
        0..=1 => 1,
        2..=4 => 2,
        _ => 3,
    }
}

/// Left to right, top to bottom, `cols` per row; each row as tall as its tallest box.
pub(super) fn grid(sizes: &[Vec2], cols: usize) -> Vec<Vec2> {
    let cols = cols.max(1);
    let mut col_widths = vec![0.0_f32; cols];
    for (k, s) in sizes.iter().enumerate() {
        col_widths[k % cols] = col_widths[k % cols].max(s.x);
    }
    let mut out = Vec::with_capacity(sizes.len());
    let mut y = 0.0;
    for row in sizes.chunks(cols) {
        let mut x = 0.0;
        let mut height = 0.0_f32;
        for (k, s) in row.iter().enumerate() {
            out.push(vec2(x, y));
            x += col_widths[k] + GAP;
            height = height.max(s.y);
        }
        y += height + GAP;
    }
    out
}

/// One above the other.
fn stack(sizes: &[Vec2]) -> Vec<Vec2> {
    let mut y = 0.0;
    sizes
        .iter()
        .map(|s| {
            let off = vec2(0.0, y);
            y += s.y + GAP;
            off
        })
        .collect()
}

/// Side by side.
fn row(sizes: &[Vec2]) -> Vec<Vec2> {
    let mut x = 0.0;
    sizes
        .iter()
        .map(|s| {
            let off = vec2(x, 0.0);
            x += s.x + GAP;
            off
        })
        .collect()
}

/// A VPC: its zone columns side by side, then its VPC-wide resources in a grid below.
fn vpc_body(boxes: &[TreeBox], children: &[usize]) -> Vec<Vec2> {
    let (zones, others): (Vec<usize>, Vec<usize>) = children
        .iter()
        .partition(|&&c| boxes[c].kind == BoxKind::Az);
    let zone_sizes: Vec<Vec2> = zones.iter().map(|&c| boxes[c].size).collect();
    let zone_offsets = row(&zone_sizes);
    let zones_width = zone_offsets
        .iter()
        .zip(&zone_sizes)
        .map(|(o, s)| o.x + s.x)
        .fold(0.0, f32::max);
    let zones_height = zone_sizes.iter().map(|s| s.y).fold(0.0, f32::max);
    let other_sizes: Vec<Vec2> = others.iter().map(|&c| boxes[c].size).collect();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "small positive counts"
    )]
    let cols = (((zones_width + GAP) / (NODE_SIZE.x + GAP)).floor() as usize)
        .max((other_sizes.len() as f32 * 1.5).sqrt().ceil() as usize)
        .clamp(2, 8);
    let top = if zones.is_empty() {
        0.0
    } else {
        zones_height + GAP
    };
    let other_offsets: Vec<Vec2> = grid(&other_sizes, cols)
        .into_iter()
        .map(|o| o + vec2(0.0, top))
        .collect();
    // Back to the children's order.
    let mut by_child: HashMap<usize, Vec2> = HashMap::new();
    by_child.extend(zones.iter().copied().zip(zone_offsets));
    by_child.extend(others.iter().copied().zip(other_offsets));
    children
        .iter()
        .map(|c| by_child.get(c).copied().unwrap_or_default())
        .collect()
}

/// Rows left to right, wrapping at `max_width`; for the top level.
pub(super) fn shelf(sizes: &[Vec2], max_width: f32) -> Vec<Vec2> {
    let gap = GAP * 3.0;
    let mut out = Vec::with_capacity(sizes.len());
    let (mut x, mut y, mut row_height) = (0.0_f32, 0.0_f32, 0.0_f32);
    for s in sizes {
        if x > 0.0 && x + s.x > max_width {
            x = 0.0;
            y += row_height + gap;
            row_height = 0.0;
        }
        out.push(vec2(x, y));
        x += s.x + gap;
        row_height = row_height.max(s.y);
    }
    out
}

/// A layered (Sugiyama-style) arrangement of a group's nodes over the reference graph.
///
/// A node's layer is the length of the longest chain of references below it inside the group,
/// so what is used sits above what uses it. Within a layer, nodes are ordered by the mean
/// position of their neighbours in the layers above and below (a few sweeps), which keeps
/// edge crossings down. Long layers wrap into several rows.
fn layered(
    boxes: &[TreeBox],
    children: &[usize],
    derived: &Derived,
    template: &Template,
) -> Vec<Vec2> {
    let n = children.len();
    let ids: Vec<&str> = children
        .iter()
        .map(|&c| boxes[c].id.logical_id().unwrap_or_default())
        .collect();
    let position: HashMap<&str, usize> = ids.iter().enumerate().map(|(k, id)| (*id, k)).collect();
    // uses[k]: the group members node k refers to, deduplicated, in a stable order.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, holder, _) in derived.graph.edges() {
        if let (Some(&a), Some(&b)) = (position.get(holder), position.get(from))
            && a != b
            && !uses[a].contains(&b)
        {
            uses[a].push(b);
        }
    }
    for u in &mut uses {
        u.sort_unstable();
    }
    let layer = longest_path_layers(&uses);
    let depth = layer.iter().copied().max().unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth + 1];
    for k in 0..n {
        layers[layer[k]].push(k);
    }
    // Neighbours in both directions, for the barycentre sweeps.
    let mut neighbours: Vec<Vec<usize>> = uses.clone();
    for (a, list) in uses.iter().enumerate() {
        for &b in list {
            neighbours[b].push(a);
        }
    }
    order_by_neighbours(&mut layers, &neighbours, &layer);
    let _ = template;
    // Rows: each layer, wrapped.
    let per_row = row_length(n);
    let mut offsets = vec![vec2(0.0, 0.0); n];
    let mut y = 0.0;
    for l in &layers {
        for chunk in l.chunks(per_row) {
            let mut x = 0.0;
            let mut height = 0.0_f32;
            for &k in chunk {
                offsets[k] = vec2(x, y);
                let size = boxes[children[k]].size;
                x += size.x + GAP;
                height = height.max(size.y);
            }
            y += height + GAP * 1.5;
        }
    }
    offsets
}

/// Orders each layer by the mean place of its neighbours in the layer before (sweeping
/// forwards) or after (backwards), four sweeps (the barycentre heuristic, which keeps edge
/// crossings down). `layer[k]` is node k's layer; `neighbours[k]` its neighbours both ways.
pub(super) fn order_by_neighbours(
    layers: &mut [Vec<usize>],
    neighbours: &[Vec<usize>],
    layer: &[usize],
) {
    let mut order: Vec<f32> = vec![0.0; layer.len()];
    let renumber = |layers: &[Vec<usize>], order: &mut Vec<f32>| {
        for l in layers {
            for (rank, &k) in l.iter().enumerate() {
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                let r = rank as f32;
                order[k] = r;
            }
        }
    };
    renumber(layers, &mut order);
    for sweep in 0..4 {
        let range: Vec<usize> = if sweep % 2 == 0 {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for li in range {
            let adjacent = if sweep % 2 == 0 {
                li.wrapping_sub(1)
            } else {
                li + 1
            };
            let mut keyed: Vec<(f32, usize)> = layers[li]
                .iter()
                .map(|&k| {
                    let near: Vec<f32> = neighbours[k]
                        .iter()
                        .filter(|&&m| layer[m] == adjacent)
                        .map(|&m| order[m])
                        .collect();
                    #[expect(clippy::cast_precision_loss, reason = "small counts")]
                    let key = if near.is_empty() {
                        order[k]
                    } else {
                        near.iter().sum::<f32>() / near.len() as f32
                    };
                    (key, k)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[li] = keyed.into_iter().map(|(_, k)| k).collect();
            renumber(layers, &mut order);
        }
    }
}

/// Layer of each node: 0 for nodes that use nothing, else one more than the deepest node used.
/// Cycles are broken where the depth-first search meets a node it is still inside.
pub(super) fn longest_path_layers(uses: &[Vec<usize>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done,
    }
    let n = uses.len();
    let mut layer = vec![0; n];
    let mut state = vec![State::New; n];
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        // Iterative DFS: (node, next child index).
        let mut stack = vec![(start, 0)];
        state[start] = State::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = uses[node].get(*next) {
                *next += 1;
                if state[child] == State::New {
                    state[child] = State::Active;
                    stack.push((child, 0));
                }
            } else {
                layer[node] = uses[node]
                    .iter()
                    .filter(|&&c| state[c] == State::Done)
                    .map(|&c| layer[c] + 1)
                    .max()
                    .unwrap_or(0);
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_follow_the_longest_chain_and_survive_cycles() {
        // 0 uses 1, 1 uses 2, 3 uses 2; 4 and 5 use each other.
        let uses = vec![vec![1], vec![2], vec![], vec![2], vec![5], vec![4]];
        let layer = longest_path_layers(&uses);
        assert_eq!(&layer[..4], &[2, 1, 0, 1]);
        assert!(layer[4] != layer[5]);
    }

    #[test]
    fn grids_and_shelves_do_not_overlap() {
        let sizes = vec![NODE_SIZE; 7];
        let offs = grid(&sizes, 3);
        assert_eq!(offs[3], vec2(0.0, NODE_SIZE.y + GAP));
        let shelf = shelf(
            &[vec2(100.0, 50.0), vec2(100.0, 80.0), vec2(100.0, 10.0)],
            300.0,
        );
        assert!(shelf[1].y.abs() < f32::EPSILON);
        assert!(shelf[2].y >= 80.0);
    }
}
