//! The properties the fuzz targets in `fuzz/` check, one function a target.
//!
//! Each function takes the fuzzer's bytes and panics when a property fails; a panic is what
//! libFuzzer reports as a crash. They live in the library, not in `fuzz/`, so that
//! `tests/fuzz_seeds.rs` runs them on stable Rust over the seed corpora and every crash found,
//! with no fuzzer installed. See `FUZZING.md`.

// Panicking when a property fails is what these functions are for.
#![allow(clippy::missing_panics_doc)]

use crate::cfn::{
    self, Form, Format, Func, ImportError, Intrinsic, Mapping, Node, Number, Template, Value,
};
use crate::edit::{self, DropTarget, Edit, History, PALETTE};
use crate::layout::{LayoutOptions, layout};
use crate::model::{Derived, Document};
use crate::scene::{Scene, SceneOptions};

/// The name the fuzzed file goes by in messages.
const FILE: &str = "fuzz.yaml";

/// A logical ID the `sub` target renames references to and back.
const TEMP: &str = "ZzFuzzRenamed";

/// Target `yaml_import`: reading any bytes as YAML either fails with a positioned error or
/// gives a template that the app can derive, lay out and draw; none of it panics.
pub fn yaml_import(data: &[u8]) {
    import_and_draw(data, Format::Yaml);
}

/// Target `json_import`: as [`yaml_import`], for JSON.
pub fn json_import(data: &[u8]) {
    import_and_draw(data, Format::Json);
}

fn import_and_draw(data: &[u8], format: Format) {
    let Some(template) = import_checked(data, Some(format)) else {
        return;
    };
    let derived = Derived::build(&template, FILE);
    let doc = Document::new(template);
    let laid = layout(
        &doc.template,
        &derived,
        &doc.layout,
        &LayoutOptions::default(),
    );
    let scene = Scene::build(&doc.template, &derived, &laid, &SceneOptions::default());
    for node in &scene.nodes {
        assert!(
            node.rect.is_finite(),
            "node {} has a non-finite rectangle",
            node.logical_id
        );
    }
}

/// Imports bytes, checking that an error names the file and a position inside the text.
fn import_checked(data: &[u8], format: Option<Format>) -> Option<Template> {
    match cfn::import(data, FILE, format) {
        Ok(imported) => Some(imported.template),
        Err(e) => {
            // Positions count in the decoded text, which for UTF-16 is not the input's length.
            let len = cfn::decode(data, FILE).map_or(data.len(), |(text, _)| text.len());
            check_error(&e, len);
            None
        }
    }
}

fn check_error(e: &ImportError, len: usize) {
    let d = e.diagnostic();
    assert_eq!(d.file, FILE, "the error does not name the file: {e}");
    if let Some(pos) = d.pos {
        assert!(pos.line >= 1 && pos.column >= 1, "bad position in: {e}");
        assert!(pos.offset <= len, "position past the end in: {e}");
    }
}

/// Target `sub`: a `Fn::Sub` string splits into parts that join back into the same string;
/// renaming a reference inside it and back gives it back; and it survives being written as
/// YAML and JSON, as a `!Sub` argument, a plain string and a mapping key.
pub fn sub(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parts = cfn::parse_sub(&text);
    assert_eq!(cfn::unparse_sub(&parts), text, "parts: {parts:?}");

    let mut props = Mapping::new();
    props.insert("Sub", intrinsic(Func::Sub, Node::string(text.as_ref())));
    props.insert("Plain", Node::string(text.as_ref()));
    props.insert(text.as_ref(), Node::string("key"));
    let original = template_with(props);

    if !text.contains(TEMP) {
        for target in parts.iter().filter_map(cfn::SubPart::target) {
            let mut root = original.root().clone();
            edit::rename_references(&mut root, target, TEMP);
            edit::rename_references(&mut root, TEMP, target);
            assert!(
                root == *original.root(),
                "renaming {target:?} and back changed the template"
            );
        }
    }
    for format in [Format::Yaml, Format::Json] {
        assert_reads_back(&original, &cfn::write(&original, format), format);
    }
}

