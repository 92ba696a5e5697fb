//! Writing a template as YAML: 2-space block style, short-form tags, literal blocks.

use std::fmt::Write as _;

use super::intrinsic::{Form, Func, Intrinsic};
use super::scalar::{can_be_plain, is_printable, yaml_number_text};
use super::source::{Format, LineEnding};
use super::template::Template;
use super::value::{Mapping, Node, Value};

/// Longest flow sequence (`[a, b]`) we write on one line.
const MAX_FLOW_WIDTH: usize = 72;

/// How a YAML file writes things, so that new text matches the file around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YamlStyle {
    /// Spaces per nesting level.
    pub indent: usize,
    /// Whether `- ` items sit one level deeper than their key (else at the key's column).
    pub indent_sequences: bool,
    /// The quote used when quoting is needed: `'` or `"`.
    pub quote: char,
    /// Whether intrinsic functions are written in long form (`Fn::Join:`) rather than tags.
    pub long_form: bool,
    /// Whether long-form functions already in the tree stay long.
    pub keep_long_form: bool,
}

impl Default for YamlStyle {
    fn default() -> Self {
        Self {
            indent: 2,
            indent_sequences: true,
            quote: '\'',
            long_form: false,
            keep_long_form: true,
        }
    }
}

/// The longest implicit key YAML allows, in characters.
const MAX_IMPLICIT_KEY: usize = 1024;

/// Writes `key: value` as lines at column `column` (0-based) in `style`, ending with a newline.
pub fn write_yaml_entry(key: &str, node: &Node, column: usize, style: YamlStyle) -> String {
    let mut w = YamlWriter {
        out: String::new(),
        style,
    };
    let mut m = Mapping::new();
    m.insert(key, node.clone());
    w.mapping_entries(&m, column, false);
    w.out
}

/// Writes `template` as YAML.
///
/// Intrinsic functions use the short form (`!Ref`), except where the source was YAML that used
/// the long form, which is kept, and where the short form cannot say the same thing (a
/// function whose argument is `null` or a number stays long).
pub fn write_yaml(template: &Template) -> String {
    let mut w = YamlWriter {
        out: String::new(),
        style: YamlStyle {
            keep_long_form: template.style.format == Format::Yaml,
            ..YamlStyle::default()
        },
    };
    if template.root().is_empty() {
        // An empty document would read back as no template at all (found by the `roundtrip`
        // fuzz target).
        w.out.push_str("{}\n");
    } else {
        w.mapping_entries(template.root(), 0, false);
    }
    finish(w.out, template)
}

/// Writes one value as a YAML document, e.g. a snippet for the property editor.
pub fn write_yaml_value(node: &Node) -> String {
    let mut w = YamlWriter {
        out: String::new(),
        style: YamlStyle::default(),
    };
    match &node.value {
        Value::Mapping(m) if !m.is_empty() => w.mapping_entries(m, 0, false),
        Value::Sequence(items) if !items.is_empty() => w.sequence_items(items, 0, false),
        _ => {
            w.value_inline(node, 0);
            w.out.push('\n');
        }
    }
    let out = w.out;
    out.strip_prefix(' ').map(str::to_owned).unwrap_or(out)
}

/// Applies the file's line ending, trailing newline and byte-order mark.
pub(crate) fn finish(mut out: String, template: &Template) -> String {
    let style = template.style;
    if !style.trailing_newline {
        while out.ends_with('\n') {
            out.pop();
        }
    }
    if style.line_ending == LineEnding::CrLf {
        out = out.replace('\n', "\r\n");
    }
    if style.bom {
        out.insert(0, '\u{FEFF}');
    }
    out
}

struct YamlWriter {
    out: String,
    style: YamlStyle,
}

