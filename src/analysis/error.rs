//! Why an analysis could not be done.

use crate::diag::Diagnostics;
use crate::montecarlo::model::SimError;
use crate::scenario::params::ParamError;

/// Why an analysis could not be done.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// Fewer than two corridors have a route at the base values.
    #[error("the comparison needs two corridors with routes at the base values")]
    NoComparison,
    /// `--corridors` names a corridor the scenario does not have.
    #[error("--corridors: unknown corridor \"{id}\"{hint}")]
    UnknownCorridor {
        /// The id given.
        id: String,
        /// A did-you-mean hint, or empty.
        hint: String,
    },
    /// `--corridors` names the same corridor twice.
    #[error("--corridors: \"{id}\" given twice; name two different corridors")]
    SameCorridor {
        /// The id given.
        id: String,
    },
    /// At some value one of the two compared corridors has no route.
    #[error("one of the two compared corridors lost its route")]
    RouteLost,
    /// A tornado input has no current value to vary around.
    #[error(
        "{key}: no base value to vary (tornado takes risk_weights.*, hazards.*.probability, cargo.value_usd, cargo.value_of_time_usd_per_day, cargo.deadline_days; use sweep for other keys)"
    )]
    NoBaseValue {
        /// The key.
        key: String,
    },
    /// A value the parameter cannot take, or a key that names nothing.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The text of an input file was not given.
    #[error("{path}: the text of this input was not given")]
    InputMissing {
        /// The input's path.
        path: String,
    },
    /// An input file differs from the one the scenario was loaded from.
    #[error("{path}: the file changed since the scenario was loaded (SHA-256 differs); run again")]
    InputChanged {
        /// The input's path.
        path: String,
    },
    /// The scenario with the parameter changed does not load.
    #[error("{0}")]
    WhatIf(Diagnostics),
    /// The simulation model could not be built.
    #[error(transparent)]
    Model(#[from] SimError),
}
