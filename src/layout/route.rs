//! Edge routing: a straight line where it is clear, else the orthogonal route with one or two
//! bends that crosses the fewest unrelated boxes.

use std::collections::BTreeMap;

use emath::{Pos2, Rect, pos2};

use super::{BoxIndex, BoxKind, DiagramLayout, RoutedEdge, border_point};
use crate::cfn::Template;
use crate::model::{Derived, RefKind};

/// Side of the square cells of the obstacle index.
const CELL: f32 = 256.0;
/// How far a detour runs outside the boxes it goes around.
const DETOUR: f32 = 18.0;
/// Crossings are counted up to this many; routes that all cross more boxes than this are told
/// apart by their bends and length alone. Without the cap, the long edges of a big template
/// spent most of the layout time counting boxes along routes that were all bad.
const SATURATED: usize = 9;

/// Routes every reference between visible boxes.
///
/// Edges are drawn from the resource that holds the reference to the one it names. References
/// into a collapsed container end at the container; references between a box and its own
/// container (a subnet's `VpcId`) are what the nesting already shows, so they are not drawn.
pub fn route_edges(
    layout: &DiagramLayout,
    derived: &Derived,
    template: &Template,
) -> Vec<RoutedEdge> {
    let _ = template;
    route_pairs(
        layout,
        derived
            .graph
            .edges()
            .map(|(referenced, holder, edge)| (holder, referenced, edge.kind.clone(), None)),
    )
}

/// Routes the architecture's edges: from where requests, events and data come to where they
/// go, each with its label.
pub fn route_flow(layout: &DiagramLayout, flow: &crate::model::Flow) -> Vec<RoutedEdge> {
    route_pairs(
        layout,
        flow.edges.iter().map(|e| {
            (
                e.from.as_str(),
                e.to.as_str(),
                RefKind::Ref,
                Some(e.label.clone()),
            )
        }),
    )
    .into_iter()
    .map(|mut e| {
        e.flow = true;
        e
    })
    .collect()
}

/// Routes `(from, to, kind, flow label)` pairs between the boxes they name.
fn route_pairs<'e>(
    layout: &DiagramLayout,
    pairs: impl Iterator<Item = (&'e str, &'e str, RefKind, Option<String>)>,
) -> Vec<RoutedEdge> {
    let visible_box = |logical_id: &str| -> Option<BoxIndex> {
        let mut i = layout.index_of(&super::BoxId::Resource(logical_id.to_owned()))?;
        // Climb to the outermost collapsed ancestor, if any.
        let mut k = i;
        while let Some(p) = layout.get(k).and_then(|b| b.parent) {
            if layout.get(p).is_some_and(|b| b.collapsed) {
                i = p;
            }
            k = p;
        }
        Some(i)
    };
    // Merge references of the same kind between the same pair of boxes.
    let mut merged: BTreeMap<(BoxIndex, BoxIndex, u8), (RefKind, Vec<String>)> = BTreeMap::new();
    for (holder, referenced, kind, flow_label) in pairs {
        let (Some(from), Some(to)) = (visible_box(holder), visible_box(referenced)) else {
            continue;
        };
        if from == to || layout.is_ancestor(from, to) || layout.is_ancestor(to, from) {
            continue;
        }
        let rank = match kind {
            RefKind::Ref => 0,
            RefKind::GetAtt(_) => 1,
            RefKind::Sub => 2,
            RefKind::DependsOn => 3,
            RefKind::Condition => 4,
        };
        let entry = merged
            .entry((from, to, rank))
            .or_insert_with(|| (kind.clone(), Vec::new()));
        let label = match &kind {
            RefKind::GetAtt(attr) => Some(attr.clone()),
            _ => flow_label,
        };
        if let Some(label) = label
            && !entry.1.contains(&label)
        {
            entry.1.push(label);
        }
    }
    let obstacles = Obstacles::new(layout);
    let mut seen = Seen::new(obstacles.rects.len());
    merged
        .into_iter()
        .map(|((from, to, _), (kind, attrs))| {
            let points = best_route(
                layout.boxes[from.0].rect,
                layout.boxes[to.0].rect,
                from.0,
                to.0,
                &obstacles,
                &mut seen,
            );
            RoutedEdge {
                from,
                to,
                kind,
                label: (!attrs.is_empty()).then(|| attrs.join(", ")),
                points,
                flow: false,
            }
        })
        .collect()
}