/// Target `edits`: a random sequence of edits on a sample template. After each edit the
/// saved text (minimal-diff in the file's own format, written anew in the other) reads back
/// as the edited document; undoing every edit gives back the original, byte for byte; and
/// redoing them all gives back the edited document.
pub fn edits(data: &[u8]) {
    let mut input = Input(data);
    let (name, text) = BASES[usize::from(input.byte()) % BASES.len()];
    let Ok(imported) = cfn::import_text(text, name, None, false) else {
        panic!("{name} does not import");
    };
    let original = Document::new(imported.template);
    let original_text = original.save_text(original.template.style.format);
    let mut doc = original.clone();
    let mut history = History::default();
    let mut applied = 0;
    while !input.is_empty() && applied < 16 {
        let edits = next_edits(&mut input, &doc);
        let before = doc.clone();
        let mut ok = true;
        for e in edits {
            if doc.apply(e).is_err() {
                ok = false;
                break;
            }
        }
        if !ok || doc == before {
            doc = before;
            continue;
        }
        history.record("fuzz", before);
        applied += 1;
        // The minimal-diff save after every edit; the other format once, at the end.
        let own = doc.template.style.format;
        if let Ok(text) = doc.save_text(own) {
            assert_reads_back(&doc.template_for_save(), &text, own);
        }
    }
    let other = match doc.template.style.format {
        Format::Yaml => Format::Json,
        Format::Json => Format::Yaml,
    };
    // A YAML tag that is no CloudFormation function has no JSON form, and is refused.
    if let Ok(text) = doc.save_text(other) {
        assert_reads_back(&doc.template_for_save(), &text, other);
    }
    let edited = doc.clone();
    while let Some(prev) = history.undo(doc.clone()) {
        doc = prev;
    }
    assert!(
        doc == original,
        "undoing every edit did not restore the document"
    );
    assert_eq!(
        doc.save_text(doc.template.style.format),
        original_text,
        "undoing every edit did not restore the text"
    );
    while let Some(next) = history.redo(doc.clone()) {
        doc = next;
    }
    assert!(
        doc == edited,
        "redoing every edit did not give the edited document"
    );
}

/// Target `roundtrip`: any template that imports can be exported as YAML and as JSON, and
/// each export imports as an equal template and exports again as the same text. Saving it
/// unchanged gives back the input text.
pub fn roundtrip(data: &[u8]) {
    let Some(template) = import_checked(data, None) else {
        return;
    };
    let Ok((original, _)) = cfn::decode(data, FILE) else {
        panic!("the input imported but does not decode");
    };
    // Reading drops every leading byte-order mark and saving writes back one, on purpose.
    let original = original.trim_start_matches('\u{FEFF}');
    let saved = cfn::write_preserving(&template);
    assert_eq!(
        saved.trim_start_matches('\u{FEFF}'),
        original,
        "saving an unchanged template changed it"
    );
    for format in [Format::Yaml, Format::Json] {
        let text = cfn::write(&template, format);
        let again = assert_reads_back(&template, &text, format);
        let mut again = again;
        again.style = template.style;
        assert_eq!(
            cfn::write(&again, format),
            text,
            "second {format:?} export differs"
        );
    }
}

/// Reads `text` as `format` and checks that it equals `expected`; returns what was read.
fn assert_reads_back(expected: &Template, text: &str, format: Format) -> Template {
    let again = match cfn::import_text(text, FILE, Some(format), false) {
        Ok(imported) => imported.template,
        Err(e) => panic!("the {format:?} output does not read back: {e}\n{text}"),
    };
    let expected = match format {
        Format::Yaml => expected.root_node().clone(),
        Format::Json => as_json_reads_it(expected.root_node()),
    };
    if let Some(diff) = expected.first_difference(again.root_node()) {
        panic!("the {format:?} output reads back different at {diff}\n{text}");
    }
    again
}

