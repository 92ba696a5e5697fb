//! Minimal-diff saving: an unchanged template saves byte-identical, and after edits only the
//! edited text changes. The tests compute the line diff and check it against the regions the
//! edits may touch; nothing is compared with an approved snapshot.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::ops::Range;

use similar::{DiffOp, TextDiff};
use stackcanvas::cfn::{self, Format, Node, Template, Value};
use stackcanvas::edit::Edit;
use stackcanvas::model::{Document, RefGraph};

fn open(path: &std::path::Path, name: &str) -> (Vec<u8>, Document) {
    let bytes = std::fs::read(path).unwrap();
    let t = cfn::import(&bytes, name, Format::from_path(path))
        .unwrap()
        .template;
    (bytes, Document::new(t))
}

#[test]
fn every_file_saves_byte_identical() {
    let mut files: Vec<(String, std::path::PathBuf)> = common::corpus_files();
    for f in [
        "comments-crlf.yaml",
        "bom.yaml",
        "mixed-forms.yaml",
        "long-form.json",
        "sam-transform.yaml",
        "unknown-tags.yaml",
        "broken-resources.yaml",
    ] {
        files.push((f.to_owned(), common::fixture(f)));
    }
    for f in common::fixtures_in("pyyaml") {
        let path = common::fixture(&f);
        files.push((f, path));
    }
    files.extend(
        common::samples()
            .into_iter()
            .map(|p| (p.display().to_string(), p)),
    );
    let mut identical = 0;
    for (name, path) in &files {
        let (bytes, doc) = open(path, name);
        let format = doc.template.style.format;
        let saved = doc.save_text(format).unwrap();
        assert!(
            saved.as_bytes() == bytes.as_slice(),
            "{name}: saving changed the file"
        );
        identical += 1;
    }
    eprintln!("{identical} of {} files saved byte-identical", files.len());
    assert_eq!(identical, files.len());
    // CRLF and the BOM really are in those fixtures.
    assert!(
        std::fs::read(common::fixture("comments-crlf.yaml"))
            .unwrap()
            .windows(2)
            .any(|w| w == b"\r\n")
    );
    assert!(
        std::fs::read(common::fixture("bom.yaml"))
            .unwrap()
            .starts_with(&[0xEF, 0xBB, 0xBF])
    );
}

/// Line number (0-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count()
}

/// The lines of each resource entry, from its logical ID's line up to the next entry's line.
fn resource_lines(text: &str, t: &Template, id: &str) -> Option<Range<usize>> {
    let src = t.source()?;
    let root = src.root.as_mapping()?;
    let resources = root.get("Resources")?.as_mapping()?;
    let keys: Vec<(&str, usize)> = resources
        .entries()
        .map(|(k, e)| (k, e.key_span.start.offset))
        .collect();
    let i = keys.iter().position(|(k, _)| *k == id)?;
    let start = line_of(text, keys[i].1);
    let end = match keys.get(i + 1) {
        Some((_, next)) => line_of(text, *next),
        None => section_end_line(text, t, "Resources"),
    };
    Some(start..end)
}

/// The line after the last line of a top-level section.
fn section_end_line(text: &str, t: &Template, section: &str) -> usize {
    let root = t.source().unwrap().root.as_mapping().unwrap();
    let keys: Vec<(&str, usize)> = root
        .entries()
        .map(|(k, e)| (k, e.key_span.start.offset))
        .collect();
    let i = keys.iter().position(|(k, _)| *k == section).unwrap();
    keys.get(i + 1)
        .map_or(text.lines().count() + 1, |(_, o)| line_of(text, *o))
}

fn section_lines(text: &str, t: &Template, section: &str) -> Option<Range<usize>> {
    let root = t.source()?.root.as_mapping()?;
    let e = root.entry(section)?;
    Some(line_of(text, e.key_span.start.offset)..section_end_line(text, t, section))
}

