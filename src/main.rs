//! The `cong` command: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    cong::cli::main()
}
