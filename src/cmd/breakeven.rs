//! `corridor breakeven`: where two corridors swap (by default the leader
//! and the runner-up), between two values; the answer is printed and
//! written to `breakeven.csv` with its manifest.

use corridor::analysis::sweep;
use corridor::report::breakeven::{self as file, Search};
use corridor::report::files::Output;
use corridor::report::sensitivity as render;

use super::error::CmdError;
use super::out;
use super::sensitivity::{SensitivityConfig, manifest_of, out_dir, print_what_if, setup, write};

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
    let result = pool.install(|| sweep::breakeven(&ev, &cfg.param, cfg.a, cfg.b, cfg.tol))?;
    print_what_if(&ev)?;
    match &result {
        Ok(b) => out::print_line(&format!(
            "{} ({} trials per value, seed {}, metric {}).",
            render::describe(&cfg.param, b),
            ev.trials,
            ev.seed,
            ev.metric.name()
        ))?,
        Err(none) => out::print_line(&format!("{}.", render::describe_none(none)))?,
    }
    let search = Search {
        key: &cfg.param,
        lo: cfg.a,
        hi: cfg.b,
        pair: ev.pair()?,
        metric: ev.metric,
        trials: ev.trials,
        seed: ev.seed,
    };
    let outputs = vec![Output {
        name: file::FILE_NAME.into(),
        bytes: file::breakeven_csv(&search, &result).map_err(CmdError::Report)?,
    }];
    let mut args = format!(" --param {} --between {},{}", cfg.param, cfg.a, cfg.b);
    if let Some(tol) = cfg.tol {
        args.push_str(&format!(" --tol {tol}"));
    }
    let m = manifest_of(&cfg.common, &ev, "breakeven", &args);
    let key = render::file_key(&cfg.param);
    write(
        out_dir(&cfg.common, &ev, &format!("breakeven-{key}")),
        outputs,
        &m,
    )
}
