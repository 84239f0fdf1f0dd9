//! `corridor sweep`: the comparison against one parameter, with its
//! break-even points.

use corridor::analysis::sweep;
use corridor::report::charts;
use corridor::report::files::Output;
use corridor::report::sensitivity as render;

use super::error::CmdError;
use super::out;
use super::sensitivity::{SensitivityConfig, manifest_of, out_dir, print_what_if, setup, write};

/// The values of a sweep.
pub enum SweepValues {
    /// Numbers (sorted, break-evens bisected).
    Numbers(Vec<f64>),
    /// Text values such as node ids or mode lists, in the order given.
    Texts(Vec<String>),
}

/// What `corridor sweep` was asked to do.
pub struct SweepConfig {
    /// Options shared with breakeven and tornado.
    pub common: SensitivityConfig,
    /// The parameter key.
    pub param: String,
    /// The values to simulate.
    pub values: SweepValues,
    /// Break-even tolerance (default: 1/1000 of the swept range).
    pub tol: Option<f64>,
}

/// `corridor sweep`.
pub fn sweep(cfg: &SweepConfig) -> Result<(), CmdError> {
    let (mut ev, pool) = setup(&cfg.common)?;
    // Every value compares the same corridors: those of the scenario and
    // the routes the free choice takes at any of the values.
    let (listed, texts) = match &cfg.values {
        SweepValues::Numbers(v) => (v.iter().map(f64::to_string).collect(), false),
        SweepValues::Texts(v) => (v.clone(), true),
    };
    pool.install(|| ev.discover(&cfg.param, &listed, texts))?;
    let s = pool.install(|| match &cfg.values {
        SweepValues::Numbers(v) => sweep::sweep(&ev, &cfg.param, v, cfg.tol),
        SweepValues::Texts(v) => sweep::sweep_texts(&ev, &cfg.param, v),
    })?;
    print_what_if(&ev)?;
    out::print(&render::sweep_table(&s, ev.metric))?;
    let key = render::file_key(&cfg.param);
    let mut outputs = vec![Output {
        name: format!("sweep_{key}.csv"),
        bytes: render::sweep_csv(&s).into_bytes(),
    }];
    if cfg.common.charts {
        outputs.push(Output {
            name: format!("sweep_{key}.png"),
            bytes: charts::sweep_chart(&s, ev.metric, &charts::Titles::of(ev.base()))
                .map_err(CmdError::Report)?,
        });
    }
    let values = match &cfg.values {
        SweepValues::Numbers(v) => v.iter().map(f64::to_string).collect::<Vec<_>>(),
        SweepValues::Texts(v) => v.clone(),
    };
    let mut args = format!(" --param {} --values {}", cfg.param, values.join(","));
    if let Some(tol) = cfg.tol {
        args.push_str(&format!(" --tol {tol}"));
    }
    let m = manifest_of(&cfg.common, &ev, "sweep", &args);
    write(
        out_dir(&cfg.common, &ev, &format!("sweep-{key}")),
        outputs,
        &m,
    )
}
