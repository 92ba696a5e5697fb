//! Streaming an AWS Price List bulk offer file: `products` entry by entry, then
//! `terms.OnDemand` entry by entry, keeping only what the estimator prices.
//!
//! Memory stays proportional to the products kept, not to the file: each product is built,
//! looked at and dropped unless kept; terms of other SKUs, `terms.Reserved` and everything
//! else are skipped with [`IgnoredAny`], which builds nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::families::priced_family;

/// A product the importer keeps, with only what a row needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeptProduct {
    /// The offer code it is priced under (its `servicecode`, else the file's `offerCode`).
    pub service: String,
    /// Its `productFamily`.
    pub product_family: Option<String>,
    /// Its `regionCode`.
    pub region: String,
    /// Its `location`.
    pub location: String,
    /// The attributes its family selects on, those it has.
    pub select: BTreeMap<String, String>,
}

/// An OnDemand term as the offer writes it, of a kept product.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct RawTerm {
    /// `JRTCKXETXF` in the commercial partition.
    #[serde(rename = "offerTermCode")]
    pub offer_term_code: String,
    /// When the term took effect.
    #[serde(rename = "effectiveDate", default)]
    pub effective_date: Option<String>,
    /// Rate code to dimension.
    #[serde(rename = "priceDimensions", default)]
    pub price_dimensions: BTreeMap<String, RawDimension>,
}

/// One price dimension of a term.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct RawDimension {
    /// `<sku>.<offerTermCode>.<rateCode>`.
    #[serde(rename = "rateCode", default)]
    pub rate_code: Option<String>,
    /// The human description (`"$0.0104 per On Demand Linux t3.micro Instance Hour"`).
    #[serde(default)]
    pub description: Option<String>,
    /// Where the tier begins; absent for upfront fees (Reserved terms only).
    #[serde(rename = "beginRange", default)]
    pub begin_range: Option<String>,
    /// Where it ends, or `"Inf"`.
    #[serde(rename = "endRange", default)]
    pub end_range: Option<String>,
    /// The unit (`Hrs`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Currency to price string.
    #[serde(rename = "pricePerUnit", default)]
    pub price_per_unit: BTreeMap<String, String>,
}

/// What the stream keeps of one offer file.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawOffer {
    /// `formatVersion` (`v1.0`).
    pub format_version: Option<String>,
    /// `offerCode` (`AmazonEC2`).
    pub offer_code: Option<String>,
    /// `version` (`20260910195514`).
    pub version: Option<String>,
    /// `publicationDate` (`2026-09-10T19:55:14Z`).
    pub publication_date: Option<String>,
    /// Whether a `products` member was read.
    pub has_products: bool,
    /// Kept products by SKU.
    pub products: BTreeMap<String, KeptProduct>,
    /// OnDemand terms of kept products, by SKU, then by term key (`<sku>.<offerTermCode>`).
    pub on_demand: BTreeMap<String, BTreeMap<String, RawTerm>>,
}

/// Reads an offer from a serde_json deserializer, keeping the products of `regions` (all
/// Regions but `""` when `None`).
pub(crate) fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    regions: Option<&BTreeSet<String>>,
) -> Result<RawOffer, D::Error> {
    deserializer.deserialize_map(OfferVisitor { regions })
}

struct OfferVisitor<'a> {
    regions: Option<&'a BTreeSet<String>>,
}

