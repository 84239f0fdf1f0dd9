//! The names a network file uses for kinds of things: modes, kinds of
//! node, risk categories, carriers (a mode with its rail gauge) and the
//! carrier patterns transfers match, each spelt in one place.

use std::fmt;

use strum::EnumCount;

/// Adds the methods every enum named in files has, on top of its strum
/// derives (`EnumString`, `IntoStaticStr`, `VariantNames`, `VariantArray`),
/// and serializes it by that name. The spelling lives in one place: the
/// enum's `#[strum(serialize_all = ...)]`.
macro_rules! file_names {
    ($name:ident) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = <$name as ::strum::VariantArray>::VARIANTS;
            /// Every name as written in files.
            pub const NAMES: &'static [&'static str] = <$name as ::strum::VariantNames>::VARIANTS;
            /// The name as written in files.
            pub fn name(self) -> &'static str {
                self.into()
            }
            /// Parses the name as written in files.
            pub fn parse(s: &str) -> Option<$name> {
                s.parse().ok()
            }
            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}
pub(crate) use file_names;

/// An enum whose values are words of the files: declared once with the
/// derives every such word has (copy, order, hash, strum's name parsing
/// and listing, spelt `snake_case`) and [`file_names!`]'s methods. Extra
/// derives and docs go on the enum as usual
/// (`#[derive(Default)]`, `#[derive(EnumCount)]`).
macro_rules! vocabulary {
    ($(#[$attr:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$attr])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            ::strum::EnumString,
            ::strum::IntoStaticStr,
            ::strum::VariantNames,
            ::strum::VariantArray,
            ::strum::Display,
        )]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name { $($body)* }
        $crate::network::file_names!($name);
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// How a link is travelled.
    pub enum Mode {
        /// Trucks on roads.
        Road,
        /// Trains, of some gauge.
        Rail,
        /// Ships between sea ports.
        Sea,
        /// Ferries, including rail ferries.
        Ferry,
    }
}

vocabulary! {
    /// What a node is; `Border` nodes define route distinctness and their
    /// dwell is reported as border time.
    pub enum NodeKind {
        /// A city (the default).
        City,
        /// A rail hub or marshalling yard.
        RailHub,
        /// An inland container terminal.
        DryPort,
        /// A sea port.
        SeaPort,
        /// A border crossing.
        Border,
    }
}

vocabulary! {
    /// The kind of risk a hazard is; each has its own risk weight.
    #[derive(EnumCount)]
    pub enum Category {
        /// Attacks, theft, unrest.
        Security,
        /// Political decisions: closures, disputes.
        Political,
        /// Weather and natural hazards.
        Weather,
        /// Queues and capacity.
        Congestion,
        /// Sanctions and compliance.
        Sanctions,
        /// Breakdowns and operational failures.
        Operational,
    }
}

/// Number of hazard categories.
pub const N_CATEGORIES: usize = Category::COUNT;

/// The layer of the expanded graph a link runs on: a mode, and for rail
/// its gauge, so that a break of gauge is a transfer like a change of mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Carrier {
    /// Road.
    Road,
    /// Rail of the given gauge in mm.
    Rail(u16),
    /// Sea.
    Sea,
    /// Ferry (including rail ferries).
    Ferry,
}

impl Carrier {
    /// The mode of this carrier.
    pub fn mode(self) -> Mode {
        match self {
            Carrier::Road => Mode::Road,
            Carrier::Rail(_) => Mode::Rail,
            Carrier::Sea => Mode::Sea,
            Carrier::Ferry => Mode::Ferry,
        }
    }
}

impl fmt::Display for Carrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Carrier::Rail(g) => write!(f, "rail-{g}"),
            other => f.write_str(other.mode().name()),
        }
    }
}

/// Which carriers a transfer entry covers on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarrierPattern {
    /// `"*"`.
    Any,
    /// A mode (any gauge for rail).
    Mode(Mode),
    /// One exact carrier (`"rail-1520"`).
    Exact(Carrier),
}

impl CarrierPattern {
    /// Parses a pattern as written in `transfers.between`: `"*"`, a mode,
    /// or `rail-<gauge mm>`.
    pub fn parse(s: &str) -> Option<CarrierPattern> {
        if s == "*" {
            return Some(CarrierPattern::Any);
        }
        if let Some(g) = s.strip_prefix("rail-") {
            return g
                .parse::<u16>()
                .ok()
                .map(|g| CarrierPattern::Exact(Carrier::Rail(g)));
        }
        Mode::parse(s).map(CarrierPattern::Mode)
    }

    /// How specifically it matches `c` (None: no match).
    pub fn score(self, c: Carrier) -> Option<u8> {
        match self {
            CarrierPattern::Any => Some(0),
            CarrierPattern::Mode(m) => (c.mode() == m).then_some(1),
            CarrierPattern::Exact(e) => (e == c).then_some(2),
        }
    }
}
