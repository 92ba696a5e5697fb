//! `stackcanvas cost`: what a template, or a folder of them, costs per month; and
//! `stackcanvas cost --diff OLD NEW`, what a change costs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use rust_decimal::Decimal;

use super::{Outcome, open};
use crate::cost::{self, Book, Estimate, Inputs, Range, Usage, dollars, dollars_range};

/// How `cost` writes its answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CostFormat {
    /// For people.
    #[default]
    Table,
    /// `docs/cost-json.md`.
    Json,
    /// One line per component.
    Csv,
}

/// What `cost` was asked for.
#[derive(Clone, Debug, Default)]
pub struct CostOptions {
    /// The Region.
    pub region: String,
    /// A usage file (YAML or JSON), whose values win over the templates'.
    pub usage: Option<String>,
    /// Parameter values, `Name=Value`.
    pub parameters: Vec<String>,
    /// The output format.
    pub format: CostFormat,
    /// The folder to read imported price books from first; `None` for the shipped books only.
    pub books: Option<std::path::PathBuf>,
}

/// The templates of a path: the file, or every template file in the folder, sorted.
fn templates_of(path: &str) -> Result<Vec<String>, String> {
    let p = Path::new(path);
    if !p.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(p).map_err(|e| format!("{path}: {e}"))?;
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|f| {
            f.is_file()
                && f.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "yaml" | "yml" | "json" | "template"))
        })
        .map(|f| f.display().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{path}: no template files (.yaml, .yml, .json, .template) in the folder"
        ));
    }
    Ok(files)
}

fn parameters(list: &[String]) -> Result<BTreeMap<String, String>, String> {
    list.iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| format!("--param {p}: expected Name=Value"))
        })
        .collect()
}

/// Prices one template file; errors name the file, line and column.
fn estimate_file(
    file: &str,
    book: Option<&Book>,
    options: &CostOptions,
    extra_usage: &Usage,
) -> Result<Estimate, String> {
    let imported = open(file).map_err(|e| format!("{e:#}"))?;
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let (mut usage, usage_errors) = cost::usage_of_template(&imported.template, file);
    if let Some(e) = usage_errors.first() {
        return Err(e.to_string());
    }
    for (id, values) in extra_usage {
        usage.entry(id.clone()).or_default().extend(values.clone());
    }
    let inputs = Inputs {
        region: options.region.clone(),
        parameters: parameters(&options.parameters)?,
        usage,
    };
    Ok(cost::estimate(&imported.template, book, &inputs))
}

fn load(options: &CostOptions) -> Result<(Option<Book>, Usage), String> {
    let book = Book::load(&options.region, options.books.as_deref()).map_err(|e| e.to_string())?;
    let usage = match &options.usage {
        Some(file) => {
            let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
            cost::read_usage_file(&bytes, file).map_err(|errors| {
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            })?
        }
        None => Usage::new(),
    };
    Ok((book, usage))
}

fn fail(out: &mut Outcome, message: &str) {
    out.stderr.push_str(message);
    out.stderr.push('\n');
    out.code = 1;
}

/// `stackcanvas cost TEMPLATE|DIR`.
pub fn cost(path: &str, options: &CostOptions) -> Outcome {
    let mut out = Outcome::default();
    let (book, usage) = match load(options) {
        Ok(x) => x,
        Err(e) => {
            fail(&mut out, &e);
            return out;
        }
    };
    if book.is_none() {
        let _ = writeln!(
            out.stderr,
            "no price book for {}: shipped books are {}; import one with `stackcanvas prices import`",
            options.region,
            Book::shipped_regions().collect::<Vec<_>>().join(", ")
        );
    }
    let files = match templates_of(path) {
        Ok(f) => f,
        Err(e) => {
            fail(&mut out, &e);
            return out;
        }
    };
    let mut estimates = Vec::new();
    for file in &files {
        match estimate_file(file, book.as_ref(), options, &usage) {
            Ok(e) => estimates.push((file.clone(), e)),
            Err(e) => {
                fail(&mut out, &e);
                return out;
            }
        }
    }
    out.stdout = match (options.format, estimates.as_slice()) {
        (CostFormat::Table, [(_, e)]) => cost::to_table(e),
        (CostFormat::Json, [(_, e)]) => cost::to_json(e),
        (CostFormat::Csv, [(_, e)]) => cost::to_csv(e),
        (CostFormat::Table, many) => {
            let mut s = String::new();
            let mut total = Range::default();
            for (file, e) in many {
                let _ = writeln!(s, "== {file}");
                s.push_str(&cost::to_table(e));
                s.push('\n');
                let t = e.totals().total();
                total.lo += t.lo;
                total.hi += t.hi;
            }
            let _ = writeln!(
                s,
                "All {} stacks: {} per month",
                many.len(),
                dollars_range(total)
            );
            s
        }
        (CostFormat::Json, many) => {
            let stacks: Vec<String> = many
                .iter()
                .map(|(file, e)| {
                    format!(
                        "{{\"file\": {}, \"estimate\": {}}}",
                        serde_json::to_string(file).unwrap_or_default(),
                        cost::to_json(e).trim_end()
                    )
                })
                .collect();
            format!("[\n{}\n]\n", stacks.join(",\n"))
        }
        (CostFormat::Csv, many) => {
            let mut s = String::new();
            for (k, (file, e)) in many.iter().enumerate() {
                for (n, line) in cost::to_csv(e).lines().enumerate() {
                    if n == 0 && k > 0 {
                        continue;
                    }
                    let prefix = if n == 0 {
                        "file".to_owned()
                    } else {
                        csv_quote(file)
                    };
                    let _ = writeln!(s, "{prefix},{line}");
                }
            }
            s
        }
    };
    out
}

fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `stackcanvas cost --diff OLD NEW [--fail-above AMOUNT]`: the monthly cost before and after,
/// per resource that changes, and the difference; exits 1 when the high end of the difference
/// is above `fail_above` dollars.
pub fn cost_diff(old: &str, new: &str, options: &CostOptions, fail_above: Option<&str>) -> Outcome {
    let mut out = Outcome::default();
    let threshold = match fail_above.map(|t| t.trim_start_matches('$').parse::<Decimal>()) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => {
            fail(
                &mut out,
                &format!(
                    "--fail-above {}: expected an amount in dollars",
                    fail_above.unwrap_or_default()
                ),
            );
            return out;
        }
    };
    let (book, usage) = match load(options) {
        Ok(x) => x,
        Err(e) => {
            fail(&mut out, &e);
            return out;
        }
    };
    let (before, after) = match (
        estimate_file(old, book.as_ref(), options, &usage),
        estimate_file(new, book.as_ref(), options, &usage),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            fail(&mut out, &e);
            return out;
        }
    };
    let diff = cost::diff(&before, &after);
    out.stdout = match options.format {
        CostFormat::Json => cost::diff_json(&diff),
        CostFormat::Table | CostFormat::Csv => cost::diff_table(&diff),
    };
    if let Some(limit) = threshold
        && diff.difference().hi > limit
    {
        let _ = writeln!(
            out.stderr,
            "the change adds up to {} per month, above --fail-above {}",
            dollars(diff.difference().hi),
            dollars(limit)
        );
        out.code = 1;
    }
    out
}
