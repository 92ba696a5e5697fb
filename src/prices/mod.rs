//! Price books: the on-demand prices the cost estimator reads, one JSON file per AWS Region,
//! and the importer that writes them from AWS Price List bulk offer files.
//!
//! The format is `assets/prices/README.md`'s. [`Importer`] streams offer files (`products`,
//! then `terms.OnDemand`; see [`offer`](self) internals) keeping the [`PRICED_FAMILIES`] of the
//! Regions asked, and [`Importer::books`] makes one [`PriceBook`] per Region, merged across
//! files; [`write_books`] writes them whole or not at all. Nothing here fetches anything:
//! the user downloads the offer files.
//!
//! Headless: no egui, so the estimator and the command line share it.

mod book;
mod decimal;
mod families;
mod import;
mod offer;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

pub use book::{
    BookError, Evidence, FORMAT, FORMAT_VERSION, PriceBook, Row, Source, Tier, check_selectors,
    check_tiers,
};
pub use decimal::{Bound, Decimal, DecimalError};
pub use families::{Family, PRICED_FAMILIES, priced_family};
pub use import::{ImportError, Importer, write_books};

/// The folder the app reads imported books from first, and `prices import` writes to by
/// default: `$XDG_CONFIG_HOME/stackcanvas/prices`, else `$HOME/.config/stackcanvas/prices`.
/// `None` when neither variable gives an absolute path.
pub fn user_books_dir() -> Option<PathBuf> {
    user_books_dir_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`user_books_dir`] from the values of `XDG_CONFIG_HOME` and `HOME`. A relative or empty
/// `XDG_CONFIG_HOME` is ignored, as the XDG base directory specification says.
pub fn user_books_dir_from(
    xdg_config_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    let absolute = |v: Option<std::ffi::OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    let config = absolute(xdg_config_home).or_else(|| absolute(home).map(|h| h.join(".config")))?;
    Some(config.join("stackcanvas").join("prices"))
}

/// The UTC date of `time` as `yyyy-mm-dd` (dates before 1970 give 1970-01-01).
pub fn utc_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month and day of a count of days since 1970-01-01, in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are small and positive by construction.
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn date(secs: u64) -> String {
        utc_date(UNIX_EPOCH + Duration::from_secs(secs))
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(86_399), "1970-01-01");
        assert_eq!(date(86_400), "1970-01-02");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_709_164_800), "2024-02-29");
        assert_eq!(date(1_735_689_599), "2024-12-31");
        assert_eq!(date(1_735_689_600), "2025-01-01");
        assert_eq!(date(4_107_542_400), "2100-03-01");
    }

    #[test]
    fn the_user_folder_follows_xdg() {
        let dir = |x: Option<&str>, h: Option<&str>| {
            user_books_dir_from(x.map(Into::into), h.map(Into::into))
        };
        assert_eq!(
            dir(Some("/x"), Some("/home/a")),
            Some(PathBuf::from("/x/stackcanvas/prices"))
        );
        assert_eq!(
            dir(Some("rel"), Some("/home/a")),
            Some(PathBuf::from("/home/a/.config/stackcanvas/prices"))
        );
        assert_eq!(
            dir(Some(""), Some("/home/a")),
            Some(PathBuf::from("/home/a/.config/stackcanvas/prices"))
        );
        assert_eq!(dir(None, None), None);
    }
}
