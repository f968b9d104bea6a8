//! The mail relay the outbox is delivered to, read from `smtp_url`:
//!
//! - `smtp://host[:port]`: plain SMTP (port 25) to a local relay or one on the province's
//!   private network;
//! - `smtp://user:password@host[:port]?tls=required`: STARTTLS (port 587), required before
//!   anything else is said, then authentication;
//! - `smtps://user:password@host[:port]`: TLS from the first byte (port 465).
//!
//! A password is never sent in clear: credentials over plain SMTP are refused. The server's
//! certificate is checked against the machine's trusted roots and, when `smtp_ca_file` is
//! set, the certificate authorities of that PEM file (a province's own authority).

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::SmtpTransport;

use super::MailError;

/// How the conversation with the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No TLS: for a relay on the same machine or a private network only.
    Plain,
    /// Plain at first, then STARTTLS, which must succeed.
    StartTls,
    /// TLS from the first byte (SMTPS).
    Implicit,
}

/// A relay as `smtp_url` describes it.
#[derive(Clone, PartialEq, Eq)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, sent only over TLS.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for Relay {
    /// Everything but the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl Relay {
    /// Reads `smtp_url`; the error names what is wrong, never the password.
    pub fn parse(smtp_url: &str) -> Result<Relay, MailError> {
        let shown = redacted(smtp_url);
        let bad = |reason: &'static str| MailError::BadUrl {
            url: shown.clone(),
            reason,
        };
        let url = url::Url::parse(smtp_url.trim()).map_err(|_| bad("not a URL"))?;
        let mut security = match url.scheme() {
            "smtp" => Security::Plain,
            "smtps" => Security::Implicit,
            _ => return Err(bad("the scheme is smtp:// or smtps://")),
        };
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref(), security) {
                ("tls", "required", Security::Plain) => security = Security::StartTls,
                ("tls", "required", Security::Implicit) => {}
                _ => return Err(bad("the only option is ?tls=required")),
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err(bad(
                "nothing may follow the host and port but ?tls=required",
            ));
        }
        let port = url.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Implicit => 465,
        });
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| bad("the user name or password is not UTF-8"))
        };
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, Some(password)) if !user.is_empty() => Some((decode(user)?, decode(password)?)),
            _ => return Err(bad("credentials are user:password")),
        };
        if credentials.is_some() && security == Security::Plain {
            return Err(bad(
                "a password is never sent in clear: use ?tls=required or smtps://",
            ));
        }
        Ok(Relay {
            host,
            port,
            security,
            credentials,
        })
    }

    /// The transport to this relay, trusting also the authorities of `extra_roots` (PEM).
    pub fn transport(&self, extra_roots: Option<&[u8]>) -> Result<SmtpTransport, MailError> {
        let tls_error = |e: lettre::transport::smtp::Error| MailError::Tls(e.to_string());
        let parameters = || {
            let mut builder = TlsParameters::builder(self.host.clone());
            if let Some(pem) = extra_roots {
                if !pem
                    .windows(CERTIFICATE.len())
                    .any(|w| w == CERTIFICATE.as_bytes())
                {
                    return Err(MailError::Tls("no PEM certificate in the file".into()));
                }
                let roots = Certificate::from_pem(pem).map_err(tls_error)?;
                builder = builder.add_root_certificate(roots);
            }
            builder.build_rustls().map_err(tls_error)
        };
        let tls = match self.security {
            Security::Plain => Tls::None,
            Security::StartTls => Tls::Required(parameters()?),
            Security::Implicit => Tls::Wrapper(parameters()?),
        };
        let mut builder = SmtpTransport::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(10)));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

const CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----";

/// The URL with its password replaced, for messages and logs.
fn redacted(smtp_url: &str) -> String {
    match url::Url::parse(smtp_url.trim()) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => match smtp_url.rsplit_once('@') {
            Some((_, host)) => format!("…@{host}"),
            None => smtp_url.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay(url: &str) -> Relay {
        Relay::parse(url).unwrap()
    }

    #[test]
    fn plain_relays_keep_the_old_form() {
        assert_eq!(
            relay("smtp://127.0.0.1:2525"),
            Relay {
                host: "127.0.0.1".into(),
                port: 2525,
                security: Security::Plain,
                credentials: None
            }
        );
        assert_eq!(relay("smtp://mail.local").port, 25);
        assert_eq!(relay("smtp://mail.local/").host, "mail.local");
        assert_eq!(relay("smtp://[::1]:25").host, "::1");
    }

    #[test]
    fn tls_and_credentials() {
        let starttls = relay(
            "smtp://cong%40sonha.gov.vn:m%E1%BA%ADt%3Akh%E1%BA%A9u@mail.sonha.gov.vn?tls=required",
        );
        assert_eq!(starttls.security, Security::StartTls);
        assert_eq!(starttls.port, 587);
        assert_eq!(
            starttls.credentials,
            Some(("cong@sonha.gov.vn".into(), "mật:khẩu".into()))
        );
        let smtps = relay("smtps://u:p@mail.sonha.gov.vn");
        assert_eq!((smtps.security, smtps.port), (Security::Implicit, 465));
        assert_eq!(relay("smtps://mail.sonha.gov.vn:2465").port, 2465);
        assert!(!format!("{starttls:?}").contains("khẩu"));
    }

    #[test]
    fn what_cannot_be_used_is_refused_without_showing_the_password() {
        for (url, why) in [
            ("http://mail.local", "scheme"),
            ("smtp://", "host"),
            ("smtp://:25", "URL"),
            ("smtp://mail.local:99999", "URL"),
            ("smtp://mail.local?tls=opportunistic", "tls=required"),
            ("smtp://mail.local/relay", "follow"),
            ("smtp://u@mail.local?tls=required", "user:password"),
            ("smtp://u:secret@mail.local", "in clear"),
        ] {
            let e = Relay::parse(url).unwrap_err().to_string();
            assert!(e.contains(why), "{url}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
    }

    #[test]
    fn a_certificate_file_that_is_not_pem_is_refused() {
        let starttls = relay("smtp://mail.local?tls=required");
        assert!(starttls.transport(Some(b"not a certificate")).is_err());
        assert!(starttls.transport(None).is_ok());
    }
}
