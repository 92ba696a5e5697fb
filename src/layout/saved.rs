//! What the user placed: saved positions and sizes, with the other boxes kept around them.

use emath::{Rect, Vec2, vec2};

use super::{BoxIndex, BoxKind, DiagramLayout, GAP, HEADER, LaidBox, PAD};
use crate::model::SavedLayout;

/// Moves boxes the user placed to their saved positions, keeps the others around them, and
/// grows containers to hold their children.
pub(super) fn apply_saved(out: &mut DiagramLayout, saved: &SavedLayout) {
    let saved_pos = |b: &LaidBox| saved.get(&b.id.key()).and_then(|s| s.pos);
    move_saved_boxes(out, saved);
    // Unplaced siblings that now overlap a placed box move below the placed ones.
    let placed: Vec<bool> = out.boxes.iter().map(|b| saved_pos(b).is_some()).collect();
    let parents: Vec<Option<BoxIndex>> = out.boxes.iter().map(|b| b.parent).collect();
    let mut groups: Vec<Option<BoxIndex>> = parents.clone();
    groups.sort_unstable();
    groups.dedup();
    for parent in groups {
        let siblings: Vec<usize> = (0..out.boxes.len())
            .filter(|&i| parents[i] == parent)
            .collect();
        let placed_rects: Vec<Rect> = siblings
            .iter()
            .filter(|&&i| placed[i])
            .map(|&i| out.boxes[i].rect)
            .collect();
        // Only resource boxes make way; containers (zones, subnets) stay where the layout put
        // them, so that dragging a node over them does not push them around.
        let unplaced: Vec<usize> = siblings
            .iter()
            .copied()
            .filter(|&i| !placed[i] && out.boxes[i].kind == BoxKind::Node)
            .collect();
        let overlapping = unplaced
            .iter()
            .any(|&i| placed_rects.iter().any(|r| r.intersects(out.boxes[i].rect)));
        if !overlapping {
            continue;
        }
        let placed_bottom = placed_rects
            .iter()
            .map(|r| r.max.y)
            .fold(f32::MIN, f32::max);
        let unplaced_top = unplaced
            .iter()
            .map(|&i| out.boxes[i].rect.min.y)
            .fold(f32::MAX, f32::min);
        let delta = vec2(0.0, placed_bottom + GAP - unplaced_top);
        for &s in &unplaced {
            move_subtree(out, s, delta);
        }
    }
    // Boxes placed inside a moved subtree go back where the user put them.
    move_saved_boxes(out, saved);
    // Bottom-up: containers hold their children.
    for i in (0..out.boxes.len()).rev() {
        let Some(p) = out.boxes[i].parent else {
            continue;
        };
        let child = out.boxes[i].rect;
        let parent = &mut out.boxes[p.0].rect;
        let needed = Rect::from_min_max(child.min - vec2(PAD, HEADER), child.max + vec2(PAD, PAD));
        *parent = parent.union(needed);
    }
}

/// Moves boxes that a saved layout (or an imported Designer layout) left on top of their
/// siblings down, each below the ones it would cover, with their insides; innermost first,
/// growing each container to hold what moved, so that no two boxes overlap at any level.
pub(super) fn separate(out: &mut DiagramLayout) {
    let deepest = out.boxes.iter().map(|b| b.depth).max().unwrap_or(0);
    for depth in (0..=deepest).rev() {
        let mut by_parent: std::collections::BTreeMap<Option<BoxIndex>, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, b) in out
            .boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.depth == depth)
        {
            by_parent.entry(b.parent).or_default().push(i);
        }
        for siblings in by_parent.values() {
            for (k, &i) in siblings.iter().enumerate() {
                while let Some(below) = siblings[..k]
                    .iter()
                    .filter(|&&j| out.boxes[j].rect.intersects(out.boxes[i].rect))
                    .map(|&j| out.boxes[j].rect.max.y)
                    .reduce(f32::max)
                {
                    let delta = vec2(0.0, below + GAP - out.boxes[i].rect.min.y);
                    move_subtree(out, i, delta);
                }
            }
        }
        for i in 0..out.boxes.len() {
            if out.boxes[i].depth != depth {
                continue;
            }
            let Some(p) = out.boxes[i].parent else {
                continue;
            };
            let child = out.boxes[i].rect;
            let needed =
                Rect::from_min_max(child.min - vec2(PAD, HEADER), child.max + vec2(PAD, PAD));
            let parent = &mut out.boxes[p.get()].rect;
            *parent = parent.union(needed);
        }
    }
}

/// Moves each box with a saved position there, with its subtree; parents first.
fn move_saved_boxes(out: &mut DiagramLayout, saved: &SavedLayout) {
    for i in 0..out.boxes.len() {
        let Some(saved_box) = saved.get(&out.boxes[i].id.key()) else {
            continue;
        };
        if let Some(pos) = saved_box.pos {
            let delta = pos - out.boxes[i].rect.min;
            move_subtree(out, i, delta);
        }
        if let Some(size) = saved_box.size
            && out.boxes[i].kind.is_container()
        {
            let rect = &mut out.boxes[i].rect;
            let (w, h) = (size.x.max(rect.width()), size.y.max(rect.height()));
            rect.set_width(w);
            rect.set_height(h);
        }
    }
}

/// Moves box `i` and everything inside it.
fn move_subtree(out: &mut DiagramLayout, i: usize, delta: Vec2) {
    if delta == Vec2::ZERO {
        return;
    }
    for j in i..out.boxes.len() {
        if j == i || out.is_ancestor(BoxIndex(i), BoxIndex(j)) {
            out.boxes[j].rect = out.boxes[j].rect.translate(delta);
        }
    }
}
