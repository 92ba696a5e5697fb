//! The price book: one Region's on-demand prices, read from `assets/prices/<region>.json` (the
//! format is `assets/prices/README.md`).
//!
//! The app and the command line read a book the user put in
//! `$XDG_CONFIG_HOME/stackcanvas/prices/` (where `stackcanvas prices import` writes) before the
//! shipped one, whole: books are never merged row by row. Nothing here fetches anything.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

pub use crate::prices::Evidence;
use crate::prices::{Bound, PriceBook};

/// The books shipped in the binary, by Region.
const SHIPPED: &[(&str, &str)] = &[
    (
        "us-east-1",
        include_str!("../../assets/prices/us-east-1.json"),
    ),
    (
        "us-west-2",
        include_str!("../../assets/prices/us-west-2.json"),
    ),
    (
        "eu-west-1",
        include_str!("../../assets/prices/eu-west-1.json"),
    ),
    (
        "eu-central-1",
        include_str!("../../assets/prices/eu-central-1.json"),
    ),
];

/// Whether a figure counts as verified (`assets/prices/README.md`, "Evidence").
pub fn is_verified(e: Evidence) -> bool {
    !matches!(e, Evidence::Secondary | Evidence::Unverified)
}

/// One tier of a price: `price` per unit for the part of the monthly quantity between `begin`
/// and `end` (`None`: no end).
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    /// Where the tier starts.
    pub begin: Decimal,
    /// Where it ends; `None` for `"Inf"`.
    pub end: Option<Decimal>,
    /// Dollars per unit.
    pub price: Decimal,
}

/// One price of the book.
#[derive(Clone, Debug)]
pub struct Row {
    /// Stable id, for messages.
    pub id: String,
    /// The offer code (`AmazonEC2`).
    pub service: String,
    /// The product family, when the product has one.
    pub product_family: Option<String>,
    /// The attributes that pick this row.
    pub select: Vec<(String, String)>,
    /// The unit, as the offer writes it (`Hrs`, `GB-Mo`).
    pub unit: String,
    /// Graduated tiers, sorted.
    pub tiers: Vec<Tier>,
    /// The offer's publication date, when known.
    pub published: Option<String>,
    /// How directly the figure was seen.
    pub evidence: Evidence,
    /// Priced the same in every Region (CloudFront, Route 53).
    pub global: bool,
    /// The offer's description of the price, when known.
    pub description: Option<String>,
}

impl Row {
    /// What "$X per unit" shows: the first tier's price, or after a free first tier the next
    /// tier's.
    pub fn unit_price(&self) -> Decimal {
        match self.tiers.as_slice() {
            [free, next, ..] if free.price.is_zero() => next.price,
            [first, ..] => first.price,
            [] => Decimal::ZERO,
        }
    }

    /// The end of a zero-priced first tier followed by a priced one.
    pub fn free_allowance(&self) -> Option<Decimal> {
        match self.tiers.as_slice() {
            [free, _, ..] if free.price.is_zero() => free.end,
            _ => None,
        }
    }

    /// Whether the price changes with the quantity.
    pub fn is_tiered(&self) -> bool {
        self.tiers.len() > 1
    }

    /// What a monthly quantity costs, tier by tier as AWS bills it; `None` when the quantity
    /// goes past the last known tier or the sum overflows.
    pub fn cost(&self, quantity: Decimal) -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        let mut covered = Decimal::ZERO;
        for tier in &self.tiers {
            let top = tier.end.map_or(quantity, |end| quantity.min(end));
            if top > tier.begin {
                total = total.checked_add((top - tier.begin).checked_mul(tier.price)?)?;
            }
            covered = tier.end.unwrap_or(quantity.max(covered));
        }
        (quantity <= covered || quantity.is_zero()).then_some(total)
    }
}

/// Where a book was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with Stack Canvas.
    Shipped,
    /// A file of the user's.
    File(PathBuf),
}

/// One Region's prices.
#[derive(Clone, Debug)]
pub struct Book {
    /// The Region code.
    pub region: String,
    /// The date the book was written.
    pub compiled: String,
    /// Whether every priced service came from whole offer files.
    pub complete: bool,
    /// The oldest and newest publication dates of its rows (`yyyy-mm-dd`), when any is known.
    pub published: Option<(String, String)>,
    /// Where it was read from.
    pub origin: Origin,
    rows: Vec<Row>,
    by_family: HashMap<(String, Option<String>), Vec<usize>>,
}

