//! Hostile input, inside the process: proptest over the params of every registered method, over
//! the request and response transforms of every connector and flow the registry lists (so a new
//! connector is covered without touching this file), and over whole byte streams given to `serve`.
//!
//! What must hold for every input: no panic (a panic the dispatcher would catch and answer as
//! InternalError counts as a failure here), every error is typed and names its field, and no error
//! quotes a card number or a credential. Case counts are modest so `cargo test --release` stays
//! fast; each run draws new cases, and a failure prints the smallest input that shows it.

use crate::protocol::{ErrorKind, SidecarError};
use crate::registry;
use crate::rpc::{self, methods, ServerConfig};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

const TRANSFORM_METHODS: [&str; 2] = ["transformRequest", "transformResponse"];

/// Cases for each of `targets` (connector, flow, method) combinations out of a fixed budget, so
/// that the run stays a few seconds however many connectors and flows the registry lists.
fn share(budget: u32, targets: usize, min: u32, max: u32) -> u32 {
    (budget / targets.max(1) as u32).clamp(min, max)
}

fn runner(cases: u32) -> TestRunner {
    rpc::log::init_for_tests();
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

// ---------- seeds: the shared vectors, grouped by method, connector and flow ----------

struct Vector {
    method: String,
    connector: String,
    flow: String,
    params: Value,
}

fn vectors() -> Vec<Vector> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors");
    crate::bench::json_files_under(&root)
        .iter()
        .filter_map(|f| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(f).ok()?).ok()?;
            let params = v.get("params")?.clone();
            Some(Vector {
                method: v.get("method")?.as_str()?.to_string(),
                connector: params.get("connector")?.as_str()?.to_string(),
                flow: params.get("flow")?.as_str()?.to_string(),
                params,
            })
        })
        .collect()
}

/// Credentials made up from a connector's declared auth fields, for seeds borrowed from another
/// connector's vectors (a new connector without vectors still gets deep, well-formed requests).
fn made_up_auth(connector: &str) -> Value {
    let info = registry::find(connector).expect("a registered connector").info();
    Value::Object(info.auth_fields.iter().map(|f| (f.name.to_string(), json!(format!("made-up-{}-secret", f.name)))).collect())
}

/// Credentials for `connector`: those of its own vectors (valid as the connector checks them), else
/// made up from its declared auth fields.
fn auth_for(all: &[Vector], connector: &str) -> Value {
    all.iter()
        .filter(|v| v.connector == connector)
        .filter_map(|v| v.params.get("auth").filter(|a| a.as_object().is_some_and(|m| !m.is_empty())).cloned())
        .max_by_key(|a| a.as_object().map_or(0, |m| m.len()))
        .unwrap_or_else(|| made_up_auth(connector))
}

/// Valid or nearly valid params for one method, connector and flow: its own vectors, every other
/// connector's vectors of the same flow re-addressed to it, and a bare skeleton.
fn seeds_for(all: &[Vector], method: &str, connector: &str, flow: &str) -> Vec<Value> {
    let mut seeds: Vec<Value> = all
        .iter()
        .filter(|v| v.method == method && v.connector == connector && v.flow == flow)
        .map(|v| v.params.clone())
        .collect();
    for v in all.iter().filter(|v| v.method == method && v.flow == flow && v.connector != connector) {
        let mut p = v.params.clone();
        p["connector"] = json!(connector);
        p["auth"] = auth_for(all, connector);
        seeds.push(p);
    }
    let mut bare = json!({ "connector": connector, "flow": flow, "auth": made_up_auth(connector), "request": {} });
    if method == "transformResponse" {
        bare["response"] = json!({ "status": 200, "headers": [], "body": "{}" });
    }
    seeds.push(bare);
    seeds
}

/// Every object key and every short string in the seeds except credentials: the vocabulary that
/// makes generated values land on real fields and real enum values.
fn vocabulary(seeds: &[Value]) -> Vec<String> {
    fn walk(v: &Value, under_auth: bool, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    out.insert(k.clone());
                    walk(x, under_auth || k == "auth", out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, under_auth, out)),
            Value::String(s) if !under_auth && s.len() <= 24 => {
                out.insert(s.clone());
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    seeds.iter().for_each(|s| walk(s, false, &mut out));
    out.into_iter().collect()
}

/// The credentials (6 characters or more, as `redact_auth` treats them) and card numbers of the
/// seeds: none may appear in an error.
fn secrets_of(seeds: &[Value]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for s in seeds {
        if let Some(auth) = s.get("auth").and_then(Value::as_object) {
            out.extend(auth.values().filter_map(Value::as_str).filter(|x| x.len() >= 6).map(str::to_string));
        }
        if let Some(n) = s.pointer("/request/paymentMethod/card/number").and_then(Value::as_str) {
            out.insert(n.to_string());
        }
    }
    out.into_iter().collect()
}

// ---------- strategies ----------

/// Card numbers as a caller might paste them into the wrong field.
const PASTED_CARDS: [&str; 4] = ["4242424242424242", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"];

fn arb_string(vocabulary: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vocabulary),
        1 => select(PASTED_CARDS.to_vec()).prop_map(str::to_string),
        2 => "\\PC{0,24}",
        1 => "[0-9]{1,24}",
        1 => "[ -~]{0,8}[\\u{0}-\\u{1f}\"\\\\][ -~]{0,8}",
        1 => Just(String::new()),
        1 => (0usize..3000).prop_map(|n| "9".repeat(n)),
        // What a header or a URL path must never carry as it is (issue 14).
        1 => (select(vec!["\r\n", "\n", "\r", "\0", "\r\nX-Injected: 1"]), "[ -~]{0,8}").prop_map(|(bad, s)| format!("{s}{bad}{s}")),
        1 => select(vec![".", "..", "./", "../..", "%2e%2e", "a/../b", "/"]).prop_map(str::to_string),
        1 => select(vec!["€", "é", "😀", "\u{200b}", "Ω-key", "ключ"]).prop_map(str::to_string),
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(|f| json!(f)),
        select(vec![json!(0), json!(-1), json!(1), json!(0.5), json!(-0.0), json!(1e300), json!(i64::MIN), json!(u64::MAX)]),
    ]
}