impl<'de> Visitor<'de> for OfferVisitor<'_> {
    type Value = RawOffer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Price List offer file (a JSON object with products and terms)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawOffer, A::Error> {
        let mut offer = RawOffer::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "formatVersion" => offer.format_version = Some(map.next_value()?),
                "offerCode" => offer.offer_code = Some(map.next_value()?),
                "version" => offer.version = Some(map.next_value()?),
                "publicationDate" => offer.publication_date = Some(map.next_value()?),
                "products" => {
                    map.next_value_seed(ProductsSeed {
                        regions: self.regions,
                        offer_code: offer.offer_code.as_deref(),
                        kept: &mut offer.products,
                    })?;
                    offer.has_products = true;
                }
                "terms" => {
                    // The terms are only worth reading for the products already kept; keeping
                    // every term until the products arrive would hold the whole file.
                    if !offer.has_products {
                        return Err(de::Error::custom(
                            "`terms` comes before `products`; the importer streams the file and needs the products first, as AWS writes them",
                        ));
                    }
                    map.next_value_seed(TermsSeed {
                        kept: &offer.products,
                        on_demand: &mut offer.on_demand,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(offer)
    }
}

/// A product as the offer writes it; built one at a time and dropped unless kept.
#[derive(Deserialize)]
struct RawProduct {
    #[serde(rename = "productFamily", default)]
    product_family: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

struct ProductsSeed<'a> {
    regions: Option<&'a BTreeSet<String>>,
    offer_code: Option<&'a str>,
    kept: &'a mut BTreeMap<String, KeptProduct>,
}

impl<'de> DeserializeSeed<'de> for ProductsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProductsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of SKU to product")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let product: RawProduct = map.next_value()?;
            if let Some(kept) = keep(product, self.regions, self.offer_code) {
                self.kept.insert(sku, kept);
            }
        }
        Ok(())
    }
}

/// The keep rules: a priced family, an asked Region (never `""`: the EC2 free-trial
/// pseudo-product), and for `Compute Instance` only `capacitystatus` `Used` and `marketoption`
/// `OnDemand` (no Capacity Blocks, no unused reservations).
fn keep(
    product: RawProduct,
    regions: Option<&BTreeSet<String>>,
    offer_code: Option<&str>,
) -> Option<KeptProduct> {
    let mut attributes = product.attributes;
    let service = attributes
        .get("servicecode")
        .map(String::as_str)
        .or(offer_code)?;
    let family = priced_family(service, product.product_family.as_deref())?;
    let region = attributes.get("regionCode")?;
    let asked = match regions {
        Some(regions) => regions.contains(region),
        None => !region.is_empty(),
    };
    if !asked {
        return None;
    }
    if family.product_family == Some("Compute Instance") {
        let is = |name: &str, value: &str| attributes.get(name).is_some_and(|v| v == value);
        if !(is("capacitystatus", "Used") && is("marketoption", "OnDemand")) {
            return None;
        }
    }
    let service = service.to_owned();
    let region = attributes.remove("regionCode").unwrap_or_default();
    let location = attributes.remove("location").unwrap_or_default();
    let select = family
        .select
        .iter()
        .filter_map(|name| attributes.remove_entry(*name))
        .collect();
    Some(KeptProduct {
        service,
        product_family: product.product_family,
        region,
        location,
        select,
    })
}

struct TermsSeed<'a> {
    kept: &'a BTreeMap<String, KeptProduct>,
    on_demand: &'a mut BTreeMap<String, BTreeMap<String, RawTerm>>,
}

impl<'de> DeserializeSeed<'de> for TermsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of term type (OnDemand, Reserved) to terms")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seeds = Some(self);
        while let Some(kind) = map.next_key::<String>()? {
            match (kind.as_str(), seeds.take()) {
                ("OnDemand", Some(seed)) => map.next_value_seed(OnDemandSeed(seed))?,
                (_, seed) => {
                    seeds = seed;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct OnDemandSeed<'a>(TermsSeed<'a>);

impl<'de> DeserializeSeed<'de> for OnDemandSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OnDemandSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of SKU to OnDemand terms")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let OnDemandSeed(TermsSeed { kept, on_demand }) = self;
        while let Some(sku) = map.next_key::<String>()? {
            if kept.contains_key(&sku) {
                let terms: BTreeMap<String, RawTerm> = map.next_value()?;
                on_demand.entry(sku).or_default().extend(terms);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}
