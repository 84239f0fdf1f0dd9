//! Sensitivity analysis: how the comparison changes with one input.
//! Every value of a parameter is simulated with the same seed, so the
//! trials share their random numbers (common random numbers): differences
//! between values come from the parameter, not from noise.
//!
//! - [`Evaluator`]: a loaded scenario simulated at other values of one
//!   parameter key (the language of [`crate::scenario::params`]);
//! - [`sweep`]: the metric of every corridor over a list of values, with
//!   the break-even points between the two compared corridors refined by
//!   bisection (numbers) or the better one at each value (text values);
//! - [`tornado`]: one-at-a-time low/high of many inputs, ranked by their
//!   effect on the difference between the two compared corridors;
//! - [`Pair`]: which two corridors are compared (`--corridors A,B`, else
//!   the leader and the runner-up at the base values).
//!
//! Analysis returns data; `report::sensitivity` renders it.

mod error;
mod evaluator;
mod pair;
mod point;
pub mod sweep;
pub mod tornado;

pub use error::AnalysisError;
pub use evaluator::{EvalConfig, Evaluator, Texts};
pub use pair::{Pair, Side};
pub use point::{CorridorPoint, Metric, Point};