impl YamlWriter {
    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(' ');
        }
    }

    /// Writes entries at `indent`, each on its own line; with `first_inline` the first entry
    /// continues the current line (after `- `).
    fn mapping_entries(&mut self, m: &Mapping, indent: usize, first_inline: bool) {
        for (i, (key, value)) in m.iter().enumerate() {
            if i > 0 || !first_inline {
                self.indent(indent);
            }
            let start = self.out.len();
            self.key(key);
            if self.out[start..].chars().count() > MAX_IMPLICIT_KEY {
                // YAML allows implicit keys of at most 1,024 characters; a longer one (found by
                // the `roundtrip` fuzz target: control characters escape to four each) is
                // written as an explicit `? key` with its `:` on the next line.
                let written = self.out.split_off(start);
                self.out.push_str("? ");
                self.out.push_str(&written);
                self.out.push('\n');
                self.indent(indent);
            }
            self.out.push(':');
            self.after_key(value, indent);
        }
    }

    fn sequence_items(&mut self, items: &[Node], indent: usize, first_inline: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !first_inline {
                self.indent(indent);
            }
            self.out.push_str("- ");
            self.after_dash(item, indent);
        }
    }

    fn key(&mut self, key: &str) {
        if can_be_plain(key, false) {
            self.out.push_str(key);
        } else {
            self.quoted(key);
        }
    }

    /// How an intrinsic is written: as a tag, or as a one-key mapping.
    fn use_short(&self, f: &Intrinsic) -> bool {
        let tag_ok = f
            .func
            .short_name()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
            && !f.func.short_name().is_empty();
        // A node takes one tag, so `!Base64 !Sub x` is not YAML: the outer function of a
        // directly nested pair is written long (`Fn::Base64: !Sub x`).
        let arg_ok = matches!(
            f.arg.value,
            Value::String(_) | Value::Sequence(_) | Value::Mapping(_)
        );
        if matches!(f.func, Func::Other(_)) {
            // A function CloudFormation does not know keeps its form: a tag stays a tag, and a
            // `Fn::Foo` key never becomes a made-up `!Foo` tag.
            return tag_ok && arg_ok && f.form == Form::Short;
        }
        tag_ok
            && arg_ok
            && !self.style.long_form
            && !(self.style.keep_long_form && f.form == Form::Long)
    }

    /// Writes a value after `key:`; nested blocks go at `indent + 2`.
    fn after_key(&mut self, node: &Node, indent: usize) {
        match &node.value {
            Value::Mapping(m) if !m.is_empty() => {
                self.out.push('\n');
                self.mapping_entries(m, indent + self.style.indent, false);
            }
            Value::Sequence(items) if !items.is_empty() => {
                self.out.push('\n');
                let items_at = if self.style.indent_sequences {
                    indent + self.style.indent
                } else {
                    indent
                };
                self.sequence_items(items, items_at, false);
            }
            Value::Intrinsic(f) if !self.use_short(f) => {
                self.out.push('\n');
                self.long_form(f, indent + self.style.indent, false);
            }
            Value::Intrinsic(f) => {
                self.out.push(' ');
                self.tagged(f, indent);
            }
            _ => {
                self.out.push(' ');
                self.scalar_block(node, indent + self.style.indent);
            }
        }
    }

    /// Writes a value after `- ` at `indent`.
    fn after_dash(&mut self, node: &Node, indent: usize) {
        match &node.value {
            Value::Mapping(m) if !m.is_empty() => self.mapping_entries(m, indent + 2, true),
            Value::Sequence(items) if !items.is_empty() => {
                self.sequence_items(items, indent + 2, true);
            }
            Value::Intrinsic(f) if !self.use_short(f) => self.long_form(f, indent + 2, true),
            Value::Intrinsic(f) => self.tagged(f, indent),
            _ => self.scalar_block(node, indent + 2),
        }
    }

    fn long_form(&mut self, f: &Intrinsic, indent: usize, first_inline: bool) {
        if !first_inline {
            self.indent(indent);
        }
        self.key(&f.func.long_key());
        self.out.push(':');
        self.after_key(&f.arg, indent);
    }

    /// Writes `!Tag arg`; the tag continues the current line, a block argument goes below it.
    fn tagged(&mut self, f: &Intrinsic, indent: usize) {
        self.out.push('!');
        self.out.push_str(f.func.short_name());
        match &f.arg.value {
            Value::Sequence(items) if !items.is_empty() => {
                if let Some(flow) = self
                    .flow(&f.arg)
                    .filter(|s| s.len() + indent <= MAX_FLOW_WIDTH)
                {
                    self.out.push(' ');
                    self.out.push_str(&flow);
                    self.out.push('\n');
                } else {
                    self.out.push('\n');
                    self.sequence_items(items, indent + self.style.indent, false);
                }
            }
            Value::Mapping(m) if !m.is_empty() => {
                self.out.push('\n');
                self.mapping_entries(m, indent + self.style.indent, false);
            }
            _ => {
                self.out.push(' ');
                self.scalar_block(&f.arg, indent + self.style.indent);
            }
        }
    }

    /// A value on one line in flow style, if it has one that reads well.
    fn flow(&self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Sequence(items) => {
                let parts: Option<Vec<String>> = items.iter().map(|i| self.flow(i)).collect();
                Some(format!("[{}]", parts?.join(", ")))
            }
            Value::Mapping(m) if m.is_empty() => Some("{}".to_owned()),
            Value::Intrinsic(f) if self.use_short(f) => {
                let arg = self.flow(&f.arg)?;
                Some(format!("!{} {arg}", f.func.short_name()))
            }
            Value::Mapping(_) | Value::Intrinsic(_) => None,
            Value::String(s) if s.contains('\n') => None,
            Value::String(s) if can_be_plain(s, true) => Some(s.clone()),
            Value::String(s) => Some(quote_with(s, self.style.quote)),
            _ => Some(scalar_text(node)),
        }
    }

    /// Writes a scalar (or empty collection) and ends the line; multi-line strings become
    /// literal blocks with content at `content_indent`.
    fn scalar_block(&mut self, node: &Node, content_indent: usize) {
        if let Value::String(s) = &node.value
            && let Some(chomp) = literal_chomping(s)
        {
            self.out.push('|');
            self.out.push_str(chomp);
            self.out.push('\n');
            let body = s.trim_end_matches('\n');
            for line in body.split('\n') {
                if !line.is_empty() {
                    self.indent(content_indent);
                    self.out.push_str(line);
                }
                self.out.push('\n');
            }
            for _ in 1..s.len() - body.len() {
                self.out.push('\n');
            }
            return;
        }
        match &node.value {
            Value::String(s) if can_be_plain(s, false) => self.out.push_str(s),
            Value::String(s) => self.quoted(s),
            _ => self.out.push_str(&scalar_text(node)),
        }
        self.out.push('\n');
    }

    fn quoted(&mut self, s: &str) {
        self.out.push_str(&quote_with(s, self.style.quote));
    }

    /// Writes a value inline (for one-line snippets).
    fn value_inline(&mut self, node: &Node, indent: usize) {
        match &node.value {
            Value::Intrinsic(f) if self.use_short(f) => {
                self.tagged(f, indent);
                if self.out.ends_with('\n') {
                    self.out.pop();
                }
            }
            _ => {
                if let Some(flow) = self.flow(node) {
                    self.out.push_str(&flow);
                } else {
                    self.after_dash(node, indent);
                    if self.out.ends_with('\n') {
                        self.out.pop();
                    }
                }
            }
        }
    }
}

