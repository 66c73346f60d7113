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
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
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

    /// Parses `dd/mm/yyyy` as people type it: `30/6/2023`, `30-06-2023`,
    /// `30.06.2023`, a two-digit year (`30/6/23` is 2023) and the digits
    /// alone (`30062023`, `300623`).
    pub fn parse_vi(s: &str) -> Option<Date> {
        Date::read_vi(s).ok()
    }

    /// Like [`Date::parse_vi`], but says what is wrong.
    pub fn read_vi(s: &str) -> Result<Date, DateError> {
        let s = s.trim();
        let (d, m, y) = match s.chars().find(|c| matches!(c, '/' | '-' | '.')) {
            Some(sep) => {
                let mut parts = s.split(sep).map(str::trim);
                let (Some(d), Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                    return Err(DateError::Format);
                };
                if d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 || !matches!(y.len(), 2 | 4) {
                    return Err(DateError::Format);
                }
                (d, m, y)
            }
            None if matches!(s.len(), 6 | 8) && s.bytes().all(|b| b.is_ascii_digit()) => (&s[..2], &s[2..4], &s[4..]),
            None => return Err(DateError::Format),
        };
        let num = |p: &str| -> Result<u16, DateError> {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| DateError::Format)
            } else {
                Err(DateError::Format)
            }
        };
        let (day, month, mut year) = (num(d)?, num(m)?, num(y)?);
        if y.len() == 2 {
            year += 2000;
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if !(1900..=2999).contains(&year) {
            return Err(DateError::Year(year));
        }
        let max = days_in_month(year, month as u8);
        if day == 0 || day > u16::from(max) {
            return Err(DateError::Day { day, month: month as u8, year, max });
        }
        Ok(Date { year, month: month as u8, day: day as u8 })
    }

    /// Whether `s` could still become a date as the person types on (`3`,
    /// `30/0`, `30/06/20`), so that no message is shown for it yet.
    pub fn could_become(s: &str) -> bool {
        let s = s.trim();
        let mut parts = 0;
        let mut sep = None;
        let mut run = 0;
        for c in s.chars() {
            if c.is_ascii_digit() {
                run += 1;
                // Digits alone (`300620`) may become `30062023`.
                if parts == 0 && run > 8 || parts < 2 && parts > 0 && run > 2 || parts == 2 && run > 4 {
                    return false;
                }
            } else if matches!(c, '/' | '-' | '.') && run > 0 && run <= 2 && sep.is_none_or(|x| x == c) && parts < 2 {
                sep = Some(c);
                parts += 1;
                run = 0;
            } else {
                return false;
            }
        }
        if parts == 2 && run == 4 || parts == 0 && run == 8 {
            return Date::read_vi(s).is_ok();
        }
        // Day and month typed: they must exist (29/02 may still find a leap year).
        if parts == 2 {
            let mut it = s.split(sep.unwrap_or('/')).map(|p| p.trim().parse::<u8>().unwrap_or(0));
            let (d, m) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
            return (1..=12).contains(&m) && d >= 1 && d <= days_in_month(2000, m);
        }
        true
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
        Date::read_any(s).ok()
    }

    /// Like [`Date::parse_any`], but says what is wrong.
    pub fn read_any(s: &str) -> Result<Date, DateError> {
        match Date::parse_iso(s.trim()) {
            Some(d) => Ok(d),
            None => Date::read_vi(s),
        }
    }

    /// `dd/mm/yyyy`, as shown to people.
    pub fn to_vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// The day after this one (`None` past 31/12/2999).
    pub fn next_day(self) -> Option<Date> {
        Date::new(self.year, self.month, self.day + 1)
            .or_else(|| Date::new(self.year, self.month + 1, 1))
            .or_else(|| Date::new(self.year + 1, 1, 1))
    }

    /// The number of days since 1 January 1900 (day 0).
    fn day_number(self) -> u32 {
        let years = u32::from(self.year - 1900);
        let leaps = (1900..self.year).filter(|&y| days_in_month(y, 2) == 29).count() as u32;
        let months: u32 = (1..self.month).map(|m| u32::from(days_in_month(self.year, m))).sum();
        years * 365 + leaps + months + u32::from(self.day) - 1
    }
}

/// The reporting period after `from`–`to`: it starts the day after `to` and
/// is as long. A period of whole months (the first of a month to the last of
/// a month: a half year, a quarter, a year) moves on by whole months, so
/// 01/01–30/06 becomes 01/07–31/12; any other moves on by its number of days.
/// `None` when `to` is before `from` or the next period would end past 2999.
pub fn next_period(from: Date, to: Date) -> Option<(Date, Date)> {
    if to < from {
        return None;
    }
    let start = to.next_day()?;
    let whole_months = from.day == 1 && to.next_day().is_some_and(|d| d.day == 1);
    if whole_months {
        let months =
            (u32::from(to.year) * 12 + u32::from(to.month)) - (u32::from(from.year) * 12 + u32::from(from.month));
        let last = u32::from(start.year) * 12 + u32::from(start.month) - 1 + months;
        let (year, month) = (u16::try_from(last / 12).ok()?, (last % 12) as u8 + 1);
        return Some((start, Date::new(year, month, days_in_month(year, month))?));
    }
    let mut end = start;
    for _ in 0..(to.day_number() - from.day_number()) {
        end = end.next_day()?;
    }
    Some((start, end))
}

