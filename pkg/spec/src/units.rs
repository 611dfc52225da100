//! Docker's size syntax, shared by the resource flags (`-m`, `--shm-size`) and the mount options
//! (`tmpfs-size`), so that both accept and refuse the same values.

/// go-units `RAMInBytes`: a decimal number with an optional binary unit (b, k, m, g, t, p; an
/// `i` and a `b` may follow), case-insensitive.
pub fn parse_size(value: &str) -> Option<i64> {
    let text = value.trim();
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return None;
    }
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim_start_matches(' ').to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        "p" => 50,
        _ => return None,
    };
    let bytes = number * (1u64 << shift) as f64;
    (bytes < i64::MAX as f64).then_some(bytes as i64)
}
