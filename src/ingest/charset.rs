//! Decodes a page's bytes as the page declares them: a byte-order mark,
//! then the HTTP header's charset, then a `<meta>` charset near the top,
//! then UTF-8 when the bytes are valid UTF-8, and only then detection
//! (chardetng, hinted by the URL's top-level domain).

use encoding_rs::Encoding;

/// Bytes of the page searched for a `<meta>` charset, as browsers do.
const PRESCAN: usize = 1024;

/// The decoded page, the encoding used, and whether some bytes were not
/// valid in it (they became U+FFFD).
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub malformed: bool,
}

/// Decodes `bytes`; `content_type` is the HTTP header, when there is one.
pub fn decode(bytes: &[u8], content_type: Option<&str>, url: Option<&str>) -> Decoded {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_param).and_then(label))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN)]))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(bytes, true);
                det.guess(url.and_then(tld).map(str::as_bytes), chardetng::Utf8Detection::Allow)
            }
        });
    let (text, used, malformed) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used,
        malformed,
    }
}

/// An encoding label as a page may give it. A page cannot declare
/// UTF-16 in ASCII, so such a label means UTF-8 (the HTML standard).
fn label(name: &str) -> Option<&'static Encoding> {
    let e = Encoding::for_label(name.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        e.output_encoding()
    })
}

/// The `charset=` parameter of a Content-Type value.
fn charset_param(value: &str) -> Option<&str> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = &value[at..];
    let end = rest.find([';', ' ', ',']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The charset of the first `<meta charset>` or `<meta http-equiv
/// content="…; charset=…">` in the head of the page.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[c + "charset".len()..];
            let rest = rest.strip_prefix(b"=").or_else(|| {
                let t = rest.trim_ascii_start();
                t.strip_prefix(b"=")
            });
            if let Some(rest) = rest {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let n = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(e) = std::str::from_utf8(&rest[..n]).ok().and_then(label) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn tld(url: &str) -> Option<&str> {
    let host = url.split("://").nth(1)?.split(['/', ':', '?', '#']).next()?;
    host.rsplit('.').next().filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_header_wins_over_meta() {
        let page = "<meta charset=\"utf-8\"><p>caf\u{e9}</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let d = decode(&bytes, Some("text/html; charset=ISO-8859-1"), None);
        assert!(d.text.contains("café"));
        assert!(!d.malformed);
    }

    #[test]
    fn meta_charset_is_read_in_both_forms() {
        for head in [
            "<meta charset='windows-1251'>",
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\">",
        ] {
            let page = format!("{head}<p>\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}</p>");
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
            assert!(decode(&bytes, None, None).text.contains("Привет"), "{head}");
        }
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected_not_mangled() {
        let page = "<p>Die Stra\u{df}e war \u{fc}berf\u{fc}llt, sagte der B\u{fc}rgermeister am Montag.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let d = decode(&bytes, None, Some("https://example.de/a"));
        assert!(d.text.contains("Straße"), "{}", d.text);
    }

    #[test]
    fn a_declared_utf16_in_ascii_means_utf8() {
        let d = decode("<meta charset=utf-16><p>é</p>".as_bytes(), None, None);
        assert!(d.text.contains('é'));
    }
}
