//! The embedded schema bundle: the index, read once, and records inflated on demand.
//!
//! `assets/schemas/index.tsv` is parsed the first time anything asks for a type; a type's
//! record is inflated from `records.bin` and parsed the first time it is looked up, then kept
//! for the life of the process. `tools/schema-bundle/README.md` describes both files.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::json::Json;
use super::type_schema::TypeSchema;

/// The index (`assets/schemas/index.tsv`), deflated by `build.rs`.
const INDEX_DEFLATED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.tsv.deflate"));
/// Most bytes the index may inflate to.
const MAX_INDEX_BYTES: usize = 16 << 20;
/// The records: zlib streams one after another.
const RECORDS: &[u8] = include_bytes!("../../assets/schemas/records.bin");

/// The region cfn-lint (and `stackcanvas check`) validates for when none is chosen.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Where the bundle came from: cfn-lint's version and the date of its schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BundleVersion {
    /// The cfn-lint release whose schemas the bundle holds, e.g. `1.58.0`.
    pub cfn_lint: &'static str,
    /// The `schema_date` cfn-lint ships with them, e.g. `2026-10-20T22:11:15Z`.
    pub schema_date: &'static str,
}

/// Whether a type comes from the AWS resource providers or is one of SAM's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A CloudFormation resource type (`providers/<region>.json`).
    Resource,
    /// An `AWS::Serverless::*` type, which the SAM transform turns into resources.
    Sam,
}

/// How far a type's service is along the way to being shut down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LifecycleStatus {
    /// In maintenance: it works, but gets no new features (cfn-lint W3697).
    Maintenance,
    /// Sunsetting: it will be shut down (cfn-lint W3696).
    Sunset,
    /// Shut down: it no longer works (cfn-lint E3710).
    Shutdown,
}

/// A type's deprecation, from the schema's `lifecycle`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lifecycle {
    /// How far along it is.
    pub status: LifecycleStatus,
    /// The day it happened or will happen, `YYYY-MM-DD`, when the schema gives one.
    pub date: Option<&'static str>,
}

/// Where one record of a type sits in `records.bin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RecordAt {
    chunk_offset: usize,
    chunk_length: usize,
    chunk_raw_length: usize,
    record_offset: usize,
    record_length: usize,
    /// The regions this record is for, one bit per region of [`regions`].
    regions: u64,
    /// Its position in the index, the key of the parsed-record cache.
    line: usize,
}

/// One resource type of the bundle, as the index describes it: enough to search and list
/// types without loading any schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// The type name, `AWS::EC2::Subnet`.
    pub name: &'static str,
    /// The service, the second part of the name (`EC2`); empty when the name has no three
    /// parts.
    pub service: &'static str,
    /// Resource provider type or SAM type.
    pub kind: TypeKind,
    /// The service's deprecation, if any.
    pub lifecycle: Option<Lifecycle>,
    /// Lower-case search words from the first sentence of the type's description,
    /// separated by spaces; empty if none.
    pub words: &'static str,
    regions: u64,
    records: Vec<RecordAt>,
}

impl TypeInfo {
    /// Whether the type exists in `region`. A region the bundle does not list (cfn-lint
    /// knows `me-south-1` but ships nothing for it) is read as us-east-1, as cfn-lint does.
    pub fn available_in(&self, region: &str) -> bool {
        self.regions & region_bit(region) != 0
    }

    /// The regions where the type exists, in the bundle's (alphabetical) order.
    pub fn regions(&self) -> impl Iterator<Item = &'static str> + '_ {
        let names = &index().regions;
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| self.regions & (1 << i) != 0)
            .map(|(_, r)| *r)
    }

    /// The search words, one by one.
    pub fn words(&self) -> impl Iterator<Item = &'static str> {
        self.words.split(' ').filter(|w| !w.is_empty())
    }

    /// Whether the type matches a search: every word of `query` (case-insensitive) is found in
    /// the name or is the start of one of the description words.
    pub fn matches(&self, query: &str) -> bool {
        let name = self.name.to_ascii_lowercase();
        query.split_whitespace().all(|q| {
            let q = q.to_lowercase();
            name.contains(&q) || self.words().any(|w| w.starts_with(&q))
        })
    }

    fn record_for(&self, region: Option<&str>) -> Option<&RecordAt> {
        match region {
            None => self.records.first(),
            Some(r) => {
                let bit = region_bit(r);
                self.records
                    .iter()
                    .find(|rec| rec.regions & bit != 0)
                    .or_else(|| self.records.first())
            }
        }
    }
}

/// The parsed index.
struct Index {
    version: BundleVersion,
    regions: Vec<&'static str>,
    /// Sorted by name, as the file is.
    types: Vec<TypeInfo>,
}

fn index() -> &'static Index {
    static INDEX_PARSED: OnceLock<Index> = OnceLock::new();
    INDEX_PARSED.get_or_init(|| parse_index(index_text()))
}

