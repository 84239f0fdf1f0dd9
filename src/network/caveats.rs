//! Caveats: what a reader must know about a route that uses an element
//! (`caveat = { text = "...", source = "S12" }` on a node, link or hazard),
//! such as "planned, not built" or "figures from the promoter's plans".
//! The briefing states the caveat of every element a recommended route
//! uses; this module checks them and finds the ones a route meets.

use std::path::Path;

use serde::Serialize;

use super::bibliography::{Bibliography, FILE_NAME, cited_ids};
use super::load::Checker;
use super::raw::{RawCaveat, RawNetwork};
use super::*;
use crate::diag::{Diag, Loc};

/// A caveat as the model keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caveat {
    /// What the reader must know, one or two sentences.
    pub text: String,
    /// Where it comes from: bibliography ids (`S12`), a URL, or
    /// `assumption: why`.
    pub source: String,
}

/// A caveat met by a route: the element that carries it, and the caveat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementCaveat {
    /// The element (`link "x"`, `node "y"`, `hazard "z"`).
    pub element: String,
    /// Its caveat.
    #[serde(flatten)]
    pub caveat: Caveat,
}

impl Checker<'_> {
    /// `caveat = { text, source }`: both given and not blank.
    pub(super) fn caveat(
        &mut self,
        p: &str,
        raw: Option<&Loc<RawCaveat>>,
    ) -> Option<Option<Caveat>> {
        let Some(raw) = raw else { return Some(None) };
        let mut field = |name: &str, v: &Option<Loc<String>>| -> Option<String> {
            let key = format!("{p}.caveat.{name}");
            match v {
                None => {
                    self.push(Diag::at(raw, key, "missing required key"));
                    None
                }
                Some(s) if s.value.trim().is_empty() => {
                    self.push(Diag::at(s, key, "must not be empty"));
                    None
                }
                Some(s) => Some(s.value.trim().to_string()),
            }
        };
        let text = field("text", &raw.value.text);
        let source = field("source", &raw.value.source);
        Some(Some(Caveat {
            text: text?,
            source: source?,
        }))
    }
}

/// Checks that every caveat's source resolves: each S-id it names is in
/// the bibliography (the nearest [`FILE_NAME`] to `network_file`), and a
/// source without one is a listed id, a URL or `assumption: why`.
pub fn check_sources(raw: &RawNetwork, network_file: &Path, diags: &mut Vec<Diag>) {
    let caveats = raw
        .nodes
        .iter()
        .map(|e| (&e.raw.id, &e.raw.caveat, "node"))
        .chain(raw.links.iter().map(|e| (&e.raw.id, &e.raw.caveat, "link")))
        .chain(
            raw.hazards
                .iter()
                .map(|e| (&e.raw.id, &e.raw.caveat, "hazard")),
        );
    let found = Bibliography::find(network_file);
    let bib = found.as_deref().map(Bibliography::load);
    for (id, caveat, what) in caveats {
        let Some(source) = caveat.as_ref().and_then(|c| c.value.source.as_ref()) else {
            continue;
        };
        let id = id.as_ref().map_or("?", |i| i.value.as_str());
        let key = format!("{what} \"{id}\".caveat.source");
        let text = source.value.trim();
        let ids = cited_ids(text);
        let problem = match &bib {
            _ if ids.is_empty()
                && (text.starts_with("assumption:")
                    || text.starts_with("https://")
                    || text.starts_with("http://")) =>
            {
                None
            }
            None => Some(format!(
                "no {FILE_NAME} in the network's folder or above to resolve \"{text}\""
            )),
            Some(Err(e)) => Some(format!("cannot resolve \"{text}\": {e}")),
            Some(Ok(bib)) if ids.is_empty() => (!bib.contains(text)).then(|| {
                format!(
                    "\"{text}\" is not a source id listed in {FILE_NAME}, a URL or `assumption: why`"
                )
            }),
            Some(Ok(bib)) => {
                let missing: Vec<&str> = ids
                    .iter()
                    .filter(|i| !bib.contains(i))
                    .map(String::as_str)
                    .collect();
                (!missing.is_empty()).then(|| {
                    format!(
                        "source {} not listed in {FILE_NAME}",
                        missing
                            .iter()
                            .map(|m| format!("\"{m}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            }
        };
        if let Some(problem) = problem {
            diags.push(Diag::at(source, key, problem));
        }
    }
}

impl Network {
    /// The caveats of the elements a route uses, in route order, each
    /// once: its nodes (`nodes`, the origin included), its links, and the
    /// hazards that target any of them.
    pub fn caveats_on(&self, nodes: &[NodeId], links: &[LinkId]) -> Vec<ElementCaveat> {
        let mut out: Vec<ElementCaveat> = Vec::new();
        let mut add = |element: String, c: &Option<Caveat>| {
            if let Some(c) = c
                && !out.iter().any(|e| e.element == element)
            {
                out.push(ElementCaveat {
                    element,
                    caveat: c.clone(),
                });
            }
        };
        for &n in nodes {
            let node = self.node(n);
            add(format!("node \"{}\"", node.id), &node.caveat);
        }
        for &l in links {
            let link = self.link(l);
            add(format!("link \"{}\"", link.id), &link.caveat);
        }
        for h in &self.hazards {
            let hits = h.nodes.iter().any(|n| nodes.contains(n))
                || h.links.iter().any(|l| links.contains(l));
            if hits {
                add(format!("hazard \"{}\"", h.id), &h.caveat);
            }
        }
        out
    }
}
