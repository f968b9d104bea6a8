//! The server's log on standard error: human-readable text, or one JSON object a line
//! (`CONG_LOG_FORMAT=json`) for a log collector; colours only on a terminal.

use std::io::IsTerminal;

/// How every log line is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `CONG_LOG_FORMAT`: `json`, or `text` (the default). Anything else is refused by
    /// [`LogFormat::parse`]'s caller with the value named.
    pub fn parse(value: Option<&str>) -> Result<LogFormat, String> {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("text") => Ok(LogFormat::Text),
            Some("json") => Ok(LogFormat::Json),
            Some(other) => Err(format!(
                "CONG_LOG_FORMAT: expected text or json, not {other:?}"
            )),
        }
    }

    /// The format of this process, read once from the environment.
    pub fn current() -> LogFormat {
        *CURRENT.get_or_init(|| {
            LogFormat::parse(std::env::var("CONG_LOG_FORMAT").ok().as_deref())
                .unwrap_or(LogFormat::Text)
        })
    }
}

static CURRENT: std::sync::OnceLock<LogFormat> = std::sync::OnceLock::new();

/// Installs the process's logger: the `CONG_LOG` filter (`info` by default), the format
/// of `CONG_LOG_FORMAT`, and ANSI colours only when standard error is a terminal (never
/// escape codes in a file or a journal) and `NO_COLOR` is unset.
pub fn init() {
    let problem = LogFormat::parse(std::env::var("CONG_LOG_FORMAT").ok().as_deref()).err();
    let format = LogFormat::current();
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let colours = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colours);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
    if let Some(problem) = problem {
        tracing::warn!("{problem}; writing text");
    }
}

/// The last words of a command that failed: `error: …` as text, or a JSON line when the
/// log is JSON (a collector then parses every line the process wrote).
pub fn fatal_line(format: LogFormat, message: &str) -> String {
    match format {
        LogFormat::Text => format!("error: {message}"),
        LogFormat::Json => serde_json::json!({
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "level": "ERROR",
            "message": message,
            "target": "cong",
        })
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_unless_json_is_asked_for() {
        assert_eq!(LogFormat::parse(None), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some(" JSON ")), Ok(LogFormat::Json));
        assert!(LogFormat::parse(Some("xml")).unwrap_err().contains("xml"));
    }

    #[test]
    fn a_fatal_error_in_json_is_one_parseable_line() {
        let line = fatal_line(
            LogFormat::Json,
            "cannot listen on 127.0.0.1:80: \"denied\"\n",
        );
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["level"], "ERROR");
        assert_eq!(fatal_line(LogFormat::Text, "x"), "error: x");
    }
}
