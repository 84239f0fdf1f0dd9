//! Which colour each corridor is drawn in, in every chart and in the
//! explorer, so that a corridor keeps its colour across scenarios, sweeps
//! and runs.
//!
//! A corridor whose scenario gives it a `colour` is drawn in that colour.
//! Any other corridor (a found route, or one the scenario leaves to the
//! report) gets a colour that follows from its id: the id's FNV-1a hash
//! picks one of the spare colours, which no shipped scenario gives and no
//! cost part uses; if that one is alike ([`Rgb::alike`]) to an explicit
//! colour of the run or to the colour of an earlier corridor, it takes the
//! next spare, then the palette. The spares are unlike every colour the
//! shipped scenarios give, so a found route does not depend on which of
//! them a run colours: it keeps its colour in every run where no other
//! found route claims it first, and never looks like a corridor the
//! scenario coloured.

use crate::colour::Rgb;

/// Okabe–Ito colours (black last), then a grey: colours for scenarios to
/// give their corridors, and the last resort of [`assign`].
const PALETTE: [Rgb; 9] = [
    Rgb(0, 114, 178),   // blue
    Rgb(230, 159, 0),   // orange
    Rgb(0, 158, 115),   // bluish green
    Rgb(213, 94, 0),    // vermillion
    Rgb(204, 121, 167), // reddish purple
    Rgb(86, 180, 233),  // sky blue
    Rgb(0, 0, 0),       // black
    Rgb(181, 153, 0),   // dark yellow (yellow itself is unreadable on white)
    Rgb(128, 128, 128), // grey
];

/// The colours of corridors without one of their own: first one of these,
/// picked by id ([`preferred`]), then the others, then the palette. None of
/// them is alike a palette colour, a cost part's colour or a colour the
/// shipped scenarios give their corridors, so a found route lands on the
/// same spare whichever explicit colours a run has.
const SPARE: [Rgb; 6] = [
    Rgb(0, 0, 128),    // navy
    Rgb(77, 175, 74),  // green
    Rgb(0, 170, 200),  // cyan
    Rgb(166, 86, 40),  // brown
    Rgb(200, 0, 200),  // magenta
    Rgb(90, 110, 130), // slate
];

/// Palette colour `i` (wrapping round).
pub fn palette(i: usize) -> Rgb {
    PALETTE[i % PALETTE.len()]
}

/// 64-bit FNV-1a of `s`: a fixed, platform-independent hash (unlike the
/// standard library's, which may change between releases).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The spare colour a corridor with this id prefers ([`SPARE`] index).
pub fn preferred(id: &str) -> usize {
    (fnv1a(id) % SPARE.len() as u64) as usize
}

/// The colours of corridors given as (id, explicit colour), in order:
/// the explicit colour where there is one; else the id's preferred spare,
/// or the first of the other spares, then of the palette (from one picked
/// by id), alike to no explicit colour and no colour given before it (all
/// claimed: the preferred spare). O(n · (n + colours)).
pub fn assign<'a>(corridors: impl IntoIterator<Item = (&'a str, Option<Rgb>)>) -> Vec<Rgb> {
    let corridors: Vec<(&str, Option<Rgb>)> = corridors.into_iter().collect();
    let mut claimed: Vec<Rgb> = corridors.iter().filter_map(|c| c.1).collect();
    corridors
        .iter()
        .map(|&(id, explicit)| {
            explicit.unwrap_or_else(|| {
                let want = preferred(id);
                let first = (fnv1a(id) % PALETTE.len() as u64) as usize;
                let got = (0..SPARE.len())
                    .map(|k| SPARE[(want + k) % SPARE.len()])
                    .chain((0..PALETTE.len()).map(|k| palette(first + k)))
                    .find(|c| !claimed.iter().any(|t| t.alike(*c)))
                    .unwrap_or(SPARE[want]);
                claimed.push(got);
                got
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<Rgb> {
        assign(ids.into_iter().map(|id| (id, None)))
    }

    #[test]
    fn a_corridor_keeps_its_colour_whatever_its_position() {
        let a = hashed(["cpec", "trans-afghan"]);
        let b = hashed(["trans-afghan", "cpec"]);
        if preferred("cpec") != preferred("trans-afghan") {
            assert_eq!(a[0], b[1]);
            assert_eq!(a[1], b[0]);
        }
        // A corridor whose colour nobody before it wants keeps it.
        let other = (0..100)
            .map(|i| format!("x{i}"))
            .find(|x| preferred(x) != preferred("cpec"))
            .unwrap();
        assert_eq!(
            hashed([other.as_str(), "cpec"])[1],
            SPARE[preferred("cpec")]
        );
    }

    #[test]
    fn colours_are_distinct_while_the_palette_lasts() {
        let ids: Vec<String> = (0..PALETTE.len() + SPARE.len())
            .map(|i| format!("c{i}"))
            .collect();
        let got = hashed(ids.iter().map(String::as_str));
        for (i, a) in got.iter().enumerate() {
            for b in &got[..i] {
                assert!(!a.alike(*b), "{a} and {b}");
            }
        }
    }

    #[test]
    fn an_explicit_colour_wins_and_a_hashed_one_steers_clear_of_it() {
        // Found routes that prefer the colour an explicit corridor
        // (written later in the list) has, or one alike to it.
        let taken = SPARE[preferred("via-a")];
        let near = Rgb(taken.0.saturating_add(10), taken.1, taken.2);
        for explicit in [taken, near] {
            let got = assign([("via-a", None), ("named", Some(explicit))]);
            assert_eq!(got[1], explicit);
            assert!(!got[0].alike(explicit), "{} is alike {explicit}", got[0]);
        }
        // Without it, the found route keeps its own colour.
        assert_eq!(assign([("via-a", None)])[0], taken);
    }

    #[test]
    fn a_found_route_keeps_its_colour_whichever_palette_colours_a_run_gives() {
        let alone = assign([("direct", None)])[0];
        for c in PALETTE {
            assert_eq!(assign([("named", Some(c)), ("direct", None)])[1], alone);
        }
    }
}
