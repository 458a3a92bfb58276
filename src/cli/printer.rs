//! What a run prints on stderr as it goes: inputs that failed or were
//! recovered, archive summaries, notes, and a progress bar on long runs
//! (`Printer`, the pipeline's `Observer`).

use std::io::{self, IsTerminal};

use crate::corpus;
use crate::pipeline::{self, Event};
use crate::render;

pub(super) fn report_problems(problems: &[corpus::Problem], failed: &mut usize) {
    for p in problems {
        if p.recovered {
            eprintln!("warning: {}", p.error);
        } else {
            eprintln!("error: {}", p.error);
        }
        *failed += usize::from(!p.recovered);
    }
}

/// Prints a run's events on stderr, with a progress bar on long runs:
/// only when stderr is a terminal, and once a run has shown itself long.
pub(super) struct Printer {
    bar: indicatif::ProgressBar,
    tty: bool,
}

impl Printer {
    pub(super) fn new() -> Printer {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} {spinner} {pos} articles ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("extracting");
        Printer {
            bar,
            tty: io::stderr().is_terminal(),
        }
    }
}

impl pipeline::Observer for Printer {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Problem(p) => self.bar.suspend(|| report_problems(std::slice::from_ref(p), &mut 0)),
            Event::Archive(a) => self.bar.suspend(|| eprintln!("{}", render::archive_summary(a))),
            Event::Message(m) => self.bar.suspend(|| eprintln!("{m}")),
            Event::Analysed => self.bar.inc(1),
            Event::Batch => {
                if self.tty && self.bar.is_hidden() && self.bar.position() >= 2000 {
                    self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            }
            Event::Done => self.bar.finish_and_clear(),
        }
    }
}
