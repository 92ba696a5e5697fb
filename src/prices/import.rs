//! `stackcanvas prices import`: offer files in, one price book per Region out.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::book::{BookError, Evidence, FORMAT, FORMAT_VERSION, PriceBook, Row, Source, Tier};
use super::decimal::{Bound, Decimal};
use super::offer::{self, KeptProduct, RawTerm};

/// Why an import failed. Each names the offer file it is about, last.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The offer file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not JSON, or not an offer's shape; serde_json's message gives the line and column.
    #[error("{source}, in {}", path.display())]
    Json {
        /// The offer file.
        path: PathBuf,
        /// serde_json's error, with its line and column.
        source: serde_json::Error,
    },
    /// An offer that breaks a rule not about one price: its header, a term.
    #[error("{message}, in {}", path.display())]
    Offer {
        /// The offer file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A price dimension that cannot become a tier.
    #[error("SKU {sku}, rate code {rate_code}: {message}, in {}", path.display())]
    Price {
        /// The offer file.
        path: PathBuf,
        /// The product.
        sku: String,
        /// The dimension's rate code.
        rate_code: String,
        /// What is wrong.
        message: String,
    },
    /// A Region asked for that no offer read has a product of.
    #[error("no priced product of {region} in the offers read")]
    NoProducts {
        /// The Region.
        region: String,
    },
    /// The book for a Region would break a rule of the format (two rows with one selector).
    #[error("refusing to write the {region} book: {source}")]
    Book {
        /// The Region.
        region: String,
        /// The rule broken.
        source: Box<BookError>,
    },
    /// A book cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The book's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Reads offer files, then makes the books of the Regions asked for.
#[derive(Clone, Debug, Default)]
pub struct Importer {
    /// The Regions asked for; `None` for every Region found.
    regions: Option<BTreeSet<String>>,
    /// The offers read, in order.
    offers: Vec<ReadOffer>,
}

/// What one offer file gave: its source and its rows, not yet given ids.
#[derive(Clone, Debug)]
struct ReadOffer {
    source: Source,
    /// The suggested source id, `<offerCode>-<version>`.
    source_id: String,
    rows: Vec<RegionRow>,
}

#[derive(Clone, Debug)]
struct RegionRow {
    region: String,
    location: String,
    row: Row,
}

impl Importer {
    /// An importer for `regions`, or for every Region found when `regions` is empty.
    pub fn new(regions: &[String]) -> Self {
        Self {
            regions: (!regions.is_empty()).then(|| regions.iter().cloned().collect()),
            offers: Vec::new(),
        }
    }

    /// Streams an offer file from disk (through a `BufReader`).
    pub fn read_file(&mut self, path: &Path) -> Result<(), ImportError> {
        let file = std::fs::File::open(path).map_err(|source| ImportError::Read {
            path: path.to_owned(),
            source,
        })?;
        self.read(std::io::BufReader::new(file), path)
    }

    /// Streams an offer from `reader`; `path` is what messages and the book's source call it.
    /// Pass a buffered reader: serde_json reads byte by byte.
    pub fn read(&mut self, reader: impl Read, path: &Path) -> Result<(), ImportError> {
        let json = |source| ImportError::Json {
            path: path.to_owned(),
            source,
        };
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let raw = offer::read(&mut deserializer, self.regions.as_ref()).map_err(json)?;
        deserializer.end().map_err(json)?;
        let offer_error = |message: String| ImportError::Offer {
            path: path.to_owned(),
            message,
        };
        match raw.format_version.as_deref() {
            Some("v1.0") => {}
            Some(other) => {
                return Err(offer_error(format!(
                    "formatVersion is {other:?}; the importer reads \"v1.0\""
                )));
            }
            None => {
                return Err(offer_error(
                    "no formatVersion: not an offer file".to_owned(),
                ));
            }
        }
        let field = |value: Option<String>, name: &str| {
            value.ok_or_else(|| offer_error(format!("no {name}: not an offer file")))
        };
        let offer_code = field(raw.offer_code, "offerCode")?;
        let version = field(raw.version, "version")?;
        let publication_date = field(raw.publication_date, "publicationDate")?;
        if !raw.has_products {
            return Err(offer_error("no products: not an offer file".to_owned()));
        }
        let source_id = format!("{offer_code}-{version}");
        let mut rows = Vec::new();
        let mut terms = raw.on_demand;
        for (sku, product) in raw.products {
            // A kept product with no OnDemand term has no on-demand price: no row.
            let Some(product_terms) = terms.remove(&sku) else {
                continue;
            };
            let mut product_terms = product_terms.into_values();
            let (Some(term), None) = (product_terms.next(), product_terms.next()) else {
                return Err(offer_error(format!(
                    "SKU {sku} has more than one OnDemand term; the importer expects one"
                )));
            };
            let region = product.region.clone();
            let location = product.location.clone();
            let row = row(&sku, product, term, &publication_date, &source_id).map_err(
                |(rate_code, message)| ImportError::Price {
                    path: path.to_owned(),
                    sku: sku.clone(),
                    rate_code,
                    message,
                },
            )?;
            rows.push(RegionRow {
                region,
                location,
                row,
            });
        }
        self.offers.push(ReadOffer {
            source: Source {
                title: format!("AWS Price List offer file {offer_code}, version {version}"),
                location: path.display().to_string(),
                offer_version: Some(version),
                publication_date: Some(publication_date),
                retrieved: None,
                generated: None,
                effective: None,
                kind: Evidence::Offer,
            },
            source_id,
            rows,
        });
        Ok(())
    }

    /// The books: one per Region asked for (every Region found if none was), with the rows of
    /// every offer read merged, sorted by id. `compiled` is the date written in each book.
    ///
    /// Refuses a Region asked for that no offer has a product of, and a book in which two rows
    /// of one service and family have the same selector.
    pub fn books(&self, compiled: &str) -> Result<Vec<PriceBook>, ImportError> {
        let mut by_region: BTreeMap<&str, PriceBook> = BTreeMap::new();
        for offer in &self.offers {
            for RegionRow {
                region,
                location,
                row,
            } in &offer.rows
            {
                let book = by_region
                    .entry(region)
                    .or_insert_with(|| empty_book(region, location, compiled));
                let source_id = add_source(book, &offer.source_id, &offer.source);
                let mut row = row.clone();
                row.source = source_id;
                book.rows.push(row);
            }
        }
        if let Some(regions) = &self.regions
            && let Some(missing) = regions.iter().find(|r| !by_region.contains_key(r.as_str()))
        {
            return Err(ImportError::NoProducts {
                region: missing.clone(),
            });
        }
        by_region
            .into_values()
            .map(|mut book| {
                let refuse = |source| ImportError::Book {
                    region: book.region.clone(),
                    source: Box::new(source),
                };
                super::book::check_selectors(&book.rows).map_err(refuse)?;
                assign_ids(&mut book.rows);
                book.check().map_err(refuse)?;
                Ok(book)
            })
            .collect()
    }
}

fn empty_book(region: &str, location: &str, compiled: &str) -> PriceBook {
    PriceBook {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        region: region.to_owned(),
        location: location.to_owned(),
        currency: "USD".to_owned(),
        compiled: compiled.to_owned(),
        complete: false,
        compiled_by: format!("stackcanvas prices import {}", env!("CARGO_PKG_VERSION")),
        sources: BTreeMap::new(),
        rows: Vec::new(),
    }
}

/// Adds `source` to the book under `id` (or `id-2`, `id-3`… if another file took `id`, as the
/// per-Region and all-Regions files of one version would) and returns the id it got.
fn add_source(book: &mut PriceBook, id: &str, source: &Source) -> String {
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            id.to_owned()
        } else {
            format!("{id}-{n}")
        };
        match book.sources.get(&candidate) {
            Some(existing) if existing == source => return candidate,
            Some(_) => n += 1,
            None => {
                book.sources.insert(candidate.clone(), source.clone());
                return candidate;
            }
        }
    }
}

