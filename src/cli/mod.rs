//! The command-line commands: `check`, `convert`, `render`, `generate` and `prices import`.
//!
//! Each command returns its output and an exit status, so tests drive them directly and `main`
//! only prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

mod cost;
mod diff;
mod project;
pub use cost::{CostFormat, CostOptions, cost, cost_diff};
pub use diff::{DiffFormat, DiffOptions, FailOn, compare_versions, diff, open_version};

use crate::cfn::{self, Format, Imported, Template};
use crate::export::{self, ExportOptions, ImageFormat, ViewFilters};
use crate::model::{Containment, EdgeKind, RefGraph, availability_zone};
use crate::schema::{self, CheckOptions};
pub use crate::session::{MAX_FILE_BYTES, read_template_file};
use crate::view::Diagram;

/// What a command printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// Process exit code.
    pub code: i32,
    /// Bytes for standard output after `stdout`: an image written to `-`.
    pub stdout_bytes: Vec<u8>,
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &str) -> anyhow::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        Ok(buf)
    } else {
        Ok(read_template_file(Path::new(path))?)
    }
}

/// Opens a template file: reads and imports it. `-` reads standard input.
pub fn open(path: &str) -> anyhow::Result<Imported> {
    let bytes = read_input(path)?;
    let format = if path == "-" {
        None
    } else {
        Format::from_path(Path::new(path))
    };
    Ok(cfn::import(&bytes, path, format)?)
}

/// Opens a template for a command: diagnostics go to standard error; on failure the error does
/// too, the exit code becomes 1, and `None` comes back.
fn open_reporting(input: &str, out: &mut Outcome) -> Option<Imported> {
    match open(input) {
        Ok(imported) => {
            for d in &imported.diagnostics {
                writeln!(out.stderr, "{d}").ok();
            }
            Some(imported)
        }
        Err(e) => {
            out.stderr = format!("{e:#}\n");
            out.code = 1;
            None
        }
    }
}

/// `stackcanvas check [--region R] FILE...`: resources by type, containment, reference counts
/// and warnings, with the resource schemas checked for `region` (us-east-1 by default).
///
/// Exits 1 if any file has an error.
pub fn check(files: &[String], region: &str) -> Outcome {
    let mut out = Outcome::default();
    if !schema::regions().contains(&region) {
        let shaped = region.split('-').count() >= 3
            && region.ends_with(|c: char| c.is_ascii_digit())
            && region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !shaped {
            out.stderr = format!(
                "{region} is not a region name; the schemas know {}\n",
                schema::regions().join(", ")
            );
            out.code = 1;
            return out;
        }
        // cfn-lint does the same for a region it ships no list for (me-south-1).
        writeln!(
            out.stderr,
            "the schemas have no list of types for {region}; checking as for {}",
            schema::DEFAULT_REGION
        )
        .ok();
    }
    let options = CheckOptions { region };
    for file in files {
        if project::is_project(file) {
            project::check_project(file, &options, &mut out);
            continue;
        }
        match open(file) {
            Ok(imported) => {
                let (report, errors) = check_report(file, &imported, &options);
                out.stdout.push_str(&report);
                if errors {
                    out.code = 1;
                }
            }
            Err(e) => {
                writeln!(out.stderr, "{e:#}").ok();
                out.code = 1;
            }
        }
    }
    out
}

/// The `check` report of one imported file, and whether it has errors.
pub fn check_report(file: &str, imported: &Imported, options: &CheckOptions<'_>) -> (String, bool) {
    let t = &imported.template;
    let findings = schema::check_template(t, file, options);
    let graph = RefGraph::build(t, file);
    let containment = Containment::build(t);
    let mut s = String::new();
    let count = t.resource_count();
    writeln!(
        s,
        "{file}: {count} resource{}",
        if count == 1 { "" } else { "s" }
    )
    .ok();

    writeln!(s, "  Resources by type").ok();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for r in t.resources() {
        let name = match r.type_name() {
            "" => "(no valid Type)",
            name => name,
        };
        *by_type.entry(name).or_default() += 1;
    }
    let width = by_type.keys().map(|k| k.len()).max().unwrap_or(0);
    for (ty, n) in &by_type {
        writeln!(s, "    {ty:<width$}  {n}").ok();
    }

    writeln!(s, "  Containment").ok();
    let mut any = false;
    for r in t.resources().filter(|r| r.type_name() == "AWS::EC2::VPC") {
        any = true;
        tree(&mut s, t, &containment, r.logical_id, 2);
    }
    let outside = t
        .resources()
        .filter(|r| r.type_name() != "AWS::EC2::VPC" && containment.parent(r.logical_id).is_none())
        .count();
    if any {
        writeln!(s, "    (outside any VPC: {outside} resources)").ok();
    } else {
        writeln!(s, "    no VPC; all {outside} resources stand on their own").ok();
    }

    loops_report(&mut s, t);

    let counts = graph.counts_by_kind();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let detail: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(s, "  References: {total} ({})", detail.join(", ")).ok();

    let mut diags: Vec<&cfn::Diagnostic> = imported
        .diagnostics
        .iter()
        .chain(findings.iter().map(|f| &f.diagnostic))
        .chain(&graph.diagnostics)
        .collect();
    diags.sort_by_key(|d| d.pos.map(|p| p.offset));
    let errors = diags.iter().any(|d| d.is_error());
    if diags.is_empty() {
        writeln!(s, "  No warnings").ok();
    } else {
        writeln!(s, "  Warnings and errors: {}", diags.len()).ok();
        for d in diags {
            writeln!(s, "    {d}").ok();
        }
    }
    (s, errors)
}

