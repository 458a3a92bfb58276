//! Reading articles and their quotes back: whole ([`Store::articles`],
//! for `export`), compact as an `add` holds them
//! ([`Store::held_articles`]), or one article's quotes whole where an
//! `add` needs them ([`Store::whole_quotes`], a batch inflated on every
//! core while the next is read).

use std::path::Path;

use rusqlite::OptionalExtension;

use super::compress::unpack_text;
use super::open::{format_error, json_error};
use super::Store;
use crate::article::held::Held;
use crate::article::Analysed;
use crate::error::Result;
use crate::extract::{Kind, Quote};

/// Each article number's place in a list of them, by number: numbers
/// are given once, one an article, so they are dense (a quote's article
/// is found by index, not hashed: millions of quotes at 1M).
pub(super) struct Positions(Vec<u32>);

impl Positions {
    pub(super) fn of(seqs: &[i64]) -> Positions {
        let top = seqs
            .iter()
            .copied()
            .filter(|&s| s >= 0)
            .max()
            .map_or(0, |s| s as usize + 1);
        let mut at = vec![u32::MAX; top];
        for (i, &s) in seqs.iter().enumerate() {
            if s >= 0 {
                at[s as usize] = i as u32;
            }
        }
        Positions(at)
    }

    pub(super) fn get(&self, seq: i64) -> Option<usize> {
        let &i = self.0.get(usize::try_from(seq).ok()?)?;
        (i != u32::MAX).then_some(i as usize)
    }
}

/// A quote's columns as [`Store::quote_row`] reads them.
const QUOTE_COLUMNS: &str =
    "start, end, segments, kind, speaker, speaker_canonical, speaker_start, speaker_end, cue, conduit";

/// Articles [`Store::whole_quotes`] reads before their texts are
/// inflated: a few hundred packed texts held at once, at most twice.
const WHOLE_BATCH: usize = 256;

/// An article's number, packed text and size, and its quotes' rows, as
/// [`Store::whole_quotes`] reads them before inflating the text.
type PackedQuotes = (i64, Vec<u8>, Option<i64>, Vec<QuoteRow>);

/// A quote's [`QUOTE_COLUMNS`] as read, before its article's text is
/// inflated to cut its text from.
struct QuoteRow {
    start: i64,
    end: i64,
    segments: String,
    kind: String,
    speaker: Option<String>,
    speaker_canonical: Option<String>,
    speaker_start: Option<i64>,
    speaker_end: Option<i64>,
    cue: Option<String>,
    conduit: Option<String>,
}

impl QuoteRow {
    /// The row's [`QUOTE_COLUMNS`] from column `first` on.
    fn read(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<QuoteRow> {
        let c = |i: usize| first + i;
        Ok(QuoteRow {
            start: r.get(c(0))?,
            end: r.get(c(1))?,
            segments: r.get(c(2))?,
            kind: r.get(c(3))?,
            speaker: r.get(c(4))?,
            speaker_canonical: r.get(c(5))?,
            speaker_start: r.get(c(6))?,
            speaker_end: r.get(c(7))?,
            cue: r.get(c(8))?,
            conduit: r.get(c(9))?,
        })
    }

    /// The quote, of article `seq` (of store `path`) whose text is `text`.
    fn quote(self, path: &Path, seq: i64, text: &str) -> Result<Quote> {
        let (start, end) = (self.start as usize, self.end as usize);
        let quote_text = text.get(start..end).ok_or_else(|| {
            format_error(
                path,
                format!("a quote of article {seq} at {start}..{end}, which is not there"),
            )
        })?;
        Ok(Quote {
            text: quote_text.to_string(),
            start,
            end,
            segments: serde_json::from_str(&self.segments).map_err(|e| json_error(path, "quotes.segments", e))?,
            kind: kind_named::<Kind>(&self.kind).map_err(|e| format_error(path, format!("quotes.kind: {e}")))?,
            speaker: self.speaker,
            speaker_canonical: self.speaker_canonical,
            speaker_start: self.speaker_start.map(|x| x as usize),
            speaker_end: self.speaker_end.map(|x| x as usize),
            cue: self.cue,
            conduit: self.conduit,
        })
    }
}

/// The number of segments of a quote whose `quotes.segments` is `json`
/// (serde's `[[s,e],...]` of its segments), at least one
/// ([`crate::link::segment_count`]), counted without making the list.
fn segment_count(json: &str) -> Option<usize> {
    let inner = json.trim().strip_prefix('[')?.strip_suffix(']')?;
    if !inner.bytes().all(|b| b.is_ascii_digit() || b"[], \n".contains(&b)) {
        return None;
    }
    Some(inner.bytes().filter(|&b| b == b'[').count().max(1))
}

/// A kind as its column holds it (serde's name for it), read without
/// making a JSON value first.
pub(super) fn kind_named<T: serde::de::DeserializeOwned>(
    name: &str,
) -> std::result::Result<T, serde::de::value::Error> {
    use serde::de::IntoDeserializer;
    T::deserialize(name.into_deserializer())
}

impl Store {
    /// Every article, in id order, without its text (which `add` leaves
    /// where it is), but with its quotes' texts, read from it.
    pub fn articles(&self) -> Result<Vec<Analysed>> {
        Ok(self.numbered_articles()?.0)
    }

