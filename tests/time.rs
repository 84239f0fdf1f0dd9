//! Time in the model, against closed-form answers: each shipment carries
//! its own clock; closures are met when the shipment gets there and end
//! when they end; waiting costs holding; trucks rest; dwell depends on the
//! country entered; hazards with several effects, hazards that raise
//! others, seasons and rates. Tolerances are derived from the trial count.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::sim::{prop_tol, scenario, scenario_errors, simulate};
use corridor::montecarlo::Summary;
use corridor::scenario::load::load_scenario_from;

fn node(id: &str, country: &str, kind: &str) -> String {
    format!(
        "[[nodes]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"{country}\"\nlat = 40\nlon = 70\nkind = \"{kind}\"\n"
    )
}

fn road(id: &str, from: &str, to: &str, hours: f64, usd: f64) -> String {
    format!(
        "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"road\"\nkm = 100\nhours = {hours}\nusd = {usd}\n"
    )
}

/// Value of time 24 USD/day: one USD an hour.
const HEAD: &str = "origin = \"a\"\ndestination = \"b\"\n[cargo]\nvalue_usd = 10000\nvalue_of_time_usd_per_day = 24\n";

/// Holding cost 48 USD/day on roads: two USD an hour of waiting.
const HOLDING: &str = "[operations]\nholding_usd_per_day = { road = 48 }\n";

/// a → x → b by road, `head` first: `x` is the middle node's text and
/// each leg is (hours, USD).
fn a_x_b(head: &str, x: &str, ax: (f64, f64), xb: (f64, f64)) -> String {
    format!(
        "{head}{}{x}{}{}{}",
        node("a", "KZ", "city"),
        node("b", "KZ", "city"),
        road("ax", "a", "x", ax.0, ax.1),
        road("xb", "x", "b", xb.0, xb.1),
    )
}

/// a → x (120 h, day 5) → b (24 h): one route through the crossing x.
fn one_crossing(extra: &str) -> String {
    let x = node("x", "KZ", "border");
    format!(
        "{}{extra}",
        a_x_b(HOLDING, &x, (120.0, 500.0), (24.0, 500.0))
    )
}

fn close_x(from_day: f64, days: f64) -> String {
    format!("[[changes]]\nclose = [\"x\"]\nfrom_day = {from_day}\ndays = {days}\n")
}

#[test]
fn a_closure_from_departure_costs_the_remaining_wait_and_its_holding() {
    let base = simulate(&scenario(&one_crossing(""), HEAD, &[]), 200).free_choice;
    let sc = scenario(
        &one_crossing(""),
        &format!("{HEAD}{}", close_x(0.0, 30.0)),
        &[],
    );
    let closed = simulate(&sc, 200).free_choice;
    // x is reached on day 5 and reopens on day 30: 25 days (600 h) of waiting.
    let waited_days = closed.days.mean - base.days.mean;
    assert!((waited_days - 25.0).abs() < 1e-6, "{waited_days}");
    // Holding: 600 h at 2 USD/h.
    let extra_usd = closed.usd.mean - base.usd.mean;
    assert!((extra_usd - 1200.0).abs() < 1e-6, "{extra_usd}");
    assert!((closed.breakdown_usd["holding"] - 1200.0).abs() < 1e-6);
    // The generalized cost adds the holding and the wait at 1 USD/h.
    let gc = closed.generalized_cost.mean - base.generalized_cost.mean;
    assert!((gc - 1800.0).abs() < 1e-3, "{gc}");
    assert_eq!(closed.waited_out_closure.p, 1.0);
}

#[test]
fn a_closure_that_ends_before_the_shipment_arrives_costs_nothing() {
    let base = simulate(&scenario(&one_crossing(""), HEAD, &[]), 200).free_choice;
    // Closed for the first two days; x is reached on day 5.
    let sc = scenario(
        &one_crossing(""),
        &format!("{HEAD}{}", close_x(0.0, 2.0)),
        &[],
    );
    let s = simulate(&sc, 200).free_choice;
    assert_eq!(s.days.mean, base.days.mean);
    assert_eq!(s.usd.mean, base.usd.mean);
    assert_eq!(s.waited_out_closure.p, 0.0);
}

/// a → m (48 h) → x (72 h) → b, and m → y → b around x costing `detour` more.
fn fork(detour: f64) -> String {
    format!(
        "{HOLDING}{}{}{}{}{}{}{}{}{}{}",
        node("a", "KZ", "city"),
        node("m", "KZ", "city"),
        node("x", "KZ", "border"),
        node("y", "KZ", "border"),
        node("b", "KZ", "city"),
        road("am", "a", "m", 48.0, 100.0),
        road("mx", "m", "x", 72.0, 100.0),
        road("xb", "x", "b", 24.0, 100.0),
        road("my", "m", "y", 72.0, 100.0 + detour),
        road("yb", "y", "b", 24.0, 100.0),
    )
}

