//! One HTTP exchange as the operators see it: the access log line (and the request
//! figures). Nothing personal beyond the client address, which is configurable: no query
//! string (it may carry a tracking code or a search), no cookie, no user agent.

use std::net::IpAddr;
use std::time::Duration;

use serde::Deserialize;

/// How much of the client's address the access log keeps (`access_log_client`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAddress {
    /// The whole address.
    Full,
    /// Only its network (/24 of IPv4, /48 of IPv6): enough to see a flood, not a person.
    #[default]
    Network,
    /// Nothing.
    None,
}

impl ClientAddress {
    pub fn parse(value: &str) -> Option<ClientAddress> {
        match value.trim().to_ascii_lowercase().as_str() {
            "full" => Some(ClientAddress::Full),
            "network" => Some(ClientAddress::Network),
            "none" => Some(ClientAddress::None),
            _ => None,
        }
    }

    /// What the log shows of `ip`.
    pub fn show(self, ip: Option<IpAddr>) -> Option<String> {
        match (self, ip) {
            (_, None) | (ClientAddress::None, _) => None,
            (ClientAddress::Full, Some(ip)) => Some(ip.to_string()),
            (ClientAddress::Network, Some(ip)) => Some(crate::inbox::network_of(ip)),
        }
    }
}

/// What one request was and how it went.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    pub method: &'a str,
    /// The path without its query string.
    pub path: &'a str,
    /// The route pattern that serves the path (`/tin-tuc/{item}`), for figures by route.
    pub route: Option<&'a str>,
    pub status: u16,
    /// Body bytes, when known before sending (not for streamed bodies).
    pub bytes: Option<u64>,
    /// Until the response head was ready.
    pub duration: Duration,
    /// The slug of the site asked, when the host names one.
    pub site: Option<&'a str>,
    pub client: Option<IpAddr>,
}

/// The access log: one line per request under the target `access` (silence it with
/// `CONG_LOG=info,access=off`).
pub fn log_access(exchange: &Exchange<'_>, client: ClientAddress) {
    let ms = exchange.duration.as_secs_f64() * 1000.0;
    let ms = (ms * 10.0).round() / 10.0;
    tracing::info!(
        target: "access",
        method = exchange.method,
        path = exchange.path,
        status = exchange.status,
        bytes = exchange.bytes,
        ms,
        site = exchange.site,
        client = client.show(exchange.client),
        "request"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_kept_as_configured() {
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(
            ClientAddress::Full.show(Some(ip)).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            ClientAddress::Network.show(Some(ip)).as_deref(),
            Some("203.0.113.0/24")
        );
        assert_eq!(ClientAddress::None.show(Some(ip)), None);
        assert_eq!(
            ClientAddress::parse(" Network "),
            Some(ClientAddress::Network)
        );
        assert_eq!(ClientAddress::parse("partial"), None);
    }
}