/// Why typed text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not day/month/year at all.
    Format,
    /// The month is not 1–12.
    Month(u16),
    /// The year is outside 1900–2999.
    Year(u16),
    /// The month has no such day.
    Day {
        /// The day typed.
        day: u16,
        /// The month.
        month: u8,
        /// The year.
        year: u16,
        /// How many days the month has.
        max: u8,
    },
}

impl DateError {
    /// What is wrong, in Vietnamese and English.
    pub fn message(self) -> (String, String) {
        match self {
            DateError::Format => (
                "nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2023".into(),
                "type day/month/year, e.g. 30/06/2023".into(),
            ),
            DateError::Month(m) => {
                (format!("không có tháng {m}; tháng từ 1 đến 12"), format!("there is no month {m}; months are 1 to 12"))
            }
            DateError::Year(y) => (format!("năm {y} không hợp lệ"), format!("the year {y} is not valid")),
            DateError::Day { day, month: 2, year, max } => (
                format!("tháng 2 năm {year} chỉ có {max} ngày, không có ngày {day}"),
                format!("February {year} has only {max} days, not {day}"),
            ),
            DateError::Day { day, month, max, .. } => (
                format!("tháng {month} chỉ có {max} ngày, không có ngày {day}"),
                format!("month {month} has only {max} days, not {day}"),
            ),
        }
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
    fn reads_the_ways_people_type_a_date() {
        let want = Date::new(2023, 6, 30);
        for typed in ["30062023", "300623", "30/6/23", "30-06-2023", "30.06.2023", "30 / 06 / 2023", "2023-06-30"] {
            assert_eq!(Date::parse_any(typed), want, "{typed}");
        }
    }

    #[test]
    fn a_date_still_being_typed_could_become_one() {
        for typed in ["3", "30", "30/", "30/0", "30/06/", "30/06/20", "3006", "300620", "30-6"] {
            assert!(Date::could_become(typed), "{typed}");
        }
        for typed in ["30/06/20234", "31/06/2023", "31/06/2", "a", "30//", "30/06-2023", "1/2/3/4", "300620231"] {
            assert!(!Date::could_become(typed), "{typed}");
        }
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(Date::parse_vi("31/6/2023"), None);
        assert_eq!(Date::parse_vi("29/2/2023"), None);
        assert!(Date::parse_vi("29/2/2024").is_some());
        assert_eq!(Date::parse_vi("1/1/1823"), None);
        assert_eq!(Date::read_vi("31/06/2023"), Err(DateError::Day { day: 31, month: 6, year: 2023, max: 30 }));
        assert!(DateError::Day { day: 31, month: 6, year: 2023, max: 30 }
            .message()
            .0
            .contains("tháng 6 chỉ có 30 ngày"));
        assert_eq!(Date::read_vi("12/13/2023"), Err(DateError::Month(13)));
        assert_eq!(Date::read_vi("ngày 3"), Err(DateError::Format));
        assert_eq!(Date::parse_iso("2023-13-01"), None);
    }

    #[test]
    fn the_next_period_moves_on_by_whole_months_or_by_days() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let next = |a, b| next_period(a, b).unwrap();
        assert_eq!(next(d(2023, 1, 1), d(2023, 6, 30)), (d(2023, 7, 1), d(2023, 12, 31)));
        assert_eq!(next(d(2023, 7, 1), d(2023, 12, 31)), (d(2024, 1, 1), d(2024, 6, 30)));
        assert_eq!(next(d(2023, 1, 1), d(2023, 12, 31)), (d(2024, 1, 1), d(2024, 12, 31)));
        assert_eq!(next(d(2023, 10, 1), d(2023, 12, 31)), (d(2024, 1, 1), d(2024, 3, 31)));
        assert_eq!(next(d(2023, 12, 1), d(2024, 1, 31)), (d(2024, 2, 1), d(2024, 3, 31)));
        // Not whole months: as many days again (15 days, over a leap day).
        assert_eq!(next(d(2024, 2, 15), d(2024, 2, 29)), (d(2024, 3, 1), d(2024, 3, 15)));
        assert_eq!(next(d(2023, 3, 5), d(2023, 3, 5)), (d(2023, 3, 6), d(2023, 3, 6)));
        assert_eq!(next_period(d(2023, 6, 30), d(2023, 1, 1)), None);
        assert_eq!(next_period(d(2999, 7, 1), d(2999, 12, 31)), None);
    }
}
