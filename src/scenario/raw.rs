//! The scenario file exactly as written (serde mirror, with locations), and
//! the parsing that collects every problem in it.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_spanned::Spanned;
use toml::de::DeValue;

use crate::diag::{Diag, FileId, Files, Loc};
use crate::network::raw::{Element, RawHazard, RawLink, RawNode, elements};
use crate::toml_in;

/// `[cargo]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCargo {
    /// `class` as written: `container` (default) or `bulk`.
    pub class: Option<Loc<String>>,
    /// `unit` as written.
    pub unit: Option<Loc<String>>,
    /// `value_usd` as written.
    pub value_usd: Option<Loc<f64>>,
    /// `value_of_time_usd_per_day` as written.
    pub value_of_time_usd_per_day: Option<Loc<f64>>,
    /// `deadline_days` as written.
    pub deadline_days: Option<Loc<f64>>,
}

/// `[montecarlo]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonteCarlo {
    /// `trials` as written.
    pub trials: Option<Loc<i64>>,
    /// `seed` as written.
    pub seed: Option<Loc<i64>>,
}

/// Everything at the top level except `corridors` and `changes`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTop {
    /// `id` as written.
    pub id: Option<Loc<String>>,
    /// `name` as written.
    pub name: Option<String>,
    /// `description` as written.
    pub description: Option<String>,
    /// `network` as written.
    pub network: Option<Loc<String>>,
    /// `origin` as written.
    pub origin: Option<Loc<String>>,
    /// `destination` as written.
    pub destination: Option<Loc<String>>,
    /// `cargo` as written.
    pub cargo: Option<Loc<RawCargo>>,
    /// `risk_weights` as written.
    pub risk_weights: Option<BTreeMap<String, Loc<f64>>>,
    /// `departure` as written.
    pub departure: Option<Loc<RawDeparture>>,
    /// `rail_service` as written: the rail service class every rail link
    /// that declares it runs.
    pub rail_service: Option<Loc<String>>,
    /// `montecarlo` as written.
    pub montecarlo: Option<RawMonteCarlo>,
}

macro_rules! patch_fields {
    ($self:ident, $patch:ident; $($f:ident),* $(,)?) => {
        $( if $patch.$f.is_some() { $self.$f = $patch.$f; } )*
    };
}

impl RawTop {
    /// Applies a `--set` override: fields it sets replace these.
    pub fn patch(&mut self, p: RawTop) {
        if let Some(c) = p.cargo {
            match &mut self.cargo {
                Some(base) => {
                    let (base, c) = (&mut base.value, c.value);
                    // The unit follows the class unless the patch gives both.
                    if c.class.is_some() && c.unit.is_none() {
                        base.unit = None;
                    }
                    patch_fields!(base, c; class, unit, value_usd, value_of_time_usd_per_day, deadline_days);
                }
                None => self.cargo = Some(c),
            }
        }
        if let Some(m) = p.montecarlo {
            let base = self.montecarlo.get_or_insert_with(RawMonteCarlo::default);
            patch_fields!(base, m; trials, seed);
        }
        if let Some(w) = p.risk_weights {
            self.risk_weights
                .get_or_insert_with(BTreeMap::new)
                .extend(w);
        }
        patch_fields!(self, p; id, name, description, network, origin, destination, departure,
            rail_service);
    }
}

/// `[departure]`: one of a month, a date, or a window.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeparture {
    /// `month` as written (1..12).
    pub month: Option<Loc<i64>>,
    /// `date` as written (`YYYY-MM-DD`).
    pub date: Option<Loc<String>>,
    /// `from` as written (`MM-DD`, first day of a window).
    pub from: Option<Loc<String>>,
    /// `to` as written (`MM-DD`, last day of a window).
    pub to: Option<Loc<String>>,
}

