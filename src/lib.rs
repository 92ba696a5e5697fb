//! Stack Canvas: a native desktop designer for AWS CloudFormation templates.
//!
//! The crate is a library with a thin binary. Its layers, from the bottom up:
//! - [`cfn`]: the lossless template model, readers and writers;
//! - [`model`]: the document and the graph derived from it (references, containment);
//! - [`edit`]: edits as values, undo and redo;
//! - [`layout`]: automatic layout, plain geometry;
//! - [`scene`]: the drawing as data;
//! - [`canvas`]: painting the scene with egui, gestures;
//! - [`export`]: the scene as SVG, PNG, Mermaid or draw.io, headless;
//! - [`ui`]: the eframe app, panels and menus;
//! - [`cli`]: the `check`, `convert` and `render` commands.

pub mod canvas;
pub mod cfn;
pub mod cli;
pub mod edit;
pub mod export;
pub mod generate;
pub mod layout;
pub mod model;
pub mod scene;
pub mod ui;
