//! The `stackcanvas` binary: parses the command line and runs a command from the library.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stackcanvas::cfn::Format;
use stackcanvas::cli;

/// Stack Canvas: a desktop designer for AWS CloudFormation templates.
#[derive(Parser)]
#[command(name = "stackcanvas", version, about)]
struct Args {
    /// Template to open in the app.
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
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Yaml,
    Json,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match args.command {
        Some(Command::Check { files }) => cli::check(&files),
        Some(Command::Convert { input, output, to }) => cli::convert(
            &input,
            &output,
            to.map(|f| match f {
                FormatArg::Yaml => Format::Yaml,
                FormatArg::Json => Format::Json,
            }),
        ),
        None => {
            if let Err(e) = stackcanvas::ui::run_app(args.file.map(std::path::PathBuf::from)) {
                eprintln!("stackcanvas: cannot open a window: {e}");
                return ExitCode::from(1);
            }
            return ExitCode::SUCCESS;
        }
    };
    std::io::stdout().write_all(outcome.stdout.as_bytes()).ok();
    std::io::stderr().write_all(outcome.stderr.as_bytes()).ok();
    ExitCode::from(u8::try_from(outcome.code).unwrap_or(1))
}
