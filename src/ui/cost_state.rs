//! The cost panel's view state: the Region, the parameter values of each document, what is
//! typed in the panel's fields, and the estimate, cached by what it depends on. None of it is
//! saved in the document; usage is, and goes through the session as an edit ([`usage_edit`]).
//!
//! A leaf of `ui`, like `state.rs`: it imports nothing from the other files of `ui`.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::cfn::{Mapping, Node, Number, Template, Value};
use crate::cost::{self, Book, Estimate, Inputs, Monthly, ResourceCost, Status, Usage};
use crate::edit::Edit;
use crate::model::METADATA_KEY;
use crate::session::{DocId, OpenDoc};

/// The Region priced until the user picks another.
pub const DEFAULT_REGION: &str = "us-east-1";

/// What an estimate depends on.
#[derive(Clone, Debug, PartialEq)]
struct CostKey {
    doc: DocId,
    revision: u64,
    region: String,
    parameters: BTreeMap<String, String>,
}

/// The estimate of one document, and what was read to make it.
struct Priced {
    key: CostKey,
    estimate: Estimate,
    usage: Usage,
    usage_errors: Vec<String>,
    badges: BTreeMap<String, String>,
}

/// The cost panel's view state.
pub struct CostView {
    /// The Region priced.
    pub region: String,
    /// Parameter values the user set, per document; a parameter not here takes its default.
    pub parameters: BTreeMap<DocId, BTreeMap<String, String>>,
    /// What is typed in a field of the panel that has not been committed, by field key.
    pub drafts: BTreeMap<String, String>,
    /// Fields whose text was refused (not a number): they stay red until fixed or dropped.
    pub refused: BTreeSet<String>,
    /// The resource whose row was last opened because it was selected.
    pub opened_for: Option<String>,
    /// The Regions there are books for, read when the panel opens.
    regions: Option<Vec<String>>,
    /// The book of a Region, or why it could not be read.
    book: Option<(String, Result<Option<Book>, String>)>,
    priced: Option<Priced>,
}

impl Default for CostView {
    fn default() -> Self {
        Self {
            region: DEFAULT_REGION.to_owned(),
            parameters: BTreeMap::new(),
            drafts: BTreeMap::new(),
            refused: BTreeSet::new(),
            opened_for: None,
            regions: None,
            book: None,
            priced: None,
        }
    }
}

impl CostView {
    /// The Regions the picker offers: the shipped books and the user's own
    /// (`<region>.json` in [`Book::user_dir`]), sorted.
    pub fn regions(&mut self) -> &[String] {
        self.regions.get_or_insert_with(|| {
            let mut v: Vec<String> = Book::shipped_regions().map(str::to_owned).collect();
            if let Some(dir) = Book::user_dir()
                && let Ok(entries) = std::fs::read_dir(dir)
            {
                v.extend(entries.filter_map(|e| {
                    let path = e.ok()?.path();
                    (path.extension()? == "json")
                        .then(|| path.file_stem()?.to_str().map(str::to_owned))?
                }));
            }
            v.sort();
            v.dedup();
            v
        })
    }

    /// Reads the Regions again on the next [`Self::regions`] (the user may have imported a
    /// book since).
    pub fn forget_regions(&mut self) {
        self.regions = None;
    }

    /// The parameter values set for a document.
    pub fn parameters_of(&self, doc: DocId) -> BTreeMap<String, String> {
        self.parameters.get(&doc).cloned().unwrap_or_default()
    }

    /// Prices `doc` again if it, the Region or the parameters changed since the last time;
    /// returns whether it did.
    pub fn refresh(&mut self, doc: &OpenDoc) -> bool {
        let key = CostKey {
            doc: doc.id(),
            revision: doc.revision(),
            region: self.region.clone(),
            parameters: self.parameters_of(doc.id()),
        };
        if self.priced.as_ref().is_some_and(|p| p.key == key) {
            return false;
        }
        if self.book.as_ref().is_none_or(|(r, _)| *r != self.region) {
            let book =
                Book::load(&self.region, Book::user_dir().as_deref()).map_err(|e| e.to_string());
            self.book = Some((self.region.clone(), book));
        }
        let book = self
            .book
            .as_ref()
            .and_then(|(_, b)| b.as_ref().ok())
            .and_then(Option::as_ref);
        let template = &doc.document().template;
        let (usage, errors) = cost::usage_of_template(template, doc.name());
        let inputs = Inputs {
            region: self.region.clone(),
            parameters: key.parameters.clone(),
            usage: usage.clone(),
        };
        let estimate = cost::estimate(template, book, &inputs);
        let badges = estimate
            .resources
            .iter()
            .filter_map(|r| Some((r.logical_id.clone(), badge_text(r)?)))
            .collect();
        self.priced = Some(Priced {
            key,
            estimate,
            usage,
            usage_errors: errors.iter().map(ToString::to_string).collect(),
            badges,
        });
        true
    }

