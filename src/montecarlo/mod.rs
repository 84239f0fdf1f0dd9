//! Monte-Carlo risk analysis: one trial is one shipment. Every
//! hazard is drawn; closures are known at departure and each corridor
//! re-plans (wait or detour); the chosen route is travelled with realized
//! draws. Statistics merge exactly, so thread count and sharding never
//! change a result.
//!
//! ```text
//!   Scenario ─► SimModel (graph, samplers, baseline plans)
//!            ─► run_trials(seed, range) in parallel ─► Acc (mergeable)
//!            ─► summarize ─► Summary (summary.json, table)
//! ```

pub mod answer;
pub mod calendar;
mod decide;
pub mod draws;
mod edges;
pub mod model;
pub mod run;
pub mod shard;
pub mod stats;
pub mod summary;
mod tables;
pub mod taken;
pub mod travel;

pub use model::SimModel;
pub use run::{Acc, run_trials, shard_range};
pub use summary::{Manifest, Summary, summarize};