/// The row of a kept product's OnDemand term, or the rate code and message of what is wrong.
fn row(
    sku: &str,
    product: KeptProduct,
    term: RawTerm,
    publication_date: &str,
    source_id: &str,
) -> Result<Row, (String, String)> {
    let term_code = term.offer_term_code;
    if term.price_dimensions.is_empty() {
        return Err((
            format!("{sku}.{term_code}"),
            "the OnDemand term has no price dimensions".to_owned(),
        ));
    }
    let mut unit: Option<(String, String)> = None;
    let mut tiers = Vec::new();
    for (key, dimension) in term.price_dimensions {
        let rate_code = dimension.rate_code.unwrap_or(key);
        let fail = |message: String| (rate_code.clone(), message);
        let Some(dim_unit) = dimension.unit else {
            return Err(fail("no unit".to_owned()));
        };
        match &unit {
            None => unit = Some((dim_unit, rate_code.clone())),
            Some((first, first_code)) if *first != dim_unit => {
                return Err(fail(format!(
                    "unit {dim_unit:?} differs from {first:?} of rate code {first_code}"
                )));
            }
            Some(_) => {}
        }
        let Some(price) = dimension.price_per_unit.get("USD") else {
            return Err(fail("no USD price".to_owned()));
        };
        let price = Decimal::parse(price).map_err(|e| fail(format!("pricePerUnit.USD is {e}")))?;
        let Some(begin) = dimension.begin_range else {
            return Err(fail(
                "no beginRange (an upfront fee? those belong to Reserved terms)".to_owned(),
            ));
        };
        let begin = Decimal::parse(&begin).map_err(|e| fail(format!("beginRange is {e}")))?;
        let Some(end) = dimension.end_range else {
            return Err(fail("no endRange".to_owned()));
        };
        let end = Bound::parse(&end).map_err(|e| fail(format!("endRange is {e}")))?;
        tiers.push((Tier { begin, end, price }, rate_code, dimension.description));
    }
    tiers.sort_by(|a, b| a.0.begin.cmp(&b.0.begin));
    let plain: Vec<Tier> = tiers.iter().map(|t| t.0.clone()).collect();
    if let Err((index, reason)) = super::book::check_tiers(&plain) {
        let rate_code = tiers.get(index).map(|t| t.1.clone()).unwrap_or_default();
        return Err((rate_code, reason));
    }
    let mut tiers = tiers.into_iter();
    let (rate_code, description) = tiers
        .next()
        .map(|(_, code, description)| (Some(code), description))
        .unwrap_or_default();
    Ok(Row {
        id: String::new(),
        service: product.service,
        product_family: product.product_family,
        select: product.select,
        unit: unit.map(|(u, _)| u).unwrap_or_default(),
        tiers: plain,
        published: Some(publication_date.to_owned()),
        effective: term.effective_date,
        source: source_id.to_owned(),
        evidence: Evidence::Offer,
        sku: Some(sku.to_owned()),
        rate_code,
        description,
        scope: None,
        note: None,
    })
}

