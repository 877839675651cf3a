//! dLocal: requests, signatures, answers and notifications, against its documentation.
