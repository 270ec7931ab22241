//! The clock, and Unix times written for people (ISO 8601, UTC).

use std::time::{SystemTime, UNIX_EPOCH};

/// Current time as Unix seconds.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A Unix time as ISO 8601 UTC, `2026-12-01T18:30:00Z` (proleptic Gregorian calendar). Years outside
/// 0000–9999 take a sign and at least five digits (ISO 8601 expanded form), so every i64 prints.
pub fn iso8601_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{year:+06}")
    };
    format!(
        "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31): Howard Hinnant's `civil_from_days`, in eras of
/// 400 years (146 097 days) starting on 1 March, so the leap day is the last day of an era's year.
fn civil_from_days(days: i64) -> (i128, u32, u32) {
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // [0, 399]
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    let shifted_month = (5 * day_of_year + 2) / 153; // [0, 11], March = 0
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        for (unix, iso) in [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_796_149_800, "2026-12-01T18:30:00Z"),
            (2_147_483_647, "2038-01-19T03:14:07Z"),
            (-2_208_988_800, "1900-01-01T00:00:00Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (253_402_300_800, "+10000-01-01T00:00:00Z"),
            (-62_167_219_201, "-00001-12-31T23:59:59Z"),
        ] {
            assert_eq!(iso8601_utc(unix), iso, "{unix}");
        }
    }

    #[test]
    fn leap_years() {
        // 2000 is a leap year (divisible by 400), 1900 and 2100 are not (by 100), 2024 is (by 4).
        assert_eq!(iso8601_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601_utc(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(iso8601_utc(-2_203_977_600), "1900-02-28T00:00:00Z");
        assert_eq!(iso8601_utc(-2_203_977_600 + 86_400), "1900-03-01T00:00:00Z");
        assert_eq!(iso8601_utc(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(iso8601_utc(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso8601_utc(4_107_456_000), "2100-02-28T00:00:00Z");
        assert_eq!(iso8601_utc(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(
            iso8601_utc(1_735_603_200),
            "2024-12-31T00:00:00Z",
            "day 366 of 2024"
        );
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        // 1600-01-01 to 2400-12-31: the date only ever moves to the next day, month or year.
        let mut previous = civil_from_days(-135_140 - 1);
        for days in -135_140..=157_419 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next = (y == py && m == pm && d == pd + 1)
                || (y == py && m == pm + 1 && d == 1)
                || (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
            assert!(next, "{days}: {previous:?} -> {:?}", (y, m, d));
            previous = (y, m, d);
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert!(iso8601_utc(i64::MAX).starts_with('+'));
        assert!(iso8601_utc(i64::MIN).starts_with('-'));
    }
}
