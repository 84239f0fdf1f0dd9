//! The two corridors a sensitivity analysis compares: named by the user
//! (`--corridors A,B`), else the leader and the runner-up at the base
//! values (lowest and second-lowest mean of the metric among corridors
//! with a route). Their difference `A − B` is what sweeps bisect and
//! tornados rank; negative means A is better.

use super::error::AnalysisError;
use super::point::{CorridorPoint, Point};
use crate::diag::did_you_mean;

/// One side of a [`Pair`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// Corridor id.
    pub id: String,
    /// Corridor name.
    pub name: String,
}

impl Side {
    fn of(c: &CorridorPoint) -> Side {
        Side {
            id: c.id.clone(),
            name: c.name.clone(),
        }
    }
}

/// The two compared corridors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The first (the leader by default).
    pub a: Side,
    /// The second (the runner-up by default).
    pub b: Side,
}

impl Pair {
    /// The pair named by `ids`, checked against the corridors of `base`;
    /// without `ids`, the leader and runner-up of `base`.
    pub fn resolve(base: &Point, ids: Option<&(String, String)>) -> Result<Pair, AnalysisError> {
        match ids {
            Some((a, b)) => Pair::named(base, a, b),
            None => Pair::leaders(base),
        }
    }

    /// The corridors `a` and `b`, which must exist and differ.
    fn named(base: &Point, a: &str, b: &str) -> Result<Pair, AnalysisError> {
        if a == b {
            return Err(AnalysisError::SameCorridor { id: a.to_string() });
        }
        let find = |id: &str| {
            base.corridors
                .iter()
                .find(|c| c.id == id)
                .map(Side::of)
                .ok_or_else(|| AnalysisError::UnknownCorridor {
                    id: id.to_string(),
                    hint: did_you_mean(id, base.corridors.iter().map(|c| c.id.as_str())),
                })
        };
        Ok(Pair {
            a: find(a)?,
            b: find(b)?,
        })
    }

    /// The lowest and second-lowest mean among corridors with a route
    /// (ties broken by scenario order).
    fn leaders(base: &Point) -> Result<Pair, AnalysisError> {
        let mut reached: Vec<&CorridorPoint> =
            base.corridors.iter().filter(|c| c.reached > 0.0).collect();
        reached.sort_by(|x, y| x.mean.total_cmp(&y.mean));
        match reached[..] {
            [a, b, ..] => Ok(Pair {
                a: Side::of(a),
                b: Side::of(b),
            }),
            _ => Err(AnalysisError::NoComparison),
        }
    }

    /// `A − B` at a point (negative: A better), or `None` when either has
    /// no route there.
    pub fn difference(&self, p: &Point) -> Option<f64> {
        let mean = |s: &Side| {
            p.corridors
                .iter()
                .find(|c| c.id == s.id && c.reached > 0.0)
                .map(|c| c.mean)
        };
        Some(mean(&self.a)? - mean(&self.b)?)
    }

    /// The better side at a point, if both have a route there.
    pub fn better(&self, p: &Point) -> Option<&Side> {
        self.difference(p)
            .map(|d| if d < 0.0 { &self.a } else { &self.b })
    }

    /// The side other than `s`.
    pub fn other(&self, s: &Side) -> &Side {
        if *s == self.a { &self.b } else { &self.a }
    }
}