#[test]
fn a_closure_that_begins_on_the_way_is_met_and_waited_or_avoided_from_where_the_shipment_stands() {
    // x closes on day 1 for 30 days: not known at departure, known on
    // reaching m (hour 48), where it is in effect.
    let change = close_x(1.0, 30.0);
    // A cheap way round from m: the shipment re-plans there.
    let s = simulate(&scenario(&fork(50.0), &format!("{HEAD}{change}"), &[]), 200).free_choice;
    assert_eq!(s.detoured.p, 1.0);
    assert_eq!(s.waited_out_closure.p, 0.0);
    assert!((s.days.mean - 144.0 / 24.0).abs() < 1e-9, "{}", s.days.mean);
    assert!((s.usd.mean - 350.0).abs() < 1e-9, "{}", s.usd.mean);
    // The way round costs more than waiting: it waits at x from hour 120
    // to the end of day 31 (hour 744).
    let s = simulate(&scenario(&fork(5e5), &format!("{HEAD}{change}"), &[]), 200).free_choice;
    assert_eq!(s.detoured.p, 0.0);
    assert_eq!(s.waited_out_closure.p, 1.0);
    assert!(
        (s.days.mean - (744.0 + 24.0) / 24.0).abs() < 1e-9,
        "{}",
        s.days.mean
    );
    assert!((s.breakdown_usd["holding"] - 2.0 * 624.0).abs() < 1e-6);
    // Had it been known at departure (from day 0), the shipment would have
    // gone round from the start: same route, so the same cost.
    let s = simulate(
        &scenario(&fork(50.0), &format!("{HEAD}{}", close_x(0.0, 30.0)), &[]),
        50,
    )
    .free_choice;
    assert_eq!(s.detoured.p, 1.0);
    assert!((s.usd.mean - 350.0).abs() < 1e-9);
}

fn winter_closure() -> String {
    "[[hazards]]\nid = \"winter\"\ncategory = \"weather\"\nseason = [\"12-01\", \"04-01\"]\neffect = \"close\"\ntargets.nodes = [\"x\"]\n".into()
}

#[test]
fn a_seasonal_closure_touches_only_shipments_that_reach_it_in_season() {
    let n = 20_000;
    let net = one_crossing(&winter_closure());
    let july = simulate(&scenario(&net, HEAD, &["departure.month=7"]), n).free_choice;
    assert_eq!(july.waited_out_closure.p, 0.0);
    assert!((july.days.mean - 6.0).abs() < 1e-9);
    // Departing in January, every shipment waits at x until 1 April (day
    // 90 of the year), then drives one more day. Departures are uniform
    // over January's 31 days: mean day 15.5.
    let jan = simulate(&scenario(&net, HEAD, &["departure.month=1"]), n).free_choice;
    assert_eq!(jan.waited_out_closure.p, 1.0);
    let expected = 90.0 - 15.5 + 1.0;
    let tol = 4.0 * 31.0 / 12f64.sqrt() / (n as f64).sqrt();
    assert!(
        (jan.days.mean - expected).abs() < tol,
        "{} vs {expected}",
        jan.days.mean
    );
    // Departing in November, only those that reach x (5 days later) on or
    // after 1 December: the last 5 of November's 30 days.
    let nov = simulate(&scenario(&net, HEAD, &["departure.month=11"]), n).free_choice;
    let share = 5.0 / 30.0;
    let waited = nov.waited_out_closure.p;
    assert!(
        (waited - share).abs() < prop_tol(share, n),
        "{waited} vs {share}"
    );
}

#[test]
fn a_rate_and_duration_hazard_is_in_effect_its_closed_form_share_of_the_time() {
    // Occurrences start 12 times a year (Poisson) and last 30 days each:
    // in effect with probability 1 − exp(−12 × 720 / 8760) when met.
    let hazard = "[[hazards]]\nid = \"unrest\"\ncategory = \"security\"\nper_year = 12\nduration = 720\neffect = \"loss\"\nfraction = 0.01\ntargets.links = [\"ax\"]\n";
    let n = 50_000;
    let s = simulate(&scenario(&one_crossing(hazard), HEAD, &[]), n).free_choice;
    let q = 1.0 - (-12.0f64 * 720.0 / 8760.0).exp();
    assert!((s.loss.p - q).abs() < prop_tol(q, n), "{} vs {q}", s.loss.p);
    // Only in its months: starts in January only, met in July: never.
    let winter = hazard.replace("per_year = 12", "per_year = 1\nmonths = [1]");
    let s = simulate(
        &scenario(&one_crossing(&winter), HEAD, &["departure.month=7"]),
        2_000,
    );
    assert_eq!(s.free_choice.loss.p, 0.0);
}

