//! Positions in the text: saphyr's character indexes as byte offsets, and the ends of quoted
//! scalars and flow collections where saphyr's spans run on.

use saphyr_parser::{Marker, Span as YamlSpan};

use crate::cfn::value::{Pos, Span};

/// Converts saphyr's character indexes into byte offsets, walking forward through the text.
pub(super) struct CharCursor<'a> {
    pub(super) text: &'a str,
    pub(super) ascii: bool,
    pub(super) char_index: usize,
    pub(super) byte_index: usize,
}

impl CharCursor<'_> {
    pub(super) fn pos(&mut self, m: &Marker) -> Pos {
        let target = m.index();
        if target < self.char_index {
            self.char_index = 0;
            self.byte_index = 0;
        }
        if self.ascii {
            self.char_index = target;
            self.byte_index = target.min(self.text.len());
        } else {
            let rest = self.text.get(self.byte_index..).unwrap_or_default();
            let step = target - self.char_index;
            self.byte_index += rest.char_indices().nth(step).map_or(rest.len(), |(i, _)| i);
            self.char_index = target;
        }
        Pos {
            offset: self.byte_index,
            line: m.line(),
            column: m.col() + 1,
        }
    }

    /// saphyr's span of a quoted scalar runs on over the blanks and the comment after it
    /// (`"v"  # note`); the value ends at its closing quote, so that an edit keeps the comment.
    pub(super) fn to_closing_quote(&self, span: Span) -> Span {
        let bytes = self.text.as_bytes();
        // Step over the tag and anchor that may come first (`!Sub "x"`, `&a 'x'`).
        let mut i = span.start.offset;
        while let Some(b'!' | b'&') = bytes.get(i) {
            while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                i += 1;
            }
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
        }
        let quote = bytes.get(i).copied();
        let mut j = i + 1;
        let end = loop {
            match (quote, bytes.get(j)) {
                (Some(b'\''), Some(b'\'')) if bytes.get(j + 1) == Some(&b'\'') => j += 2,
                (Some(b'"'), Some(b'\\')) => j += 2,
                (Some(q @ (b'\'' | b'"')), Some(&b)) if b == q => break j + 1,
                (Some(b'\'' | b'"'), Some(_)) => j += 1,
                _ => return span,
            }
        };
        self.shorten(span, end)
    }

    /// The same for the `]` or `}` that closes a flow collection: it ends after the bracket.
    pub(super) fn to_closing_bracket(&self, span: Span) -> Pos {
        match self.text.as_bytes().get(span.start.offset) {
            Some(b']' | b'}') => self.shorten(span, span.start.offset + 1).end,
            _ => span.end,
        }
    }

    /// `span` ending at byte `end`, if that is inside it.
    fn shorten(&self, span: Span, end: usize) -> Span {
        let Some(inside) = self.text.get(span.start.offset..end) else {
            return span;
        };
        if end >= span.end.offset {
            return span;
        }
        let (line, column) = match inside.rfind('\n') {
            None => (span.start.line, span.start.column + inside.chars().count()),
            Some(nl) => (
                span.start.line + inside.matches('\n').count(),
                inside.get(nl + 1..).map_or(0, |s| s.chars().count()) + 1,
            ),
        };
        Span {
            start: span.start,
            end: Pos {
                offset: end,
                line,
                column,
            },
        }
    }

    pub(super) fn span(&mut self, s: &YamlSpan) -> Span {
        Span {
            start: self.pos(&s.start),
            end: self.pos(&s.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cfn::yaml_read::tests::read;

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "d: \"é\"\nk: v\n";
        let n = read(text);
        let k = n.as_mapping().unwrap().entry("k").unwrap();
        assert_eq!(&text[k.key_span.start.offset..k.key_span.end.offset], "k");
        assert_eq!(
            &text[k.value.span.start.offset..k.value.span.end.offset],
            "v"
        );
    }
}
