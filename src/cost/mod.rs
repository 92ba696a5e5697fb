//! What a stack costs per month: each resource's cost components, priced from a [`Book`] with
//! decimal arithmetic, offline.
//!
//! The estimate is honest about what it cannot know. A parameter takes the user's value or its
//! default, and the same values decide which `Conditions` hold, so a conditional resource is
//! priced only when it would be created. What cannot be resolved (an import, an SSM parameter, a
//! parameter without a default) is an unknown line with its reason, never $0. Usage-based costs
//! (requests, GB stored) are "$X per unit" and stay out of the fixed monthly total until the
//! user gives the usage; usage is kept in the template's `Metadata.StackCanvas.Usage`. A type
//! the estimator does not price is listed as not priced; a free type as free.
//!
//! A month is 730 hours. Tiers are applied per resource, which is how a stack on its own would
//! be billed; an account's other usage can move a resource into a cheaper tier.

pub mod book;
mod diff;
pub mod eval;
mod report;
mod rules;
mod usage;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

pub use book::{Book, BookError, Evidence, Lookup, Origin, Row, is_verified};
pub use diff::{CostChange, CostDiff, diff, diff_json, diff_table, signed_dollars_range};
pub use report::{
    monthly_text, quantity_text, resource_text, to_csv, to_json, to_table, unit_price_text,
};
pub use usage::{Usage, UsageError, read_usage_file, usage_node, usage_of_template};

use crate::cfn::Template;
use eval::Eval;

/// Hours in the month AWS prices by.
pub const HOURS_PER_MONTH: u32 = 730;

/// What the estimate is computed for.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// The Region: `AWS::Region`, `Fn::FindInMap` keys and the book.
    pub region: String,
    /// Parameter values the user set; others take their defaults.
    pub parameters: BTreeMap<String, String>,
    /// Usage per resource, by logical ID, then by usage key.
    pub usage: Usage,
}

/// An amount that may vary between a low and a high end (an Auto Scaling group between its
/// minimum and maximum size); both ends are equal when it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Range {
    /// The low end.
    pub lo: Decimal,
    /// The high end.
    pub hi: Decimal,
}

impl Range {
    /// An exact amount.
    pub fn exact(d: Decimal) -> Self {
        Self { lo: d, hi: d }
    }

    /// Whether the ends differ.
    pub fn varies(&self) -> bool {
        self.lo != self.hi
    }

    /// Times a fixed factor.
    #[must_use]
    pub fn times(self, k: Decimal) -> Self {
        Self {
            lo: self.lo * k,
            hi: self.hi * k,
        }
    }

    fn plus(self, other: Range) -> Self {
        Self {
            lo: self.lo + other.lo,
            hi: self.hi + other.hi,
        }
    }
}

/// The book row a component is priced by.
#[derive(Clone, Debug, PartialEq)]
pub struct Price {
    /// The row's id.
    pub row_id: String,
    /// Dollars per unit: the first tier's, or the first priced tier's after a free allowance.
    pub unit_price: Decimal,
    /// The quantity a month that is free before `unit_price` applies (a zero-priced first
    /// tier, as the offer states it).
    pub free_allowance: Option<Decimal>,
    /// The offer's unit.
    pub unit: String,
    /// Whether later tiers are cheaper (or dearer).
    pub tiered: bool,
    /// How directly the figure was seen.
    pub evidence: Evidence,
    /// The offer's publication date, when known.
    pub published: Option<String>,
}

/// How much of a component a month has.
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    /// Known from the template.
    Known(Range),
    /// From usage the user gives, under `key` in the resource's usage; `None` until given.
    Usage {
        /// The usage key (`requests`, `storage_gb`).
        key: String,
        /// The quantity the usage gives.
        given: Option<Range>,
    },
    /// Not knowable.
    Unknown,
}

/// What a component costs a month.
#[derive(Clone, Debug, PartialEq)]
pub enum Monthly {
    /// A cost the template fixes.
    Fixed(Range),
    /// A cost from the usage the user gave.
    Usage(Range),
    /// A usage-based cost with no usage given: only the unit price is known.
    PerUnit,
    /// Not knowable, with the reason.
    Unknown(String),
}

/// One cost component of a resource: instance hours, GB stored, requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// What it is, e.g. "t3.micro instance hours".
    pub name: String,
    /// The unit of the quantity: "hours", "GB-month", "requests".
    pub unit: String,
    /// The monthly quantity.
    pub quantity: Quantity,
    /// The row it is priced by; `None` when no row was found.
    pub price: Option<Price>,
    /// The monthly cost.
    pub monthly: Monthly,
}

/// How a resource is priced.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Its components say.
    Priced,
    /// It has no charge of its own, with why.
    Free(String),
    /// The estimator does not price this type yet.
    NotPriced,
    /// Its `Condition` is false, so it is not created.
    NotCreated(String),
    /// Whether or how it is created cannot be known, with the reason.
    Unknown(String),
}

