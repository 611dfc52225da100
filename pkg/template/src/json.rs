//! Go's JSON printing where it differs from serde_json's: `json.Marshal`'s HTML escaping and
//! struct fields in declaration order rather than sorted keys.

use std::collections::HashMap;

use serde_json::Value;

/// Go's `json.Marshal` HTML escaping of encoded JSON: `<`, `>`, `&`, U+2028 and U+2029 (which
/// only occur inside strings there) as `\u` escapes.
pub fn html_escape_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `json` with objects' keys in the order `orders` gives for the key they are found under.
pub(crate) fn json_ordered(
    v: &Value,
    key: &str,
    orders: &HashMap<String, Vec<String>>,
    out: &mut String,
) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = Vec::with_capacity(map.len());
            if let Some(order) = orders.get(key) {
                keys.extend(order.iter().filter(|k| map.contains_key(*k)));
            }
            let rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
            keys.extend(rest);
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                json_ordered(&map[k], k, orders, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_ordered(item, key, orders, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
