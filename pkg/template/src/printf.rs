//! Go's `fmt` for JSON values: `%v` printing (`map[k:v]`, `[a b]`, `<nil>`, floats as `%g`),
//! `Sprint`, `Sprintln` and `Sprintf` with Go's verbs, flags, width and precision, and Go's
//! `%!d(string=x)`-style complaints.

use serde_json::Value;

/// The Go type a decoded JSON value would have (Docker's typed integers show as `int`).
pub fn go_type(v: &Value) -> String {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
    .to_string()
}

/// `fmt.Sprint(v)`: what `{{.X}}` prints.
pub fn go_value(v: &Value) -> String {
    fmt_arg(v, &Spec::new('v'), true)
}

/// `fmt.Sprint`: spaces between operands when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = a.is_string();
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        out.push_str(&go_value(a));
        prev_string = is_string;
    }
    out
}

/// `fmt.Sprintln`: spaces between all operands and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut s = args.iter().map(go_value).collect::<Vec<_>>().join(" ");
    s.push('\n');
    s
}

#[derive(Clone, Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    verb: char,
}

impl Spec {
    fn new(verb: char) -> Spec {
        Spec {
            verb,
            ..Spec::default()
        }
    }
}

/// `fmt.Sprintf` over JSON values.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars>, next: &mut usize| {
            if chars.peek() == Some(&'*') {
                chars.next();
                let v = args.get(*next).and_then(Value::as_i64);
                *next += 1;
                return v.map(|n| n.clamp(0, 1 << 20) as usize);
            }
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some((n.unwrap_or(0) * 10 + d as usize).min(1 << 20));
                chars.next();
            }
            n
        };
        spec.width = num(&mut chars, &mut next);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(num(&mut chars, &mut next).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        spec.verb = verb;
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next) {
            None => out.push_str(&format!("%!{verb}(MISSING)")),
            Some(a) => out.push_str(&fmt_arg(a, &spec, true)),
        }
        next += 1;
    }
    if next < args.len() {
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| match a {
                Value::Null => "<nil>".to_string(),
                a => format!("{}={}", go_type(a), go_value(a)),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn bad_verb(v: &Value, verb: char) -> String {
    match v {
        Value::Null => format!("%!{verb}(<nil>)"),
        v => format!("%!{verb}({}={})", go_type(v), go_value(v)),
    }
}

fn pad(s: String, spec: &Spec, zero_ok: bool) -> String {
    let len = s.chars().count();
    let Some(w) = spec.width.filter(|&w| w > len) else {
        return s;
    };
    let fill = w - len;
    if spec.minus {
        return format!("{s}{}", " ".repeat(fill));
    }
    if spec.zero && zero_ok {
        // Zeros go after the sign.
        let (sign, rest) = match s.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &s[1..]),
            _ => (String::new(), s.as_str()),
        };
        return format!("{sign}{}{rest}", "0".repeat(fill));
    }
    format!("{}{s}", " ".repeat(fill))
}

fn fmt_arg(v: &Value, spec: &Spec, top: bool) -> String {
    if spec.verb == 'T' {
        return pad(go_type(v), spec, false);
    }
    match v {
        Value::Null if top && spec.verb != 'v' => bad_verb(v, spec.verb),
        Value::Null => pad("<nil>".into(), spec, false),
        Value::Bool(b) => match spec.verb {
            'v' | 't' => pad(b.to_string(), spec, false),
            _ => bad_verb(v, spec.verb),
        },
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => fmt_int(i as i128, v, spec),
            (None, Some(u)) => fmt_int(u as i128, v, spec),
            _ => fmt_float(n.as_f64().unwrap_or(0.0), v, spec),
        },
        Value::String(s) => fmt_str(s, v, spec),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(|i| fmt_arg(i, spec, false)).collect();
            format!("[{}]", inner.join(" "))
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    let key = fmt_str(k, &Value::String(k.clone()), spec);
                    format!("{key}:{}", fmt_arg(&map[k], spec, false))
                })
                .collect();
            format!("map[{}]", inner.join(" "))
        }
    }
}

