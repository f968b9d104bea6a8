//! Configuration: an optional TOML file (`cong.toml`) with `CONG_*` environment overrides.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Everything an installation can set. See README for each key.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `postgres://…` or an SQLite path; empty means `<data_dir>/cong.sqlite3`.
    pub database_url: String,
    /// Where the SQLite database, uploaded files and the search index live.
    pub data_dir: PathBuf,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// The province portal's domain; department and commune sites are its sub-domains.
    pub base_domain: String,
    /// The scheme readers reach the sites by (`https` behind a TLS proxy): every absolute
    /// link, API `url`, mail and feed is built with it, never with the request's.
    pub public_scheme: String,
    /// The port readers reach the sites on; `None` takes the port of `bind`. Left out of
    /// links when it is the scheme's default (80 for http, 443 for https).
    pub public_port: Option<u16>,
    /// Send `includeSubDomains` with `Strict-Transport-Security` (every site lives on a
    /// sub-domain of the province's domain).
    pub hsts_include_subdomains: bool,
    /// Secret for signing cookies and links; empty means one is generated and kept in `<data_dir>/secret.key`.
    pub secret_key: String,
    /// Reverse proxies whose `X-Forwarded-For`/`-Proto` headers are believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Serve anonymous public pages from the in-memory page cache.
    pub page_cache: bool,
    /// The most memory the page cache holds, in bytes (`CONG_PAGE_CACHE_MB` in megabytes).
    pub page_cache_bytes: u64,
    /// The longest a cached page is kept, in seconds, when nothing else expires it sooner.
    pub page_cache_ttl_secs: u64,
    /// Keep the recent answers of the search index in memory (each server its own, forgotten
    /// whenever the index changes).
    pub search_cache: bool,
    /// HTTP worker threads; 0 means one per CPU.
    pub workers: usize,
    /// A theme folder whose templates override the built-in default theme.
    pub theme_dir: Option<PathBuf>,
    /// Upload limits of the media library.
    pub media: crate::media::Limits,
    /// Days after which an upload that no content uses is deleted.
    pub media_unused_days: u32,
    /// The mail relay (`smtp://host:port`, `smtp://user:password@host?tls=required` or
    /// `smtps://user:password@host`; see [`crate::mail::Relay`]); empty keeps mail in the outbox.
    pub smtp_url: String,
    /// Certificate authorities (PEM) the relay's certificate may also be signed by.
    pub smtp_ca_file: Option<PathBuf>,
    /// The sender of every e-mail.
    pub mail_from: String,
    /// Citizens' questions: deadlines, reminders, limits, retention.
    pub inbox: crate::inbox::Settings,
    /// Write one access-log line per request.
    pub access_log: bool,
    /// How much of the client's address the access log keeps.
    pub access_log_client: crate::telemetry::http::ClientAddress,
    /// Where Prometheus reads `/metrics` (a private address); no metrics listener when unset.
    pub metrics_bind: Option<String>,
    /// Public consultations: the default period, the retention of commenters' addresses.
    pub consultation: crate::consultation::Settings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: String::new(),
            data_dir: PathBuf::from("data"),
            bind: "127.0.0.1:8080".into(),
            base_domain: "localhost".into(),
            public_scheme: "http".into(),
            public_port: None,
            hsts_include_subdomains: true,
            secret_key: String::new(),
            trusted_proxies: Vec::new(),
            page_cache: true,
            page_cache_ttl_secs: 600,
            page_cache_bytes: crate::cache::DEFAULT_BYTES,
            search_cache: true,
            workers: 0,
            theme_dir: None,
            media: crate::media::Limits::default(),
            media_unused_days: 30,
            smtp_url: String::new(),
            smtp_ca_file: None,
            mail_from: "Cổng thông tin điện tử <no-reply@localhost.localdomain>".into(),
            inbox: crate::inbox::Settings::default(),
            access_log: true,
            access_log_client: crate::telemetry::http::ClientAddress::default(),
            metrics_bind: None,
            consultation: crate::consultation::Settings::default(),
        }
    }
}

/// A configuration that cannot be used, with what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("{key}: {message}")]
    Invalid { key: String, message: String },
}

