//! A stderr logger. stdout is the protocol channel, so nothing else may write there.
//! jsonrpc-core logs whole requests (card numbers, keys) at debug/trace under target `rpc`;
//! this logger drops every record from that crate, whatever the level.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct StderrLogger {
    level: LevelFilter,
}

fn from_library_that_logs_payloads(target: &str) -> bool {
    target == "rpc" || target.starts_with("rpc::") || target.starts_with("jsonrpc")
}

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= self.level && !from_library_that_logs_payloads(metadata.target())
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        };
        let _ = writeln!(std::io::stderr().lock(), "connector-sidecar {level} {}", record.args());
    }

    fn flush(&self) {}
}

/// Installs the logger at the level of `CONNECTOR_SIDECAR_LOG` (off, error, warn, info, debug,
/// trace; default warn).
pub fn init(level_name: Option<&str>) {
    let level = match level_name.map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("off") => LevelFilter::Off,
        Some("error") => LevelFilter::Error,
        Some("info") => LevelFilter::Info,
        Some("debug") => LevelFilter::Debug,
        Some("trace") => LevelFilter::Trace,
        _ => LevelFilter::Warn,
    };
    let logger = Box::leak(Box::new(StderrLogger { level }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(level);
    }
}

/// Tests log like the binary when CONNECTOR_SIDECAR_LOG is set: the secret scan
/// (`npm run test:secrets`) runs `cargo test` at trace and scans what comes out.
#[cfg(test)]
pub fn init_for_tests() {
    if let Ok(level) = std::env::var("CONNECTOR_SIDECAR_LOG") {
        init(Some(&level));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_logging_targets_are_always_dropped() {
        let logger = StderrLogger { level: LevelFilter::Trace };
        let rpc = Metadata::builder().level(Level::Debug).target("rpc").build();
        let ours = Metadata::builder().level(Level::Debug).target("sidecar").build();
        assert!(!logger.enabled(&rpc));
        assert!(logger.enabled(&ours));
    }
}
