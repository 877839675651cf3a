//! Worldpay's statuses and error codes into the unified ones, as tables. TODO(worldpay).