/// The `Fn::ForEach` loops, inner loops indented, each with what it makes.
fn loops_report(s: &mut String, t: &Template) {
    let loops = t.loops();
    if loops.is_empty() {
        return;
    }
    writeln!(s, "  Loops").ok();
    for (i, family) in loops.families.iter().enumerate() {
        let mut depth = 2;
        let mut parent = family.parent;
        while let Some(p) = parent {
            depth += 1;
            parent = loops.families.get(p).and_then(|f| f.parent);
        }
        let made: Vec<String> = loops
            .made_by(i)
            .map(|g| match g.repeat {
                Some(r) => format!("{} {r}", g.logical_id),
                None => g.logical_id.clone(),
            })
            .collect();
        let section = if family.parent.is_none() && family.section != "Resources" {
            format!("{}.", family.section)
        } else {
            String::new()
        };
        write!(s, "{}{section}{}", "  ".repeat(depth), family.describe()).ok();
        if made.is_empty() {
            writeln!(s).ok();
        } else {
            writeln!(s, ": {}", made.join(", ")).ok();
        }
    }
}

fn tree(s: &mut String, t: &Template, c: &Containment, id: &str, depth: usize) {
    let Some(r) = t.resource(id) else {
        return;
    };
    let mut detail = vec![r.short_type().to_owned()];
    if r.type_name() == "AWS::EC2::Subnet" {
        if let Some(az) = availability_zone(t, id) {
            detail.push(az.to_string());
        }
        detail.push(if c.is_public(id) { "public" } else { "private" }.to_owned());
    }
    if let Some(p) = c.placement(id)
        && !p.also_in.is_empty()
    {
        detail.push(format!("also in {}", p.also_in.join(", ")));
    }
    writeln!(s, "{}{id} ({})", "  ".repeat(depth), detail.join(", ")).ok();
    for child in c.children(id) {
        tree(s, t, c, child, depth + 1);
    }
}

/// `stackcanvas convert IN -o OUT [--to yaml|json]`.
///
/// The output format comes from `to`, else from the output's extension, else it is YAML.
/// `-` reads standard input or writes standard output.
pub fn convert(input: &str, output: &str, to: Option<Format>) -> Outcome {
    let mut out = Outcome::default();
    let Some(imported) = open_reporting(input, &mut out) else {
        return out;
    };
    let format = to
        .or_else(|| {
            (output != "-")
                .then(|| Format::from_path(Path::new(output)))
                .flatten()
        })
        .unwrap_or(Format::Yaml);
    // To its own format a template is written back byte for byte; to the other, anew.
    let text = match crate::model::Document::new(imported.template).save_text(format) {
        Ok(text) => text,
        Err(e) => {
            writeln!(out.stderr, "{}", e.diagnostic(input)).ok();
            out.code = 1;
            return out;
        }
    };
    if output == "-" {
        out.stdout = text;
    } else if let Err(e) = std::fs::write(output, text) {
        writeln!(out.stderr, "cannot write {output}: {e}").ok();
        out.code = 1;
    }
    out
}

/// Options of `stackcanvas render`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenderOptions {
    /// The output format; by default from the output's extension, SVG for `-`.
    pub format: Option<ImageFormat>,
    /// The canvas's noise filters.
    pub filters: ViewFilters,
    /// Theme, background and scale.
    pub export: ExportOptions,
    /// `render --compare OLD NEW`: the old version (a file or `REV:path`); the input is then
    /// the new one, drawn with the change marked.
    pub compare_with: Option<String>,
}

/// The edge kinds `--hide-edges` takes, as labels of [`crate::model::RefKind`].
/// An edge kind by name, in any case: `ref`, `GetAtt`, `dependson`.
pub fn edge_kind(name: &str) -> Option<EdgeKind> {
    EdgeKind::parse(name)
}

