//! What the linker and provenance read of an article and its quotes
//! ([`Articles`]), and the compact form of a store's articles an `add`
//! holds in place of whole ones ([`Held`], [`Added`]): at 1M the whole
//! ones were 1.4 GiB of an add's memory before it linked anything, while
//! what `link` and `provenance` read of an old quote is its kind, its
//! speaker and canonical name, its cue and conduit and its number of
//! segments (its words are its stored variants', its text read only for
//! the families traced again), and of an old article its id, title,
//! outlet, date and language (issue 16).

use rustc_hash::FxHashMap;

use crate::article::Analysed;
use crate::extract::{Kind, Quote};

/// What the linker and provenance read of one quote, besides its words
/// and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteView<'a> {
    pub kind: Kind,
    pub speaker: Option<&'a str>,
    pub speaker_canonical: Option<&'a str>,
    pub cue: Option<&'a str>,
    pub conduit: Option<&'a str>,
    /// Its number of segments, at least one ([`crate::link::segment_count`]).
    pub segments: usize,
}

impl<'a> QuoteView<'a> {
    pub fn of(q: &'a Quote) -> QuoteView<'a> {
        QuoteView {
            kind: q.kind,
            speaker: q.speaker.as_deref(),
            speaker_canonical: q.speaker_canonical.as_deref(),
            cue: q.cue.as_deref(),
            conduit: q.conduit.as_deref(),
            segments: crate::link::segment_count(q),
        }
    }
}

/// The articles [`crate::link::link_with`] and
/// [`crate::provenance::trace_some`] read, by place: a build's, whole;
/// an add's, the old ones compact ([`Added`]).
pub trait Articles: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn id(&self, a: usize) -> &str;
    fn title(&self, a: usize) -> Option<&str>;
    fn outlet(&self, a: usize) -> Option<&str>;
    fn published(&self, a: usize) -> Option<&str>;
    fn language(&self, a: usize) -> &str;
    fn quote_count(&self, a: usize) -> usize;
    fn quote(&self, a: usize, q: usize) -> QuoteView<'_>;
    /// How many segments its quote `q` has: [`Articles::quote`]'s, read
    /// alone (an add names a million kept families by their first
    /// occurrence's id, which reads only this of the quote).
    fn segments(&self, a: usize, q: usize) -> usize {
        self.quote(a, q).segments
    }
    /// The article whole, where it is held so (a build's articles, an
    /// add's new ones).
    fn whole(&self, a: usize) -> Option<&Analysed>;
    /// Its quotes whole (offsets, segments, texts), where they are held.
    fn quotes(&self, a: usize) -> Option<&[Quote]> {
        self.whole(a).map(|x| x.quotes.as_slice())
    }
}

/// A build's articles, every one whole. (For a reference, not the slice:
/// a reference to it makes a `&dyn Articles`.)
impl Articles for &[Analysed] {
    fn len(&self) -> usize {
        <[Analysed]>::len(self)
    }
    fn id(&self, a: usize) -> &str {
        &self[a].id
    }
    fn title(&self, a: usize) -> Option<&str> {
        self[a].title.as_deref()
    }
    fn outlet(&self, a: usize) -> Option<&str> {
        self[a].outlet.as_deref()
    }
    fn published(&self, a: usize) -> Option<&str> {
        self[a].published.as_deref()
    }
    fn language(&self, a: usize) -> &str {
        &self[a].language
    }
    fn quote_count(&self, a: usize) -> usize {
        self[a].quotes.len()
    }
    fn quote(&self, a: usize, q: usize) -> QuoteView<'_> {
        QuoteView::of(&self[a].quotes[q])
    }
    fn whole(&self, a: usize) -> Option<&Analysed> {
        Some(&self[a])
    }
}

/// No string ([`Strings`]).
const NONE: u32 = u32::MAX;

/// Strings one after another in one buffer, by number.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    fn get(&self, i: u32) -> Option<&str> {
        if i == NONE {
            return None;
        }
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..self.ends[i]])
    }
}

