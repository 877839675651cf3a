//! Runs the shared vectors in `test/vectors/` (the mocha suite runs the same files through the
//! real binary), so the Rust and TypeScript sides cannot drift apart.

use crate::rpc::methods::{parse_webhook, transform_request, transform_response};
use serde_json::Value;
use std::path::Path;

/// `expected` must equal `actual`, except that an expected object only constrains the keys it has
/// under an `error.data` (the error data may carry extra context).
fn check(path: &str, expected: &Value, actual: &Value, failures: &mut Vec<String>, loose: bool) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let sub = format!("{path}.{k}");
                match a.get(k) {
                    Some(av) => check(&sub, ev, av, failures, loose || k == "data"),
                    None => failures.push(format!("{sub}: missing (expected {ev})")),
                }
            }
            if !loose {
                for k in a.keys().filter(|k| !e.contains_key(*k)) {
                    failures.push(format!("{path}.{k}: unexpected (got {})", a[k]));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                check(&format!("{path}[{i}]"), ev, av, failures, loose);
            }
        }
        _ if expected == actual => {}
        _ => failures.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

#[test]
fn shared_vectors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors");
    let files = crate::bench::json_files_under(&root);
    assert!(!files.is_empty(), "no vectors found under {}", root.display());
    let mut failures = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        let params = v["params"].clone();
        let outcome = match v["method"].as_str() {
            Some("transformRequest") => transform_request(params),
            Some("transformResponse") => transform_response(params),
            Some("parseWebhook") => parse_webhook(params),
            other => panic!("{name}: unknown method {other:?}"),
        };
        let mut problems = Vec::new();
        match (outcome, v.get("result"), v.get("error")) {
            (Ok(actual), Some(expected), None) => check("result", expected, &actual, &mut problems, false),
            (Err(e), None, Some(expected)) => {
                let actual = serde_json::json!({ "code": e.kind.code(), "data": e.to_data() });
                check("error", expected, &actual, &mut problems, false);
            }
            (Ok(actual), _, Some(_)) => problems.push(format!("expected an error, got {actual}")),
            (Err(e), Some(_), _) => problems.push(format!("expected a result, got error {}", e.message)),
            _ => problems.push("vector needs exactly one of `result` or `error`".into()),
        }
        for p in problems {
            failures.push(format!("{name}: {p}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    eprintln!("shared vectors: {} passed", files.len());
}
