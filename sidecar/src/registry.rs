//! Name → connector, over the registry in `connectors/mod.rs` (one line per connector).

use crate::connectors::{Connector, ALL as CONNECTORS};

pub fn all() -> &'static [&'static dyn Connector] {
    CONNECTORS
}

pub fn find(name: &str) -> Option<&'static dyn Connector> {
    CONNECTORS.iter().copied().find(|c| c.info().name == name)
}
