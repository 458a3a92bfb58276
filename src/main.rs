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

/// mimalloc asks for transparent huge pages on its arenas
/// (`MADV_HUGEPAGE`), and the kernel then zeroes a whole 2 MiB page at the
/// first touch of any part of it, again after each purge: 10-28% of a
/// streamed `extract` went to that zeroing (`clear_page_erms`), and a run
/// held twice the memory it used. Plain 4 KiB pages for this process,
/// asked for before the runtime's first allocation (a constructor, run
/// before `main`): from `main`, the first arena page was already a huge
/// page, zeroed whole, 3% of an `origin --db` (issue 16).
// SAFETY (of running before `main`): the constructor makes one system call
// and touches no Rust runtime state, no allocator and no other static.
#[cfg(target_os = "linux")]
#[ctor::ctor(unsafe)]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers and touches no memory of
    // this process; a kernel without it returns an error, which is ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

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
