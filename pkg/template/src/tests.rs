//! Expected outputs are Go 1.19's `text/template` (Docker 20.10) on the same data.

use serde_json::{json, Value};

use crate::{Env, MissingKey, Template};

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
