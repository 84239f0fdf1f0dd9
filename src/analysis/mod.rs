//! Sensitivity analysis: how the comparison changes with one input.
//! Every value of a parameter is simulated with the same seed, so the
//! trials share their random numbers (common random numbers): differences
//! between values come from the parameter, not from noise.
//!
//! - [`Evaluator`]: a loaded scenario simulated at other values of one
//!   parameter key (the language of [`crate::scenario::params`]);
//! - [`sweep`]: the metric of every corridor over a list of values, with
//!   the break-even points between the best southern and the best
//!   traditional corridor refined by bisection;
//! - [`tornado`]: one-at-a-time low/high of many inputs, ranked by their
//!   effect on the southern − traditional difference.
//!
//! Analysis returns data; `report::sensitivity` renders it.

mod error;
mod evaluator;
mod point;
pub mod sweep;
pub mod tornado;

pub use error::AnalysisError;
pub use evaluator::{EvalConfig, Evaluator, Texts};
pub use point::{CorridorPoint, Metric, Point};
