//! Distributions as analysts write them: a fixed number, `{ min, max }`,
//! `{ min, mode, max }` (triangular or PERT) or `{ p50, p90 }` (lognormal).
//!
//! [`RawDist`] mirrors what the file says; [`Dist`] is the checked form the
//! model uses. Route planning uses [`Dist::mean`]; the Monte-Carlo run draws.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};

use crate::diag::number;
use serde::{Deserialize, Deserializer, Serialize};

/// z-score of the 90th percentile of the standard normal distribution.
const Z90: f64 = 1.281_551_565_544_600_4;

/// A distribution exactly as written in a file (not yet checked).
#[derive(Debug, Clone, PartialEq)]
pub enum RawDist {
    /// A plain number.
    Fixed(f64),
    /// A table of parameters.
    Table(RawDistTable),
}

/// The table form of a distribution.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistTable {
    min: Option<f64>,
    mode: Option<f64>,
    max: Option<f64>,
    p50: Option<f64>,
    p90: Option<f64>,
    shape: Option<String>,
}

impl<'de> Deserialize<'de> for RawDist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDist;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a number or a table such as { min = 1, max = 2 } or { p50 = 3, p90 = 9 }",
                )
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDist, E> {
                Ok(RawDist::Fixed(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDist, E> {
                Ok(RawDist::Fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDist, E> {
                Ok(RawDist::Fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDist, A::Error> {
                RawDistTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawDist::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// A checked distribution of a non-negative quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dist {
    /// Always this value.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// Triangular with the given mode.
    Triangular {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// PERT (scaled beta) with the given mode.
    Pert {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// Lognormal given by its median and 90th percentile.
    LogNormal {
        /// Median.
        p50: f64,
        /// 90th percentile.
        p90: f64,
    },
}

/// Why a distribution as written cannot be used; the message is in user
/// terms and goes after the key it was written under.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A plain number that is negative or not finite.
    #[error("must be a finite number ≥ 0, got {0}")]
    BadNumber(f64),
    /// A table parameter that is not finite.
    #[error("{name} must be a finite number, got {value}")]
    NotFinite {
        /// The parameter (`min`, `p50`, …).
        name: &'static str,
        /// What was written.
        value: f64,
    },
    /// A negative table parameter.
    #[error("{name} must be ≥ 0, got {value}")]
    Negative {
        /// The parameter (`min`, `p50`, …).
        name: &'static str,
        /// What was written.
        value: f64,
    },
    /// `shape` given with a form other than `{ min, mode, max }`.
    #[error("`shape` applies only to {{ min, mode, max }}")]
    ShapeWithoutMode,
    /// A lognormal median that is not positive.
    #[error("p50 must be > 0, got {0}")]
    MedianNotPositive(f64),
    /// A lognormal 90th percentile not above the median.
    #[error("p90 must be greater than p50, got p50 = {p50}, p90 = {p90}")]
    P90NotAboveP50 {
        /// The median written.
        p50: f64,
        /// The 90th percentile written.
        p90: f64,
    },
    /// `{ min, max }` with min above max.
    #[error("min must not exceed max, got min = {min}, max = {max}")]
    MinAboveMax {
        /// The minimum written.
        min: f64,
        /// The maximum written.
        max: f64,
    },
    /// `{ min, mode, max }` out of order.
    #[error("need min ≤ mode ≤ max, got min = {min}, mode = {mode}, max = {max}")]
    ModeOutOfOrder {
        /// The minimum written.
        min: f64,
        /// The mode written.
        mode: f64,
        /// The maximum written.
        max: f64,
    },
    /// A `shape` other than the known ones.
    #[error("unknown shape \"{0}\"; expected \"triangular\" or \"pert\"")]
    UnknownShape(String),
    /// A value above the largest its quantity may take.
    #[error("{}must be at most {}, got {}", param(name), number(*max), number(*value))]
    TooLarge {
        /// The parameter (`max`, `p90`, …; empty for a plain number).
        name: &'static str,
        /// What was written.
        value: f64,
        /// The bound.
        max: f64,
    },
    /// A lognormal too wide to model.
    #[error("p90 may be at most {max} × p50, got p50 = {p50}, p90 = {}", number(*p90))]
    TooWide {
        /// The median written.
        p50: f64,
        /// The 90th percentile written.
        p90: f64,
        /// The largest ratio p90 / p50.
        max: f64,
    },
    /// A table whose keys form none of the known distributions.
    #[error("a distribution is a number, {{ min, max }}, {{ min, mode, max }} or {{ p50, p90 }}")]
    UnknownForm,
}

/// The shape of a `{ min, mode, max }` distribution, as written in `shape`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Shape {
    /// Triangular (the default).
    Triangular,
    /// PERT (scaled beta, λ = 4).
    Pert,
}

impl RawDist {
    /// Checks the parameters; the error says what is wrong in user terms.
    pub fn check(&self) -> Result<Dist, DistError> {
        let t = match self {
            RawDist::Fixed(v) => {
                if !v.is_finite() || *v < 0.0 {
                    return Err(DistError::BadNumber(*v));
                }
                return Ok(Dist::Fixed { value: *v });
            }
            RawDist::Table(t) => t,
        };
        t.check()
    }
}

impl Dist {
    /// Checks that no parameter exceeds `max` (the bound of the quantity,
    /// see [`crate::network::limits`]) and that a lognormal is not wider
    /// than [`crate::network::limits::MAX_LOGNORMAL_SPREAD`].
    pub fn check_max(&self, max: f64) -> Result<(), DistError> {
        use crate::network::limits::MAX_LOGNORMAL_SPREAD;
        let (name, value) = match *self {
            Dist::Fixed { value } => ("", value),
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } | Dist::Pert { max, .. } => {
                ("max", max)
            }
            Dist::LogNormal { p50, p90 } => {
                if p90 > p50 * MAX_LOGNORMAL_SPREAD {
                    return Err(DistError::TooWide {
                        p50,
                        p90,
                        max: MAX_LOGNORMAL_SPREAD,
                    });
                }
                ("p90", p90)
            }
        };
        if value > max {
            return Err(DistError::TooLarge { name, value, max });
        }
        Ok(())
    }
}

impl RawDistTable {
    /// Checks every parameter, then the form they make together.
    fn check(&self) -> Result<Dist, DistError> {
        for (name, v) in [
            ("min", self.min),
            ("mode", self.mode),
            ("max", self.max),
            ("p50", self.p50),
            ("p90", self.p90),
        ] {
            if let Some(v) = v {
                non_negative(name, v)?;
            }
        }
        let shape = self.shape.as_deref();
        match (self.min, self.mode, self.max, self.p50, self.p90) {
            (None, None, None, Some(p50), Some(p90)) => no_shape(shape).and(lognormal(p50, p90)),
            (Some(min), None, Some(max), None, None) => no_shape(shape).and(uniform(min, max)),
            (Some(min), Some(mode), Some(max), None, None) => with_mode(min, mode, max, shape),
            _ => Err(DistError::UnknownForm),
        }
    }
}

/// `name ` before a message about one parameter of a table, nothing for a
/// plain number.
fn param(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("{name} ")
    }
}

fn no_shape(shape: Option<&str>) -> Result<(), DistError> {
    match shape {
        Some(_) => Err(DistError::ShapeWithoutMode),
        None => Ok(()),
    }
}

fn lognormal(p50: f64, p90: f64) -> Result<Dist, DistError> {
    if p50 <= 0.0 {
        return Err(DistError::MedianNotPositive(p50));
    }
    if p90 <= p50 {
        return Err(DistError::P90NotAboveP50 { p50, p90 });
    }
    Ok(Dist::LogNormal { p50, p90 })
}

fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
    if min > max {
        return Err(DistError::MinAboveMax { min, max });
    }
    if min == max {
        Ok(Dist::Fixed { value: min })
    } else {
        Ok(Dist::Uniform { min, max })
    }
}

fn with_mode(min: f64, mode: f64, max: f64, shape: Option<&str>) -> Result<Dist, DistError> {
    if !(min <= mode && mode <= max) {
        return Err(DistError::ModeOutOfOrder { min, mode, max });
    }
    if min == max {
        return Ok(Dist::Fixed { value: min });
    }
    let shape = match shape {
        None => Shape::Triangular,
        Some(s) => s
            .parse()
            .map_err(|_| DistError::UnknownShape(s.to_string()))?,
    };
    Ok(match shape {
        Shape::Triangular => Dist::Triangular { min, mode, max },
        Shape::Pert => Dist::Pert { min, mode, max },
    })
}

fn non_negative(name: &'static str, v: f64) -> Result<(), DistError> {
    if !v.is_finite() {
        return Err(DistError::NotFinite { name, value: v });
    }
    if v < 0.0 {
        return Err(DistError::Negative { name, value: v });
    }
    Ok(())
}

impl Dist {
    /// A fixed value.
    pub const fn fixed(value: f64) -> Dist {
        Dist::Fixed { value }
    }

    /// The zero distribution.
    pub const ZERO: Dist = Dist::Fixed { value: 0.0 };

    /// The expected value.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Dist::LogNormal { p50, p90 } => {
                let sigma = (p90 / p50).ln() / Z90;
                p50 * (sigma * sigma / 2.0).exp()
            }
        }
    }

    /// Whether the value never varies.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Dist::Fixed { .. })
    }

    /// Multiplies every value by `k` (≥ 0).
    pub fn scale(&self, k: f64) -> Dist {
        match *self {
            Dist::Fixed { value } => Dist::Fixed { value: value * k },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * k,
                max: max * k,
            },
            Dist::Triangular { min, mode, max } => Dist::Triangular {
                min: min * k,
                mode: mode * k,
                max: max * k,
            },
            Dist::Pert { min, mode, max } => Dist::Pert {
                min: min * k,
                mode: mode * k,
                max: max * k,
            },
            Dist::LogNormal { p50, p90 } => Dist::LogNormal {
                p50: p50 * k,
                p90: p90 * k,
            },
        }
    }

    /// The quantile function (inverse CDF) at `u` in (0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { min, max } => min + u * (max - min),
            Dist::Triangular { min, mode, max } => {
                let fc = (mode - min) / (max - min);
                if u < fc {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Dist::Pert { min, mode, max } => {
                use statrs::distribution::{Beta, ContinuousCDF};
                let (a, b) = pert_shape(min, mode, max);
                let beta = Beta::new(a, b).expect("PERT shape parameters are positive");
                min + beta.inverse_cdf(u) * (max - min)
            }
            Dist::LogNormal { p50, p90 } => {
                use statrs::distribution::{ContinuousCDF, Normal};
                let sigma = (p90 / p50).ln() / Z90;
                let z = Normal::standard().inverse_cdf(u);
                p50 * (sigma * z).exp()
            }
        }
    }

    /// Expected value of `1 / X` (for speeds turned into times), by
    /// midpoint quadrature over 512 quantiles; exact for fixed values.
    pub fn mean_reciprocal(&self) -> f64 {
        if let Dist::Fixed { value } = self {
            return 1.0 / value;
        }
        const N: usize = 512;
        (0..N)
            .map(|i| 1.0 / self.quantile((i as f64 + 0.5) / N as f64))
            .sum::<f64>()
            / N as f64
    }

    /// Smallest value the distribution can take (0 for lognormal).
    pub fn min(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Uniform { min, .. } | Dist::Triangular { min, .. } | Dist::Pert { min, .. } => {
                min
            }
            Dist::LogNormal { .. } => 0.0,
        }
    }
}

