//! The stdio JSON-RPC server: framing (Content-Length and NDJSON), one reader loop, one writer,
//! a plain dispatch table on jsonrpc-core's IoHandler.

pub mod framing;
pub mod log;
pub mod methods;

use framing::{FrameReader, Framing, Incoming};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use jsonrpc_core::IoHandler;

pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

pub struct ServerConfig {
    pub max_message_bytes: usize,
}

/// Serves JSON-RPC until stdin closes or `shutdown` is answered. Returns once output is flushed.
pub fn serve<R: Read, W: Write>(input: R, output: W, config: &ServerConfig) -> io::Result<()> {
    let shutdown = Arc::new(AtomicBool::new(false));
    let handler = methods::build_handler(shutdown.clone());
    let mut reader = FrameReader::new(BufReader::with_capacity(64 * 1024, input), config.max_message_bytes);
    let mut out = BufWriter::with_capacity(64 * 1024, output);
    loop {
        // Flush only when no further request is already buffered: pipelined calls are answered
        // in one write, a lone call is answered at once.
        if !reader.has_buffered_input() {
            out.flush()?;
        }
        match reader.next_message()? {
            Incoming::Eof => break,
            Incoming::Message { framing, body } => {
                let reply = match std::str::from_utf8(&body) {
                    Ok(text) => dispatch(&handler, text),
                    Err(_) => Some(error_reply(-32700, "Parse error: message is not valid UTF-8", "ParseError")),
                };
                if let Some(reply) = reply {
                    framing::write_frame(&mut out, framing, reply.as_bytes())?;
                }
                if shutdown.load(Ordering::SeqCst) {
                    break;
                }
            }
            Incoming::Oversize { framing, size } => {
                ::log::warn!(target: "sidecar", "skipped a message of {size} bytes (limit {})", config.max_message_bytes);
                let msg = format!(
                    "message of {size} bytes exceeds the limit of {} bytes; it was skipped",
                    config.max_message_bytes
                );
                framing::write_frame(&mut out, framing, error_reply(-32600, &msg, "MessageTooLarge").as_bytes())?;
            }
            Incoming::BadHeader { reason } => {
                framing::write_frame(&mut out, Framing::ContentLength, error_reply(-32600, &reason, "InvalidRequest").as_bytes())?;
            }
        }
    }
    out.flush()
}

/// Answers one message body (a JSON-RPC request, notification or batch); None for notifications.
pub fn dispatch(handler: &IoHandler, text: &str) -> Option<String> {
    handler.handle_request_sync(text)
}

fn error_reply(code: i64, message: &str, kind: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message, "data": { "kind": kind } }
    })
    .to_string()
}
