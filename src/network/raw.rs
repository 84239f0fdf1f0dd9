//! The network file exactly as written: a serde mirror of the TOML with
//! locations on everything later checks point at. Nothing here is checked;
//! `load.rs` turns it into the model.
//!
//! Every element field is optional so that the same types serve as patches
//! (`[[changes]] set = { ... }` in a scenario); missing required fields are
//! reported by the loader.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::diag::{Diag, FileId, Files, Loc};
use crate::dist::RawDist;
use crate::toml_in;
use serde_spanned::Spanned;
use toml::de::DeValue;

/// A distribution with its location.
pub type LDist = Loc<RawDist>;

/// `source = "S13"` or `source = { km = "S58", usd = "S01" }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(
    untagged,
    expecting = "a source: a string, or a table of strings keyed by field"
)]
pub enum RawSource {
    /// One source for every field of the element.
    All(String),
    /// A source per field.
    PerField(BTreeMap<String, String>),
}

impl RawSource {
    /// The source given for `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        match self {
            RawSource::All(s) => Some(s),
            RawSource::PerField(m) => m.get(field).map(String::as_str),
        }
    }
}

/// `[network]`: the header.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    /// `name` as written.
    pub name: Option<String>,
    /// `as_of` as written.
    pub as_of: Option<String>,
    /// `cargo_unit` as written.
    pub cargo_unit: Option<Loc<String>>,
    /// `description` as written.
    pub description: Option<String>,
    /// `tonnes_per_unit` as written: tonnes of bulk cargo one cargo unit
    /// carries, where an element gives no bulk figure of its own.
    pub tonnes_per_unit: Option<Loc<f64>>,
}

/// `caveat = { text = "...", source = "S12" }`: what a reader must know
/// about a route that uses the element.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaveat {
    /// `text` as written.
    pub text: Option<Loc<String>>,
    /// `source` as written.
    pub source: Option<Loc<String>>,
}

/// One `by_class.<class>` entry of a link: its figures for that cargo class.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassLink {
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `kmh` as written.
    pub kmh: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `usd_per_km` as written.
    pub usd_per_km: Option<LDist>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// One `by_class.<class>` entry of a dwell or transfer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassCharge {
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// One `[operations] by_class.<class>` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassOperations {
    /// `holding_usd_per_day` as written, by mode.
    pub holding_usd_per_day: Option<BTreeMap<String, LDist>>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// `by_class` as written: entries by cargo class name.
pub type ByClass<T> = Option<BTreeMap<String, Loc<T>>>;

/// Time and money charged at a node (dwell) or for a transfer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCharge {
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `into` as written (dwell only): a charge by the country entered.
    pub into: Option<BTreeMap<String, Loc<RawCharge>>>,
    /// `by_class` as written (dwell only): the charge by cargo class.
    pub by_class: ByClass<RawClassCharge>,
    /// `services` as written (rail dwell only): hours by rail service class.
    pub services: Option<BTreeMap<String, Loc<RawCharge>>>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// One `transfers` entry of a node.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransfer {
    /// `between` as written.
    pub between: Loc<Vec<String>>,
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `by_class` as written: the charge by cargo class.
    pub by_class: ByClass<RawClassCharge>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// `[[nodes]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// `id` as written.
    pub id: Option<Loc<String>>,
    /// `name` as written.
    pub name: Option<Loc<String>>,
    /// `country` as written.
    pub country: Option<Loc<String>>,
    /// `lat` as written.
    pub lat: Option<Loc<f64>>,
    /// `lon` as written.
    pub lon: Option<Loc<f64>>,
    /// `kind` as written.
    pub kind: Option<Loc<String>>,
    /// `tags` as written.
    pub tags: Option<Vec<Loc<String>>>,
    /// `dwell` as written.
    pub dwell: Option<BTreeMap<String, Loc<RawCharge>>>,
    /// `transfers` as written.
    pub transfers: Option<Vec<Loc<RawTransfer>>>,
    /// `holding_usd_per_day` as written, by mode.
    pub holding_usd_per_day: Option<BTreeMap<String, LDist>>,
    /// `crossing_scatter_cv` as written, by mode.
    pub crossing_scatter_cv: Option<BTreeMap<String, Loc<f64>>>,
    /// `caveat` as written.
    pub caveat: Option<Loc<RawCaveat>>,
    /// `source` as written.
    pub source: Option<Loc<RawSource>>,
}