/// Beta shape parameters of the standard PERT distribution (λ = 4).
pub fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let range = max - min;
    let a = 1.0 + 4.0 * (mode - min) / range;
    let b = 1.0 + 4.0 * (max - mode) / range;
    (a, b)
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Dist::Fixed { value } => write!(f, "{value}"),
            Dist::Uniform { min, max } => write!(f, "{min}–{max}"),
            Dist::Triangular { min, mode, max } => write!(f, "{min}–{max} (mode {mode})"),
            Dist::Pert { min, mode, max } => write!(f, "{min}–{max} (PERT mode {mode})"),
            Dist::LogNormal { p50, p90 } => write!(f, "P50 {p50}, P90 {p90}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> RawDist {
        #[derive(Deserialize)]
        struct W {
            d: RawDist,
        }
        toml::from_str::<W>(&format!("d = {s}")).unwrap().d
    }

    #[test]
    fn forms_parse_and_check() {
        assert_eq!(parse("3").check().unwrap(), Dist::fixed(3.0));
        assert_eq!(parse("2.5").check().unwrap(), Dist::fixed(2.5));
        assert!(matches!(
            parse("{ min = 1, max = 2 }").check().unwrap(),
            Dist::Uniform { .. }
        ));
        assert!(matches!(
            parse("{ min = 1, mode = 2, max = 5, shape = \"pert\" }")
                .check()
                .unwrap(),
            Dist::Pert { .. }
        ));
        assert!(
            parse("{ p50 = 9, p90 = 3 }")
                .check()
                .unwrap_err()
                .to_string()
                .contains("p90")
        );
        assert!(
            parse("{ min = 3, mode = 1, max = 5 }")
                .check()
                .unwrap_err()
                .to_string()
                .contains("mode")
        );
        assert!(parse("-1").check().unwrap_err().to_string().contains("≥ 0"));
        assert!(parse("{ min = 1 }").check().is_err());
    }

    #[test]
    fn means_match_closed_forms() {
        let ln = Dist::LogNormal {
            p50: 10.0,
            p90: 30.0,
        };
        let sigma = 3f64.ln() / Z90;
        assert!((ln.mean() - 10.0 * (sigma * sigma / 2.0).exp()).abs() < 1e-9);
        assert!((ln.quantile(0.5) - 10.0).abs() < 1e-6);
        assert!((ln.quantile(0.9) - 30.0).abs() < 1e-6);
        let tri = Dist::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 2.0,
        };
        assert!((tri.quantile(0.5) - 1.0).abs() < 1e-12);
        let u = Dist::Uniform { min: 1.0, max: 3.0 };
        // E[1/X] for U(1,3) = ln(3)/2
        assert!((u.mean_reciprocal() - 3f64.ln() / 2.0).abs() < 1e-5);
        let p = Dist::Pert {
            min: 0.0,
            mode: 1.0,
            max: 2.0,
        };
        assert!((p.quantile(0.5) - 1.0).abs() < 1e-6);
    }
}
