//! An estimate as text for people, JSON for tools (the schema is in `docs/cost-json.md`) and
//! CSV for spreadsheets.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::{Value as Json, json};

use super::{
    Component, Estimate, Monthly, Quantity, Range, ResourceCost, Status, dollars_range,
    unit_dollars,
};

fn status_word(s: &Status) -> &'static str {
    match s {
        Status::Priced => "priced",
        Status::Free(_) => "free",
        Status::NotPriced => "not-priced",
        Status::NotCreated(_) => "not-created",
        Status::Unknown(_) => "unknown",
    }
}

fn status_reason(s: &Status) -> Option<&str> {
    match s {
        Status::Free(r) | Status::NotCreated(r) | Status::Unknown(r) => Some(r),
        Status::Priced | Status::NotPriced => None,
    }
}

fn amount(d: Decimal) -> String {
    d.normalize().to_string()
}

fn range_json(r: Range) -> Json {
    json!({ "low": amount(r.lo), "high": amount(r.hi) })
}

/// What a component's monthly column says.
pub fn monthly_text(c: &Component) -> String {
    match &c.monthly {
        Monthly::Fixed(r) => dollars_range(*r),
        Monthly::Usage(r) => format!("{} (usage)", dollars_range(*r)),
        Monthly::PerUnit => unit_price_text(c).unwrap_or_else(|| "per unit".into()),
        Monthly::Unknown(r) => format!("unknown: {r}"),
    }
}

/// A component's unit price: `$0.0104 per hour`, with its free allowance and whether it is
/// tiered; `None` when no book row prices it.
pub fn unit_price_text(c: &Component) -> Option<String> {
    let p = c.price.as_ref()?;
    Some(format!(
        "{}{} per {}{}",
        p.free_allowance.map_or_else(String::new, |f| format!(
            "first {} free, then ",
            f.normalize()
        )),
        unit_dollars(p.unit_price),
        singular(&c.unit),
        if p.tiered && p.free_allowance.is_none() {
            ", tiered"
        } else {
            ""
        }
    ))
}

fn singular(unit: &str) -> String {
    unit.strip_suffix('s')
        .filter(|u| !u.ends_with('-'))
        .unwrap_or(unit)
        .to_owned()
}

/// What a component's quantity column says.
pub fn quantity_text(c: &Component) -> String {
    match &c.quantity {
        Quantity::Known(r) => format!("{} {}", number_range(*r), c.unit),
        Quantity::Usage {
            key,
            given: Some(r),
        } => format!("{} {} ({key})", number_range(*r), c.unit),
        Quantity::Usage { key, given: None } => format!("usage `{key}` not given"),
        Quantity::Unknown => "unknown".into(),
    }
}

fn number_range(r: Range) -> String {
    let one = |d: Decimal| d.round_dp(4).normalize().to_string();
    if r.varies() {
        format!("{}–{}", one(r.lo), one(r.hi))
    } else {
        one(r.lo)
    }
}

/// What a resource's monthly column says.
pub fn resource_text(r: &ResourceCost) -> String {
    match &r.status {
        Status::Priced => {
            let fixed_or_given = r
                .components
                .iter()
                .any(|c| matches!(c.monthly, Monthly::Fixed(_) | Monthly::Usage(_)));
            if !fixed_or_given && r.unknown() == 0 {
                return "usage-based".into();
            }
            let mut s = dollars_range(r.total());
            if r.awaiting_usage() > 0 {
                let _ = write!(s, " + usage");
            }
            if r.unknown() > 0 {
                let _ = write!(s, " + unknown");
            }
            s
        }
        Status::Free(_) => "free".into(),
        Status::NotPriced => "not priced yet".into(),
        Status::NotCreated(_) => "not created".into(),
        Status::Unknown(reason) => format!("unknown: {reason}"),
    }
}

/// The estimate as a table for a terminal.
pub fn to_table(e: &Estimate) -> String {
    let mut out = String::new();
    let as_of = e.book.as_ref().map_or_else(
        || format!("no price book for {}", e.region),
        |b| b.as_of.clone(),
    );
    let _ = writeln!(out, "Monthly cost in {}, {as_of}", e.region);
    let mut sorted: Vec<&ResourceCost> = e.resources.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.total().hi));
    let width = sorted
        .iter()
        .map(|r| r.logical_id.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let free: Vec<&str> = sorted
        .iter()
        .filter(|r| matches!(r.status, Status::Free(_)))
        .map(|r| r.logical_id.as_str())
        .collect();
    for r in sorted
        .into_iter()
        .filter(|r| !matches!(r.status, Status::Free(_)))
    {
        let _ = writeln!(
            out,
            "{:<width$}  {:<40}  {}",
            r.logical_id,
            r.type_name,
            resource_text(r)
        );
        if let Some(reason) = status_reason(&r.status)
            && !matches!(r.status, Status::Unknown(_))
        {
            let _ = writeln!(out, "{:width$}    {reason}", "");
        }
        for c in &r.components {
            let _ = writeln!(
                out,
                "{:width$}    {:<44} {:<28} {}",
                "",
                c.name,
                quantity_text(c),
                monthly_text(c)
            );
        }
        for n in &r.notes {
            let _ = writeln!(out, "{:width$}    note: {n}", "");
        }
    }
    if !free.is_empty() {
        let _ = writeln!(out, "No charge ({}): {}", free.len(), free.join(", "));
    }
    let t = e.totals();
    let _ = writeln!(out);
    let _ = writeln!(out, "Fixed:       {} per month", dollars_range(t.fixed));
    let _ = writeln!(out, "Usage given: {} per month", dollars_range(t.usage));
    let _ = writeln!(out, "Total:       {} per month", dollars_range(t.total()));
    let mut open = Vec::new();
    if t.awaiting_usage > 0 {
        open.push(format!(
            "{} usage-based costs not in the total (give usage with --usage)",
            t.awaiting_usage
        ));
    }
    if t.unknown > 0 {
        open.push(format!("{} unknown", t.unknown));
    }
    if t.not_priced > 0 {
        open.push(format!(
            "{} resources of types not priced yet",
            t.not_priced
        ));
    }
    if !open.is_empty() {
        let _ = writeln!(out, "Not in the total: {}", open.join("; "));
    }
    out
}

