//! Decimal strings as price books write them: plain, unsigned, canonical.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal number kept as its canonical string (`"0.0104"`, `"6000000000"`,
/// `"0"`): digits, at most one point, no sign, no exponent, no leading zeros before the units
/// digit, no trailing zeros after the point, no trailing point.
///
/// Prices go down to 10⁻¹⁰ dollars, so they are never floats. Two canonical strings are equal
/// exactly when the numbers are, and [`Ord`] compares the numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Decimal(String);

/// A decimal string a price book refuses: the text and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {text:?}")]
pub struct DecimalError {
    /// The text as found.
    pub text: String,
    /// Why it is refused.
    pub reason: &'static str,
}

impl Decimal {
    /// Zero.
    pub fn zero() -> Self {
        Self("0".to_owned())
    }

    /// Reads a plain decimal such as AWS writes (`"0.0104000000"`, `"0"`, `"6000000000"`) and
    /// canonicalises it. Refuses signs, exponents, spaces, an empty string and a lone point.
    pub fn parse(text: &str) -> Result<Self, DecimalError> {
        let refuse = |reason| DecimalError {
            text: text.to_owned(),
            reason,
        };
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (text, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(refuse("not a decimal number"));
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || !digits(frac) {
            return Err(refuse("not a plain decimal number"));
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        Ok(Self(if frac.is_empty() {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        }))
    }

    /// Reads a decimal that must already be canonical, as in a price book.
    pub fn parse_canonical(text: &str) -> Result<Self, DecimalError> {
        let parsed = Self::parse(text)?;
        if parsed.0 == text {
            Ok(parsed)
        } else {
            Err(DecimalError {
                text: text.to_owned(),
                reason: "not canonical (leading or trailing zeros, or a trailing point)",
            })
        }
    }

    /// The canonical string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the number is zero.
    pub fn is_zero(&self) -> bool {
        self.0 == "0"
    }

    fn parts(&self) -> (&str, &str) {
        self.0.split_once('.').unwrap_or((&self.0, ""))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a_int, a_frac) = self.parts();
        let (b_int, b_frac) = other.parts();
        // Canonical integer parts have no leading zeros, so the longer is the larger; canonical
        // fractions have no trailing zeros, so they compare as strings.
        a_int
            .len()
            .cmp(&b_int.len())
            .then_with(|| a_int.cmp(b_int))
            .then_with(|| a_frac.cmp(b_frac))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Decimal {
    type Error = DecimalError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse_canonical(&text)
    }
}

impl From<Decimal> for String {
    fn from(d: Decimal) -> Self {
        d.0
    }
}

/// The end of a tier: a number, or `"Inf"` for no end.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Bound {
    /// Up to this quantity.
    Finite(Decimal),
    /// No upper end.
    Inf,
}

impl Bound {
    /// Reads `"Inf"` or a plain decimal, canonicalising it.
    pub fn parse(text: &str) -> Result<Self, DecimalError> {
        if text == "Inf" {
            Ok(Self::Inf)
        } else {
            Decimal::parse(text).map(Self::Finite)
        }
    }
}

impl TryFrom<String> for Bound {
    type Error = DecimalError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text == "Inf" {
            Ok(Self::Inf)
        } else {
            Decimal::parse_canonical(&text).map(Self::Finite)
        }
    }
}

impl From<Bound> for String {
    fn from(b: Bound) -> Self {
        match b {
            Bound::Finite(d) => d.0,
            Bound::Inf => "Inf".to_owned(),
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Finite(d) => d.fmt(f),
            Self::Inf => f.write_str("Inf"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> String {
        Decimal::parse(text).map(String::from).unwrap_or_default()
    }

    #[test]
    fn aws_strings_become_canonical() {
        assert_eq!(d("0.0104000000"), "0.0104");
        assert_eq!(d("0.0000000000"), "0");
        assert_eq!(d("55.0400000000"), "55.04");
        assert_eq!(d("6000000000"), "6000000000");
        assert_eq!(d("007.50"), "7.5");
        assert_eq!(d("3."), "3");
        assert_eq!(d(".5"), "0.5");
        for bad in [
            "", ".", "-1", "+1", "1e5", "1.2.3", " 1", "0,5", "Inf", "NaN",
        ] {
            assert!(Decimal::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn books_want_canonical_strings() {
        assert!(Decimal::parse_canonical("0.08").is_ok());
        assert!(Decimal::parse_canonical("0.080").is_err());
        assert!(Decimal::parse_canonical("00").is_err());
        assert!(Decimal::parse_canonical("1.").is_err());
        assert_eq!(Bound::try_from("Inf".to_owned()), Ok(Bound::Inf));
    }

    #[test]
    fn decimals_compare_as_numbers() {
        let n = |t: &str| Decimal::parse(t).unwrap_or_else(|_| Decimal::zero());
        assert!(n("10") > n("9"));
        assert!(n("0.5") > n("0.05"));
        assert!(n("0.1") < n("0.15"));
        assert!(n("6000000000") < n("15000000000"));
        assert_eq!(n("1.50").cmp(&n("1.5")), Ordering::Equal);
    }
}
