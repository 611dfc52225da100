//! Expected outputs are Go 1.19's `text/template` (Docker 20.10) on the same data.

use serde_json::{json, Value};

use crate::{html_escape_json, Env, MissingKey, Nil, Template};

fn data() -> Value {
    json!({
        "Name": "/web",
        "Id": "c71c3d677b66",
        "State": {"Status": "running", "Running": true, "Pid": 2995, "ExitCode": 0, "Health": null},
        "Config": {
            "Labels": {"a": "b", "com.x": "y"},
            "Env": ["FOO=bar", "PATH=/bin"],
            "Cmd": ["sleep", "1000"],
            "Entrypoint": null,
        },
        "Mounts": [
            {"Source": "/tmp", "Destination": "/mnt", "RW": true},
            {"Source": "/srv", "Destination": "/data", "RW": false},
        ],
        "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null},
        "Ratio": 0.5,
        "Big": 1000000.0,
        "Empty": "",
        "Zero": 0,
        "List": [],
    })
}

fn render(src: &str) -> String {
    match Template::parse(src) {
        Ok(t) => t.execute(&data()).unwrap_or_else(|e| format!("EXEC: {e}")),
        Err(e) => format!("PARSE: {e}"),
    }
}

#[test]
fn fields_and_printing() {
    assert_eq!(render("{{.Name}}"), "/web");
    assert_eq!(render("{{.State.Status}} {{.State.Pid}}"), "running 2995");
    assert_eq!(render("{{.State.Running}}"), "true");
    assert_eq!(render("{{.Config.Labels}}"), "map[a:b com.x:y]");
    assert_eq!(render("{{.Config.Cmd}}"), "[sleep 1000]");
    assert_eq!(render("{{.Config.Entrypoint}}"), "<no value>");
    assert_eq!(render("{{.Nope}}"), "<no value>");
    assert_eq!(render("{{.Nope.Deeper}}"), "<no value>");
    assert_eq!(render("{{.Ratio}} {{.Big}}"), "0.5 1e+06");
    assert_eq!(
        render("{{.Ports}}"),
        "map[443/tcp:<nil> 80/tcp:[map[HostIp:0.0.0.0 HostPort:8080]]]"
    );
    assert_eq!(render("{{.State.Health.Status}}"), "EXEC: template: :1:8: executing \"\" at <.State.Health.Status>: nil pointer evaluating interface {}.Status");
    assert_eq!(
        render("{{.Name.X}}"),
        "EXEC: template: :1:7: executing \"\" at <.Name.X>: can't evaluate field X in type interface {}"
    );
    assert!(render("{{$}}").len() > 10);
    assert_eq!(render("{{$.Name}}"), "/web");
    assert_eq!(render("a{{/* comment */}}b"), "ab");
    assert_eq!(render("a  {{- /* c */ -}}  b"), "ab");
    assert_eq!(
        render("{{\"x\"}} {{`r\\n`}} {{1}} {{-1}} {{1.5}} {{0x10}} {{'a'}} {{true}} {{1e3}}"),
        "x r\\n 1 -1 1.5 16 97 true 1000"
    );
}

#[test]
fn trim_markers() {
    assert_eq!(render("a \n {{- .Name -}} \n b"), "a/webb");
    assert_eq!(render("a {{-3}}"), "a -3");
    assert_eq!(
        render("{{range .Mounts -}}\n  {{.Source}}\n{{- end}}"),
        "/tmp/srv"
    );
}