/// `[[links]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    /// `id` as written.
    pub id: Option<Loc<String>>,
    /// `from` as written.
    pub from: Option<Loc<String>>,
    /// `to` as written.
    pub to: Option<Loc<String>>,
    /// `mode` as written.
    pub mode: Option<Loc<String>>,
    /// `gauge` as written.
    pub gauge: Option<Loc<i64>>,
    /// `km` as written.
    pub km: Option<LDist>,
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `kmh` as written.
    pub kmh: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `usd_per_km` as written.
    pub usd_per_km: Option<LDist>,
    /// `status` as written.
    pub status: Option<Loc<String>>,
    /// `bidirectional` as written.
    pub bidirectional: Option<bool>,
    /// `tags` as written.
    pub tags: Option<Vec<Loc<String>>>,
    /// `driving_hours` as written: a road link's own driving day.
    pub driving_hours: Option<Loc<f64>>,
    /// `services` as written: time by rail service class.
    pub services: Option<Loc<BTreeMap<String, Loc<RawService>>>>,
    /// `path` as written: `[lon, lat]` waypoints between the two ends.
    pub path: Option<Loc<Vec<[f64; 2]>>>,
    /// `by_class` as written: cost and time by cargo class.
    pub by_class: ByClass<RawClassLink>,
    /// `caveat` as written.
    pub caveat: Option<Loc<RawCaveat>>,
    /// `source` as written.
    pub source: Option<Loc<RawSource>>,
}

/// One rail service class of a link: its own time or speed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `kmh` as written.
    pub kmh: Option<LDist>,
    /// `source` as written.
    pub source: Option<RawSource>,
}

/// One `select` entry of a hazard's targets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelector {
    /// `countries` as written.
    pub countries: Option<Vec<Loc<String>>>,
    /// `modes` as written.
    pub modes: Option<Vec<Loc<String>>>,
    /// `tags` as written.
    pub tags: Option<Vec<Loc<String>>>,
    /// `kinds` as written.
    pub kinds: Option<Vec<Loc<String>>>,
}

/// `[hazards.targets]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// `[[nodes]]`, each with where it was written.
    pub nodes: Option<Vec<Loc<String>>>,
    /// `[[links]]`, each with where it was written.
    pub links: Option<Vec<Loc<String>>>,
    /// `select` as written.
    pub select: Option<Vec<Loc<RawSelector>>>,
}

/// `[[hazards]]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHazard {
    /// `id` as written.
    pub id: Option<Loc<String>>,
    /// `name` as written.
    pub name: Option<Loc<String>>,
    /// `category` as written.
    pub category: Option<Loc<String>>,
    /// `probability` as written.
    pub probability: Option<Loc<f64>>,
    /// `effect` as written: one name or a list.
    pub effect: Option<Loc<RawEffects>>,
    /// `per_year` as written.
    pub per_year: Option<Loc<f64>>,
    /// `months` as written.
    pub months: Option<Loc<Vec<Loc<i64>>>>,
    /// `season` as written.
    pub season: Option<Loc<Vec<Loc<String>>>>,
    /// `notice_days` as written.
    pub notice_days: Option<Loc<f64>>,
    /// `raises` as written.
    pub raises: Option<Loc<RawRaise>>,
    /// `duration` as written.
    pub duration: Option<LDist>,
    /// `hours` as written.
    pub hours: Option<LDist>,
    /// `usd` as written.
    pub usd: Option<LDist>,
    /// `fraction` as written.
    pub fraction: Option<LDist>,
    /// `targets` as written.
    pub targets: Option<Loc<RawTargets>>,
    /// `caveat` as written.
    pub caveat: Option<Loc<RawCaveat>>,
    /// `source` as written.
    pub source: Option<Loc<RawSource>>,
}

/// A hazard's `effect`: one name, or several that occur together.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged, expecting = "an effect name, or a list of effect names")]
pub enum RawEffects {
    /// `effect = "close"`.
    One(String),
    /// `effect = ["delay", "cost"]`.
    Many(Vec<String>),
}

/// A hazard's `raises = { hazards = [...], factor = 3 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRaise {
    /// The raised hazards' ids.
    pub hazards: Option<Vec<Loc<String>>>,
    /// The factor on their rates while this one is in effect.
    pub factor: Option<Loc<f64>>,
}

/// `[operations]`: driving hours and holding costs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOperations {
    /// `driving_hours` as written.
    pub driving_hours: Option<Loc<f64>>,
    /// `driving_hours_by_country` as written.
    pub driving_hours_by_country: Option<BTreeMap<String, Loc<f64>>>,
    /// `holding_usd_per_day` as written, by mode.
    pub holding_usd_per_day: Option<BTreeMap<String, LDist>>,
    /// `holding_by_country` as written: by country, then mode.
    pub holding_by_country: Option<BTreeMap<String, BTreeMap<String, LDist>>>,
    /// `crossing_scatter_cv` as written, by mode.
    pub crossing_scatter_cv: Option<BTreeMap<String, Loc<f64>>>,
    /// `quote_scatter_cv` as written, by mode.
    pub quote_scatter_cv: Option<BTreeMap<String, Loc<f64>>>,
    /// `by_class` as written: holding by cargo class.
    pub by_class: ByClass<RawClassOperations>,
    /// `source` as written.
    pub source: Option<Loc<RawSource>>,
}

/// Replaces the fields of `self` that `patch` sets.
macro_rules! patch_fields {
    ($self:ident, $patch:ident; $($f:ident),* $(,)?) => {
        $( if $patch.$f.is_some() { $self.$f = $patch.$f; } )*
    };
}