fn arb_json(vocabulary: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        arb_string(vocabulary.clone()).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        let key = arb_string(vocabulary.clone());
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

#[derive(Debug, Clone)]
enum Edit {
    /// Another value of the same JSON type (a string for a string, a number for a number), so that
    /// decoding passes and the connector's own code meets the value. Other nodes are left alone.
    SameType(Value),
    Replace(Value),
    Remove,
    Insert(String, Value),
    /// Number ↔ string, bool → string, string → number when it reads as one.
    FlipType,
    /// A number where a string was (a CVC or a card number sent as a number).
    NumberForString(Value),
}

fn arb_edit(vocabulary: Vec<String>) -> impl Strategy<Value = Edit> {
    let leaf = prop_oneof![arb_string(vocabulary.clone()).prop_map(Value::String), arb_number(), any::<bool>().prop_map(Value::Bool)];
    prop_oneof![
        5 => leaf.prop_map(Edit::SameType),
        3 => arb_json(vocabulary.clone()).prop_map(Edit::Replace),
        2 => Just(Edit::Remove),
        1 => (arb_string(vocabulary.clone()), arb_json(vocabulary)).prop_map(|(k, v)| Edit::Insert(k, v)),
        2 => Just(Edit::FlipType),
        1 => prop_oneof![arb_number(), select(vec![json!(7391), json!(737), json!(4242424242424242u64), json!(378282246310005u64)])]
            .prop_map(Edit::NumberForString),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item(usize),
}

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Step::Key(k.clone()));
                paths(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Item(i));
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Item(i) => &mut v[*i],
    })
}

fn apply(v: &mut Value, at: Index, edit: Edit) {
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let path = at.get(&all).clone();
    match edit {
        Edit::SameType(x) => {
            let n = node(v, &path);
            let same = matches!((&*n, &x), (Value::String(_), Value::String(_)) | (Value::Number(_), Value::Number(_)) | (Value::Bool(_), Value::Bool(_)));
            if same {
                *n = x;
            }
        }
        Edit::Replace(x) => *node(v, &path) = x,
        Edit::Remove => match path.split_last() {
            None => *v = Value::Null,
            Some((last, parent)) => match (node(v, parent), last) {
                (Value::Object(m), Step::Key(k)) => {
                    m.remove(k);
                }
                (Value::Array(a), Step::Item(i)) => {
                    a.remove(*i);
                }
                _ => unreachable!("a path step matches its parent"),
            },
        },
        Edit::Insert(k, x) => match node(v, &path) {
            Value::Object(m) => {
                m.insert(k, x);
            }
            Value::Array(a) => a.push(x),
            other => *other = x,
        },
        Edit::NumberForString(x) => {
            let n = node(v, &path);
            if n.is_string() {
                *n = x;
            }
        }
        Edit::FlipType => {
            let n = node(v, &path);
            *n = match n.take() {
                Value::Number(x) => Value::String(x.to_string()),
                Value::Bool(b) => Value::String(b.to_string()),
                Value::String(s) => s.parse::<serde_json::Number>().map(Value::Number).unwrap_or(Value::Bool(true)),
                Value::Null => json!(""),
                other => Value::Array(vec![other]),
            };
        }
    }
}

/// A seed with one to four edits anywhere in it.
fn mutated(seeds: Vec<Value>, vocabulary: Vec<String>) -> impl Strategy<Value = Value> {
    (select(seeds), prop::collection::vec((any::<Index>(), arb_edit(vocabulary)), 1..5)).prop_map(|(seed, edits)| {
        let mut v = seed;
        for (at, edit) in edits {
            apply(&mut v, at, edit);
        }
        v
    })
}

