//! The lossless CloudFormation template: values with typed intrinsic functions, YAML and JSON
//! readers and writers, and diagnostics with file, line and column.
//!
//! Nothing here knows about egui: the template model is usable from the CLI, tests and fuzzers.

mod diagnostic;
mod foreach;
mod intrinsic;
mod json_read;
mod json_write;
mod logical_id;
mod region_values;
mod scalar;
mod source;
mod splice;
mod sub;
mod template;
mod validate;
mod value;
mod yaml_read;
mod yaml_write;

pub use diagnostic::{Diagnostic, ImportError, Severity};
pub use foreach::{
    Collection, FOR_EACH_PREFIX, Generated, LANGUAGE_EXTENSIONS, LoopFamily, Loops, Repeat,
    is_loop_key, node_at, node_at_mut,
};
pub use intrinsic::{Form, Func, GetAtt, Intrinsic, Sub};
pub use json_read::read_json;
pub(crate) use json_read::short_escape;
pub use json_write::{json_obstacle, write_json, write_json_entry, write_json_value};
pub use logical_id::LogicalId;
pub use region_values::{RegionKind, RegionLiteral, region_literals};
pub use scalar::{can_be_plain, is_ambiguous, resolve_plain};
pub use source::{Format, LineEnding, TextStyle, decode, pos_at};
pub use splice::{detect_yaml_style, write_preserving};
pub use sub::{SubPart, parse_sub, unparse_sub};
pub use template::{
    Imported, PSEUDO_PARAMETERS, RESOURCE_ATTRIBUTES, Resource, SECTIONS, Template, describe,
    import, import_text, join_path,
};
pub use validate::check_template;
pub use value::{Entry, Mapping, Node, Number, Pos, Span, Value};
pub use yaml_read::{DuplicateKey, MAX_ALIAS_NODES, MAX_DEPTH, RawDocument, read_yaml};
pub use yaml_write::{
    YamlStyle, quote, quote_with, write_yaml, write_yaml_entry, write_yaml_value,
};

/// Writes `template` in `format`.
pub fn write(template: &Template, format: Format) -> String {
    match format {
        Format::Yaml => write_yaml(template),
        Format::Json => write_json(template),
    }
}