#[test]
fn border_dwell_is_charged_by_the_country_entered() {
    // x sits on the KZ side of a KZ–CN border.
    let net = format!(
        "{}{}{}{}{}",
        node("a", "KZ", "city"),
        node("x", "KZ", "border").replace(
            "kind = \"border\"\n",
            "kind = \"border\"\ndwell.road = { hours = 10, into = { CN = { hours = 5 }, KZ = { hours = 50 } } }\n"
        ),
        node("b", "CN", "city"),
        road("ax", "a", "x", 10.0, 100.0),
        road("xb", "x", "b", 10.0, 100.0),
    );
    let into_cn = simulate(&scenario(&net, HEAD, &[]), 100).free_choice;
    assert!((into_cn.breakdown_days["borders"] - 5.0 / 24.0).abs() < 1e-9);
    let back = HEAD.replace(
        "origin = \"a\"\ndestination = \"b\"",
        "origin = \"b\"\ndestination = \"a\"",
    );
    let into_kz = simulate(&scenario(&net, &back, &[]), 100).free_choice;
    assert!((into_kz.breakdown_days["borders"] - 50.0 / 24.0).abs() < 1e-9);
}

#[test]
fn a_hazard_with_several_effects_has_them_together() {
    // One draw: 48 hours of delay and 1,000 USD, together, in 30% of trials.
    let hazard = "[[hazards]]\nid = \"crisis\"\ncategory = \"security\"\nprobability = 0.3\neffect = [\"delay\", \"cost\"]\nhours = 48\nusd = 1000\ntargets.links = [\"ax\"]\n";
    let net = one_crossing(hazard).replace(HOLDING, "");
    let n = 40_000;
    let s = simulate(&scenario(&net, HEAD, &[]), n).free_choice;
    let base_gc = 1000.0 + 144.0;
    // Together: the generalized cost is either the base or base + 1,048;
    // its P90 lies on the second (30% > 10%). Were they independent, both
    // would come only 9% of the time and the P90 would be base + 1,000.
    let p90 = s.generalized_cost.p90;
    assert!((p90 - (base_gc + 1048.0)).abs() < 0.01 * p90, "{p90}");
    assert!((s.generalized_cost.p50 - base_gc).abs() < 0.01 * base_gc);
    // Each effect at its own rate.
    let rate = (s.usd.mean - 1000.0) / 1000.0;
    assert!((rate - 0.3).abs() < prop_tol(0.3, n), "{rate}");
    let delayed = (s.days.mean - 6.0) / 2.0;
    assert!((delayed - rate).abs() < 1e-9, "{delayed} vs {rate}");
}

#[test]
fn a_raised_hazard_occurs_more_often_while_its_parent_is_in_effect() {
    // The parent is in effect in half the trials; the child's probability
    // (10%) is five times higher while it is.
    let hazards = "[[hazards]]\nid = \"crisis\"\ncategory = \"political\"\nprobability = 0.5\neffect = \"cost\"\nusd = 1\ntargets.links = [\"xb\"]\nraises = { hazards = [\"theft\"], factor = 5 }\n[[hazards]]\nid = \"theft\"\ncategory = \"security\"\nprobability = 0.1\neffect = \"loss\"\nfraction = 0.1\ntargets.links = [\"ax\"]\n";
    let n = 50_000;
    let s = simulate(&scenario(&one_crossing(hazards), HEAD, &[]), n).free_choice;
    let expected = 0.5 * 0.1 + 0.5 * 0.5;
    assert!(
        (s.loss.p - expected).abs() < prop_tol(expected, n),
        "{}",
        s.loss.p
    );
    // Without `raises`, the child keeps its own 10%.
    let calm = hazards.replace("raises = { hazards = [\"theft\"], factor = 5 }\n", "");
    let s = simulate(&scenario(&one_crossing(&calm), HEAD, &[]), n).free_choice;
    assert!((s.loss.p - 0.1).abs() < prop_tol(0.1, n), "{}", s.loss.p);
}

