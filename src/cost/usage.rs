//! Usage assumptions: how many requests, GB and so on a resource has a month.
//!
//! They live in the template beside the layout, so they travel with it:
//!
//! ```yaml
//! Metadata:
//!   StackCanvas:
//!     Usage:
//!       IngestFunction: {requests: 2000000, duration_ms: 120}
//!       Uploads: {storage_gb: 50}
//! ```
//!
//! `stackcanvas cost --usage FILE` reads a file of the same shape (YAML or JSON; the
//! `Metadata.StackCanvas` around `Usage` is optional there), whose values win over the
//! template's. The keys each type reads are listed by the estimate's components.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::cfn::{Mapping, Node, Template, Value};
use crate::model::METADATA_KEY;

/// Usage by logical ID, then by key.
pub type Usage = BTreeMap<String, BTreeMap<String, Decimal>>;

/// A usage value that is not what it should be.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct UsageError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The usage kept in a template's `Metadata.StackCanvas.Usage`. Values that are not numbers
/// are reported and left out.
pub fn usage_of_template(template: &Template, file: &str) -> (Usage, Vec<UsageError>) {
    let node = template
        .section_mapping("Metadata")
        .and_then(|m| m.get(METADATA_KEY))
        .and_then(|s| s.get_path(&["Usage"]));
    match node.and_then(Node::as_mapping) {
        Some(m) => read_usage(m, file),
        None => (Usage::new(), Vec::new()),
    }
}

/// Reads a usage file (YAML or JSON).
pub fn read_usage_file(bytes: &[u8], file: &str) -> Result<Usage, Vec<UsageError>> {
    let imported = crate::cfn::import(bytes, file, None).map_err(|e| {
        vec![UsageError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: e.to_string(),
        }]
    })?;
    let root = imported.template.root();
    let usage = root
        .get("Metadata")
        .and_then(|m| m.get_path(&[METADATA_KEY, "Usage"]))
        .or_else(|| root.get("Usage"))
        .and_then(Node::as_mapping);
    let (usage, errors) = match usage {
        Some(m) => read_usage(m, file),
        None => read_usage(root, file),
    };
    if errors.is_empty() {
        Ok(usage)
    } else {
        Err(errors)
    }
}

fn read_usage(m: &Mapping, file: &str) -> (Usage, Vec<UsageError>) {
    let mut usage = Usage::new();
    let mut errors = Vec::new();
    let error = |node: &Node, message: String| UsageError {
        file: file.to_owned(),
        line: node.span.start.line.max(1),
        column: node.span.start.column.max(1),
        message,
    };
    for (id, values) in m.iter() {
        let Some(values) = values.as_mapping() else {
            errors.push(error(
                values,
                format!("usage of {id} should be a mapping of keys to numbers"),
            ));
            continue;
        };
        let entry = usage.entry(id.to_owned()).or_default();
        for (key, v) in values.iter() {
            let number = match &v.value {
                Value::Number(n) => n.as_str().parse::<Decimal>().ok(),
                Value::String(s) => s.trim().parse::<Decimal>().ok(),
                _ => None,
            };
            match number {
                Some(d) if !d.is_sign_negative() => {
                    entry.insert(key.to_owned(), d);
                }
                _ => errors.push(error(
                    v,
                    format!("usage {id}.{key} should be a number of zero or more"),
                )),
            }
        }
    }
    (usage, errors)
}

/// The `Usage` mapping for `Metadata.StackCanvas`, in key order.
pub fn usage_node(usage: &Usage) -> Node {
    let mut m = Mapping::new();
    for (id, values) in usage {
        if values.is_empty() {
            continue;
        }
        let mut inner = Mapping::new();
        for (k, v) in values {
            inner.insert(
                k.clone(),
                Node::new(Value::Number(crate::cfn::Number::from_text(
                    v.normalize().to_string(),
                ))),
            );
        }
        m.insert(id.clone(), Node::new(Value::Mapping(inner)));
    }
    Node::new(Value::Mapping(m))
}
