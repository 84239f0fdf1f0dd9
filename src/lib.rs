#![warn(missing_docs)]
//! # corridor
//!
//! Compares freight corridors from Central Asia to the sea — the new
//! southern routes to Pakistan's ports (through Afghanistan, through China)
//! beside the traditional ones (Russia, China's east coast, the
//! Trans-Caspian Middle Corridor, Iran) — by cost, time and risk.
//!
//! ## Pipeline
//!
//! ```text
//! scenario.toml ─┐
//! network.toml ──┴─► load + validate ─► Scenario ─► path::plan ─► report
//!                    (every problem,     (network      (least generalized
//!                     file:line:col)      + changes)     cost per corridor)
//! ```
//!
//! The core ([`network`], [`scenario`] model, [`path`], [`dist`]) is pure:
//! no printing, no files. I/O lives in [`scenario::load`], [`report`] and
//! the binary.
//!
//! ## Glossary
//!
//! - **node**: a place (hub, port, border crossing); **link**: a connection
//!   by one mode (road, rail, sea, ferry).
//! - **carrier**: a mode, and for rail its gauge; the expanded graph has one
//!   vertex per node and carrier, so breaks of gauge cost what they cost.
//! - **dwell**: time and money on arriving at a node (borders, ports);
//!   **transfer**: changing carrier at a node.
//! - **hazard**: a risk with a probability per shipment, targets and an
//!   effect (close, delay, cost, loss).
//! - **generalized cost**: USD + value of time × hours + Σ risk weight ×
//!   expected hazard impact.
//! - **corridor**: a named route family (waypoints to pass, things to avoid).

pub mod analysis;
pub mod colour;
pub mod cost;
pub mod diag;
pub mod dist;
pub mod input;
pub mod montecarlo;
pub mod network;
pub mod path;
pub mod report;
pub mod scenario;
pub mod toml_in;
pub mod units;
pub mod validate;
