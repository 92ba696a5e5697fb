//! Benchmarks of every stage from file to pixels, on generated templates of 50, 500 and 5,000
//! resources (issue 7). Run with `cargo bench --bench pipeline`; `BENCHMARKS.md` holds results.
//!
//! Sample counts and times are kept small so the whole run takes a few minutes on two cores.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, Vec2};
use stackcanvas::canvas::CanvasColors;
use stackcanvas::canvas::{CanvasState, canvas_ui};
use stackcanvas::cfn::{self, Format, Template};
use stackcanvas::export::{self, ExportOptions};
use stackcanvas::layout::{self, BoxKind, DiagramLayout, LayoutOptions};
use stackcanvas::model::{Containment, Derived, RefGraph, SavedLayout};
use stackcanvas::scene::{Scene, SceneOptions, Theme};
use stackcanvas::session::{Command, Session};
use stackcanvas::view::ViewFilters;

const SIZES: [usize; 3] = [50, 500, 5_000];
const SEED: u64 = 1;
/// A typical window's canvas area, in points.
const SCREEN: Vec2 = Vec2::new(1600.0, 1000.0);

/// One generated template and everything derived from it.
struct Fixture {
    yaml: String,
    json: String,
    template: Template,
    derived: Derived,
    layout: DiagramLayout,
    scene: Scene,
}

impl Fixture {
    fn new(resources: usize) -> Self {
        let yaml = stackcanvas::generate::generate_yaml(resources, SEED);
        let template = parse(&yaml, Format::Yaml);
        let json = cfn::write_json(&template);
        let derived = Derived::build(&template, "bench.yaml");
        let layout = lay_out(&template, &derived);
        let scene = Scene::build(&template, &derived, &layout, &SceneOptions::default());
        Self {
            yaml,
            json,
            template,
            derived,
            layout,
            scene,
        }
    }
}

fn parse(text: &str, format: Format) -> Template {
    cfn::import(text.as_bytes(), "bench", Some(format))
        .unwrap()
        .template
}

fn lay_out(template: &Template, derived: &Derived) -> DiagramLayout {
    layout::layout(
        template,
        derived,
        &SavedLayout::default(),
        &LayoutOptions::default(),
    )
}

fn configure(c: &mut Criterion) -> Criterion {
    std::mem::take(c)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
}

fn stages(c: &mut Criterion) {
    let mut c = configure(c);
    for n in SIZES {
        let f = Fixture::new(n);
        let mut group = c.benchmark_group(format!("{n}"));
        // What opening produces, the app keeps: results are freed outside the timing (freeing
        // is paid later, when another document replaces this one).
        group.bench_function("parse_yaml", |b| {
            b.iter_with_large_drop(|| parse(black_box(&f.yaml), Format::Yaml));
        });
        group.bench_function("parse_json", |b| {
            b.iter_with_large_drop(|| parse(black_box(&f.json), Format::Json));
        });
        group.bench_function("graph", |b| {
            b.iter_with_large_drop(|| Derived::build(black_box(&f.template), "bench.yaml"));
        });
        // What `graph` was before the schema checks joined it, for comparison.
        group.bench_function("graph_without_schema", |b| {
            b.iter_with_large_drop(|| {
                let t = black_box(&f.template);
                (
                    RefGraph::build(t, "bench.yaml"),
                    Containment::build(t),
                    cfn::check_template(t, "bench.yaml"),
                )
            });
        });
        group.bench_function("layout", |b| {
            b.iter_with_large_drop(|| lay_out(black_box(&f.template), &f.derived));
        });
        // The architecture view: its flow (part of `graph`), and its layout, which folds the
        // link resources and routes the flow's edges.
        group.bench_function("flow", |b| {
            b.iter_with_large_drop(|| {
                stackcanvas::model::build_flow_with_graph(black_box(&f.template), &f.derived.graph)
            });
        });
        group.bench_function("layout_architecture", |b| {
            b.iter_with_large_drop(|| {
                layout::layout(
                    black_box(&f.template),
                    &f.derived,
                    &SavedLayout::default(),
                    &LayoutOptions {
                        hidden: f.derived.flow.folded.keys().cloned().collect(),
                        architecture: true,
                        ..LayoutOptions::default()
                    },
                )
            });
        });
        group.bench_function("open", |b| {
            b.iter_with_large_drop(|| {
                let template = parse(black_box(&f.yaml), Format::Yaml);
                let derived = Derived::build(&template, "bench.yaml");
                let layout = lay_out(&template, &derived);
                (template, derived, layout)
            });
        });
        // The app's own path: the session reads, derives, lays out and builds the scene
        // through the view pipeline, and keeps the document with its last-saved copy.
        group.bench_function("open_session", |b| {
            b.iter_with_large_drop(|| {
                let mut session = Session::new(ViewFilters::default());
                session
                    .apply(Command::OpenBytes {
                        bytes: black_box(f.yaml.as_bytes()).to_vec(),
                        name: "bench.yaml".to_owned(),
                        path: None,
                    })
                    .unwrap();
                session
            });
        });
        group.bench_function("free", |b| {
            b.iter_batched(
                || parse(&f.yaml, Format::Yaml),
                drop,
                criterion::BatchSize::LargeInput,
            );
        });
        group.bench_function("scene", |b| {
            b.iter(|| {
                Scene::build(
                    black_box(&f.template),
                    &f.derived,
                    &f.layout,
                    &SceneOptions::default(),
                )
            });
        });
        group.bench_function("export_yaml", |b| {
            b.iter(|| cfn::write_yaml(black_box(&f.template)));
        });
        group.bench_function("export_json", |b| {
            b.iter(|| cfn::write_json(black_box(&f.template)));
        });
        group.bench_function("render_svg", |b| {
            b.iter(|| export::svg::write_svg(black_box(&f.scene), &ExportOptions::default()));
        });
        frames(&mut group, &f);
        group.finish();
    }
}

/// One full canvas frame, headless: egui's pass with the real canvas code, then tessellation.
fn frames(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    f: &Fixture,
) {
    let colors = CanvasColors::of(Theme::Dark);
    let input = || RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        ..RawInput::default()
    };
    let subnet = f
        .scene
        .containers
        .iter()
        .find(|c| c.kind == BoxKind::Subnet)
        .map(|c| c.rect);
    for (name, zoom_on) in [("frame_fit", None), ("frame_subnet", subnet)] {
        let ctx = egui::Context::default();
        let mut state = CanvasState::new();
        // The first frame fits the diagram and loads fonts.
        let out = ctx.run_ui(input(), |ui| {
            canvas_ui(ui, &f.scene, &mut state, &colors);
        });
        ctx.tessellate(out.shapes, out.pixels_per_point);
        if let Some(rect) = zoom_on {
            state.camera.fit(rect, state.screen);
        }
        group.bench_function(BenchmarkId::new(name, f.scene.nodes.len()), |b| {
            b.iter(|| {
                let out = ctx.run_ui(input(), |ui| {
                    canvas_ui(ui, &f.scene, &mut state, &colors);
                });
                ctx.tessellate(out.shapes, out.pixels_per_point)
            });
        });
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