/// The text of a non-string scalar or an empty collection.
fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => yaml_number_text(n),
        Value::String(s) => quote(s),
        Value::Sequence(_) => "[]".to_owned(),
        Value::Mapping(_) => "{}".to_owned(),
        Value::Intrinsic(_) => String::new(),
    }
}

/// The chomping indicator for a literal block, or `None` if the string should be quoted.
fn literal_chomping(s: &str) -> Option<&'static str> {
    if !s.contains('\n') || s.trim_matches('\n').is_empty() {
        return None;
    }
    let printable = s
        .chars()
        .all(|c| c == '\n' || (is_printable(c) && c != '\r'));
    let starts_indented =
        s.starts_with([' ', '\t']) || s.trim_start_matches('\n').starts_with([' ', '\t']);
    let blank_with_spaces = s.split('\n').any(|l| !l.is_empty() && l.trim().is_empty());
    if !printable || starts_indented || blank_with_spaces {
        return None;
    }
    // Two or more final line breaks would need keep chomping (`|+`), which also keeps any
    // blank lines that follow in the file: spliced before a blank line, the value would grow.
    // Such strings are quoted instead. (Found by the `edits` fuzz target.)
    match s.len() - s.trim_end_matches('\n').len() {
        0 => Some("-"),
        1 => Some(""),
        _ => None,
    }
}

