//! The CloudFormation resource schemas, embedded, and the checks of a template against them.
//!
//! The schemas are those cfn-lint ships (`assets/schemas/`, made by
//! `tools/schema-bundle/generate.py`): per type its properties with their types, nested
//! definitions, required names, enums, patterns, bounds and defaults, its GetAtt attributes,
//! its create-only, read-only and deprecated properties, cfn-lint's `format` annotations and
//! the regions where it exists. Nothing is read until it is asked for: the index on the first
//! call, a type's record on its first [`lookup`].
//!
//! - [`types`], [`type_info`]: every type, for search and listing, without loading schemas;
//! - [`lookup`], [`lookup_in`]: one type's [`TypeSchema`], shared;
//! - [`version`]: the cfn-lint version and schema date;
//! - [`check_template`]: unknown properties, missing required properties, wrong types,
//!   values outside an enum or pattern, GetAtt of attributes a type does not have, and types
//!   not available in a region, as [`Finding`]s with diagnostics.
//!
//! Nothing here knows about egui.

mod bundle;
mod check;
mod json;
mod pattern;
mod property;
mod shape;
mod type_schema;

pub use bundle::{
    BundleVersion, DEFAULT_REGION, Lifecycle, LifecycleStatus, TypeInfo, TypeKind, load_all,
    load_uncached, lookup, lookup_in, parse_index_uncached, regions, schema_name, type_info, types,
    version,
};
pub use check::{CheckOptions, Finding, Rule, check_template, problems_of_value};
pub use json::{Json, JsonNumber};
pub use pattern::{Pattern, PatternSupport, pattern_support};
pub use property::Property;
pub use shape::{Additional, Bounds, JsonType, NodeId, Relationship, Shape, Types};
pub use type_schema::{Attribute, PathRelationship, RecordError, TypeSchema};
