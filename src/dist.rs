//! Distributions as analysts write them: a fixed number, `{ min, max }`,
//! `{ min, mode, max }` (triangular or PERT) or `{ p50, p90 }` (lognormal).
//!
//! [`RawDist`] mirrors what the file says; [`Dist`] is the checked form the
//! model uses. Route planning uses [`Dist::mean`]; the Monte-Carlo run draws.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
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
    Fixed { value: f64 },
    /// Uniform on `[min, max]`.
    Uniform { min: f64, max: f64 },
    /// Triangular with the given mode.
    Triangular { min: f64, mode: f64, max: f64 },
    /// PERT (scaled beta) with the given mode.
    Pert { min: f64, mode: f64, max: f64 },
    /// Lognormal given by its median and 90th percentile.
    LogNormal { p50: f64, p90: f64 },
}

impl RawDist {
    /// Checks the parameters; the error says what is wrong in user terms.
    pub fn check(&self) -> Result<Dist, String> {
        let t = match self {
            RawDist::Fixed(v) => {
                if !v.is_finite() || *v < 0.0 {
                    return Err(format!("must be a finite number ≥ 0, got {v}"));
                }
                return Ok(Dist::Fixed { value: *v });
            }
            RawDist::Table(t) => t,
        };
        for (name, v) in [
            ("min", t.min),
            ("mode", t.mode),
            ("max", t.max),
            ("p50", t.p50),
            ("p90", t.p90),
        ] {
            if let Some(v) = v {
                non_negative(name, v)?;
            }
        }
        let shape = t.shape.as_deref();
        match (t.min, t.mode, t.max, t.p50, t.p90) {
            (None, None, None, Some(p50), Some(p90)) => {
                if shape.is_some() {
                    return Err("`shape` applies only to { min, mode, max }".into());
                }
                if p50 <= 0.0 {
                    return Err(format!("p50 must be > 0, got {p50}"));
                }
                if p90 <= p50 {
                    return Err(format!(
                        "p90 must be greater than p50, got p50 = {p50}, p90 = {p90}"
                    ));
                }
                Ok(Dist::LogNormal { p50, p90 })
            }
            (Some(min), None, Some(max), None, None) => {
                if shape.is_some() {
                    return Err("`shape` applies only to { min, mode, max }".into());
                }
                if min > max {
                    return Err(format!(
                        "min must not exceed max, got min = {min}, max = {max}"
                    ));
                }
                if min == max {
                    Ok(Dist::Fixed { value: min })
                } else {
                    Ok(Dist::Uniform { min, max })
                }
            }
            (Some(min), Some(mode), Some(max), None, None) => {
                if !(min <= mode && mode <= max) {
                    return Err(format!(
                        "need min ≤ mode ≤ max, got min = {min}, mode = {mode}, max = {max}"
                    ));
                }
                if min == max {
                    return Ok(Dist::Fixed { value: min });
                }
                match shape {
                    None | Some("triangular") => Ok(Dist::Triangular { min, mode, max }),
                    Some("pert") => Ok(Dist::Pert { min, mode, max }),
                    Some(other) => Err(format!(
                        "unknown shape \"{other}\"; expected \"triangular\" or \"pert\""
                    )),
                }
            }
            _ => Err(
                "a distribution is a number, { min, max }, { min, mode, max } or { p50, p90 }"
                    .into(),
            ),
        }
    }
}

fn non_negative(name: &str, v: f64) -> Result<(), String> {
    if !v.is_finite() {
        return Err(format!("{name} must be a finite number, got {v}"));
    }
    if v < 0.0 {
        return Err(format!("{name} must be ≥ 0, got {v}"));
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
                .contains("p90")
        );
        assert!(
            parse("{ min = 3, mode = 1, max = 5 }")
                .check()
                .unwrap_err()
                .contains("mode")
        );
        assert!(parse("-1").check().unwrap_err().contains("≥ 0"));
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
