//! Planning on the simulation model: each corridor's plan for every month
//! of departure (months with the same weights share one), the corridors
//! whose plans coincide (twins), the calendar's horizon, detours around
//! known closures (cached), and which corridor a route belongs to.

use std::sync::Arc;

use super::calendar;
use super::model::{DetourCache, Plan, SimModel, bits_of};
use crate::network::month_of_hour;
use crate::path::{EdgeId, QueryState, Vertex, Weights, best_path_from};
use crate::scenario::Scenario;

impl SimModel {
    /// Every corridor's plans by month of departure (months with the same
    /// weights share them), its twins, and the calendar's horizon.
    pub(super) fn plan_corridors(&mut self, sc: &Scenario) {
        let mut state = QueryState::new(self.graph.vertex_count());
        let all_year = sc.departure.span_hours >= crate::network::HOURS_PER_YEAR - 1.0;
        let first_month = month_of_hour(sc.departure.from_hour);
        // Months whose weights are those of an earlier month share its plan.
        let same_as: Vec<usize> = (0..12)
            .map(|m| {
                let w = &self.weights_by_month;
                (0..m).find(|&k| w[k][..] == w[m][..]).unwrap_or(m)
            })
            .collect();
        for i in 0..self.corridors.len() {
            let mask = self.corridors[i].mask.clone();
            let sources = self.origin_sources();
            let mut by_month: Vec<Option<Arc<Plan>>> = Vec::with_capacity(12);
            for (m, &k) in same_as.iter().enumerate() {
                let plan = if k < m {
                    by_month[k].clone()
                } else {
                    let w = &self.weights_by_month[m];
                    self.plan(&mut state, i, w, &mask, sources.clone(), 0)
                        .map(Arc::new)
                };
                by_month.push(plan);
            }
            let reference = if all_year {
                let w = &self.weights;
                self.plan(&mut state, i, w, &mask, sources, 0)
            } else {
                by_month[first_month].as_deref().cloned()
            };
            self.corridors[i].by_month = by_month;
            self.corridors[i].baseline = reference;
        }
        self.find_twins();
        self.horizon = calendar::horizon(self.longest_plan_hours());
    }

    /// Each corridor's twin by month: the first earlier corridor with the
    /// same plan ([`CorridorSim::twin`]).
    fn find_twins(&mut self) {
        for i in 0..self.corridors.len() {
            let twin = (0..12)
                .map(|m| {
                    let edges = |c: usize| self.corridors[c].by_month[m].as_ref().map(|p| &p.edges);
                    edges(i).and_then(|e| (0..i).find(|&c| edges(c) == Some(e)))
                })
                .collect();
            self.corridors[i].twin = twin;
        }
    }

    /// Expected hours of the longest plan of any corridor and month.
    fn longest_plan_hours(&self) -> f64 {
        self.corridors
            .iter()
            .flat_map(|c| c.by_month.iter().flatten())
            .map(|p| p.hours_at.last().copied().unwrap_or(0.0))
            .fold(0.0, f64::max)
    }

    fn origin_sources(&self) -> Vec<(Vertex, f64)> {
        self.graph
            .vertices_of(self.origin)
            .map(|v| (v, 0.0))
            .collect()
    }

    /// The least-cost plan for `corridor` from `sources` through its
    /// waypoints from number `via_done` on, within `mask`.
    fn plan(
        &self,
        state: &mut QueryState,
        corridor: usize,
        weights: &Weights,
        mask: &[bool],
        sources: Vec<(Vertex, f64)>,
        via_done: usize,
    ) -> Option<Plan> {
        let c = &self.corridors[corridor];
        let (expected, edges) = best_path_from(
            &self.graph,
            weights,
            state,
            sources,
            &c.via[via_done.min(c.via.len())..],
            self.destination,
            Some(mask),
        )?;
        let attributed = if corridor == self.compared() {
            self.attribute(&edges)
        } else {
            corridor
        };
        let mut hours_at = Vec::with_capacity(edges.len() + 1);
        let mut gc_at = Vec::with_capacity(edges.len() + 1);
        let (mut h, mut g) = (0.0, 0.0);
        for &e in &edges {
            hours_at.push(h);
            gc_at.push(g);
            h += self.graph.edges[e as usize].hours();
            g += weights[e as usize];
        }
        hours_at.push(h);
        gc_at.push(g);
        let mut closures_from = vec![0u128; edges.len() + 1];
        for (i, &e) in edges.iter().enumerate().rev() {
            closures_from[i] = closures_from[i + 1] | self.edge_closures[e as usize];
        }
        let hazards = self.hazards_of(&edges);
        Some(Plan {
            hazards,
            edges,
            expected,
            attributed,
            hours_at,
            gc_at,
            closures_from,
        })
    }

    /// The hazards hitting `edges` and those raising them, parents first.
    fn hazards_of(&self, edges: &[EdgeId]) -> Vec<usize> {
        let mut hit = vec![false; self.hazards.len()];
        for &e in edges {
            let e = e as usize;
            for &x in self.edge_effects[e]
                .iter()
                .chain(&self.edge_node_effects[e])
            {
                hit[self.effects[x as usize].hazard] = true;
            }
            for b in bits_of(self.edge_closures[e]) {
                hit[self.closure_hazard[b]] = true;
            }
        }
        // Parents come earlier in the file: one pass from the end adds them.
        for h in (0..hit.len()).rev() {
            if hit[h] {
                for &(p, _) in &self.clocks[h].raised_by {
                    hit[p] = true;
                }
            }
        }
        (0..hit.len()).filter(|&h| hit[h]).collect()
    }

    /// The first corridor whose waypoints the route passes in order and
    /// whose exclusions it respects; `compared()` for none.
    fn attribute(&self, edges: &[EdgeId]) -> usize {
        let nodes = self.nodes_of(edges);
        self.corridors[..self.compared()]
            .iter()
            .position(|c| {
                let mut next = 0;
                for n in &nodes {
                    if next < c.via.len() && *n == c.via[next] {
                        next += 1;
                    }
                }
                next == c.via.len() && edges.iter().all(|&e| c.mask[e as usize])
            })
            .unwrap_or(self.compared())
    }

    /// The places a route from the origin passes, in order (origin first;
    /// a change of carrier within a place counts once).
    pub fn nodes_of(&self, edges: &[EdgeId]) -> Vec<crate::network::NodeId> {
        let mut nodes = vec![self.origin];
        for &e in edges {
            let n = self.graph.vertices[self.graph.edges[e as usize].to as usize].0;
            if nodes.last() != Some(&n) {
                nodes.push(n);
            }
        }
        nodes
    }

    /// The detour for `corridor` from vertex `from` (having passed
    /// `via_done` of its waypoints), avoiding every element closed by the
    /// closures in `closures`, planned with month `month`'s weights; from
    /// `cache` or computed.
    #[allow(clippy::too_many_arguments)]
    pub fn detour(
        &self,
        state: &mut QueryState,
        cache: &mut DetourCache,
        corridor: usize,
        from: Vertex,
        via_done: usize,
        month: usize,
        closures: u128,
    ) -> Option<Arc<Plan>> {
        cache
            .entry((corridor, from, via_done, month, closures))
            .or_insert_with(|| {
                let mut mask = self.corridors[corridor].mask.clone();
                for bit in bits_of(closures) {
                    for &e in &self.closure_edges[bit] {
                        mask[e as usize] = false;
                    }
                }
                let w = &self.weights_by_month[month];
                self.plan(state, corridor, w, &mask, vec![(from, 0.0)], via_done)
                    .map(Arc::new)
            })
            .clone()
    }
}
