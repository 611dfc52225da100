//! Signal names as users write them (`KILL`, `SIGKILL`, `sigterm`, `9`) turned into numbers.

use std::str::FromStr;

use nix::sys::signal::Signal;

use crate::Error;

/// Parses a signal given by name (with or without `SIG`, any case) or number.
pub fn parse_signal(text: &str) -> Result<i32, Error> {
    let trimmed = text.trim();
    if let Ok(number) = trimmed.parse::<i32>() {
        if number <= 0 || number > 64 {
            return Err(Error::InvalidSignal(text.to_string()));
        }
        return Ok(number);
    }
    let upper = trimmed.to_ascii_uppercase();
    let name = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    Signal::from_str(&name)
        .map(|s| s as i32)
        .map_err(|_| Error::InvalidSignal(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(parse_signal("KILL").unwrap(), 9);
        assert_eq!(parse_signal("SIGTERM").unwrap(), 15);
        assert_eq!(parse_signal("sigint").unwrap(), 2);
        assert_eq!(parse_signal("hup").unwrap(), 1);
        assert_eq!(parse_signal("10").unwrap(), 10);
        assert!(parse_signal("NOPE").is_err());
        assert!(parse_signal("0").is_err());
        assert!(parse_signal("99").is_err());
    }
}
