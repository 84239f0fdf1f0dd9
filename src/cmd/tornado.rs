//! `corridor tornado`: one-at-a-time sensitivity of the southern −
//! traditional difference.

use corridor::analysis::tornado;
use corridor::report::charts;
use corridor::report::files::Output;
use corridor::report::sensitivity as render;

use super::error::CmdError;
use super::out;
use super::sensitivity::{SensitivityConfig, manifest_of, out_dir, print_what_if, setup, write};

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
    print_what_if(&ev)?;
    out::print(&render::tornado_table(&t, ev.metric.name()))?;
    let mut outputs = vec![Output {
        name: "tornado.csv".into(),
        bytes: render::tornado_csv(&t).into_bytes(),
    }];
    if cfg.common.charts {
        outputs.push(Output {
            name: "tornado.png".into(),
            bytes: charts::tornado_chart(&t, ev.metric, &charts::Titles::of(ev.base()), 20)
                .map_err(CmdError::Report)?,
        });
    }
    // The inputs that ran, also when they were the scenario's default list.
    let args = format!(" --params {} --delta {}", params.join(","), cfg.delta);
    let m = manifest_of(&cfg.common, &ev, "tornado", &args);
    write(out_dir(&cfg.common, &ev, "tornado"), outputs, &m)
}
