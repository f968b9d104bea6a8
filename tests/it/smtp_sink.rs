//! A real SMTP server on 127.0.0.1 for the tests: it speaks enough SMTP (EHLO/HELO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT; STARTTLS and AUTH when it speaks TLS) to accept mail and
//! keeps what arrived. It stops listening (its port refuses connections) when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Mail>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A message as the sink received it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    /// Whether it came over TLS.
    pub tls: bool,
    /// The account the client authenticated as, if it did.
    pub user: Option<String>,
}

/// How a sink speaks TLS: from the first byte (SMTPS) or after STARTTLS, with a certificate
/// for 127.0.0.1 signed by an authority made for the test; mail is accepted only over TLS
/// from the one account it knows.
#[derive(Clone)]
pub struct SinkTls {
    config: Arc<rustls::ServerConfig>,
    pub implicit: bool,
    pub user: String,
    pub password: String,
    /// The authority's certificate (PEM), for the app's `smtp_ca_file`.
    pub authority_pem: String,
}

impl SinkTls {
    /// A new authority and a certificate for 127.0.0.1 signed by it.
    pub fn new(implicit: bool, user: &str, password: &str) -> SinkTls {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let authority_key = KeyPair::generate().unwrap();
        let mut authority = CertificateParams::new(Vec::<String>::new()).unwrap();
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority
            .distinguished_name
            .push(DnType::CommonName, "Sơn Hà test authority");
        let authority = authority.self_signed(&authority_key).unwrap();
        let key = KeyPair::generate().unwrap();
        let certificate = CertificateParams::new(vec!["127.0.0.1".to_string()])
            .unwrap()
            .signed_by(&key, &authority, &authority_key)
            .unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(certificate.der().to_vec())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap();
        SinkTls {
            config: Arc::new(config),
            implicit,
            user: user.to_string(),
            password: password.to_string(),
            authority_pem: authority.pem(),
        }
    }
}

impl SmtpSink {
    /// A plain sink on a free port.
    pub fn start() -> SmtpSink {
        SmtpSink::start_on(0)
    }

    /// A port nothing listens on (yet).
    pub fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    /// A plain sink on this port.
    pub fn start_on(port: u16) -> SmtpSink {
        SmtpSink::listen(port, None)
    }

    /// A sink speaking TLS on a free port.
    pub fn start_tls(tls: SinkTls) -> SmtpSink {
        SmtpSink::listen(0, Some(tls))
    }

    fn listen(port: u16, tls: Option<SinkTls>) -> SmtpSink {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind the sink");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        session(stream, &r, tls.as_ref());
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        });
        SmtpSink {
            port,
            received,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        self.received.lock().unwrap().clone()
    }

    /// The messages to one address.
    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One connection: plain, TLS from the first byte, or plain until STARTTLS.
fn session(stream: TcpStream, received: &Mutex<Vec<Mail>>, tls: Option<&SinkTls>) -> Option<()> {
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    let secure = |stream: TcpStream, tls: &SinkTls| {
        let connection = rustls::ServerConnection::new(tls.config.clone()).ok()?;
        let mut stream = rustls::StreamOwned::new(connection, stream);
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock).ok()?;
        }
        Some(stream)
    };
    match tls {
        Some(t) if t.implicit => {
            let stream = secure(stream, t)?;
            converse(stream, received, tls, true, true).map(|_| ())
        }
        _ => match converse(stream, received, tls, false, true)? {
            Ended::Closed => Some(()),
            Ended::StartTls(stream) => {
                let t = tls?;
                converse(secure(stream, t)?, received, tls, true, false).map(|_| ())
            }
        },
    }
}

/// How a conversation ended.
enum Ended<S> {
    Closed,
    /// The client asked for TLS: the connection, to go on over TLS.
    StartTls(S),
}

