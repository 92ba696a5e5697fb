//! Reading YAML into [`Node`]s, with spans, from `saphyr-parser` events.
//!
//! We build the tree ourselves rather than through serde because we need what serde hides:
//! the span of every value (for messages and minimal-diff saving), repeated keys reported as
//! warnings rather than refused (PyYAML and CloudFormation take the last value), and bounds on
//! alias expansion and nesting that turn hostile input into an error instead of a crash.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::diagnostic::ImportError;
use super::intrinsic::Func;
use super::value::{Entry, Mapping, Node, Pos, Span, Value};

mod cursor;
mod tags;

use cursor::CharCursor;
pub(super) use tags::long_form;
use tags::tagged;

/// Deepest nesting of collections we accept. Real templates stay under 30.
pub const MAX_DEPTH: usize = 128;

/// Most values that aliases may expand to, which stops "billion laughs" alias bombs.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A repeated mapping key: the later value replaced the earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Keys and indexes from the root down to the mapping, e.g. `["Resources"]`.
    pub path: Vec<String>,
    /// The repeated key.
    pub key: String,
    /// Where the repeated key was written.
    pub pos: Pos,
    /// Where the key was first written.
    pub first: Pos,
}

/// A document read from text: its root value and what the reader noticed on the way.
#[derive(Clone, Debug)]
pub struct RawDocument {
    /// The root value.
    pub root: Node,
    /// Repeated keys, in the order they were found.
    pub duplicates: Vec<DuplicateKey>,
    /// Where the first alias (`*name`) or merge key (`<<: *name`) was written: PyYAML, the
    /// AWS CLI's `package` and `sam deploy` expand them, CloudFormation itself refuses them.
    pub first_alias: Option<Pos>,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Pos,
        /// The function its tag names, as in `!Join [...]`.
        func: Option<Func>,
        anchor: usize,
    },
    Map {
        map: Mapping,
        key: Option<(String, Span)>,
        start: Pos,
        func: Option<Func>,
        anchor: usize,
        /// The mappings merged in by `<<` keys, in the order written.
        merges: Vec<Mapping>,
    },
}

struct Builder<'a> {
    file: &'a str,
    cursor: CharCursor<'a>,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: std::collections::HashMap<usize, (Node, usize)>,
    alias_nodes: usize,
    duplicates: Vec<DuplicateKey>,
    first_alias: Option<Pos>,
}

/// Reads one YAML document.
pub fn read_yaml(text: &str, file: &str) -> Result<RawDocument, ImportError> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        file,
        cursor: CharCursor {
            text,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_index: 0,
        },
        stack: Vec::new(),
        root: None,
        anchors: std::collections::HashMap::new(),
        alias_nodes: 0,
        duplicates: Vec::new(),
        first_alias: None,
    };
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let pos = b.cursor.pos(e.marker());
            ImportError::new(file, Some(pos), format!("YAML syntax error: {}", e.info()))
        })?;
        let span = b.cursor.span(&span);
        if let Event::Scalar(_, _, _, Some(tag))
        | Event::SequenceStart(_, Some(tag))
        | Event::MappingStart(_, Some(tag)) = &event
            && tag.handle.is_empty()
            && tag.suffix.is_empty()
        {
            // `!<>` names no tag at all; written back it would read as something else. (Found
            // by the `roundtrip` fuzz target.)
            return Err(b.error(span.start, "an empty tag (!<>) is not valid YAML"));
        }
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(ImportError::new(
                        file,
                        Some(span.start),
                        "the file holds more than one YAML document; a template is one document",
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let span = if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                {
                    b.cursor.to_closing_quote(span)
                } else {
                    span
                };
                let node = b.scalar(&text, style, tag.as_deref(), span)?;
                // The text as written is kept only where it becomes a key.
                let is_key = matches!(b.stack.last(), Some(Frame::Map { key: None, .. }));
                b.finish(node, anchor, is_key.then(|| text.into_owned()))?;
            }
            Event::SequenceStart(anchor, tag) => {
                let func = b.collection_func(tag.as_deref(), span, "seq")?;
                b.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start,
                    func,
                    anchor,
                })?;
            }
            Event::MappingStart(anchor, tag) => {
                let func = b.collection_func(tag.as_deref(), span, "map")?;
                b.push(Frame::Map {
                    map: Mapping::new(),
                    key: None,
                    start: span.start,
                    func,
                    anchor,
                    merges: Vec::new(),
                })?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = b.cursor.to_closing_bracket(span);
                b.end_collection(end)?;
            }
            Event::Alias(id) => b.alias(id, span)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    let root = b.root.ok_or_else(|| {
        ImportError::new(
            file,
            Some(Pos {
                offset: 0,
                line: 1,
                column: 1,
            }),
            "the file has no content (only comments or blank lines)",
        )
    })?;
    Ok(RawDocument {
        root,
        duplicates: b.duplicates,
        first_alias: b.first_alias,
    })
}

