//! How plain YAML scalars are typed, and when a string must be quoted.
//!
//! CloudFormation and cfn-lint read YAML as YAML 1.1 (PyYAML): `yes` is a boolean, `0777` an
//! octal integer, `1e3` a string and `2010-09-09` a date. We read plain scalars the same way so
//! that a template means to us what it means to them. When writing, a string is quoted whenever
//! a YAML 1.1 or 1.2 reader could take it for anything but a string.

use super::value::{Number, Value};

/// Types a plain (unquoted, untagged) scalar as PyYAML's resolver does.
///
/// Dates and timestamps stay strings: CloudFormation passes them on as text.
pub fn resolve_plain(text: &str) -> Value {
    if is_null(text) {
        return Value::Null;
    }
    if let Some(b) = yaml11_bool(text) {
        return Value::Bool(b);
    }
    if let Some(n) = yaml11_int(text) {
        return Value::Number(n);
    }
    if let Some(n) = yaml11_float(text) {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn yaml11_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else {
        (false, text.strip_prefix('+').unwrap_or(text))
    }
}

fn signed(negative: bool, magnitude: i128) -> Number {
    Number::from_text(if negative {
        format!("-{magnitude}")
    } else {
        magnitude.to_string()
    })
}

/// PyYAML's int forms: binary, octal (`0777`), decimal, hex, and base 60 (`1:30`).
fn yaml11_int(text: &str) -> Option<Number> {
    let (negative, body) = split_sign(text);
    if body.is_empty() {
        return None;
    }
    let digits_ok = |s: &str, radix: u32| {
        !s.is_empty()
            && s.chars().all(|c| c == '_' || c.is_digit(radix))
            && s.chars().any(|c| c != '_')
    };
    let parse = |s: &str, radix: u32| i128::from_str_radix(&s.replace('_', ""), radix).ok();
    if let Some(bin) = body.strip_prefix("0b") {
        return digits_ok(bin, 2)
            .then(|| parse(bin, 2))
            .flatten()
            .map(|v| signed(negative, v));
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return digits_ok(hex, 16)
            .then(|| parse(hex, 16))
            .flatten()
            .map(|v| signed(negative, v));
    }
    if body == "0" {
        return Some(Number::from_text(text.strip_prefix('+').unwrap_or(text)));
    }
    if let Some(oct) = body.strip_prefix('0') {
        return digits_ok(oct, 8)
            .then(|| parse(oct, 8))
            .flatten()
            .map(|v| signed(negative, v));
    }
    if body.contains(':') {
        return sexagesimal(body, false).map(|v| signed(negative, v));
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) && digits_ok(body, 10) {
        if body.contains('_') || text.starts_with('+') {
            return parse(body, 10).map(|v| signed(negative, v));
        }
        return Some(Number::from_text(text));
    }
    None
}

/// `[1-9][0-9_]*(:[0-5]?[0-9])+`, the integer part of base-60 numbers.
fn sexagesimal(body: &str, allow_zero_lead: bool) -> Option<i128> {
    let mut groups = body.split(':');
    let first = groups.next()?;
    let lead_ok = first.starts_with(|c: char| c.is_ascii_digit() && (allow_zero_lead || c != '0'));
    if !lead_ok || !first.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let mut value: i128 = first.replace('_', "").parse().ok()?;
    let mut count = 0;
    for g in groups {
        let ok = (1..=2).contains(&g.len())
            && g.chars().all(|c| c.is_ascii_digit())
            && (g.len() == 1 || g.as_bytes().first().is_some_and(|b| *b <= b'5'));
        if !ok {
            return None;
        }
        value = value.checked_mul(60)?.checked_add(g.parse().ok()?)?;
        count += 1;
    }
    (count > 0).then_some(value)
}

/// PyYAML's float forms. Note that an exponent needs a sign and the mantissa a point, so `1e3`
/// is a string.
fn yaml11_float(text: &str) -> Option<Number> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Number::from_text(".inf"));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Number::from_text("-.inf")),
        ".nan" | ".NaN" | ".NAN" => return Some(Number::from_text(".nan")),
        _ => {}
    }
    let (negative, body) = split_sign(text);
    if text.starts_with('.') {
        // `\.[0-9_]+([eE][-+][0-9]+)?`, unsigned only.
        let (mantissa, exp) = split_exponent(&body[1..])?;
        if mantissa.is_empty() || !mantissa.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return None;
        }
        return Some(json_float(false, "0", mantissa, exp));
    }
    let (int_part, rest) = body.split_once('.')?;
    if int_part.contains(':') {
        // Base 60 with a fraction: `190:20:30.15`.
        let whole = sexagesimal(int_part, true)?;
        if !rest.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return None;
        }
        let frac: f64 = format!("0.{}", rest.replace('_', "")).parse().ok()?;
        #[expect(
            clippy::cast_precision_loss,
            reason = "base-60 floats are approximate in YAML too"
        )]
        let v = whole as f64 + frac;
        return Some(Number::from_text(if negative {
            format!("-{v:?}")
        } else {
            format!("{v:?}")
        }));
    }
    if int_part.is_empty()
        || !int_part.starts_with(|c: char| c.is_ascii_digit())
        || !int_part.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let (frac, exp) = split_exponent(rest)?;
    if !frac.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    Some(json_float(negative, int_part, frac, exp))
}

