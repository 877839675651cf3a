//! Worldpay's response types, named as its API reference names them. TODO(worldpay).
