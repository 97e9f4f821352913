//! Dates that make builds reproducible: `SOURCE_DATE_EPOCH` when set, never
//! the wall clock.

use anyhow::{Context, Result};
use typst::foundations::Datetime;
use typst_pdf::Timestamp;

/// The PDF creation date from `SOURCE_DATE_EPOCH` (seconds since 1970, UTC),
/// or none, which leaves the date out of the PDF.
pub fn timestamp_from_env() -> Result<Option<Timestamp>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = value
        .trim()
        .parse()
        .with_context(|| format!("SOURCE_DATE_EPOCH is not a number of seconds: {value:?}"))?;
    Ok(Some(Timestamp::new_utc(datetime_from_epoch(seconds)?)))
}

/// Converts seconds since the Unix epoch to a UTC date and time.
pub fn datetime_from_epoch(seconds: i64) -> Result<Datetime> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Datetime::from_ymd_hms(
        i32::try_from(year).context("SOURCE_DATE_EPOCH is out of range")?,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .context("SOURCE_DATE_EPOCH is out of range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_converts_to_civil_dates() {
        let d = datetime_from_epoch(0).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(1970), Some(1), Some(1))
        );
        // 2020-02-29 12:34:56 UTC
        let d = datetime_from_epoch(1_582_979_696).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(2020), Some(2), Some(29))
        );
        assert_eq!(
            (d.hour(), d.minute(), d.second()),
            (Some(12), Some(34), Some(56))
        );
    }
}
