//! Compression of what a store keeps compressed: articles' texts (as
//! the SQLite archive format keeps a file, so that the sqlite3 shell's
//! `sqlar_uncompress(text, size)` reads one) and families' reports, both
//! zlib made by libdeflate in one call a buffer ([`Zlib`]).

use std::path::Path;

use super::open::format_error;
use crate::error::Result;

/// A zlib compressor of many small buffers, each whole in one call
/// (libdeflate). Any zlib reader reads what it makes (the sqlite3
/// shell's `sqlar_uncompress`, Python's `zlib`). It took half the CPU
/// of `build --db`'s store thread under miniz_oxide's streams, whose
/// set-up and Huffman tables cost more than the bytes of a short text;
/// libdeflate makes the same sizes in 40-50% of the time (BENCHMARKS.md,
/// session 24).
pub(super) struct Zlib {
    compressor: libdeflater::Compressor,
    out: Vec<u8>,
}

impl Zlib {
    fn new(level: i32) -> Zlib {
        Zlib {
            compressor: libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(level).expect("a level libdeflate has"),
            ),
            out: Vec::new(),
        }
    }

    /// For articles' texts: the fastest level, since a higher one makes
    /// them hardly smaller (words, with few long repeats).
    pub(super) fn texts() -> Zlib {
        Zlib::new(1)
    }

    /// For reports (JSON), a fifth of their size at this level; the
    /// fastest makes them 7% larger.
    pub(super) fn reports() -> Zlib {
        Zlib::new(REPORT_LEVEL)
    }

    /// `data` compressed.
    pub(super) fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        let bound = self.compressor.zlib_compress_bound(data.len());
        if self.out.len() < bound {
            self.out.resize(bound, 0);
        }
        let n = self
            .compressor
            .zlib_compress(data, &mut self.out)
            .expect("the bound holds the output");
        self.out[..n].to_vec()
    }
}

/// libdeflate's level for reports.
const REPORT_LEVEL: i32 = 6;

/// A text as `articles.text` keeps it: compressed with zlib, unless that
/// does not make it shorter (the SQLite archive format's rule, so that
/// the sqlite3 shell's `sqlar_uncompress(text, size)` reads it).
pub(super) fn pack_text(zlib: &mut Zlib, text: &[u8]) -> Vec<u8> {
    let packed = zlib.compress(text);
    if packed.len() < text.len() {
        packed
    } else {
        text.to_vec()
    }
}

/// How far deflate can expand its input, at most (RFC 1951: 258 bytes
/// from a match of at least 2 bits).
const MAX_DEFLATE_RATIO: u64 = 1032;

/// A text [`pack_text`] kept, `size` bytes long.
pub(super) fn unpack_text(path: &Path, packed: &[u8], size: Option<i64>) -> Result<String> {
    let bytes = match size {
        Some(n) if n != packed.len() as i64 => {
            // libdeflate inflates a whole text in one call into a buffer
            // of its size, which the row gives: in a third of the time of
            // miniz_oxide's stream, and an `add` inflates every stored
            // article with quotes (BENCHMARKS.md, session 25).
            thread_local! {
                static INFLATE: std::cell::RefCell<libdeflater::Decompressor> =
                    std::cell::RefCell::new(libdeflater::Decompressor::new());
            }
            // Deflate expands a byte to at most 1,032 (RFC 1951's longest
            // match for a 2-bit code), so a size past that is a damaged row:
            // refuse it before allocating what it claims.
            if n < 0 || n as u64 > (packed.len() as u64).saturating_mul(MAX_DEFLATE_RATIO) {
                return Err(format_error(
                    path,
                    format!("articles.size {n} cannot be the size of {} zlib bytes", packed.len()),
                ));
            }
            let mut out = vec![0; n as usize];
            let got = INFLATE
                .with(|d| d.borrow_mut().zlib_decompress(packed, &mut out))
                .map_err(|e| format_error(path, format!("articles.text is not zlib of {n} bytes: {e}")))?;
            if got != out.len() {
                return Err(format_error(
                    path,
                    format!("articles.text inflates to {got} bytes, not its size {n}"),
                ));
            }
            out
        }
        _ => packed.to_vec(),
    };
    String::from_utf8(bytes).map_err(|e| format_error(path, format!("articles.text is not UTF-8: {e}")))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn issue16_texts_and_reports_compressed_in_one_call_read_back_as_zlib() {
        // One compressor serves many buffers of any size, and leaves no
        // bytes of a longer one in a shorter one's output.
        let long = "We will win, said the minister. ".repeat(400);
        let mut z = Zlib::texts();
        let mut reports = Zlib::reports();
        for text in [long.as_str(), "We will win.", "", long.as_str()] {
            for zlib in [&mut z, &mut reports] {
                let packed = zlib.compress(text.as_bytes());
                let mut back = String::new();
                flate2::read::ZlibDecoder::new(&packed[..])
                    .read_to_string(&mut back)
                    .unwrap();
                assert_eq!(back, text);
            }
        }
        // A text that compression does not shorten is kept as it is, as
        // the SQLite archive format keeps it; `size` tells them apart.
        let short = pack_text(&mut z, b"ok");
        assert_eq!(short, b"ok");
        assert_eq!(unpack_text(Path::new("x.qg"), &short, Some(2)).unwrap(), "ok");
        let packed = pack_text(&mut z, long.as_bytes());
        assert!(packed.len() < long.len() / 10);
        assert_eq!(
            unpack_text(Path::new("x.qg"), &packed, Some(long.len() as i64)).unwrap(),
            long
        );
        // Texts are inflated in one call into a buffer of their size
        // (issue 16): any zlib stream reads back, an older store's
        // (flate2's, a stream at another level) as well, and a size that
        // is not the text's is an error, not a cut or padded text.
        let mut other = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut other, long.as_bytes()).unwrap();
        let other = other.finish().unwrap();
        assert_eq!(
            unpack_text(Path::new("x.qg"), &other, Some(long.len() as i64)).unwrap(),
            long
        );
        for size in [long.len() as i64 - 1, long.len() as i64 + 1] {
            let err = unpack_text(Path::new("x.qg"), &packed, Some(size))
                .unwrap_err()
                .to_string();
            assert!(err.contains("articles.text"), "{err}");
        }
        // A damaged size is refused before anything that large is
        // allocated (a row claiming i64::MAX bytes would abort the
        // process), while the most compressible text still reads back.
        for size in [-1, i64::MAX, packed.len() as i64 * 2000] {
            let err = unpack_text(Path::new("x.qg"), &packed, Some(size))
                .unwrap_err()
                .to_string();
            assert!(err.contains("articles.size") && err.contains("x.qg"), "{err}");
        }
        let zeros = "0".repeat(4 << 20);
        let packed = pack_text(&mut z, zeros.as_bytes());
        assert_eq!(
            unpack_text(Path::new("x.qg"), &packed, Some(zeros.len() as i64)).unwrap(),
            zeros
        );
    }
}
