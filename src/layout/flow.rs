//! The architecture view's arrangement: the boxes at the top (VPCs and the resources outside
//! them) in columns from left to right along the flow, sources first, so that a pipeline
//! reads as one; what the flow does not join waits on shelves below. Inside a subnet or VPC,
//! resources keep the order of the flow too ([`ranks`]).

use std::collections::HashMap;

use emath::{Vec2, vec2};

use super::arrange::{grid, longest_path_layers, order_by_neighbours};
use super::{GAP, NODE_SIZE};
use crate::model::Flow;

/// Space between two columns, at least: room for a short label.
const COLUMN_GAP: f32 = 80.0;
/// Widest a gap grows for a long label; a longer one is left to the edge's tooltip.
const MAX_COLUMN_GAP: f32 = 240.0;
/// Width of an edge label's character, about, at the labels' 11 px.
pub(super) const LABEL_CHAR: f32 = 6.0;

/// How far along the flow each resource stands: 0 for a source, else one more than the
/// furthest resource that feeds it. Cycles are broken where they close.
pub(super) fn ranks(flow: &Flow) -> HashMap<String, usize> {
    let mut ids: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for e in &flow.edges {
        for id in [e.from.as_str(), e.to.as_str()] {
            index.entry(id).or_insert_with(|| {
                ids.push(id);
                ids.len() - 1
            });
        }
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for e in &flow.edges {
        let (a, b) = (index[e.from.as_str()], index[e.to.as_str()]);
        if a != b && !preds[b].contains(&a) {
            preds[b].push(a);
        }
    }
    let layer = longest_path_layers(&preds);
    ids.into_iter()
        .zip(layer)
        .map(|(id, l)| (id.to_owned(), l))
        .collect()
}

/// Offsets for boxes of `sizes` joined by `edges` (pairs of indexes, from source to sink):
/// the joined ones in columns by their rank along the flow, ordered within a column by
/// their neighbours' places (a few sweeps, to keep crossings down) and centred on the
/// tallest column; the others on shelves below, as wide as the columns.
pub(super) fn columns(sizes: &[Vec2], edges: &[(usize, usize, f32)]) -> Vec<Vec2> {
    let n = sizes.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, _) in edges {
        if a != b && a < n && b < n && !preds[b].contains(&a) {
            preds[b].push(a);
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let joined: Vec<bool> = neighbours.iter().map(|v| !v.is_empty()).collect();
    let layer = longest_path_layers(&preds);
    let depth = (0..n)
        .filter(|&k| joined[k])
        .map(|k| layer[k])
        .max()
        .unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth + 1];
    for k in (0..n).filter(|&k| joined[k]) {
        layers[layer[k]].push(k);
    }
    order_by_neighbours(&mut layers, &neighbours, &layer);
    let mut offsets = vec![Vec2::ZERO; n];
    let heights: Vec<f32> = layers
        .iter()
        .map(|l| l.iter().map(|&k| sizes[k].y + GAP).sum::<f32>() - GAP)
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f32::max);
    // Each gap is wide enough for the longest label of an edge that starts in the column
    // before it, so that labels are read on the canvas rather than only in tooltips.
    let mut gaps = vec![COLUMN_GAP; layers.len()];
    for &(a, b, label) in edges {
        if a < n && b < n && joined[a] {
            gaps[layer[a]] = gaps[layer[a]].max((label + 40.0).min(MAX_COLUMN_GAP));
        }
    }
    let mut x = 0.0;
    for ((l, height), gap) in layers.iter().zip(&heights).zip(&gaps) {
        let width = l.iter().map(|&k| sizes[k].x).fold(0.0, f32::max);
        let mut y = (tallest - height) / 2.0;
        for &k in l {
            offsets[k] = vec2(x + (width - sizes[k].x) / 2.0, y);
            y += sizes[k].y + GAP;
        }
        if !l.is_empty() {
            x += width + gap;
        }
    }
    let top = if joined.iter().any(|j| *j) {
        tallest + COLUMN_GAP
    } else {
        0.0
    };
    let rest: Vec<usize> = (0..n).filter(|&k| !joined[k]).collect();
    let rest_sizes: Vec<Vec2> = rest.iter().map(|&k| sizes[k]).collect();
    // Shelves about as wide as the flow, or wider where the loose boxes are many: about
    // 16:10 on their own, so that they never make a tall column beside a short flow.
    let area: f32 = rest_sizes
        .iter()
        .map(|s| (s.x + GAP * 3.0) * (s.y + GAP * 3.0))
        .sum();
    let width = (x - COLUMN_GAP)
        .max((area * 1.6).sqrt())
        .max(rest_sizes.iter().map(|s| s.x).fold(0.0, f32::max));
    let widest = rest_sizes.iter().map(|s| s.x).fold(NODE_SIZE.x, f32::max);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small positive count"
    )]
    let cols = (((width + GAP) / (widest + GAP)).floor() as usize).max(1);
    for (&k, off) in rest.iter().zip(grid(&rest_sizes, cols)) {
        offsets[k] = off + vec2(0.0, top);
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_runs_left_to_right_and_the_rest_waits_below() {
        // 0 -> 1 -> 2, 0 -> 3; 4 joins nothing.
        let sizes = vec![NODE_SIZE; 5];
        let offs = columns(&sizes, &[(0, 1, 0.0), (1, 2, 0.0), (0, 3, 0.0)]);
        assert!(offs[0].x < offs[1].x && offs[1].x < offs[2].x);
        assert!(
            (offs[3].x - offs[1].x).abs() < f32::EPSILON,
            "3 is one step from 0"
        );
        assert!(offs[4].y > offs[0].y.max(offs[1].y).max(offs[3].y) + NODE_SIZE.y);
        // No two boxes overlap.
        for i in 0..5 {
            for j in i + 1..5 {
                let a = emath::Rect::from_min_size(offs[i].to_pos2(), NODE_SIZE);
                let b = emath::Rect::from_min_size(offs[j].to_pos2(), NODE_SIZE);
                assert!(!a.intersects(b), "{i} and {j}");
            }
        }
    }
}
