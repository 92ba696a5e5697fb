//! `stackcanvas diff OLD NEW`: what deploying NEW over OLD does, resource by resource; and
//! the versions it reads (files, or `REV:path` through git).

use std::fmt::Write as _;
use std::path::Path;

use super::Outcome;
use crate::cfn::{self, Format, Imported};
use crate::compare::{self, Comparison, Impact, Version, read_revision};
use crate::cost::{self, Book, Inputs};

/// How `diff` writes its answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DiffFormat {
    /// For people.
    #[default]
    Text,
    /// `docs/diff-json.md`.
    Json,
}

/// What makes `diff --fail-on` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailOn {
    /// A resource is added.
    Add,
    /// A resource is removed (deleted).
    Remove,
    /// A resource is orphaned (removed from the stack, kept in the account).
    Orphan,
    /// A resource is replaced or may be.
    Replace,
    /// A resource is updated in place.
    Update,
    /// An export goes away.
    Export,
    /// Access is widened.
    Access,
}

impl FailOn {
    /// Reads `replace`, `remove`... as `--fail-on` takes them.
    pub fn parse(s: &str) -> Option<FailOn> {
        Some(match s.trim() {
            "add" => FailOn::Add,
            "remove" => FailOn::Remove,
            "orphan" => FailOn::Orphan,
            "replace" => FailOn::Replace,
            "update" => FailOn::Update,
            "export" => FailOn::Export,
            "access" => FailOn::Access,
            _ => return None,
        })
    }

    /// Whether the comparison has what this names.
    pub fn found_in(self, c: &Comparison) -> bool {
        let any = |f: &dyn Fn(Impact) -> bool| c.resources.iter().any(|r| f(r.impact));
        match self {
            FailOn::Add => any(&|i| i == Impact::Add),
            FailOn::Remove => any(&|i| i == Impact::Remove),
            FailOn::Orphan => any(&|i| i == Impact::Orphan),
            FailOn::Replace => any(&|i| matches!(i, Impact::Replace | Impact::MayReplace)),
            FailOn::Update => any(&|i| i == Impact::Update),
            FailOn::Export => !c.removed_exports.is_empty(),
            FailOn::Access => c.widenings().next().is_some(),
        }
    }
}

/// What `diff` was asked for.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// The output format.
    pub format: DiffFormat,
    /// What makes it exit 1.
    pub fail_on: Vec<FailOn>,
    /// The Region to price the change in; `None` leaves the cost out.
    pub region: Option<String>,
    /// The folder to read imported price books from first.
    pub books: Option<std::path::PathBuf>,
}

/// Reads one version: a file, or `REV:path` through git.
pub fn open_version(spec: &str) -> Result<(Imported, String), String> {
    let version = Version::parse(spec);
    let name = version.name();
    let bytes = match &version {
        Version::File(p) => super::read_input(p).map_err(|e| format!("{e:#}"))?,
        Version::Revision { rev, path } => read_revision(rev, Path::new(path))?,
    };
    let format = Format::from_path(Path::new(version.path()));
    let imported = cfn::import(&bytes, &name, format).map_err(|e| e.to_string())?;
    Ok((imported, name))
}

/// Compares two versions, with the cost when a Region is given.
pub fn compare_versions(
    old: &Imported,
    new: &Imported,
    options: &DiffOptions,
) -> Result<Comparison, String> {
    let mut c = compare::compare(&old.template, &new.template);
    if let Some(region) = &options.region {
        let book = Book::load(region, options.books.as_deref()).map_err(|e| e.to_string())?;
        let price = |t: &cfn::Template, file: &str| {
            let (usage, _) = cost::usage_of_template(t, file);
            cost::estimate(
                t,
                book.as_ref(),
                &Inputs {
                    region: region.clone(),
                    parameters: std::collections::BTreeMap::default(),
                    usage,
                },
            )
        };
        c.set_cost(&price(&old.template, ""), &price(&new.template, ""));
    }
    Ok(c)
}

/// `stackcanvas diff OLD NEW`.
pub fn diff(old: &str, new: &str, options: &DiffOptions) -> Outcome {
    let mut out = Outcome::default();
    let versions = open_version(old).and_then(|o| open_version(new).map(|n| (o, n)));
    let ((old_t, old_name), (new_t, new_name)) = match versions {
        Ok(v) => v,
        Err(e) => {
            out.stderr = format!("stackcanvas diff: {e}\n");
            out.code = 2;
            return out;
        }
    };
    for d in old_t.diagnostics.iter().chain(&new_t.diagnostics) {
        writeln!(out.stderr, "{d}").unwrap_or(());
    }
    let c = match compare_versions(&old_t, &new_t, options) {
        Ok(c) => c,
        Err(e) => {
            writeln!(out.stderr, "stackcanvas diff: {e}").unwrap_or(());
            out.code = 2;
            return out;
        }
    };
    out.stdout = match options.format {
        DiffFormat::Text => compare::to_text(&c, &old_name, &new_name),
        DiffFormat::Json => compare::to_json(&c, &old_name, &new_name),
    };
    let failed: Vec<&FailOn> = options.fail_on.iter().filter(|f| f.found_in(&c)).collect();
    if !failed.is_empty() {
        writeln!(
            out.stderr,
            "stackcanvas diff: the change has what --fail-on names: {}",
            failed
                .iter()
                .map(|f| format!("{f:?}").to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .unwrap_or(());
        out.code = 1;
    }
    out
}