/// Splits `digits[eE][-+]digits` into the digits and the exponent (with its sign).
fn split_exponent(s: &str) -> Option<(&str, Option<&str>)> {
    match s.find(['e', 'E']) {
        None => Some((s, None)),
        Some(i) => {
            let exp = &s[i + 1..];
            let digits = exp.strip_prefix(['-', '+'])?;
            (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                .then_some((&s[..i], Some(exp)))
        }
    }
}

/// Builds JSON-compatible float text from its pieces.
fn json_float(negative: bool, int_part: &str, frac: &str, exp: Option<&str>) -> Number {
    let int_part = int_part.replace('_', "");
    let int_part = int_part.trim_start_matches('0');
    let frac = frac.replace('_', "");
    let mut s = String::new();
    if negative {
        s.push('-');
    }
    s.push_str(if int_part.is_empty() { "0" } else { int_part });
    s.push('.');
    s.push_str(if frac.is_empty() { "0" } else { &frac });
    if let Some(e) = exp {
        s.push('e');
        s.push_str(e);
    }
    Number::from_text(s)
}

/// Writes a number so that PyYAML reads it back as the same kind and value.
///
/// JSON allows `1e5`, which PyYAML would read as a string, so floats get a point and a signed
/// exponent.
pub fn yaml_number_text(n: &Number) -> String {
    let text = n.as_str();
    if !n.is_float() || text.ends_with("inf") || text.ends_with("nan") {
        return text.to_owned();
    }
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some((&text[i..=i], &text[i + 1..]))),
        None => (text, None),
    };
    let mut out = mantissa.to_owned();
    if !out.contains('.') {
        out.push_str(".0");
    }
    if let Some((marker, e)) = exp {
        out.push_str(marker);
        if !e.starts_with(['-', '+']) {
            out.push('+');
        }
        out.push_str(e);
    }
    out
}

/// Whether a plain scalar with this text would be read as something other than this string
/// by a YAML 1.1 reader (PyYAML, CloudFormation) or a YAML 1.2 reader.
pub fn is_ambiguous(text: &str) -> bool {
    if !matches!(resolve_plain(text), Value::String(_)) {
        return true;
    }
    // YAML 1.1 booleans that PyYAML does not resolve, but other 1.1 readers do.
    if matches!(text, "y" | "Y" | "n" | "N" | "=" | "<<") {
        return true;
    }
    // YAML 1.2 numbers (`1e3`, `0o17`, `.5`) and anything number-like.
    let (_, body) = split_sign(text);
    if body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(c, '.' | '_' | ':' | 'x' | 'o' | '+' | '-' | 'e' | 'E')
        })
    {
        return true;
    }
    // Dates and timestamps.
    let bytes = text.as_bytes();
    bytes.len() >= 8 && bytes.iter().take(4).all(u8::is_ascii_digit) && bytes.get(4) == Some(&b'-')
}

