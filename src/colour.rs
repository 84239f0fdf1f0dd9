//! A colour as users write it: `"#rrggbb"` (a scenario corridor's
//! `colour`, the `colour` of a corridor in summary.json). The report layer
//! decides which colour each corridor is drawn in
//! ([`crate::report::colours`]); this module only owns the value, how it
//! is written and read, and when two colours are too alike to tell apart.

use std::fmt;
use std::str::FromStr;

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Two colours closer than this (Euclidean distance in 0–255 RGB) count
/// as the same colour: a line in one could be taken for a line in the
/// other. The Okabe–Ito orange and the dark yellow of the palette, the
/// closest pair drawn side by side, are 49 apart.
pub const ALIKE: f64 = 40.0;

impl Rgb {
    /// Euclidean distance in 0–255 RGB.
    pub fn distance(self, other: Rgb) -> f64 {
        let d = |a: u8, b: u8| f64::from(a) - f64::from(b);
        let (r, g, b) = (d(self.0, other.0), d(self.1, other.1), d(self.2, other.2));
        (r * r + g * g + b * b).sqrt()
    }

    /// Whether the two are too alike to tell apart ([`ALIKE`]).
    pub fn alike(self, other: Rgb) -> bool {
        self.distance(other) < ALIKE
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Why a text is not a colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a colour is written \"#rrggbb\" (six hex digits), got \"{0}\"")]
pub struct NotAColour(pub String);

impl FromStr for Rgb {
    type Err = NotAColour;

    /// Reads `#rrggbb` (either case).
    fn from_str(s: &str) -> Result<Rgb, NotAColour> {
        let bad = || NotAColour(s.to_string());
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

impl serde::Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rgb, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        for c in [Rgb(0, 114, 178), Rgb(255, 255, 255), Rgb(0, 0, 0)] {
            assert_eq!(c.to_string().parse::<Rgb>(), Ok(c));
        }
        assert_eq!("#D55E00".parse::<Rgb>(), Ok(Rgb(213, 94, 0)));
    }

    #[test]
    fn rejects_what_is_not_six_hex_digits() {
        for bad in [
            "", "#", "d55e00", "#d55e0", "#d55e000", "#g55e00", "#ｄ5e00", "red",
        ] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad:?}");
        }
    }
}
