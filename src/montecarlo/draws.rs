//! Random draws for one trial. Every draw is counter-based — a SplitMix64
//! hash of the trial key (itself a hash of seed and trial number) and what
//! the draw is for — so results never depend on thread count or sharding:
//!
//! - **hazard draws** (`calendar.rs`): a hazard's own draws by (trial key,
//!   hazard, counter): its trial draw, its effects' sizes, the starts and
//!   durations of its occurrences; one hazard's draws never shift
//!   another's;
//! - **element draws** (a link's time and cost, a node's dwell, holding)
//!   by (trial key, element, field), so only what a trial's routes use is
//!   drawn, and two corridors using the same link in one trial see the
//!   same draw (paired comparison). A road or rail link's speed and tariff
//!   are drawn by its country and mode instead ([`element::country_mode`]):
//!   their ranges are spreads between years, services and conditions that
//!   hold along a whole journey in that country, so in one trial every such
//!   link of the country sits at the same quantile of its own range;
//! - the trial's departure, by the trial key alone.

use crate::dist::{Dist, pert_shape};

/// SplitMix64 finalizer: a bijective 64-bit mix.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The key of trial `i` of a run with `seed`.
#[inline]
pub fn trial_key(seed: u64, trial: u64) -> u64 {
    splitmix64(splitmix64(seed) ^ trial)
}