/// Quotes a string: single quotes when that is enough, double quotes with escapes otherwise.
pub fn quote(s: &str) -> String {
    quote_with(s, '\'')
}

/// Quotes a string, preferring `preferred` (`'` or `"`) when it can say the string.
pub fn quote_with(s: &str, preferred: char) -> String {
    let printable = s.chars().all(|c| is_printable(c) && c != '\t');
    if printable && preferred == '\'' {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xFF => {
                write!(out, "\\x{:02X}", c as u32).ok();
            }
            c if (c as u32) <= 0xFFFF => {
                write!(out, "\\u{:04X}", c as u32).ok();
            }
            c => {
                write!(out, "\\U{:08X}", c as u32).ok();
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::template::import_text;

    fn round(text: &str) -> String {
        let i = import_text(text, "t.yaml", None, false).unwrap();
        write_yaml(&i.template)
    }

    #[test]
    fn writes_short_forms_and_block_style() {
        let text = concat!(
            "Resources:\n",
            "  Subnet:\n",
            "    Type: AWS::EC2::Subnet\n",
            "    Properties:\n",
            "      AvailabilityZone: !Select [0, !GetAZs '']\n",
            "      VpcId: !Ref Vpc\n",
            "      CidrBlock: !Select\n",
            "        - 0\n",
            "        - !Cidr\n",
            "          - !GetAtt Vpc.CidrBlock\n",
            "          - 4\n",
            "          - 8\n",
            "      Tags:\n",
            "        - Key: Name\n",
            "          Value: !Sub '${AWS::StackName}-a'\n",
        );
        let text_out = text.replace("'${AWS::StackName}-a'", "${AWS::StackName}-a");
        assert_eq!(round(text), text_out.replace("!Select\n        - 0\n        - !Cidr\n          - !GetAtt Vpc.CidrBlock\n          - 4\n          - 8\n", "!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]\n"));
    }

    #[test]
    fn quotes_what_must_stay_strings() {
        let out = round(
            "a: 'yes'\nb: '1.10'\nc: '2010-09-09'\nd: '0777'\ne: 'y'\nf: ''\ng: 'null'\nh: \"a\\tb\"\n",
        );
        assert_eq!(
            out,
            "a: 'yes'\nb: '1.10'\nc: '2010-09-09'\nd: '0777'\ne: 'y'\nf: ''\ng: 'null'\nh: \"a\\tb\"\n"
        );
    }

    #[test]
    fn an_empty_template_is_an_empty_mapping() {
        assert_eq!(round("{}\n"), "{}\n");
    }

    #[test]
    fn keys_over_1024_characters_are_explicit() {
        let long = "k".repeat(1100);
        let text = format!("Metadata:\n  ? {long}\n  :\n    a: 1\n  short: x\n");
        let out = round(&text);
        assert_eq!(out, text);
        let again = import_text(&out, "t.yaml", None, false).unwrap().template;
        let first = import_text(&text, "t.yaml", None, false).unwrap().template;
        assert_eq!(first.root_node().first_difference(again.root_node()), None);
    }

    #[test]
    fn multi_line_strings_are_literal_blocks() {
        // Two final line breaks would need `|+`, which swallows blank lines after it: quoted.
        let out = round("Code: \"line1\\nline2\\n\"\nKeep: \"a\\n\\n\"\nStrip: \"a\\nb\"\n");
        assert_eq!(
            out,
            "Code: |\n  line1\n  line2\nKeep: \"a\\n\\n\"\nStrip: |-\n  a\n  b\n"
        );
    }

    #[test]
    fn keeps_long_form_from_yaml_and_null_arguments() {
        let out = round("a:\n  Fn::Join:\n    - ''\n    - [x, z]\nb:\n  Fn::GetAZs: null\n");
        assert_eq!(
            out,
            "a:\n  Fn::Join:\n    - ''\n    - - x\n      - z\nb:\n  Fn::GetAZs: null\n"
        );
    }

    #[test]
    fn keeps_line_endings_bom_and_missing_newline() {
        let i = import_text("a: 1\r\nb: 2", "t.yaml", None, true).unwrap();
        assert_eq!(write_yaml(&i.template), "\u{FEFF}a: 1\r\nb: 2");
    }
}