fn fmt_int(i: i128, v: &Value, spec: &Spec) -> String {
    let (base, upper, prefix) = match spec.verb {
        'v' | 'd' => (10, false, ""),
        'b' => (2, false, "0b"),
        'o' => (8, false, "0"),
        'O' => (8, false, "0o"),
        'x' => (16, false, "0x"),
        'X' => (16, true, "0X"),
        'c' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            return pad(c.to_string(), spec, false);
        }
        'q' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            let q = if c == '\'' {
                "\\'".to_string()
            } else {
                quote_char(c, '\'', spec.plus)
            };
            return pad(format!("'{q}'"), spec, false);
        }
        'U' => {
            let mut s = format!("U+{:04X}", i);
            if spec.sharp {
                if let Some(c) = u32::try_from(i).ok().and_then(char::from_u32) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
            return pad(s, spec, false);
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's' | 't' => return bad_verb(v, spec.verb),
        _ => return bad_verb(v, spec.verb),
    };
    let mag = i.unsigned_abs();
    let mut digits = match base {
        2 => format!("{mag:b}"),
        8 => format!("{mag:o}"),
        16 if upper => format!("{mag:X}"),
        16 => format!("{mag:x}"),
        _ => mag.to_string(),
    };
    if let Some(p) = spec.prec {
        if p == 0 && mag == 0 {
            digits.clear();
        } else if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    let show_prefix = spec.sharp && base != 10 || spec.verb == 'O';
    let prefix = if show_prefix && !(spec.verb == 'o' && digits.starts_with('0')) {
        prefix
    } else {
        ""
    };
    let sign = if i < 0 {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let body = format!("{prefix}{digits}");
    // Go pads with zeros only without a precision.
    let zero = spec.zero && spec.prec.is_none() && !spec.minus;
    if zero {
        if let Some(w) = spec.width {
            let len = sign.len() + body.chars().count();
            if w > len {
                return format!("{sign}{prefix}{}{digits}", "0".repeat(w - len));
            }
        }
    }
    pad(format!("{sign}{body}"), spec, false)
}

/// Decimal digits (no leading zeros) and the decimal point position of |f|, Go's `decimal`.
/// More decimals than any f64 has (at most 1074 after the point, 767 significant), so rounding
/// there is exact and further digits are zeros. Rust's formatter panics on a precision above
/// 65535, and Go allows up to 1e6.
const EXACT_DIGITS: usize = 1100;

/// `{:.prec$e}` for any precision: exact digits, then zeros.
fn sci(f: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), f);
    let zeros = prec.saturating_sub(EXACT_DIGITS);
    if zeros == 0 {
        return s;
    }
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{mant}{}e{exp}", "0".repeat(zeros))
}

fn digits_of(f: f64, sig: Option<usize>) -> (String, i32) {
    let s = match sig {
        None => format!("{:e}", f.abs()),
        Some(p) => sci(f.abs(), p.saturating_sub(1)),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exp + 1)
}

fn exp_form(digits: &str, dp: i32, prec: Option<usize>, upper: bool) -> String {
    let mut mant = digits[..1].to_string();
    let frac: String = match prec {
        Some(p) => {
            let mut f: String = digits[1..].chars().take(p).collect();
            while f.len() < p {
                f.push('0');
            }
            f
        }
        None => digits[1..].to_string(),
    };
    if !frac.is_empty() {
        mant.push('.');
        mant.push_str(&frac);
    }
    let e = if digits == "0" { 0 } else { dp - 1 };
    let sign = if e < 0 { '-' } else { '+' };
    format!(
        "{mant}{}{sign}{:02}",
        if upper { 'E' } else { 'e' },
        e.abs()
    )
}

fn fixed_form(digits: &str, dp: i32) -> String {
    let nd = digits.len() as i32;
    if digits == "0" {
        return "0".into();
    }
    if dp <= 0 {
        format!("0.{}{digits}", "0".repeat((-dp) as usize))
    } else if dp >= nd {
        format!("{digits}{}", "0".repeat((dp - nd) as usize))
    } else {
        format!("{}.{}", &digits[..dp as usize], &digits[dp as usize..])
    }
}

