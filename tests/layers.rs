//! The dependency direction of STYLE.md, checked on the source text:
//! `cfn` ← `model` ← {`edit`, `layout`} ← `scene` ← `view` ← `session`, and the painters
//! (`canvas`, `export`) and the app (`ui`) above them. The files of `ui` import each other
//! without a loop.
//!
//! The headless build (`--no-default-features`, as the fuzz targets build) already refuses
//! egui below the canvas, but only when someone builds it; this runs with every `cargo test`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/<dir>`, sorted, with its text.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no sources under {}", root.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// `file:line: text` for each line of the files under `src/<dir>` that contains one of `needles`.
fn mentions(dirs: &[&str], needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for dir in dirs {
        for (path, text) in sources(dir) {
            for (i, line) in text.lines().enumerate() {
                if needles.iter().any(|n| line.contains(n)) {
                    let path = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                    found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                }
            }
        }
    }
    found
}

const HEADLESS: [&str; 11] = [
    "cfn", "model", "edit", "layout", "scene", "schema", "view", "session", "cost", "prices",
    "compare",
];

#[test]
fn the_canvas_never_imports_the_ui() {
    let found = mentions(&["canvas"], &["crate::ui"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn nothing_below_the_canvas_uses_egui() {
    let found = mentions(&HEADLESS, &["egui::", "use egui", "eframe"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn nothing_below_the_painters_uses_them() {
    let found = mentions(
        &HEADLESS,
        &["crate::canvas", "crate::export", "crate::ui", "crate::cli"],
    );
    assert!(found.is_empty(), "{found:#?}");
    // The canvas and the exporters are two painters of one scene, side by side.
    let found = mentions(&["export"], &["crate::canvas", "crate::ui"]);
    assert!(found.is_empty(), "{found:#?}");
    let found = mentions(&["canvas"], &["crate::export", "crate::cli"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_paint_pass_only_paints() {
    // The hit-test pass (`canvas/interact.rs`) allocates widgets, changes the view state and
    // makes actions; the paint pass draws from what it found.
    let widgets = ["Ui", "Response", "Sense", "WidgetInfo", "CanvasAction"];
    let mut found = Vec::new();
    for (path, text) in sources("canvas/paint") {
        let path = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            let widget = words.into_iter().any(|w| widgets.contains(&w));
            if widget || code.contains("interact(") || code.contains("mut CanvasState") {
                found.push(format!("{}:{}: {}", path.display(), i + 1, code));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The files of `src/ui/` that each file uses through `super::name`.
fn ui_imports() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let files: Vec<(String, String)> = sources("ui")
        .into_iter()
        .map(|(p, text)| (p.file_stem().unwrap().to_string_lossy().into_owned(), text))
        .collect();
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    files
        .iter()
        .map(|(name, text)| {
            // Tests may reach anything; only the code counts.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let used = names
                .iter()
                .filter(|other| *other != name && *other != "mod")
                .filter(|other| code.contains(&format!("super::{other}")))
                .cloned()
                .collect();
            (name.clone(), used)
        })
        .collect()
}

/// Depth-first search for an import cycle from `node`; returns its path.
fn visit(
    node: &str,
    imports: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut std::collections::BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|p| p == node) {
        let mut cycle = path[i..].to_vec();
        cycle.push(node.to_owned());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_owned());
    for next in imports.get(node).into_iter().flatten() {
        if let Some(cycle) = visit(next, imports, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node.to_owned());
    None
}

#[test]
fn the_files_of_the_ui_import_each_other_without_a_loop() {
    let imports = ui_imports();
    assert!(
        imports["menus"].contains("command"),
        "the scan sees imports: {imports:#?}"
    );
    let mut done = std::collections::BTreeSet::new();
    for name in imports.keys() {
        let cycle = visit(name, &imports, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import loop in src/ui: {:?}",
            cycle.unwrap()
        );
    }
    // Only the app's own files know the app type.
    let knows_app: Vec<&String> = imports
        .iter()
        .filter(|(_, used)| used.contains("app"))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        knows_app,
        ["dispatch", "project_actions", "workers"],
        "{imports:#?}"
    );
}