impl RawNode {
    /// Applies a scenario patch: fields it sets replace these; `dwell`
    /// entries replace the entry of the same mode.
    pub fn patch(&mut self, patch: RawNode) {
        if let Some(dwell) = patch.dwell {
            self.dwell.get_or_insert_with(BTreeMap::new).extend(dwell);
        }
        patch_fields!(self, patch; id, name, country, lat, lon, kind, tags, transfers, holding_usd_per_day, crossing_scatter_cv, caveat, source);
    }
}

impl RawLink {
    /// Applies a scenario patch. Setting `hours` drops `kmh` (and `usd`
    /// drops `usd_per_km`) so a patch can switch between the two forms.
    pub fn patch(&mut self, patch: RawLink) {
        if patch.hours.is_some() {
            self.kmh = None;
        }
        if patch.kmh.is_some() {
            self.hours = None;
        }
        if patch.usd.is_some() {
            self.usd_per_km = None;
        }
        if patch.usd_per_km.is_some() {
            self.usd = None;
        }
        patch_fields!(self, patch; id, from, to, mode, gauge, km, hours, kmh, usd, usd_per_km,
            status, bidirectional, tags, services, path, by_class, caveat, source);
    }
}

impl RawHazard {
    /// Applies a scenario patch.
    pub fn patch(&mut self, patch: RawHazard) {
        patch_fields!(self, patch; id, name, category, probability, effect, per_year, months,
            season, notice_days, raises, duration, hours, usd, fraction, targets, caveat, source);
    }
}

/// One array element with where it was written.
#[derive(Debug, Clone)]
pub struct Element<T> {
    /// The file it is in.
    pub file: FileId,
    /// The element's whole extent.
    pub span: Range<usize>,
    /// How messages name it before its id is known (`nodes[3]`).
    pub label: String,
    /// Its fields.
    pub raw: T,
}

impl<T> Element<T> {
    /// A diagnostic pointing at the whole element.
    pub fn diag(&self, key: impl Into<String>, message: impl Into<String>) -> Diag {
        Diag::in_file(self.file, Some(self.span.clone()), key, message)
    }
}

/// A whole network file.
#[derive(Debug, Clone, Default)]
pub struct RawNetwork {
    /// The file it came from.
    pub file: FileId,
    /// `[network]`.
    pub header: RawHeader,
    /// `[[nodes]]`, each with where it was written.
    pub nodes: Vec<Element<RawNode>>,
    /// `[[links]]`, each with where it was written.
    pub links: Vec<Element<RawLink>>,
    /// `[[hazards]]`, each with where it was written.
    pub hazards: Vec<Element<RawHazard>>,
    /// `[operations]`.
    pub operations: Option<Loc<RawOperations>>,
    /// The id of every `[[nodes]]` entry, including those that could not be
    /// read (a misspelt field): references to them are not "unknown".
    pub node_ids_written: Vec<String>,
    /// The same for `[[links]]`.
    pub link_ids_written: Vec<String>,
}

/// `[network]` and `[operations]`, and nothing else at the top level
/// besides the arrays.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTop {
    network: Option<RawHeader>,
    operations: Option<Loc<RawOperations>>,
}

/// Reads a network file into its raw form, collecting every problem.
/// Returns `None` only when the file cannot be parsed as TOML at all.
pub fn parse(files: &Files, file: FileId, diags: &mut Vec<Diag>) -> Option<RawNetwork> {
    let mut doc = toml_in::parse_document(files, file, diags)?;
    let mut net = RawNetwork {
        file,
        ..RawNetwork::default()
    };
    if let Some(v) = toml_in::take(&mut doc, "nodes") {
        net.node_ids_written = ids_written(&v);
        net.nodes = elements("nodes", v, file, "node", diags);
    }
    if let Some(v) = toml_in::take(&mut doc, "links") {
        net.link_ids_written = ids_written(&v);
        net.links = elements("links", v, file, "link", diags);
    }
    if let Some(v) = toml_in::take(&mut doc, "hazards") {
        net.hazards = elements("hazards", v, file, "hazard", diags);
    }
    let (top, _): (RawTop, _) = toml_in::deserialize_rest(
        doc,
        file,
        &["network", "operations", "nodes", "links", "hazards"],
        diags,
    );
    net.header = top.network.unwrap_or_default();
    net.operations = top.operations;
    Some(net)
}

/// The string `id` of every table in an array, as written.
fn ids_written(value: &Spanned<DeValue<'_>>) -> Vec<String> {
    value
        .get_ref()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.get_ref().as_table()?.get("id")?.get_ref().as_str())
        .map(str::to_string)
        .collect()
}

/// Deserializes each element of an array of tables on its own.
pub fn elements<T: serde::de::DeserializeOwned>(
    key: &str,
    value: Spanned<DeValue<'_>>,
    file: FileId,
    singular: &str,
    diags: &mut Vec<Diag>,
) -> Vec<Element<T>> {
    let mut out = Vec::new();
    for (label, value) in toml_in::elements(key, value, file, singular, diags) {
        let span = value.span();
        match toml_in::deserialize::<T>(value, file, &label) {
            Ok(raw) => out.push(Element {
                file,
                span,
                label,
                raw,
            }),
            Err(d) => diags.push(d),
        }
    }
    out
}
