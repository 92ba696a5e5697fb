//! The `stackcanvas` binary: parses the command line and runs a command from the library.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stackcanvas::cfn::Format;
use stackcanvas::cli;
use stackcanvas::export::{ExportOptions, ImageFormat, ViewFilters};
use stackcanvas::model::EdgeKind;
use stackcanvas::scene::Theme;
use stackcanvas::view::View;

/// Stack Canvas: a desktop designer for AWS CloudFormation templates.
#[derive(Parser)]
#[command(name = "stackcanvas", version, about)]
struct Args {
    /// Template, or folder of templates (a project), to open in the app.
    file: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Prints resources by type, the containment tree, reference counts and warnings.
    Check {
        /// Template files (YAML or JSON).
        #[arg(required = true)]
        files: Vec<String>,
        /// The region to check resource types for.
        #[arg(long, default_value = stackcanvas::schema::DEFAULT_REGION)]
        region: String,
    },
    /// Converts a template between YAML and JSON.
    Convert {
        /// Input template, or - for standard input.
        input: String,
        /// Output file, or - for standard output.
        #[arg(short, long)]
        output: String,
        /// Output format; by default from the output's extension.
        #[arg(long, value_enum)]
        to: Option<FormatArg>,
    },
    /// Renders a diagram of a template as SVG, PNG, Mermaid or draw.io, without a display.
    Render {
        /// Template file (YAML or JSON), or - for standard input; with --compare, the old
        /// version (a file or REV:path).
        template: String,
        /// With --compare: the new version (a file or REV:path).
        new: Option<String>,
        /// Draws the change from TEMPLATE (old) to NEW: the new diagram with removed resources
        /// ghosted, each resource coloured by what the change does to it, and a legend.
        #[arg(long)]
        compare: bool,
        /// Output file (.svg, .png, .mmd, .drawio), or - for standard output.
        #[arg(short, long)]
        output: String,
        /// The architecture (what calls, feeds and triggers what, with the wiring folded into
        /// it) or the references (every resource a box, every reference an arrow).
        #[arg(long, value_enum, default_value = "architecture")]
        view: ViewArg,
        /// Hides IAM and other plumbing, like the canvas toggle.
        #[arg(long)]
        hide_iam: bool,
        /// For a folder or root template: each stack a container of what it declares, instead
        /// of everything where it runs.
        #[arg(long)]
        group_by_stack: bool,
        /// Edge kinds not to draw: Ref, GetAtt, Sub, DependsOn, Condition (comma-separated).
        #[arg(long, value_delimiter = ',', value_parser = edge_kind)]
        hide_edges: Vec<EdgeKind>,
        /// Colour theme.
        #[arg(long, value_enum, default_value = "light")]
        theme: ThemeArg,
        /// Pixels per canvas unit in a PNG (1, 2, 4…).
        #[arg(long, default_value_t = 1.0, value_parser = scale)]
        scale: f32,
        /// Leaves the background transparent.
        #[arg(long)]
        transparent: bool,
        /// Output format; by default from the output's extension (SVG for -).
        #[arg(long, value_enum)]
        format: Option<ImageFormatArg>,
    },
    /// What a template (or a folder of templates) costs per month, from the price book of a
    /// Region; with --diff, what a change costs.
    Cost {
        /// Template file or folder; with --diff, the old template.
        template: String,
        /// With --diff: the new template.
        new: Option<String>,
        /// Compares the cost of TEMPLATE (old) with NEW.
        #[arg(long)]
        diff: bool,
        /// With --diff: exits 1 when the change adds more than this many dollars a month.
        #[arg(long, requires = "diff")]
        fail_above: Option<String>,
        /// The Region to price in.
        #[arg(long, default_value = "us-east-1")]
        region: String,
        /// Usage per resource (YAML or JSON: LogicalId: {key: number}); wins over the template's
        /// Metadata.StackCanvas.Usage.
        #[arg(long)]
        usage: Option<String>,
        /// A parameter value, Name=Value (repeatable); others take their defaults.
        #[arg(long = "param")]
        params: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: CostFormatArg,
    },
    /// What deploying NEW over OLD does: resources added, removed, replaced and updated, with
    /// the properties that cause it, access widened, exports removed and the cost. Each
    /// version is a file or REV:path (a git revision of a file, read with `git show`).
    Diff {
        /// The old version: a file, or REV:path (HEAD:stack.yaml, main:infra/app.yaml).
        old: String,
        /// The new version: a file, or REV:path.
        new: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormatArg,
        /// Exits 1 when the change has any of these: add, remove, orphan, replace (or may
        /// replace), update, export (an export removed), access (access widened).
        #[arg(long, value_delimiter = ',', value_parser = fail_on)]
        fail_on: Vec<cli::FailOn>,
        /// The Region to price the change in.
        #[arg(long, default_value = "us-east-1")]
        region: String,
        /// Leaves the cost out.
        #[arg(long)]
        no_cost: bool,
    },
    /// Price books for the cost estimator.
    Prices {
        #[command(subcommand)]
        command: PricesCommand,
    },
    /// Writes a synthetic template (VPCs, subnets, instances, functions, data stores) for
    /// benchmarks; the same seed gives the same file.
    Generate {
        /// Number of resources.
        #[arg(long)]
        resources: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file, or - for standard output.
        #[arg(short, long)]
        output: String,
    },
}

