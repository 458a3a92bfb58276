//! Issue 5: messy input never crashes the tool, and every article is
//! processed or reported.

use crate::{parse_jsonl, qg, write};

/// Runs `extract --format jsonl` on one path; returns (exit code, articles, stderr).
fn run(path: &std::path::Path) -> (i32, Vec<serde_json::Value>, String) {
    let out = qg()
        .arg("extract")
        .arg(path)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        parse_jsonl(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every quote's offsets slice out its text.
fn offsets_hold(text: &str, article: &serde_json::Value) {
    for q in article["quotes"].as_array().unwrap() {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(s..e), q["text"].as_str(), "offsets {s}..{e}");
    }
}

#[test]
fn issue5_empty_file_is_an_article_without_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.txt", "");
    let (code, arts, _) = run(&p);
    assert_eq!(code, 0);
    assert_eq!(arts.len(), 1);
    assert!(arts[0]["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn issue5_bom_and_crlf_are_read_like_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Harbour closes\r\n\r\n“The pier stays shut,” Ilse Tarn said.\r\n";
    let p = write(dir.path(), "bom.txt", text);
    let (code, arts, _) = run(&p);
    assert_eq!(code, 0);
    let q = &arts[0]["quotes"][0];
    assert_eq!(q["text"], "The pier stays shut,");
    assert_eq!(q["speaker"], "Ilse Tarn");
}

#[test]
fn issue5_binary_file_is_reported_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\xff\xfe".to_vec();
    pdf.extend(std::iter::repeat_n(0u8, 4096));
    let p = write(dir.path(), "paper.txt", pdf);
    let (code, _, stderr) = run(&p);
    assert!(code == 0 || code == 3, "exit {code}");
    assert!(stderr.contains("paper.txt"), "the file is named: {stderr}");
}

#[test]
fn issue5_unknown_extensions_in_a_folder_are_skipped_and_said_so_when_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "“Fine,” she said.");
    write(dir.path(), "image.png", [0x89u8, b'P', b'N', b'G']);
    let (code, arts, _) = run(dir.path());
    assert_eq!(code, 0);
    assert_eq!(arts.len(), 1);
}

#[test]
fn issue5_ten_thousand_unbalanced_marks() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Title\n\n".to_string() + &"“ word ".repeat(10_000) + "\n\n“Fine,” she said.";
    let p = write(dir.path(), "marks.txt", &text);
    let (code, arts, _) = run(&p);
    assert_eq!(code, 0);
    offsets_hold(&text, &arts[0]);
}

#[test]
fn issue5_quotes_nested_a_thousand_deep() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}core{}", "“‘«".repeat(334), "»’”".repeat(334));
    let p = write(dir.path(), "nested.txt", &text);
    let (code, arts, _) = run(&p);
    assert_eq!(code, 0);
    offsets_hold(&text, &arts[0]);
}

#[test]
fn issue5_a_one_megabyte_quote_and_a_long_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let body = "the pier will reopen when the water is clean ".repeat(23_000);
    let text = format!("“{body}” she said. {}", "And on it goes. ".repeat(60_000));
    let p = write(dir.path(), "long.txt", &text);
    let (code, arts, _) = run(&p);
    assert_eq!(code, 0);
    offsets_hold(&text, &arts[0]);
}

#[cfg(unix)]
#[test]
fn issue5_a_symlink_loop_is_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "“Fine,” she said.");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let (code, arts, stderr) = run(dir.path());
    assert_eq!(arts.len(), 1, "{stderr}");
    assert!(code == 0 || code == 3);
    assert!(stderr.contains("loop"), "{stderr}");
}

#[test]
fn issue5_a_50_mb_record_on_one_line_is_read_and_its_last_quote_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "The harbour reopened on Monday after a week of storms. ".repeat(920_000);
    text.push_str("“We will rebuild the pier by spring,” Mayor Ilse Tarn said.");
    assert!(text.len() > 50_000_000);
    let record = serde_json::json!({"id": "big", "text": text}).to_string();
    let p = write(dir.path(), "one-line.jsonl", &record);
    let (code, arts, stderr) = run(&p);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(arts.len(), 1);
    let quotes = arts[0]["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["text"], "We will rebuild the pier by spring,");
    assert_eq!(quotes[0]["speaker"], "Mayor Ilse Tarn");
    offsets_hold(&text, &arts[0]);
}
