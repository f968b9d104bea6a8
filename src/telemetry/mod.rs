//! What the server tells its operators: logs (text or JSON, the access log) and, from
//! [`metrics`], Prometheus figures. Web handlers only hand over what they saw.

pub mod http;
pub mod logging;
pub mod metrics;
