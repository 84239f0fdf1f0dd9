//! Which palette colour each corridor gets: one that follows from its id,
//! so a corridor keeps its colour across scenarios, sweeps and the
//! explorer, whatever its position in the scenario.
//!
//! The id's FNV-1a hash picks a preferred colour; corridors are served in
//! the order given, and one whose colour is taken gets the next free one.
//! So a corridor keeps its colour in every scenario where no earlier
//! corridor prefers the same one.

/// The number of palette colours ([`super::charts::colour`] wraps around it).
const COLOURS: usize = 9;

/// 64-bit FNV-1a of `s`: a fixed, platform-independent hash (unlike the
/// standard library's, which may change between releases).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The colour a corridor with this id prefers.
pub fn preferred(id: &str) -> usize {
    (fnv1a(id) % COLOURS as u64) as usize
}

/// Palette indices for corridors with these ids, in order: each its
/// preferred colour, or the next free one if an earlier corridor took it
/// (all taken: the preferred one again). O(n · colours).
pub fn assign<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let mut taken = [false; COLOURS];
    ids.into_iter()
        .map(|id| {
            let want = preferred(id);
            let got = (0..COLOURS)
                .map(|k| (want + k) % COLOURS)
                .find(|&c| !taken[c])
                .unwrap_or(want);
            taken[got] = true;
            got
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corridor_keeps_its_colour_whatever_its_position() {
        let a = assign(["cpec", "trans-afghan"]);
        let b = assign(["trans-afghan", "cpec"]);
        if preferred("cpec") != preferred("trans-afghan") {
            assert_eq!(a[0], b[1]);
            assert_eq!(a[1], b[0]);
        }
        // A corridor whose colour nobody before it wants keeps it.
        let other = (0..100)
            .map(|i| format!("x{i}"))
            .find(|x| preferred(x) != preferred("cpec"))
            .unwrap();
        assert_eq!(assign([other.as_str(), "cpec"])[1], preferred("cpec"));
    }

    #[test]
    fn colours_are_distinct_while_the_palette_lasts() {
        let ids: Vec<String> = (0..COLOURS).map(|i| format!("c{i}")).collect();
        let got = assign(ids.iter().map(String::as_str));
        let distinct: std::collections::BTreeSet<_> = got.iter().collect();
        assert_eq!(distinct.len(), COLOURS);
    }
}
