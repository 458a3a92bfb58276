//! Verifying one candidate pair of variants: the link it supports
//! (drift, containment or overlap) under [`LinkConfig`], the slack one
//! speaker earns, and the overlap links dropped where a stock run
//! crowds them.

use super::credits::NameKeys;
use super::{align, Link, LinkConfig, LinkKind, Variant};

/// Words a pair of one speaker under the drift threshold must share, at
/// least ([`LinkConfig::speaker_slack`]).
const SAME_SPEAKER_MIN_SHARED: usize = 3;

/// Words a line must add around a shorter quote it holds whole for the
/// shorter one to be a fragment cut from it rather than a drifted copy
/// (see [`compare`]): one word more is how a copy drifts ("radical Islamic
/// terrorism" / "Islamic terrorism"), a run of them is another sentence
/// around the phrase.
const CUT_MIN_EXTRA: usize = 2;

/// Aligns one candidate pair and returns the link it supports, if any.
/// `speakers` are the name keys of the speakers each variant is
/// attributed to (none for a query); `numeric[k]` says key `k` holds a
/// digit (keys past its end do not).
pub(super) fn compare(
    va: &Variant<'_>,
    a: u32,
    vb: &Variant<'_>,
    b: u32,
    cfg: &LinkConfig,
    speakers: Option<(&[NameKeys], &[NameKeys])>,
    numeric: &[bool],
) -> Option<Link> {
    // The shorter by weight is the possible fragment.
    let ((short, vs), (long, vl)) = if (va.total, a) <= (vb.total, b) {
        ((a, va), (b, vb))
    } else {
        ((b, vb), (a, va))
    };
    if vs.keys.len() < cfg.min_words {
        return None;
    }
    // An upper bound on the aligned weight, from the words the two share
    // in any order, rejects most candidates without aligning them.
    let (bound, shared) = shared_words(vs, vl);
    let ratio = f64::from(vs.total) / f64::from(vl.total.max(1));
    let best_sim = 2.0 * bound as f64 / f64::from(vs.total + vl.total).max(1.0);
    let best_cov = bound as f64 / f64::from(vs.total.max(1));
    // Under the drift threshold, only a pair naming one speaker may still
    // be a drifted copy; that is checked when the bound leaves it open.
    let floor = cfg.drift - cfg.speaker_slack;
    let same = std::cell::OnceCell::new();
    let one_speaker = || {
        *same.get_or_init(|| {
            speakers.is_some_and(|(sa, sb)| {
                sa.iter()
                    .any(|x| sb.iter().any(|y| crate::provenance::names::same_keys(x, y)))
            })
        })
    };
    // Windows of one passage are one speaker's: a long run two speakers
    // share is a stock phrase ("to serve as president of the United
    // States") more often than a copy. Where a side names no speaker (a
    // group's statement, a credit the extractor missed), only windows that
    // overlap end to end are linked ([`align::overlaps_at_ends`]).
    let may_copy = best_cov >= cfg.contain || best_sim >= cfg.drift || (best_sim >= floor && one_speaker());
    let two_speakers = || speakers.is_some_and(|(sa, sb)| !sa.is_empty() && !sb.is_empty()) && !one_speaker();
    let may_overlap = cfg.overlap > 0 && shared >= cfg.overlap && !two_speakers();
    if !may_copy && !may_overlap {
        return None;
    }
    if may_copy && ratio >= cfg.length_ratio {
        let sim = align::similarity(vs.seq(), vl.seq());
        // A line that holds all of a shorter quote's words in one run,
        // and adds [`CUT_MIN_EXTRA`] words or more, is not a copy whose
        // wording drifted: the shorter one is cut from it (or is a phrase
        // it uses). As a fragment it joins the line only when no other
        // line claims it as well.
        let cut = || vl.keys.len() >= vs.keys.len() + CUT_MIN_EXTRA && align::is_cut(vs.seq(), vl.seq());
        // A phrase copied keeps its words, or drops or adds some; a phrase
        // of one named speaker with a word of its own where another named
        // speaker's has another ("I hope so" / "I hope to", "the best in
        // the world" / "the best in the state") is another phrase (issue
        // 13). So is one that adds a word or two to another named
        // speaker's phrase ("way off" / "way off key", "may have violated
        // the law" / "may have been a violation of the law"): between two
        // phrases, a word more is another way of saying it, not a copy
        // (a cut of a longer quote is judged as a fragment). Where a side
        // names no one, it may be a copy drifted in translation ("a risk
        // to the bay" / "a risk for the bay"). A number written in figures
        // for words ("2nd" / "second") is house style.
        let is_number = |k: u32| numeric.get(k as usize).copied().unwrap_or(false);
        let other_phrase = || {
            vs.keys.len() < cfg.common
                && two_speakers()
                && ((vs.keys.len() != vl.keys.len() && !cut()) || align::replaces(vs.seq(), vl.seq(), is_number))
        };
        let ok = (sim >= cfg.drift && !other_phrase())
            || (sim >= floor && one_speaker() && {
                let (run, shared) = align::change_runs(vs.seq(), vl.seq());
                let most = if vs.keys.len() >= cfg.common {
                    cfg.speaker_run
                } else {
                    cfg.speaker_run.min(1)
                };
                run <= most && shared >= SAME_SPEAKER_MIN_SHARED
            });
        if ok {
            if cut() {
                return Some(Link {
                    short,
                    long,
                    kind: LinkKind::Containment,
                    score: align::coverage(vs.seq(), vl.seq()),
                });
            }
            return Some(Link {
                short,
                long,
                kind: LinkKind::Drift,
                score: sim,
            });
        }
    } else if may_copy {
        let cov = align::coverage(vs.seq(), vl.seq());
        if cov >= cfg.contain {
            return Some(Link {
                short,
                long,
                kind: LinkKind::Containment,
                score: cov,
            });
        }
    }
    let windows = || {
        if one_speaker() {
            align::shares_run(vs.seq(), vl.seq(), cfg.overlap)
        } else {
            align::overlaps_at_ends(vs.seq(), vl.seq(), cfg.overlap, WINDOW_SLACK)
        }
    };
    if may_overlap && windows() {
        return Some(Link {
            short,
            long,
            kind: LinkKind::Overlap,
            score: align::similarity(vs.seq(), vl.seq()),
        });
    }
    None
}

