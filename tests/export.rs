//! Diagram images: every corpus template rendered headless to SVG and PNG, a golden image of a
//! sample, and `stackcanvas render` as a user runs it.
//!
//! The golden image `tests/golden/vpc-two-az.png` changes only on purpose: after a change to
//! the drawing, look at the new image the failing test writes, then run
//! `UPDATE_GOLDEN=1 cargo test --test export` and commit the new golden file.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};

use resvg::tiny_skia::Pixmap;
use stackcanvas::cfn;
use stackcanvas::export::{
    ExportOptions, MARGIN, ViewFilters, headless_scene, pixel_size, png::write_png, svg::write_svg,
};
use stackcanvas::scene::{Palette, Scene, Theme};

/// Scale of the corpus PNGs: small, so 50 templates render quickly in a debug build.
const CORPUS_SCALE: f32 = 0.25;

fn scene_of(path: &Path) -> Scene {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).unwrap();
    let imported = cfn::import(&bytes, &name, cfn::Format::from_path(path))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    headless_scene(&imported.template, &name, &ViewFilters::default())
}

/// The text of every `<text>` element, its lines joined.
fn svg_texts(svg: &str) -> HashSet<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|t| t.text())
                .collect()
        })
        .collect()
}

/// Distinct colours and the share of pixels that differ from `background`.
fn ink(pixmap: &Pixmap, background: [u8; 3]) -> (usize, f64) {
    let mut colours = HashSet::new();
    let mut inked = 0usize;
    for p in pixmap.pixels() {
        let c = p.demultiply();
        colours.insert([c.red(), c.green(), c.blue(), c.alpha()]);
        if [c.red(), c.green(), c.blue()] != background {
            inked += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = inked as f64 / pixmap.pixels().len() as f64;
    (colours.len(), share)
}

fn rgb(theme: Theme) -> [u8; 3] {
    let b = Palette::of(theme).background;
    [b.0, b.1, b.2]
}

/// Renders one corpus template to SVG and PNG and checks both; returns a failure, if any.
fn check_corpus_file(name: &str, path: &Path) -> Result<(), String> {
    let scene = scene_of(path);
    let options = ExportOptions {
        scale: CORPUS_SCALE,
        ..ExportOptions::default()
    };
    let svg = write_svg(&scene, &options);
    if svg != write_svg(&scene, &options) {
        return Err(format!("{name}: two SVGs differ"));
    }
    // usvg is a real XML and SVG parser; roxmltree finds the text.
    resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
        .map_err(|e| format!("{name}: the SVG does not parse: {e}"))?;
    let texts = svg_texts(&svg);
    let drawn = scene
        .nodes
        .iter()
        .map(|n| n.logical_id.as_str())
        .chain(scene.containers.iter().filter_map(|c| c.id.logical_id()));
    for id in drawn {
        if !texts.contains(id) {
            return Err(format!("{name}: {id} is not a text of the SVG"));
        }
    }

    let png = write_png(&scene, &options).map_err(|e| format!("{name}: {e}"))?;
    if png != write_png(&scene, &options).unwrap() {
        return Err(format!("{name}: two PNGs differ"));
    }
    let pixmap = Pixmap::decode_png(&png).map_err(|e| format!("{name}: {e}"))?;
    let size = (pixmap.width(), pixmap.height());
    let bounds = scene.bounds.expand(MARGIN);
    let expected = (
        ((bounds.max.x.ceil() - bounds.min.x.floor()) * CORPUS_SCALE).ceil(),
        ((bounds.max.y.ceil() - bounds.min.y.floor()) * CORPUS_SCALE).ceil(),
    );
    if size != pixel_size(&scene, &options)
        || (f64::from(size.0), f64::from(size.1)) != (f64::from(expected.0), f64::from(expected.1))
    {
        return Err(format!(
            "{name}: the PNG is {size:?}, expected {expected:?} from the bounds {bounds:?}"
        ));
    }
    let (colours, share) = ink(&pixmap, rgb(Theme::Light));
    let empty = scene.nodes.is_empty() && scene.containers.is_empty();
    if empty {
        // Some templates draw nothing, e.g. resources made only by `Fn::ForEach`.
        if colours != 1 {
            return Err(format!("{name}: draws nothing but has {colours} colours"));
        }
    } else if colours < 8 || share < 0.05 {
        return Err(format!(
            "{name}: the PNG looks blank: {colours} colours, {:.1}% drawn",
            share * 100.0
        ));
    }
    Ok(())
}

#[test]
fn every_corpus_template_renders_to_svg_and_png() {
    let files = common::corpus_files();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let files = &files;
                s.spawn(move || {
                    files
                        .iter()
                        .skip(w)
                        .step_by(workers)
                        .filter_map(|(name, path)| check_corpus_file(name, path).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_sample_matches_its_golden_image() {
    let scene = scene_of(&common::project_dir().join("samples/vpc-two-az.yaml"));
    let png = write_png(&scene, &ExportOptions::default()).unwrap();
    let golden_path = common::project_dir().join("tests/golden/vpc-two-az.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &png).unwrap();
        return;
    }
    let golden = std::fs::read(&golden_path).unwrap_or_else(|e| {
        panic!(
            "{e}: {}; create it with UPDATE_GOLDEN=1 cargo test --test export",
            golden_path.display()
        )
    });
    let (new, old) = (
        Pixmap::decode_png(&png).unwrap(),
        Pixmap::decode_png(&golden).unwrap(),
    );
    let new_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vpc-two-az.new.png");
    std::fs::write(&new_path, &png).unwrap();
    assert_eq!(
        (new.width(), new.height()),
        (old.width(), old.height()),
        "the image changed size; look at {} and update with UPDATE_GOLDEN=1",
        new_path.display()
    );
    let differing = new
        .pixels()
        .iter()
        .zip(old.pixels())
        .filter(|(a, b)| {
            let (a, b) = (a.demultiply(), b.demultiply());
            [
                a.red().abs_diff(b.red()),
                a.green().abs_diff(b.green()),
                a.blue().abs_diff(b.blue()),
                a.alpha().abs_diff(b.alpha()),
            ]
            .into_iter()
            .any(|d| d > 16)
        })
        .count();
    assert!(
        differing * 100 <= new.pixels().len(),
        "{differing} of {} pixels differ from the golden image; look at {} and update with UPDATE_GOLDEN=1",
        new.pixels().len(),
        new_path.display()
    );
}

#[test]
fn themes_transparency_and_scale() {
    let scene = scene_of(&common::project_dir().join("samples/serverless.yaml"));
    let dark = ExportOptions {
        theme: Theme::Dark,
        ..ExportOptions::default()
    };
    let pixmap = Pixmap::decode_png(&write_png(&scene, &dark).unwrap()).unwrap();
    let (_, drawn) = ink(&pixmap, rgb(Theme::Dark));
    assert!(drawn > 0.05 && drawn < 0.95, "{drawn}");
    assert_eq!(
        pixmap.pixel(0, 0).unwrap().demultiply().red(),
        rgb(Theme::Dark)[0]
    );

    let clear = ExportOptions {
        transparent: true,
        scale: 2.0,
        ..ExportOptions::default()
    };
    let pixmap = Pixmap::decode_png(&write_png(&scene, &clear).unwrap()).unwrap();
    assert_eq!(pixmap.pixel(0, 0).unwrap().alpha(), 0, "transparent corner");
    let (w, h) = pixel_size(&scene, &ExportOptions::default());
    assert_eq!((pixmap.width(), pixmap.height()), (2 * w, 2 * h));
}

// The command line.

fn stackcanvas(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args(args)
        .current_dir(common::project_dir())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn render_writes_svg_and_png_files_and_standard_output() {
    let dir = common::scratch_dir("render_cli");
    let svg_path = dir.join("vpc.svg");
    let png_path = dir.join("vpc.png");
    let (code, _, err) = stackcanvas(&[
        "render",
        "samples/vpc-two-az.yaml",
        "-o",
        svg_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg_texts(&svg).contains("PublicSubnetA"));

    let (code, _, err) = stackcanvas(&[
        "render",
        "samples/vpc-two-az.yaml",
        "-o",
        png_path.to_str().unwrap(),
        "--theme",
        "dark",
        "--scale",
        "0.5",
        "--view",
        "references",
    ]);
    assert_eq!(code, 0, "{err}");
    let file = std::fs::read(&png_path).unwrap();
    let pixmap = Pixmap::decode_png(&file).unwrap();
    let scene = scene_of(&common::project_dir().join("samples/vpc-two-az.yaml"));
    let half = ExportOptions {
        scale: 0.5,
        ..ExportOptions::default()
    };
    assert_eq!((pixmap.width(), pixmap.height()), pixel_size(&scene, &half));
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        2,
        "no temporary file is left behind"
    );

    let (code, stdout, err) = stackcanvas(&[
        "render",
        "samples/vpc-two-az.yaml",
        "-o",
        "-",
        "--format",
        "png",
        "--theme",
        "dark",
        "--scale",
        "0.5",
        "--view",
        "references",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stdout, file, "the same image on standard output");

    // SVG by default on stdout, of the architecture: the role is folded into what uses it.
    let (code, stdout, err) = stackcanvas(&["render", "samples/serverless.yaml", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    let svg = String::from_utf8(stdout).unwrap();
    assert!(!svg_texts(&svg).contains("PipelineRole"));
    assert!(svg.contains(
        "<g class=\"edge flow\" data-from=\"WorkQueue\" data-to=\"ProcessorFunction\" data-via=\"WorkQueueMapping\"><title>batch 10</title>"
    ));
    let (code, stdout, err) = stackcanvas(&[
        "render",
        "samples/serverless.yaml",
        "-o",
        "-",
        "--view",
        "references",
    ]);
    assert_eq!(code, 0, "{err}");
    let texts = svg_texts(&String::from_utf8(stdout).unwrap());
    assert!(
        texts.contains("PipelineRole"),
        "the references draw every resource"
    );

    let (code, stdout, err) = stackcanvas(&[
        "render",
        "samples/serverless.yaml",
        "-o",
        "-",
        "--hide-iam",
        "--hide-edges",
        "dependson,Sub",
        "--view",
        "references",
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = String::from_utf8(stdout).unwrap();
    assert!(!svg_texts(&svg).contains("PipelineRole"), "IAM is hidden");
    assert!(!svg.contains("class=\"edge DependsOn\"") && !svg.contains("class=\"edge Sub\""));

    let (code, _, err) = stackcanvas(&[
        "render",
        "samples/serverless.yaml",
        "-o",
        "-",
        "--hide-edges",
        "Bogus",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("unknown edge kind"), "{err}");
}

#[test]
fn render_writes_mermaid_and_drawio() {
    let (code, stdout, err) = stackcanvas(&[
        "render",
        "samples/vpc-two-az.yaml",
        "-o",
        "-",
        "--format",
        "mermaid",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.starts_with("flowchart LR\n") && !text.contains("n_PublicSubnetA["));
    assert!(text.contains("PublicSubnetA (public)"), "{text}");

    let dir = common::scratch_dir("render_drawio");
    let out = dir.join("vpc.drawio");
    let (code, _, err) = stackcanvas(&[
        "render",
        "samples/vpc-two-az.yaml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let xml = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.attribute("id") == Some("n_WebInstance"))
    );
}

#[test]
fn render_draws_what_it_can_and_exits_1_on_errors() {
    let dir = common::scratch_dir("render_bad");
    // A file that does not parse has nothing to draw.
    let out = dir.join("bad.png");
    let input = common::fixture("bad/malformed.json");
    let (code, stdout, err) = stackcanvas(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("malformed.json:3:3: error"), "{err}");
    assert!(stdout.is_empty());
    assert!(!out.exists(), "no image is written");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);

    // A template that parses is drawn whole, its broken resources marked, and exits 1.
    let out = dir.join("broken.svg");
    let input = common::fixture("broken-resources.yaml");
    let (code, _, err) = stackcanvas(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("broken-resources.yaml:14:11: error: !Rain::Module"),
        "{err}"
    );
    assert!(err.contains("4 errors"), "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let class_of = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("data-logical-id") == Some(id))
            .and_then(|n| n.attribute("class"))
            .unwrap_or_else(|| panic!("{id} is not drawn"))
    };
    for id in ["Module", "Odd", "Worker"] {
        assert_eq!(class_of(id), "node broken", "{id}");
    }
    for id in ["Jobs", "Topic"] {
        assert_eq!(class_of(id), "node", "{id}");
    }

    // no-type.yaml: the resource without a Type is drawn too.
    let out = dir.join("no-type.svg");
    let input = common::fixture("bad/no-type.yaml");
    let (code, _, _) = stackcanvas(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("data-logical-id=\"Bucket\"")
    );

    let (code, _, err) = stackcanvas(&["render", "samples/vpc-two-az.yaml", "-o", "vpc.gif"]);
    assert_eq!(code, 1);
    assert!(err.contains("--format"), "{err}");
}
