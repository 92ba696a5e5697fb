//! Layout invariants over every corpus template and sample: siblings never overlap, children
//! lie inside their containers, every resource is drawn once, and the layout is deterministic.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use stackcanvas::cfn::{self, Format, Template};
use stackcanvas::layout::{BoxKind, DiagramLayout, LayoutOptions, layout};
use stackcanvas::model::{Derived, SavedLayout, is_plumbing};

fn templates() -> Vec<(String, Template)> {
    let mut paths: Vec<(String, std::path::PathBuf)> = common::corpus_files();
    paths.extend(
        common::samples()
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    paths
        .into_iter()
        .map(|(name, path)| {
            let bytes = std::fs::read(&path).unwrap();
            let t = cfn::import(&bytes, &name, Format::from_path(&path))
                .unwrap()
                .template;
            (name, t)
        })
        .collect()
}

fn check(
    name: &str,
    t: &Template,
    l: &DiagramLayout,
    hidden: &HashSet<String>,
    strict_overlap: bool,
) {
    for (i, b) in l.boxes.iter().enumerate() {
        assert!(
            b.rect.is_finite() && b.rect.width() > 0.0 && b.rect.height() > 0.0,
            "{name}: {:?} has a bad rect",
            b.id
        );
        if let Some(p) = b.parent {
            let parent = l.get(p).unwrap();
            assert!(
                parent.rect.contains_rect(b.rect),
                "{name}: {:?} {:?} is not inside {:?} {:?}",
                b.id,
                b.rect,
                parent.id,
                parent.rect
            );
            assert!(p.get() < i, "{name}: parents come before children");
        }
        if strict_overlap {
            for other in &l.boxes[i + 1..] {
                if other.parent == b.parent {
                    assert!(
                        !b.rect.intersects(other.rect.shrink(0.5)),
                        "{name}: siblings {:?} {:?} and {:?} {:?} overlap",
                        b.id,
                        b.rect,
                        other.id,
                        other.rect
                    );
                }
            }
        }
    }
    let drawn: HashSet<&str> = l.boxes.iter().filter_map(|b| b.id.logical_id()).collect();
    for r in t.resources() {
        if !hidden.contains(r.logical_id) {
            assert!(
                drawn.contains(r.logical_id),
                "{name}: {} is not drawn",
                r.logical_id
            );
        }
    }
    let ids: Vec<_> = l.boxes.iter().map(|b| &b.id).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{name}: a box is drawn twice");
    for e in &l.edges {
        assert!(
            e.points.len() >= 2 && e.points.iter().all(|p| p.is_finite()),
            "{name}: bad edge"
        );
    }
}

#[test]
fn automatic_layout_keeps_its_invariants_on_every_template() {
    let mut total_boxes = 0;
    for (name, t) in templates() {
        let derived = Derived::build(&t, &name);
        let saved = SavedLayout::default();
        let all = LayoutOptions::default();
        let a = layout(&t, &derived, &saved, &all);
        check(&name, &t, &a, &HashSet::new(), true);
        assert_eq!(
            a,
            layout(&t, &derived, &saved, &all),
            "{name}: layout is not deterministic"
        );
        total_boxes += a.boxes.len();

        let hidden: HashSet<String> = t
            .resources()
            .filter(|r| is_plumbing(r.type_name()))
            .map(|r| r.logical_id.to_owned())
            .collect();
        let quiet = LayoutOptions {
            hidden: hidden.clone(),
            ..LayoutOptions::default()
        };
        let b = layout(&t, &derived, &saved, &quiet);
        check(&name, &t, &b, &hidden, true);
        assert!(
            b.boxes
                .iter()
                .all(|x| x.id.logical_id().is_none_or(|id| !hidden.contains(id)))
        );
    }
    assert!(total_boxes > 1000);
}

#[test]
fn saved_and_designer_layouts_keep_children_inside() {
    for (name, t) in templates() {
        let saved = SavedLayout::read(&t);
        if saved.is_empty() {
            continue;
        }
        let derived = Derived::build(&t, &name);
        let l = layout(&t, &derived, &saved, &LayoutOptions::default());
        check(&name, &t, &l, &HashSet::new(), false);
        for (key, b) in &saved.boxes {
            if let (Some(pos), Some(laid)) = (
                b.pos,
                l.resource_box(key).filter(|x| x.kind == BoxKind::Node),
            ) {
                assert_eq!(
                    laid.rect.min, pos,
                    "{name}: {key} is not where it was saved"
                );
            }
        }
    }
}

#[test]
fn subnets_sit_in_zone_columns_of_their_vpc() {
    let path = common::project_dir().join("samples/vpc-two-az.yaml");
    let t = cfn::import(&std::fs::read(&path).unwrap(), "vpc", None)
        .unwrap()
        .template;
    let derived = Derived::build(&t, "vpc");
    let l = layout(
        &t,
        &derived,
        &SavedLayout::default(),
        &LayoutOptions::default(),
    );
    let rect = |id: &str| l.resource_box(id).unwrap().rect;
    // AZ 1 is a column left of AZ 2; public subnets above private ones.
    assert!(rect("PublicSubnetA").max.x < rect("PublicSubnetB").min.x);
    assert!(rect("PublicSubnetA").max.y < rect("PrivateSubnetA").min.y);
    assert!((rect("PublicSubnetA").min.x - rect("PrivateSubnetA").min.x).abs() < 0.5);
    assert!(rect("Vpc").contains_rect(rect("WebInstance")));
    assert!(rect("PublicSubnetA").contains_rect(rect("NatGateway")));
}