#[derive(Subcommand)]
enum PricesCommand {
    /// Writes price books from AWS Price List bulk offer files you downloaded
    /// (…/offers/v1.0/aws/<service>/current/[<region>/]index.json); nothing is fetched.
    Import {
        /// Offer files (JSON).
        #[arg(required = true)]
        offers: Vec<std::path::PathBuf>,
        /// A Region to write a book for (repeatable); by default every Region in the files.
        #[arg(long)]
        region: Vec<String>,
        /// Folder to write <region>.json into; by default $XDG_CONFIG_HOME/stackcanvas/prices
        /// (else ~/.config/stackcanvas/prices), where the app looks first.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CostFormatArg {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ViewArg {
    Architecture,
    References,
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImageFormatArg {
    Svg,
    Png,
    Mermaid,
    Drawio,
}

fn edge_kind(name: &str) -> Result<EdgeKind, String> {
    EdgeKind::parse(name).ok_or_else(|| {
        let names: Vec<&str> = EdgeKind::ALL.into_iter().map(EdgeKind::label).collect();
        format!("unknown edge kind; use {}", names.join(", "))
    })
}

fn scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(s),
        _ => Err("expected a positive number such as 1, 2 or 0.5".to_owned()),
    }
}

fn fail_on(s: &str) -> Result<cli::FailOn, String> {
    cli::FailOn::parse(s).ok_or_else(|| {
        format!("{s}: expected add, remove, orphan, replace, update, export or access")
    })
}

fn usage_error(command: &str, message: &str) -> cli::Outcome {
    cli::Outcome {
        stderr: format!("stackcanvas {command}: {message}\n"),
        code: 2,
        ..cli::Outcome::default()
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match args.command {
        Some(Command::Check { files, region }) => cli::check(&files, &region),
        Some(Command::Convert { input, output, to }) => cli::convert(
            &input,
            &output,
            to.map(|f| match f {
                FormatArg::Yaml => Format::Yaml,
                FormatArg::Json => Format::Json,
            }),
        ),
        Some(Command::Render {
            template: _,
            new: Some(_),
            compare: false,
            ..
        }) => usage_error("render", "render takes one template; two need --compare"),
        Some(Command::Render {
            new: None,
            compare: true,
            ..
        }) => usage_error("render", "--compare needs two templates: OLD NEW"),
        Some(Command::Render {
            template,
            new,
            compare,
            output,
            view,
            hide_iam,
            group_by_stack,
            hide_edges,
            theme,
            scale,
            transparent,
            format,
        }) => cli::render(
            new.as_deref().unwrap_or(&template),
            &output,
            &cli::RenderOptions {
                compare_with: compare.then(|| template.clone()),
                format: format.map(|f| match f {
                    ImageFormatArg::Svg => ImageFormat::Svg,
                    ImageFormatArg::Png => ImageFormat::Png,
                    ImageFormatArg::Mermaid => ImageFormat::Mermaid,
                    ImageFormatArg::Drawio => ImageFormat::Drawio,
                }),
                filters: ViewFilters {
                    hide_plumbing: hide_iam,
                    group_by_stack,
                    hidden_edge_kinds: hide_edges.into_iter().collect(),
                    view: match view {
                        ViewArg::Architecture => View::Architecture,
                        ViewArg::References => View::References,
                    },
                    ..ViewFilters::default()
                },
                export: ExportOptions {
                    theme: match theme {
                        ThemeArg::Light => Theme::Light,
                        ThemeArg::Dark => Theme::Dark,
                    },
                    transparent,
                    scale,
                    ..ExportOptions::default()
                },
            },
        ),
        Some(Command::Generate {
            resources,
            seed,
            output,
        }) => cli::generate(resources, seed, &output),
        Some(Command::Cost {
            template,
            new,
            diff,
            fail_above,
            region,
            usage,
            params,
            format,
        }) => {
            let options = cli::CostOptions {
                region,
                usage,
                parameters: params,
                format: match format {
                    CostFormatArg::Table => cli::CostFormat::Table,
                    CostFormatArg::Json => cli::CostFormat::Json,
                    CostFormatArg::Csv => cli::CostFormat::Csv,
                },
                books: stackcanvas::prices::user_books_dir(),
            };
            match (diff, new) {
                (true, Some(new)) => {
                    cli::cost_diff(&template, &new, &options, fail_above.as_deref())
                }
                (true, None) => usage_error("cost", "--diff needs two templates: OLD NEW"),
                (false, Some(_)) => usage_error("cost", "two templates need --diff"),
                (false, None) => cli::cost(&template, &options),
            }
        }
        Some(Command::Diff {
            old,
            new,
            format,
            fail_on,
            region,
            no_cost,
        }) => cli::diff(
            &old,
            &new,
            &cli::DiffOptions {
                format: match format {
                    DiffFormatArg::Text => cli::DiffFormat::Text,
                    DiffFormatArg::Json => cli::DiffFormat::Json,
                },
                fail_on,
                region: (!no_cost).then_some(region),
                books: stackcanvas::prices::user_books_dir(),
            },
        ),
        Some(Command::Prices {
            command:
                PricesCommand::Import {
                    offers,
                    region,
                    out,
                },
        }) => cli::prices_import(
            &offers,
            &region,
            out.as_deref(),
            &stackcanvas::prices::utc_date(std::time::SystemTime::now()),
        ),
        None => {
            if let Err(e) = stackcanvas::ui::run_app(args.file.map(std::path::PathBuf::from)) {
                eprintln!("stackcanvas: cannot open a window: {e}");
                return ExitCode::from(1);
            }
            return ExitCode::SUCCESS;
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(outcome.stdout.as_bytes()).ok();
    stdout.write_all(&outcome.stdout_bytes).ok();
    stdout.flush().ok();
    std::io::stderr().write_all(outcome.stderr.as_bytes()).ok();
    ExitCode::from(u8::try_from(outcome.code).unwrap_or(1))
}
