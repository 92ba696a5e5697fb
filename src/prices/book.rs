//! The price book: its types, written and read with serde, and the checks a book must pass.
//!
//! Field order is declaration order, which is the order of `assets/prices/README.md`, so a
//! written book reads like the shipped ones.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::decimal::{Bound, Decimal};

/// The value of a book's `format` field.
pub const FORMAT: &str = "stackcanvas-price-book";

/// The highest `format_version` this crate reads, and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// The on-demand prices of one AWS Region, as in `assets/prices/<region>.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBook {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] for the books written here.
    pub format_version: u32,
    /// The Region code (`regionCode` in the offer).
    pub region: String,
    /// The offer's `location` for the Region (`"US East (N. Virginia)"`).
    pub location: String,
    /// `"USD"`.
    pub currency: String,
    /// The date the book was written, `yyyy-mm-dd`.
    pub compiled: String,
    /// Whether the book was written from whole offer files of every service priced.
    pub complete: bool,
    /// The tool and version, or "hand-compiled".
    pub compiled_by: String,
    /// Source id to source; every row names one.
    pub sources: BTreeMap<String, Source>,
    /// The prices, sorted by `id` in the books the importer writes.
    pub rows: Vec<Row>,
}

/// Where a book's figures come from: for an imported book, one offer file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// What it is.
    pub title: String,
    /// Its path or URL.
    #[serde(rename = "where")]
    pub location: String,
    /// The offer file's `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_version: Option<String>,
    /// The offer file's `publicationDate` (or, in hand-compiled books, whatever date is known).
    #[serde(default)]
    pub publication_date: Option<String>,
    /// When it was retrieved, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// When it was generated, if it is generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// The date its prices took effect, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// What kind of source it is; the importer writes [`Evidence::Offer`].
    pub kind: Evidence,
}

/// How directly a figure was seen (the README's "Evidence" table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Read from an offer file or GetProducts JSON: SKU, dimension and price seen.
    Offer,
    /// Quoted from the Price List without the whole JSON.
    PriceList,
    /// From a table generated from the Price List Query API with known filters.
    Generated,
    /// Computed from a pricing tool's test output.
    Derived,
    /// An AWS pricing page quoted by a third party, or billing data with no offer date.
    Secondary,
    /// A third-party figure with no traceable provenance.
    Unverified,
}

/// One price: a product of a service and family, picked by its `select` attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Unique within the book; for diffs and messages, not for lookups.
    pub id: String,
    /// The offer code (`AmazonEC2`).
    pub service: String,
    /// The product's `productFamily`, `None` (JSON `null`) when it has none.
    pub product_family: Option<String>,
    /// The product attributes that pick this row, verbatim.
    pub select: BTreeMap<String, String>,
    /// The offer's unit, verbatim (`Hrs`, `GB-Mo`, `Requests`); the price is per one unit.
    pub unit: String,
    /// The graduated tiers, contiguous from zero.
    pub tiers: Vec<Tier>,
    /// The offer's `publicationDate`, when known.
    pub published: Option<String>,
    /// The OnDemand term's `effectiveDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// A key of the book's `sources`.
    pub source: String,
    /// How directly the figure was seen.
    pub evidence: Evidence,
    /// The offer's SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The first tier's rate code (`<sku>.<offerTermCode>.<rateCode>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_code: Option<String>,
    /// The first tier's `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `"global"` for services not priced by Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One tier of a row: `price` per unit for the quantity between `begin` and `end`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// Where the tier begins (the offer's `beginRange`).
    pub begin: Decimal,
    /// Where it ends (`endRange`), or [`Bound::Inf`].
    pub end: Bound,
    /// The price per unit (`pricePerUnit.USD`).
    pub price: Decimal,
}

