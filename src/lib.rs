//! Stack Canvas: a native desktop designer for AWS CloudFormation templates.
//!
//! The crate is a library with a thin binary. Its layers, from the bottom up:
//! - [`cfn`]: the lossless template model, readers and writers;
//! - [`model`]: the document and the graph derived from it (references, containment);
//! - [`layout`]: automatic layout, plain geometry;
//! - [`cli`]: the `check` and `convert` commands.

pub mod cfn;
pub mod cli;
pub mod layout;
pub mod model;