#[test]
fn trucks_drive_at_most_their_hours_a_day() {
    // 120 hours of driving at 9 hours a day: 13 full days of 9 hours (117
    // h) with 15-hour rests, then 3 hours: 13 × 24 + 3 = 315 hours.
    let net = one_crossing("").replace(HOLDING, "[operations]\ndriving_hours = 9\n");
    let s = simulate(&scenario(&net, HEAD, &[]), 10).free_choice;
    // Then x → b: 24 hours, from 3 hours driven: 6 + 15 + 9 + 15 + 9 = 54.
    let expected = (315.0 + 54.0) / 24.0;
    assert!((s.days.mean - expected).abs() < 1e-9, "{}", s.days.mean);
    // A country may allow more: 12 hours in KZ.
    let net = net.replace(
        "driving_hours = 9\n",
        "driving_hours = 9\ndriving_hours_by_country = { KZ = 12 }\n",
    );
    let s = simulate(&scenario(&net, HEAD, &[]), 10).free_choice;
    // 120 h: 9 × (12 + 12) + 12 = 228 h; then 24 h from 12 already
    // driven: 12 rest + 12 + 12 rest + 12 = 48 h.
    let expected = (9.0 * 24.0 + 12.0 + 48.0) / 24.0;
    assert!((s.days.mean - expected).abs() < 1e-9, "{}", s.days.mean);
    // A link may set its own day (a night-travel ban): x → b at 9 hours in
    // a 12-hour country: from 12 driven, 15 rest + 9 + 15 rest + 9 + 15
    // rest + 6 = 69 h.
    let net = net.replace(
        "to = \"b\"\nmode = \"road\"\n",
        "to = \"b\"\nmode = \"road\"\ndriving_hours = 9\n",
    );
    let s = simulate(&scenario(&net, HEAD, &[]), 10).free_choice;
    let expected = (9.0 * 24.0 + 12.0 + 69.0) / 24.0;
    assert!((s.days.mean - expected).abs() < 1e-9, "{}", s.days.mean);
}

#[test]
fn departures_in_january_and_july_give_different_cpec_results() {
    let sc = |m: &str| {
        corridor::scenario::load::load_scenario(
            Path::new("scenarios/almaty-karachi.toml"),
            &[format!("departure.month={m}")],
        )
        .unwrap()
    };
    // Enough trials that single crossings' scatter leaves the seasonal gap
    // many standard errors wide.
    let n = 60_000;
    let cpec = |s: &Summary| {
        s.corridors
            .iter()
            .find(|c| c.id == "cpec")
            .expect("the default scenario compares CPEC")
            .clone()
    };
    let (jan, jul) = (cpec(&simulate(&sc("1"), n)), cpec(&simulate(&sc("7"), n)));
    // Winter has Khunjerab snow closures; summer the monsoon floods in
    // Sindh and landslides on the Karakoram Highway, waited out at holding
    // cost. The means differ by many standard errors of their difference.
    let se = (jan.days.se.powi(2) + jul.days.se.powi(2)).sqrt();
    let gap = (jan.days.mean - jul.days.mean).abs();
    assert!(
        gap > 6.0 * se,
        "January {} days, July {} days (se of the difference {se})",
        jan.days.mean,
        jul.days.mean
    );
    // Summer's waits cost more: holding at least 20% dearer in July, and
    // the tail (CVaR95 of USD, where single quotes' scatter dominates)
    // higher too.
    let holding = |c: &corridor::montecarlo::summary::CorridorSummary| c.breakdown_usd["holding"];
    assert!(
        holding(&jul) > 1.2 * holding(&jan),
        "holding USD: January {}, July {}",
        holding(&jan),
        holding(&jul)
    );
    assert!(
        jul.usd.cvar95 > jan.usd.cvar95,
        "CVaR95 USD: January {}, July {}",
        jan.usd.cvar95,
        jul.usd.cvar95
    );
}