/// Words of the bit set of a [`Sketch`]: with its weight beside it, one
/// cache line.
const SKETCH_WORDS: usize = 7;

/// A variant's words as a Bloom filter of 448 bits (two bits a key, by a
/// hash of its id), beside their weight: what [`may_link`] reads of a
/// candidate partner, one cache line where [`compare`] reads its whole
/// bag. On a corpus whose lines share runs of three words with hundreds of
/// others, most candidate pairs share that run and little else, and
/// reading the partner's bag (a cache miss, then a merge) was most of the
/// link. Two bits a key, since a key the filter wrongly holds counts
/// towards the words two long lines may share, and a run of eight of
/// those ([`LinkConfig::overlap`]) passed for most pairs of long lines.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
pub(super) struct Sketch {
    bits: [u64; SKETCH_WORDS],
    total: u32,
}

impl Sketch {
    pub(super) fn of(v: &Variant<'_>) -> Sketch {
        let mut bits = [0u64; SKETCH_WORDS];
        for &k in v.keys {
            for b in sketch_bits(k) {
                bits[b / 64] |= 1 << (b % 64);
            }
        }
        Sketch { bits, total: v.total }
    }
}

/// Key `k`'s two bits: the halves of its id's hash (splitmix64's
/// finalizer), each taken to the range of bits by a multiply rather than
/// a division.
fn sketch_bits(k: u32) -> [usize; 2] {
    let mut h = u64::from(k).wrapping_add(0x9e37_79b9_7f4a_7c15);
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    let range = |x: u64| ((x * (64 * SKETCH_WORDS) as u64) >> 32) as usize;
    [range(h >> 32), range(h & 0xffff_ffff)]
}

/// A variant's words as [`may_link`] tests them against the sketches of
/// its partners: each key's two bits and its weight, worked out once for
/// all of them, 8 bytes a word.
pub(super) struct Tester {
    words: Vec<(u16, u16, u32)>,
    total: u32,
}

impl Tester {
    pub(super) fn of(v: &Variant<'_>) -> Tester {
        Tester {
            words: v
                .keys
                .iter()
                .zip(v.weights)
                .map(|(&k, &w)| {
                    let [b0, b1] = sketch_bits(k);
                    (b0 as u16, b1 as u16, u32::from(w))
                })
                .collect(),
            total: v.total,
        }
    }
}

