//! Schema patterns, written for Python's `regex` module, compiled with the Rust `regex`
//! crate where it can express them.
//!
//! cfn-lint checks a pattern with `regex.search`: the pattern may match anywhere, it need not
//! match the whole string. Two Python spellings are translated: `\Z` (the very end) is
//! Rust's `\z`, and `$` outside a class also matches before a newline that ends the string,
//! as Python's does, and `(?![\s\S])` is `\z`. Look-arounds at the start of a pattern are
//! checked as separate regexes (see [`Pattern`]). Other look-around, back-references,
//! Java's `\p{Print}` and `(?i)` (the regex crate is built without its case-folding
//! tables, to keep the binary small) are not checked: `compile_pattern` gives `None`, and
//! [`pattern_support`] counts them.

use std::collections::BTreeSet;

/// How much bigger than the default a compiled pattern may be: schema patterns repeat
/// Unicode classes (`[\p{L}\p{N}]{1,256}`), which the default limit refuses.
const SIZE_LIMIT_BYTES: usize = 64 << 20;

/// The pattern in Rust's syntax, with the Python meaning.
pub(super) fn translate(pattern: &str) -> String {
    // "Not followed by any character" is the end of the text, which Rust says directly.
    let pattern = pattern.replace(r"(?![\s\S])", r"\z");
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    // Whether the last thing in a class was a class escape (`\w`, `\p{L}`): a `-` after one
    // is a literal in Python, and an invalid range in Rust.
    let mut after_class_escape = false;
    while let Some(c) = chars.next() {
        let was_class_escape = std::mem::take(&mut after_class_escape);
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                if next == 'Z' && !in_class {
                    out.push_str("\\z");
                    continue;
                }
                if let Some(class) = perl_class(next, in_class) {
                    out.push_str(&class);
                    after_class_escape = in_class;
                    continue;
                }
                out.push('\\');
                out.push(next);
                if matches!(next, 'p' | 'P') && chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '}' {
                            break;
                        }
                    }
                }
                after_class_escape =
                    in_class && matches!(next, 'w' | 'W' | 'd' | 'D' | 's' | 'S' | 'p' | 'P');
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` (or `^]`) first in a class is a literal in Python.
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '-' if was_class_escape && chars.peek() != Some(&']') => out.push_str("\\-"),
            // Rust reads these as nested classes and set operations; Python as literals.
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '$' if !in_class => out.push_str("(?:\\n?\\z)"),
            _ => out.push(c),
        }
    }
    out
}

/// A compiled schema pattern: every regex of `all` matches and none of `none` does.
///
/// One regex, usually. A pattern that starts with look-arounds (`^(?=.{2,256}$)[a-z]+`,
/// `^(?!aws:).+`), which Rust cannot express, is split into a regex for each look-around and
/// one for the rest, all anchored at the start: the meaning is the same.
#[derive(Clone, Debug)]
pub struct Pattern {
    all: Vec<regex::Regex>,
    none: Vec<regex::Regex>,
}

impl Pattern {
    /// Whether the pattern matches somewhere in `text` (Python's `search`).
    pub fn is_match(&self, text: &str) -> bool {
        self.all.iter().all(|r| r.is_match(text)) && !self.none.iter().any(|r| r.is_match(text))
    }
}

fn build(pattern: &str) -> Option<regex::Regex> {
    regex::RegexBuilder::new(&translate(pattern))
        .size_limit(SIZE_LIMIT_BYTES)
        .build()
        .ok()
}

/// Python's whitespace (`str.isspace`), as the inside of a class.
const SPACE: &str =
    r"\t\n\x0B\x0C\r\x1C-\x1F \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Python's word characters (`str.isalnum` and `_`), as the inside of a class.
const WORD: &str = r"\p{L}\p{N}_";

/// `\d`, `\w`, `\s`, their negations and `\b`, spelled with general categories and ASCII, as
/// Python reads them: the regex crate is built without its Perl-class tables, and Python's
/// `\w` is letters, numbers and `_` (Rust's also takes marks).
fn perl_class(escape: char, in_class: bool) -> Option<String> {
    let (inside, negated) = match escape {
        'd' => return Some(r"\p{Nd}".to_owned()),
        'D' => return Some(r"\P{Nd}".to_owned()),
        'w' => (WORD, false),
        'W' => (WORD, true),
        's' => (SPACE, false),
        'S' => (SPACE, true),
        // A word boundary between ASCII words: the schemas' `\b`s sit between digits and
        // letters.
        'b' if !in_class => return Some(r"(?-u:\b)".to_owned()),
        'B' if !in_class => return Some(r"(?-u:\B)".to_owned()),
        'b' => return Some(r"\x08".to_owned()),
        _ => return None,
    };
    Some(match (negated, in_class) {
        (false, true) => inside.to_owned(),
        (false, false) => format!("[{inside}]"),
        // Rust nests classes: `[a[^b]]`.
        (true, _) => format!("[^{inside}]"),
    })
}

/// Compiles a schema pattern; `None` if the Rust `regex` crate cannot express it.
pub(super) fn compile_pattern(pattern: &str) -> Option<Pattern> {
    if let Some(re) = build(pattern) {
        return Some(Pattern {
            all: vec![re],
            none: Vec::new(),
        });
    }
    let mut rest = pattern.strip_prefix('^')?;
    let mut all = Vec::new();
    let mut none = Vec::new();
    while let Some((negative, after)) = rest
        .strip_prefix("(?=")
        .map(|r| (false, r))
        .or_else(|| rest.strip_prefix("(?!").map(|r| (true, r)))
    {
        let end = group_end(after)?;
        let inner = after.get(..end)?;
        let re = build(&format!("^(?:{inner})"))?;
        if negative {
            none.push(re);
        } else {
            all.push(re);
        }
        rest = after.get(end + 1..)?;
    }
    if all.is_empty() && none.is_empty() || has_top_level_bar(rest) {
        return None;
    }
    all.push(build(&format!("^(?:{rest})"))?);
    Some(Pattern { all, none })
}

/// The index of the `)` that closes a group whose text starts at the beginning of `text`.
fn group_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Whether `text` has a `|` outside every group and class: an alternative that a leading
/// look-around would not apply to.
fn has_top_level_bar(text: &str) -> bool {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth = depth.saturating_sub(1),
            '|' if !in_class && depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// How many of the bundle's distinct patterns compile, and the ones that do not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatternSupport {
    /// Distinct pattern texts in all records.
    pub distinct: usize,
    /// The patterns that do not compile (not checked), sorted.
    pub skipped: Vec<String>,
}

/// Compiles every distinct pattern of every record (slow: for tests and documentation).
pub fn pattern_support() -> PatternSupport {
    let mut all = BTreeSet::new();
    for info in super::types() {
        if let Some(schema) = super::lookup(info.name) {
            for shape in schema.shapes() {
                all.extend(shape.pattern.iter().cloned());
                all.extend(shape.pattern_properties.iter().map(|(p, _)| p.clone()));
            }
        }
    }
    let skipped = all
        .iter()
        .filter(|p| compile_pattern(p).is_none())
        .cloned()
        .collect();
    PatternSupport {
        distinct: all.len(),
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(pattern: &str, text: &str) -> bool {
        compile_pattern(pattern).unwrap().is_match(text)
    }

    #[test]
    fn python_spellings_keep_their_meaning() {
        assert!(search(r"^[a-z]+\Z", "abc"));
        assert!(!search(r"^[a-z]+\Z", "abc\n"));
        // Python's `$` also matches before a final newline.
        assert!(search(r"^[a-z]+$", "abc\n"));
        assert!(!search(r"^[a-z]+$", "abc\nd"));
        assert!(search(r"[$]", "a$b"));
        // search, not a full match
        assert!(search("[0-9]", "abc1"));
        assert!(search(r"^[]a]+$", "]a"));
        assert!(search(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$", "Name tag"));
        // A hyphen after a class escape is a literal.
        assert!(search(r"^[\w-.~]+$", "a-b.c"));
        assert!(!search(r"^[\w-.~]+$", "a b"));
        assert!(search(r"^[\w- ]+$", "a -b"));
        assert!(search(r"^\w+\s\d+$", "été 42"));
        assert!(!search(r"^\w+$", "a-b"));
        assert!(search(r"^[^\s]+$", "a-b") && !search(r"^[^\s]+$", "a b"));
        assert!(search(r"^\S+\W\D$", "ab.c"));
        assert!(search(r"\b42\b", "x 42 y") && !search(r"\b42\b", "x420"));
        assert!(search(r"^\S([\s\S]*\S)?(?![\s\S])", "a b"));
        assert!(!search(r"^\S([\s\S]*\S)?(?![\s\S])", "a b "));
    }

    #[test]
    fn leading_look_arounds_are_split() {
        assert!(search(r"^(?=.{2,8}$)[a-z]+$", "abc"));
        assert!(!search(r"^(?=.{2,8}$)[a-z]+$", "a"));
        assert!(!search(r"^(?=.{2,8}$)[a-z]+$", "abcdefghij"));
        assert!(search(r"^(?!aws:)(?!memorydb:)[a-z:]+$", "mine:x"));
        assert!(!search(r"^(?!aws:)(?!memorydb:)[a-z:]+$", "memorydb:x"));
    }

    #[test]
    fn other_look_around_is_not_checked() {
        assert!(compile_pattern(r"^[a-z]+(?<!-)$").is_none());
        assert!(compile_pattern(r"^(?!a)b|c$").is_none());
        assert!(compile_pattern(r"(a)\1").is_none());
        // Case folding needs Unicode tables that are not compiled in (4 patterns use it).
        assert!(compile_pattern(r"^(?!(?i)aws)[A-Za-z]+$").is_none());
    }
}
#[cfg(test)]
mod census {
    /// The figures the README gives; they change with the bundle.
    #[test]
    fn few_patterns_are_left_unchecked() {
        let s = super::pattern_support();
        for p in &s.skipped {
            eprintln!("not checked: {p}");
        }
        assert_eq!((s.distinct, s.skipped.len()), (3066, 67));
    }
}