/// `[[corridors]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorridor {
    /// `id` as written.
    pub id: Option<Loc<String>>,
    /// `name` as written.
    pub name: Option<Loc<String>>,
    /// `group` as written.
    pub group: Option<Loc<String>>,
    /// `via` as written.
    pub via: Option<Vec<Loc<String>>>,
    /// `avoid` as written.
    pub avoid: Option<Vec<Loc<String>>>,
    /// `modes` as written.
    pub modes: Option<Vec<Loc<String>>>,
    /// `colour` as written (`"#rrggbb"`).
    pub colour: Option<Loc<String>>,
}

impl RawCorridor {
    /// Applies a `--set corridors.<id>.<field>` override.
    pub fn patch(&mut self, p: RawCorridor) {
        patch_fields!(self, p; id, name, group, via, avoid, modes, colour);
    }
}

/// One `[[changes]]` entry.
#[derive(Debug, Clone)]
pub enum RawChange {
    /// Enable planned links.
    Enable(Vec<Loc<String>>),
    /// Close nodes or links, for the whole scenario or a window.
    Close(RawClose),
    /// Patch a node.
    Node(Loc<String>, RawNode),
    /// Patch a link.
    Link(Loc<String>, RawLink),
    /// Patch a hazard.
    Hazard(Loc<String>, RawHazard),
}

/// A `close` change: what, and optionally when (days after departure).
#[derive(Debug, Clone)]
pub struct RawClose {
    /// The closed nodes and links.
    pub ids: Vec<Loc<String>>,
    /// `from_day` as written.
    pub from_day: Option<Loc<f64>>,
    /// `days` as written.
    pub days: Option<Loc<f64>>,
    /// `category` as written.
    pub category: Option<Loc<String>>,
    /// `season` as written: closed every year from the first date to the
    /// second (`["MM-DD", "MM-DD"]`).
    pub season: Option<Loc<Vec<Loc<String>>>>,
}

/// Shape of one `[[changes]]` table before `set` is read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeHead {
    enable: Option<Vec<Loc<String>>>,
    close: Option<Vec<Loc<String>>>,
    node: Option<Loc<String>>,
    link: Option<Loc<String>>,
    hazard: Option<Loc<String>>,
    from_day: Option<Loc<f64>>,
    days: Option<Loc<f64>>,
    category: Option<Loc<String>>,
    season: Option<Loc<Vec<Loc<String>>>>,
    #[serde(default, rename = "set")]
    _set: serde::de::IgnoredAny,
}

/// Every top-level key of a scenario file.
pub const TOP_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "network",
    "origin",
    "destination",
    "cargo",
    "risk_weights",
    "corridors",
    "changes",
    "departure",
    "rail_service",
    "montecarlo",
];

/// A whole scenario file.
#[derive(Debug, Clone, Default)]
pub struct RawScenario {
    /// The file it came from.
    pub file: FileId,
    /// Everything at the top level but the arrays.
    pub top: RawTop,
    /// `[[corridors]]`, each with where it was written.
    pub corridors: Vec<Element<RawCorridor>>,
    /// `[[changes]]`, each with where it was written.
    pub changes: Vec<Element<RawChange>>,
    /// Top-level keys whose value could not be read (already reported):
    /// not reported again as missing.
    pub unreadable: Vec<String>,
}

impl RawScenario {
    /// Whether `key` was written but could not be read.
    pub fn unreadable(&self, key: &str) -> bool {
        self.unreadable.iter().any(|k| k == key)
    }
}

/// Whether a parsed document looks like a scenario rather than a network.
pub fn looks_like_scenario(files: &Files, file: FileId) -> bool {
    let mut scratch = Vec::new();
    toml_in::parse_document(files, file, &mut scratch).is_some_and(|doc| {
        ["origin", "destination", "corridors", "cargo", "changes"]
            .iter()
            .any(|k| doc.get_ref().get(*k).is_some())
    })
}