#[test]
fn control_structures() {
    assert_eq!(render("{{if .State.Running}}up{{else}}down{{end}}"), "up");
    assert_eq!(
        render("{{if .Empty}}a{{else if .Zero}}b{{else if .List}}c{{else}}d{{end}}"),
        "d"
    );
    assert_eq!(render("{{if not .Empty}}x{{end}}"), "x");
    assert_eq!(
        render("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}"),
        "/tmp:/mnt /srv:/data "
    );
    assert_eq!(
        render("{{range $i, $m := .Mounts}}{{$i}}={{$m.Source}},{{end}}"),
        "0=/tmp,1=/srv,"
    );
    assert_eq!(
        render("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}"),
        "a=b;com.x=y;"
    );
    assert_eq!(render("{{range .List}}x{{else}}empty{{end}}"), "empty");
    assert_eq!(render("{{range .Nope}}x{{else}}none{{end}}"), "none");
    assert_eq!(render("{{with .State}}{{.Status}}{{end}}"), "running");
    assert_eq!(render("{{with .Empty}}x{{else}}y{{end}}"), "y");
    assert_eq!(render("{{with $x := .State.Pid}}{{$x}}{{end}}"), "2995");
    assert_eq!(
        render("{{$n := .Name}}{{range .Mounts}}{{$n}}{{end}}"),
        "/web/web"
    );
    assert_eq!(render("{{$n := 1}}{{$n = 2}}{{$n}}"), "2");
    assert_eq!(
        render("{{range .Mounts}}{{if .RW}}{{continue}}{{end}}{{.Source}}{{end}}"),
        "/srv"
    );
    assert_eq!(
        render("{{range .Mounts}}{{.Source}}{{break}}{{end}}"),
        "/tmp"
    );
    assert_eq!(render("{{range 3}}{{.}}{{end}}"), "012");
    assert_eq!(render("{{range .Mounts}}{{$.Name}}{{end}}"), "/web/web");
}

