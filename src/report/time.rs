//! RFC 3339 timestamps as reports need them: parsed to seconds since the epoch for the age
//! of the data, and formatted from them for the caller's "now". Enough of RFC 3339 for
//! snapshots and reports, without a date crate.

use std::fmt::Write as _;

/// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`; `T` may be `t` or a space, `Z` may
/// be `z`. The fraction is dropped. `None` for anything else, including impossible dates.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    let shape = sep(4, b'-')
        && sep(7, b'-')
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && sep(13, b':')
        && sep(16, b':');
    if !shape {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    if sep(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let minutes = oh * 60 + om;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60)
}

/// `now - then` in seconds, when `now` is known and `then` is a valid RFC 3339 timestamp.
/// Negative when `then` is later than `now` (clocks apart).
pub fn age_seconds(now: Option<i64>, then: Option<&str>) -> Option<i64> {
    Some(now? - parse_rfc3339(then?)?)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since the epoch (years 0 to 9999; others are clamped).
pub fn format_rfc3339(epoch: i64) -> String {
    const MIN: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
    const MAX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let epoch = epoch.clamp(MIN, MAX);
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(20);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    );
    out
}

/// A duration for people: `42s`, `5m 3s`, `3h 12m`, `2d 4h`. Negative durations (a clock
/// behind the data's) are prefixed with `-`.
pub fn format_age(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    if d > 0 {
        format!("{sign}{d}d {h}h")
    } else if h > 0 {
        format!("{sign}{h}h {m}m")
    } else if m > 0 {
        format!("{sign}{m}m {sec}s")
    } else {
        format!("{sign}{sec}s")
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(parse_rfc3339("2026-11-25T18:06:08Z"), Some(1_795_629_968));
        assert_eq!(parse_rfc3339("2026-11-25t18:06:08z"), Some(1_795_629_968));
        assert_eq!(parse_rfc3339("2026-11-25 18:06:08Z"), Some(1_795_629_968));
        assert_eq!(
            parse_rfc3339("2026-11-25T18:06:08.123456Z"),
            Some(1_795_629_968)
        );
        assert_eq!(
            parse_rfc3339("2026-11-25T19:36:08+01:30"),
            Some(1_795_629_968)
        );
        assert_eq!(
            parse_rfc3339("2026-11-25T13:06:08-05:00"),
            Some(1_795_629_968)
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z"), Some(1_709_164_800));
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for bad in [
            "",
            "2026-11-25",
            "2026-11-25T18:06:08",
            "2026-11-25T18:06:08+0100",
            "2026-11-25T18:06:08+01:00x",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T18:60:00Z",
            "2026-11-25T18:06:08.Z",
            "2026/11/25T18:06:08Z",
            "２０２６-11-25T18:06:08Z",
            "+026-11-25T18:06:08Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_795_629_968), "2026-11-25T18:06:08Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
        for epoch in [
            -62_167_219_200,
            -1,
            0,
            951_782_399,
            951_868_800,
            1_709_164_800,
            4_102_444_800,
            253_402_300_799,
        ] {
            assert_eq!(parse_rfc3339(&format_rfc3339(epoch)), Some(epoch));
        }
    }

    #[test]
    fn ages_need_both_ends() {
        let now = parse_rfc3339("2026-11-25T18:06:08Z");
        assert_eq!(age_seconds(now, Some("2026-11-25T12:00:00Z")), Some(21_968));
        assert_eq!(age_seconds(now, Some("2026-11-25T19:00:00Z")), Some(-3_232));
        assert_eq!(age_seconds(now, Some("yesterday")), None);
        assert_eq!(age_seconds(now, None), None);
        assert_eq!(age_seconds(None, Some("2026-11-25T12:00:00Z")), None);
    }

    #[test]
    fn ages_for_people() {
        assert_eq!(format_age(0), "0s");
        assert_eq!(format_age(42), "42s");
        assert_eq!(format_age(303), "5m 3s");
        assert_eq!(format_age(3 * 3600 + 12 * 60 + 5), "3h 12m");
        assert_eq!(format_age(2 * 86_400 + 4 * 3600 + 59), "2d 4h");
        assert_eq!(format_age(-90), "-1m 30s");
    }
}