/// `node` as JSON can say it: YAML's `.inf` and `.nan` have no JSON number, so the JSON writer
/// writes them as strings, on purpose. (The `roundtrip` target found this documented case.)
fn as_json_reads_it(node: &Node) -> Node {
    let value = match &node.value {
        Value::Number(n) if n.as_str().ends_with("inf") || n.as_str().ends_with("nan") => {
            Value::String(n.as_str().to_owned())
        }
        Value::Sequence(items) => Value::Sequence(items.iter().map(as_json_reads_it).collect()),
        Value::Mapping(m) => {
            let mut out = Mapping::new();
            for (k, v) in m.iter() {
                out.insert(k, as_json_reads_it(v));
            }
            Value::Mapping(out)
        }
        Value::Intrinsic(f) => Value::Intrinsic(Box::new(Intrinsic {
            func: f.func.clone(),
            arg: as_json_reads_it(&f.arg),
            form: f.form,
        })),
        other => other.clone(),
    };
    Node::new(value)
}

/// The templates the edit target starts from.
const BASES: [(&str, &str); 4] = [
    (
        "vpc-two-az.yaml",
        include_str!("../samples/vpc-two-az.yaml"),
    ),
    (
        "serverless.yaml",
        include_str!("../samples/serverless.yaml"),
    ),
    (
        "mixed-parameters.yaml",
        include_str!("../samples/mixed-parameters.yaml"),
    ),
    (
        "long-form.json",
        include_str!("../tests/fixtures/long-form.json"),
    ),
];

/// The fuzzer's bytes, read from the front; zero once used up.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn pick<'s, T>(&mut self, items: &'s [T]) -> Option<&'s T> {
        if items.is_empty() {
            None
        } else {
            items.get(usize::from(self.byte()) % items.len())
        }
    }

    /// A short string made of pieces that stress quoting in YAML and JSON.
    fn text(&mut self) -> String {
        const PIECES: [&str; 40] = [
            "a",
            "Z",
            "0",
            "7",
            " ",
            ":",
            ": ",
            "#",
            " #",
            "-",
            "- ",
            "'",
            "\"",
            "\\",
            "\n",
            "\t",
            "{",
            "}",
            "[",
            "]",
            ",",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            "${A}",
            "${!B}",
            "${Web.Arn}",
            "true",
            "no",
            "~",
            "null",
            "0x1F",
            "1e3",
            "é\u{2028}",
        ];
        let len = self.byte() % 6;
        (0..len)
            .filter_map(|_| self.pick(&PIECES).copied())
            .collect()
    }
}