/// Lines the edits may touch in one version of the file.
fn allowed_lines(
    text: &str,
    t: &Template,
    resources: &[&str],
    mention: &str,
    json: bool,
) -> HashSet<usize> {
    let mut allowed = HashSet::new();
    let mut add = |r: Range<usize>| {
        // In JSON a neighbour's line gains or loses a comma, and closing braces look alike, so
        // a line diff may attribute a removed entry's last lines to its neighbour.
        let r = if json {
            r.start.saturating_sub(3)..r.end + 3
        } else {
            r.start.saturating_sub(1)..r.end + 1
        };
        allowed.extend(r);
    };
    for id in resources {
        if let Some(r) = resource_lines(text, t, id) {
            add(r);
        }
    }
    if let Some(r) = section_lines(text, t, "Metadata") {
        add(r);
    }
    if json {
        // The entries before an insertion at the end of Resources or of the file.
        let res_end = section_end_line(text, t, "Resources");
        add(res_end.saturating_sub(3)..res_end);
        let n = text.lines().count();
        add(n.saturating_sub(3)..n + 1);
    }
    if !text.ends_with('\n') {
        // Text added at the end gives the last line the newline it lacked.
        allowed.insert(text.lines().count().saturating_sub(1));
    }
    for (i, line) in text.lines().enumerate() {
        if contains_word(line, mention) {
            allowed.insert(i);
        }
    }
    allowed
}