fn fmt_float(f: f64, v: &Value, spec: &Spec) -> String {
    let body = match spec.verb {
        'v' | 'g' | 'G' => {
            let sig = spec.prec.map(|p| p.max(1));
            let (digits, dp) = digits_of(f, sig);
            let nd = digits.len() as i32;
            let mut eprec = match sig {
                None => 6,
                Some(p) => p as i32,
            };
            if sig.is_some() && eprec > nd && nd >= dp {
                eprec = nd;
            }
            let exp = dp - 1;
            if digits != "0" && (exp < -4 || exp >= eprec) {
                exp_form(&digits, dp, None, spec.verb == 'G')
            } else {
                fixed_form(&digits, dp)
            }
        }
        'e' | 'E' => {
            let p = spec.prec.unwrap_or(6);
            let s = sci(f.abs(), p);
            let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = exp.parse().unwrap_or(0);
            let sign = if e < 0 { '-' } else { '+' };
            format!(
                "{mant}{}{sign}{:02}",
                if spec.verb == 'E' { 'E' } else { 'e' },
                e.abs()
            )
        }
        'f' | 'F' => {
            let p = spec.prec.unwrap_or(6);
            let mut s = format!("{:.*}", p.min(EXACT_DIGITS), f.abs());
            s.extend(std::iter::repeat_n('0', p.saturating_sub(EXACT_DIGITS)));
            s
        }
        _ => return bad_verb(v, spec.verb),
    };
    let sign = if f.is_sign_negative() && f != 0.0 {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    pad(format!("{sign}{body}"), spec, !spec.minus)
}

fn fmt_str(s: &str, v: &Value, spec: &Spec) -> String {
    let cut = |s: &str| -> String {
        match spec.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        }
    };
    match spec.verb {
        'v' | 's' => pad(cut(s), spec, false),
        'q' => {
            let s = cut(s);
            if spec.sharp && !s.contains('`') && s.chars().all(|c| c == '\t' || !c.is_control()) {
                return pad(format!("`{s}`"), spec, false);
            }
            pad(quote(&s, spec.plus), spec, false)
        }
        'x' | 'X' => {
            let bytes = s.as_bytes();
            let bytes = match spec.prec {
                Some(p) => &bytes[..p.min(bytes.len())],
                None => bytes,
            };
            let parts: Vec<String> = bytes
                .iter()
                .map(|b| {
                    let h = if spec.verb == 'X' {
                        format!("{b:02X}")
                    } else {
                        format!("{b:02x}")
                    };
                    match (spec.sharp, spec.verb) {
                        (true, 'X') => format!("0X{h}"),
                        (true, _) => format!("0x{h}"),
                        _ => h,
                    }
                })
                .collect();
            let joined = if spec.space {
                parts.join(" ")
            } else if spec.sharp {
                // Go prints the prefix once without the space flag.
                let plain: Vec<String> = parts.iter().map(|p| p[2..].to_string()).collect();
                format!(
                    "{}{}",
                    if spec.verb == 'X' { "0X" } else { "0x" },
                    plain.join("")
                )
            } else {
                parts.join("")
            };
            pad(joined, spec, false)
        }
        _ => bad_verb(v, spec.verb),
    }
}

/// Go's `strconv.Quote` (`QuoteToASCII` with `ascii`).
pub fn quote(s: &str, ascii: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c == '"' {
            out.push_str("\\\"");
        } else {
            out.push_str(&quote_char(c, '"', ascii));
        }
    }
    out.push('"');
    out
}

fn quote_char(c: char, quote: char, ascii: bool) -> String {
    match c {
        '\\' => "\\\\".into(),
        '\x07' => "\\a".into(),
        '\x08' => "\\b".into(),
        '\x0c' => "\\f".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '\x0b' => "\\v".into(),
        c if c == quote => format!("\\{c}"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\x{:02x}", c as u32),
        c if c.is_control() || (ascii && !c.is_ascii()) => {
            if (c as u32) < 0x10000 {
                format!("\\u{:04x}", c as u32)
            } else {
                format!("\\U{:08x}", c as u32)
            }
        }
        c => c.to_string(),
    }
}
