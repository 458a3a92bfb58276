//! A corpus's way through the tool: read the inputs, extract, link,
//! trace, and write or answer what a command asks for. The one place that
//! `build`, `add`, `origin`, `drift`, `export`, `simulate` and
//! `eval-provenance` share, so that they
//! cannot drift apart; the command line only parses arguments, prints and
//! picks exit codes. What happens along the way (unreadable inputs,
//! notes, progress) is told to an [`Observer`], not printed here.
//!
//! This file holds the [`Observer`] and its [`Event`]s, and re-exports
//! the rest, so that callers name `pipeline::…` whichever file holds it:
//! `input.rs` (options, grammars and models), `analyse.rs` (read and
//! extract in batches), `linking.rs` (link and trace a corpus),
//! `query.rs` (`origin` and `drift`), `build.rs` (and its store's
//! thread), `add.rs`, `output.rs` (a build's files, `export`),
//! `stages.rs` (`--stats` timing) and `sim.rs` (`simulate`,
//! `eval-provenance`).

use crate::corpus::{ArchiveSummary, Problem};

mod add;
mod analyse;
mod build;
mod input;
mod linking;
mod output;
mod query;
mod sim;
mod stages;

pub use add::{add, AddSummary};
pub use analyse::{analyse_inputs, extract_each, Analysis, Extracted, BATCH_BYTES, EXTRACT_BATCH_BYTES};
pub use build::build;
pub use input::{extraction_stamp, language, InputOptions};
pub use linking::{in_id_order, link_inputs, trace_inputs, LinkedCorpus, Traced};
pub use output::{export, write_out, write_outputs, BuildSummary, OutputOptions, Produce};
pub use query::{drift_in_inputs, drift_in_store, origin_families, origin_in_inputs, origin_in_store, Drift, Origin};
pub use sim::{eval_provenance, read_truth, simulate, simulated_inputs, Simulated};

/// What a run tells its caller as it goes.
#[non_exhaustive]
pub enum Event<'a> {
    /// An input that could not be read, or was read with a problem.
    Problem(&'a Problem),
    /// A WARC archive was read.
    Archive(&'a ArchiveSummary),
    /// A line for the user, worded in full (`warning: …`, `note: …`,
    /// `stats: …`).
    Message(&'a str),
    /// One more article extracted (called from worker threads).
    Analysed,
    /// A batch of articles is done.
    Batch,
    /// Extraction is over.
    Done,
}

/// Receives a run's [`Event`]s; the command line prints them.
pub trait Observer: Sync {
    fn event(&self, event: Event<'_>);
}

/// An observer that ignores everything (for library callers and tests).
pub struct Quiet;

impl Observer for Quiet {
    fn event(&self, _: Event<'_>) {}
}
