//! `connector-sidecar bench VECTORS_DIR [--millis N] [--only PATH]`: the in-process half of `npm run bench`.
//! Hidden from `--help`: it is a measuring tool, not part of the protocol.
//!
//! For every shared vector it times, without any pipe:
//! - `transform`: params JSON text → the method function → result JSON text (what an in-process
//!   FFI binding would pay: the transform plus JSON on both sides);
//! - `dispatch`: one whole JSON-RPC message → the reply text, through the same dispatch the server
//!   loop uses (envelope parsing, jsonrpc-core, error mapping, reply serialization);
//! - `stockDispatch`: the same through jsonrpc-core's own `handle_request_sync`, for comparison;
//! - `treeDispatch`: `dispatch` with every call's params read into a `Value` tree first, as before
//!   the transforms' text path: beside `dispatch`, the before and after of one run;
//! - `splicedDispatch`: for a transformResponse whose body the Node client sends spliced in
//!   (`response.bodyJson`: a JSON object or array of 512 characters or more), `dispatch` of that
//!   message, the one the client writes by default (0 for the other vectors).
//!
//! Time is this thread's CPU time where the OS gives it (Linux), so other processes competing for
//! the cores (a shared 2-core machine) do not inflate the figures; each figure is also the median
//! of several batch means. Prints one JSON array on stdout. `--only dispatch` (or `transform`,
//! `stockDispatch`, `treeDispatch`, `splicedDispatch`) times that path alone (the others print 0): for `perf record`,
//! so a profile holds one path.

use crate::rpc;
use serde_json::{json, Value};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCHES: usize = 11;
const PATHS: [&str; 5] = ["transform", "dispatch", "stockDispatch", "treeDispatch", "splicedDispatch"];

pub fn main(args: impl Iterator<Item = String>) -> Result<(), String> {
    let mut dir: Option<PathBuf> = None;
    let mut millis: u64 = 100;
    let mut only: Option<String> = None;
    let mut args = args;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--millis" => millis = args.next().and_then(|v| v.parse().ok()).ok_or("--millis needs a number")?,
            "--only" => {
                let path = args.next().ok_or_else(|| format!("--only needs a path: {}", PATHS.join(", ")))?;
                if !PATHS.contains(&path.as_str()) {
                    return Err(format!("--only: unknown path `{path}` ({})", PATHS.join(", ")));
                }
                only = Some(path);
            }
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let dir = dir.ok_or("usage: connector-sidecar bench VECTORS_DIR [--millis N]")?;
    let files = json_files_under(&dir);
    if files.is_empty() {
        return Err(format!("no vectors under {}", dir.display()));
    }
    let handler = rpc::methods::build_handler(Arc::new(AtomicBool::new(false)));
    let per_path = Duration::from_millis(millis);
    let timed = |path: &str, op: &mut dyn FnMut()| -> f64 {
        if only.as_deref().is_some_and(|o| o != path) {
            return 0.0;
        }
        time_per_op(per_path, op)
    };
    let mut rows = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&dir).unwrap_or(file).display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
        let vector: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: not JSON: {e}"))?;
        let method = vector["method"].as_str().ok_or(format!("{name}: no method"))?.to_string();
        let transform: fn(Value) -> Result<Value, crate::protocol::SidecarError> = match method.as_str() {
            "transformRequest" => rpc::methods::transform_request,
            "transformResponse" => rpc::methods::transform_response,
            "parseWebhook" => rpc::methods::parse_webhook,
            other => return Err(format!("{name}: no in-process entry for method {other}; add it to bench.rs")),
        };
        let params_text = vector["params"].to_string();
        let message = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": vector["params"]}).to_string();

        let outcome = transform(vector["params"].clone());
        let ok = outcome.is_ok();
        let transform_ns = timed("transform", &mut || {
            let params: Value = serde_json::from_str(black_box(&params_text)).expect("vector params are JSON");
            let text = match transform(params) {
                Ok(v) => serde_json::to_string(&v).expect("results serialize"),
                Err(e) => e.message,
            };
            black_box(text);
        });
        let dispatch_ns = timed("dispatch", &mut || {
            black_box(rpc::dispatch(&handler, black_box(&message)));
        });
        let stock_dispatch_ns = timed("stockDispatch", &mut || {
            black_box(handler.handle_request_sync(black_box(&message)));
        });
        // Before and after the transforms' text path, one right after the other.
        let tree_dispatch_ns = timed("treeDispatch", &mut || {
            black_box(rpc::dispatch_through_tree(&handler, black_box(&message)));
        });
        let spliced = spliced_message(&method, &vector["params"]);
        // What is timed must be the same call: a spliced message the sidecar refused would time a refusal.
        if let Some(text) = &spliced {
            if rpc::dispatch(&handler, text) != rpc::dispatch(&handler, &message) {
                return Err(format!("{name}: the spliced message is not answered as the string body is"));
            }
        }
        let spliced_dispatch_ns = match &spliced {
            Some(text) => timed("splicedDispatch", &mut || {
                black_box(rpc::dispatch(&handler, black_box(text)));
            }),
            None => 0.0,
        };
        rows.push(json!({
            "vector": name,
            "connector": vector["params"]["connector"],
            "flow": vector["params"]["flow"],
            "method": method,
            "ok": ok,
            "messageBytes": message.len(),
            "transformNs": transform_ns,
            "dispatchNs": dispatch_ns,
            "stockDispatchNs": stock_dispatch_ns,
            "treeDispatchNs": tree_dispatch_ns,
            "splicedDispatchNs": spliced_dispatch_ns,
            "splicedMessageBytes": spliced.as_ref().map_or(0, String::len),
        }));
    }
    println!("{}", Value::Array(rows));
    Ok(())
}