/// Params for one transform: mutated seeds mostly, some with a wholly arbitrary `request`, some
/// wholly arbitrary.
fn transform_params(seeds: Vec<Value>, vocabulary: Vec<String>) -> impl Strategy<Value = Value> {
    let with_any_request = (select(seeds.clone()), arb_json(vocabulary.clone())).prop_map(|(mut s, r)| {
        s["request"] = r;
        s
    });
    prop_oneof![
        6 => mutated(seeds, vocabulary.clone()),
        2 => with_any_request,
        1 => arb_json(vocabulary),
    ]
}

/// An HTTP response as a processor (or a proxy, or a truncated connection) might send it.
fn arb_response(bodies: Vec<String>, vocabulary: Vec<String>) -> impl Strategy<Value = Value> {
    let mutated_body = (select(bodies.clone()), prop::collection::vec((any::<Index>(), arb_edit(vocabulary.clone())), 1..4))
        .prop_map(|(body, edits)| match serde_json::from_str::<Value>(&body) {
            Ok(mut v) => {
                for (at, edit) in edits {
                    apply(&mut v, at, edit);
                }
                v.to_string()
            }
            Err(_) => body,
        });
    let truncated = (select(bodies), any::<Index>()).prop_map(|(body, at)| {
        let cut = at.index(body.len() + 1);
        body.char_indices().map(|(i, _)| i).take_while(|&i| i <= cut).last().map_or(String::new(), |i| body[..i].to_string())
    });
    let body = prop_oneof![
        4 => mutated_body,
        2 => truncated,
        2 => arb_json(vocabulary).prop_map(|v| v.to_string()),
        1 => "\\PC{0,200}",
        1 => Just(String::new()),
    ];
    let status = prop_oneof![select(vec![200u16, 201, 202, 204, 302, 400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503]), any::<u16>()];
    let headers = prop::collection::vec(
        ("[A-Za-z-]{1,20}", "[ -~]{0,40}").prop_map(|(n, v)| json!({ "name": n, "value": v })),
        0..4,
    );
    (status, headers, body).prop_map(|(status, headers, body)| json!({ "status": status, "headers": headers, "body": body }))
}

// ---------- the checks every answer must pass ----------

/// The most digits in one run of `text`, counting runs grouped by single spaces or dashes
/// (`4242 4242 4242 4242`): 12 or more could be a card number.
fn longest_digit_run(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut best, mut run) = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if !(matches!(b, b' ' | b'-') && i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            run = 0;
        }
    }
    best
}

fn check_error(e: &SidecarError, secrets: &[String]) -> Result<(), TestCaseError> {
    prop_assert!(e.kind != ErrorKind::InternalError, "InternalError (a caught panic or a bug): {}", e.message);
    if matches!(
        e.kind,
        ErrorKind::InvalidParams
            | ErrorKind::MissingRequiredField
            | ErrorKind::InvalidFieldValue
            | ErrorKind::UnknownConnector
            | ErrorKind::FlowNotSupported
            | ErrorKind::PaymentMethodNotSupported
    ) {
        // Some(""): the offending key is itself the empty string.
        prop_assert!(e.field.is_some(), "a {} error names no field: {} {}", e.kind.name(), e.message, e.to_data());
    }
    // What leaves the process is the JSON-RPC error built from it.
    let sent = methods::to_rpc_error(e);
    let text = format!("{} {}", sent.message, sent.data.unwrap_or_default());
    prop_assert!(longest_digit_run(&text) < 12, "an error holds a 12+ digit run (a card number?): {text}");
    for s in secrets {
        prop_assert!(!text.contains(s.as_str()), "an error quotes the secret {s:?}: {text}");
    }
    Ok(())
}

/// `seed_secrets` that `params` still holds as credentials or card number (a mutation may have
/// replaced them with ordinary words, which errors may well quote).
fn secrets_in(params: &Value, seed_secrets: &[String]) -> Vec<String> {
    let held = secrets_of(std::slice::from_ref(params));
    seed_secrets.iter().filter(|s| held.contains(s)).cloned().collect()
}

fn check_transform(method: &str, params: Value, seed_secrets: &[String]) -> Result<(), TestCaseError> {
    let secrets = secrets_in(&params, seed_secrets);
    let outcome = match method {
        "transformRequest" => methods::transform_request(params),
        _ => methods::transform_response(params),
    };
    match outcome {
        Ok(v) if method == "transformRequest" => {
            prop_assert!(v["url"].is_string() && v["method"].is_string() && v["headers"].is_array(), "not an HttpRequest: {v}");
            let bad = unsendable_headers(&v);
            prop_assert!(bad.is_empty(), "header(s) {bad:?} hold CR, LF, NUL or non-ASCII text: {v}");
        }
        // Every flow's result says its outcome: a status, or (verifyWebhook) whether it verified.
        Ok(v) => prop_assert!(v["status"].is_string() || v["verified"].is_boolean(), "a result without a status: {v}"),
        Err(e) => check_error(&e, &secrets)?,
    }
    Ok(())
}

fn describe_failure(what: &str, e: proptest::test_runner::TestError<Value>) -> String {
    format!("{what}: {e}")
}

// ---------- the tests ----------