/// Whether `text` can be written as a plain scalar. `in_flow` is true inside `[...]`.
pub fn can_be_plain(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if is_ambiguous(text)
        || text.starts_with("---")
        || text.starts_with("...")
        || first.is_whitespace()
        || text.ends_with(char::is_whitespace)
        || text.ends_with(':')
        || text.contains(": ")
        || text.contains(" #")
        || text.contains(":\t")
        || text.contains("\t#")
    {
        return false;
    }
    if matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    ) {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    text.chars().all(|c| c != '\t' && is_printable(c))
}

/// Characters YAML allows unescaped in quoted and plain scalars, except line breaks.
pub fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Option<String> {
        match resolve_plain(text) {
            Value::Number(n) => Some(n.as_str().to_owned()),
            _ => None,
        }
    }

    #[test]
    fn resolves_like_pyyaml() {
        assert_eq!(resolve_plain("yes"), Value::Bool(true));
        assert_eq!(resolve_plain("Off"), Value::Bool(false));
        assert_eq!(resolve_plain("y"), Value::String("y".into()));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(num("0777").as_deref(), Some("511"));
        assert_eq!(num("0x1F").as_deref(), Some("31"));
        assert_eq!(num("1_000").as_deref(), Some("1000"));
        assert_eq!(num("1:30").as_deref(), Some("90"));
        assert_eq!(num("-12").as_deref(), Some("-12"));
        assert_eq!(num("1.10").as_deref(), Some("1.10"));
        assert_eq!(num("1.").as_deref(), Some("1.0"));
        assert_eq!(num(".5").as_deref(), Some("0.5"));
        assert_eq!(num("1.0e+5").as_deref(), Some("1.0e+5"));
        assert_eq!(num("1e5"), None);
        assert_eq!(num("1.0e5"), None);
        assert_eq!(num("09"), None);
        assert_eq!(num("2010-09-09"), None);
        assert_eq!(num("ami-12345"), None);
        assert_eq!(num(".inf").as_deref(), Some(".inf"));
    }

    #[test]
    fn quotes_what_readers_would_misread() {
        for s in [
            "yes",
            "n",
            "on",
            "off",
            "1.10",
            "2010-09-09",
            "0777",
            "y",
            "~",
            "null",
            "",
            "1e3",
            "0o17",
            "10",
            "-5",
            ".5",
            "=",
            "true",
        ] {
            assert!(!can_be_plain(s, false), "{s:?} must be quoted");
        }
        for s in [
            "Vpc",
            "ami-12345",
            "10.0.0.0/16",
            "arn:aws:s3:::bucket/*",
            "a b",
            "t2.micro",
            "python3.12",
        ] {
            assert!(can_be_plain(s, false), "{s:?} can be plain");
        }
        assert!(!can_be_plain("a, b", true));
        assert!(can_be_plain("a, b", false));
        assert!(!can_be_plain("key: value", false));
        assert!(!can_be_plain("!Ref", false));
        assert!(!can_be_plain("- x", false));
    }

    #[test]
    fn numbers_are_written_for_yaml_11() {
        assert_eq!(yaml_number_text(&Number::from_text("1e5")), "1.0e+5");
        assert_eq!(yaml_number_text(&Number::from_text("2.5E-3")), "2.5E-3");
        assert_eq!(yaml_number_text(&Number::from_text("42")), "42");
        for t in ["1e5", "2.5E-3", "1.10"] {
            let written = yaml_number_text(&Number::from_text(t));
            assert_eq!(resolve_plain(&written), Value::Number(Number::from_text(t)));
        }
    }
}