/// The index text, inflated; it lives as long as the program, as the parsed index borrows
/// from it.
fn index_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(inflate_index)
}

/// Inflates the index; empty (no types) if the build put something else there.
fn inflate_index() -> String {
    miniz_oxide::inflate::decompress_to_vec_with_limit(INDEX_DEFLATED, MAX_INDEX_BYTES)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// Reads the index text. A malformed line is left out rather than failing: the bundle is
/// checked when it is generated (`check.py`) and by the tests here.
fn parse_index(text: &'static str) -> Index {
    let mut version = BundleVersion {
        cfn_lint: "",
        schema_date: "",
    };
    let mut regions = Vec::new();
    let mut types: Vec<TypeInfo> = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if let Some(header) = line.strip_prefix('#') {
            let mut cols = header.split('\t');
            match cols.next() {
                Some("cfn_lint") => version.cfn_lint = cols.next().unwrap_or_default(),
                Some("schema_date") => version.schema_date = cols.next().unwrap_or_default(),
                Some("regions") => {
                    regions = cols
                        .next()
                        .unwrap_or_default()
                        .split(' ')
                        .filter(|r| !r.is_empty())
                        .collect();
                }
                _ => {}
            }
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [
            name,
            chunk_offset,
            chunk_length,
            chunk_raw_length,
            record_offset,
            record_length,
            mask,
            kind,
            lifecycle,
            service,
            words,
        ] = cols.as_slice()
        else {
            continue;
        };
        let number = |s: &str| s.parse::<usize>().ok();
        let (
            Some(chunk_offset),
            Some(chunk_length),
            Some(chunk_raw_length),
            Some(record_offset),
            Some(record_length),
            Ok(mask),
        ) = (
            number(chunk_offset),
            number(chunk_length),
            number(chunk_raw_length),
            number(record_offset),
            number(record_length),
            u64::from_str_radix(mask, 16),
        )
        else {
            continue;
        };
        let record = RecordAt {
            chunk_offset,
            chunk_length,
            chunk_raw_length,
            record_offset,
            record_length,
            regions: mask,
            line: line_no,
        };
        if let Some(last) = types.last_mut().filter(|t| t.name == *name) {
            last.regions |= mask;
            last.records.push(record);
            continue;
        }
        types.push(TypeInfo {
            name,
            service: if *service == "-" { "" } else { service },
            kind: if *kind == "sam" {
                TypeKind::Sam
            } else {
                TypeKind::Resource
            },
            lifecycle: parse_lifecycle(lifecycle),
            words: if *words == "-" { "" } else { words },
            regions: mask,
            records: vec![record],
        });
    }
    Index {
        version,
        regions,
        types,
    }
}

fn parse_lifecycle(text: &'static str) -> Option<Lifecycle> {
    let (status, date) = match text.split_once('@') {
        Some((s, d)) => (s, Some(d)),
        None => (text, None),
    };
    let status = match status {
        "shutdown" => LifecycleStatus::Shutdown,
        "sunset" => LifecycleStatus::Sunset,
        "maintenance" => LifecycleStatus::Maintenance,
        _ => return None,
    };
    Some(Lifecycle { status, date })
}

/// The bit of `region` in the masks; us-east-1's for a region the bundle does not list.
fn region_bit(region: &str) -> u64 {
    let regions = &index().regions;
    let at = |name: &str| regions.iter().position(|r| *r == name);
    at(region)
        .or_else(|| at(DEFAULT_REGION))
        .map_or(0, |i| 1 << i)
}

/// The cfn-lint version and schema date the bundle was built from.
pub fn version() -> BundleVersion {
    index().version
}

/// Every region the bundle knows, sorted.
pub fn regions() -> &'static [&'static str] {
    &index().regions
}

/// Every type of the bundle, sorted by name, SAM types included (see [`TypeInfo::kind`]).
pub fn types() -> &'static [TypeInfo] {
    &index().types
}

/// The name cfn-lint looks a resource type up by: `Custom::Anything` is
/// `AWS::CloudFormation::CustomResource`.
pub fn schema_name(type_name: &str) -> &str {
    if type_name.starts_with("Custom::") {
        "AWS::CloudFormation::CustomResource"
    } else {
        type_name
    }
}

/// What the index says about a type (after [`schema_name`]); `None` for a type the bundle
/// does not have, such as a module (`...::MODULE`) or a private registry type.
pub fn type_info(type_name: &str) -> Option<&'static TypeInfo> {
    let name = schema_name(type_name);
    let types = &index().types;
    types
        .binary_search_by(|t| t.name.cmp(name))
        .ok()
        .and_then(|i| types.get(i))
}

/// The schema of a type, loaded on first use and shared after; `Custom::*` gives the custom
/// resource's. With several records (regions that differ), it is us-east-1's.
pub fn lookup(type_name: &str) -> Option<Arc<TypeSchema>> {
    load(type_info(type_name)?, None)
}

