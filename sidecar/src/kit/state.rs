//! What connectors remember in the unified `state` between calls. The sidecar keeps nothing
//! between calls, so a fact a later flow needs travels through the caller: authorize returns it in
//! the result's `state`, the caller passes that `state` back on psync.

use crate::protocol::{CaptureMethod, ConnectorState};

/// The key that remembers the capture mode between authorize and psync (processors whose
/// `Authorised` means "held" under manual capture and "will be captured" under automatic).
pub const STATE_CAPTURE_METHOD: &str = "captureMethod";

fn capture_method_name(c: CaptureMethod) -> &'static str {
    match c {
        CaptureMethod::Automatic => "automatic",
        CaptureMethod::Manual => "manual",
    }
}

/// The `state` that remembers `capture`.
pub fn capture_state(capture: CaptureMethod) -> ConnectorState {
    ConnectorState::from([(STATE_CAPTURE_METHOD.to_string(), capture_method_name(capture).to_string())])
}

/// Whether the caller passed a remembered capture mode.
pub fn remembers_capture(state: Option<&ConnectorState>) -> bool {
    state.is_some_and(|s| s.contains_key(STATE_CAPTURE_METHOD))
}

/// The capture mode to read an authorized status with: what authorize left in `state`. Without it
/// the mode is unknown and the status reads `authorized`: it under-claims (the money may already
/// be captured) rather than report a capture a manual-capture merchant never made.
pub fn remembered_capture(state: Option<&ConnectorState>) -> CaptureMethod {
    match state.and_then(|s| s.get(STATE_CAPTURE_METHOD)).map(String::as_str) {
        Some("automatic") => CaptureMethod::Automatic,
        _ => CaptureMethod::Manual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_mode_round_trips_and_defaults_to_manual() {
        for c in [CaptureMethod::Automatic, CaptureMethod::Manual] {
            let s = capture_state(c);
            assert!(remembers_capture(Some(&s)));
            assert_eq!(remembered_capture(Some(&s)), c);
        }
        assert!(!remembers_capture(None));
        assert_eq!(remembered_capture(None), CaptureMethod::Manual);
    }
}