impl Builder<'_> {
    fn error(&self, pos: Pos, message: impl Into<String>) -> ImportError {
        ImportError::new(self.file, Some(pos), message)
    }

    fn push(&mut self, frame: Frame) -> Result<(), ImportError> {
        if self.stack.len() >= MAX_DEPTH {
            let pos = match &frame {
                Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
            };
            return Err(self.error(
                pos,
                format!(
                    "the template nests deeper than {MAX_DEPTH} levels; real templates never do"
                ),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), ImportError> {
        let Some((node, count)) = self.anchors.get(&id) else {
            return Err(self.error(span.start, "alias to an unknown anchor"));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(*count);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(self.error(
                span.start,
                format!(
                    "YAML aliases expand to more than {MAX_ALIAS_NODES} values; this looks like an alias bomb and is refused"
                ),
            ));
        }
        let mut node = node.clone();
        node.span = span;
        self.first_alias.get_or_insert(span.start);
        self.finish(node, 0, None)
    }

    fn end_collection(&mut self, end: Pos) -> Result<(), ImportError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor) = match frame {
            Frame::Seq {
                items,
                start,
                func,
                anchor,
            } => (
                tagged(Value::Sequence(items), Span { start, end }, func),
                anchor,
            ),
            Frame::Map {
                mut map,
                key,
                start,
                func,
                anchor,
                merges,
            } => {
                if let Some((k, span)) = key {
                    // A key with no value cannot happen with a well-formed event stream.
                    return Err(self.error(span.start, format!("the key {k:?} has no value")));
                }
                // PyYAML's merge: the mapping's own keys win, then the merged mappings in the
                // order written. (The merged entries keep the spans of the anchor's text, so a
                // change to this mapping rewrites it whole, expanded.)
                for merged in merges {
                    for (k, entry) in merged.entries() {
                        if !map.contains_key(k) {
                            map.insert_entry(k.to_owned(), entry.clone());
                        }
                    }
                }
                let span = Span { start, end };
                // `!Base64 {Fn::Sub: x}`: the mapping may itself be a long-form function.
                let inner = long_form(map, span);
                let node = tagged(inner.value, span, func);
                (node, anchor)
            }
        };
        self.finish(node, anchor, None)
    }

    /// Places a finished value: as the root, a sequence item, a key, or a mapping value.
    fn finish(
        &mut self,
        node: Node,
        anchor: usize,
        raw: Option<String>,
    ) -> Result<(), ImportError> {
        if anchor > 0 {
            let count = node.count_nodes();
            self.anchors.insert(anchor, (node.clone(), count));
        }
        let path_if_needed = self.stack.len();
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                key: key @ None, ..
            }) => {
                let text = match (&node.value, raw) {
                    (
                        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_),
                        Some(raw),
                    ) => raw,
                    (Value::Intrinsic(_), _) => {
                        return Err(ImportError::new(
                            self.file,
                            Some(node.span.start),
                            "a mapping key cannot be an intrinsic function",
                        ));
                    }
                    _ => {
                        return Err(ImportError::new(
                            self.file,
                            Some(node.span.start),
                            "a mapping key must be a plain string, not a list or mapping",
                        ));
                    }
                };
                *key = Some((text, node.span));
                Ok(())
            }
            Some(Frame::Map {
                map, key, merges, ..
            }) => {
                let Some((k, key_span)) = key.take() else {
                    return Ok(());
                };
                // A plain `<<` is PyYAML's merge key when its value is a mapping or a list of
                // mappings (`<<: *defaults`); quoted, it is an ordinary key.
                if k == "<<"
                    && self.cursor.text.as_bytes().get(key_span.start.offset) == Some(&b'<')
                {
                    let merged: Option<Vec<Mapping>> = match &node.value {
                        Value::Mapping(m) => Some(vec![m.clone()]),
                        Value::Sequence(items) => {
                            items.iter().map(|n| n.as_mapping().cloned()).collect()
                        }
                        _ => None,
                    };
                    if let Some(merged) = merged {
                        merges.extend(merged);
                        self.first_alias.get_or_insert(key_span.start);
                        return Ok(());
                    }
                }
                let repeated = map.contains_key(&k).then(|| k.clone());
                let previous = map.insert_entry(
                    k,
                    Entry {
                        key_span,
                        value: node,
                    },
                );
                if let (Some(previous), Some(k)) = (previous, repeated) {
                    let path = self.path(path_if_needed - 1);
                    self.duplicates.push(DuplicateKey {
                        path,
                        key: k,
                        pos: key_span.start,
                        first: previous.key_span.start,
                    });
                }
                Ok(())
            }
        }
    }

    /// The keys and indexes leading to the first `depth` frames.
    fn path(&self, depth: usize) -> Vec<String> {
        self.stack
            .iter()
            .take(depth)
            .map(|f| match f {
                Frame::Seq { items, .. } => items.len().to_string(),
                Frame::Map { key, .. } => key.as_ref().map(|(k, _)| k.clone()).unwrap_or_default(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::cfn::value::Number;

    pub(super) fn read(text: &str) -> Node {
        read_yaml(text, "t.yaml").unwrap().root
    }

    #[test]
    fn records_spans_and_duplicates() {
        let doc = read_yaml("Resources:\n  A: 1\n  A: 2\n", "t.yaml").unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        let dup = &doc.duplicates[0];
        assert_eq!(dup.path, vec!["Resources".to_owned()]);
        assert_eq!((dup.pos.line, dup.pos.column, dup.first.line), (3, 3, 2));
        let a = doc.root.get_path(&["Resources", "A"]).unwrap();
        assert_eq!(a.value, Value::Number(Number::from_text("2")));
    }

    #[test]
    fn refuses_alias_bombs_and_deep_nesting() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = format!("*l{}", i - 1).replace("*l0", "*a");
            let items = vec![prev; 10].join(", ");
            writeln!(bomb, "l{i}: &l{i} [{items}]").unwrap();
        }
        let err = read_yaml(&bomb, "bomb.yaml").unwrap_err();
        assert!(err.to_string().contains("alias bomb"), "{err}");

        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let err = read_yaml(&deep, "deep.yaml").unwrap_err();
        assert!(err.diagnostic().pos.is_some());
    }

    /// What PyYAML (the pure-Python reader of the AWS CLI, SAM and cfn-flip) reads, though
    /// libyaml and so cfn-lint refuse it; a designer opens it rather than refuse.
    #[test]
    fn reads_what_only_pure_pyyaml_reads() {
        let n = read("a: {Fn::GetAtt:[Role, Arn]}\nb: \"\\ud83d\\ude00\"\nc: x\u{FEFF}y\n");
        let a = n.get_path(&["a"]).and_then(Node::as_intrinsic).unwrap();
        assert_eq!(a.func, Func::GetAtt);
        assert_eq!(n.get_path(&["b"]).and_then(Node::as_str), Some("😀"));
        assert_eq!(
            n.get_path(&["c"]).and_then(Node::as_str),
            Some("x\u{FEFF}y")
        );
        // A lone surrogate is still refused, as by every YAML reader.
        assert!(read_yaml("a: \"\\ud83d\"\n", "t.yaml").is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = read_yaml("a: [1, 2\nb: 3\n", "bad.yaml").unwrap_err();
        assert!(err.diagnostic().pos.is_some_and(|p| p.line >= 1));
        assert!(err.to_string().starts_with("bad.yaml:"));
        let err = read_yaml("a: 1\n---\nb: 2\n", "two.yaml").unwrap_err();
        assert!(err.to_string().contains("more than one"));
        for text in ["a: !<> x\n", "a: !<> [x]\n", "a: !<> {b: c}\n"] {
            let err = read_yaml(text, "tag.yaml").unwrap_err();
            assert!(err.to_string().starts_with("tag.yaml:1:4:"), "{err}");
            assert!(err.to_string().contains("empty tag"), "{err}");
        }
    }
}