/// Leaf boxes (resources and collapsed containers) in a dense grid of cells over the diagram,
/// for quick lookups.
struct Obstacles {
    rects: Vec<(usize, Rect)>,
    /// The cell at `(x0, y0)`, the grid's top-left.
    origin: (i32, i32),
    /// Columns and rows.
    size: (i32, i32),
    /// Obstacle indices, row by row.
    cells: Vec<Vec<u32>>,
}

/// Which obstacles a route has already counted: a stamp per obstacle, so that a long edge
/// crossing hundreds of boxes counts each one once without searching a list.
struct Seen {
    stamp: Vec<u32>,
    now: u32,
}

impl Seen {
    fn new(len: usize) -> Self {
        Self {
            stamp: vec![0; len],
            now: 0,
        }
    }

    fn clear(&mut self) {
        self.now += 1;
    }

    fn contains(&self, k: usize) -> bool {
        self.stamp[k] == self.now
    }

    fn insert(&mut self, k: usize) {
        self.stamp[k] = self.now;
    }
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "canvas coordinates are far inside i32"
)]
fn cell_of(v: f32) -> i32 {
    (v / CELL).floor() as i32
}

impl Obstacles {
    fn new(layout: &DiagramLayout) -> Self {
        let rects: Vec<(usize, Rect)> = layout
            .boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BoxKind::Node || b.collapsed)
            .map(|(i, b)| (i, b.rect.shrink(2.0)))
            .collect();
        let bounds = rects
            .iter()
            .fold(Rect::NOTHING, |r, (_, rect)| r.union(*rect));
        if rects.is_empty() {
            return Self {
                rects,
                origin: (0, 0),
                size: (0, 0),
                cells: Vec::new(),
            };
        }
        let origin = (cell_of(bounds.min.x), cell_of(bounds.min.y));
        let size = (
            cell_of(bounds.max.x) - origin.0 + 1,
            cell_of(bounds.max.y) - origin.1 + 1,
        );
        let len = usize::try_from(size.0 * size.1).unwrap_or(0);
        let mut cells: Vec<Vec<u32>> = vec![Vec::new(); len];
        let mut grid = Self {
            rects: Vec::new(),
            origin,
            size,
            cells: Vec::new(),
        };
        for (k, (_, rect)) in rects.iter().enumerate() {
            let k = u32::try_from(k).unwrap_or(u32::MAX);
            for cx in cell_of(rect.min.x)..=cell_of(rect.max.x) {
                for cy in cell_of(rect.min.y)..=cell_of(rect.max.y) {
                    if let Some(c) = grid.cell_index(cx, cy) {
                        cells[c].push(k);
                    }
                }
            }
        }
        grid.rects = rects;
        grid.cells = cells;
        grid
    }

    fn cell_index(&self, cx: i32, cy: i32) -> Option<usize> {
        let (x, y) = (cx - self.origin.0, cy - self.origin.1);
        if x < 0 || y < 0 || x >= self.size.0 || y >= self.size.1 {
            return None;
        }
        usize::try_from(y * self.size.0 + x).ok()
    }

    /// How many boxes other than `skip` the segment crosses; stops counting past `cap`.
    fn crossings(&self, a: Pos2, b: Pos2, skip: [usize; 2], seen: &mut Seen, cap: usize) -> usize {
        let bbox = Rect::from_two_pos(a, b);
        let mut count = 0;
        let x_end = cell_of(bbox.max.x).min(self.origin.0 + self.size.0 - 1);
        for cx in cell_of(bbox.min.x).max(self.origin.0)..=x_end {
            // Only the cells the segment passes through in this column, not its whole bounding
            // box: a long diagonal edge would otherwise test every box in the diagram, which made
            // routing quadratic on large templates.
            let (y0, y1) = column_span(a, b, cx);
            let y_end = cell_of(y1).min(self.origin.1 + self.size.1 - 1);
            for cy in cell_of(y0).max(self.origin.1)..=y_end {
                let Some(c) = self.cell_index(cx, cy) else {
                    continue;
                };
                for &k in &self.cells[c] {
                    let k = k as usize;
                    let (index, rect) = self.rects[k];
                    if skip.contains(&index) || seen.contains(k) {
                        continue;
                    }
                    if segment_hits(a, b, rect) {
                        seen.insert(k);
                        count += 1;
                        if count > cap {
                            return count;
                        }
                    }
                }
            }
        }
        count
    }
}

