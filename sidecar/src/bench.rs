//! `connector-sidecar bench VECTORS_DIR [--millis N]`: the in-process half of `npm run bench`.
//! Hidden from `--help`: it is a measuring tool, not part of the protocol.
//!
//! For every shared vector it times, without any pipe:
//! - `transform`: params JSON text → the method function → result JSON text (what an in-process
//!   FFI binding would pay: the transform plus JSON on both sides);
//! - `dispatch`: one whole JSON-RPC message → the reply text, through the same dispatch the server
//!   loop uses (envelope parsing, jsonrpc-core, error mapping, reply serialization).
//!
//! Each figure is the median of several batch means, so a neighbour stealing the CPU for a moment
//! skews one batch, not the result. Prints one JSON array on stdout.

use crate::rpc;
use serde_json::{json, Value};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

const BATCHES: usize = 11;

pub fn main(args: impl Iterator<Item = String>) -> Result<(), String> {
    let mut dir: Option<PathBuf> = None;
    let mut millis: u64 = 100;
    let mut args = args;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--millis" => millis = args.next().and_then(|v| v.parse().ok()).ok_or("--millis needs a number")?,
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let dir = dir.ok_or("usage: connector-sidecar bench VECTORS_DIR [--millis N]")?;
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    if files.is_empty() {
        return Err(format!("no vectors under {}", dir.display()));
    }
    let handler = rpc::methods::build_handler(Arc::new(AtomicBool::new(false)));
    let per_path = Duration::from_millis(millis);
    let mut rows = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&dir).unwrap_or(file).display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
        let vector: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: not JSON: {e}"))?;
        let method = vector["method"].as_str().ok_or(format!("{name}: no method"))?.to_string();
        let transform: fn(Value) -> Result<Value, crate::protocol::SidecarError> = match method.as_str() {
            "transformRequest" => rpc::methods::transform_request,
            "transformResponse" => rpc::methods::transform_response,
            other => return Err(format!("{name}: unknown method {other}")),
        };
        let params_text = vector["params"].to_string();
        let message = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": vector["params"]}).to_string();

        let outcome = transform(vector["params"].clone());
        let ok = outcome.is_ok();
        let transform_ns = time_per_op(per_path, || {
            let params: Value = serde_json::from_str(black_box(&params_text)).expect("vector params are JSON");
            let text = match transform(params) {
                Ok(v) => serde_json::to_string(&v).expect("results serialize"),
                Err(e) => e.message,
            };
            black_box(text);
        });
        let dispatch_ns = time_per_op(per_path, || {
            black_box(rpc::dispatch(&handler, black_box(&message)));
        });
        rows.push(json!({
            "vector": name,
            "connector": vector["params"]["connector"],
            "flow": vector["params"]["flow"],
            "method": method,
            "ok": ok,
            "messageBytes": message.len(),
            "transformNs": transform_ns,
            "dispatchNs": dispatch_ns,
        }));
    }
    println!("{}", Value::Array(rows));
    Ok(())
}

/// Mean ns per call of `op`: warm up, size a batch to a fraction of `budget`, then the median
/// of BATCHES batch means.
fn time_per_op(budget: Duration, mut op: impl FnMut()) -> f64 {
    let warm = Instant::now();
    let mut calls = 0u64;
    while warm.elapsed() < budget / 10 || calls < 10 {
        op();
        calls += 1;
    }
    let per_call = warm.elapsed().as_secs_f64() / calls as f64;
    let batch = ((budget.as_secs_f64() / BATCHES as f64 / per_call) as u64).max(1);
    let mut means: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                op();
            }
            t.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    means.sort_by(|a, b| a.total_cmp(b));
    means[BATCHES / 2]
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}
