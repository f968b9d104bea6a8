//! The `cong` command: parses the command line and hands over to the library.

// Page rendering allocates many small strings; mimalloc serves them markedly faster than
// the system allocator (measured with benches/page_bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cong::cli::main()
}
