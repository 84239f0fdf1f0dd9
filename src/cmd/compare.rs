//! `corridor compare A B`: two report folders side by side, printed and
//! written as `compare.md`, `compare.csv` and `compare.png` with their
//! manifest.

use std::path::{Path, PathBuf};

use corridor::report::charts;
use corridor::report::compare::{self, Run};
use corridor::report::compare_out as render;
use corridor::report::files::{Output, attach_manifest, write_all};

use super::error::CmdError;
use super::out;

/// What `corridor compare` was asked to do.
pub struct CompareConfig {
    /// Run A's report folder (the baseline).
    pub a: PathBuf,
    /// Run B's report folder.
    pub b: PathBuf,
    /// Output folder (default: `compare--<A>--<B>/` beside B's folder).
    pub out: Option<PathBuf>,
    /// Whether to draw the chart.
    pub charts: bool,
}

/// `corridor compare`.
pub fn compare(cfg: &CompareConfig) -> Result<(), CmdError> {
    let a = Run::read(&cfg.a).map_err(CmdError::Report)?;
    let b = Run::read(&cfg.b).map_err(CmdError::Report)?;
    let c = compare::compare(a, b).map_err(CmdError::Report)?;
    out::print(&render::table(&c))?;
    let stamp = render::manifest(&c).map_err(CmdError::Report)?;
    let mut outputs = vec![
        Output {
            name: "compare.md".into(),
            bytes: render::markdown(&c).into_bytes(),
        },
        Output {
            name: "compare.csv".into(),
            bytes: render::csv(&c).map_err(CmdError::Report)?,
        },
    ];
    if cfg.charts {
        outputs.push(Output {
            name: "compare.png".into(),
            bytes: charts::compare_chart(&c).map_err(CmdError::Report)?,
        });
    }
    attach_manifest(&mut outputs, &stamp).map_err(CmdError::Report)?;
    let dir = cfg.out.clone().unwrap_or_else(|| {
        let parent = cfg.b.parent().unwrap_or(Path::new("."));
        parent.join(format!("compare--{}--{}", c.a.name(), c.b.name()))
    });
    write_all(&dir, &outputs).map_err(CmdError::Report)?;
    let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    out::print_line(&format!(
        "\nwrote {}/ ({})",
        dir.display(),
        names.join(", ")
    ))
}
