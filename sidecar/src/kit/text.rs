//! Text fields: "blank means absent", one rule for every connector, and the IP address check.

use crate::protocol::SidecarError;

/// "Blank means absent": the text trimmed, or None when it is missing or white space only.
/// Every connector reads optional text of the unified request, and of a processor's answer,
/// with this one rule.
pub fn present(s: &Option<String>) -> Option<&str> {
    present_str(s.as_deref())
}

/// [`present`] of a borrowed `Option<&str>`.
pub fn present_str(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// [`present`], owned: for a field of the processor's request or of a unified result.
pub fn present_owned(s: &Option<String>) -> Option<String> {
    present(s).map(str::to_string)
}

/// Refuses a value that is not an IPv4 or IPv6 address, naming `field` (the unified request's
/// field); `target` says where the processor takes it ("Braintree's riskData.customerIp"). An
/// absent value passes: whether one is required is the caller's rule.
pub fn check_ip_address(value: Option<&str>, field: &str, target: &str) -> Result<(), SidecarError> {
    match value {
        Some(ip) if ip.parse::<std::net::IpAddr>().is_err() => {
            Err(SidecarError::invalid_field(field, format!("{target} takes an IPv4 or IPv6 address")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_absent_and_text_is_trimmed() {
        assert_eq!(present(&None), None);
        for blank in ["", " ", "\t\n "] {
            assert_eq!(present(&Some(blank.to_string())), None, "{blank:?}");
        }
        assert_eq!(present(&Some("  Jane Doe ".to_string())), Some("Jane Doe"));
        assert_eq!(present_owned(&Some(" x".to_string())), Some("x".to_string()));
        assert_eq!(present_str(Some(" \t")), None);
    }

    #[test]
    fn ip_addresses_are_v4_or_v6() {
        for ip in ["203.0.113.7", "2001:db8::7", "::1"] {
            assert!(check_ip_address(Some(ip), "request.browserInfo.ipAddress", "X's ip").is_ok(), "{ip}");
        }
        assert!(check_ip_address(None, "f", "X's ip").is_ok());
        for bad in ["localhost", "203.0.113", "1.2.3.4.5", "2001:db8::7::1"] {
            let e = check_ip_address(Some(bad), "request.browserInfo.ipAddress", "X's ip").unwrap_err();
            assert_eq!(e.field.as_deref(), Some("request.browserInfo.ipAddress"));
            assert!(e.message.contains("X's ip takes an IPv4 or IPv6 address") && !e.message.contains(bad), "{}", e.message);
        }
    }
}