/// A uniform in (0, 1) from 64 random bits: the midpoints of 2^52 equal
/// cells, so never 0 or 1 (1 − 2^-53 is the largest, exactly representable).
#[inline]
pub fn unit(bits: u64) -> f64 {
    // Through i64 (exact: below 2^52): one instruction, where u64 → f64 takes several.
    ((bits >> 12) as i64 as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// Counter-based uniform for element `element`, field `field`, in a trial.
#[inline]
pub fn element_unit(key: u64, element: u32, field: u32) -> f64 {
    unit(splitmix64(
        key ^ ((element as u64) << 8 | field as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93),
    ))
}

/// Element keys of counter-based draws. The two bits above bit 22 name
/// the kind of element, so keys of different kinds never collide; below
/// them is the element's own index. Changing any of this changes every
/// result of every run.
pub mod element {
    /// Bits left for an element's own index.
    pub const INDEX_BITS: u32 = 22;
    /// A link's draws (km, time, cost): shared by every corridor using the
    /// link in a trial, in either direction.
    pub fn link(link: u32) -> u32 {
        debug_assert!(link < 1 << INDEX_BITS);
        link
    }
    /// A node's dwell draws, per arrival mode (0 road, 1 rail, 2 sea,
    /// 3 ferry).
    pub fn dwell(node: u32, mode: u32) -> u32 {
        debug_assert!(node < 1 << (INDEX_BITS - 2) && mode < 4);
        (1 << INDEX_BITS) | (node << 2) | mode
    }
    /// A transfer's draws, per transfer edge of the expanded graph.
    pub fn transfer(edge: u32) -> u32 {
        debug_assert!(edge < 1 << INDEX_BITS);
        (2 << INDEX_BITS) | edge
    }
    /// The speed and tariff draws of every road (mode 0) or rail (mode 1)
    /// link of one country (by its rank among the network's countries):
    /// one quantile per country, land mode and trial.
    pub fn country_mode(country: u32, mode: u32) -> u32 {
        debug_assert!(country < QUOTE_RANK && mode < 4);
        (3 << INDEX_BITS) | (country << 2) | mode
    }
    /// The rank [`quote`] takes among the countries: the last there is
    /// room for, which no network's countries reach.
    const QUOTE_RANK: u32 = (1 << (INDEX_BITS - 2)) - 1;
    /// A single shipment's freight-price factor on one mode (0 road,
    /// 1 rail, 2 sea, 3 ferry): one per mode and trial, shared by every
    /// link of that mode the trial's routes use.
    pub fn quote(mode: u32) -> u32 {
        debug_assert!(mode < 4);
        (3 << INDEX_BITS) | (QUOTE_RANK << 2) | mode
    }
}

/// Field ids of counter-based draws: which quantity of an element a draw
/// is for. Each (element, field) pair is one independent uniform.
pub mod field {
    /// A link's length.
    pub const KM: u32 = 0;
    /// A link's time (hours or speed).
    pub const TIME: u32 = 1;
    /// A link's cost (USD or USD per km).
    pub const COST: u32 = 2;
    /// A dwell's hours.
    pub const DWELL_HOURS: u32 = 3;
    /// A dwell's cost.
    pub const DWELL_USD: u32 = 4;
    /// A transfer's hours.
    pub const TRANSFER_HOURS: u32 = 5;
    /// A transfer's cost.
    pub const TRANSFER_USD: u32 = 6;
    /// Holding cost per day while waiting at a node on a mode.
    pub const HOLDING: u32 = 7;
    /// A single crossing's scatter around its dwell's drawn level.
    pub const DWELL_SCATTER: u32 = 8;
    /// A single shipment's freight price around the tariff, per mode
    /// ([`super::element::quote`]).
    pub const QUOTE_SCATTER: u32 = 9;
}

/// Inverse CDF of the standard normal (Acklam's rational approximation,
/// refined by one Halley step: relative error below 1e-12).
pub fn inverse_normal(p: f64) -> f64 {
    let x = inverse_normal_coarse(p);
    // One Halley step with the complementary error function.
    let e = 0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// Acklam's rational approximation of the standard normal's inverse CDF
/// alone (relative error below 1.2e-9): for draws where that is plenty
/// and speed matters (occurrence durations on the calendar).
pub fn inverse_normal_coarse(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    if p < LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// Points in a PERT quantile table.
const PERT_TABLE: usize = 1024;

/// A distribution prepared for fast sampling by inverse CDF.
#[derive(Debug, Clone)]
pub enum Sampler {
    /// A constant.
    Fixed(f64),
    /// Uniform on [min, min + width].
    Uniform {
        /// Smallest value.
        min: f64,
        /// max − min.
        width: f64,
    },
    /// Triangular.
    Triangular {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
        /// CDF at the mode: (mode − min) / (max − min).
        fc: f64,
        /// (max − min) × (mode − min), for the left branch of the inverse.
        left: f64,
        /// (max − min) × (max − mode), for the right branch of the inverse.
        right: f64,
    },
    /// Lognormal: exp(mu + sigma z).
    LogNormal {
        /// Mean of the log.
        mu: f64,
        /// Standard deviation of the log.
        sigma: f64,
    },
    /// PERT by a quantile table, linearly interpolated.
    Table(Box<[f64]>),
}

impl Sampler {
    /// Prepares a distribution.
    pub fn new(d: &Dist) -> Sampler {
        match *d {
            Dist::Fixed { value } => Sampler::Fixed(value),
            Dist::Uniform { min, max } => Sampler::Uniform {
                min,
                width: max - min,
            },
            Dist::Triangular { min, mode, max } => Sampler::Triangular {
                min,
                max,
                fc: (mode - min) / (max - min),
                left: (max - min) * (mode - min),
                right: (max - min) * (max - mode),
            },
            Dist::LogNormal { p50, p90 } => Sampler::LogNormal {
                mu: p50.ln(),
                sigma: (p90 / p50).ln() / 1.281_551_565_544_600_4,
            },
            Dist::Pert { min, mode, max } => {
                use statrs::distribution::{Beta, ContinuousCDF};
                let (a, b) = pert_shape(min, mode, max);
                let beta = Beta::new(a, b).expect("PERT shapes are positive");
                let table = (0..=PERT_TABLE)
                    .map(|i| min + beta.inverse_cdf(i as f64 / PERT_TABLE as f64) * (max - min))
                    .collect();
                Sampler::Table(table)
            }
        }
    }

    /// Whether the value never varies.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Sampler::Fixed(_))
    }

    /// The trial's draw for `element`'s `field` ([`element_unit`]); a
    /// fixed value needs no draw.
    #[inline]
    pub fn draw(&self, key: u64, element: u32, field: u32) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            _ => self.at(element_unit(key, element, field)),
        }
    }

    /// The value at quantile `u` in (0, 1).
    #[inline]
    pub fn at(&self, u: f64) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform { min, width } => min + u * width,
            Sampler::Triangular {
                min,
                max,
                fc,
                left,
                right,
            } => {
                if u < *fc {
                    min + (u * left).sqrt()
                } else {
                    max - ((1.0 - u) * right).sqrt()
                }
            }
            // Acklam's approximation alone: 1.2e-9 relative in the normal
            // quantile is far below any figure's uncertainty.
            Sampler::LogNormal { mu, sigma } => (mu + sigma * inverse_normal_coarse(u)).exp(),
            Sampler::Table(t) => {
                let x = u * PERT_TABLE as f64;
                let i = (x as usize).min(PERT_TABLE - 1);
                let f = x - i as f64;
                t[i] + f * (t[i + 1] - t[i])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{ContinuousCDF, Normal};

    #[test]
    fn inverse_normal_matches_statrs() {
        let n = Normal::standard();
        for p in [
            1e-9,
            1e-4,
            0.01,
            0.02425,
            0.1,
            0.5,
            0.77,
            0.975,
            0.999,
            1.0 - 1e-7,
        ] {
            let a = inverse_normal(p);
            let b = n.inverse_cdf(p);
            assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "p={p}: {a} vs {b}");
        }
    }

    #[test]
    fn samplers_match_quantiles() {
        let dists = [
            Dist::Uniform { min: 2.0, max: 5.0 },
            Dist::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 6.0,
            },
            Dist::LogNormal {
                p50: 30.0,
                p90: 72.0,
            },
            Dist::Pert {
                min: 1.0,
                mode: 2.0,
                max: 9.0,
            },
        ];
        for d in dists {
            let s = Sampler::new(&d);
            for u in [0.01, 0.25, 0.5, 0.9, 0.99] {
                let (a, b) = (s.at(u), d.quantile(u));
                assert!(
                    (a - b).abs() < 1e-4 * b.abs().max(1.0),
                    "{d:?} u={u}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn units_are_open_interval() {
        assert!(unit(0) > 0.0);
        assert!(unit(u64::MAX) < 1.0);
        let a = element_unit(7, 3, 1);
        assert_eq!(a, element_unit(7, 3, 1));
        assert_ne!(a, element_unit(7, 3, 2));
        assert_ne!(a, element_unit(8, 3, 1));
    }
}