#[test]
fn pipelines_and_functions() {
    assert_eq!(render("{{.Name | upper}}"), "/WEB");
    assert_eq!(render("{{.Name | printf \"%s!\"}}"), "/web!");
    assert_eq!(render("{{printf \"%s-%d\" .Name .State.Pid}}"), "/web-2995");
    assert_eq!(
        render("{{len .Mounts}} {{len .Name}} {{len .Config.Labels}}"),
        "2 4 2"
    );
    assert_eq!(
        render("{{index .Config.Labels \"a\"}}|{{index .Config.Labels \"zz\"}}|"),
        "b||"
    );
    assert_eq!(
        render("{{index .Mounts 1 | json}}"),
        r#"{"Destination":"/data","RW":false,"Source":"/srv"}"#
    );
    assert_eq!(render("{{(index .Mounts 0).Source}}"), "/tmp");
    assert_eq!(render("{{index .Mounts 5}}"), "EXEC: template: :1:2: executing \"\" at <index .Mounts 5>: error calling index: index out of range: 5");
    assert_eq!(render("{{json .Config.Env}}"), r#"["FOO=bar","PATH=/bin"]"#);
    assert_eq!(render("{{json .Empty}} {{json .Nope}}"), r#""" null"#);
    assert_eq!(render("{{join .Config.Env \",\"}}"), "FOO=bar,PATH=/bin");
    assert_eq!(render("{{split \"a:b:c\" \":\"}}"), "[a b c]");
    assert_eq!(render("{{index (split .Name \"/\") 1}}"), "web");
    assert_eq!(
        render("{{title \"hello wide-world\"}} {{lower \"ABC\"}}"),
        "Hello Wide-World abc"
    );
    assert_eq!(
        render("[{{pad .State.Status 2 3}}][{{pad .Empty 2 3}}]"),
        "[  running   ][]"
    );
    assert_eq!(
        render("{{truncate .Id 4}} {{truncate .Id 40}}"),
        "c71c c71c3d677b66"
    );
    assert_eq!(
        render("{{slice .Id 0 3}} {{slice .Config.Cmd 1}}"),
        "c71 [1000]"
    );
    assert_eq!(
        render("{{eq .State.Status \"running\"}} {{eq .State.Pid 1 2995}} {{ne 1 2}}"),
        "true true true"
    );
    assert_eq!(
        render("{{lt 1 2}} {{ge \"b\" \"a\"}} {{gt 1.5 2.5}}"),
        "true true false"
    );
    assert_eq!(render("{{eq 1 \"a\"}}"), "EXEC: template: :1:2: executing \"\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison");
    assert_eq!(
        render("{{and 1 0 2}} {{or 0 \"\" 3}} {{and 1 2}} {{or 0 \"\"}}"),
        "0 3 2 "
    );
    assert_eq!(render("{{and .Nope .Nope.X}}"), "<no value>");
    assert_eq!(
        render("{{print 1 2 \"a\" 3}} {{println \"x\" 1}}"),
        "1 2a3 x 1\n"
    );
    assert_eq!(
        render("{{html \"<a href='x'>&\"}}"),
        "&lt;a href=&#39;x&#39;&gt;&amp;"
    );
    assert_eq!(render("{{js \"a'b\\\"<\"}}"), "a\\'b\\\"\\u003C");
    assert_eq!(render("{{urlquery \"a b&c/d\"}}"), "a+b%26c%2Fd");
    assert_eq!(render("{{.Name | len | printf \"%03d\"}}"), "004");
    assert_eq!(render("{{upper 1}}"), "EXEC: template: :1:2: executing \"\" at <upper 1>: wrong type for value; expected string; got int");
    assert_eq!(render("{{upper \"a\" \"b\"}}"), "EXEC: template: :1:2: executing \"\" at <upper \"a\" \"b\">: wrong number of args for upper: want 1 got 2");
}

#[test]
fn octal_escapes_need_three_digits() {
    // Found by linnet-fuzz: a short octal escape at the end of the source panicked.
    for src in ["{{\"\\70", "{{\"\\7\"}}", "{{\"\\400\"}}", "{{'\\7"] {
        assert!(crate::Template::parse(src).is_err(), "{src:?} parsed");
    }
    assert_eq!(render("{{\"\\101\\060\"}}"), "A0");
}

#[test]
fn printf_float_precision_above_rusts_limit() {
    // Found by linnet-fuzz: Rust's formatter panics above 65535, Go allows up to 1e6.
    let p = |f: &str, args: Value| crate::sprintf(f, args.as_array().unwrap());
    let zeros = |n: usize| "0".repeat(n);
    assert_eq!(p("%.70000f", json!([0.5])), format!("0.5{}", zeros(69_999)));
    assert_eq!(
        p("%.70000e", json!([-1.5])),
        format!("-1.5{}e+00", zeros(69_999))
    );
    assert_eq!(p("%.70000g", json!([0.5])), "0.5");
    // 2^-1074, the smallest f64: all 1074 decimals exact, then zeros.
    let tiny = p("%.2000f", json!([f64::from_bits(1)]));
    assert_eq!(tiny.len(), 2002);
    assert!(
        tiny.starts_with("0.000") && tiny[2..1076].ends_with("5") && tiny.ends_with(&zeros(926))
    );
}

#[test]
fn printf_verbs() {
    let p = |f: &str, args: Value| crate::sprintf(f, args.as_array().unwrap());
    assert_eq!(
        p(
            "%q %v %x %5s|%-6s|",
            json!(["/tplref", true, 255, "ab", "cd"])
        ),
        "\"/tplref\" true ff    ab|cd    |"
    );
    assert_eq!(
        p(
            "%.2f %t %03d %+d %e %g",
            json!([2.345678, true, 7, 5, 1234.5678, 0.000001])
        ),
        "2.35 true 007 +5 1.234568e+03 1e-06"
    );
    assert_eq!(
        p(
            "%c %U %o %b %X %8.3f %T",
            json!([65, 65, 8, 5, 255, 2.5, "s"])
        ),
        "A U+0041 10 101 FF    2.500 string"
    );
    assert_eq!(p("%d %s", json!(["x", 1])), "%!d(string=x) %!s(int=1)");
    assert_eq!(p("%d", json!([])), "%!d(MISSING)");
    assert_eq!(p("a", json!([1, "b"])), "a%!(EXTRA int=1, string=b)");
    assert_eq!(
        p("%v %s %d", json!([null, null, [1, 2]])),
        "<nil> %!s(<nil>) [1 2]"
    );
    assert_eq!(p("%5.1f%%", json!([99.44])), " 99.4%");
    assert_eq!(
        p("%-10s|%10.3s|", json!(["abc", "abcdef"])),
        "abc       |       abc|"
    );
    assert_eq!(
        p("%v %v %v %v", json!([1.0, 123456.0, 1234567.0, 0.0001])),
        "1 123456 1.234567e+06 0.0001"
    );
    assert_eq!(p("%x % x %#x", json!(["hi", "hi", 255])), "6869 68 69 0xff");
    assert_eq!(p("%q", json!(["a\"b\n\u{1}é"])), "\"a\\\"b\\n\\x01é\"");
    assert_eq!(
        p("%6.2f|%-8v|%08.3f", json!([-1.5, "x", -2.345678])),
        " -1.50|x       |-002.346"
    );
    assert_eq!(
        p("%.3g %g %G", json!([2.345678, 100000.0, 1e-7])),
        "2.35 100000 1E-07"
    );
}

#[test]
fn parse_errors_are_gos() {
    let e = |s: &str| {
        Template::parse(s)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert_eq!(e("{{.Name"), "template: :1: unclosed action");
    assert_eq!(
        e("{{nofunc .Name}}"),
        "template: :1: function \"nofunc\" not defined"
    );
    assert_eq!(e("{{if .X}}"), "template: :1: unexpected EOF");
    assert_eq!(e("{{end}}"), "template: :1: unexpected {{end}}");
    assert_eq!(e("{{}}"), "template: :1: missing value for command");
    assert_eq!(e("{{$x}}"), "template: :1: undefined variable \"$x\"");
    assert_eq!(e("a\n{{}}"), "template: :2: missing value for command");
    assert_eq!(e("{{break}}"), "template: :1: {{break}} outside {{range}}");
    assert_eq!(e("{{\"abc}}"), "template: :1: unterminated quoted string");
    assert_eq!(e("{{/* x }}"), "template: :1: unclosed comment");
    assert!(Template::parse("{{.X}} {{.Y}}")
        .unwrap()
        .execute(&json!({}))
        .is_ok());
}

#[test]
fn methods_missing_keys_and_map_fields() {
    let env = Env::new()
        .method("Label", |args| {
            let key = args.get(1).and_then(Value::as_str).unwrap_or_default();
            Ok(args[0]["Labels"].get(key).cloned().unwrap_or(json!("")))
        })
        .missing_key(MissingKey::Error)
        .map_fields(&["Labels"])
        .root_type("*formatter.ContainerContext");
    let row = json!({"Names": "web", "Labels": {"a": "b"}, "Config": {"Labels": {}}});
    let r = |s: &str| match env.parse(s) {
        Ok(t) => t
            .execute_with(&row, &env)
            .unwrap_or_else(|e| format!("EXEC: {e}")),
        Err(e) => format!("PARSE: {e}"),
    };
    assert_eq!(r("{{.Label \"a\"}}|{{.Label \"zz\"}}|{{.Names}}"), "b||web");
    assert_eq!(r("{{$.Label \"a\"}}"), "b");
    assert_eq!(r("{{\"a\" | .Label}}"), "b");
    assert_eq!(r("{{.Names}} {{.Nope}}"), "EXEC: template: :1:13: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext");
    assert_eq!(
        r("{{.Config.Nope}}"),
        "EXEC: template: :1:9: executing \"\" at <.Config.Nope>: map has no entry for key \"Nope\""
    );
    assert_eq!(r("{{.Config.Labels.nope}}"), "<no value>");
    assert_eq!(
        r("{{.Names.X}}"),
        "EXEC: template: :1:8: executing \"\" at <.Names.X>: can't evaluate field X in type string"
    );
    assert_eq!(r("{{with .Config.Labels}}{{.nope}}{{end}}"), "");
    assert_eq!(
        r("{{.Names \"x\"}}"),
        "EXEC: template: :1:2: executing \"\" at <.Names>: Names is not a method but has arguments"
    );
    // Without the method the parser still accepts the call; execution reports it.
    let plain = Template::parse("{{.Label \"a\"}}").unwrap();
    assert!(plain.execute(&row).is_err());
    // A user function replaces a built-in (Docker's table headers do this with `json`).
    let header = Env::new().func("json", |_| Ok(json!("")));
    assert_eq!(
        header
            .parse("[{{json .}}]")
            .unwrap()
            .execute_with(&row, &header)
            .unwrap(),
        "[]"
    );
    assert_eq!(
        Template::parse("{{.A.B}} {{.C}}{{if .D}}{{.E}}{{end}}")
            .unwrap()
            .root_fields(),
        ["A", "C", "D", "E"]
    );
}

#[test]
fn partial_output_on_error() {
    let t = Template::parse("a{{.X.Y}}b").unwrap();
    let mut out = String::new();
    assert!(t
        .execute_into(&json!({"X": 1}), &Env::new(), &mut out)
        .is_err());
    assert_eq!(out, "a");
}

#[test]
fn bounded_work() {
    let t = Template::parse("{{range 100000000}}{{end}}").unwrap();
    assert!(t.execute(&json!({})).is_err());
    let deep = format!("{}{}", "{{if 1}}".repeat(5000), "{{end}}".repeat(5000));
    let _ = Template::parse(&deep);
    let parens = format!("{{{{{}1{}}}}}", "(".repeat(5000), ")".repeat(5000));
    let _ = Template::parse(&parens);
}

/// Garbage in never panics: random byte soup and mutations of real templates.
#[test]
fn fuzz_never_panics() {
    let seeds = [
        "{{.Name}}",
        "{{range $i, $e := .Mounts}}{{$i}}{{.Source}}{{else}}x{{end}}",
        "{{if and .A (not .B)}}{{printf \"%5.2f|%-3s\" 1.5 .C}}{{else if .D}}{{end}}",
        "{{- /* c */ -}}",
        "{{with $x := index .L 0}}{{$x | json}}{{end}}",
        "{{`raw`}}{{'a'}}{{-1.5e3}}",
        "{{slice .S 1 2}}{{eq 1 2 3}}{{len .M}}{{.M.k}}{{$.X}}",
        "{{(.A).B}}{{break}}{{continue}}",
    ];
    let alphabet: Vec<char> = "{}()|$.:=,\"'`-/* \n\tabcdefghijklmnop0123456789%+eEx_é\\"
        .chars()
        .collect();
    let data = json!({"A": 1, "B": [1, {"C": null}], "M": {"k": "v"}, "L": ["x"], "S": "héllo", "Name": "n"});
    let mut rng: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for round in 0..20000 {
        let mut s: Vec<char> = if round % 2 == 0 {
            seeds[(next() % seeds.len() as u64) as usize]
                .chars()
                .collect()
        } else {
            Vec::new()
        };
        let edits = 1 + next() % 8;
        for _ in 0..edits {
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            let at = if s.is_empty() {
                0
            } else {
                (next() % (s.len() as u64 + 1)) as usize
            };
            match next() % 3 {
                0 if !s.is_empty() && at < s.len() => {
                    s.remove(at);
                }
                1 => s.insert(at, c),
                _ => {
                    s.insert(at, '{');
                    s.insert(at, '{');
                }
            }
        }
        let src: String = s.into_iter().collect();
        if let Ok(t) = Template::parse(&src) {
            let _ = t.execute(&data);
            let env = Env::new().missing_key(MissingKey::Error);
            let _ = t.execute_with(&data, &env);
        }
    }
}

/// Outputs of Docker 20.10's CLI (Go 1.19 `text/template`) for the same templates.
const DOCKER_VERIFIED: &[(&str, &str)] = &[
    ("{{printf \"%5.2f|%x|%q|%v|%6.3v|%-4d|%+.1e\" 3.5 255 \"a\\tb\" 1.25 3.14159 7 12345.678}}", " 3.50|ff|\"a\\tb\"|1.25|  3.14|7   |+1.2e+04"),
    ("{{print 1 2 \"a\" 3 \"b\" \"c\" nil true}}", "1 2a3bc<nil> true"),
    ("{{println 1 \"a\" nil}}", "1 a <nil>\n"),
    ("{{slice \"hello\" 1 3}} {{slice \"hello\" 2}}", "el llo"),
    ("{{html \"<a href='x'>&\\\"y\\\"\"}} {{js \"a'b\\\"c<d>=&\\\\\"}} {{urlquery \"a b&c=d/é\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;y&#34; a\\'b\\\"c\\u003Cd\\u003E\\u003D\\u0026\\\\ a+b%26c%3Dd%2F%C3%A9"),
    ("{{len \"abc\"}} {{index \"abc\" 1}}", "3 98"),
    ("{{printf \"%T %T %T %T\" 1 1.5 \"s\" true}}", "int float64 string bool"),
    ("{{printf \"%d %s\" \"x\" 5}}", "%!d(string=x) %!s(int=5)"),
    ("{{printf \"%d\"}} {{printf \"x\" 1 2}}", "%!d(MISSING) x%!(EXTRA int=1, int=2)"),
    ("{{printf \"%08.3f|%-8.2f|% d|%x|%X|%o|%#o|%#x|%b\" -3.5 2.25 5 -255 3054 8 8 255 5}}", "-003.500|2.25    | 5|-ff|BEE|10|010|0xff|101"),
    ("{{printf \"%c%c%c %U %#U\" 72 105 33 0x1F600 0x41}}", "Hi! U+1F600 U+0041 'A'"),
    ("{{printf \"%q %+q %#q\" \"héllo\\n\" \"héllo\" \"back`tick\"}}", "\"héllo\\n\" \"h\\u00e9llo\" \"back`tick\""),
    ("{{printf \"%g %g %g %g %g %G\" 100000.0 1000000.0 0.0001 0.00001 1e21 1e-7}}", "100000 1e+06 0.0001 1e-05 1e+21 1E-07"),
    ("{{printf \"%.0f %.1f %.2f %.3g %.10g\" 2.5 0.05 1.005 1234.5678 1.0}}", "2 0.1 1.00 1.23e+03 1"),
    ("{{printf \"%e %E %.2e\" 0.0 123456.789 -0.000123}}", "0.000000e+00 1.234568E+05 -1.23e-04"),
    ("{{printf \"%v %v %v\" 1e6 123456789.0 0.000001}}", "1e+06 1.23456789e+08 1e-06"),
    ("{{printf \"%5t|%-7t|\" true false}}", " true|false  |"),
    ("{{printf \"%s %v\" (split \"a,b,c\" \",\") (split \"a,b\" \",\")}}", "[a b c] [a b]"),
    ("{{printf \"%q %x % x %#x\" (split \"a,b\" \",\") \"hi\" \"hi\" \"hi\"}}", "[\"a\" \"b\"] 6869 68 69 0x6869"),
    ("{{printf \"%6.2s|%.1q|\" \"abcdef\" \"abc\"}}", "    ab|\"a\"|"),
    ("{{printf \"%*d|%-*d|%.*f\" 5 42 4 7 2 3.14159}}", "   42|7   |3.14"),
    ("{{if and 1 \"\" }}t{{else}}f{{end}} {{or 0 \"\" nil}} {{and 1 2 3}} {{not 0}} {{not \"a\"}}", "f <no value> 3 true false"),
    ("{{eq 1 1 2}} {{ne \"a\" \"b\"}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}}", "true true true true true false"),
    ("{{range $i, $c := split \"x,y,z\" \",\"}}{{$i}}{{$c}}{{end}} {{range split \"\" \",\"}}[{{.}}]{{end}}", "0x1y2z []"),
    ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
    ("{{with $y := \"v\"}}{{$y}}{{.}}{{end}} {{with \"\"}}no{{else}}else{{end}}", "vv else"),
    ("{{range 0}}x{{else}}empty{{end}}", "empty"),
    ("{{title \"hello world-foo bar_baz o'neil\"}} {{upper \"ß\"}} {{lower \"ÀB\"}}", "Hello World-Foo Bar_baz O'Neil ß àb"),
    ("{{join (split \"a b c\" \" \") \"-\"}} {{json (split \"a,b\" \",\")}} {{json 1.5}} {{json \"<&>\"}}", "a-b-c [\"a\",\"b\"] 1.5 \"<&>\""),
    ("{{ 3 }} {{ -3 }} {{ +3 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 1e3 }} {{ 'x' }} {{ '\\n' }} {{ 1.5e-3 }}", "3 -3 3 31 15 15 5 1000 1000 120 10 0.0015"),
    ("{{\"a\\x41\\u00e9\\101\"}} {{`raw\\n`}}", "aAéA raw\\n"),
    ("{{- \"trim\" -}} {{/* c */}} x {{- /* c2 */ -}} y", "trim xy"),
    ("{{print (printf \"%d\" 5) (len \"ab\")}}", "52"),
    ("{{index (split \"a,b,c\" \",\") 2}} {{slice (split \"a,b,c\" \",\") 1 2}}", "c [b]"),
];

#[test]
fn matches_docker_cli_outputs() {
    let data = json!({});
    for (src, want) in DOCKER_VERIFIED {
        let got = Template::parse(src)
            .map_err(|e| e.to_string())
            .and_then(|t| t.execute(&data).map_err(|e| e.to_string()));
        assert_eq!(got.as_deref(), Ok(*want), "template {src}");
    }
}

#[test]
fn root_json_is_html_escaped_only_when_asked() {
    let row = json!({"Labels": "x=<a&b>", "Cmd": "a\u{2028}b"});
    let run = |env: &Env, src: &str| env.parse(src).unwrap().execute_with(&row, env).unwrap();
    let plain = Env::new();
    assert_eq!(
        run(&plain, "{{json .}}"),
        "{\"Cmd\":\"a\u{2028}b\",\"Labels\":\"x=<a&b>\"}"
    );
    let listing = Env::new().root_json_escaped(true);
    assert_eq!(
        run(&listing, "{{json .}}"),
        "{\"Cmd\":\"a\\u2028b\",\"Labels\":\"x=\\u003ca\\u0026b\\u003e\"}"
    );
    assert_eq!(run(&listing, "{{json $}}"), run(&listing, "{{json .}}"));
    // Docker's json function itself does not escape (SetEscapeHTML(false)).
    assert_eq!(run(&listing, "{{json .Labels}}"), "\"x=<a&b>\"");
    assert_eq!(html_escape_json("<>&"), "\\u003c\\u003e\\u0026");
}

#[test]
fn typed_nils_print_as_go() {
    let env = Env::new()
        .missing_key(MissingKey::Error)
        .nil_fields(Nil::Slice, &["Entrypoint", "Cmd"])
        .nil_fields(Nil::Map, &["Volumes", "Labels"])
        .nil_fields(Nil::Pointer, &["Health"]);
    let doc = json!({"Config": {"Entrypoint": null, "Cmd": ["sh"], "Volumes": null, "Labels": null, "Other": null},
                     "State": {"Status": "running"}});
    let r = |s: &str| match env.parse(s).unwrap().execute_with(&doc, &env) {
        Ok(o) => o,
        Err(e) => format!("EXEC: {e}"),
    };
    assert_eq!(
        r("{{.Config.Entrypoint}}|{{.Config.Cmd}}|{{.Config.Volumes}}|{{.State.Health}}|{{.Config.Other}}"),
        "[]|[sh]|map[]|<nil>|<no value>"
    );
    // Functions see the value, as Go's json of a nil slice is null.
    assert_eq!(
        r("{{json .Config.Entrypoint}}|{{len .Config.Cmd}}"),
        "null|1"
    );
    assert_eq!(r("{{if .Config.Entrypoint}}y{{else}}n{{end}}"), "n");
    assert!(r("{{.State.Nope}}").starts_with("EXEC: "));
    // Absent struct fields are nil too; inside a map field a missing key stays <no value>.
    assert_eq!(r("{{.State.Cmd}}"), "[]");
    assert!(r("{{.Config.Cmd.Health}}").contains("can't evaluate field Health"));
    let labels = json!({"Labels": {"a": "b"}});
    let out = env
        .parse("{{.Labels.Health}}")
        .unwrap()
        .execute_with(&labels, &env.clone().map_fields(&["Labels"]))
        .unwrap();
    assert_eq!(out, "<no value>");
}

#[test]
fn json_key_order_is_go_struct_order() {
    let env = Env::new()
        .json_key_order("State", &["Status", "Running", "Pid"])
        .json_key_order("Mounts", &["Type", "Source"])
        .root_json_escaped(true);
    let doc = json!({"State": {"Pid": 1, "Running": true, "Status": "up", "Extra": "<x>"},
                     "Mounts": [{"Source": "/a", "Type": "bind"}]});
    let r = |s: &str| env.parse(s).unwrap().execute_with(&doc, &env).unwrap();
    assert_eq!(
        r("{{json .State}}"),
        "{\"Status\":\"up\",\"Running\":true,\"Pid\":1,\"Extra\":\"<x>\"}"
    );
    assert_eq!(
        r("{{json .Mounts}}"),
        "[{\"Type\":\"bind\",\"Source\":\"/a\"}]"
    );
    assert_eq!(
        r("{{json .}}"),
        "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/a\"}],\"State\":{\"Status\":\"up\",\"Running\":true,\"Pid\":1,\"Extra\":\"\\u003cx\\u003e\"}}"
    );
    assert_eq!(r("{{json .State.Status}}"), "\"up\"");
}
