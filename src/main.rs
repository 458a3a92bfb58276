//! The `quotegraph` binary: parses arguments, runs the library, and turns
//! the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use quotegraph::cli::{self, Cli, UsageError};

// glibc's per-thread arenas keep freed memory from the parallel phases
// as resident; mimalloc returns it, which keeps a large run's peak near
// its live heap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`quotegraph … | head`) is not a failure.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprint!("error: {err}");
            for cause in err.chain().skip(1) {
                eprint!(": {cause}");
            }
            eprintln!();
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(cli::EXIT_USAGE)
            } else {
                ExitCode::from(cli::EXIT_FAILURE)
            }
        }
    }
}
