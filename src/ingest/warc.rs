//! WARC archives, read a record at a time: WARC 1.0 and 1.1, plain,
//! gzipped a record per member (as crawlers write them) or gzipped whole.
//!
//! `rust_warc` parses each record's header and block. This module frames
//! the records around it: it keeps byte offsets for error messages, bounds
//! what a header may declare before anything is allocated, tolerates the
//! stray blank lines real archives carry between records, and passes over
//! the blocks nobody reads without holding them, so memory stays flat
//! whatever the archive's size. A damaged archive yields every record
//! before the damage and then one error.

use std::fmt;
use std::io::{self, BufRead, Read};

/// Longest header block read: far above any real one, and a bound on
/// what a corrupt archive can make the reader hold.
const MAX_HEADER: u64 = 1 << 20;

/// Largest block read into memory; larger records are skipped unread.
pub const MAX_BLOCK: u64 = 256 << 20;

/// Where a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    /// The byte where the record's gzip member starts in the file; `None`
    /// for an uncompressed archive.
    pub member: Option<u64>,
    /// Bytes into the uncompressed stream (of the member, when gzipped).
    pub byte: u64,
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            None => write!(f, "offset {}", self.byte),
            Some(m) if self.byte == 0 => write!(f, "offset {m}"),
            Some(m) => write!(f, "offset {m} (+{} uncompressed)", self.byte),
        }
    }
}

/// What a record's header says, read before its block is.
#[derive(Debug, Clone, Default)]
pub struct Head {
    pub warc_type: String,
    pub target_uri: Option<String>,
    pub content_type: String,
    pub content_length: u64,
}

/// One record, with its block when the caller kept it.
#[derive(Debug)]
pub struct Record {
    pub offset: Offset,
    pub head: Head,
    /// The block, for records the caller asked to keep.
    pub block: Option<Vec<u8>>,
}

/// A record, or the archive, that could not be read.
#[derive(Debug, Clone)]
pub struct WarcError {
    pub offset: Offset,
    pub target_uri: Option<String>,
    pub message: String,
}

impl fmt::Display for WarcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record at {}", self.offset)?;
        if let Some(uri) = &self.target_uri {
            write!(f, " ({uri})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads every record of an archive in order, handing each to `each`;
/// `keep` decides from the header which blocks are read into memory. After
/// an error the archive is not read further: its framing is lost.
pub fn read<R: BufRead>(input: R, keep: &dyn Fn(&Head) -> bool, each: &mut dyn FnMut(Result<Record, WarcError>)) {
    let mut outer = Counting::new(input);
    let gzipped = match outer.fill_buf() {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            return each(Err(WarcError {
                offset: Offset { member: None, byte: 0 },
                target_uri: None,
                message: e.to_string(),
            }))
        }
    };
    if !gzipped {
        read_records(&mut outer, &|byte| Offset { member: None, byte }, keep, each);
        return;
    }
    let members = Members {
        outer: Some(flate2::bufread::GzDecoder::new(outer)),
        decoded: 0,
        starts: Default::default(),
    };
    let starts = std::rc::Rc::clone(&members.starts);
    starts.borrow_mut().push((0, 0));
    let mut inner = Counting::new(io::BufReader::with_capacity(1 << 16, members));
    // A record is placed by the member its first byte was decoded from.
    let locate = |byte: u64| {
        let mut starts = starts.borrow_mut();
        let i = starts.partition_point(|&(d, _)| d <= byte).saturating_sub(1);
        // Records come in order: the members before this one are done
        // with, and dropping them keeps the list short.
        starts.drain(..i);
        let (d, m) = starts[0];
        Offset {
            member: Some(m),
            byte: byte - d,
        }
    };
    read_records(&mut inner, &locate, keep, each);
}

/// Gzip members decoded one after another, as one stream (a record may
/// run over from one member into the next), noting where each member
/// starts in the file and in the decoded stream.
struct Members<R: BufRead> {
    outer: Option<flate2::bufread::GzDecoder<Counting<R>>>,
    decoded: u64,
    /// (decoded offset, file offset) of each member's start.
    starts: std::rc::Rc<std::cell::RefCell<Vec<(u64, u64)>>>,
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(dec) = self.outer.as_mut() else {
                return Ok(0);
            };
            let n = dec.read(buf)?;
            if n > 0 || buf.is_empty() {
                self.decoded += n as u64;
                return Ok(n);
            }
            // The member ended: the bufread decoder took no more than its
            // own bytes, so the next member starts where it stopped.
            let Some(dec) = self.outer.take() else {
                return Ok(0);
            };
            let mut outer = dec.into_inner();
            if outer.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.starts.borrow_mut().push((self.decoded, outer.pos));
            self.outer = Some(flate2::bufread::GzDecoder::new(outer));
        }
    }
}