fn contains_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(i, _)| {
        let after = line[i + word.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The first string property named like a description, which any value keeps valid.
fn description_property(t: &Template) -> Option<(String, String)> {
    for r in t.resources() {
        for key in ["Description", "GroupDescription", "AlarmDescription"] {
            if r.property(&[key]).and_then(Node::as_str).is_some() {
                return Some((r.logical_id.to_owned(), key.to_owned()));
            }
        }
    }
    None
}

/// The scripted edits of one template, and the resources they touch.
struct Script {
    renamed: (String, String),
    changed: String,
    deleted: String,
    added: String,
}

fn run_script(doc: &mut Document, graph: &RefGraph) -> Option<Script> {
    let ids: Vec<String> = doc
        .template
        .resources()
        .map(|r| r.logical_id.to_owned())
        .collect();
    if ids.len() < 5 {
        return None;
    }
    let (changed, key) = description_property(&doc.template)?;
    // Rename a resource that others refer to, so that references must follow.
    let renamed = ids
        .iter()
        .find(|id| **id != changed && !graph.incoming_refs(id).is_empty() && id.len() > 3)?
        .clone();
    // Delete one that nothing refers to, not even an output.
    let outputs = doc.template.section("Outputs").cloned().unwrap_or_default();
    let deleted = ids
        .iter()
        .rev()
        .find(|id| {
            **id != changed
                && **id != renamed
                && graph.incoming_refs(id).is_empty()
                && !stackcanvas::edit::references_to(&outputs, id)
        })?
        .clone();
    let moved = ids.iter().find(|id| **id != deleted)?.clone();

    doc.apply(Edit::MoveBoxes(vec![(moved, emath::pos2(120.0, 80.0))]))
        .unwrap();
    let new_name = format!("{renamed}Renamed");
    doc.apply(Edit::RenameResource {
        from: renamed.clone(),
        to: new_name.clone(),
    })
    .unwrap();
    let old = doc
        .template
        .resource(&changed)?
        .property(&[&key])?
        .as_str()?
        .to_owned();
    doc.apply(Edit::SetValue {
        logical_id: changed.clone(),
        path: vec!["Properties".into(), key],
        value: Some(Node::string(format!("{old} - edited in Stack Canvas"))),
    })
    .unwrap();
    let mut topic = cfn::Mapping::new();
    topic.insert("Type", Node::string("AWS::SNS::Topic"));
    let added = "StackCanvasAddedTopic".to_owned();
    doc.apply(Edit::AddResource {
        logical_id: added.clone(),
        body: Node::new(Value::Mapping(topic)),
    })
    .unwrap();
    doc.apply(Edit::DeleteResource {
        logical_id: deleted.clone(),
        remove_references: true,
    })
    .unwrap();
    Some(Script {
        renamed: (renamed, new_name),
        changed,
        deleted,
        added,
    })
}

#[test]
fn scripted_edits_touch_only_the_edited_text() {
    let dir = common::scratch_dir("minimal-diff");
    let mut pairs = Vec::new();
    let mut minimal = 0;
    let mut tried = Vec::new();
    for (name, path) in common::corpus_files() {
        let (bytes, mut doc) = open(&path, &name);
        let old_text = String::from_utf8(bytes.clone()).unwrap();
        let old_text = old_text.trim_start_matches('\u{FEFF}');
        if old_text.contains("Fn::ForEach") || name.contains("vpc-lattice") {
            continue;
        }
        let graph = RefGraph::build(&doc.template, &name);
        let original = doc.template.clone();
        let Some(script) = run_script(&mut doc, &graph) else {
            continue;
        };
        let format = doc.template.style.format;
        let new_text = doc.save_text(format).unwrap();
        let reread = cfn::import(new_text.as_bytes(), "out", Some(format))
            .unwrap()
            .template;
        // The edits are all there.
        assert!(reread.resource(&script.renamed.1).is_some(), "{name}");
        assert!(reread.resource(&script.renamed.0).is_none(), "{name}");
        assert!(reread.resource(&script.deleted).is_none(), "{name}");
        assert!(reread.resource(&script.added).is_some(), "{name}");
        assert!(
            reread
                .section_mapping("Metadata")
                .is_some_and(|m| m.contains_key("StackCanvas")),
            "{name}: layout block missing"
        );
        assert_eq!(
            reread
                .root_node()
                .first_difference(&doc.template_for_save().root_node().clone()),
            None,
            "{name}: the saved text does not read back as the edited document"
        );

        let json = format == Format::Json;
        let old_allowed = allowed_lines(
            old_text,
            &original,
            &[&script.renamed.0, &script.changed, &script.deleted],
            &script.renamed.0,
            json,
        );
        let new_allowed = allowed_lines(
            &new_text,
            &reread,
            &[&script.renamed.1, &script.changed, &script.added],
            &script.renamed.1,
            json,
        );
        let diff = TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .diff_lines(old_text, new_text.as_str());
        let old_lines: Vec<&str> = old_text.lines().collect();
        let new_lines: Vec<&str> = new_text.lines().collect();
        let mut stray = Vec::new();
        for op in diff.ops() {
            let (old_range, new_range) = match *op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete {
                    old_index, old_len, ..
                } => (old_index..old_index + old_len, 0..0),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => (0..0, new_index..new_index + new_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => (
                    old_index..old_index + old_len,
                    new_index..new_index + new_len,
                ),
            };
            stray.extend(
                old_range
                    .filter(|i| !old_allowed.contains(i))
                    .map(|i| format!("-{}: {}", i + 1, old_lines.get(i).unwrap_or(&""))),
            );
            stray.extend(
                new_range
                    .filter(|i| !new_allowed.contains(i))
                    .map(|i| format!("+{}: {}", i + 1, new_lines.get(i).unwrap_or(&""))),
            );
        }
        if !stray.is_empty() {
            std::fs::write(dir.join("failed.txt"), &new_text).unwrap();
        }
        assert!(
            stray.is_empty(),
            "{name}: the diff touches lines outside the edits:\n{}",
            stray.join("\n")
        );
        minimal += 1;
        tried.push(name.clone());
        let out = dir.join(format!(
            "{}.{}",
            name.replace('/', "__"),
            if json { "json" } else { "yaml" }
        ));
        std::fs::write(&out, &new_text).unwrap();
        pairs.push((path.clone(), out));
    }
    eprintln!("minimal diffs on {minimal} templates: {tried:?}");
    assert!(minimal >= 10, "only {minimal} templates were edited");
    assert!(
        tried
            .iter()
            .any(|n| n.to_ascii_lowercase().ends_with(".json"))
            && tried
                .iter()
                .any(|n| n.to_ascii_lowercase().ends_with(".yaml"))
    );

    if common::skip_oracle() {
        return;
    }
    for line in common::run_oracle(&dir, &pairs) {
        let out = line
            .get_path(&["output"])
            .and_then(Node::as_str)
            .unwrap_or_default();
        assert!(
            common::new_errors(&line).is_empty(),
            "{out}: new cfn-lint errors {:?}",
            common::new_errors(&line)
        );
    }
}

/// The reader's span of a quoted scalar runs on over the spaces and comment after it; an edit
/// of the value must still keep the comment.
#[test]
fn editing_a_quoted_or_flow_value_keeps_the_comment_after_it() {
    let text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: \"jobs\"  # the main queue\n      Tags: [{Key: a, Value: b}]  # one tag\n      DelaySeconds: 5\n";
    let t = cfn::import_text(text, "q.yaml", None, false)
        .unwrap()
        .template;
    let mut doc = Document::new(t);
    doc.apply(Edit::SetValue {
        logical_id: "Q".into(),
        path: vec!["Properties".into(), "QueueName".into()],
        value: Some(Node::string("work")),
    })
    .unwrap();
    doc.apply(Edit::SetValue {
        logical_id: "Q".into(),
        path: vec!["Properties".into(), "Tags".into()],
        value: Some(Node::new(Value::Sequence(Vec::new()))),
    })
    .unwrap();
    let saved = doc.save_text(Format::Yaml).unwrap();
    assert!(saved.contains("# the main queue"), "{saved}");
    assert!(saved.contains("# one tag"), "{saved}");
    assert!(saved.contains("work"), "{saved}");
    assert!(saved.contains("DelaySeconds: 5\n"), "{saved}");
}