#[test]
fn a_30_day_torkham_closure_costs_the_trans_afghan_corridor_its_wait_and_holding() {
    let path = Path::new("scenarios/almaty-karachi.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let closed = format!("{text}\n[[changes]]\nclose = [\"torkham\"]\nfrom_day = 0\ndays = 30\n");
    let mut texts = BTreeMap::new();
    texts.insert(path.to_path_buf(), closed);
    let net = Path::new("networks/central-asia.toml");
    texts.insert(net.to_path_buf(), std::fs::read_to_string(net).unwrap());
    let n = 20_000;
    let with = simulate(&load_scenario_from(path, &texts, &[]).unwrap(), n);
    let base = simulate(
        &corridor::scenario::load::load_scenario(path, &[]).unwrap(),
        n,
    );
    let ta = |s: &Summary| {
        s.corridors
            .iter()
            .find(|c| c.id == "trans-afghan")
            .unwrap()
            .clone()
    };
    let (a, b) = (ta(&base), ta(&with));
    // Torkham is reached on day 4-8 (trucks at driving speed, resting by
    // driving hours): most of the 30 days are still to wait.
    let waited = b.waiting_days - a.waiting_days;
    assert!(
        waited > 22.0 && waited < 26.0,
        "extra waiting {waited} days"
    );
    // The median moves by the remaining wait (within a day: the arrival
    // day at Torkham varies from trial to trial).
    let p50 = b.days.p50 - a.days.p50;
    assert!(
        (p50 - waited).abs() < 1.0,
        "P50 +{p50} days, waiting +{waited} days"
    );
    // The mean cost moves by the holding cost of that wait (within 5%:
    // hazards met later are met at other times).
    let holding = b.breakdown_usd["holding"] - a.breakdown_usd["holding"];
    let usd = b.usd.mean - a.usd.mean;
    assert!(
        holding > 0.0 && (usd - holding).abs() < 0.05 * holding,
        "USD +{usd}, holding +{holding}"
    );
    // At the road holding rate for Afghanistan (154-223 USD a day).
    let rate = holding / waited;
    assert!(
        (154.0..=223.0).contains(&rate),
        "{rate} USD per day of waiting"
    );
}

#[test]
fn a_scenario_picks_the_rail_service_class() {
    // 1,200 km of rail: 24 km/h by default, a block train at 50 km/h, a
    // wagon-load train at 10.
    let net = format!(
        "{}{}[[links]]\nid = \"ab\"\nfrom = \"a\"\nto = \"b\"\nmode = \"rail\"\ngauge = 1520\nkm = 1200\nkmh = 24\nusd = 100\nservices = {{ block = {{ kmh = 50 }}, wagonload = {{ kmh = 10 }} }}\n",
        node("a", "KZ", "city"),
        node("b", "KZ", "city"),
    );
    for (pick, days) in [
        (None, 50.0 / 24.0),
        (Some("block"), 1.0),
        (Some("wagonload"), 5.0),
    ] {
        let set: Vec<String> = pick.iter().map(|c| format!("rail_service={c}")).collect();
        let set: Vec<&str> = set.iter().map(String::as_str).collect();
        let s = simulate(&scenario(&net, HEAD, &set), 10).free_choice;
        assert!(
            (s.days.mean - days).abs() < 1e-9,
            "{pick:?}: {}",
            s.days.mean
        );
    }
    // Only rail links have service classes.
    let road = net.replace("mode = \"rail\"\ngauge = 1520\n", "mode = \"road\"\n");
    let err = scenario_errors(&road, HEAD, &[]);
    assert!(
        err.contains("link \"ab\".services: service classes are for rail links"),
        "{err}"
    );
}

#[test]
fn a_scenario_picks_a_rail_service_class_at_a_border_too() {
    // a (CN) → x (the KZ border) → b by rail, a day each way. Entering KZ
    // at x a train waits 20 h; a wagon-load train 60 h.
    let rail = |id: &str, from: &str, to: &str| {
        format!(
            "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"rail\"\ngauge = 1520\nkm = 500\nhours = 24\nusd = 100\n"
        )
    };
    let x = |dwell: &str| format!("{}dwell.rail = {dwell}\n", node("x", "KZ", "border"));
    let net = |dwell: &str| {
        format!(
            "{}{}{}{}{}",
            node("a", "CN", "city"),
            node("b", "KZ", "city"),
            x(dwell),
            rail("ax", "a", "x"),
            rail("xb", "x", "b"),
        )
    };
    let good = net(
        "{ hours = 10, into = { KZ = { hours = 20 } }, services = { wagonload = { into = { KZ = { hours = 60 } } } } }",
    );
    for (pick, hours) in [(None, 68.0), (Some("wagonload"), 108.0)] {
        let set: Vec<String> = pick.iter().map(|c| format!("rail_service={c}")).collect();
        let set: Vec<&str> = set.iter().map(String::as_str).collect();
        let s = simulate(&scenario(&good, HEAD, &set), 10).free_choice;
        assert!(
            (s.days.mean - hours / 24.0).abs() < 1e-9,
            "{pick:?}: {}",
            s.days.mean
        );
    }
    // A class no link or node declares names the ones there are.
    let err = scenario_errors(&good, &format!("rail_service = \"block\"\n{HEAD}"), &[]);
    assert!(
        err.contains("unknown service class \"block\": no link or node declares it")
            && err.contains("wagonload"),
        "{err}"
    );
    // Every wrong service entry is reported, each at its key.
    let bad = net(
        "{ hours = 10, into = { KZ = { hours = 20 } }, services = { wagonload = { usd = 5 }, slow = { into = { CN = { hours = 9 } } }, late = { into = { KZ = { hours = 9, usd = 1 } } } } }",
    );
    let err = scenario_errors(&bad, HEAD, &[]);
    assert!(
        err.contains(
            "node \"x\".dwell.rail.services.wagonload.usd: a service class gives hours only"
        ),
        "{err}"
    );
    assert!(
        err.contains("node \"x\".dwell.rail.services.slow.into.CN: the dwell has no `into.CN` for this class to replace"),
        "{err}"
    );
    assert!(
        err.contains("node \"x\".dwell.rail.services.late.into.KZ.usd: a service class's `into` entry gives hours only"),
        "{err}"
    );
    let road = good.replace("dwell.rail", "dwell.road");
    assert!(
        scenario_errors(&road, HEAD, &[])
            .contains("node \"x\".dwell.road.services: service classes are for a rail dwell"),
        "services on a road dwell"
    );
}

#[test]
fn a_closure_for_the_whole_run_with_no_way_round_means_no_route() {
    // Closed from day 3 to the end of the run: x is reached on day 5.
    let change = "[[changes]]\nclose = [\"x\"]\nfrom_day = 3\n";
    let s = simulate(
        &scenario(&one_crossing(""), &format!("{HEAD}{change}"), &[]),
        100,
    );
    assert_eq!(s.free_choice.reached.p, 0.0);
    assert_eq!(s.free_choice_shares["no_route"].p, 1.0);
    // Closed from day 6: x is passed the day before.
    let change = "[[changes]]\nclose = [\"x\"]\nfrom_day = 6\n";
    let s = simulate(
        &scenario(&one_crossing(""), &format!("{HEAD}{change}"), &[]),
        100,
    );
    assert_eq!(s.free_choice.reached.p, 1.0);
    assert_eq!(s.free_choice.days.mean, 6.0);
}

#[test]
fn a_closure_window_can_be_set_from_the_command_line() {
    let by_file = simulate(
        &scenario(
            &one_crossing(""),
            &format!("{HEAD}{}", close_x(1.0, 30.0)),
            &[],
        ),
        200,
    );
    let by_set = simulate(
        &scenario(
            &one_crossing(""),
            HEAD,
            &["close.x.from_day=1", "close.x.days=30"],
        ),
        200,
    );
    assert_eq!(by_file.free_choice.days.mean, by_set.free_choice.days.mean);
    assert_eq!(by_file.free_choice.usd.mean, by_set.free_choice.usd.mean);
    assert!(by_set.free_choice.waited_out_closure.p == 1.0);
    // An unknown element is named, with a suggestion.
    let err = scenario_errors(&one_crossing(""), HEAD, &["close.xx.days=3"]);
    assert!(err.contains("unknown node or link \"xx\""), "{err}");
}

/// The risk premium of the planned route a → b on `net`.
fn planned_premium(net: &str) -> f64 {
    let sc = scenario(net, HEAD, &[]);
    corridor::path::plan(&sc, 1)[0]
        .route
        .as_ref()
        .expect("a route")
        .risk_premium
}

/// Planning prices a closure's wait as the simulation charges it: at the
/// value of time and the holding cost of waiting there.
#[test]
fn planning_prices_a_closure_at_the_value_of_time_and_the_holding_cost() {
    // Six closures a year at x, lognormal durations (p50 2 days, p90 10).
    let hazard = "[[hazards]]\nid = \"shut\"\ncategory = \"political\"\nper_year = 6\nduration = { p50 = 48, p90 = 240 }\neffect = \"close\"\ntargets.nodes = [\"x\"]\n";
    let sigma = 5.0f64.ln() / 1.281_551_565_544_600_4;
    let mean_d = 48.0 * (sigma * sigma / 2.0).exp();
    let p = 1.0 - (-6.0 * mean_d / 8760.0).exp();
    // Holding 2 USD/h (one_crossing's [operations]) on top of 1 USD/h.
    let with_holding = planned_premium(&one_crossing(hazard));
    assert!(
        (with_holding - p * mean_d * 3.0).abs() < 1e-6 * with_holding,
        "{with_holding} vs {}",
        p * mean_d * 3.0
    );
    // Without holding, the value of time alone.
    let no_holding = one_crossing(hazard).replace("road = 48", "road = 0");
    let without = planned_premium(&no_holding);
    assert!((without - p * mean_d).abs() < 1e-6 * without, "{without}");
}

/// A closed link is waited out before it, at its tail node's holding rate;
/// planning prices it there too.
#[test]
fn planning_prices_a_closed_link_at_its_tail_nodes_holding() {
    // Holding at x is 10 USD/h (over the road default of 2 USD/h).
    let net = format!(
        "{HOLDING}{}{}holding_usd_per_day = {{ road = 240 }}\n{}{}{}{}",
        node("a", "KZ", "city"),
        node("x", "KZ", "border"),
        node("b", "KZ", "city"),
        road("ax", "a", "x", 120.0, 500.0),
        road("xb", "x", "b", 24.0, 500.0),
        "[[hazards]]\nid = \"shut\"\ncategory = \"political\"\nper_year = 6\nduration = 96\neffect = \"close\"\ntargets.links = [\"xb\"]\n",
    );
    let premium = planned_premium(&net);
    // In effect 1 − exp(−6 × 96 / 8760) of the time, 96 h, at 1 + 10 USD/h.
    let p = 1.0 - (-6.0f64 * 96.0 / 8760.0).exp();
    let expected = p * 96.0 * 11.0;
    assert!(
        (premium - expected).abs() < 1e-6 * expected,
        "{premium} vs {expected}"
    );
}

/// A shipment that learns of a closure weighs waiting at the holding rate
/// of the place where it would wait (here the closed crossing x), not of
/// where it stands when it learns.
#[test]
fn waiting_is_weighed_at_the_holding_rate_where_it_would_happen() {
    let change = close_x(1.0, 30.0);
    // Waiting at x from hour 120 to hour 744: 624 h at 1 USD/h plus
    // holding. At x's default 2 USD/h that is 1,872 USD, less than a
    // 3,000 USD way round: it waits.
    let s = simulate(
        &scenario(&fork(3000.0), &format!("{HEAD}{change}"), &[]),
        50,
    )
    .free_choice;
    assert_eq!((s.detoured.p, s.waited_out_closure.p), (0.0, 1.0));
    // Holding 10 USD/h at x (2 USD/h still where it learns, at m): 6,864
    // USD of waiting, more than the way round: it goes round.
    let dear_x = fork(3000.0).replacen(
        "kind = \"border\"\n",
        "kind = \"border\"\nholding_usd_per_day = { road = 240 }\n",
        1,
    );
    let s = simulate(&scenario(&dear_x, &format!("{HEAD}{change}"), &[]), 50).free_choice;
    assert_eq!((s.detoured.p, s.waited_out_closure.p), (1.0, 0.0));
}

/// `ops` (an `[operations]` table or nothing), then a → x (a border with a
/// fixed 10 h road dwell) → b, each road link taking `leg` hours.
fn ten_hour_border(ops: &str, leg: f64) -> String {
    let x = node("x", "KZ", "border").replace(
        "kind = \"border\"\n",
        "kind = \"border\"\ndwell.road = { hours = 10 }\n",
    );
    a_x_b(ops, &x, (leg, 100.0), (leg, 100.0))
}

/// A corridor's planned expected generalized cost: a scatter with mean 1
/// must leave it as it was.
fn planned_cost(c: &corridor::montecarlo::summary::CorridorSummary) -> Option<f64> {
    c.planned.as_ref().map(|p| p.expected_generalized_cost)
}

#[test]
fn a_single_crossing_scatters_around_its_dwell_level_with_the_given_cv() {
    // a → x (border, 10 h dwell) → b, 10 h on each link, no rest rule.
    let net = |ops: &str| ten_hour_border(ops, 10.0);
    let n = 40_000;
    let plain = simulate(&scenario(&net(""), HEAD, &[]), n).free_choice;
    assert_eq!(
        plain.days.p10, plain.days.p90,
        "no scatter without the field"
    );
    let cv = 0.9;
    let ops = format!("[operations]\ncrossing_scatter_cv = {{ road = {cv} }}\n");
    let s = simulate(&scenario(&net(&ops), HEAD, &[]), n).free_choice;
    // The factor has mean 1: the border's mean hours stay 10.
    let mean_h = s.breakdown_days["borders"] * 24.0;
    let tol = 4.0 * cv * 10.0 / (n as f64).sqrt();
    assert!((mean_h - 10.0).abs() < tol, "{mean_h} vs 10 ± {tol}");
    // Lognormal with mean 1 and CV 0.9: σ² = ln(1 + 0.81); the total's
    // P10 and P90 are the 20 h of driving plus 10 h × the factor's.
    let sigma = (1.0f64 + cv * cv).ln().sqrt();
    let z90 = 1.281_551_565_5;
    for (got, z) in [(s.days.p10, -z90), (s.days.p90, z90)] {
        let want = (20.0 + 10.0 * (sigma * z - sigma * sigma / 2.0).exp()) / 24.0;
        assert!(
            (got - want).abs() < 0.03 * want,
            "quantile at z = {z}: {got} vs {want} days"
        );
    }
    // The plan is unchanged: it prices the mean.
    assert_eq!(planned_cost(&plain), planned_cost(&s));
    // A border whose own range already holds single trucks opts out.
    let own = net(&ops).replace(
        "dwell.road = { hours = 10 }\n",
        "dwell.road = { hours = 10 }\ncrossing_scatter_cv = { road = 0 }\n",
    );
    let off = simulate(&scenario(&own, HEAD, &[]), 2_000).free_choice;
    assert_eq!(
        off.days.p10, off.days.p90,
        "the node's 0 wins over [operations]"
    );
}

#[test]
fn a_single_shipment_s_price_scatters_around_the_tariff_with_the_given_cv() {
    // a → x → b by road, US$100 a link, no dwell, no holding: the trip's
    // cost is the two links' freight alone.
    let x = node("x", "UZ", "city");
    let net = |ops: &str| a_x_b(ops, &x, (10.0, 100.0), (10.0, 100.0));
    let n = 40_000;
    let plain = simulate(&scenario(&net(""), HEAD, &[]), n).free_choice;
    assert_eq!(plain.usd.p10, plain.usd.p90, "no scatter without the field");
    let cv = 0.3;
    let ops = format!("[operations]\nquote_scatter_cv = {{ road = {cv}, sea = 0.1 }}\n");
    let s = simulate(&scenario(&net(&ops), HEAD, &[]), n).free_choice;
    // One factor per mode and trial, mean 1: the mean stays US$200 and
    // the quantiles are US$200 × the lognormal's, as if one link (the two
    // links, in two countries, do not average it out).
    let tol = 4.0 * cv * 200.0 / (n as f64).sqrt();
    assert!(
        (s.usd.mean - 200.0).abs() < tol,
        "{} vs 200 ± {tol}",
        s.usd.mean
    );
    let sigma = (1.0f64 + cv * cv).ln().sqrt();
    let z90 = 1.281_551_565_5;
    for (got, z) in [(s.usd.p10, -z90), (s.usd.p90, z90)] {
        let want = 200.0 * (sigma * z - sigma * sigma / 2.0).exp();
        assert!(
            (got - want).abs() < 0.02 * want,
            "quantile at z = {z}: {got} vs {want}"
        );
    }
    // Times do not scatter, and the plan prices the mean.
    assert_eq!(s.days.p10, s.days.p90);
    assert_eq!(planned_cost(&plain), planned_cost(&s));
}

#[test]
fn corridors_of_one_trial_share_its_quote() {
    // Two roads a → b, US$200 via x and US$210 via y, one quote factor per
    // mode and trial: the road via x is the cheaper in every trial, however
    // wide the factor. Drawn per link or per corridor, the two would swap
    // in about 4 trials in 10 at this CV.
    let net = format!(
        "[operations]\nquote_scatter_cv = {{ road = 0.3 }}\n{}{}{}{}{}{}{}{}",
        node("a", "KZ", "city"),
        node("x", "KZ", "city"),
        node("y", "UZ", "city"),
        node("b", "KZ", "city"),
        road("ax", "a", "x", 10.0, 100.0),
        road("xb", "x", "b", 10.0, 100.0),
        road("ay", "a", "y", 10.0, 105.0),
        road("yb", "y", "b", 10.0, 105.0),
    );
    let corridors = "[[corridors]]\nid = \"via-x\"\nname = \"x\"\nvia = [\"x\"]\n[[corridors]]\nid = \"via-y\"\nname = \"y\"\nvia = [\"y\"]\n";
    let s = simulate(&scenario(&net, &format!("{HEAD}{corridors}"), &[]), 4_000);
    let by = |id: &str| s.corridors.iter().find(|c| c.id == id).unwrap();
    let (x, y) = (by("via-x"), by("via-y"));
    assert!(
        x.usd.p90 > 1.3 * x.usd.p10,
        "the quote scatters: {:?}",
        x.usd
    );
    assert_eq!(
        x.cheapest.as_ref().map(|p| p.p),
        Some(1.0),
        "{:?}",
        x.cheapest
    );
    assert_eq!(
        y.cheapest.as_ref().map(|p| p.p),
        Some(0.0),
        "{:?}",
        y.cheapest
    );
}

#[test]
fn a_crossing_shorter_than_a_rest_is_not_the_drivers_rest() {
    // 6 h, a 10 h border, 6 h, nine driving hours a day: the fixed border
    // stop is the day's rest, so the trip takes 22 h. Scattered, many
    // stops fall under the 9 h a rest needs and the driver must rest on
    // the road after it: the border's mean stays 10 h, the trip's grows.
    let net =
        |extra: &str| ten_hour_border(&format!("[operations]\ndriving_hours = 9\n{extra}"), 6.0);
    let n = 20_000;
    let fixed = simulate(&scenario(&net(""), HEAD, &[]), n).free_choice;
    assert!(
        (fixed.days.mean - 22.0 / 24.0).abs() < 1e-9,
        "{}",
        fixed.days.mean
    );
    let s = simulate(
        &scenario(&net("crossing_scatter_cv = { road = 0.9 }\n"), HEAD, &[]),
        n,
    )
    .free_choice;
    let border_h = s.breakdown_days["borders"] * 24.0;
    assert!(
        (border_h - 10.0).abs() < 4.0 * 9.0 / (n as f64).sqrt(),
        "{border_h}"
    );
    // P(factor × 10 < 9) for the lognormal: those trips rest 15 h on the
    // second road leg (24 − 9), so the mean grows by about 15 h × that.
    let sigma = (1.0f64 + 0.81).ln().sqrt();
    let z = ((0.9f64).ln() + sigma * sigma / 2.0) / sigma;
    let p_short = 0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2);
    let want = 22.0 + 15.0 * p_short;
    let got = s.days.mean * 24.0;
    assert!(
        (got - want).abs() < 0.5,
        "{got} h vs {want} h (p_short {p_short})"
    );
}