/// Whether a document is plainly a network: it has `[network]`, `[[nodes]]`
/// or `[[links]]` and none of a scenario's keys.
pub fn looks_like_network(files: &Files, file: FileId) -> bool {
    let mut scratch = Vec::new();
    toml_in::parse_document(files, file, &mut scratch).is_some_and(|doc| {
        let t = doc.get_ref();
        let network_key = ["nodes", "links", "hazards"]
            .iter()
            .any(|k| t.get(*k).is_some())
            || t.get("network")
                .is_some_and(|v| v.get_ref().as_table().is_some());
        network_key && !looks_like_scenario(files, file)
    })
}

/// Reads a scenario file into its raw form, collecting every problem.
pub fn parse(files: &Files, file: FileId, diags: &mut Vec<Diag>) -> Option<RawScenario> {
    let mut doc = toml_in::parse_document(files, file, diags)?;
    let mut sc = RawScenario {
        file,
        ..RawScenario::default()
    };
    if let Some(v) = toml_in::take(&mut doc, "corridors") {
        sc.corridors = elements("corridors", v, file, "corridor", diags);
    }
    if let Some(v) = toml_in::take(&mut doc, "changes") {
        for (label, value) in toml_in::elements("changes", v, file, "change", diags) {
            let span = value.span();
            match change(value, file, &label) {
                Ok(raw) => sc.changes.push(Element {
                    file,
                    span,
                    label,
                    raw,
                }),
                Err(d) => diags.push(d),
            }
        }
    }
    (sc.top, sc.unreadable) = toml_in::deserialize_rest(doc, file, TOP_KEYS, diags);
    Some(sc)
}

/// Reads one change: exactly one of `enable`, `close`, `node`, `link`,
/// `hazard`; the last three with a `set` table read as a patch of that kind.
pub fn change(value: Spanned<DeValue<'_>>, file: FileId, label: &str) -> Result<RawChange, Diag> {
    let span = value.span();
    let set = value
        .get_ref()
        .as_table()
        .and_then(|t| t.get("set"))
        .cloned();
    let head: ChangeHead = toml_in::deserialize(value, file, label)?;
    let here = |m: &str| Diag::in_file(file, Some(span.clone()), label, m);
    let given = [
        head.enable.is_some(),
        head.close.is_some(),
        head.node.is_some(),
        head.link.is_some(),
        head.hazard.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given != 1 {
        return Err(here(
            "a change needs exactly one of `enable`, `close`, `node`, `link`, `hazard`",
        ));
    }
    if let Some(e) = head.enable {
        return no_set(set, file, label).map(|_| RawChange::Enable(e));
    }
    let timed = head
        .from_day
        .as_ref()
        .or(head.days.as_ref())
        .map(|v| v.span.clone())
        .or_else(|| head.category.as_ref().map(|c| c.span.clone()))
        .or_else(|| head.season.as_ref().map(|c| c.span.clone()));
    if let Some(ids) = head.close {
        return no_set(set, file, label).map(|_| {
            RawChange::Close(RawClose {
                ids,
                from_day: head.from_day,
                days: head.days,
                category: head.category,
                season: head.season,
            })
        });
    }
    if let Some(span) = timed {
        return Err(Diag::in_file(
            file,
            Some(span),
            label,
            "`from_day`, `days`, `season` and `category` go with `close`",
        ));
    }
    let Some(set) = set else {
        return Err(here("missing `set = { ... }` with the fields to change"));
    };
    let key = format!("{label}.set");
    if let Some(id) = head.node {
        return Ok(RawChange::Node(id, toml_in::deserialize(set, file, &key)?));
    }
    if let Some(id) = head.link {
        return Ok(RawChange::Link(id, toml_in::deserialize(set, file, &key)?));
    }
    let id = head.hazard.expect("exactly one was given");
    Ok(RawChange::Hazard(
        id,
        toml_in::deserialize(set, file, &key)?,
    ))
}

fn no_set(set: Option<Spanned<DeValue<'_>>>, file: FileId, label: &str) -> Result<(), Diag> {
    match set {
        Some(s) => Err(Diag::in_file(
            file,
            Some(s.span()),
            format!("{label}.set"),
            "`set` goes with `node`, `link` or `hazard`, not with `enable`/`close`",
        )),
        None => Ok(()),
    }
}