/// Gives each row its id and sorts the rows by it.
///
/// The id is `<service>.<family>.<usagetype>`, then `.<operation>` when the product has a
/// non-empty `operation` (Linux, Windows and SQL Server instances share a usagetype), all
/// lower-cased, with every run of characters other than `a-z`, `0-9`, `.` and `-` made one
/// `-` (`amazonec2.compute-instance.boxusage-m5.xlarge.runinstances-0002`); a product
/// without a family has `null` there. Rows whose ids would still be equal get `.<sku>`
/// appended, lower-cased.
fn assign_ids(rows: &mut [Row]) {
    let base: Vec<String> = rows.iter().map(base_id).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &base {
        *counts.entry(id).or_default() += 1;
    }
    let ids: Vec<String> = base
        .iter()
        .zip(rows.iter())
        .map(|(id, row)| match (counts.get(id.as_str()), &row.sku) {
            (Some(n), Some(sku)) if *n > 1 => format!("{id}.{}", slug(sku)),
            _ => id.clone(),
        })
        .collect();
    for (row, id) in rows.iter_mut().zip(ids) {
        row.id = id;
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
}

fn base_id(row: &Row) -> String {
    let mut id = format!(
        "{}.{}.{}",
        slug(&row.service),
        slug(row.product_family.as_deref().unwrap_or("null")),
        slug(row.select.get("usagetype").map_or("none", String::as_str)),
    );
    if let Some(operation) = row.select.get("operation").filter(|o| !o.is_empty()) {
        id.push('.');
        id.push_str(&slug(operation));
    }
    id
}

fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Writes each book to `<dir>/<region>.json`, creating `dir`, each through a temporary file
/// in `dir` renamed over the book, so that no reader ever sees half a book. Returns the paths
/// written, in the books' order.
pub fn write_books(dir: &Path, books: &[PriceBook]) -> Result<Vec<PathBuf>, ImportError> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| ImportError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let mut written = Vec::new();
    for book in books {
        // The Region names the file: refuse anything that could leave `dir`.
        let plain = !book.region.is_empty()
            && book
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let path = dir.join(format!("{}.json", book.region));
        if !plain {
            return Err(write_error(&path)(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{:?} is not a Region code", book.region),
            )));
        }
        let tmp = dir.join(format!(".{}.json.{}.tmp", book.region, std::process::id()));
        let result =
            std::fs::write(&tmp, book.to_json()).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = result {
            std::fs::remove_file(&tmp).ok();
            return Err(write_error(&path)(e));
        }
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lower_case_slugs() {
        assert_eq!(slug("BoxUsage:m5.xlarge"), "boxusage-m5.xlarge");
        assert_eq!(
            slug("Load Balancer-Application"),
            "load-balancer-application"
        );
        assert_eq!(slug("RunInstances:0002"), "runinstances-0002");
        assert_eq!(
            slug("FIFO (first-in, first-out)"),
            "fifo-first-in-first-out-"
        );
    }
}
