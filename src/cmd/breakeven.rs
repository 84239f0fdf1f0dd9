//! `corridor breakeven`: where the best southern and best traditional
//! corridors swap, between two values.

use corridor::analysis::sweep;
use corridor::report::sensitivity as render;

use super::error::CmdError;
use super::out;
use super::sensitivity::{SensitivityConfig, setup};

/// What `corridor breakeven` was asked to do.
pub struct BreakevenConfig {
    /// Options shared with sweep and tornado.
    pub common: SensitivityConfig,
    /// The parameter key.
    pub param: String,
    /// One end of the interval.
    pub a: f64,
    /// The other end.
    pub b: f64,
    /// Tolerance (default: 1/1000 of the interval).
    pub tol: Option<f64>,
}

/// `corridor breakeven`.
pub fn breakeven(cfg: &BreakevenConfig) -> Result<(), CmdError> {
    let (mut ev, pool) = setup(&cfg.common)?;
    let ends = [cfg.a.to_string(), cfg.b.to_string()];
    pool.install(|| ev.discover(&cfg.param, &ends, false))?;
    match pool.install(|| sweep::breakeven(&ev, &cfg.param, cfg.a, cfg.b, cfg.tol))? {
        Ok(b) => out::print_line(&format!(
            "{} ({} trials per value, seed {}, metric {}).",
            render::describe(&cfg.param, &b),
            ev.trials,
            ev.seed,
            ev.metric.name()
        )),
        Err(none) => out::print_line(&format!("{}.", render::describe_none(&none))),
    }
}
