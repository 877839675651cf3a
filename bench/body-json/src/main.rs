//! The sidecar's params decoding of one transformResponse message, the processor's body as an
//! escaped JSON string (today) against the same body as a raw JSON value (`response.bodyJson`),
//! each read (a) the way the sidecar reads params today, through a serde_json `Value` tree, and
//! (b) typed straight from the message text. CPU µs per message, median of 9 batches. What the
//! connector then does with the body text is the same in every case and is left out.
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::hint::black_box;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct Resp {
    status: u16,
    #[serde(default)]
    headers: Value,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_json: Option<Box<RawValue>>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Params {
    connector: String,
    flow: String,
    auth: Value,
    request: Value,
    response: Resp,
    #[serde(default)]
    options: Value,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct Envelope<'a> {
    jsonrpc: String,
    method: String,
    #[serde(borrow)]
    params: &'a RawValue,
    id: Value,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct EnvelopeV {
    jsonrpc: String,
    method: String,
    params: Value,
    id: Value,
}

fn cpu_ns() -> u64 {
    #[repr(C)]
    struct Ts { s: i64, n: i64 }
    extern "C" { fn clock_gettime(c: i32, t: *mut Ts) -> i32; }
    let mut t = Ts { s: 0, n: 0 };
    // SAFETY: clock_gettime writes only the Ts on this stack frame. 3 = CLOCK_THREAD_CPUTIME_ID (Linux).
    unsafe { clock_gettime(3, &mut t) };
    t.s as u64 * 1_000_000_000 + t.n as u64
}
fn time(name: &str, mut f: impl FnMut()) {
    for _ in 0..2000 { f(); }
    let mut v: Vec<f64> = (0..9).map(|_| { let t = cpu_ns(); for _ in 0..5000 { f(); } (cpu_ns() - t) as f64 / 5000.0 / 1000.0 }).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    println!("{name:60} {:.2} µs", v[4]);
}

fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let vector: Value = serde_json::from_str(&text).unwrap();
    let params = vector["params"].clone();
    let body = params["response"]["body"].as_str().unwrap().to_string();
    let msg_string = serde_json::json!({"jsonrpc":"2.0","id":1,"method":"transformResponse","params":params}).to_string();
    let mut pj = params.clone();
    let body_value: Value = serde_json::from_str(&body).unwrap();
    pj["response"].as_object_mut().unwrap().remove("body");
    pj["response"]["bodyJson"] = body_value.clone();
    // bodyJson carrying the body's own text (whitespace and key order as the processor sent them)
    let msg_json = {
        let m = serde_json::json!({"jsonrpc":"2.0","id":1,"method":"transformResponse","params":pj}).to_string();
        let compact = body_value.to_string();
        m.replace(&compact, &body)
    };
    println!("message bytes: string form {}, bodyJson form {}", msg_string.len(), msg_json.len());
    time("today: message -> Value envelope -> typed params (from Value)", || {
        let e: EnvelopeV = serde_json::from_str(black_box(&msg_string)).unwrap();
        let p: Params = serde_json::from_value(e.params).unwrap();
        black_box(p.response.body.unwrap());
    });
    time("bodyJson via Value: message -> Value -> typed (raw re-serialized)", || {
        let e: EnvelopeV = serde_json::from_str(black_box(&msg_json)).unwrap();
        let p: Params = serde_json::from_value(e.params).unwrap();
        black_box(p.response.body_json.unwrap().get().to_string());
    });
    time("string form, typed straight from text (RawValue params)", || {
        let e: Envelope = serde_json::from_str(black_box(&msg_string)).unwrap();
        let p: Params = serde_json::from_str(e.params.get()).unwrap();
        black_box(p.response.body.unwrap());
    });
    time("bodyJson, typed straight from text (RawValue params + body)", || {
        let e: Envelope = serde_json::from_str(black_box(&msg_json)).unwrap();
        let p: Params = serde_json::from_str(e.params.get()).unwrap();
        black_box(p.response.body_json.unwrap().get().to_string());
    });
    time("(for scale) parse the body text into a Value", || {
        black_box(serde_json::from_str::<Value>(black_box(&body)).unwrap());
    });
    let escaped = serde_json::to_string(&body).unwrap();
    time("(for scale) unescape the body: from_str::<String> of its JSON string", || {
        black_box(serde_json::from_str::<String>(black_box(&escaped)).unwrap());
    });
}
