//! Graphviz for the server: `dot -Tsvg` on a DOT text, stopped if it
//! takes longer than it may, so that a page never hangs on a layout.
//! `graphviz_rust::exec_dot` (which `build` uses) waits as long as `dot`
//! runs, which a server cannot.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The SVG element Graphviz lays `dot` out as (without the XML prolog,
/// so that it can sit inside a page), or why there is none.
pub fn render(dot: &str, timeout: Duration) -> Result<String, String> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("Graphviz `dot` is not installed (apt install graphviz)".into())
        }
        Err(e) => return Err(format!("Graphviz `dot` did not start: {e}")),
    };
    // Feed and drain from threads: a graph larger than a pipe's buffer
    // would otherwise block both sides.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot.to_string();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stderr.read_to_string(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < timeout => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("Graphviz took longer than {} s", timeout.as_secs_f64()));
            }
            Err(e) => return Err(format!("Graphviz `dot` could not be waited for: {e}")),
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let first = err.lines().next().unwrap_or("no message");
        return Err(format!("Graphviz failed ({status}): {first}"));
    }
    let text = String::from_utf8_lossy(&out);
    match text.find("<svg") {
        Some(at) => Ok(text[at..].trim_end().to_string()),
        None => Err("Graphviz wrote no SVG".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_dot() -> bool {
        Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success())
    }

    #[test]
    fn a_graph_becomes_an_svg_element_and_bad_dot_a_reason() {
        if !has_dot() {
            // Without Graphviz the reason is the missing program.
            let err = render("digraph { a -> b }", Duration::from_secs(5)).unwrap_err();
            assert!(err.contains("not installed"), "{err}");
            return;
        }
        let svg = render("digraph { a -> b }", Duration::from_secs(20)).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        let err = render("digraph { a -> ", Duration::from_secs(20)).unwrap_err();
        assert!(err.contains("Graphviz failed"), "{err}");
    }

    #[test]
    fn a_layout_that_takes_too_long_is_stopped() {
        if !has_dot() {
            return;
        }
        // A few thousand edges keep `dot` busy far longer than a
        // millisecond.
        let mut dot = String::from("digraph {");
        for i in 0..3000 {
            dot.push_str(&format!("n{} -> n{};", i % 97, (i * 31) % 89 + 100));
        }
        dot.push('}');
        let started = Instant::now();
        let err = render(&dot, Duration::from_millis(1)).unwrap_err();
        assert!(err.contains("took longer"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
