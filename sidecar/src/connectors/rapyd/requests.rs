//! Rapyd's request types, named as its API reference names them. TODO(rapyd).
