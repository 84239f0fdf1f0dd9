//! `corridor sweep`, `breakeven` and `tornado`: argument checking, running
//! on a thread pool, tables on stdout, CSV and PNG files written atomically.

use std::path::Path;

use corridor::analysis::{self, Evaluator, Metric, sweep, tornado};
use corridor::report::charts;
use corridor::report::files::{Output, write_all};

use crate::cli::SensitivityArgs;

fn setup(a: &SensitivityArgs) -> Result<(Evaluator, rayon::ThreadPool), String> {
    let metric = Metric::parse(&a.metric)
        .ok_or_else(|| format!("--metric {}: expected gc, usd or days", a.metric))?;
    if a.trials == Some(0) {
        return Err("--trials must be at least 1".into());
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = a.threads {
        if t == 0 {
            return Err("--threads must be at least 1".into());
        }
        pool = pool.num_threads(t);
    }
    let pool = pool
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let ev = Evaluator::new(&a.scenario, &a.set, a.trials, a.seed, metric)
        .map_err(|e| crate::cli::diagnostics(e.lines().map(String::from).collect()))?;
    Ok((ev, pool))
}

fn out_dir(a: &SensitivityArgs, ev: &Evaluator) -> std::path::PathBuf {
    a.out
        .clone()
        .unwrap_or_else(|| Path::new("reports").join(&ev.base().id))
}

fn write(dir: &Path, outputs: Vec<Output>) -> Result<(), String> {
    let names: Vec<String> = outputs.iter().map(|o| o.name.clone()).collect();
    write_all(dir, &outputs)?;
    crate::cli::print_line(&format!(
        "\nwrote {}/ ({})",
        dir.display(),
        names.join(", ")
    ))?;
    Ok(())
}

/// `corridor sweep`.
pub fn sweep(
    a: SensitivityArgs,
    param: &str,
    values: Option<&str>,
    range: Option<&str>,
    tol: Option<f64>,
) -> Result<(), String> {
    let values = match (values, range) {
        (Some(v), _) => sweep::parse_values(v)?,
        (None, Some(r)) => sweep::parse_range(r)?,
        (None, None) => return Err("give --values a,b,c or --range lo:hi:steps".into()),
    };
    let (ev, pool) = setup(&a)?;
    let s = pool.install(|| sweep::sweep(&ev, param, &values, tol))?;
    crate::cli::print(&sweep::to_table(&s, ev.metric.name()).to_string())?;
    let key = analysis::file_key(param);
    let mut outputs = vec![Output {
        name: format!("sweep_{key}.csv"),
        bytes: sweep::to_csv(&s).into_bytes(),
    }];
    if !a.no_charts {
        outputs.push(Output {
            name: format!("sweep_{key}.png"),
            bytes: charts::sweep_chart(&s, ev.metric, &ev.base().name)?,
        });
    }
    write(&out_dir(&a, &ev), outputs)
}

/// `corridor breakeven`.
pub fn breakeven(
    a: SensitivityArgs,
    param: &str,
    between: &str,
    tol: Option<f64>,
) -> Result<(), String> {
    let v = sweep::parse_values(between)
        .map_err(|_| format!("--between {between}: expected two numbers A,B"))?;
    let [lo, hi] = v.as_slice() else {
        return Err(format!("--between {between}: expected two numbers A,B"));
    };
    let (ev, pool) = setup(&a)?;
    match pool.install(|| sweep::breakeven(&ev, param, *lo, *hi, tol))? {
        Ok(b) => crate::cli::print_line(&format!(
            "{} ({} trials per value, seed {}, metric {}).",
            sweep::describe(param, &b),
            ev.trials,
            ev.seed,
            ev.metric.name()
        ))?,
        Err(none) => crate::cli::print_line(&format!("{none}."))?,
    }
    Ok(())
}

/// `corridor tornado`.
pub fn tornado(a: SensitivityArgs, params: Option<&str>, delta: &str) -> Result<(), String> {
    let delta = tornado::parse_delta(delta)?;
    let (ev, pool) = setup(&a)?;
    let params: Vec<String> = match params {
        Some(p) => p
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => tornado::default_params(&ev),
    };
    let t = pool.install(|| tornado::tornado(&ev, &params, delta))?;
    crate::cli::print(&tornado::to_table(&t, ev.metric.name()).to_string())?;
    let mut outputs = vec![Output {
        name: "tornado.csv".into(),
        bytes: tornado::to_csv(&t).into_bytes(),
    }];
    if !a.no_charts {
        outputs.push(Output {
            name: "tornado.png".into(),
            bytes: charts::tornado_chart(&t, ev.metric, &ev.base().name, 20)?,
        });
    }
    write(&out_dir(&a, &ev), outputs)
}
