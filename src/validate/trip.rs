//! A published trip as a one-corridor scenario on the network: its origin,
//! destination, waypoints and modes, its cargo's value, and its departure
//! (the day, the month, or the whole year), loaded from memory like any
//! scenario file.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Observation, Observations};
use crate::scenario::Scenario;
use crate::scenario::load::load_scenario_from;

/// Why a trip cannot become a scenario: what the loader found wrong,
/// without the locations (the scenario text is generated, not the user's).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", problems.join("; "))]
pub struct NotAScenario {
    problems: Vec<String>,
}

/// The trip as a scenario with one corridor, loaded from memory.
pub fn trip_scenario(
    obs: &Observations,
    network_text: &str,
    o: &Observation,
    trials: u64,
    seed: u64,
) -> Result<Scenario, NotAScenario> {
    let net_path = crate::scenario::load::normal_path(&obs.network);
    let dir = net_path.parent().unwrap_or(Path::new("")).to_path_buf();
    let file_name = net_path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| toml::Value::String(s.clone()).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let modes = if o.modes.is_empty() {
        String::new()
    } else {
        format!("modes = [{}]\n", quoted(&o.modes))
    };
    let (value, vot) = match (o.cargo.as_str(), obs.bulk) {
        ("bulk", Some(b)) => b,
        _ => (obs.cargo_value_usd, obs.value_of_time_usd_per_day),
    };
    let text = format!(
        "name = {name}\nnetwork = {net}\norigin = {origin}\ndestination = {destination}\n\n\
         [cargo]\nclass = {class}\nvalue_usd = {value}\nvalue_of_time_usd_per_day = {vot}\n\n\
         [[corridors]]\nid = \"trip\"\nname = {name}\ngroup = \"other\"\nvia = [{via}]\n{modes}\n\
         [montecarlo]\ntrials = {trials}\nseed = {seed}\n{departure}",
        name = toml::Value::String(o.id.clone()),
        net = toml::Value::String(file_name),
        origin = toml::Value::String(o.origin.clone()),
        destination = toml::Value::String(o.destination.clone()),
        class = toml::Value::String(o.cargo.clone()),
        value = value,
        vot = vot,
        via = quoted(&o.via),
        departure = departure(&o.date),
    );
    let sc_path = dir.join(format!("trip {}.toml", o.id));
    let texts = BTreeMap::from([
        (sc_path.clone(), text),
        (net_path, network_text.to_string()),
    ]);
    load_scenario_from(&sc_path, &texts, &[]).map_err(|e| {
        let prefix = format!("{}:", sc_path.display());
        NotAScenario {
            problems: e
                .lines()
                .iter()
                .map(|l| strip_location(l.strip_prefix(&prefix).unwrap_or(l)))
                .collect(),
        }
    })
}

/// The scenario's `[departure]` for a trip dated `date`: the day, the
/// month, or nothing (the whole year) when the date gives neither.
fn departure(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            format!("\n[departure]\ndate = \"{date}\"\n")
        }
        [y, m] if digits(y, 4) && digits(m, 2) => match m.parse::<u32>() {
            Ok(month @ 1..=12) => format!("\n[departure]\nmonth = {month}\n"),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// `12:3: origin: unknown node "x"` → `origin: unknown node "x"`.
fn strip_location(line: &str) -> String {
    let mut rest = line;
    for _ in 0..2 {
        if let Some((head, tail)) = rest.split_once(':')
            && head.chars().all(|c| c.is_ascii_digit())
            && !head.is_empty()
        {
            rest = tail;
        }
    }
    rest.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::departure;

    #[test]
    fn a_trip_departs_on_its_day_or_within_its_month() {
        assert_eq!(
            departure("2024-04-27"),
            "\n[departure]\ndate = \"2024-04-27\"\n"
        );
        assert_eq!(departure("2024-05"), "\n[departure]\nmonth = 5\n");
        for whole_year in ["2025", "n.d.", "2024-13", "spring 2024", ""] {
            assert_eq!(departure(whole_year), "", "{whole_year}");
        }
    }
}
