//! Where the Rust tests find the processors' own specs and samples: `oracles/` at the repository
//! root (vendored with their licences and sources, see `oracles/README.md`), or `ORACLES_DIR`
//! (a path relative to the repository root, or absolute) to test against another copy.
//! The mocha side has the same single lookup in `test/oracles/openapi.ts`.
//!
//! An oracle that is not there is a failure, never a silent pass: every function here panics with
//! the path it looked at.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The oracles folder: `$ORACLES_DIR` if set, else `<repository>/oracles`.
pub fn dir() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("ORACLES_DIR") {
        Some(d) => repo.join(d),
        None => repo.join("oracles"),
    }
}

/// A file or folder inside the oracles folder, e.g. `path("adyen/mocks/checkout")`; panics when
/// it does not exist.
pub fn path(relative: &str) -> PathBuf {
    let p = dir().join(relative);
    if !p.exists() {
        let why = match std::env::var_os("ORACLES_DIR") {
            Some(d) => format!("ORACLES_DIR={}", d.to_string_lossy()),
            None => "the repository vendors it under oracles/".to_string(),
        };
        panic!("oracle {relative} not found at {} ({why})", p.display());
    }
    p
}

/// A JSON oracle file, parsed; panics naming the file when it is missing or not JSON.
pub fn json(relative: &str) -> Value {
    let p = path(relative);
    let text =
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("oracle {}: {e}", p.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("oracle {} is not JSON: {e}", p.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_vendored_oracles_are_in_the_repository() {
        // Without ORACLES_DIR, the lookup must land in the repository itself (a clean clone).
        if std::env::var_os("ORACLES_DIR").is_none() {
            assert!(super::dir().ends_with("oracles"));
        }
        for f in [
            "stripe/LICENSE",
            "adyen/LICENSE",
            "paypal/LICENSE",
            "square/LICENSE.txt",
            "checkout/LICENSE",
        ] {
            super::path(f);
        }
    }

    #[test]
    #[should_panic(expected = "oracle no-such/file.json not found")]
    fn a_missing_oracle_fails_naming_it() {
        super::json("no-such/file.json");
    }
}
