//! Everything the user reads: tables, JSON. (Charts arrive with the
//! report issue; this module is the only place that will know plotters.)

pub mod routes;
