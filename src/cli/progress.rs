//! The progress bar of the long commands (import, reindex).

/// A progress bar on standard error, drawn only on a terminal: indicatif hides it when
/// the output is redirected, so a log file gets no carriage-return frames (the command
/// prints a summary line at the end instead).
pub fn progress_bar(what: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    let style = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("#>.");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Tells a progress bar that `done` of `total` are done.
pub fn advance(bar: &indicatif::ProgressBar, done: usize, total: usize) {
    bar.set_length(total as u64);
    bar.set_position(done as u64);
}
