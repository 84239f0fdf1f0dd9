//! `corridor tornado`: one-at-a-time sensitivity of the southern −
//! traditional difference.

use corridor::analysis::tornado;
use corridor::report::charts;
use corridor::report::files::Output;
use corridor::report::sensitivity as render;

use super::error::CmdError;
use super::out;
use super::sensitivity::{SensitivityConfig, out_dir, setup, write};

/// What `corridor tornado` was asked to do.
pub struct TornadoConfig {
    /// Options shared with sweep and breakeven.
    pub common: SensitivityConfig,
    /// The inputs (default: [`tornado::default_params`]).
    pub params: Option<Vec<String>>,
    /// Relative change of every input.
    pub delta: f64,
}

/// `corridor tornado`.
pub fn tornado(cfg: &TornadoConfig) -> Result<(), CmdError> {
    let (ev, pool) = setup(&cfg.common)?;
    let params = match &cfg.params {
        Some(p) => p.clone(),
        None => tornado::default_params(&ev),
    };
    let t = pool.install(|| tornado::tornado(&ev, &params, cfg.delta))?;
    out::print(&render::tornado_table(&t, ev.metric.name()))?;
    let mut outputs = vec![Output {
        name: "tornado.csv".into(),
        bytes: render::tornado_csv(&t).into_bytes(),
    }];
    if cfg.common.charts {
        outputs.push(Output {
            name: "tornado.png".into(),
            bytes: charts::tornado_chart(&t, ev.metric, &ev.base().name, 20)
                .map_err(CmdError::Report)?,
        });
    }
    write(out_dir(&cfg.common, &ev, "tornado"), outputs)
}
