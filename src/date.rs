//! Calendar dates without a clock: parsing `dd/mm/yyyy` as people type it and
//! `yyyy-mm-dd` as the JSON return stores it.

use std::fmt;

/// A valid Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1900–2999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, or `None` when the day does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `dd/mm/yyyy` (also `d/m/yyyy`, with `-` or `.` between parts).
    pub fn parse_vi(s: &str) -> Option<Date> {
        let s = s.trim();
        let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        let mut parts = s.split(sep);
        let d = parts.next()?.trim().parse::<u8>().ok()?;
        let m = parts.next()?.trim().parse::<u8>().ok()?;
        let y = parts.next()?.trim();
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        Date::new(y.parse().ok()?, m, d)
    }

    /// Parses ISO `yyyy-mm-dd`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(s[0..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?)
    }

    /// Parses either form: ISO first, then `dd/mm/yyyy`.
    pub fn parse_any(s: &str) -> Option<Date> {
        Date::parse_iso(s.trim()).or_else(|| Date::parse_vi(s))
    }

    /// `dd/mm/yyyy`, as shown to people.
    pub fn to_vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// ISO `yyyy-mm-dd`, as stored in the JSON return.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_and_iso_dates() {
        assert_eq!(Date::parse_vi("30/6/2023"), Date::new(2023, 6, 30));
        assert_eq!(Date::parse_vi("01/01/2023").unwrap().to_string(), "2023-01-01");
        assert_eq!(Date::parse_iso("2023-06-30"), Date::new(2023, 6, 30));
        assert_eq!(Date::new(2023, 6, 30).unwrap().to_vi(), "30/06/2023");
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(Date::parse_vi("31/6/2023"), None);
        assert_eq!(Date::parse_vi("29/2/2023"), None);
        assert!(Date::parse_vi("29/2/2024").is_some());
        assert_eq!(Date::parse_vi("1/1/23"), None);
        assert_eq!(Date::parse_iso("2023-13-01"), None);
    }
}
