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

/// go-units `BytesSize`: binary units, `%.4g`.
pub fn bytes_size(size: f64) -> String {
    custom_size(
        size,
        1024.0,
        &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
        4,
    )
}

/// go-units `HumanSizeWithPrecision(size, 3)`: decimal units, `%.3g`.
pub fn human_size3(size: f64) -> String {
    custom_size(size, 1000.0, &["B", "kB", "MB", "GB", "TB", "PB", "EB"], 3)
}

fn custom_size(mut size: f64, base: f64, units: &[&str], precision: usize) -> String {
    let mut i = 0;
    while size >= base && i < units.len() - 1 {
        size /= base;
        i += 1;
    }
    format!("{}{}", go_g(size, precision), units[i])
}

/// Go's `%.<precision>g`: `precision` significant digits without trailing zeros, in exponent
/// form when the exponent is below -4 or reaches the precision.
pub fn go_g(value: f64, precision: usize) -> String {
    if value == 0.0 || !value.is_finite() {
        return if value == 0.0 {
            "0".into()
        } else {
            value.to_string()
        };
    }
    let precision = precision.max(1);
    // Rounded to `precision` digits first: the exponent is the rounded value's.
    let sci = format!("{:.*e}", precision - 1, value);
    let Some((mantissa, exponent)) = sci.split_once('e') else {
        return sci;
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if exponent < -4 || exponent >= precision as i32 {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            trim_zeros(mantissa),
            exponent.unsigned_abs()
        )
    } else {
        let decimals = (precision as i32 - 1 - exponent).max(0) as usize;
        trim_zeros(&format!("{value:.decimals$}")).to_string()
    }
}

fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// go-units `HumanSize`: decimal units, `%.4g` (`1.984MB`).
pub fn human_size(size: f64) -> String {
    custom_size(size, 1000.0, &["B", "kB", "MB", "GB", "TB", "PB", "EB"], 4)
}