/// The message the Node client writes for a transformResponse whose body it splices in
/// (client/connection.ts `splicedBody`, `splicedMessage`): `response` last in the params,
/// `bodyJsonBytes` then `bodyJson` last in it, the body's text verbatim. None where the client
/// sends the body as a string.
fn spliced_message(method: &str, params: &Value) -> Option<String> {
    if method != "transformResponse" {
        return None;
    }
    let body = params["response"]["body"].as_str()?;
    let shaped = (body.starts_with('{') && body.ends_with('}')) || (body.starts_with('[') && body.ends_with(']'));
    if body.encode_utf16().count() < 512 || !shaped || params["response"].get("encoding").is_some_and(|e| e == "base64") {
        return None;
    }
    let mut rest = params.as_object()?.clone();
    let mut response = rest.remove("response")?.as_object()?.clone();
    response.remove("body");
    let head = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": Value::Object(rest)}).to_string();
    let response = Value::Object(response).to_string();
    // `{...,"params":{...}}` → `{...,"params":{...,"response":{...,"bodyJsonBytes":N,"bodyJson":BODY}}}`:
    // the length last in response, right before the body, as the client writes it.
    let params_open = &head[..head.len() - 2];
    let sep = if params_open.ends_with('{') { "" } else { "," };
    let response_open = &response[..response.len() - 1];
    let response_sep = if response_open.ends_with('{') { "" } else { "," };
    Some(format!(r#"{params_open}{sep}"response":{response_open}{response_sep}"bodyJsonBytes":{},"bodyJson":{body}}}}}}}"#, body.len()))
}

/// Mean ns per call of `op`: warm up, size a batch to a fraction of `budget`, then the median
/// of BATCHES batch means.
fn time_per_op(budget: Duration, op: &mut dyn FnMut()) -> f64 {
    let warm = Instant::now();
    let warm_cpu = thread_cpu_ns();
    let mut calls = 0u64;
    while warm.elapsed() < budget / 10 || calls < 10 {
        op();
        calls += 1;
    }
    let per_call = (thread_cpu_ns() - warm_cpu).max(1) as f64 / 1e9 / calls as f64;
    let batch = ((budget.as_secs_f64() / BATCHES as f64 / per_call) as u64).max(1);
    let mut means: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let t = thread_cpu_ns();
            for _ in 0..batch {
                op();
            }
            (thread_cpu_ns() - t) as f64 / batch as f64
        })
        .collect();
    means.sort_by(|a, b| a.total_cmp(b));
    means[BATCHES / 2]
}

/// This thread's CPU time in ns (Linux: CLOCK_THREAD_CPUTIME_ID), else wall-clock time.
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> u64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the Timespec it is given, which lives on this stack frame.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Every `.json` file under `dir`, sorted: the shared vectors, for this bench and for the tests
/// that replay them (vectors_test, hostile_input_test).
pub fn json_files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files
}
