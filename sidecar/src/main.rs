//! connector-sidecar: pure payment-processor transforms served as JSON-RPC 2.0 on stdin/stdout.

mod bench;
mod connectors;
mod kit;
mod protocol;
mod registry;
mod rpc;
#[cfg(test)]
mod hostile_input_test;
#[cfg(test)]
mod oracles;
#[cfg(test)]
mod vectors_test;

use std::io;
use std::time::Duration;

/// How often the parent-watch thread checks that the process that started us is still there.
const PARENT_POLL: Duration = Duration::from_millis(200);

const HELP: &str = "connector-sidecar: JSON-RPC 2.0 on stdin/stdout (Content-Length or NDJSON framing)

USAGE: connector-sidecar [--max-message-bytes N]
       connector-sidecar --version | --help

Environment: CONNECTOR_SIDECAR_LOG=off|error|warn|info|debug|trace (stderr only; default warn)
Try:   echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"listConnectors\"}' | connector-sidecar";

fn main() {
    let mut config = rpc::ServerConfig { max_message_bytes: rpc::DEFAULT_MAX_MESSAGE_BYTES };
    let mut args = std::env::args().skip(1).peekable();
    // Hidden: the in-process half of `npm run bench` (see bench.rs).
    if args.peek().map(String::as_str) == Some("bench") {
        args.next();
        if let Err(e) = bench::main(args) {
            eprintln!("connector-sidecar bench: {e}");
            std::process::exit(2);
        }
        return;
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--version" | "-V" => {
                println!("connector-sidecar {} (protocol {})", env!("CARGO_PKG_VERSION"), protocol::PROTOCOL_VERSION);
                return;
            }
            "--help" | "-h" => {
                println!("{HELP}");
                return;
            }
            "--max-message-bytes" => {
                config.max_message_bytes = match args.next().and_then(|v| v.parse().ok()) {
                    Some(n) => n,
                    None => {
                        eprintln!("--max-message-bytes needs a number of bytes");
                        std::process::exit(2);
                    }
                }
            }
            other => {
                eprintln!("unknown argument `{other}`\n\n{HELP}");
                std::process::exit(2);
            }
        }
    }
    rpc::log::init(std::env::var("CONNECTOR_SIDECAR_LOG").ok().as_deref());
    exit_when_parent_dies();
    // The default hook prints the panic message, which could quote request data; say where only.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("connector-sidecar ERROR panic at {at} (caught; message withheld: it may hold request data)");
    }));
    if let Err(e) = rpc::serve(io::stdin(), io::stdout(), &config) {
        // A closed stdout (the parent went away) is a normal end, not a crash.
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("connector-sidecar ERROR i/o: {e}");
            std::process::exit(1);
        }
    }
}

/// A sidecar must never outlive the process that started it. Usually stdin reaches EOF when the
/// parent dies, even by SIGKILL, and `serve` returns; but not when another process still holds the
/// write end of our stdin (a shell pipeline, a child the parent forked), nor while a method is stuck
/// and the reader never looks. So a thread watches the parent pid: when we are re-parented (to init
/// or a subreaper), the parent is gone and we exit at once.
fn exit_when_parent_dies() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        let spawned = std::thread::Builder::new().name("parent-watch".into()).spawn(move || loop {
            std::thread::sleep(PARENT_POLL);
            if std::os::unix::process::parent_id() != parent {
                ::log::warn!(target: "sidecar", "the parent process (pid {parent}) is gone; exiting");
                std::process::exit(0);
            }
        });
        if spawned.is_err() {
            eprintln!("connector-sidecar WARN could not start the parent-watch thread; relying on stdin EOF alone");
        }
    }
}