/// The range of y the segment `a`-`b` covers within cell column `cx`, with a margin.
#[expect(clippy::cast_precision_loss, reason = "cell indices are small")]
fn column_span(a: Pos2, b: Pos2, cx: i32) -> (f32, f32) {
    let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
    let dx = b.x - a.x;
    if dx.abs() < f32::EPSILON {
        return (lo, hi);
    }
    let x0 = (cx as f32 * CELL).max(a.x.min(b.x));
    let x1 = ((cx + 1) as f32 * CELL).min(a.x.max(b.x));
    let y_at = |x: f32| a.y + (x - a.x) / dx * (b.y - a.y);
    let (ya, yb) = (y_at(x0), y_at(x1));
    let margin = 1.0;
    (
        (ya.min(yb) - margin).max(lo - margin),
        (ya.max(yb) + margin).min(hi + margin),
    )
}

/// Whether segment `a`-`b` passes through `r` (Liang-Barsky clipping, with a shortcut for the
/// horizontal and vertical segments most routes are made of).
#[expect(
    clippy::float_cmp,
    reason = "route points share exact coordinates; a near-level segment takes the general path"
)]
fn segment_hits(a: Pos2, b: Pos2, r: Rect) -> bool {
    if a.y == b.y {
        return r.min.y <= a.y
            && a.y <= r.max.y
            && a.x.min(b.x) <= r.max.x
            && r.min.x <= a.x.max(b.x);
    }
    if a.x == b.x {
        return r.min.x <= a.x
            && a.x <= r.max.x
            && a.y.min(b.y) <= r.max.y
            && r.min.y <= a.y.max(b.y);
    }
    let d = b - a;
    let mut t0 = 0.0_f32;
    let mut t1 = 1.0_f32;
    for (p, q) in [
        (-d.x, a.x - r.min.x),
        (d.x, r.max.x - a.x),
        (-d.y, a.y - r.min.y),
        (d.y, r.max.y - a.y),
    ] {
        if p.abs() < f32::EPSILON {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Candidate routes from box `a` to box `b`; the one with fewest crossings, then fewest bends,
/// then shortest, wins. Ties keep the earlier candidate, so routing is deterministic.
fn best_route(
    a: Rect,
    b: Rect,
    ia: usize,
    ib: usize,
    obstacles: &Obstacles,
    seen: &mut Seen,
) -> Vec<Pos2> {
    let straight = vec![border_point(a, b.center()), border_point(b, a.center())];
    let mut candidates = vec![straight];
    let (ac, bc) = (a.center(), b.center());
    // Horizontal first, then vertical (and the reverse).
    let ax = if bc.x > ac.x { a.max.x } else { a.min.x };
    let by = if ac.y > bc.y { b.max.y } else { b.min.y };
    candidates.push(vec![pos2(ax, ac.y), pos2(bc.x, ac.y), pos2(bc.x, by)]);
    let ay = if bc.y > ac.y { a.max.y } else { a.min.y };
    let bx = if ac.x > bc.x { b.max.x } else { b.min.x };
    candidates.push(vec![pos2(ac.x, ay), pos2(ac.x, bc.y), pos2(bx, bc.y)]);
    // Z shapes through the middle.
    let mid_x = f32::midpoint(ax, bx);
    candidates.push(vec![
        pos2(ax, ac.y),
        pos2(mid_x, ac.y),
        pos2(mid_x, bc.y),
        pos2(bx, bc.y),
    ]);
    let mid_y = f32::midpoint(ay, by);
    candidates.push(vec![
        pos2(ac.x, ay),
        pos2(ac.x, mid_y),
        pos2(bc.x, mid_y),
        pos2(bc.x, by),
    ]);
    // Around: over the top of both, under both, or beside both.
    let top = a.min.y.min(b.min.y) - DETOUR;
    candidates.push(vec![
        pos2(ac.x, a.min.y),
        pos2(ac.x, top),
        pos2(bc.x, top),
        pos2(bc.x, b.min.y),
    ]);
    let bottom = a.max.y.max(b.max.y) + DETOUR;
    candidates.push(vec![
        pos2(ac.x, a.max.y),
        pos2(ac.x, bottom),
        pos2(bc.x, bottom),
        pos2(bc.x, b.max.y),
    ]);
    let left = a.min.x.min(b.min.x) - DETOUR;
    candidates.push(vec![
        pos2(a.min.x, ac.y),
        pos2(left, ac.y),
        pos2(left, bc.y),
        pos2(b.min.x, bc.y),
    ]);
    let right = a.max.x.max(b.max.x) + DETOUR;
    candidates.push(vec![
        pos2(a.max.x, ac.y),
        pos2(right, ac.y),
        pos2(right, bc.y),
        pos2(b.max.x, bc.y),
    ]);

    // A route must not start back through its own box or end through the target.
    let allowed: Vec<bool> = candidates
        .iter()
        .map(|c| {
            !c.windows(2).any(|w| {
                segment_hits(w[0], w[1], a.shrink(2.0)) || segment_hits(w[0], w[1], b.shrink(2.0))
            })
        })
        .collect();
    let mut best: Option<(usize, usize, f32, usize)> = None;
    for (k, c) in candidates.iter().enumerate() {
        // A candidate with more points needs strictly fewer crossings to win, and none can
        // beat a route with no crossings and fewer points.
        let limit = match best {
            None => SATURATED,
            Some(b) if c.len() <= b.1 => b.0,
            Some((0, ..)) => continue,
            Some(b) => b.0 - 1,
        };
        if !allowed[k] {
            continue;
        }
        seen.clear();
        // Stop counting once the candidate cannot win, or once it crosses so many boxes that
        // the count no longer matters.
        let mut crossings = 0;
        for w in c.windows(2) {
            crossings += obstacles.crossings(w[0], w[1], [ia, ib], seen, limit - crossings);
            if crossings > limit {
                break;
            }
        }
        if crossings > limit {
            if limit < SATURATED {
                continue;
            }
            crossings = SATURATED;
        }
        let length: f32 = c.windows(2).map(|w| w[0].distance(w[1])).sum();
        // Where every route crosses many boxes, a straight diagonal is the worst to follow:
        // it ranks after the orthogonal routes, which line up with the others.
        let rank = if crossings == SATURATED && c.len() == 2 {
            5
        } else {
            c.len()
        };
        let key = (crossings, rank, length, k);
        if best.is_none_or(|b| {
            (key.0, key.1) < (b.0, b.1) || ((key.0, key.1) == (b.0, b.1) && key.2 < b.2)
        }) {
            best = Some(key);
        }
    }
    let index = best.map_or(0, |b| b.3);
    candidates.swap_remove(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_hit_boxes_they_cross_only() {
        let r = Rect::from_min_max(pos2(10.0, 10.0), pos2(20.0, 20.0));
        assert!(segment_hits(pos2(0.0, 15.0), pos2(30.0, 15.0), r));
        assert!(!segment_hits(pos2(0.0, 25.0), pos2(30.0, 25.0), r));
        assert!(!segment_hits(pos2(0.0, 0.0), pos2(5.0, 5.0), r));
    }

    #[test]
    fn a_diagonal_visits_only_the_cells_it_crosses() {
        let (a, b) = (pos2(0.0, 0.0), pos2(10.0 * CELL, 10.0 * CELL));
        let cells: usize = (0..=10)
            .map(|cx| {
                let (y0, y1) = column_span(a, b, cx);
                usize::try_from(cell_of(y1) - cell_of(y0) + 1).unwrap_or(0)
            })
            .sum();
        // About three cells per column, not the 121 of the bounding box.
        assert!(cells <= 33, "{cells}");
        // A box on the diagonal is still found.
        let mut layout = DiagramLayout::empty();
        layout.boxes.push(super::super::LaidBox {
            id: super::super::BoxId::Resource("X".to_owned()),
            kind: BoxKind::Node,
            rect: Rect::from_min_max(pos2(1280.0, 1280.0), pos2(1300.0, 1300.0)),
            parent: None,
            depth: 0,
            collapsed: false,
            resource_count: 1,
        });
        let obstacles = Obstacles::new(&layout);
        let mut seen = Seen::new(obstacles.rects.len());
        seen.clear();
        assert_eq!(obstacles.crossings(a, b, [9, 9], &mut seen, usize::MAX), 1);
    }
}
