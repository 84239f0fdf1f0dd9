//! Number and text formatting shared by the terminal tables, the briefing
//! and the chart axes: thousands separators, percentages.

/// Formats a number with thousands separators and `decimals` decimals.
pub fn thousands(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && x.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    out
}

/// A share as a percentage with one decimal (`0.1234` → `12.3%`).
pub fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

#[cfg(test)]
mod tests {
    use super::{percent, thousands};

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1234567.0, 0), "1,234,567");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1234.5, 1), "1,234.5");
        assert_eq!(thousands(-1234.0, 0), "-1,234");
        assert_eq!(thousands(0.0, 0), "0");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(percent(1.0), "100.0%");
    }
}