/// Why a book could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// Not a price book, or one that breaks the format's rules.
    #[error("{file}: {source}")]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong.
        source: Box<crate::prices::BookError>,
    },
    /// A price that is not a decimal this estimator can compute with.
    #[error("{file}: row {row}: {text:?} is not a decimal")]
    Decimal {
        /// The file.
        file: String,
        /// The row's id.
        row: String,
        /// The text.
        text: String,
    },
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The error.
        source: std::io::Error,
    },
}

impl Book {
    /// Reads a book from its text (the format of [`crate::prices::PriceBook`], checked);
    /// `file` names it in errors.
    pub fn parse(text: &str, file: &str, origin: Origin) -> Result<Book, BookError> {
        let raw = PriceBook::from_json(text).map_err(|source| BookError::Invalid {
            file: file.to_owned(),
            source: Box::new(source),
        })?;
        let mut rows = Vec::with_capacity(raw.rows.len());
        for r in raw.rows {
            let decimal = |text: &str| {
                text.parse::<Decimal>().map_err(|_| BookError::Decimal {
                    file: file.to_owned(),
                    row: r.id.clone(),
                    text: text.to_owned(),
                })
            };
            let mut tiers = Vec::with_capacity(r.tiers.len());
            for t in &r.tiers {
                tiers.push(Tier {
                    begin: decimal(t.begin.as_str())?,
                    end: match &t.end {
                        Bound::Inf => None,
                        Bound::Finite(end) => Some(decimal(end.as_str())?),
                    },
                    price: decimal(t.price.as_str())?,
                });
            }
            rows.push(Row {
                global: r.scope.as_deref() == Some("global"),
                id: r.id,
                service: r.service,
                product_family: r.product_family,
                select: r.select.into_iter().collect(),
                unit: r.unit,
                tiers,
                published: r.published,
                evidence: r.evidence,
                description: r.description,
            });
        }
        let mut by_family: HashMap<(String, Option<String>), Vec<usize>> = HashMap::new();
        for (k, row) in rows.iter().enumerate() {
            by_family
                .entry((row.service.clone(), row.product_family.clone()))
                .or_default()
                .push(k);
        }
        let mut dates: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.published.as_deref())
            .map(|d| d.get(..10).unwrap_or(d))
            .collect();
        dates.sort_unstable();
        let published = dates
            .first()
            .zip(dates.last())
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()));
        Ok(Book {
            region: raw.region,
            compiled: raw.compiled,
            complete: raw.complete,
            published,
            origin,
            rows,
            by_family,
        })
    }

    /// The book shipped for a Region, if there is one.
    pub fn shipped(region: &str) -> Option<Book> {
        let (_, text) = SHIPPED.iter().find(|(r, _)| *r == region)?;
        // The shipped books are checked by the tests; one that does not read is a build error.
        Book::parse(
            text,
            &format!("assets/prices/{region}.json"),
            Origin::Shipped,
        )
        .ok()
    }

    /// The Regions with a shipped book.
    pub fn shipped_regions() -> impl Iterator<Item = &'static str> {
        SHIPPED.iter().map(|(r, _)| *r)
    }

    /// The book for a Region: the user's in `dir` if it has one, else the shipped one;
    /// `Ok(None)` when there is neither.
    pub fn load(region: &str, dir: Option<&Path>) -> Result<Option<Book>, BookError> {
        if let Some(dir) = dir {
            let path = dir.join(format!("{region}.json"));
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let file = path.display().to_string();
                    return Book::parse(&text, &file, Origin::File(path)).map(Some);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(BookError::Io {
                        file: path.display().to_string(),
                        source,
                    });
                }
            }
        }
        Ok(Book::shipped(region))
    }

    /// Where the user's books live ([`crate::prices::user_books_dir`]).
    pub fn user_dir() -> Option<PathBuf> {
        crate::prices::user_books_dir()
    }

    /// Every row.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The one row of a service and family whose `select` has every pair asked for.
    ///
    /// A `usagetype` matches with or without the Region prefix the offer puts on it outside
    /// us-east-1 (`USW2-BoxUsage:t3.micro` is `BoxUsage:t3.micro`), except on global rows.
    /// `unit`, when given, must be the row's unit too (two rows of a family can share a
    /// selector and differ by unit).
    pub fn find(
        &self,
        service: &str,
        family: Option<&str>,
        select: &[(&str, &str)],
        unit: Option<&str>,
    ) -> Result<&Row, Lookup> {
        let key = (service.to_owned(), family.map(str::to_owned));
        let mut found = self
            .by_family
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&k| &self.rows[k])
            .filter(|row| unit.is_none_or(|u| row.unit == u))
            .filter(|row| {
                select.iter().all(|(k, v)| {
                    row.select.iter().any(|(rk, rv)| {
                        rk == k
                            && (rv == v
                                || (*k == "usagetype" && !row.global && strip_region(rv) == *v))
                    })
                })
            });
        match (found.next(), found.next()) {
            (Some(row), None) => Ok(row),
            (None, _) => Err(Lookup::Missing),
            (Some(a), Some(b)) => Err(Lookup::Ambiguous(a.id.clone(), b.id.clone())),
        }
    }

    /// "prices as of …", for the app and the command line.
    pub fn as_of(&self) -> String {
        let origin = match &self.origin {
            Origin::Shipped => String::new(),
            Origin::File(p) => format!(", from {}", p.display()),
        };
        match &self.published {
            Some((a, b)) if a != b => format!(
                "prices as of {} (published {a} to {b}{}{origin})",
                self.compiled,
                if self.complete { "" } else { ", partial" }
            ),
            Some((_, b)) => format!("prices as of {b}{origin}"),
            None => format!("prices as of {}{origin}", self.compiled),
        }
    }
}