/// One resource's monthly cost.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceCost {
    /// The logical ID.
    pub logical_id: String,
    /// The resource type.
    pub type_name: String,
    /// How it is priced.
    pub status: Status,
    /// Its components, in the order the rule adds them.
    pub components: Vec<Component>,
    /// What the figure assumes.
    pub notes: Vec<String>,
}

impl ResourceCost {
    /// The fixed monthly cost.
    pub fn fixed(&self) -> Range {
        self.sum(|m| match m {
            Monthly::Fixed(r) => Some(*r),
            _ => None,
        })
    }

    /// The monthly cost of the usage given.
    pub fn usage(&self) -> Range {
        self.sum(|m| match m {
            Monthly::Usage(r) => Some(*r),
            _ => None,
        })
    }

    /// Fixed plus usage.
    pub fn total(&self) -> Range {
        self.fixed().plus(self.usage())
    }

    /// Components that wait for usage.
    pub fn awaiting_usage(&self) -> usize {
        self.components
            .iter()
            .filter(|c| c.monthly == Monthly::PerUnit)
            .count()
    }

    /// Components whose cost is unknown.
    pub fn unknown(&self) -> usize {
        self.components
            .iter()
            .filter(|c| matches!(c.monthly, Monthly::Unknown(_)))
            .count()
    }

    fn sum(&self, pick: impl Fn(&Monthly) -> Option<Range>) -> Range {
        self.components
            .iter()
            .filter_map(|c| pick(&c.monthly))
            .fold(Range::default(), Range::plus)
    }
}

/// The book an estimate used, for "prices as of".
#[derive(Clone, Debug, PartialEq)]
pub struct BookInfo {
    /// Its Region.
    pub region: String,
    /// "prices as of …".
    pub as_of: String,
    /// Whether it covers every priced service.
    pub complete: bool,
}

/// A stack's monthly cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The Region priced.
    pub region: String,
    /// The book used; `None` when the Region has none.
    pub book: Option<BookInfo>,
    /// Every resource, in template order.
    pub resources: Vec<ResourceCost>,
}

/// Totals of an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Totals {
    /// What the template fixes.
    pub fixed: Range,
    /// What the usage given adds.
    pub usage: Range,
    /// Components waiting for usage.
    pub awaiting_usage: usize,
    /// Resources or components whose cost is unknown.
    pub unknown: usize,
    /// Resources of types not priced yet.
    pub not_priced: usize,
}

impl Totals {
    /// Fixed plus usage.
    pub fn total(&self) -> Range {
        self.fixed.plus(self.usage)
    }
}

impl Estimate {
    /// The totals over every resource.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for r in &self.resources {
            t.fixed = t.fixed.plus(r.fixed());
            t.usage = t.usage.plus(r.usage());
            t.awaiting_usage += r.awaiting_usage();
            t.unknown += r.unknown() + usize::from(matches!(r.status, Status::Unknown(_)));
            t.not_priced += usize::from(r.status == Status::NotPriced);
        }
        t
    }

    /// One resource's cost.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceCost> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }
}

/// Prices a template with a book (`None`: the Region has no book, and every priced component
/// says so).
pub fn estimate(template: &Template, book: Option<&Book>, inputs: &Inputs) -> Estimate {
    let eval = Eval::new(template, &inputs.region, &inputs.parameters);
    let resources = template
        .resources()
        .map(|res| rules::price(&eval, book, inputs.usage.get(res.logical_id), res))
        .collect();
    Estimate {
        region: inputs.region.clone(),
        book: book.map(|b| BookInfo {
            region: b.region.clone(),
            as_of: b.as_of(),
            complete: b.complete,
        }),
        resources,
    }
}

/// Dollars rounded to cents, for display: `$1,234.56`.
pub fn dollars(d: Decimal) -> String {
    let cents = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{cents:.2}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{frac}")
}

/// A range in dollars: `$10.00` or `$10.00–$40.00`.
pub fn dollars_range(r: Range) -> String {
    if r.varies() {
        format!("{}–{}", dollars(r.lo), dollars(r.hi))
    } else {
        dollars(r.lo)
    }
}

/// A unit price in full: `$0.0000166667`.
pub fn unit_dollars(d: Decimal) -> String {
    format!("${}", d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_round_to_cents_and_group_thousands() {
        assert_eq!(dollars("1234.565".parse().unwrap()), "$1,234.57");
        assert_eq!(dollars("0.004".parse().unwrap()), "$0.00");
        assert_eq!(dollars("123456789".parse().unwrap()), "$123,456,789.00");
        assert_eq!(
            unit_dollars("0.0000166667000".parse().unwrap()),
            "$0.0000166667"
        );
    }
}