/// A stored article as [`Held`] keeps it.
#[derive(Debug, Clone, Copy)]
struct HeldArticle {
    /// Into [`Held::texts`]: its id, title and date (`NONE` where it has none).
    id: u32,
    title: u32,
    published: u32,
    /// Into [`Held::names`].
    outlet: u32,
    language: u32,
    /// Its quotes: `Held::quotes[first..first + count]`.
    first: u32,
    count: u32,
}

/// A stored quote as [`Held`] keeps it: 24 bytes, its strings numbers
/// into [`Held::names`] (`NONE` where it has none).
#[derive(Debug, Clone, Copy)]
struct HeldQuote {
    speaker: u32,
    canonical: u32,
    cue: u32,
    conduit: u32,
    segments: u32,
    kind: Kind,
}

/// A store's articles, compact: per article its id, title, outlet, date
/// and language, per quote what [`QuoteView`] reads, every speaker,
/// name, cue, conduit, outlet and language once. Filled by
/// [`crate::store::Store::held_articles`]: articles in order, then each
/// one's quotes together.
#[derive(Debug, Default)]
pub struct Held {
    /// Ids, titles and dates, as they come (nearly all distinct).
    texts: Strings,
    /// Speakers, names, cues, conduits, outlets and languages, each once.
    names: Strings,
    name_ids: FxHashMap<Box<str>, u32>,
    articles: Vec<HeldArticle>,
    quotes: Vec<HeldQuote>,
}

impl Held {
    fn name(&mut self, s: Option<&str>) -> u32 {
        let Some(s) = s else {
            return NONE;
        };
        if let Some(&i) = self.name_ids.get(s) {
            return i;
        }
        let i = self.names.push(s);
        self.name_ids.insert(s.into(), i);
        i
    }

    fn text(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.texts.push(s))
    }

    /// Appends an article, with no quotes yet.
    pub fn push_article(
        &mut self,
        id: &str,
        title: Option<&str>,
        outlet: Option<&str>,
        published: Option<&str>,
        language: &str,
    ) {
        let a = HeldArticle {
            id: self.texts.push(id),
            title: self.text(title),
            published: self.text(published),
            outlet: self.name(outlet),
            language: self.name(Some(language)),
            first: 0,
            count: 0,
        };
        self.articles.push(a);
    }

    /// Appends a quote of article `a` (its quotes come together, in
    /// order, each article's after the last's).
    pub fn push_quote(&mut self, a: usize, q: QuoteView<'_>) {
        let at = self.quotes.len() as u32;
        let quote = HeldQuote {
            speaker: self.name(q.speaker),
            canonical: self.name(q.speaker_canonical),
            cue: self.name(q.cue),
            conduit: self.name(q.conduit),
            segments: q.segments as u32,
            kind: q.kind,
        };
        self.quotes.push(quote);
        let art = &mut self.articles[a];
        if art.count == 0 {
            art.first = at;
        }
        art.count += 1;
    }

    /// Done filling: the table that found each string's number goes.
    pub fn done(&mut self) {
        self.name_ids = FxHashMap::default();
        self.texts.text.shrink_to_fit();
        self.texts.ends.shrink_to_fit();
        self.articles.shrink_to_fit();
        self.quotes.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn id(&self, a: usize) -> &str {
        self.texts.get(self.articles[a].id).unwrap_or("")
    }

    /// [`Held::quote`]'s segments, no string looked up.
    fn segments(&self, a: usize, q: usize) -> usize {
        let art = &self.articles[a];
        assert!(q < art.count as usize, "quote {q} of an article of {}", art.count);
        self.quotes[art.first as usize + q].segments as usize
    }

    fn quote(&self, a: usize, q: usize) -> QuoteView<'_> {
        let art = &self.articles[a];
        assert!(q < art.count as usize, "quote {q} of an article of {}", art.count);
        let h = &self.quotes[art.first as usize + q];
        QuoteView {
            kind: h.kind,
            speaker: self.names.get(h.speaker),
            speaker_canonical: self.names.get(h.canonical),
            cue: self.names.get(h.cue),
            conduit: self.names.get(h.conduit),
            segments: h.segments as usize,
        }
    }
}