/// Whether the variant `v` tests for and the variant sketched `other`
/// may be linked under any credits: false only where [`compare`] would
/// find no link. Its bound on the weight they share counts each of `v`'s
/// words that `other`'s filter holds, at `v`'s weight: never less than
/// the words they share, each at the lighter of its two weights, which
/// is [`compare`]'s bound; so a pair this rejects, that one rejects too.
pub(super) fn may_link(v: &Tester, other: &Sketch, cfg: &LinkConfig) -> bool {
    // Every word of `v` is tested, without a branch on the outcome: most
    // words of a partner proposed through a shared run are not held, in
    // no order a branch predicts, and this test ran for each of the
    // tens of millions of partners an add proposes (issue 16). The
    // filter's words padded to eight, so that a bit's word needs no
    // bounds check.
    let mut bits = [0u64; 8];
    bits[..SKETCH_WORDS].copy_from_slice(&other.bits);
    let held = |b: u16| bits[usize::from(b >> 6) & 7] >> (b & 63) & 1;
    let (mut bound, mut shared) = (0u64, 0u64);
    for &(b0, b1, w) in &v.words {
        let hit = held(b0) & held(b1);
        bound += hit * u64::from(w);
        shared += hit;
    }
    let short = v.total.min(other.total);
    let best_cov = bound as f64 / f64::from(short.max(1));
    let best_sim = 2.0 * bound as f64 / f64::from(v.total + other.total).max(1.0);
    best_cov >= cfg.contain
        || best_sim >= cfg.drift - cfg.speaker_slack
        || (cfg.overlap > 0 && shared >= cfg.overlap as u64)
}

/// Words a window may run past the end of the run it shares with another
/// window, or start before it, and still overlap it end to end (see
/// [`align::overlaps_at_ends`]): an outlet's cut may keep or drop a word
/// at its edge ("… of that person." / "… of that person that …").
pub const WINDOW_SLACK: usize = 1;

/// Overlap links a variant may have before its overlaps stop counting: a
/// window of a passage overlaps the few other cuts of it, while a line
/// whose stock run recurs in many of one speaker's lines would chain them
/// all into one family.
const MAX_OVERLAPS: usize = 4;

/// Whether an overlap link between variants with `a` and `b` overlap
/// links is kept ([`drop_crowded_overlaps`]): what an `add` reads to
/// know which of a store's links its link graph held.
pub fn overlap_kept(a: usize, b: usize) -> bool {
    a <= MAX_OVERLAPS && b <= MAX_OVERLAPS
}

/// Drops the overlap links of variants with more than [`MAX_OVERLAPS`]:
/// the links kept, and those dropped, each in the order given.
pub(super) fn drop_crowded_overlaps(mut links: Vec<Link>, variants: usize) -> (Vec<Link>, Vec<Link>) {
    let mut degree = vec![0usize; variants];
    for l in links.iter().filter(|l| l.kind == LinkKind::Overlap) {
        degree[l.short as usize] += 1;
        degree[l.long as usize] += 1;
    }
    let kept =
        |l: &Link| l.kind != LinkKind::Overlap || overlap_kept(degree[l.short as usize], degree[l.long as usize]);
    // The few dropped copied out, the rest kept in place: no second
    // vector of every link (issue 16).
    let dropped: Vec<Link> = links.iter().filter(|l| !kept(l)).copied().collect();
    links.retain(kept);
    (links, dropped)
}

