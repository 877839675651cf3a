//! The clock. Signing and webhook tolerance need "now"; `options.now` fixes it (tests, replays),
//! otherwise it is the system clock. Only UTC, only the forms processors use.

use crate::protocol::{Options, SidecarError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch: `options.now` when given, else the system clock.
pub fn now_unix(options: &Options) -> Result<i64, SidecarError> {
    match &options.now {
        // Not before 1970: a clock that reads earlier is a mistake, and an HTTP date cannot say it.
        Some(text) => parse_iso8601_utc(text).filter(|t| *t >= 0).ok_or_else(|| {
            SidecarError::invalid_field(
                "options.now",
                format!("`{text}` is not ISO 8601 UTC from 1970 on, like 2026-01-31T12:00:00Z"),
            )
        }),
        None => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)),
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (or `+00:00`) to Unix seconds.
pub fn parse_iso8601_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { text.get(r)?.parse().ok() };
    let (y, mo, d, h, mi, s) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    if !(rest == "Z" || rest == "+00:00") {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Thu, 26 Nov 2026 23:05:53 GMT` (RFC 7231 IMF-fixdate, by `httpdate`), for processors that
/// sign a `Date` header. `unix` is what `now_unix` gives, 1970 to 9999 (an earlier value would
/// make httpdate panic, so it reads as 1970).
pub fn http_date(unix: i64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix.max(0) as u64))
}

/// `2026-11-26T23:05:53Z`: Unix seconds as ISO 8601 UTC (webhook event times).
pub fn iso8601_utc(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_utc() {
        assert_eq!(parse_iso8601_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601_utc("2026-11-26T23:05:53Z"),
            Some(1_795_734_353)
        );
        assert_eq!(
            parse_iso8601_utc("2026-11-26T23:05:53.250Z"),
            Some(1_795_734_353)
        );
        assert_eq!(
            parse_iso8601_utc("2026-11-26T23:05:53+00:00"),
            Some(1_795_734_353)
        );
        assert_eq!(parse_iso8601_utc("2026-11-26T23:05:53+01:00"), None);
        assert_eq!(parse_iso8601_utc("2026-13-26T23:05:53Z"), None);
        assert_eq!(parse_iso8601_utc("yesterday"), None);
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(
            http_date(parse_iso8601_utc("9999-12-31T23:59:59Z").unwrap()),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert_eq!(http_date(1_795_734_353), "Thu, 26 Nov 2026 23:05:53 GMT");
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(1_795_734_353), "2026-11-26T23:05:53Z");
        assert_eq!(
            parse_iso8601_utc(&iso8601_utc(951_782_400)),
            Some(951_782_400)
        ); // 2000-02-29
    }

    #[test]
    fn now_is_options_now_from_1970_on() {
        let at = |now: &str| {
            now_unix(&Options {
                now: Some(now.into()),
                ..Options::default()
            })
        };
        assert_eq!(at("2026-11-26T23:05:53Z").unwrap(), 1_795_734_353);
        assert_eq!(at("1970-01-01T00:00:00Z").unwrap(), 0);
        for bad in ["1969-12-31T23:59:59Z", "yesterday"] {
            let e = at(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("options.now"), "{bad}");
        }
    }
}

/// Parses an ISO 8601 time with any UTC offset (`2018-12-08T09:50:37.000-04:00`, or `Z`) to Unix
/// seconds: processors that write local times (Mercado Pago) are read into UTC here.
pub fn parse_iso8601_with_offset(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.ends_with('Z') || text.ends_with("+00:00") {
        return parse_iso8601_utc(text);
    }
    let (local, offset) = text.split_at(text.len().checked_sub(6)?);
    let o = offset.as_bytes();
    if !(o[0] == b'+' || o[0] == b'-') || o[3] != b':' {
        return None;
    }
    let hours: i64 = offset.get(1..3)?.parse().ok()?;
    let minutes: i64 = offset.get(4..6)?.parse().ok()?;
    if !offset[1..3].bytes().all(|b| b.is_ascii_digit()) || !offset[4..6].bytes().all(|b| b.is_ascii_digit()) || hours > 23 || minutes > 59 {
        return None;
    }
    let seconds = (hours * 60 + minutes) * 60;
    let at = parse_iso8601_utc(&format!("{local}Z"))?;
    Some(if o[0] == b'+' { at - seconds } else { at + seconds })
}

#[cfg(test)]
mod offset_tests {
    use super::*;

    #[test]
    fn local_times_are_read_into_utc() {
        // 09:50:37 at UTC-4 is 13:50:37 UTC.
        assert_eq!(parse_iso8601_with_offset("2018-12-08T09:50:37.000-04:00"), parse_iso8601_utc("2018-12-08T13:50:37Z"));
        assert_eq!(parse_iso8601_with_offset("2018-12-08T09:50:37+05:30"), parse_iso8601_utc("2018-12-08T04:20:37Z"));
        assert_eq!(parse_iso8601_with_offset("2018-12-08T09:50:37Z"), parse_iso8601_utc("2018-12-08T09:50:37Z"));
        for bad in ["2018-12-08T09:50:37", "2018-12-08T09:50:37-4:00", "2018-12-08T09:50:37*04:00", "2018-12-08T09:50:37-24:00", "", "-04:00"] {
            assert_eq!(parse_iso8601_with_offset(bad), None, "{bad}");
        }
    }
}