/// Every (connector, flow) the registry lists, both transforms: mutated vectors, arbitrary
/// requests, arbitrary params.
#[test]
fn transforms_of_every_connector_and_flow_survive_hostile_params() {
    let all = vectors();
    let mut failures = Vec::new();
    let targets: usize = registry::all().iter().map(|c| c.flows().len() * TRANSFORM_METHODS.len()).sum();
    let cases = share(4096, targets, 48, 256);
    for c in registry::all() {
        let info = c.info();
        for flow in c.flows() {
            for method in TRANSFORM_METHODS {
                let seeds = seeds_for(&all, method, info.name, flow.as_str());
                let secrets = secrets_of(&seeds);
                // The seeds' own credentials and card numbers, pasted into any field.
                let strategy = transform_params(seeds.clone(), [vocabulary(&seeds), secrets.clone()].concat());
                if let Err(e) = runner(cases).run(&strategy, |params| check_transform(method, params, &secrets)) {
                    failures.push(describe_failure(&format!("{method} {} {}", info.name, flow.as_str()), e));
                }
            }
        }
    }
    assert!(targets >= 4, "the registry lists fewer connector flows than expected: {targets}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every connector's response parser, for every flow: arbitrary status codes, headers and bodies
/// (mutated and truncated processor bodies, arbitrary JSON, arbitrary text), with a valid request.
#[test]
fn response_parsers_of_every_connector_survive_arbitrary_responses() {
    let all = vectors();
    let mut failures = Vec::new();
    let targets: usize = registry::all().iter().map(|c| c.flows().len()).sum();
    let cases = share(3072, targets, 64, 384);
    for c in registry::all() {
        let info = c.info();
        for flow in c.flows() {
            let seeds = seeds_for(&all, "transformResponse", info.name, flow.as_str());
            let bodies: Vec<String> = seeds.iter().filter_map(|s| s.pointer("/response/body")?.as_str().map(str::to_string)).collect();
            let secrets = secrets_of(&seeds);
            let vocab = [vocabulary(&seeds), secrets.clone()].concat();
            let strategy = (select(seeds.clone()), arb_response(bodies, vocab)).prop_map(|(mut params, response)| {
                params["response"] = response;
                params
            });
            if let Err(e) = runner(cases).run(&strategy, |params| check_transform("transformResponse", params, &secrets)) {
                failures.push(describe_failure(&format!("response parser {} {}", info.name, flow.as_str()), e));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every method the dispatcher registers (new ones included), through JSON-RPC: arbitrary params
/// get a typed answer, never InternalError.
#[test]
fn every_registered_method_answers_arbitrary_params_without_internal_error() {
    let io = methods::build_handler(Arc::new(AtomicBool::new(false)));
    let names: Vec<String> = io.iter().map(|(name, _)| name.clone()).collect();
    assert!(names.iter().any(|n| n == "transformRequest"), "registered methods: {names:?}");
    let all = vectors();
    let vocab = vocabulary(&all.iter().map(|v| v.params.clone()).collect::<Vec<_>>());
    let params = prop_oneof![
        Just(None),
        arb_json(vocab.clone()).prop_map(Some),
        prop::collection::vec((arb_string(vocab.clone()), arb_json(vocab)), 0..6)
            .prop_map(|kv| Some(Value::Object(kv.into_iter().collect()))),
    ];
    let strategy = (select(names), params, any::<u32>());
    let result = runner(256).run(&strategy, |(method, params, id)| {
        let mut request = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if let Some(p) = params {
            request["params"] = p;
        }
        let reply = io.handle_request_sync(&request.to_string());
        let reply: Value = serde_json::from_str(&reply.expect("a request with an id is answered")).expect("the reply is JSON");
        prop_assert_eq!(&reply["id"], &json!(id));
        if let Some(error) = reply.get("error") {
            prop_assert!(error["code"] != json!(-32603), "{method}: InternalError: {reply}");
            prop_assert!(error["message"].is_string(), "{reply}");
            prop_assert!(longest_digit_run(&error.to_string()) < 12, "{method}: an error holds a 12+ digit run: {reply}");
        } else {
            prop_assert!(reply.get("result").is_some(), "{reply}");
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// A card number pasted into any field the errors quote (connector, flow, an unknown key, the
/// amount, the currency, a key of `auth`) comes back masked, whatever the field.
#[test]
fn a_card_number_in_any_field_never_comes_back_in_an_error() {
    let base = || {
        json!({
            "connector": "stripe", "flow": "authorize", "auth": {"apiKey": "sk_test_x"},
            "request": {"merchantTransactionId": "o1", "amount": {"minorAmount": 100, "currency": "USD"},
                "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030"}}}
        })
    };
    let mut cases = Vec::new();
    for pan in PASTED_CARDS {
        let mut p = base();
        p["connector"] = json!(pan);
        cases.push(p);
        let mut p = base();
        p["flow"] = json!(pan);
        cases.push(p);
        let mut p = base();
        p["request"][pan] = json!(1);
        cases.push(p);
        let mut p = base();
        p["request"]["amount"]["currency"] = json!(pan);
        cases.push(p);
        let mut p = base();
        p["auth"] = json!({ pan: "x" });
        cases.push(p);
        let mut p = base();
        p["request"]["paymentMethod"]["card"]["expMonth"] = json!(pan);
        cases.push(p);
    }
    let mut p = base();
    p["request"]["amount"]["minorAmount"] = json!(-4242424242424242i64);
    cases.push(p);
    for params in cases {
        let e = methods::transform_request(params.clone()).expect_err("every case is invalid");
        let sent = methods::to_rpc_error(&e);
        let text = format!("{} {}", sent.message, sent.data.unwrap_or_default());
        assert!(longest_digit_run(&text) < 12, "a card number came back in clear for {params}: {text}");
    }
}

// ---------- whole streams through `serve` ----------

fn serve_bytes(input: &[u8], max_message_bytes: usize) -> Vec<u8> {
    rpc::log::init_for_tests();
    let mut out = Vec::new();
    rpc::serve(input, &mut out, &ServerConfig { max_message_bytes }).expect("serve returns Ok on a byte slice");
    out
}

/// Splits `serve`'s output into JSON values, whatever the framing of each.
fn replies(mut out: &[u8]) -> Vec<Value> {
    let mut found = Vec::new();
    while !out.is_empty() {
        if let Some(rest) = out.strip_prefix(b"Content-Length: ") {
            let end = rest.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block ends");
            let n: usize = std::str::from_utf8(&rest[..end]).unwrap().parse().unwrap();
            let body = &rest[end + 4..end + 4 + n];
            found.push(serde_json::from_slice(body).expect("a Content-Length body is JSON"));
            out = &rest[end + 4 + n..];
        } else {
            let end = out.iter().position(|&b| b == b'\n').expect("an NDJSON reply ends with a newline");
            found.push(serde_json::from_slice(&out[..end]).expect("an NDJSON reply is JSON"));
            out = &out[end + 1..];
        }
    }
    found
}

fn ping(id: &str) -> String {
    format!(r#"{{"jsonrpc":"2.0","id":"{id}","method":"ping"}}"#)
}

fn answer<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter().find(|r| r["id"] == json!(id)).unwrap_or_else(|| panic!("no answer to {id}: {all:?}"))
}

/// serde_json refuses nesting past 128 levels, so a 100,000-deep message is a parse error, not a
/// stack overflow; the next request is served.
#[test]
fn a_100k_deep_message_is_answered_with_an_error_and_serving_goes_on() {
    const DEEP: usize = 100_000;
    let arrays = "[".repeat(DEEP);
    let closed = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let objects = format!("{}1{}", r#"{"a":"#.repeat(DEEP), "}".repeat(DEEP));
    let in_params = format!(r#"{{"jsonrpc":"2.0","id":"deep","method":"transformRequest","params":{{"connector":"stripe","flow":"authorize","auth":{{}},"request":{closed}}}}}"#);
    let framed = format!("Content-Length: {}\r\n\r\n{}", closed.len(), closed);
    let input = format!(
        "{arrays}\n{}\n{closed}\n{}\n{objects}\n{}\n{in_params}\n{}\n{framed}{}\n",
        ping("p1"),
        ping("p2"),
        ping("p3"),
        ping("p4"),
        ping("p5")
    );
    let all = replies(&serve_bytes(input.as_bytes(), rpc::DEFAULT_MAX_MESSAGE_BYTES));
    assert_eq!(all.len(), 10, "{all:?}");
    let errors: Vec<_> = all.iter().filter(|r| r.get("error").is_some()).collect();
    assert_eq!(errors.len(), 5, "{errors:?}");
    for e in errors {
        assert_eq!(e["error"]["code"], json!(-32700), "{e}");
    }
    for id in ["p1", "p2", "p3", "p4", "p5"] {
        assert_eq!(answer(&all, id)["result"], json!({}), "{id}");
    }
}

/// Content-Length header blocks are bounded: a header line over 1 KiB and a block of more than 16
/// lines are refused with an error, and reading goes on with the next message.
#[test]
fn header_limits_are_enforced_and_serving_goes_on() {
    let long_line = format!("X-Padding: {}\r\nContent-Length: 2\r\n\r\n{{}}", "a".repeat(4096));
    let many_lines = format!("{}Content-Length: 2\r\n\r\n{{}}", "X-Header: 1\r\n".repeat(40));
    let stray = "Stray: header-like garbage\n";
    let input = format!("{long_line}\n{}\n{many_lines}\n{}\n{stray}{}\n", ping("a"), ping("b"), ping("c"));
    let all = replies(&serve_bytes(input.as_bytes(), 1 << 20));
    for id in ["a", "b", "c"] {
        assert_eq!(answer(&all, id)["result"], json!({}), "{id}: {all:?}");
    }
    let reasons: Vec<String> = all.iter().filter_map(|r| r["error"]["message"].as_str().map(str::to_string)).collect();
    assert!(reasons.iter().any(|m| m.contains("longer than 1024 bytes")), "{reasons:?}");
    assert!(reasons.iter().any(|m| m.contains("more than 16 header lines")), "{reasons:?}");
    assert!(reasons.iter().any(|m| m.contains("not ended by a blank line")), "{reasons:?}");
}

/// Arbitrary byte streams (garbage, header-like lines, oversize lines, requests in both framings,
/// split anywhere) never make `serve` fail or write anything but well-formed JSON-RPC replies.
#[test]
fn serve_answers_arbitrary_streams_with_well_formed_replies_only() {
    let piece = prop_oneof![
        3 => (any::<u16>(), select(vec!["ping", "listConnectors", "transformRequest", "transformResponse", "initialize", "nope"]))
            .prop_map(|(id, m)| format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{m}","params":{{}}}}"#).into_bytes()),
        2 => prop::collection::vec(any::<u8>(), 0..64),
        1 => "[A-Za-z-]{1,12}: [ -~]{0,12}\r?\n".prop_map(String::into_bytes),
        1 => (0usize..200).prop_map(|n| format!("Content-Length: {n}\r\n\r\n").into_bytes()),
        1 => (0usize..3000).prop_map(|n| vec![b'x'; n]),
        2 => select(vec![b"\n".to_vec(), b"\r\n".to_vec(), b"\r\n\r\n".to_vec(), b" ".to_vec()]),
    ];
    let stream = prop::collection::vec(piece, 0..24).prop_map(|p| p.concat());
    let result = runner(256).run(&(stream, 64usize..2048), |(input, max)| {
        let out = serve_bytes(&input, max);
        for r in replies(&out) {
            prop_assert_eq!(&r["jsonrpc"], &json!("2.0"), "{}", r);
            prop_assert!(r.get("result").is_some() != r.get("error").is_some(), "{}", r);
            prop_assert!(r["error"]["code"] != json!(-32603), "{}", r);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------- what goes into header values and URL paths (issue 14, items 3, 4 and 5) ----------

/// The transformRequest vectors of every connector and flow, with their dotted paths of string
/// leaves under `auth` and `request` that a connector may copy into a header.
fn request_vectors() -> Vec<Vector> {
    vectors().into_iter().filter(|v| v.method == "transformRequest").collect()
}

/// The header values of an HttpRequest answer that hold a character outside printable ASCII
/// (CR, LF and NUL first of all).
fn unsendable_headers(http: &Value) -> Vec<String> {
    http["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| !h["value"].as_str().unwrap_or_default().chars().all(|c| matches!(c, ' ' | '\t' | '!'..='~')))
        .map(|h| h["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The (path, value) of every string that may go into a header: each auth value, and the request's
/// idempotencyKey, merchantRefundId and every state value.
fn header_sources(params: &Value) -> Vec<(String, Vec<&'static str>)> {
    let mut out = Vec::new();
    for k in params["auth"].as_object().into_iter().flat_map(|m| m.keys()) {
        out.push((format!("/auth/{k}"), vec![]));
    }
    for k in ["idempotencyKey", "merchantRefundId"] {
        out.push((format!("/request/{k}"), vec![]));
    }
    for k in params["request"]["state"].as_object().into_iter().flat_map(|m| m.keys()) {
        out.push((format!("/request/state/{k}"), vec![]));
    }
    out
}

/// Sets the string at `pointer` (creating the leaf in an existing object) to `value`.
fn set_at(params: &mut Value, pointer: &str, value: &str) -> bool {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
    match params.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.insert(key.to_string(), json!(value));
            true
        }
        _ => false,
    }
}

/// A value that a caller's HTTP stack must never receive in a header (`suffix` added to each
/// field that may go into one) is refused with InvalidFieldValue naming that field and not
/// quoting the value, or does not reach a header at all.
fn assert_refused_or_absent_in_headers(suffixes: &[&str]) {
    let mut checked = 0;
    let mut refused = BTreeSet::new();
    for v in request_vectors() {
        for (pointer, _) in header_sources(&v.params) {
            for suffix in suffixes {
                let mut params = v.params.clone();
                let original = params.pointer(&pointer).and_then(Value::as_str).unwrap_or("k3y").to_string();
                let hostile = format!("{original}{suffix}");
                if !set_at(&mut params, &pointer, &hostile) {
                    continue;
                }
                let field = pointer.trim_start_matches('/').replace('/', ".");
                checked += 1;
                match methods::transform_request(params) {
                    Ok(http) => {
                        let bad = unsendable_headers(&http);
                        assert!(bad.is_empty(), "{} {}: {field} = {hostile:?} went into header(s) {bad:?}", v.connector, v.flow);
                    }
                    Err(e) => {
                        let sent = methods::to_rpc_error(&e);
                        let text = format!("{} {}", sent.message, sent.data.clone().unwrap_or_default());
                        assert!(!text.contains(&hostile), "{} {}: the error quotes {field}: {text}", v.connector, v.flow);
                        if e.kind == ErrorKind::InvalidFieldValue && e.field.as_deref() == Some(field.as_str()) {
                            refused.insert(format!("{} {field}", v.connector));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 100, "too few cases: {checked}");
    // The fields the issue names, each refused naming itself.
    for expected in ["stripe auth.apiKey", "adyen auth.apiKey", "stripe request.idempotencyKey", "stripe request.merchantRefundId"] {
        assert!(refused.contains(expected), "{expected} was not refused naming the field; refused: {refused:?}");
    }
}

/// Issue 14 item 3: CR, LF and NUL in any value a connector copies into a header (credentials,
/// `state.accessToken`, idempotency keys, merchantRefundId) never reach a header.
#[test]
fn cr_lf_nul_never_reach_a_header_value() {
    assert_refused_or_absent_in_headers(&["\r\nX-Injected: 1", "\n", "\r", "\0"]);
}

/// Issue 14 item 4: text fetch cannot send (above U+00FF: €, emoji, a zero-width space) or would
/// send as a raw Latin-1 byte (é) never reaches a header.
#[test]
fn non_ascii_text_never_reaches_a_header_value() {
    assert_refused_or_absent_in_headers(&["€", "😀", "\u{200b}", "é"]);
}

/// Issue 14 item 5: an id placed in a URL path can never add a dot segment or an empty segment,
/// for every connector and flow: `.`, `..` and `` are refused naming the field, or encoded away.
#[test]
fn ids_never_change_the_url_path() {
    let mut checked = 0;
    for v in request_vectors() {
        for pointer in ["/request/connectorTransactionId", "/request/connectorRefundId"] {
            if v.params.pointer(pointer).is_none() {
                continue;
            }
            for id in [".", "..", "", "%2e%2e", "a/../b"] {
                let mut params = v.params.clone();
                set_at(&mut params, pointer, id);
                checked += 1;
                match methods::transform_request(params) {
                    Ok(http) => {
                        let url = http["url"].as_str().expect("a url");
                        let path = url.split_once("://").map_or(url, |(_, rest)| rest);
                        let path = path.split(['?', '#']).next().unwrap_or_default();
                        let segments: Vec<&str> = path.split('/').skip(1).collect();
                        for s in &segments {
                            let lower = s.to_ascii_lowercase();
                            assert!(
                                !matches!(lower.as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e.") && !s.is_empty(),
                                "{} {}: id {id:?} gives the path {path}",
                                v.connector,
                                v.flow
                            );
                        }
                    }
                    // Refused (for this id or another missing field): nothing is sent.
                    Err(e) => assert!(e.kind != ErrorKind::InternalError, "{} {}: id {id:?}: {}", v.connector, v.flow, e.message),
                }
            }
        }
    }
    assert!(checked > 50, "too few cases: {checked}");
}

// ---------- values quoted in errors (issue 14, item 7) ----------

/// What leaves the process for `e`: the JSON-RPC error's message and data, as text.
fn sent_text(e: &SidecarError) -> String {
    let sent = methods::to_rpc_error(e);
    format!("{} {}", sent.message, sent.data.unwrap_or_default())
}

/// serde quotes the offending value in backticks (`integer `7391``, `unknown variant `sk_...``):
/// a CVC sent as a number, or an API key pasted into captureMethod, connector, flow, an enum of
/// the request, or as an auth field name, never comes back in an error.
#[test]
fn no_error_quotes_a_value_pasted_into_the_wrong_field() {
    const KEY: &str = "sk_live_51PastedKeyQx7";
    let base = || {
        json!({
            "connector": "stripe", "flow": "authorize", "auth": {"apiKey": KEY},
            "request": {"merchantTransactionId": "o1", "amount": {"minorAmount": 100, "currency": "USD"},
                "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030", "cvc": "7391"}}}
        })
    };
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut p = base();
    p["request"]["paymentMethod"]["card"]["cvc"] = json!(7391);
    cases.push(("a CVC sent as a number", p, "7391"));
    let mut p = base();
    p["request"]["captureMethod"] = json!(KEY);
    cases.push(("a key in captureMethod", p, KEY));
    let mut p = base();
    p["connector"] = json!(KEY);
    cases.push(("a key in connector", p, KEY));
    let mut p = base();
    p["flow"] = json!(KEY);
    cases.push(("a key in flow", p, KEY));
    let mut p = base();
    p["auth"] = json!({ KEY: "x" });
    cases.push(("a key as an auth field name", p, KEY));
    let mut p = base();
    p["request"]["amount"]["currency"] = json!({ KEY: 1 });
    cases.push(("a key as a key of a wrong-typed field", p, KEY));
    let mut p = base();
    p["request"]["paymentMethod"]["type"] = json!(KEY);
    cases.push(("a key in paymentMethod.type", p, KEY));
    for (what, params, secret) in cases {
        let e = methods::transform_request(params).expect_err(what);
        let text = sent_text(&e);
        assert!(!text.contains(secret), "{what}: the error quotes it: {text}");
        assert!(e.field.is_some(), "{what}: no field named: {text}");
    }
}

/// The 1006 excerpt of a processor's body never carries a credential: not whole, not a prefix
/// cut at the excerpt's end, not upper-cased.
#[test]
fn the_1006_excerpt_never_carries_a_credential() {
    const KEY: &str = "sk_test_51EchoedCredentialAbc";
    for body in [
        format!("<html>{}{KEY} and more</html>", "x".repeat(190)),
        format!("<html>proxy refused {}</html>", KEY.to_uppercase()),
        format!("<html>{}{}</html>", "y".repeat(180), KEY.to_uppercase()),
    ] {
        let params = json!({
            "connector": "stripe", "flow": "psync", "auth": {"apiKey": KEY},
            "request": {"connectorTransactionId": "pi_1"},
            "response": {"status": 502, "body": body}
        });
        let e = methods::transform_response(params).expect_err("HTML is not a Stripe answer");
        let text = sent_text(&e).to_lowercase();
        let key = KEY.to_lowercase();
        for n in 8..=key.len() {
            assert!(!text.contains(&key[..n]), "a {n}-character prefix of the key is in {text}");
        }
    }
}

// ---------- oversize messages (issue 14, item 1) ----------

/// A message over the limit is answered with its own id (read from its head), in its own framing,
/// at once, and the messages after it are served; a Content-Length of 2^64-1 is answered before
/// its body is waited for.
#[test]
fn an_oversize_message_is_answered_with_its_id() {
    let big = |id: &str| format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"transformResponse","params":{{"body":"{}"}}}}"#, "x".repeat(5000));
    let framed = big("7");
    let input = format!(
        "{}\n{}\nContent-Length: {}\r\n\r\n{framed}{}\n",
        big("\"nd-1\""),
        ping("after-ndjson"),
        framed.len(),
        ping("after-framed")
    );
    let out = serve_bytes(input.as_bytes(), 1000);
    let all = replies(&out);
    assert_eq!(answer(&all, "nd-1")["error"]["data"]["kind"], json!("MessageTooLarge"), "{all:?}");
    let seven = all.iter().find(|r| r["id"] == json!(7)).unwrap_or_else(|| panic!("no answer to id 7: {all:?}"));
    assert_eq!(seven["error"]["code"], json!(-32600));
    for id in ["after-ndjson", "after-framed"] {
        assert_eq!(answer(&all, id)["result"], json!({}), "{id}");
    }
    assert!(String::from_utf8_lossy(&out).starts_with("{"), "an NDJSON message is answered in NDJSON");

    // 2^64-1 declared, a few bytes sent: the answer comes before EOF.
    let huge = format!("Content-Length: 18446744073709551615\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":\"huge\",\"method\":\"ping\"");
    let all = replies(&serve_bytes(huge.as_bytes(), 1000));
    assert_eq!(answer(&all, "huge")["error"]["data"]["kind"], json!("MessageTooLarge"), "{all:?}");
}

/// Issue 14 item 8: an NDJSON client's framing errors are answered in NDJSON.
#[test]
fn an_ndjson_clients_framing_errors_are_answered_in_ndjson() {
    let input = format!("{}\nStray: header-like\n{}\nX-A: 1\r\nContent-Length: nope\r\n\r\n{}\n", ping("n1"), ping("n2"), ping("n3"));
    let out = serve_bytes(input.as_bytes(), 1 << 20);
    let text = String::from_utf8_lossy(&out);
    assert!(!text.lines().any(|l| l.starts_with("Content-Length:")), "{text}");
    let all = replies(&out);
    for id in ["n1", "n2", "n3"] {
        assert_eq!(answer(&all, id)["result"], json!({}), "{id}: {all:?}");
    }
    assert_eq!(all.iter().filter(|r| r.get("error").is_some()).count(), 2, "{all:?}");
}

/// Issue 14 item 8: `options.baseUrl` is an http(s) URL of printable ASCII without `?` or `#`.
#[test]
fn a_base_url_cannot_change_the_request_beyond_scheme_host_and_path() {
    for bad in ["https://h.test/#", "https://h.test/?x=", "https://h.test/\r\nX: 1", "file:///etc/passwd", "javascript:alert(1)", "https://h.test/ a", "https://h.tést/", ""] {
        let params = json!({"connector": "stripe", "flow": "psync", "auth": {"apiKey": "sk_test_x"},
            "request": {"connectorTransactionId": "pi_1"}, "options": {"baseUrl": bad}});
        let e = methods::transform_request(params).expect_err(bad);
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("options.baseUrl")), "{bad:?}: {}", e.message);
    }
    let ok = json!({"connector": "stripe", "flow": "psync", "auth": {"apiKey": "sk_test_x"},
        "request": {"connectorTransactionId": "pi_1"}, "options": {"baseUrl": "http://127.0.0.1:8080/stripe/"}});
    let http = methods::transform_request(ok).unwrap();
    assert!(http["url"].as_str().unwrap().starts_with("http://127.0.0.1:8080/stripe/v1/"), "{http}");
}