    /// [`Store::articles`], and each one's number (`articles.seq`, given
    /// once: not its place in id order once an `add` has come).
    pub fn numbered_articles(&self) -> Result<(Vec<Analysed>, Vec<i64>)> {
        let e = self.e();
        let mut articles = Vec::new();
        let mut seqs = Vec::new();
        let mut st = self.prep(
            "SELECT id, title, outlet, published, language, seq, author, url, diagnostics FROM articles ORDER BY id",
        )?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            seqs.push(r.get::<_, i64>(5).map_err(&e)?);
            let diagnostics: String = r.get(8).map_err(&e)?;
            articles.push(Analysed {
                id: r.get(0).map_err(&e)?,
                title: r.get(1).map_err(&e)?,
                outlet: r.get(2).map_err(&e)?,
                published: r.get(3).map_err(&e)?,
                author: r.get(6).map_err(&e)?,
                url: r.get(7).map_err(&e)?,
                language: r.get(4).map_err(&e)?,
                quotes: Vec::new(),
                diagnostics: serde_json::from_str(&diagnostics)
                    .map_err(|e| json_error(&self.path, "articles.diagnostics", e))?,
            });
        }
        let at = Positions::of(&seqs);
        let mut st = self.prep(&format!(
            "SELECT article, {QUOTE_COLUMNS} FROM quotes ORDER BY article, idx"
        ))?;
        // The quotes come by article: each article's text is read and
        // inflated when its first quote comes, and dropped at the next.
        let mut text_of = self.prep("SELECT text, size FROM articles WHERE seq = ?1")?;
        let mut text: (i64, String) = (-1, String::new());
        // An article's quotes gather here and are moved into a vector of
        // their number: pushed one by one, they left room for a quote or
        // two more in most articles (some 200 MiB at 1M).
        let mut gathered: (usize, Vec<Quote>) = (usize::MAX, Vec::new());
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let seq: i64 = r.get(0).map_err(&e)?;
            if text.0 != seq {
                text = (seq, self.article_text(&mut text_of, seq)?);
            }
            let quote = self.quote_row(r, 1, seq, &text.1)?;
            let i = at
                .get(seq)
                .filter(|&i| i < articles.len())
                .ok_or_else(|| format_error(&self.path, format!("a quote of article {seq}, which is not there")))?;
            if i != gathered.0 {
                if let Some(a) = articles.get_mut(gathered.0) {
                    a.quotes = gathered.1.drain(..).collect();
                }
                gathered.0 = i;
            }
            gathered.1.push(quote);
        }
        if let Some(a) = articles.get_mut(gathered.0) {
            a.quotes = gathered.1.drain(..).collect();
        }
        Ok((articles, seqs))
    }

    /// The articles in id order as an `add` holds them, compact
    /// ([`Held`]: what its link and trace read of an old article and its
    /// quotes, no text, no offsets), and each one's number: at 1M a
    /// tenth of the whole articles' memory ([`Store::whole_quotes`] reads
    /// an article's quotes whole where needed).
    pub fn held_articles(&self) -> Result<(Held, Vec<i64>)> {
        let e = self.e();
        let mut held = Held::default();
        let mut seqs = Vec::new();
        let mut st = self.prep("SELECT id, title, outlet, published, language, seq FROM articles ORDER BY id")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            seqs.push(r.get::<_, i64>(5).map_err(&e)?);
            // Each text read in place, not copied out first: five
            // columns of a million rows.
            let e = &e;
            let text = move |i: usize| r.get_ref(i).map_err(e)?.as_str_or_null().map_err(|x| e(x.into()));
            let given = move |i: usize| r.get_ref(i).map_err(e)?.as_str().map_err(|x| e(x.into()));
            held.push_article(given(0)?, text(1)?, text(2)?, text(3)?, given(4)?);
        }
        let at = Positions::of(&seqs);
        let mut st = self.prep(
            "SELECT article, segments, kind, speaker, speaker_canonical, cue, conduit FROM quotes ORDER BY article, idx",
        )?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let seq: i64 = r.get(0).map_err(&e)?;
            let i = at
                .get(seq)
                .filter(|&i| i < held.len())
                .ok_or_else(|| format_error(&self.path, format!("a quote of article {seq}, which is not there")))?;
            let segments = r.get_ref(1).map_err(&e)?.as_str().map_err(|x| e(x.into()))?;
            let kind = r.get_ref(2).map_err(&e)?.as_str().map_err(|x| e(x.into()))?;
            let name = |c: usize| -> Result<Option<&str>> {
                r.get_ref(c).map_err(&e)?.as_str_or_null().map_err(|x| e(x.into()))
            };
            held.push_quote(
                i,
                crate::article::QuoteView {
                    kind: kind_named::<Kind>(kind)
                        .map_err(|e| format_error(&self.path, format!("quotes.kind: {e}")))?,
                    speaker: name(3)?,
                    speaker_canonical: name(4)?,
                    cue: name(5)?,
                    conduit: name(6)?,
                    segments: segment_count(segments)
                        .ok_or_else(|| format_error(&self.path, format!("quotes.segments: {segments}")))?,
                },
            );
        }
        held.done();
        Ok((held, seqs))
    }

    /// The quotes, whole (with their texts), of each article numbered in
    /// `seqs`, in order, as [`Store::numbered_articles`] reads them.
    ///
    /// The rows are read on this thread (the connection's), a batch of
    /// [`WHOLE_BATCH`] articles at a time, and each batch's texts are
    /// inflated and its quotes made on every core while this thread reads
    /// the next: an `add`'s trace fetches the quotes of every stored
    /// article of the families it traces again, and their inflation was
    /// half of that on the store's one thread (issue 16).
    pub fn whole_quotes(&self, seqs: &[i64]) -> Result<Vec<Vec<Quote>>> {
        let e = self.e();
        let mut text_of = self.prep("SELECT text, size FROM articles WHERE seq = ?1")?;
        let mut st = self.prep(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes WHERE article = ?1 ORDER BY idx"
        ))?;
        let path = self.path.as_path();
        let made = |batch: Vec<PackedQuotes>| -> Result<Vec<Vec<Quote>>> {
            use rayon::prelude::*;
            batch
                .into_par_iter()
                .map(|(seq, packed, size, rows)| {
                    let text = unpack_text(path, &packed, size)?;
                    rows.into_iter().map(|r| r.quote(path, seq, &text)).collect()
                })
                .collect()
        };
        let mut out = Vec::with_capacity(seqs.len());
        std::thread::scope(|s| -> Result<()> {
            let mut making: Option<std::thread::ScopedJoinHandle<'_, Result<Vec<Vec<Quote>>>>> = None;
            for batch in seqs.chunks(WHOLE_BATCH) {
                let mut read: Vec<PackedQuotes> = Vec::with_capacity(batch.len());
                for &seq in batch {
                    let (packed, size): (Vec<u8>, Option<i64>) = text_of
                        .query_row([seq], |t| Ok((t.get_ref(0)?.as_bytes()?.to_vec(), t.get(1)?)))
                        .optional()
                        .map_err(&e)?
                        .ok_or_else(|| format_error(&self.path, format!("article {seq}, which is not there")))?;
                    let mut quotes = Vec::new();
                    let mut rows = st.query([seq]).map_err(&e)?;
                    while let Some(r) = rows.next().map_err(&e)? {
                        quotes.push(QuoteRow::read(r, 0).map_err(&e)?);
                    }
                    read.push((seq, packed, size, quotes));
                }
                if let Some(h) = making.take() {
                    out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
                }
                making = Some(s.spawn(move || made(read)));
            }
            if let Some(h) = making.take() {
                out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The text of article `seq`, inflated (`text_of` selects its text
    /// and size by number).
    fn article_text(&self, text_of: &mut rusqlite::CachedStatement<'_>, seq: i64) -> Result<String> {
        let (packed, size): (Vec<u8>, Option<i64>) = text_of
            .query_row([seq], |t| Ok((t.get_ref(0)?.as_bytes()?.to_vec(), t.get(1)?)))
            .optional()
            .map_err(self.e())?
            .ok_or_else(|| format_error(&self.path, format!("article {seq}, which is not there")))?;
        unpack_text(&self.path, &packed, size)
    }

    /// A quote of article `seq` (whose text is `text`) from a row holding
    /// [`QUOTE_COLUMNS`] from column `first` on.
    fn quote_row(&self, r: &rusqlite::Row<'_>, first: usize, seq: i64, text: &str) -> Result<Quote> {
        QuoteRow::read(r, first).map_err(self.e())?.quote(&self.path, seq, text)
    }

    /// Each article's number (`articles.seq`), in id order.
    pub(super) fn article_seqs(&self) -> Result<Vec<i64>> {
        let e = self.e();
        let mut st = self.prep("SELECT seq FROM articles ORDER BY id")?;
        let seqs = st
            .query_map([], |r| r.get(0))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        Ok(seqs)
    }

    /// The ids of the articles the store holds.
    pub fn article_ids(&self) -> Result<std::collections::HashSet<String>> {
        let e = self.e();
        let mut st = self.prep("SELECT id FROM articles")?;
        let ids = st
            .query_map([], |r| r.get(0))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Writer;

    #[test]
    fn issue16_a_quotes_segments_are_counted_as_the_parsed_list_counts_them() {
        for segments in [
            vec![],
            vec![[0, 5]],
            vec![[0, 5], [7, 19]],
            vec![[1, 2], [3, 4], [50, 600]],
        ] {
            let json = serde_json::to_string(&segments).unwrap();
            assert_eq!(segment_count(&json), Some(segments.len().max(1)), "{json}");
        }
        assert_eq!(segment_count("{}"), None);
        assert_eq!(segment_count("[[0,\"a\"]]"), None);
    }

    #[test]
    fn issue16_quotes_fetched_whole_a_batch_at_a_time_come_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.qg");
        let n = WHOLE_BATCH * 2 + 7;
        let texts: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "\"We will win {i} times,\" said Ann Lee. {}",
                    "More words. ".repeat(i % 9)
                )
            })
            .collect();
        let articles: Vec<Analysed> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let end = text[1..].find('"').unwrap() + 1;
                Analysed {
                    id: format!("a{i:04}"),
                    title: None,
                    outlet: Some(format!("o{}", i % 3)),
                    published: None,
                    author: None,
                    url: None,
                    language: "en".into(),
                    quotes: vec![Quote {
                        text: text[1..end].to_string(),
                        start: 1,
                        end,
                        segments: vec![[1, end]],
                        kind: Kind::Statement,
                        speaker: Some("Ann Lee".into()),
                        speaker_canonical: Some("Ann Lee".into()),
                        speaker_start: Some(end + 7),
                        speaker_end: Some(end + 14),
                        cue: Some("said".into()),
                        conduit: None,
                    }],
                    diagnostics: Vec::new(),
                }
            })
            .collect();
        let mut w = Writer::create(&path, "--lang auto", "test").unwrap();
        let mut from = 0;
        while from < n {
            from = w.articles(&articles, &texts, from).unwrap();
        }
        w.commit().unwrap();
        let st = Store::open(&path).unwrap();
        let (held, seqs) = st.numbered_articles().unwrap();
        // Across batches, backwards, one asked twice.
        let mut asked: Vec<usize> = (0..n).rev().collect();
        asked.push(3);
        let asked_seqs: Vec<i64> = asked.iter().map(|&i| seqs[i]).collect();
        let whole = st.whole_quotes(&asked_seqs).unwrap();
        assert_eq!(whole.len(), asked.len());
        for (&i, quotes) in asked.iter().zip(&whole) {
            assert_eq!(quotes, &held[i].quotes);
            assert_eq!(quotes, &articles[i].quotes);
        }
    }
}