/// A book that cannot be read or breaks a rule of the format.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// Not JSON, or not the book's shape (serde_json says where).
    #[error("not a price book: {0}")]
    Json(#[from] serde_json::Error),
    /// Another `format`.
    #[error("format is {found:?}, not {FORMAT:?}")]
    Format {
        /// The `format` found.
        found: String,
    },
    /// A newer `format_version` than this reader knows.
    #[error("format_version {found} is newer than {FORMAT_VERSION}, the newest this version reads")]
    Version {
        /// The `format_version` found.
        found: u32,
    },
    /// Two rows of one service and family with the same `select`.
    #[error(
        "rows {first} and {second} of {service} / {family} have the same select {select}; the estimator could not tell them apart"
    )]
    DuplicateSelector {
        /// The service.
        service: String,
        /// The product family, or `null`.
        family: String,
        /// The shared selector, as JSON.
        select: String,
        /// The first row: its SKU, else its id.
        first: String,
        /// The second row: its SKU, else its id.
        second: String,
    },
    /// Two rows with the same id.
    #[error("two rows have the id {0}")]
    DuplicateId(String),
    /// A row names a source the book does not have.
    #[error("row {id} names source {source_id}, which the book does not list")]
    UnknownSource {
        /// The row.
        id: String,
        /// The source it names.
        source_id: String,
    },
    /// A row's tiers do not start at zero or are not contiguous.
    #[error("row {id}: {reason}")]
    Tiers {
        /// The row.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

impl PriceBook {
    /// Reads a book from JSON and checks it ([`PriceBook::check`]).
    pub fn from_json(text: &str) -> Result<Self, BookError> {
        let book: Self = serde_json::from_str(text)?;
        book.check()?;
        Ok(book)
    }

    /// The book as pretty-printed JSON, with a final newline.
    pub fn to_json(&self) -> String {
        // Serialising these types to a string cannot fail: all map keys are strings.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Checks the rules of the format: the format and its version, unique ids, sources that
    /// exist, tiers contiguous from zero with only the last open, and unique selectors.
    pub fn check(&self) -> Result<(), BookError> {
        if self.format != FORMAT {
            return Err(BookError::Format {
                found: self.format.clone(),
            });
        }
        if self.format_version > FORMAT_VERSION {
            return Err(BookError::Version {
                found: self.format_version,
            });
        }
        let mut ids = std::collections::BTreeSet::new();
        for row in &self.rows {
            if !ids.insert(row.id.as_str()) {
                return Err(BookError::DuplicateId(row.id.clone()));
            }
            if !self.sources.contains_key(&row.source) {
                return Err(BookError::UnknownSource {
                    id: row.id.clone(),
                    source_id: row.source.clone(),
                });
            }
            if let Err((_, reason)) = check_tiers(&row.tiers) {
                return Err(BookError::Tiers {
                    id: row.id.clone(),
                    reason,
                });
            }
        }
        check_selectors(&self.rows)
    }

    /// The latest `publication_date` of the book's sources: the "prices as of" date.
    pub fn prices_as_of(&self) -> Option<&str> {
        self.sources
            .values()
            .filter_map(|s| s.publication_date.as_deref())
            .max()
    }
}

/// Checks that tiers begin at zero, each begins where the one before ends, each ends after it
/// begins, and only the last may end at `Inf`. Returns the index of the tier at fault and what
/// is wrong.
pub fn check_tiers(tiers: &[Tier]) -> Result<(), (usize, String)> {
    let Some(first) = tiers.first() else {
        return Err((0, "no tiers".to_owned()));
    };
    if !first.begin.is_zero() {
        return Err((
            0,
            format!("the first tier begins at {}, not 0", first.begin),
        ));
    }
    for (i, t) in tiers.iter().enumerate() {
        let next = tiers.get(i + 1);
        match (&t.end, next) {
            (Bound::Inf, Some(_)) => {
                return Err((
                    i,
                    format!("the tier from {} ends at Inf but is not the last", t.begin),
                ));
            }
            (Bound::Finite(end), _) if *end <= t.begin => {
                return Err((i, format!("the tier from {} ends at {end}", t.begin)));
            }
            (Bound::Finite(end), Some(next)) if *end != next.begin => {
                return Err((
                    i + 1,
                    format!(
                        "tiers are not contiguous: one ends at {end}, the next begins at {}",
                        next.begin
                    ),
                ));
            }
            (Bound::Inf, None) | (Bound::Finite(_), _) => {}
        }
    }
    Ok(())
}

/// Checks that no two rows of the same service and family have equal `select` maps, so the
/// estimator's lookup can never find two.
pub fn check_selectors(rows: &[Row]) -> Result<(), BookError> {
    type Selector<'a> = (&'a str, Option<&'a str>, &'a BTreeMap<String, String>);
    let mut seen: BTreeMap<Selector<'_>, &Row> = BTreeMap::new();
    let name = |row: &Row| row.sku.clone().unwrap_or_else(|| row.id.clone());
    for row in rows {
        let key = (
            row.service.as_str(),
            row.product_family.as_deref(),
            &row.select,
        );
        if let Some(first) = seen.insert(key, row) {
            return Err(BookError::DuplicateSelector {
                service: row.service.clone(),
                family: row
                    .product_family
                    .clone()
                    .unwrap_or_else(|| "null".to_owned()),
                select: serde_json::to_string(&row.select).unwrap_or_default(),
                first: name(first),
                second: name(row),
            });
        }
    }
    Ok(())
}
