//! The largest numbers input files may hold, per kind of quantity.
//!
//! Every bound is far above anything a real corridor has (the longest
//! link on Earth is under 40,000 km) and low enough that no sum, product
//! or square the model forms along a route, over a run, can overflow to
//! infinity: a value of 1e308 km would otherwise turn a corridor into
//! "no route" or a spread into zero without a word. The loaders refuse
//! larger values with a located message; `--set`, sweeps and break-even
//! searches are held to the same bounds.

/// A kind of quantity written in a network, with its largest value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A length in km (link `km`).
    Km,
    /// A time in hours (link `hours`, dwell and transfer `hours`, hazard
    /// `hours` and `duration`).
    Hours,
    /// A speed in km/h (link `kmh`).
    Kmh,
    /// Money in USD per cargo unit (`usd` everywhere).
    Usd,
    /// A price in USD per km (link `usd_per_km`).
    UsdPerKm,
    /// A share of the cargo lost (hazard `fraction`; the hazard check
    /// keeps it within 0..1, in its own words).
    Fraction,
}

impl Quantity {
    /// The largest value a distribution of this quantity may reach.
    pub fn max(self) -> f64 {
        match self {
            Quantity::Km => MAX_KM,
            Quantity::Hours => MAX_HOURS,
            Quantity::Kmh => MAX_KMH,
            Quantity::Usd => MAX_USD,
            Quantity::UsdPerKm => MAX_USD_PER_KM,
            Quantity::Fraction => f64::MAX,
        }
    }
}

/// Longest link: 40,000 km (the Earth's circumference).
pub const MAX_KM: f64 = 40_000.0;
/// Longest time: 100,000 hours (about 11 years).
pub const MAX_HOURS: f64 = 100_000.0;
/// Fastest speed: 1,000 km/h.
pub const MAX_KMH: f64 = 1_000.0;
/// Slowest speed: 0.1 km/h (below walking pace; a speed near 0 makes the
/// time over a link near infinite).
pub const MIN_KMH: f64 = 0.1;
/// Largest charge: US$1 billion per cargo unit.
pub const MAX_USD: f64 = 1e9;
/// Largest price per km: US$1 million.
pub const MAX_USD_PER_KM: f64 = 1e6;
/// Widest lognormal: P90 at most 1,000 × P50 (σ ≈ 5.4, a mean up to
/// 2 million × the median; the shipped networks reach 9). A wider one has a
/// mean and a tail that swamp everything else, and overflow soon after.
pub const MAX_LOGNORMAL_SPREAD: f64 = 1_000.0;

/// Largest cargo value: US$1 trillion per unit.
pub const MAX_CARGO_VALUE_USD: f64 = 1e12;
/// Largest value of time: US$1 billion per unit and day.
pub const MAX_VALUE_OF_TIME_USD_PER_DAY: f64 = 1e9;
/// Latest deadline: 10,000 days.
pub const MAX_DEADLINE_DAYS: f64 = 10_000.0;
/// Largest risk weight: 1,000,000.
pub const MAX_RISK_WEIGHT: f64 = 1e6;