/// One SMTP conversation over a stream; each message is kept as soon as the server
/// accepts it.
fn converse<S: Read + Write>(
    stream: S,
    received: &Mutex<Vec<Mail>>,
    tls: Option<&SinkTls>,
    secure: bool,
    greet: bool,
) -> Option<Ended<S>> {
    let mut reader = BufReader::new(stream);
    let (mut from, mut to, mut user) = (String::new(), Vec::new(), None::<String>);
    let address = |line: &str| {
        line.split_once(':')
            .map(|(_, a)| {
                a.trim()
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default()
    };
    let say = |reader: &mut BufReader<S>, reply: &[u8]| {
        let stream = reader.get_mut();
        stream.write_all(reply).and_then(|_| stream.flush()).ok()
    };
    let read_line = |reader: &mut BufReader<S>| {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(n) if n > 0 => Some(line),
            _ => None,
        }
    };
    if greet {
        say(&mut reader, b"220 sink ESMTP\r\n")?;
    }
    loop {
        let Some(line) = read_line(&mut reader) else {
            return Some(Ended::Closed);
        };
        let upper = line.to_ascii_uppercase();
        let reply: Vec<u8> = if upper.starts_with("EHLO") {
            let extension = match (tls, secure) {
                (Some(_), false) => "250-STARTTLS\r\n",
                (Some(_), true) => "250-AUTH PLAIN LOGIN\r\n",
                (None, _) => "",
            };
            format!("250-sink\r\n250-8BITMIME\r\n{extension}250 SMTPUTF8\r\n").into_bytes()
        } else if upper.starts_with("STARTTLS") && tls.is_some() && !secure {
            say(&mut reader, b"220 ready\r\n")?;
            return Some(Ended::StartTls(reader.into_inner()));
        } else if upper.starts_with("AUTH") && secure {
            let words: Vec<&str> = line.split_whitespace().collect();
            let mut answer = |prompt: &[u8]| {
                say(&mut reader, prompt)?;
                read_line(&mut reader).map(|l| base64_decode(l.trim()))
            };
            let (name, password) = match words.get(1).map(|m| m.to_ascii_uppercase()) {
                Some(m) if m == "PLAIN" => {
                    let plain = match words.get(2) {
                        Some(initial) => base64_decode(initial),
                        None => answer(b"334 \r\n")?,
                    };
                    let mut parts = plain.split(|b| *b == 0).skip(1);
                    (
                        parts.next().unwrap_or_default().to_vec(),
                        parts.next().unwrap_or_default().to_vec(),
                    )
                }
                Some(m) if m == "LOGIN" => {
                    let name = answer(b"334 VXNlcm5hbWU6\r\n")?;
                    (name, answer(b"334 UGFzc3dvcmQ6\r\n")?)
                }
                _ => (Vec::new(), Vec::new()),
            };
            let known =
                tls.is_some_and(|t| name == t.user.as_bytes() && password == t.password.as_bytes());
            if known {
                user = Some(String::from_utf8_lossy(&name).into_owned());
                b"235 2.7.0 accepted\r\n".to_vec()
            } else {
                b"535 5.7.8 bad credentials\r\n".to_vec()
            }
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 ok\r\n".to_vec()
        } else if upper.starts_with("MAIL FROM") {
            if tls.is_some() && (!secure || user.is_none()) {
                b"530 5.7.0 authentication over TLS required\r\n".to_vec()
            } else {
                from = address(&line);
                to.clear();
                b"250 ok\r\n".to_vec()
            }
        } else if upper.starts_with("RCPT TO") {
            to.push(address(&line));
            b"250 ok\r\n".to_vec()
        } else if upper.starts_with("RSET") {
            to.clear();
            b"250 ok\r\n".to_vec()
        } else if upper.starts_with("DATA") {
            say(&mut reader, b"354 go ahead\r\n")?;
            let mut data = String::new();
            loop {
                let l = read_line(&mut reader)?;
                if l == ".\r\n" || l == ".\n" {
                    break;
                }
                // Dot-stuffing: a leading dot was doubled.
                data.push_str(
                    l.strip_prefix('.')
                        .filter(|_| l.starts_with(".."))
                        .unwrap_or(&l),
                );
            }
            received.lock().ok()?.push(Mail {
                from: from.clone(),
                to: to.clone(),
                data,
                tls: secure,
                user: user.clone(),
            });
            b"250 queued\r\n".to_vec()
        } else if upper.starts_with("QUIT") {
            say(&mut reader, b"221 bye\r\n")?;
            return Some(Ended::Closed);
        } else {
            b"502 not implemented\r\n".to_vec()
        };
        say(&mut reader, &reply)?;
    }
}

impl Mail {
    /// The decoded subject (RFC 2047 encoded words joined).
    pub fn subject(&self) -> String {
        let raw: String = self
            .data
            .split("\r\n")
            .skip_while(|l| !l.to_ascii_lowercase().starts_with("subject:"))
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with(' ') || l.starts_with('\t'))
            .map(|(_, l)| l.trim().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let raw = raw
            .trim_start_matches(|c| c != ':')
            .trim_start_matches(':')
            .trim();
        raw.split_whitespace()
            .map(
                |word| match word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")) {
                    Some(inner) => {
                        let mut parts = inner.splitn(3, '?');
                        let (_, enc, text) =
                            (parts.next(), parts.next(), parts.next().unwrap_or(""));
                        match enc.map(|e| e.to_ascii_lowercase()) {
                            Some(e) if e == "b" => {
                                String::from_utf8_lossy(&base64_decode(text)).into_owned()
                            }
                            _ => {
                                String::from_utf8_lossy(&quoted_printable(&text.replace('_', " ")))
                                    .into_owned()
                            }
                        }
                    }
                    None => format!("{word} "),
                },
            )
            .collect::<String>()
            .trim()
            .to_string()
    }

    /// The decoded body of the part of this content type (`text/plain` or `text/html`).
    pub fn part(&self, content_type: &str) -> String {
        let mut out = String::new();
        for part in self.data.split("\r\n--") {
            let Some((head, body)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let head_lower = head.to_ascii_lowercase();
            if !head_lower.contains(&format!("content-type: {content_type}")) {
                continue;
            }
            let body = body.rsplit_once("\r\n").map_or(body, |(b, _)| b);
            let bytes = if head_lower.contains("content-transfer-encoding: base64") {
                base64_decode(&body.replace("\r\n", ""))
            } else if head_lower.contains("content-transfer-encoding: quoted-printable") {
                quoted_printable(body)
            } else {
                body.as_bytes().to_vec()
            };
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        out
    }

    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    pub fn html(&self) -> String {
        self.part("text/html")
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let s = s.replace("=\r\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