/// Why no row was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// No row matches.
    Missing,
    /// Two rows match: a fault of the book.
    Ambiguous(String, String),
}

/// `USW2-BoxUsage:t3.micro` without its `USW2-`; `EU-` too (eu-west-1's old prefix). A
/// Region prefix has a digit (`USE1`, `APN1`) or is `EU`; `KMS-Keys` keeps its `KMS`.
fn strip_region(usagetype: &str) -> &str {
    match usagetype.split_once('-') {
        Some((prefix, rest))
            if (2..=5).contains(&prefix.len())
                && prefix.starts_with(|c: char| c.is_ascii_uppercase())
                && prefix
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && (prefix == "EU" || prefix.chars().any(|c| c.is_ascii_digit())) =>
        {
            rest
        }
        _ => usagetype,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tiers: &[(&str, Option<&str>, &str)]) -> Row {
        Row {
            id: "t".into(),
            service: "S".into(),
            product_family: None,
            select: Vec::new(),
            unit: "Requests".into(),
            tiers: tiers
                .iter()
                .map(|(b, e, p)| Tier {
                    begin: b.parse().unwrap(),
                    end: e.map(|e| e.parse().unwrap()),
                    price: p.parse().unwrap(),
                })
                .collect(),
            published: None,
            evidence: Evidence::Offer,
            global: false,
            description: None,
        }
    }

    #[test]
    fn tiers_are_graduated() {
        let r = row(&[("0", Some("100"), "2"), ("100", None, "1")]);
        assert_eq!(r.cost("50".parse().unwrap()), Some("100".parse().unwrap()));
        assert_eq!(r.cost("150".parse().unwrap()), Some("250".parse().unwrap()));
        let capped = row(&[("0", Some("100"), "2")]);
        assert_eq!(capped.cost("150".parse().unwrap()), None);
        assert_eq!(
            capped.cost("100".parse().unwrap()),
            Some("200".parse().unwrap())
        );
    }

    #[test]
    fn region_prefixes_are_stripped_from_usage_types_only() {
        assert_eq!(strip_region("USW2-BoxUsage:t3.micro"), "BoxUsage:t3.micro");
        assert_eq!(strip_region("EU-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_region("NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_region("EBS:VolumeUsage.gp3"), "EBS:VolumeUsage.gp3");
        assert_eq!(strip_region("USE1-KMS-Keys"), "KMS-Keys");
        assert_eq!(strip_region("KMS-Keys"), "KMS-Keys");
    }

    #[test]
    fn every_shipped_book_reads() {
        for region in Book::shipped_regions() {
            let (_, text) = SHIPPED.iter().find(|(r, _)| *r == region).unwrap();
            let book = Book::parse(text, region, Origin::Shipped).unwrap();
            assert_eq!(book.region, region);
            assert!(!book.rows.is_empty());
        }
    }
}
