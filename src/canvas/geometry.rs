//! Where things are on screen, shared by the hit-test pass and the paint pass so that what is
//! drawn is where it is hit.

use egui::{Pos2, Rect, pos2, vec2};

use crate::scene::{EdgeShape, Scene};

/// The collapse chevron and the title band of a container's header, on screen.
pub(super) struct Header {
    /// The chevron that collapses or expands the container.
    pub chevron: Rect,
    /// The rest of the header: clicking selects the container, dragging moves it.
    pub title: Rect,
}

impl Header {
    /// The header of a container drawn at `rect` (screen) at `zoom`.
    pub fn of(rect: Rect, zoom: f32) -> Self {
        let header = Rect::from_min_size(
            rect.min,
            vec2(rect.width(), (crate::layout::HEADER * zoom).max(6.0)),
        );
        // The chevron stays inside the header band, so it never covers a child.
        let side = (header.height() - 4.0).clamp(6.0, 18.0);
        let chevron = Rect::from_min_size(header.min + vec2(4.0, 2.0), vec2(side, side));
        let title = Rect::from_min_max(pos2(chevron.max.x, header.min.y), header.max);
        Self { chevron, title }
    }
}

/// The handle on a node's right edge (screen) that a connection is dragged from.
pub(super) fn connect_handle(node_in_screen: Rect) -> Rect {
    Rect::from_center_size(node_in_screen.right_center(), vec2(16.0, 16.0))
}

/// Whether any of an edge's bounding box is in the visible part of the canvas.
pub(super) fn edge_in_view(e: &EdgeShape, visible: Rect) -> bool {
    let bbox = e
        .points
        .iter()
        .fold(Rect::NOTHING, |r, p| r.union(Rect::from_min_max(*p, *p)));
    visible.intersects(bbox.expand(2.0))
}

/// The minimap in the bottom-right corner of the canvas: the whole scene, scaled down.
#[derive(Clone, Copy, Debug)]
pub(super) struct Minimap {
    /// Where the minimap is on screen.
    pub area: Rect,
    /// Minimap points per canvas unit.
    scale: f32,
    /// Where the canvas origin lands on screen.
    origin: Pos2,
}

impl Minimap {
    /// The minimap of a scene on a canvas showing `screen`; `None` when there is nothing to show
    /// or the canvas is too small to spare the room.
    pub fn of(scene: &Scene, screen: Rect) -> Option<Self> {
        let size = vec2(220.0, 150.0);
        let area = Rect::from_min_size(screen.max - size - vec2(12.0, 12.0), size);
        if !scene.bounds.is_positive() || screen.width() < 500.0 || screen.height() < 360.0 {
            return None;
        }
        let bounds = scene.bounds.expand(40.0);
        let scale = (area.width() / bounds.width()).min(area.height() / bounds.height());
        let origin = area.center() - bounds.center().to_vec2() * scale;
        Some(Self {
            area,
            scale,
            origin,
        })
    }

    /// A canvas point on the minimap.
    pub fn to_map(self, pos_in_canvas: Pos2) -> Pos2 {
        self.origin + pos_in_canvas.to_vec2() * self.scale
    }

    /// A canvas rectangle on the minimap.
    pub fn rect_to_map(self, rect_in_canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.to_map(rect_in_canvas.min),
            self.to_map(rect_in_canvas.max),
        )
    }

    /// The canvas point under a point of the minimap.
    pub fn to_canvas(self, pos_on_map: Pos2) -> Pos2 {
        ((pos_on_map - self.origin) / self.scale).to_pos2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimap_maps_the_scene_into_its_corner_and_back() {
        let mut scene = Scene::empty();
        scene.bounds = Rect::from_min_size(pos2(100.0, 50.0), vec2(2000.0, 1000.0));
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(1200.0, 800.0));
        let map = Minimap::of(&scene, screen).unwrap();
        assert!(screen.contains_rect(map.area));
        assert!(map.area.contains_rect(map.rect_to_map(scene.bounds)));
        let p = pos2(700.0, 300.0);
        assert!((map.to_canvas(map.to_map(p)) - p).length() < 1e-3);
        let small = Rect::from_min_size(Pos2::ZERO, vec2(400.0, 300.0));
        assert!(Minimap::of(&scene, small).is_none());
        assert!(Minimap::of(&Scene::empty(), screen).is_none());
    }
}