/// Reads records until the stream ends or fails.
fn read_records<R: BufRead>(
    r: &mut Counting<R>,
    locate: &dyn Fn(u64) -> Offset,
    keep: &dyn Fn(&Head) -> bool,
    each: &mut dyn FnMut(Result<Record, WarcError>),
) {
    loop {
        if let Err(e) = skip_blank_lines(r) {
            each(Err(WarcError {
                offset: locate(r.pos),
                target_uri: None,
                message: e.to_string(),
            }));
            return;
        }
        let offset = locate(r.pos);
        let fail = |target_uri: Option<String>, message: String| WarcError {
            offset,
            target_uri,
            message,
        };
        let (raw, head) = match read_head(r) {
            Ok(None) => return,
            Ok(Some(h)) => h,
            Err(message) => {
                each(Err(fail(None, message)));
                return;
            }
        };
        let len = head.content_length;
        let block = if keep(&head) && len <= MAX_BLOCK {
            // rust_warc reads the header it is given and a block of exactly
            // `len` bytes; the record's trailing blank lines are ours to
            // check, so that a short or missing trailer loses nothing.
            let framed = io::Cursor::new(raw).chain((&mut *r).take(len)).chain(&b"\r\n\r\n"[..]);
            match rust_warc::WarcRecord::parse(framed) {
                Ok(rec) if rec.content.len() as u64 == len => Some(rec.content),
                Ok(rec) => {
                    each(Err(fail(
                        head.target_uri,
                        format!("truncated: {} of {len} block bytes", rec.content.len()),
                    )));
                    return;
                }
                Err(e) => {
                    let message = match e {
                        rust_warc::WarcError::Malformed(m) => m,
                        rust_warc::WarcError::IO(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                            format!("truncated: the archive ends inside a {len}-byte block")
                        }
                        rust_warc::WarcError::IO(e) => e.to_string(),
                        rust_warc::WarcError::EOF => "empty record".into(),
                    };
                    each(Err(fail(head.target_uri, message)));
                    return;
                }
            }
        } else {
            match io::copy(&mut (&mut *r).take(len), &mut io::sink()) {
                Ok(n) if n == len => None,
                Ok(n) => {
                    each(Err(fail(
                        head.target_uri,
                        format!("truncated: {n} of {len} block bytes"),
                    )));
                    return;
                }
                Err(e) => {
                    each(Err(fail(head.target_uri, e.to_string())));
                    return;
                }
            }
        };
        each(Ok(Record { offset, head, block }));
    }
}

/// Passes over the empty lines between records (the standard's two, and
/// the extra ones some writers add).
fn skip_blank_lines<R: BufRead>(r: &mut R) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let n = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if n == 0 {
            return Ok(());
        }
        r.consume(n);
    }
}