impl Config {
    /// Reads `path` (or `cong.toml` in the working directory if it exists), then applies
    /// `CONG_*` variables from `env`.
    pub fn load(
        path: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let default_file = Path::new("cong.toml");
        let file = match path {
            Some(p) => Some(p.to_path_buf()),
            None if default_file.exists() => Some(default_file.to_path_buf()),
            None => None,
        };
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|e| ConfigError::Parse {
                    path,
                    message: e.to_string(),
                })?
            }
            None => Config::default(),
        };
        config.apply_env(env)?;
        config.base_domain = normalise_domain(&config.base_domain);
        config.public_scheme = config.public_scheme.trim().to_ascii_lowercase();
        if !matches!(config.public_scheme.as_str(), "http" | "https") {
            return Err(ConfigError::Invalid {
                key: "public_scheme (CONG_PUBLIC_SCHEME)".into(),
                message: format!("expected http or https, not {:?}", config.public_scheme),
            });
        }
        Ok(config)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let bad = |name: &str, message: &str| ConfigError::Env {
            name: name.into(),
            message: message.into(),
        };
        if let Some(v) = env("CONG_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = env("CONG_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("CONG_BIND") {
            self.bind = v;
        }
        if let Some(v) = env("CONG_BASE_DOMAIN") {
            self.base_domain = v;
        }
        if let Some(v) = env("CONG_PUBLIC_SCHEME") {
            self.public_scheme = v;
        }
        if let Some(v) = env("CONG_PUBLIC_PORT") {
            self.public_port = Some(
                v.trim()
                    .parse()
                    .map_err(|_| bad("CONG_PUBLIC_PORT", "expected a port number"))?,
            );
        }
        if let Some(v) = env("CONG_SECRET_KEY") {
            self.secret_key = v;
        }
        if let Some(v) = env("CONG_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<IpAddr>())
                .collect::<Result<_, _>>()
                .map_err(|_| {
                    bad(
                        "CONG_TRUSTED_PROXIES",
                        "expected IP addresses separated by commas",
                    )
                })?;
        }
        let switch = |name: &str, v: String| match v.to_ascii_lowercase().as_str() {
            "on" | "true" | "1" | "yes" => Ok(true),
            "off" | "false" | "0" | "no" => Ok(false),
            _ => Err(bad(name, "expected on or off")),
        };
        if let Some(v) = env("CONG_HSTS_INCLUDE_SUBDOMAINS") {
            self.hsts_include_subdomains = switch("CONG_HSTS_INCLUDE_SUBDOMAINS", v)?;
        }
        if let Some(v) = env("CONG_PAGE_CACHE") {
            self.page_cache = switch("CONG_PAGE_CACHE", v)?;
        }
        if let Some(v) = env("CONG_SEARCH_CACHE") {
            self.search_cache = switch("CONG_SEARCH_CACHE", v)?;
        }
        if let Some(v) = env("CONG_PAGE_CACHE_TTL") {
            self.page_cache_ttl_secs = v
                .parse()
                .map_err(|_| bad("CONG_PAGE_CACHE_TTL", "expected a number of seconds"))?;
        }
        if let Some(v) = env("CONG_PAGE_CACHE_MB") {
            let mb: u64 = v
                .parse()
                .map_err(|_| bad("CONG_PAGE_CACHE_MB", "expected a number of megabytes"))?;
            self.page_cache_bytes = mb * 1024 * 1024;
        }
        if let Some(v) = env("CONG_WORKERS") {
            self.workers = v
                .parse()
                .map_err(|_| bad("CONG_WORKERS", "expected a number of threads"))?;
        }
        if let Some(v) = env("CONG_MAX_DOCUMENT_MB") {
            let mb: u64 = v
                .parse()
                .map_err(|_| bad("CONG_MAX_DOCUMENT_MB", "expected a number of megabytes"))?;
            self.media.document_bytes = mb * 1024 * 1024;
        }
        if let Some(v) = env("CONG_SMTP_URL") {
            self.smtp_url = v;
        }
        if let Some(v) = env("CONG_SMTP_CA_FILE") {
            self.smtp_ca_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env("CONG_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = env("CONG_ACCESS_LOG") {
            self.access_log = switch("CONG_ACCESS_LOG", v)?;
        }
        if let Some(v) = env("CONG_ACCESS_LOG_CLIENT") {
            self.access_log_client = crate::telemetry::http::ClientAddress::parse(&v)
                .ok_or_else(|| bad("CONG_ACCESS_LOG_CLIENT", "expected full, network or none"))?;
        }
        if let Some(v) = env("CONG_METRICS_BIND") {
            self.metrics_bind = Some(v).filter(|v| !v.trim().is_empty());
        }
        if let Some(v) = env("CONG_THEME_DIR") {
            self.theme_dir = Some(PathBuf::from(v));
        }
        Ok(())
    }

    /// `https://skhcn.quangngai.gov.vn` for a host: the configured public scheme and port,
    /// never the request's (a `Host` header with another port must not reach any link).
    pub fn origin(&self, host: &str) -> String {
        let port = self
            .public_port
            .or_else(|| self.bind.rsplit_once(':').and_then(|(_, p)| p.parse().ok()));
        match (self.public_scheme.as_str(), port) {
            (_, None) | ("http", Some(80)) | ("https", Some(443)) => {
                format!("{}://{host}", self.public_scheme)
            }
            (scheme, Some(port)) => format!("{scheme}://{host}:{port}"),
        }
    }

    /// Where uploads are streamed before they are checked and stored (`<data_dir>/tmp`).
    pub fn temp_dir(&self) -> PathBuf {
        self.data_dir.join("tmp")
    }

    /// The database URL in force: the configured one or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            self.data_dir
                .join("cong.sqlite3")
                .to_string_lossy()
                .into_owned()
        } else {
            self.database_url.clone()
        }
    }

    /// The secret key: configured, or read from (or created in) `<data_dir>/secret.key`.
    pub fn secret_key(&self) -> std::io::Result<String> {
        if !self.secret_key.is_empty() {
            return Ok(self.secret_key.clone());
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(key) if key.trim().len() >= 32 => Ok(key.trim().to_string()),
            _ => {
                std::fs::create_dir_all(&self.data_dir)?;
                let key = hex::encode(rand::random::<[u8; 32]>());
                write_private(&path, &key)?;
                Ok(key)
            }
        }
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Lower case, no trailing dot, no port.
pub fn normalise_domain(domain: &str) -> String {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    match d.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) && !host.contains(':') => {
            host.to_string()
        }
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_the_defaults() {
        let env = |k: &str| match k {
            "CONG_BASE_DOMAIN" => Some("QuangNgai.gov.vn.".to_string()),
            "CONG_PAGE_CACHE" => Some("off".to_string()),
            "CONG_TRUSTED_PROXIES" => Some("10.0.0.1, ::1".to_string()),
            _ => None,
        };
        let c = Config::load(None, env).unwrap();
        assert_eq!(c.base_domain, "quangngai.gov.vn");
        assert!(!c.page_cache);
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(c.database_url().ends_with("cong.sqlite3"));
    }

    #[test]
    fn links_use_the_configured_origin_and_leave_out_default_ports() {
        let with = |vars: &'static [(&'static str, &'static str)]| {
            let env = move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            };
            Config::load(None, env).unwrap()
        };
        assert_eq!(
            with(&[]).origin("skhcn.localhost"),
            "http://skhcn.localhost:8080"
        );
        let proxied = with(&[("CONG_PUBLIC_SCHEME", "HTTPS"), ("CONG_PUBLIC_PORT", "443")]);
        assert_eq!(
            proxied.origin("quangngai.gov.vn"),
            "https://quangngai.gov.vn"
        );
        let plain = with(&[("CONG_BIND", "0.0.0.0:80")]);
        assert_eq!(plain.origin("localhost"), "http://localhost");
        let odd = with(&[
            ("CONG_PUBLIC_SCHEME", "https"),
            ("CONG_PUBLIC_PORT", "8443"),
        ]);
        assert_eq!(odd.origin("localhost"), "https://localhost:8443");
        let env = |k: &str| (k == "CONG_PUBLIC_SCHEME").then(|| "gopher".to_string());
        assert!(Config::load(None, env).is_err());
    }

    #[test]
    fn a_bad_variable_is_named_in_the_error() {
        let env = |k: &str| (k == "CONG_PAGE_CACHE").then(|| "maybe".to_string());
        let err = Config::load(None, env).unwrap_err().to_string();
        assert!(err.contains("CONG_PAGE_CACHE"), "{err}");
    }
}
