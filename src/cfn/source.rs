//! Turning file bytes into text: encodings, byte-order marks, line endings and formats.

use super::diagnostic::ImportError;
use super::value::Pos;

/// The two serialisations of a template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// YAML, with short-form tags.
    #[default]
    Yaml,
    /// JSON, long form only.
    Json,
}

impl Format {
    /// The format for a file name by its extension: `.json` is JSON, the rest YAML.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// Guesses the format from the text: JSON starts with `{` or `[`.
    pub fn sniff(text: &str) -> Self {
        let first = text
            .lines()
            .map(str::trim_start)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        if first.is_some_and(|l| l.starts_with('{') || l.starts_with('[')) {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// Line ending used by a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`.
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
}

/// How a file was written, so that a writer can write it the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextStyle {
    /// The file's format.
    pub format: Format,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The line ending of the first line break.
    pub line_ending: LineEnding,
    /// Whether the last line ends with a line break (true for an empty file).
    pub trailing_newline: bool,
}

/// Decodes file bytes into text.
///
/// Accepts UTF-8 with or without a byte-order mark, and UTF-16 with one. Refuses binary and
/// other encodings, naming the line and column of the first bad byte.
pub fn decode(bytes: &[u8], file: &str) -> Result<(String, bool), ImportError> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::new(
            file,
            Some(Pos {
                offset: 0,
                line: 1,
                column: 1,
            }),
            "the file is empty; a template needs at least a Resources section",
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, file).map(|t| (t, true));
    }
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            return utf16(rest, little, file).map(|t| (t, false));
        }
    }
    utf8(bytes, file).map(|t| (t, false))
}

fn utf8(bytes: &[u8], file: &str) -> Result<String, ImportError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let bad = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            let pos = pos_at(String::from_utf8_lossy(good).as_ref(), good.len());
            let what = if bytes.contains(&0) {
                "this is a binary file, not a template"
            } else {
                "the file is not UTF-8 text"
            };
            return Err(ImportError::new(
                file,
                Some(pos),
                format!("{what} (byte 0x{bad:02X}); save it as UTF-8"),
            ));
        }
    };
    if let Some(i) = text.find('\0') {
        return Err(ImportError::new(
            file,
            Some(pos_at(text, i)),
            "this is a binary file, not a template (it contains a NUL byte)",
        ));
    }
    Ok(text.to_owned())
}

fn utf16(bytes: &[u8], little: bool, file: &str) -> Result<String, ImportError> {
    let units = bytes.chunks(2).map(|c| match (c, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ImportError::new(file, None, "the file is UTF-16 with an invalid surrogate"))
}

/// The style of `text`: line ending and trailing newline.
pub fn text_style(text: &str, format: Format, bom: bool) -> TextStyle {
    let line_ending = match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => LineEnding::CrLf,
        _ => LineEnding::Lf,
    };
    TextStyle {
        format,
        bom,
        line_ending,
        trailing_newline: text.is_empty() || text.ends_with('\n'),
    }
}

/// The position of byte `offset` in `text`, counting lines and character columns from 1.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        offset,
        line: before.matches('\n').count() + 1,
        column: before.get(line_start..).map_or(0, |l| l.chars().count()) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_utf16() {
        let (t, bom) = decode(b"\xEF\xBB\xBFa: 1\n", "f").unwrap();
        assert_eq!((t.as_str(), bom), ("a: 1\n", true));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a: é".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, "f").unwrap().0, "a: é");
    }

    #[test]
    fn refuses_non_utf8_with_position() {
        let err = decode(b"a: 1\nb: caf\xE9\n", "t.yaml").unwrap_err();
        let d = err.diagnostic();
        assert_eq!(d.pos.map(|p| (p.line, p.column)), Some((2, 7)));
        assert!(d.message.contains("not UTF-8"));
        let err = decode(b"\x00\x01\x02\xFF", "b.bin").unwrap_err();
        assert!(err.to_string().contains("binary"));
        assert!(
            decode(b"", "e.yaml")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
    }

    #[test]
    fn finds_styles_and_positions() {
        let s = text_style("a\r\nb", Format::Yaml, false);
        assert_eq!(s.line_ending, LineEnding::CrLf);
        assert!(!s.trailing_newline);
        let p = pos_at("ab\ncé\nx", 6);
        assert_eq!((p.line, p.column), (2, 3));
        assert_eq!(pos_at("ab\ncé\nx", 7).line, 3);
        assert_eq!(Format::sniff("# c\n{ }"), Format::Json);
        assert_eq!(Format::sniff("Resources: {}"), Format::Yaml);
    }
}