/// Reads a header block: the version line, the fields, the blank line.
/// Returns it with CRLF line ends (as `rust_warc` wants them) and the
/// fields this module needs, or `None` at the end of the stream.
fn read_head<R: BufRead>(r: &mut R) -> Result<Option<(Vec<u8>, Head)>, String> {
    let mut raw = Vec::new();
    let mut head = Head::default();
    let mut length = None;
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let room = MAX_HEADER.saturating_sub(raw.len() as u64);
        let n = (&mut *r)
            .take(room)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            if first {
                return Ok(None);
            }
            return Err(if room == 0 {
                format!("header longer than {MAX_HEADER} bytes")
            } else {
                "truncated: the archive ends inside a record header".into()
            });
        }
        let text = trim_eol(&line);
        if first {
            if !text.starts_with(b"WARC/1.") {
                let shown = String::from_utf8_lossy(&text[..text.len().min(40)]).into_owned();
                return Err(format!("not a WARC record: it starts {shown:?}"));
            }
            first = false;
        } else if text.is_empty() {
            raw.extend_from_slice(b"\r\n");
            break;
        } else if let Some(colon) = text.iter().position(|&b| b == b':') {
            let name = String::from_utf8_lossy(&text[..colon]).trim().to_ascii_lowercase();
            let value = String::from_utf8_lossy(&text[colon + 1..]).trim().to_string();
            match name.as_str() {
                "warc-type" => head.warc_type = value.to_ascii_lowercase(),
                "warc-target-uri" => head.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
                "content-type" => head.content_type = value,
                "content-length" => {
                    length = Some(
                        value
                            .parse::<u64>()
                            .map_err(|_| format!("Content-Length is not a number: {value:?}"))?,
                    )
                }
                _ => {}
            }
        }
        // rust_warc parses text: a header that is not UTF-8 is given to it
        // lossily rather than refused.
        raw.extend_from_slice(String::from_utf8_lossy(text).as_bytes());
        raw.extend_from_slice(b"\r\n");
    }
    head.content_length = length.ok_or("the record has no Content-Length")?;
    Ok(Some((raw, head)))
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A reader that counts the bytes taken from it.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R> Counting<R> {
    fn new(inner: R) -> Self {
        Counting { inner, pos: 0 }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// An HTTP response as archived: status, the headers this reader needs,
/// and the payload with its transfer coding undone.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub body: Vec<u8>,
}

/// Parses an archived HTTP response. A body that claims to be chunked
/// but is not is kept as it is, as warcio does: archives hold both.
pub fn http_response(block: &[u8]) -> Result<Response, String> {
    let mut headers = vec![httparse::EMPTY_HEADER; 64];
    loop {
        let mut res = httparse::Response::new(&mut headers);
        match res.parse(block) {
            Ok(httparse::Status::Complete(at)) => {
                let find = |name: &str| {
                    res.headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                let chunked = find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
                let raw = &block[at..];
                let body = if chunked {
                    dechunk(raw).unwrap_or_else(|| raw.to_vec())
                } else {
                    raw.to_vec()
                };
                return Ok(Response {
                    status: res.code.unwrap_or(0),
                    content_type: find("content-type"),
                    content_encoding: find("content-encoding"),
                    body,
                });
            }
            Ok(httparse::Status::Partial) => return Err("the HTTP header is cut short".into()),
            Err(httparse::Error::TooManyHeaders) if headers.len() < 1024 => {
                headers = vec![httparse::EMPTY_HEADER; headers.len() * 4];
            }
            Err(e) => return Err(format!("not an HTTP response: {e}")),
        }
    }
}

/// Undoes chunked transfer coding; `None` when the body is not chunked
/// after all.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let (at, size) = match httparse::parse_chunk_size(raw) {
            Ok(httparse::Status::Complete(x)) => x,
            _ => return None,
        };
        let size = usize::try_from(size).ok()?;
        if size == 0 {
            return Some(out);
        }
        let chunk = raw.get(at..at.checked_add(size)?)?;
        out.extend_from_slice(chunk);
        raw = &raw[at + size..];
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

/// Undoes a content coding (gzip, deflate) that the archive kept. A body
/// cut short decodes as far as it goes, with a warning.
pub fn decode_content(body: Vec<u8>, coding: Option<&str>) -> Result<(Vec<u8>, Option<String>), String> {
    let coding = coding.map(|c| c.trim().to_ascii_lowercase()).unwrap_or_default();
    let mut out = Vec::new();
    let read = |r: &mut dyn Read, out: &mut Vec<u8>| r.take(MAX_BLOCK).read_to_end(out);
    let res = match coding.as_str() {
        "" | "identity" | "none" => return Ok((body, None)),
        "gzip" | "x-gzip" => read(&mut flate2::read::MultiGzDecoder::new(&body[..]), &mut out),
        "deflate" => read(&mut flate2::read::ZlibDecoder::new(&body[..]), &mut out).or_else(|_| {
            out.clear();
            read(&mut flate2::read::DeflateDecoder::new(&body[..]), &mut out)
        }),
        other => return Err(format!("content coding {other:?} is not supported")),
    };
    match res {
        Ok(_) => Ok((out, None)),
        Err(e) if !out.is_empty() => Ok((out, Some(format!("content coding {coding}: {e}; read what decoded")))),
        Err(e) => Err(format!("content coding {coding}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn all(bytes: &[u8]) -> Vec<Result<Record, WarcError>> {
        let mut out = Vec::new();
        read(bytes, &|h| h.warc_type == "response", &mut |r| out.push(r));
        out
    }

    #[test]
    fn plain_records_in_order_with_offsets() {
        let mut bytes = record("request", "http://a.example/", b"GET / HTTP/1.1\r\n\r\n");
        let second = bytes.len() as u64;
        bytes.extend(record("response", "http://a.example/", b"HTTP/1.1 200 OK\r\n\r\nhi"));
        let got = all(&bytes);
        assert_eq!(got.len(), 2);
        let r = got[1].as_ref().unwrap();
        assert_eq!(
            r.offset,
            Offset {
                member: None,
                byte: second
            }
        );
        assert_eq!(r.head.target_uri.as_deref(), Some("http://a.example/"));
        assert_eq!(r.block.as_deref(), Some(&b"HTTP/1.1 200 OK\r\n\r\nhi"[..]));
        assert!(got[0].as_ref().unwrap().block.is_none());
    }

    #[test]
    fn gzip_members_report_their_file_offsets() {
        use std::io::Write;
        let gz = |b: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(b).unwrap();
            e.finish().unwrap()
        };
        let mut bytes = gz(&record("response", "http://a.example/1", b"HTTP/1.1 200 OK\r\n\r\n1"));
        let second = bytes.len() as u64;
        bytes.extend(gz(&record(
            "response",
            "http://a.example/2",
            b"HTTP/1.1 200 OK\r\n\r\n2",
        )));
        let got = all(&bytes);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1].as_ref().unwrap().offset,
            Offset {
                member: Some(second),
                byte: 0
            }
        );
    }

    #[test]
    fn truncated_archive_yields_records_before_the_damage_then_an_error() {
        let mut bytes = record("response", "http://a.example/1", b"HTTP/1.1 200 OK\r\n\r\none");
        let whole = record("response", "http://a.example/2", b"HTTP/1.1 200 OK\r\n\r\ntwo two two");
        bytes.extend_from_slice(&whole[..whole.len() - 8]);
        let got = all(&bytes);
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        let e = got[1].as_ref().unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        assert_eq!(e.target_uri.as_deref(), Some("http://a.example/2"));
    }

    #[test]
    fn absurd_content_length_is_an_error_not_an_allocation() {
        let bytes = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999\r\n\r\nxx";
        let got = all(bytes);
        assert!(got.last().unwrap().is_err());
    }

    #[test]
    fn lowercase_names_and_bare_newlines_are_read() {
        let bytes = b"WARC/1.0\nwarc-type: response\ncontent-length: 19\n\nHTTP/1.1 200 OK\r\n\r\n\n\n";
        let got = all(bytes);
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap().block.is_some());
    }

    #[test]
    fn not_a_warc_is_said_so() {
        let got = all(b"<html>hello</html>");
        assert!(got[0].as_ref().unwrap_err().message.contains("not a WARC"));
    }

    #[test]
    fn chunked_bodies_are_joined_and_false_chunking_kept() {
        let r = http_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            .unwrap();
        assert_eq!(r.body, b"abcde");
        let r = http_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>").unwrap();
        assert_eq!(r.body, b"<html>");
    }

    #[test]
    fn gzip_content_coding_is_undone() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"<p>hi</p>").unwrap();
        let body = e.finish().unwrap();
        assert_eq!(
            decode_content(body.clone(), Some("gzip")).unwrap(),
            (b"<p>hi</p>".to_vec(), None)
        );
        let (cut, warning) = decode_content(body[..body.len() - 8].to_vec(), Some("gzip")).unwrap();
        assert_eq!(cut, b"<p>hi</p>");
        assert!(warning.is_some());
        assert!(decode_content(b"x".to_vec(), Some("br")).is_err());
    }
}
