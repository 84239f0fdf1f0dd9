//! Units: the model works in USD, hours and km; scenario files and reports
//! speak of days. Every conversion between the two goes through this
//! module, so "hours per day" is written once.
//!
//! The conversions are plain `f64` functions rather than newtypes: the
//! places where days and hours meet are few (loading, reports), and each
//! names its direction (`days_to_hours`, `per_day_to_per_hour`), which is
//! where a mix-up would happen. Each is one multiplication or division, so
//! results are bit-for-bit what the inline arithmetic gave.

/// Hours in a day.
pub const HOURS_PER_DAY: f64 = 24.0;

/// A duration in days, as hours.
#[inline]
pub fn days_to_hours(days: f64) -> f64 {
    days * HOURS_PER_DAY
}

/// A duration in hours, as days.
#[inline]
pub fn hours_to_days(hours: f64) -> f64 {
    hours / HOURS_PER_DAY
}

/// A rate per day (e.g. USD per day of value of time), per hour.
#[inline]
pub fn per_day_to_per_hour(per_day: f64) -> f64 {
    per_day / HOURS_PER_DAY
}

/// A rate per hour, per day.
#[inline]
pub fn per_hour_to_per_day(per_hour: f64) -> f64 {
    per_hour * HOURS_PER_DAY
}

/// The factor that turns an hour-valued statistic into days (for scaling
/// whole distributions: means, quantiles, CVaR).
pub const DAYS_PER_HOUR: f64 = 1.0 / HOURS_PER_DAY;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(hours_to_days(days_to_hours(3.5)), 3.5);
        assert_eq!(per_hour_to_per_day(per_day_to_per_hour(120.0)), 120.0);
        assert_eq!(days_to_hours(2.0), 48.0);
        assert_eq!(hours_to_days(36.0), 1.5);
    }
}
