//! Rapyd: the flow table, requests and responses.
