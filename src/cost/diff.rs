//! The cost of a change: two estimates matched by logical ID.

use std::fmt::Write as _;

use serde_json::json;

use super::{Estimate, Range, ResourceCost, Totals, dollars_range, resource_text};

/// One resource whose cost changes (or that is added or removed).
#[derive(Clone, Debug, PartialEq)]
pub struct CostChange {
    /// The logical ID.
    pub logical_id: String,
    /// The resource type (the new one when it changed).
    pub type_name: String,
    /// The resource before; `None` when added.
    pub before: Option<ResourceCost>,
    /// The resource after; `None` when removed.
    pub after: Option<ResourceCost>,
}

impl CostChange {
    /// After minus before, end by end.
    pub fn difference(&self) -> Range {
        let b = self
            .before
            .as_ref()
            .map(ResourceCost::total)
            .unwrap_or_default();
        let a = self
            .after
            .as_ref()
            .map(ResourceCost::total)
            .unwrap_or_default();
        Range {
            lo: a.lo - b.lo,
            hi: a.hi - b.hi,
        }
    }
}

/// Two estimates compared.
#[derive(Clone, Debug, PartialEq)]
pub struct CostDiff {
    /// The totals before.
    pub before: Totals,
    /// The totals after.
    pub after: Totals,
    /// The resources whose cost, status or components changed, in the new template's order
    /// then the removed ones.
    pub changes: Vec<CostChange>,
    /// "prices as of …" of the book used.
    pub as_of: Option<String>,
}

impl CostDiff {
    /// The monthly difference of the totals, low end to low end and high to high.
    pub fn difference(&self) -> Range {
        let (a, b) = (self.after.total(), self.before.total());
        Range {
            lo: a.lo - b.lo,
            hi: a.hi - b.hi,
        }
    }
}

/// Compares an estimate of the old template with one of the new.
pub fn diff(before: &Estimate, after: &Estimate) -> CostDiff {
    let mut changes = Vec::new();
    for a in &after.resources {
        let b = before.resource(&a.logical_id);
        if b != Some(a) {
            changes.push(CostChange {
                logical_id: a.logical_id.clone(),
                type_name: a.type_name.clone(),
                before: b.cloned(),
                after: Some(a.clone()),
            });
        }
    }
    for b in &before.resources {
        if after.resource(&b.logical_id).is_none() {
            changes.push(CostChange {
                logical_id: b.logical_id.clone(),
                type_name: b.type_name.clone(),
                before: Some(b.clone()),
                after: None,
            });
        }
    }
    CostDiff {
        before: before.totals(),
        after: after.totals(),
        changes,
        as_of: after.book.as_ref().map(|b| b.as_of.clone()),
    }
}

/// A change of cost with its sign: `+$12.50`, `-$3.00`, `+$1.00–+$4.00`.
pub fn signed_dollars_range(r: Range) -> String {
    let one = |d: rust_decimal::Decimal| {
        if d.is_sign_negative() {
            format!("-{}", super::dollars(-d))
        } else {
            format!("+{}", super::dollars(d))
        }
    };
    if r.varies() {
        format!("{}–{}", one(r.lo), one(r.hi))
    } else {
        one(r.lo)
    }
}

/// The change as text.
pub fn diff_table(d: &CostDiff) -> String {
    let mut s = String::new();
    if let Some(as_of) = &d.as_of {
        let _ = writeln!(s, "Cost of the change, {as_of}");
    }
    for c in &d.changes {
        let what = match (&c.before, &c.after) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        };
        let before = c
            .before
            .as_ref()
            .map_or_else(|| "-".to_owned(), resource_text);
        let after = c
            .after
            .as_ref()
            .map_or_else(|| "-".to_owned(), resource_text);
        let _ = writeln!(
            s,
            "{:<8} {:<28} {:<40} {before} -> {after}  ({})",
            what,
            c.logical_id,
            c.type_name,
            signed_dollars_range(c.difference())
        );
    }
    if d.changes.is_empty() {
        let _ = writeln!(s, "No resource's cost changes.");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Before: {} per month", dollars_range(d.before.total()));
    let _ = writeln!(s, "After:  {} per month", dollars_range(d.after.total()));
    let _ = writeln!(
        s,
        "Change: {} per month",
        signed_dollars_range(d.difference())
    );
    if d.after.awaiting_usage + d.after.unknown + d.after.not_priced > 0 {
        let _ = writeln!(
            s,
            "Not in the totals: {} usage-based, {} unknown, {} not priced yet (after)",
            d.after.awaiting_usage, d.after.unknown, d.after.not_priced
        );
    }
    s
}

/// The change as JSON.
pub fn diff_json(d: &CostDiff) -> String {
    let range = |r: Range| json!({ "low": r.lo.normalize().to_string(), "high": r.hi.normalize().to_string() });
    let changes: Vec<_> = d
        .changes
        .iter()
        .map(|c| {
            json!({
                "logical_id": c.logical_id,
                "type": c.type_name,
                "change": match (&c.before, &c.after) {
                    (None, Some(_)) => "added",
                    (Some(_), None) => "removed",
                    _ => "changed",
                },
                "before": c.before.as_ref().map(|r| range(r.total())),
                "after": c.after.as_ref().map(|r| range(r.total())),
                "difference": range(c.difference()),
            })
        })
        .collect();
    let doc = json!({
        "format": "stackcanvas-cost-diff",
        "format_version": 1,
        "prices_as_of": d.as_of,
        "before": range(d.before.total()),
        "after": range(d.after.total()),
        "difference": range(d.difference()),
        "changes": changes,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