/// The words two variants share as a multiset of keys: their weight, each
/// counted at the lighter of its two weights (no alignment can match
/// more), and their number (no run they share can be longer).
fn shared_words(a: &Variant<'_>, b: &Variant<'_>) -> (u64, usize) {
    // Each side's (key, weight) pairs, packed in a u64 (key above the
    // weight's byte) and sorted, in buffers each thread keeps: a variant
    // holds no bag of its own (issue 16), and a pair compared makes none.
    thread_local! {
        static BAGS: std::cell::RefCell<[Vec<u64>; 2]> = const { std::cell::RefCell::new([Vec::new(), Vec::new()]) };
    }
    BAGS.with_borrow_mut(|[ka, kb]| {
        for (bag, v) in [(&mut *ka, a), (&mut *kb, b)] {
            bag.clear();
            bag.extend(
                v.keys
                    .iter()
                    .zip(v.weights)
                    .map(|(&k, &w)| u64::from(k) << 8 | u64::from(w)),
            );
            bag.sort_unstable();
        }
        let (mut i, mut j, mut w, mut n) = (0, 0, 0u64, 0);
        while i < ka.len() && j < kb.len() {
            match (ka[i] >> 8).cmp(&(kb[j] >> 8)) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    w += (ka[i] & 0xff).min(kb[j] & 0xff);
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (w, n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Analysed;
    use crate::link::link;
    use crate::link::testkit::*;

    #[test]
    fn drifted_copies_join_one_family_and_unrelated_quotes_do_not() {
        let arts = [article("a", &[SPILL, OTHER]), article("b", &[DRIFT])];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)], vec![(0, 1)]]);
        let link = l.link_between(0, 2).unwrap();
        assert_eq!(link.kind, LinkKind::Drift);
        assert!(link.score > 0.85 && link.score < 1.0);
    }

    #[test]
    fn issue13_overlapping_windows_of_one_speakers_passage_link() {
        let a = "Well, to be perfectly candid with you, I'm just not ready to do that at this point";
        let b = "I'm just not ready to do that at this point. I'm not there right now";
        let arts = [
            said_by(article("a", &[a]), "Paul Ryan"),
            said_by(article("b", &[b]), "Paul D. Ryan"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 1);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Overlap);
        // Two speakers sharing a stock phrase are not one passage.
        let c = "Nobody is more qualified to serve as president of the United States of America today";
        let d = "He is not fit to serve as president of the United States of America, and never was";
        let arts = [
            said_by(article("a", &[c]), "Ana Ruiz"),
            said_by(article("b", &[d]), "Tom Berg"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
        let off = LinkConfig {
            overlap: 0,
            ..LinkConfig::default()
        };
        let arts = [
            said_by(article("a", &[a]), "Paul Ryan"),
            said_by(article("b", &[b]), "Paul Ryan"),
        ];
        assert_eq!(link(&arts, &off).families.len(), 2);
    }

    #[test]
    fn issue13_windows_end_to_end_link_when_one_side_names_no_speaker() {
        // A group's statement ("the board said") and a copy credited by
        // name: the copy opens with the run the statement closes with.
        let run = "the board has nothing to say about the conduct of that man";
        let closes = format!("As of this morning and for the season ahead, {run}.");
        let opens = format!("{run} who fired the shots on the night in question");
        let arts = [
            article("a", &[closes.as_str()]),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 1);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Overlap);
        // The run inside a line is a shared phrase, not two windows.
        let inside = format!("As of this morning {run} and it will wait for the courts");
        let arts = [
            article("a", &[inside.as_str()]),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
        // Two named speakers who cannot be one: not one passage.
        let arts = [
            said_by(article("a", &[closes.as_str()]), "Ana Ruiz"),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
    }

    #[test]
    fn issue13_a_stock_run_in_many_lines_does_not_chain_them() {
        // One run of nine words inside six different lines of one speaker:
        // a stock phrase, not six windows of one passage.
        let stock = "we will build the strongest economy the world has seen";
        let lines = [
            format!("First of all {stock} and that is a promise to every family"),
            format!("Farmers know {stock} because the harvest is back again"),
            format!("Ask the miners whether {stock} since the pits reopened"),
            format!("In every speech I say {stock} and the crowd agrees loudly"),
            format!("Believe me {stock} with new roads bridges and airports"),
            format!("Our opponents doubt that {stock} but they said so before"),
        ];
        let arts: Vec<Analysed> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| said_by(article(&format!("a{i}"), &[l.as_str()]), "Ana Ruiz"))
            .collect();
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 6, "no overlap link survives a crowd");
    }

    #[test]
    fn issue16_every_link_compared_is_the_graphs_and_the_crowded_ones() {
        // The crowd of `issue13_a_stock_run_in_many_lines_does_not_chain_them`:
        // a store keeps the overlaps dropped too.
        let stock = "we will build the strongest economy the world has seen";
        let arts: Vec<Analysed> = [
            "First of all {} and that is a promise to every family",
            "Farmers know {} because the harvest is back again",
            "Ask the miners whether {} since the pits reopened",
            "In every speech I say {} and the crowd agrees loudly",
            "Believe me {} with new roads bridges and airports",
            "Our opponents doubt that {} but they said so before",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| said_by(article(&format!("a{i}"), &[&l.replace("{}", stock)]), "Ana Ruiz"))
        .collect();
        let keeping = crate::link::link_with(&arts.as_slice(), &LinkConfig::default(), None, None, true, &mut |_| {});
        let compared: Vec<&Link> = keeping.compared().collect();
        assert_eq!(keeping.graph.edge_count(), 0, "every overlap crowded out");
        assert_eq!(compared.len(), 15, "each of six lines overlaps the five others");
        assert!(compared.iter().all(|l| l.kind == LinkKind::Overlap));
        assert_eq!(
            link(&arts, &LinkConfig::default()).compared().count(),
            0,
            "kept for a store only"
        );
    }

    #[test]
    fn issue13_a_quote_goes_with_the_line_that_holds_it_not_with_a_phrase_it_holds() {
        // "rising sea levels" is a phrase inside the lines of many
        // families; "being right about rising sea levels" holds it, and
        // is cut from one line. Drift would link the six words with the
        // three (their lengths are close): they are a cut, not a copy.
        let line = "Thanks for all the kind words about being right about rising sea levels";
        let arts = [
            article("a", &[line]),
            article("b", &["being right about rising sea levels"]),
            article("c", &["rising sea levels"]),
            article("d", &["rising sea levels"]),
            article(
                "e",
                &["Nobody here is ready for rising sea levels and the storms they bring"],
            ),
            article("f", &["The port authority has a plan for rising sea levels at last"]),
            article("g", &["We cannot build new homes on the coast with rising sea levels"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "the cut joins its line");
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "the phrase does not");
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 3, 0));
        for a in 4..7 {
            assert_ne!(family_of(&l, a, 0), family_of(&l, 0, 0), "article {a}");
        }
        let phrase = l.occurrences[2].variant;
        let holder = l.occurrences[1].variant;
        assert_eq!(
            l.link_between(phrase, holder).map(|k| k.kind),
            Some(LinkKind::Containment),
            "the phrase is cut from the six words, not a drifted copy of them"
        );
    }

    proptest::proptest! {
        /// The branchless test reads the filter as a test bit by bit does:
        /// the weight and number of `a`'s words whose two bits `b`'s
        /// sketch holds, against the same thresholds.
        #[test]
        fn issue16_may_link_counts_the_words_whose_bits_the_filter_holds(
            a in proptest::collection::vec((0u32..400, 1u8..41), 2..40),
            b in proptest::collection::vec((0u32..400, 1u8..41), 2..40),
            overlap in 0usize..10,
        ) {
            let lists = |ws: &[(u32, u8)]| -> (Vec<u32>, Vec<u8>) { ws.iter().copied().unzip() };
            let ((ka, wa), (kb, wb)) = (lists(&a), lists(&b));
            let (va, vb) = (Variant::new(&ka, &ka, &wa), Variant::new(&kb, &kb, &wb));
            let sketch = Sketch::of(&vb);
            let held = |k: u32| sketch_bits(k).iter().all(|&x| sketch.bits[x / 64] >> (x % 64) & 1 == 1);
            let (mut bound, mut shared) = (0u64, 0usize);
            for (&k, &w) in ka.iter().zip(&wa) {
                if held(k) {
                    bound += u64::from(w);
                    shared += 1;
                }
            }
            let cfg = LinkConfig { overlap, ..LinkConfig::default() };
            let short = va.total.min(vb.total);
            let expected = bound as f64 / f64::from(short.max(1)) >= cfg.contain
                || 2.0 * bound as f64 / f64::from(va.total + vb.total).max(1.0) >= cfg.drift - cfg.speaker_slack
                || (cfg.overlap > 0 && shared >= cfg.overlap);
            proptest::prop_assert_eq!(may_link(&Tester::of(&va), &sketch, &cfg), expected);
        }
    }

    proptest::proptest! {
        /// The quick bound never rejects a pair [`compare`] links, whichever
        /// side it reads, even where both name one speaker (the case that
        /// links the most).
        #[test]
        fn issue13_may_link_holds_for_every_pair_compare_links(
            a in proptest::collection::vec((0u32..40, 1u8..6), 2..18),
            edits in proptest::collection::vec((0usize..18, 0u32..40, 1u8..6), 0..5),
            cut in (0usize..6, 0usize..6),
        ) {
            // The other variant is the first drifted (words replaced, or
            // weighed otherwise) and cut at its ends: mostly pairs near
            // the thresholds.
            let mut b = a.clone();
            for (i, k, w) in edits {
                let i = i % b.len();
                b[i] = (k, w);
            }
            let b = &b[cut.0.min(b.len() - 1)..];
            let b = &b[..b.len() - cut.1.min(b.len() - 1)];
            let lists = |ws: &[(u32, u8)]| -> (Vec<u32>, Vec<u8>) { ws.iter().copied().unzip() };
            let ((ka, wa), (kb, wb)) = (lists(&a), lists(b));
            let (va, vb) = (Variant::new(&ka, &ka, &wa), Variant::new(&kb, &kb, &wb));
            let one = vec![vec!["ruiz".to_string()]];
            let cfg = LinkConfig::default();
            if compare(&va, 0, &vb, 1, &cfg, Some((&one, &one)), &[]).is_some() {
                proptest::prop_assert!(may_link(&Tester::of(&va), &Sketch::of(&vb), &cfg));
                proptest::prop_assert!(may_link(&Tester::of(&vb), &Sketch::of(&va), &cfg));
            }
        }
    }

    const PLEDGE: &str = "We will not raise taxes on working families this year or next";
    /// Four words changed one at a time: similarity about 0.61.
    const PLEDGE_DRIFTED: &str = "We will never raise levies on poor families this year or later";
    /// Two words changed in a row ("for poor"): similarity about 0.67.
    const PLEDGE_OTHER: &str = "We will never raise taxes for poor families this year or later";

    #[test]
    fn a_short_line_drifted_word_by_word_links_when_one_speaker_says_both() {
        let cfg = LinkConfig::default();
        let arts = [article("a", &[PLEDGE]), article("b", &[PLEDGE_DRIFTED])];
        let sim = {
            let l = link(&arts, &cfg);
            align::similarity(l.variants.at(0).seq(), l.variants.at(1).seq())
        };
        assert!(sim < cfg.drift && sim >= cfg.drift - cfg.speaker_slack, "{sim}");
        assert_eq!(link(&arts, &cfg).families.len(), 2, "no speaker, no link");
        let one = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_DRIFTED]), "A. Ruiz"),
        ];
        assert_eq!(link(&one, &cfg).families.len(), 1);
        let two = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_DRIFTED]), "John Smith"),
        ];
        assert_eq!(link(&two, &cfg).families.len(), 2);
        let run = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_OTHER]), "Ana Ruiz"),
        ];
        let l = link(&run, &cfg);
        let sim = align::similarity(l.variants.at(0).seq(), l.variants.at(1).seq());
        assert!(sim < cfg.drift && sim >= cfg.drift - cfg.speaker_slack, "{sim}");
        assert_eq!(l.families.len(), 1, "a line may change two words in a row");
        let word_by_word = LinkConfig {
            speaker_run: 1,
            ..LinkConfig::default()
        };
        assert_eq!(link(&run, &word_by_word).families.len(), 2);
    }

    /// Issue 13: a line of a dozen words retold with two short runs
    /// changed, under the drift threshold.
    const SEASON: &str = "Our players trained hard all winter and never stopped believing in the plan";
    const SEASON_RETOLD: &str = "Our players trained hard through spring and never stopped trusting the plan";

    #[test]
    fn a_line_retold_with_runs_of_two_words_changed_links_when_one_speaker_says_both() {
        let cfg = LinkConfig::default();
        let one = [
            said_by(article("a", &[SEASON]), "Ana Ruiz"),
            said_by(article("b", &[SEASON_RETOLD]), "Ana Ruiz"),
        ];
        let l = link(&one, &cfg);
        let sim = align::similarity(l.variants.at(0).seq(), l.variants.at(1).seq());
        assert!(sim < cfg.drift && sim >= cfg.drift - cfg.speaker_slack, "{sim}");
        assert_eq!(align::change_runs(l.variants.at(0).seq(), l.variants.at(1).seq()).0, 2);
        assert_eq!(l.families.len(), 1);
        let two = [
            said_by(article("a", &[SEASON]), "Ana Ruiz"),
            said_by(article("b", &[SEASON_RETOLD]), "John Smith"),
        ];
        assert_eq!(link(&two, &cfg).families.len(), 2, "two speakers");
        let tight = LinkConfig {
            speaker_slack: 0.0,
            ..LinkConfig::default()
        };
        assert_eq!(link(&one, &tight).families.len(), 2, "the slack is the user's to set");
    }

    /// Issue 13: one speaker's short phrases in one frame ("the best … in
    /// …") are not a line retold: under `common` words, a run of two
    /// changed words keeps them apart.
    #[test]
    fn a_phrase_with_a_run_of_two_words_changed_stays_apart_even_of_one_speaker() {
        let cfg = LinkConfig::default();
        let (a, b) = (
            "the best team in the whole league",
            "the best team in the northern hemisphere",
        );
        let one = [
            said_by(article("a", &[a]), "Ana Ruiz"),
            said_by(article("b", &[b]), "Ana Ruiz"),
        ];
        let l = link(&one, &cfg);
        let sim = align::similarity(l.variants.at(0).seq(), l.variants.at(1).seq());
        assert!(sim < cfg.drift && sim >= cfg.drift - cfg.speaker_slack, "{sim}");
        assert!(l.variants.at(0).keys.len() < cfg.common);
        assert_eq!(l.families.len(), 2);
    }

    /// Two phrases similar enough to link (`a`, `b`; `change` says how
    /// they differ) are two phrases when two named speakers who cannot be
    /// one say them, and one where one speaker says both or one side
    /// names no one.
    fn apart_only_between_named_speakers(a: &str, b: &str, change: &str) {
        let cfg = LinkConfig::default();
        let two = [
            said_by(article("a", &[a]), "Ana Ruiz"),
            said_by(article("b", &[b]), "Tom Berg"),
        ];
        let l = link(&two, &cfg);
        let sim = align::similarity(l.variants.at(0).seq(), l.variants.at(1).seq());
        assert!(sim >= cfg.drift, "{sim}");
        assert_eq!(l.families.len(), 2, "{change}, two speakers");
        let one = [
            said_by(article("a", &[a]), "Ana Ruiz"),
            said_by(article("b", &[b]), "Ana Ruiz"),
        ];
        assert_eq!(link(&one, &cfg).families.len(), 1, "{change}, one speaker");
        let unnamed = [said_by(article("a", &[a]), "Ana Ruiz"), article("b", &[b])];
        assert_eq!(
            link(&unnamed, &cfg).families.len(),
            1,
            "{change}, a copy that names no one"
        );
    }

    /// Issue 13: a short phrase with one word put for another ("I hope
    /// so" / "I hope to") is another phrase where two named speakers who
    /// cannot be one say them; one speaker's, or a copy that names no one
    /// (a translation), still links.
    #[test]
    fn issue13_a_phrase_with_a_word_replaced_is_another_phrase_of_another_named_speaker() {
        let cfg = LinkConfig::default();
        apart_only_between_named_speakers(
            "the finest harbour in the world",
            "the finest harbour in the county",
            "a word replaced",
        );
        let figures = [
            said_by(article("a", &["the second harbour in the world"]), "Ana Ruiz"),
            said_by(article("b", &["the 2nd harbour in the world"]), "Tom Berg"),
        ];
        assert_eq!(link(&figures, &cfg).families.len(), 1, "a number in figures");
    }

    /// Issue 13: a phrase that adds a word or two to another named
    /// speaker's phrase ("way off" / "way off key") is another phrase, as
    /// a replaced word is; one speaker's, or a copy that names no one,
    /// still links, and a phrase a longer quote holds with words around it
    /// is still a cut of it.
    #[test]
    fn issue13_a_phrase_with_words_added_is_another_phrase_of_another_named_speaker() {
        let cfg = LinkConfig::default();
        apart_only_between_named_speakers(
            "the finest harbour in the world",
            "finest harbour in the world",
            "a word dropped",
        );
        let held = [
            said_by(article("a", &["the harbour is the finest in the world"]), "Ana Ruiz"),
            said_by(article("b", &["the finest in the world"]), "Tom Berg"),
        ];
        let l = link(&held, &cfg);
        assert!(
            l.graph.edge_weights().any(|e| e.kind == LinkKind::Containment),
            "held with words around it: a cut, judged as a fragment"
        );
    }
}
