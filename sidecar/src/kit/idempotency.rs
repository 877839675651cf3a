//! Idempotency keys. The caller's `idempotencyKey` names one operation. When an operation takes
//! several HTTP calls (create the customer, then save the card), each call is its own step and must
//! carry its own key: a retry of the first step must never be taken by the processor as a replay of
//! the second (Stripe answers a reused key with the first call's response, or a 400 when the
//! parameters differ). The operation's main call sends the key as given; a preparatory step sends
//! `<key>:<step>`.

/// The key for the operation's main call: the caller's key, unchanged.
pub fn main_key(key: Option<&str>) -> Option<String> {
    key.map(str::to_string)
}

/// The key for a preparatory step of the operation (e.g. `customer`).
pub fn step_key(key: Option<&str>, step: &str) -> Option<String> {
    key.map(|k| format!("{k}:{step}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_gets_its_own_key() {
        assert_eq!(main_key(Some("order-1")).as_deref(), Some("order-1"));
        assert_eq!(step_key(Some("order-1"), "customer").as_deref(), Some("order-1:customer"));
        assert_ne!(step_key(Some("order-1"), "customer"), main_key(Some("order-1")));
        assert_eq!(step_key(None, "customer"), None);
    }
}
