//! Global Payments's request types, named as its API reference names them. TODO(globalpayments).
