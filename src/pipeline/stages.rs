//! `--stats` timing: the wall and CPU time and the memory of each stage
//! of a command, told as one `stats:` message ([`Stages`]).

use std::time::Instant;

use super::{Event, Observer};

/// The time each stage of a command took, and its CPU time (user and
/// system, every thread: the machine is shared, and wall time tells the
/// load as much as the work), told as one `stats:` message. Where the
/// calling thread's own CPU time is known it is told too: the work no
/// other thread shares, the stage's floor on an idle machine.
pub(super) struct Stages {
    on: bool,
    last: (Instant, f64, f64),
    laps: Vec<String>,
}

impl Stages {
    pub(super) fn new(on: bool) -> Stages {
        Stages {
            on,
            last: (Instant::now(), cpu_seconds(Who::Process), cpu_seconds(Who::Thread)),
            laps: Vec::new(),
        }
    }

    pub(super) fn lap(&mut self, stage: &str) {
        if self.on {
            let now = (Instant::now(), cpu_seconds(Who::Process), cpu_seconds(Who::Thread));
            let own = if now.2 > 0.0 {
                format!(", {:.2} s on this thread", now.2 - self.last.2)
            } else {
                String::new()
            };
            // Memory held after the stage and the most held so far: the
            // peak an add is judged by (issue 16) is one stage's.
            let memory = match resident_mib() {
                Some((held, peak)) => format!("; RSS {held} MiB, peak {peak} MiB"),
                None => String::new(),
            };
            self.laps.push(format!(
                "{stage} {:.2} s (CPU {:.2} s{own}{memory})",
                (now.0 - self.last.0).as_secs_f64(),
                now.1 - self.last.1
            ));
            self.last = now;
        }
    }

    pub(super) fn tell(&self, obs: &dyn Observer) {
        self.tell_as("", obs)
    }

    /// Tells the laps after `what`, when there is one.
    pub(super) fn tell_as(&self, what: &str, obs: &dyn Observer) {
        if self.on {
            let sep = if what.is_empty() { "" } else { ": " };
            obs.event(Event::Message(&format!("stats: {what}{sep}{}", self.laps.join(", "))));
        }
    }
}

/// This process's resident memory now and at its peak so far, in MiB,
/// where the platform says (Linux: `/proc/self/statm` and `getrusage`).
fn resident_mib() -> Option<(u64, u64)> {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        // SAFETY: sysconf reads a constant; getrusage only writes the
        // struct it is given.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if page <= 0 || unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        // ru_maxrss is in KiB on Linux.
        Some(((pages * page as u64) >> 20, usage.ru_maxrss as u64 >> 10))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Whose CPU time [`cpu_seconds`] reads.
#[derive(Clone, Copy)]
enum Who {
    Process,
    Thread,
}

/// CPU time so far, user and system, in seconds, of this process (every
/// thread) or of the calling thread; 0 where the platform does not say.
fn cpu_seconds(who: Who) -> f64 {
    #[cfg(target_os = "linux")]
    {
        let whom = match who {
            Who::Process => libc::RUSAGE_SELF,
            Who::Thread => libc::RUSAGE_THREAD,
        };
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(whom, &mut usage) } == 0 {
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return secs(usage.ru_utime) + secs(usage.ru_stime);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = who;
    0.0
}