/// The schema of a type as it is in `region`.
pub fn lookup_in(type_name: &str, region: &str) -> Option<Arc<TypeSchema>> {
    load(type_info(type_name)?, Some(region))
}

fn load(info: &'static TypeInfo, region: Option<&str>) -> Option<Arc<TypeSchema>> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Option<Arc<TypeSchema>>>>> = OnceLock::new();
    let record = info.record_for(region)?;
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&record.line)
    {
        return found.clone();
    }
    // Parsed outside the lock: another thread may parse the same type meanwhile, and the
    // first to finish wins; both results are equal.
    let parsed = read_record(record)
        .and_then(|json| TypeSchema::from_record(&json, info).ok())
        .map(Arc::new);
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(record.line)
        .or_insert(parsed)
        .clone()
}

/// Inflates the record's chunk and parses the record's JSON.
fn read_record(record: &RecordAt) -> Option<Json> {
    let compressed = RECORDS.get(record.chunk_offset..record.chunk_offset + record.chunk_length)?;
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
        compressed,
        record.chunk_raw_length,
    )
    .ok()?;
    let json = raw.get(record.record_offset..record.record_offset + record.record_length)?;
    super::json::parse(json)
}

/// Inflates and parses the embedded index again, not cached, and gives the number of types:
/// what the first use of the schemas costs, for benchmarks.
pub fn parse_index_uncached() -> usize {
    // The parsed index borrows the text for ever, so the fresh copy is inflated and dropped,
    // and the kept one parsed: the same work.
    let inflated = inflate_index().len();
    parse_index(index_text()).types.len().min(inflated)
}

/// Inflates and parses a type's record, not cached: what its first lookup costs, for
/// benchmarks.
pub fn load_uncached(type_name: &str) -> Option<TypeSchema> {
    let info = type_info(type_name)?;
    let record = info.record_for(None)?;
    read_record(record).and_then(|json| TypeSchema::from_record(&json, info).ok())
}

/// Inflates and parses every record, for tests and benchmarks: how many parsed, and the types
/// that did not.
pub fn load_all() -> (usize, Vec<&'static str>) {
    let mut ok = 0;
    let mut failed = Vec::new();
    for info in types() {
        for record in &info.records {
            if read_record(record)
                .and_then(|json| TypeSchema::from_record(&json, info).ok())
                .is_some()
            {
                ok += 1;
            } else {
                failed.push(info.name);
            }
        }
    }
    (ok, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_names_its_source_and_every_type() {
        let v = version();
        assert_eq!(v.cfn_lint, "1.58.0");
        assert!(v.schema_date.starts_with("20"), "{v:?}");
        assert_eq!(regions().len(), 45);
        assert_eq!(types().len(), 1898);
        assert!(types().windows(2).all(|w| w[0].name < w[1].name));
        let sam = types().iter().filter(|t| t.kind == TypeKind::Sam).count();
        assert_eq!(sam, 14);
    }

    #[test]
    fn types_know_their_regions_and_services() {
        let subnet = type_info("AWS::EC2::Subnet").unwrap();
        assert_eq!(subnet.service, "EC2");
        assert!(subnet.available_in("us-east-1"));
        assert!(subnet.available_in("eu-west-1"));
        // A region cfn-lint lists without a provider file is read as us-east-1.
        assert!(subnet.available_in("me-south-1"));
        let farm = type_info("AWS::DeviceFarm::Project").unwrap();
        assert!(!farm.available_in("us-east-1"));
        assert_eq!(farm.regions().collect::<Vec<_>>(), ["us-west-2"]);
        assert!(type_info("AWS::SQS::Queu").is_none());
        assert_eq!(
            type_info("Custom::Thing").map(|t| t.name),
            Some("AWS::CloudFormation::CustomResource")
        );
        let ops = types()
            .iter()
            .find(|t| t.name.starts_with("AWS::OpsWorks::"))
            .unwrap();
        assert_eq!(
            ops.lifecycle.map(|l| l.status),
            Some(LifecycleStatus::Shutdown)
        );
    }

    #[test]
    fn search_finds_types_by_name_service_and_words() {
        let found = |q: &str| -> Vec<&str> {
            types()
                .iter()
                .filter(|t| t.matches(q))
                .map(|t| t.name)
                .collect()
        };
        assert!(found("cloudfront").contains(&"AWS::CloudFront::Distribution"));
        assert!(found("queue").contains(&"AWS::SQS::Queue"));
        assert!(found("state machine").contains(&"AWS::StepFunctions::StateMachine"));
    }

    #[test]
    fn every_record_parses() {
        let (ok, failed) = load_all();
        assert!(failed.is_empty(), "{failed:?}");
        assert_eq!(ok, 1898);
    }

    #[test]
    fn lookups_are_shared() {
        let a = lookup("AWS::SQS::Queue").unwrap();
        let b = lookup_in("AWS::SQS::Queue", "eu-west-1").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(lookup("Acme::Widget::Thing").is_none());
        assert!(lookup("Acme::Network::Vpc::MODULE").is_none());
    }
}