/// The image format of `render`: as told, else from the output's extension, SVG for `-`.
fn image_format(output: &str, options: &RenderOptions, out: &mut Outcome) -> Option<ImageFormat> {
    let format = options.format.or_else(|| {
        if output == "-" {
            Some(ImageFormat::Svg)
        } else {
            ImageFormat::from_path(Path::new(output))
        }
    });
    if format.is_none() {
        out.stderr = format!(
            "cannot tell the image format from the name; use --format svg|png|mermaid|drawio or an extension .svg, .png, .mmd or .drawio: {output}\n"
        );
        out.code = 1;
    }
    format
}

/// `stackcanvas render TEMPLATE -o OUT`: a picture of the template, without a display.
///
/// The format comes from `options.format`, else from the output's extension; `-` writes
/// standard output (SVG unless told otherwise). A template that cannot be read or has errors
/// exits 1 with the message and writes nothing; a file is written whole or not at all.
pub fn render(input: &str, output: &str, options: &RenderOptions) -> Outcome {
    let mut out = Outcome::default();
    let Some(format) = image_format(output, options, &mut out) else {
        return out;
    };
    if options.compare_with.is_none() && project::is_project(input) {
        return project::render_project(input, output, format, options);
    }
    let (imported, diagram) = if let Some(old) = &options.compare_with {
        let versions = open_version(old).and_then(|o| open_version(input).map(|n| (o, n)));
        let ((old_t, _), (new_t, _)) = match versions {
            Ok(v) => v,
            Err(e) => {
                out.stderr = format!("{e}\n");
                out.code = 1;
                return out;
            }
        };
        let c = crate::compare::compare(&old_t.template, &new_t.template);
        let diagram = crate::view::compare_diagram(
            &old_t.template,
            &crate::model::Document::new(new_t.template.clone()),
            &c,
            input,
            &options.filters,
        );
        (new_t, diagram)
    } else {
        let Some(imported) = open_reporting(input, &mut out) else {
            return out;
        };
        // A template with errors is drawn all the same, its broken resources marked, and the
        // exit status says that CloudFormation would refuse it.
        let diagram = Diagram::of_template(&imported.template, input, &options.filters);
        (imported, diagram)
    };
    let derived = &diagram.derived;
    for d in derived.schema.iter().chain(&derived.graph.diagnostics) {
        writeln!(out.stderr, "{d}").ok();
    }
    let errors = imported
        .diagnostics
        .iter()
        .chain(&derived.schema)
        .chain(&derived.graph.diagnostics);
    let refused = errors.filter(|d| d.is_error()).count();
    if !write_image(
        &diagram.scene,
        format,
        output,
        &options.export,
        input,
        &mut out,
    ) {
        return out;
    }
    refused_note(&mut out, refused, input);
    out
}

/// Writes a scene in `format` to `output` (`-` for standard output); `false`, with the
/// message in `out`, if it could not.
fn write_image(
    scene: &crate::scene::Scene,
    format: ImageFormat,
    output: &str,
    options: &ExportOptions,
    input: &str,
    out: &mut Outcome,
) -> bool {
    let bytes = match format {
        ImageFormat::Svg => export::svg::write_svg(scene, options).into_bytes(),
        ImageFormat::Png => match export::png::write_png(scene, options) {
            Ok(bytes) => bytes,
            Err(e) => {
                writeln!(out.stderr, "cannot render {input}: {e}").ok();
                out.code = 1;
                return false;
            }
        },
        ImageFormat::Mermaid => export::mermaid::write_mermaid(scene).into_bytes(),
        ImageFormat::Drawio => export::drawio::write_drawio(scene, options).into_bytes(),
    };
    if output == "-" {
        out.stdout_bytes = bytes;
    } else if let Err(e) = write_whole(Path::new(output), &bytes) {
        writeln!(out.stderr, "{e:#}").ok();
        out.code = 1;
        return false;
    }
    true
}

/// After an image of something CloudFormation would refuse: says so, and exits 1.
fn refused_note(out: &mut Outcome, refused: usize, input: &str) {
    if refused > 0 {
        writeln!(
            out.stderr,
            "the image marks what CloudFormation would refuse: {refused} error{} in {input}",
            if refused == 1 { "" } else { "s" }
        )
        .ok();
        out.code = 1;
    }
}

/// Writes a file through a temporary file beside it, so that readers never see half of it.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("not a file name: {}", path.display()))?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if written.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    written
}

