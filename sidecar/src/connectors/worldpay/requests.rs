//! Worldpay's request types, named as its API reference names them. TODO(worldpay).