/// The next edit or edits (a palette drop or a connection is several) from the input.
fn next_edits(input: &mut Input, doc: &Document) -> Vec<Edit> {
    let ids: Vec<String> = doc
        .template
        .resources()
        .map(|r| r.logical_id.to_owned())
        .collect();
    let any_id = |input: &mut Input| input.pick(&ids).cloned().unwrap_or_default();
    match input.byte() % 10 {
        0 | 1 => {
            let logical_id = any_id(input);
            let keys = property_keys(doc, &logical_id);
            let mut path = vec!["Properties".to_owned()];
            match input.pick(&keys) {
                Some(key) if !input.byte().is_multiple_of(4) => path.push(key.clone()),
                _ => path.push(format!("Fuzz{}", input.text())),
            }
            if input.byte().is_multiple_of(3) {
                path.push(input.text());
            }
            let value = if input.byte().is_multiple_of(5) {
                None
            } else {
                Some(value(input, &ids, 2))
            };
            vec![Edit::SetValue {
                logical_id,
                path,
                value,
            }]
        }
        2 => {
            let section = input
                .pick(&[
                    "Parameters",
                    "Outputs",
                    "Conditions",
                    "Mappings",
                    "Metadata",
                ])
                .copied()
                .unwrap_or("Outputs")
                .to_owned();
            let existing: Vec<String> = doc
                .template
                .section_mapping(&section)
                .map(|m| m.keys().map(str::to_owned).collect())
                .unwrap_or_default();
            let key = match input.pick(&existing) {
                Some(k) if input.byte().is_multiple_of(2) => k.clone(),
                _ => format!("F{}", input.text()),
            };
            let value = (!input.byte().is_multiple_of(4)).then(|| value(input, &ids, 2));
            vec![Edit::SetSectionEntry {
                section,
                key,
                value,
            }]
        }
        3 => {
            let Some(item) = input.pick(PALETTE) else {
                return Vec::new();
            };
            let target = DropTarget {
                vpc: input.byte().is_multiple_of(2).then(|| any_id(input)),
                subnet: input.byte().is_multiple_of(2).then(|| any_id(input)),
            };
            edit::create_edits(doc, item, &target).0
        }
        4 => vec![Edit::DeleteResource {
            logical_id: any_id(input),
            remove_references: !input.byte().is_multiple_of(3),
        }],
        5 => {
            let from = any_id(input);
            let to = match input.byte() % 4 {
                0 => any_id(input),
                1 => input.text(),
                _ => format!("{from}{}", input.byte()),
            };
            vec![Edit::RenameResource { from, to }]
        }
        6 => {
            let (from, to) = (any_id(input), any_id(input));
            edit::connect_edits(doc, &from, &to)
        }
        7 => {
            let (id, parent) = (any_id(input), any_id(input));
            edit::reparent_edit(doc, &id, &parent, None)
                .into_iter()
                .collect()
        }
        8 => {
            let key = any_id(input);
            let (x, y) = (f32::from(input.byte()) * 7.0, f32::from(input.byte()) * 5.0);
            vec![Edit::MoveBoxes(vec![(key, emath::pos2(x, y))])]
        }
        _ => vec![Edit::SetCollapsed(
            any_id(input),
            input.byte().is_multiple_of(2),
        )],
    }
}

fn property_keys(doc: &Document, logical_id: &str) -> Vec<String> {
    doc.template
        .resource(logical_id)
        .and_then(|r| r.properties())
        .map(|m| m.keys().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// A value such as the inspector or the Template panel could set.
fn value(input: &mut Input, ids: &[String], depth: u8) -> Node {
    let id = |input: &mut Input| input.pick(ids).cloned().unwrap_or_else(|| "X".into());
    let kind = input.byte() % if depth == 0 { 7 } else { 9 };
    match kind {
        0 => Node::string(input.text()),
        1 => {
            let n = *input
                .pick(&["0", "7", "-3", "1.5", "3600", "0.25"])
                .unwrap_or(&"0");
            Node::new(Value::Number(Number::from_text(n)))
        }
        2 => Node::new(Value::Bool(input.byte().is_multiple_of(2))),
        3 => Node::new(Value::Null),
        4 => intrinsic(Func::Ref, Node::string(id(input))),
        5 => intrinsic(Func::GetAtt, Node::string(format!("{}.Arn", id(input)))),
        6 => {
            let text = format!("${{{}}}-{}", id(input), input.text());
            intrinsic(Func::Sub, Node::string(text))
        }
        7 => {
            let len = input.byte() % 3;
            Node::new(Value::Sequence(
                (0..len).map(|_| value(input, ids, depth - 1)).collect(),
            ))
        }
        _ => {
            let mut m = Mapping::new();
            for _ in 0..input.byte() % 3 {
                let key = format!("K{}", input.text());
                m.insert(key, value(input, ids, depth - 1));
            }
            Node::new(Value::Mapping(m))
        }
    }
}

fn intrinsic(func: Func, arg: Node) -> Node {
    Node::new(Value::Intrinsic(Box::new(Intrinsic {
        func,
        arg,
        form: Form::Short,
    })))
}

/// A template whose one resource has `props`.
fn template_with(props: Mapping) -> Template {
    let mut resource = Mapping::new();
    resource.insert("Type", Node::string("AWS::SQS::Queue"));
    resource.insert("Properties", Node::new(Value::Mapping(props)));
    let mut resources = Mapping::new();
    resources.insert("Queue", Node::new(Value::Mapping(resource)));
    let mut root = Mapping::new();
    root.insert("Resources", Node::new(Value::Mapping(resources)));
    Template::from_root(root, cfn::TextStyle::default())
}