/// An add's articles, in id order: the store's, compact ([`Held`]), and
/// the new ones, whole; an old article whose quotes the link must split
/// from their texts is held whole too ([`Added::load`]).
#[derive(Debug)]
pub struct Added {
    held: Held,
    new: Vec<Analysed>,
    /// By place: a held article's number, or `NEW | ` a new one's.
    slots: Vec<u32>,
    /// The quotes, whole, of the held articles read so, by number.
    loaded: FxHashMap<u32, Vec<Quote>>,
}

/// The bit of a slot that says the article is new.
const NEW: u32 = 1 << 31;

/// Where an article of an [`Added`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The store's: its number among the [`Held`] articles.
    Held(usize),
    /// A new one: its number among the new articles.
    New(usize),
}

impl Added {
    /// The held articles (in id order) and the new ones, in id order as
    /// [`crate::pipeline::in_id_order`] puts them: a stable sort, so two
    /// new articles of one id keep their order.
    pub fn new(held: Held, new: Vec<Analysed>) -> Added {
        assert!(
            held.len() < NEW as usize && new.len() < NEW as usize,
            "an add counts articles in 31 bits"
        );
        let mut slots: Vec<u32> = (0..held.len() as u32)
            .chain((0..new.len() as u32).map(|n| n | NEW))
            .collect();
        let id = |s: u32| {
            if s & NEW != 0 {
                new[(s & !NEW) as usize].id.as_str()
            } else {
                held.id(s as usize)
            }
        };
        // Two sorted runs: the stable sort merges them.
        slots.sort_by(|&x, &y| id(x).cmp(id(y)));
        Added {
            held,
            new,
            slots,
            loaded: FxHashMap::default(),
        }
    }

    /// Where the article at place `a` comes from.
    pub fn slot(&self, a: usize) -> Slot {
        let s = self.slots[a];
        if s & NEW != 0 {
            Slot::New((s & !NEW) as usize)
        } else {
            Slot::Held(s as usize)
        }
    }

    /// Holds the quotes of the stored article at place `a` whole, as read
    /// from the store.
    pub fn load(&mut self, a: usize, quotes: Vec<Quote>) {
        if let Slot::Held(h) = self.slot(a) {
            self.loaded.insert(h as u32, quotes);
        }
    }
}