    /// The last estimate.
    pub fn estimate(&self) -> Option<&Estimate> {
        self.priced.as_ref().map(|p| &p.estimate)
    }

    /// The usage the last estimate read from the document.
    pub fn usage(&self) -> Option<&Usage> {
        self.priced.as_ref().map(|p| &p.usage)
    }

    /// Usage values in the document that are not numbers.
    pub fn usage_errors(&self) -> &[String] {
        self.priced.as_ref().map_or(&[], |p| &p.usage_errors)
    }

    /// Why the Region's book could not be read, if it could not.
    pub fn book_error(&self) -> Option<&str> {
        match &self.book {
            Some((_, Err(e))) => Some(e),
            _ => None,
        }
    }

    /// Each priced node's badge text, by logical ID.
    pub fn badges(&self) -> BTreeMap<String, String> {
        self.priced
            .as_ref()
            .map(|p| p.badges.clone())
            .unwrap_or_default()
    }
}

/// What a node's cost badge says: its monthly cost, "usage" when it only has usage-based
/// costs, "?" when its cost is unknown; `None` for what costs nothing or is not created.
pub fn badge_text(r: &ResourceCost) -> Option<String> {
    match &r.status {
        Status::Priced => {
            let known = r
                .components
                .iter()
                .any(|c| matches!(c.monthly, Monthly::Fixed(_) | Monthly::Usage(_)));
            Some(match (known, r.unknown() > 0) {
                (false, true) => "?".to_owned(),
                (false, false) => "usage".to_owned(),
                (true, true) => format!("{} + ?", cost::dollars_range(r.total())),
                (true, false) if r.awaiting_usage() > 0 => {
                    format!("{} + usage", cost::dollars_range(r.total()))
                }
                (true, false) => cost::dollars_range(r.total()),
            })
        }
        Status::Unknown(_) => Some("?".to_owned()),
        Status::NotPriced => Some("not priced".to_owned()),
        Status::Free(_) | Status::NotCreated(_) => None,
    }
}

/// Reads what was typed in a usage field: empty is `Ok(None)` (no usage given), a number of
/// zero or more is that number, anything else is refused.
pub fn parse_usage(text: &str) -> Result<Option<Decimal>, String> {
    let t = text.trim().replace('_', "");
    if t.is_empty() {
        return Ok(None);
    }
    let d = t
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&t))
        .map_err(|_| format!("{text:?} is not a number"))?;
    if d.is_sign_negative() {
        return Err(format!("{text} is below zero"));
    }
    Ok(Some(d))
}

/// The edit that sets (or with `None` removes) `Metadata.StackCanvas.Usage.<id>.<key>`: the
/// block as it is, with only that value changed, so that the layout and the other usage keep
/// their text. `None` when nothing would change.
pub fn usage_edit(
    template: &Template,
    logical_id: &str,
    key: &str,
    value: Option<Decimal>,
) -> Option<Edit> {
    let old = template
        .section_mapping("Metadata")
        .and_then(|m| m.get(METADATA_KEY))
        .filter(|n| n.as_mapping().is_some());
    let mut block = old
        .cloned()
        .unwrap_or_else(|| Node::new(Value::Mapping(Mapping::new())));
    let m = block.as_mapping_mut()?;
    let mapping = || Node::new(Value::Mapping(Mapping::new()));
    if value.is_some() && m.get("Usage").and_then(Node::as_mapping).is_none() {
        m.insert("Usage", mapping());
    }
    if let Some(usage) = m.get_mut("Usage").and_then(Node::as_mapping_mut) {
        if value.is_some() && usage.get(logical_id).and_then(Node::as_mapping).is_none() {
            usage.insert(logical_id, mapping());
        }
        if let Some(values) = usage.get_mut(logical_id).and_then(Node::as_mapping_mut) {
            match value {
                Some(d) => {
                    let number = Number::from_text(d.normalize().to_string());
                    values.insert(key, Node::new(Value::Number(number)));
                }
                None => {
                    values.remove(key);
                }
            }
            if values.is_empty() {
                usage.remove(logical_id);
            }
        }
        if usage.is_empty() {
            m.remove("Usage");
        }
    }
    let value = (!m.is_empty()).then_some(block);
    if value.as_ref() == old || (value.is_none() && old.is_none()) {
        return None;
    }
    Some(Edit::SetSectionEntry {
        section: "Metadata".to_owned(),
        key: METADATA_KEY.to_owned(),
        value,
    })
}
