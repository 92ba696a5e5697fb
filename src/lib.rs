//! Stack Canvas: a native desktop designer for AWS CloudFormation templates.
//!
//! The crate is a library with a thin binary. Its layers, from the bottom up:
//! - [`cfn`]: the lossless template model, readers and writers;
//! - [`schema`]: the CloudFormation resource schemas, embedded, and the checks against them;
//! - [`model`]: the document and the graph derived from it (references, containment);
//! - [`compare`]: two versions of a template, what a deploy changes and replaces;
//! - [`cost`]: what a stack costs per month, priced offline from a price book;
//! - [`edit`]: edits as values, undo and redo;
//! - [`layout`]: automatic layout, plain geometry;
//! - [`prices`]: price books for the cost estimator and their importer from AWS offer files;
//! - [`scene`]: the drawing as data;
//! - [`view`]: the one pipeline from a document and the view's filters to graph, layout and
//!   scene;
//! - [`session`]: the open documents, their history, the clipboard; the one place a document
//!   changes, through commands;
//! - [`canvas`]: painting the scene with egui, gestures;
//! - [`export`]: the scene as SVG, PNG, Mermaid or draw.io, headless;
//! - [`ui`]: the eframe app, panels and menus;
//! - [`cli`]: the `check`, `convert`, `render`, `generate` and `prices import` commands;
//! - [`fuzzing`]: the properties the fuzz targets in `fuzz/` check.
//!
//! `canvas`, `export`, `ui` and `cli` need the default `app` feature; without it the crate
//! builds headless, with no GUI or image dependencies, as the fuzz targets do.

#[cfg(feature = "app")]
pub mod canvas;
pub mod cfn;
#[cfg(feature = "app")]
pub mod cli;
pub mod compare;
pub mod cost;
pub mod edit;
#[cfg(feature = "app")]
pub mod export;
pub mod fuzzing;
pub mod generate;
pub mod layout;
pub mod model;
pub mod prices;
pub mod project;
pub mod scene;
pub mod schema;
pub mod session;
#[cfg(feature = "app")]
pub mod ui;
pub mod view;