impl Articles for Added {
    fn len(&self) -> usize {
        self.slots.len()
    }
    fn id(&self, a: usize) -> &str {
        match self.slot(a) {
            Slot::Held(h) => self.held.id(h),
            Slot::New(n) => &self.new[n].id,
        }
    }
    fn title(&self, a: usize) -> Option<&str> {
        match self.slot(a) {
            Slot::Held(h) => self.held.texts.get(self.held.articles[h].title),
            Slot::New(n) => self.new[n].title.as_deref(),
        }
    }
    fn outlet(&self, a: usize) -> Option<&str> {
        match self.slot(a) {
            Slot::Held(h) => self.held.names.get(self.held.articles[h].outlet),
            Slot::New(n) => self.new[n].outlet.as_deref(),
        }
    }
    fn published(&self, a: usize) -> Option<&str> {
        match self.slot(a) {
            Slot::Held(h) => self.held.texts.get(self.held.articles[h].published),
            Slot::New(n) => self.new[n].published.as_deref(),
        }
    }
    fn language(&self, a: usize) -> &str {
        match self.slot(a) {
            Slot::Held(h) => self.held.names.get(self.held.articles[h].language).unwrap_or(""),
            Slot::New(n) => &self.new[n].language,
        }
    }
    fn quote_count(&self, a: usize) -> usize {
        match self.slot(a) {
            Slot::Held(h) => self.held.articles[h].count as usize,
            Slot::New(n) => self.new[n].quotes.len(),
        }
    }
    fn quote(&self, a: usize, q: usize) -> QuoteView<'_> {
        match self.slot(a) {
            Slot::Held(h) => self.held.quote(h, q),
            Slot::New(n) => QuoteView::of(&self.new[n].quotes[q]),
        }
    }
    fn segments(&self, a: usize, q: usize) -> usize {
        match self.slot(a) {
            Slot::Held(h) => self.held.segments(h, q),
            Slot::New(n) => QuoteView::of(&self.new[n].quotes[q]).segments,
        }
    }
    fn whole(&self, a: usize) -> Option<&Analysed> {
        match self.slot(a) {
            Slot::Held(_) => None,
            Slot::New(n) => Some(&self.new[n]),
        }
    }
    fn quotes(&self, a: usize) -> Option<&[Quote]> {
        match self.slot(a) {
            Slot::Held(h) => self.loaded.get(&(h as u32)).map(Vec::as_slice),
            Slot::New(n) => Some(&self.new[n].quotes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(kind: Kind, speaker: Option<&str>, segments: Vec<[usize; 2]>) -> Quote {
        Quote {
            text: "x".into(),
            start: 0,
            end: 1,
            segments,
            kind,
            speaker: speaker.map(Into::into),
            speaker_canonical: speaker.map(|s| format!("{s} Tarn")),
            speaker_start: None,
            speaker_end: None,
            cue: Some("said".into()),
            conduit: None,
        }
    }

    fn article(id: &str, quotes: Vec<Quote>) -> Analysed {
        Analysed {
            id: id.into(),
            title: Some(format!("Title of {id}")),
            outlet: Some("Harbor Gazette".into()),
            published: (id != "c").then(|| "2024-03-01".into()),
            author: None,
            url: None,
            language: "en".into(),
            quotes,
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn issue16_an_add_reads_of_a_held_article_what_it_reads_of_a_whole_one() {
        let all = vec![
            article("a", vec![quote(Kind::Statement, Some("Ilse"), vec![[0, 1], [2, 3]])]),
            article("b", Vec::new()),
            article(
                "c",
                vec![
                    quote(Kind::Partial, None, Vec::new()),
                    quote(Kind::Scare, Some("Ilse"), Vec::new()),
                ],
            ),
            article("d", vec![quote(Kind::Headline, Some("Tom"), Vec::new())]),
        ];
        // Held: a, c (their quotes after both); new: d, b.
        let mut held = Held::default();
        for x in [&all[0], &all[2]] {
            held.push_article(
                &x.id,
                x.title.as_deref(),
                x.outlet.as_deref(),
                x.published.as_deref(),
                &x.language,
            );
        }
        for (h, x) in [(0, &all[0]), (1, &all[2])] {
            for q in &x.quotes {
                held.push_quote(h, QuoteView::of(q));
            }
        }
        held.done();
        let added = Added::new(held, vec![all[3].clone(), all[1].clone()]);
        let whole: &[Analysed] = &all;
        assert_eq!(Articles::len(&added), 4);
        for a in 0..4 {
            assert_eq!(added.id(a), whole.id(a));
            assert_eq!(added.title(a), whole.title(a));
            assert_eq!(added.outlet(a), whole.outlet(a));
            assert_eq!(added.published(a), whole.published(a));
            assert_eq!(added.language(a), whole.language(a));
            assert_eq!(added.quote_count(a), whole.quote_count(a));
            for q in 0..whole.quote_count(a) {
                assert_eq!(added.quote(a, q), whole.quote(a, q));
            }
            let held = matches!(added.slot(a), Slot::Held(_));
            assert_eq!(held, a == 0 || a == 2);
            assert_eq!(added.quotes(a).is_some(), !held);
        }
        assert_eq!(added.quote(0, 0).segments, 2);
        let mut added = added;
        added.load(2, all[2].quotes.clone());
        assert_eq!(added.quotes(2), Some(all[2].quotes.as_slice()));
        assert!(added.whole(2).is_none());
    }
}
