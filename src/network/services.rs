//! Rail service classes: a block container train and a wagon-load train
//! run at different speeds (`services` on a rail link) and wait differently
//! at a border (`services` on a rail dwell); a scenario picks one class.

use super::{Mode, Network};

impl Network {
    /// Puts service class `class` in place of the time of every rail link
    /// that declares it, and of the hours of every rail dwell (and its
    /// `into` entries) that declares it; the others keep their own. A class
    /// nothing declares changes nothing and is returned as an error with
    /// the classes that are declared, sorted.
    pub fn use_rail_service(&mut self, class: &str) -> Result<(), Vec<String>> {
        let mut declared: Vec<String> = self
            .links
            .iter()
            .flat_map(|l| l.services.keys())
            .chain(self.nodes.iter().flat_map(|n| n.dwell_services.keys()))
            .cloned()
            .collect();
        declared.sort();
        declared.dedup();
        if !declared.iter().any(|c| c == class) {
            return Err(declared);
        }
        for l in &mut self.links {
            if let Some(t) = l.services.get(class) {
                l.time = *t;
            }
        }
        let rail = Mode::Rail.index();
        for n in &mut self.nodes {
            let Some(s) = n.dwell_services.get(class) else {
                continue;
            };
            if let (Some(h), Some(d)) = (s.hours, n.dwell[rail].as_mut()) {
                d.hours = h;
            }
            for (country, h) in &s.into {
                if let Some(d) = n.dwell_into.get_mut(country).and_then(|d| d[rail].as_mut()) {
                    d.hours = *h;
                }
            }
        }
        Ok(())
    }
}