/// `stackcanvas generate --resources N [--seed S] -o FILE`: writes a synthetic template with
/// exactly `resources` resources (see [`crate::generate`]). `-` writes to standard output.
pub fn generate(resources: usize, seed: u64, output: &str) -> Outcome {
    let mut out = Outcome::default();
    let text = crate::generate::generate_yaml(resources, seed);
    if output == "-" {
        out.stdout = text;
    } else if let Err(e) = std::fs::write(output, text) {
        out.stderr = format!("cannot write {output}: {e}\n");
        out.code = 1;
    }
    out
}

/// `stackcanvas prices import [--region R]... [--out DIR] OFFER.json...`: reads AWS Price
/// List bulk offer files and writes one price book per Region asked (every Region found if
/// none is), the offers of one Region merged into one book, into `out` (by default
/// [`crate::prices::user_books_dir`], where the app looks first).
///
/// Prints one line per book written. Any error (a file that cannot be read, bad JSON with its
/// line and column, a price or tier the importer refuses, two rows with one selector) exits 1
/// before any book is written; each book is written whole through a temporary file.
/// `compiled` is the date written in the books; `main` passes today's UTC date.
pub fn prices_import(
    offers: &[PathBuf],
    regions: &[String],
    out_dir: Option<&Path>,
    compiled: &str,
) -> Outcome {
    let mut out = Outcome::default();
    let Some(dir) = out_dir
        .map(Path::to_owned)
        .or_else(crate::prices::user_books_dir)
    else {
        out.stderr =
            "cannot tell where to write the books: set XDG_CONFIG_HOME or HOME, or pass --out\n"
                .into();
        out.code = 1;
        return out;
    };
    let mut importer = crate::prices::Importer::new(regions);
    let books = offers
        .iter()
        .try_for_each(|path| importer.read_file(path))
        .and_then(|()| importer.books(compiled))
        .and_then(|books| {
            let paths = crate::prices::write_books(&dir, &books)?;
            Ok(books.into_iter().zip(paths))
        });
    match books {
        Ok(written) => {
            for (book, path) in written {
                let as_of = book.prices_as_of().unwrap_or("an unknown date");
                let as_of = as_of.get(..10).unwrap_or(as_of);
                writeln!(
                    out.stdout,
                    "{}: {}, {} row{}, prices as of {as_of}",
                    path.display(),
                    book.region,
                    book.rows.len(),
                    if book.rows.len() == 1 { "" } else { "s" },
                )
                .ok();
            }
        }
        Err(e) => {
            out.stderr = format!("{e}\n");
            out.code = 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_a_missing_file() {
        let o = check(&["/nonexistent/x.yaml".to_owned()], schema::DEFAULT_REGION);
        assert_eq!(o.code, 1);
        assert!(o.stderr.contains("/nonexistent/x.yaml"), "{}", o.stderr);
    }

    #[test]
    fn check_reads_the_schemas_for_the_region_asked_for() {
        let file = "tests/fixtures/schema/type-not-in-region.yaml".to_owned();
        let east = check(std::slice::from_ref(&file), "us-east-1");
        assert_eq!(east.code, 1);
        assert!(
            east.stdout
                .contains("AWS::DeviceFarm::Project is not available in us-east-1")
        );
        let west = check(std::slice::from_ref(&file), "us-west-2");
        assert!(
            !west.stdout.contains("DeviceFarm::Project is not available"),
            "{}",
            west.stdout
        );
        assert!(west.stdout.contains("did you mean AWS::SQS::Queue?"));
        let unlisted = check(std::slice::from_ref(&file), "me-south-1");
        assert!(unlisted.stderr.contains("checking as for us-east-1"));
        assert!(unlisted.stdout.contains("not available in me-south-1"));
        let bad = check(std::slice::from_ref(&file), "mars");
        assert_eq!(bad.code, 1);
        assert!(bad.stderr.contains("mars is not a region name"));
        let clean = check(&["samples/vpc-two-az.yaml".to_owned()], "eu-west-1");
        assert_eq!(clean.code, 0, "{}", clean.stdout);
    }

    #[test]
    fn render_needs_a_known_format_and_a_readable_template() {
        let o = render(
            "samples/vpc-two-az.yaml",
            "out.gif",
            &RenderOptions::default(),
        );
        assert_eq!(o.code, 1);
        assert!(o.stderr.contains("out.gif"), "{}", o.stderr);
        let o = render("/nonexistent/x.yaml", "-", &RenderOptions::default());
        assert_eq!(o.code, 1);
        assert!(o.stdout_bytes.is_empty());
        assert_eq!(edge_kind("dependson"), Some(EdgeKind::DependsOn));
        assert_eq!(edge_kind("GETATT"), Some(EdgeKind::GetAtt));
        assert_eq!(edge_kind("Foo"), None);
    }
}
