//! Deflates the schema index (`assets/schemas/index.tsv`, 207 KB of text) into `OUT_DIR`, so
//! that the binary carries it compressed (47 KB); `src/schema/bundle.rs` inflates it on first
//! use. The records are compressed already.

use std::path::PathBuf;

/// miniz_oxide's best compression.
const LEVEL: u8 = 10;

fn main() -> std::io::Result<()> {
    let index = "assets/schemas/index.tsv";
    println!("cargo::rerun-if-changed={index}");
    let text = std::fs::read(index)?;
    let deflated = miniz_oxide::deflate::compress_to_vec(&text, LEVEL);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    std::fs::write(out.join("index.tsv.deflate"), deflated)
}