fn component_json(c: &Component) -> Json {
    let (kind, monthly, reason) = match &c.monthly {
        Monthly::Fixed(r) => ("fixed", range_json(*r), None),
        Monthly::Usage(r) => ("usage", range_json(*r), None),
        Monthly::PerUnit => ("per-unit", Json::Null, None),
        Monthly::Unknown(r) => ("unknown", Json::Null, Some(r.clone())),
    };
    let (quantity, usage_key) = match &c.quantity {
        Quantity::Known(r) => (range_json(*r), None),
        Quantity::Usage { key, given } => (given.map_or(Json::Null, range_json), Some(key.clone())),
        Quantity::Unknown => (Json::Null, None),
    };
    json!({
        "name": c.name,
        "unit": c.unit,
        "quantity": quantity,
        "usage_key": usage_key,
        "price": c.price.as_ref().map(|p| json!({
            "row": p.row_id,
            "unit_price": amount(p.unit_price),
            "unit": p.unit,
            "tiered": p.tiered,
            "evidence": serde_json::to_value(p.evidence).unwrap_or_default(),
            "published": p.published,
        })),
        "kind": kind,
        "monthly": monthly,
        "reason": reason,
    })
}

/// The estimate as JSON (`docs/cost-json.md`).
pub fn to_json(e: &Estimate) -> String {
    let t = e.totals();
    let resources: Vec<Json> = e
        .resources
        .iter()
        .map(|r| {
            json!({
                "logical_id": r.logical_id,
                "type": r.type_name,
                "status": status_word(&r.status),
                "reason": status_reason(&r.status),
                "monthly": range_json(r.total()),
                "components": r.components.iter().map(component_json).collect::<Vec<_>>(),
                "notes": r.notes,
            })
        })
        .collect();
    let doc = json!({
        "format": "stackcanvas-cost",
        "format_version": 1,
        "region": e.region,
        "currency": "USD",
        "prices_as_of": e.book.as_ref().map(|b| b.as_of.clone()),
        "totals": {
            "fixed": range_json(t.fixed),
            "usage": range_json(t.usage),
            "total": range_json(t.total()),
            "awaiting_usage": t.awaiting_usage,
            "unknown": t.unknown,
            "not_priced": t.not_priced,
        },
        "resources": resources,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The estimate as CSV: one line per component (and one per resource without any).
pub fn to_csv(e: &Estimate) -> String {
    let mut out = String::from(
        "logical_id,type,status,component,quantity_low,quantity_high,unit,unit_price,monthly_low,monthly_high,kind,note\n",
    );
    for r in &e.resources {
        if r.components.is_empty() {
            let _ = writeln!(
                out,
                "{},{},{},,,,,,,,,{}",
                csv_field(&r.logical_id),
                csv_field(&r.type_name),
                status_word(&r.status),
                csv_field(status_reason(&r.status).unwrap_or_default())
            );
        }
        for c in &r.components {
            let (ql, qh) = match &c.quantity {
                Quantity::Known(q) | Quantity::Usage { given: Some(q), .. } => {
                    (amount(q.lo), amount(q.hi))
                }
                _ => (String::new(), String::new()),
            };
            let (ml, mh, kind, note) = match &c.monthly {
                Monthly::Fixed(m) => (amount(m.lo), amount(m.hi), "fixed", String::new()),
                Monthly::Usage(m) => (amount(m.lo), amount(m.hi), "usage", String::new()),
                Monthly::PerUnit => (String::new(), String::new(), "per-unit", String::new()),
                Monthly::Unknown(r) => (String::new(), String::new(), "unknown", r.clone()),
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{ql},{qh},{},{},{ml},{mh},{kind},{}",
                csv_field(&r.logical_id),
                csv_field(&r.type_name),
                status_word(&r.status),
                csv_field(&c.name),
                csv_field(&c.unit),
                c.price
                    .as_ref()
                    .map(|p| amount(p.unit_price))
                    .unwrap_or_default(),
                csv_field(&note)
            );
        }
    }
    out
}
