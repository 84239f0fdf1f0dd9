//! The report folder of a run: `summary.json`, `corridors.csv`,
//! `summary.md` and the PNG charts. Everything is produced in memory first
//! and written only when all of it succeeded, each file atomically, so a
//! failed run leaves the previous report untouched.

use std::path::{Path, PathBuf};

use strum::IntoEnumIterator as _;

use super::charts;
use super::data::ChartData;
use crate::cost::CostPart;
use crate::montecarlo::summary::Summary;

/// One output file, ready to write.
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Columns of `corridors.csv`, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "name",
    "group",
    "reached",
    "days_mean",
    "days_sd",
    "days_p5",
    "days_p10",
    "days_p50",
    "days_p90",
    "days_p95",
    "days_p99",
    "days_cvar95",
    "usd_mean",
    "usd_sd",
    "usd_p5",
    "usd_p10",
    "usd_p50",
    "usd_p90",
    "usd_p95",
    "usd_p99",
    "usd_cvar95",
    "gc_mean",
    "gc_p50",
    "gc_p90",
    "gc_cvar95",
    "p_on_time",
    "p_loss",
    "p_waited",
    "p_detoured",
    "p_cheapest",
    "p_fastest",
    "p_lowest_gc",
    "free_choice_share",
    "usd_line_haul",
    "usd_borders",
    "usd_transfers_ports",
    "usd_risk_events",
    "planned_km",
    "planned_expected_gc",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `corridors.csv`: one row per corridor (and the free choice), the
/// statistics as columns.
pub fn corridors_csv(s: &Summary) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    let opt = |p: &Option<crate::montecarlo::summary::Probability>| {
        p.as_ref().map_or(String::new(), |p| p.p.to_string())
    };
    for c in s.corridors.iter().chain([&s.free_choice]) {
        let share = s
            .free_choice_shares
            .get(&c.id)
            .map_or(String::new(), |p| p.p.to_string());
        let mut cells: Vec<String> = vec![
            csv_field(&c.id),
            csv_field(&c.name),
            c.group.clone(),
            c.reached.p.to_string(),
            c.days.mean.to_string(),
            c.days.sd.to_string(),
            c.days.p5.to_string(),
            c.days.p10.to_string(),
            c.days.p50.to_string(),
            c.days.p90.to_string(),
            c.days.p95.to_string(),
            c.days.p99.to_string(),
            c.days.cvar95.to_string(),
            c.usd.mean.to_string(),
            c.usd.sd.to_string(),
            c.usd.p5.to_string(),
            c.usd.p10.to_string(),
            c.usd.p50.to_string(),
            c.usd.p90.to_string(),
            c.usd.p95.to_string(),
            c.usd.p99.to_string(),
            c.usd.cvar95.to_string(),
            c.generalized_cost.mean.to_string(),
            c.generalized_cost.p50.to_string(),
            c.generalized_cost.p90.to_string(),
            c.generalized_cost.cvar95.to_string(),
            opt(&c.on_time),
            c.loss.p.to_string(),
            c.waited_out_closure.p.to_string(),
            c.detoured.p.to_string(),
            opt(&c.cheapest),
            opt(&c.fastest),
            opt(&c.lowest_generalized_cost),
            share,
        ];
        cells.extend(CostPart::iter().map(|part| c.part_usd(part).to_string()));
        cells.extend([
            c.planned
                .as_ref()
                .map_or(String::new(), |p| p.km.to_string()),
            c.planned
                .as_ref()
                .map_or(String::new(), |p| p.expected_generalized_cost.to_string()),
        ]);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Everything a run writes, in memory.
pub fn outputs(
    s: &Summary,
    name: &str,
    description: &str,
    network: &str,
    chart_data: Option<&ChartData>,
) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    let mut json =
        serde_json::to_string_pretty(s).map_err(|e| format!("cannot encode summary.json: {e}"))?;
    json.push('\n');
    out.push(Output {
        name: "summary.json".into(),
        bytes: json.into_bytes(),
    });
    out.push(Output {
        name: "corridors.csv".into(),
        bytes: corridors_csv(s).into_bytes(),
    });
    let mut names = Vec::new();
    if let Some(data) = chart_data {
        for (file, png) in charts::all(data)? {
            names.push(file);
            out.push(Output {
                name: file.into(),
                bytes: png,
            });
        }
    }
    out.push(Output {
        name: "summary.md".into(),
        bytes: super::briefing::briefing(s, name, description, network, &names).into_bytes(),
    });
    Ok(out)
}

/// Writes outputs into `dir` all or nothing: every file is first written
/// to a temporary name (and synced); only when all succeeded are they
/// renamed into place. A failure before that removes the temporary files
/// and leaves the previous report untouched. Returns the paths written.
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for o in outputs {
        let target = dir.join(&o.name);
        if target.is_dir() {
            cleanup(&staged);
            return Err(format!(
                "cannot write {}: a folder of that name is in the way",
                target.display()
            ));
        }
        let tmp = dir.join(format!(".{}.tmp-{}", o.name, std::process::id()));
        if let Err(e) = stage(&tmp, &o.bytes) {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&staged);
            return Err(format!("cannot write {}: {e}", target.display()));
        }
        staged.push((tmp, target));
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(staged.into_iter().map(|(_, t)| t).collect())
}

fn stage(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()
}
