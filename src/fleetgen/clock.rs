//! Dates in the layouts Solaris prints them, from seconds since the epoch (UTC).
//!
//! Generated fleets must not depend on the machine's clock or time zone, so this is plain
//! arithmetic (Howard Hinnant's `civil_from_days`), not a date library.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

pub const DAY: i64 = 86_400;

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Index into [`WEEKDAYS`] order starting Thursday 1970-01-01.
    weekday: usize,
}

pub fn civil(ts: i64) -> Civil {
    let days = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs % 3600 / 60) as u32,
        second: (secs % 60) as u32,
        weekday: days.rem_euclid(7) as usize,
    }
}

/// Days since the epoch of a civil date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    Some(days * DAY + i64::from(hour * 3600 + minute * 60 + second))
}

impl Civil {
    fn month_name(&self) -> &'static str {
        MONTHS[(self.month as usize).saturating_sub(1) % 12]
    }

    /// `2026-11-25T02:00:07Z`.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// psrinfo's `10/04/2026 03:14:52`.
    pub fn psrinfo(&self) -> String {
        format!(
            "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
            self.month, self.day, self.year, self.hour, self.minute, self.second
        )
    }

    /// date(1) as PATCH_INFO records it: `Tue Jan 16 11:42:07 CET 2007`, in Central
    /// European time (CEST from April to October, a simplification of the real rule).
    pub fn patch_date(ts: i64) -> String {
        let summer = (4..=10).contains(&civil(ts).month);
        let (offset, zone) = if summer {
            (7200, "CEST")
        } else {
            (3600, "CET")
        };
        let c = civil(ts + offset);
        format!(
            "{} {} {:>2} {:02}:{:02}:{:02} {zone} {}",
            WEEKDAYS[c.weekday],
            c.month_name(),
            c.day,
            c.hour,
            c.minute,
            c.second,
            c.year
        )
    }

    /// `ls -l` date of a file older than six months: `Jan 24  2018`.
    pub fn ls_date(&self) -> String {
        format!("{} {:>2}  {}", self.month_name(), self.day, self.year)
    }

    /// SVR4 package `REV=2005.01.21.15.53`.
    pub fn pkg_rev(&self) -> String {
        format!(
            "{:04}.{:02}.{:02}.{:02}.{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// /etc/release's `Assembled 17 January 2013`.
    pub fn assembled(&self) -> String {
        const LONG: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = LONG[(self.month as usize).saturating_sub(1) % 12];
        format!("{:02} {month} {}", self.day, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_layouts() {
        let ts = parse_rfc3339("2026-11-25T02:00:07Z");
        assert_eq!(ts, Some(1_795_572_007));
        let c = civil(1_795_572_007);
        assert_eq!(c.rfc3339(), "2026-11-25T02:00:07Z");
        assert_eq!(c.psrinfo(), "11/25/2026 02:00:07");
        assert_eq!(c.ls_date(), "Nov 25  2026");
        assert_eq!(c.pkg_rev(), "2026.11.25.02.00");
        assert_eq!(c.assembled(), "25 November 2026");
        // 2007-01-16 10:42:07 UTC is a Tuesday, 11:42:07 in Frankfurt.
        let jan = parse_rfc3339("2007-01-16T10:42:07Z").unwrap_or_default();
        assert_eq!(Civil::patch_date(jan), "Tue Jan 16 11:42:07 CET 2007");
        let jun = parse_rfc3339("2013-06-03T07:48:22Z").unwrap_or_default();
        assert_eq!(Civil::patch_date(jun), "Mon Jun  3 09:48:22 CEST 2013");
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-11-25 02:00:00"), None);
    }
}
