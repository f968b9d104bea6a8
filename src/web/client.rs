//! Who is asking and over what: the client address and scheme, believing
//! `X-Forwarded-For`/`-Proto` only from configured reverse proxies.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The client's address: the peer, or, when the peer is a trusted proxy, the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    resolve_client_ip(peer, forwarded, trusted)
}

/// The pure rule behind [`client_ip`].
pub fn resolve_client_ip(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let Some(chain) = forwarded_for else {
        return Some(peer);
    };
    // Walk from the nearest hop back; the first untrusted address is the client.
    for hop in chain.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(peer),
        }
    }
    Some(peer)
}

/// `https` when a trusted proxy says so, else the connection's own scheme (plain HTTP).
pub fn scheme(req: &HttpRequest, trusted: &[IpAddr]) -> &'static str {
    let from_trusted = req.peer_addr().is_some_and(|a| trusted.contains(&a.ip()));
    let forwarded_https = req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    if from_trusted && forwarded_https {
        "https"
    } else {
        "http"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let got = resolve_client_ip(Some(ip("203.0.113.9")), Some("1.2.3.4"), &[ip("10.0.0.1")]);
        assert_eq!(got, Some(ip("203.0.113.9")));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let got = resolve_client_ip(
            Some(ip("10.0.0.1")),
            Some("6.6.6.6, 198.51.100.7, 10.0.0.2"),
            &trusted,
        );
        assert_eq!(got, Some(ip("198.51.100.7")));
    }

    #[test]
    fn garbage_in_the_header_falls_back_to_the_peer() {
        let trusted = [ip("10.0.0.1")];
        let got = resolve_client_ip(Some(ip("10.0.0.1")), Some("not-an-ip"), &trusted);
        assert_eq!(got, Some(ip("10.0.0.1")));
    }
}
