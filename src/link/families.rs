//! Grouping linked variants into families: the drift and overlap links
//! joined (common phrases said apart kept apart), then each fragment's
//! parent families' claims on it weighed, and the families gathered with
//! what each holds and is held in.

use std::collections::BTreeSet;

use petgraph::graph::Edge;
use petgraph::unionfind::UnionFind;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::align::{self, Seq};
use super::credits::{apart, Credited, NameKeys, Named, Speakers};
use super::index::Flat;
use super::{Link, LinkConfig, LinkKind, Occurrence, Variant, Variants};

/// Who each variant is credited to, and how articles use it (see
/// [`families_of`]).
#[derive(Clone, Copy)]
pub(super) struct Uses<'a> {
    /// The named speakers of each variant.
    pub(super) speakers: &'a Speakers,
    /// Per phrase with any, the speakers it is credited to by a name or a
    /// pronoun ([`named_or_pronoun`](super::credits::named_or_pronoun)).
    pub(super) quoted_by: &'a FxHashMap<u32, Vec<NameKeys>>,
    /// Per variant: how articles use it, for a phrase shorter than a line.
    pub(super) phrase_use: &'a [PhraseUse],
    /// The persons each variant is credited to by name ([`credited_person`](super::credits::credited_person)),
    /// as ids into `people`.
    pub(super) persons: &'a [Vec<u32>],
    /// Who keeps two phrases apart.
    pub(super) credited: Credited<'a>,
    pub(super) people: &'a [NameKeys],
    /// Per occurrence: the article uses the line in its own voice.
    pub(super) own: &'a [bool],
    /// For variants with quotes nested in them, the words of those quotes.
    pub(super) quoted_words: &'a FxHashMap<u32, Variant<'a>>,
    /// Per article, the surnames it names ([`Named`]).
    pub(super) named: &'a Named,
    /// Per variant: a phrase some article credits to a mention of anyone.
    pub(super) credited_to_someone: &'a [bool],
}

/// Assigns every variant a family: union over drift links, then each
/// group that is a fragment of a longer quote joins the family of the
/// quote it was cut from, longest groups first so that a fragment of a
/// fragment follows the chain to the whole line. A fragment joins only
/// when its parents agree on one family: a phrase found inside the lines
/// of several families ("radical Islam", "we'll see") is common speech,
/// not a cut, and stays a family of its own listed `inside` each; lines
/// that credits keep it from count among them, unless the one left to
/// join is its own speaker's or quotes it beside itself. When
/// parents disagree, those that hold the fragment's exact words (not just
/// their stems: "extremely careless" is in Comey's line, "extreme
/// carelessness" in another) decide. A fragment that several articles
/// repeat beside the whole line, and that some article also uses as a
/// term (a headline, a scare quote), is a phrase of its own too (the
/// seeds' "undeclared intelligence officers" beside the NATO statement,
/// headlined "Undeclared Intel Officers"), while
/// one that stands in for the line (a cut copy), or a cut of a line's
/// length (`cfg.common` words or more), joins the line. Only an
/// article's own uses count as repeating it (`own`: stated or quoted in
/// part, not a headline, a scare quote or a quote nested in another).
/// A line that carries the fragment inside its own nested quote marks
/// quotes it, and is no parent: "Your comment about ‘Second Amendment
/// people’" is not where "Second Amendment people" was cut from
/// (`quoted_words`: the words of the quotes nested in a variant; a parent
/// must not hold the fragment there). A cut that runs past the nested
/// quote into the line's own words is the line's: "Maybe I can … say,
/// ‘Look, this is not who we are.’" is the parent of a copy that drops
/// the inner marks and keeps the words around them.
pub(super) fn families_of(
    variants: &Variants,
    occurrences: &[Occurrence],
    links: &[Edge<Link>],
    uses: &Uses<'_>,
    cfg: &LinkConfig,
) -> Vec<u32> {
    let Uses {
        speakers,
        quoted_by,
        phrase_use,
        persons,
        credited,
        people,
        own,
        quoted_words,
        named,
        credited_to_someone,
    } = *uses;
    let n = variants.len();
    let mut uf = UnionFind::<u32>::new(n);
    // Closest links first. A group of common phrases (no line of
    // `cfg.common` words or more) never holds two persons who cannot be
    // one: a use credited to no one joins the first person's group, not
    // every person's (see `LinkConfig::common`). Once a group holds a
    // line, credits do not split it: that is the misattribution flag's.
    let mut joins: Vec<&Link> = links
        .iter()
        .map(|e| &e.weight)
        .filter(|l| matches!(l.kind, LinkKind::Drift | LinkKind::Overlap))
        .collect();
    // No two links share a pair, so no two compare equal: an unstable
    // sort gives the stable sort's order, without its buffer as large as
    // the list (issue 16).
    joins.par_sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((a.short, a.long).cmp(&(b.short, b.long)))
    });
    // Per group root: its persons, or `None` once it holds a line.
    let mut phrase_persons: FxHashMap<u32, Option<Vec<u32>>> = FxHashMap::default();
    for l in joins {
        let (ra, rb) = (uf.find(l.short), uf.find(l.long));
        if ra == rb {
            continue;
        }
        // The persons of a group of phrases; none for a group with a line.
        let of = |r: u32| -> Option<&[u32]> {
            match phrase_persons.get(&r) {
                Some(p) => p.as_deref(),
                // The word count read alone: a variant's five slices
                // (`Variants::at`) were a tenth of this loop (issue 16).
                None => (variants.word_count(r as usize) < cfg.common).then_some(credited.of(r)),
            }
        };
        let merged = match (of(ra), of(rb)) {
            (Some(pa), Some(pb)) => {
                if apart(pa, pb, people) {
                    continue;
                }
                let mut m = pa.to_vec();
                m.extend(pb.iter().filter(|k| !pa.contains(k)).cloned());
                Some(m)
            }
            _ => None,
        };
        uf.union(ra, rb);
        phrase_persons.remove(&ra);
        phrase_persons.remove(&rb);
        phrase_persons.insert(uf.find(ra), merged);
    }
    // Each variant's group, until fragments join: found once.
    let root_of: Vec<u32> = (0..n as u32).into_par_iter().map(|v| uf.find(v)).collect();
    // The articles of each group, before any fragment joins, and those
    // that use it in their own voice.
    // Occurrences come in article order, so each group's articles are
    // gathered sorted, a repeat being the last one: sorted lists, by
    // root, searched as sets (a set each of a million groups was most
    // of this pass at 1M articles).
    // One vector each, by root (two of a vector a group were some 170 MB
    // at 1M articles, issue 16).
    // What is gathered by group below, each a pass of its own over the
    // occurrences or the variants, is made side by side: one after
    // another, they were a second of the families step on one core at
    // 1M articles while the other had nothing to do (issue 16).
    let groups = |root_of: &[u32]| {
        // Each group's variants, for what is gathered a group at a time: a
        // map of a vector a group, and a set of every group's speakers,
        // were some 0.3 GiB of the families step at 1M articles (issue 16).
        let by_group = Flat::grouped(n, (0..n as u32).map(|v| (root_of[v as usize], v)), false);
        rayon::join(
            || persons_by_group(n, &by_group, persons),
            || names_by_group(n, &by_group, speakers),
        )
    };
    let ((articles_of, own_articles), (termed, (group_persons, group_names))) = rayon::join(
        || {
            rayon::join(
                || {
                    Flat::grouped(
                        n,
                        occurrences.iter().map(|o| (root_of[o.variant as usize], o.article)),
                        true,
                    )
                },
                || {
                    Flat::grouped(
                        n,
                        occurrences
                            .iter()
                            .zip(own)
                            .filter(|p| *p.1)
                            .map(|(o, _)| (root_of[o.variant as usize], o.article)),
                        true,
                    )
                },
            )
        },
        || {
            rayon::join(
                || {
                    // Groups some article uses as a term: a headline, a
                    // scare quote, words quoted inside another quote.
                    let mut termed = vec![false; n];
                    for (o, _) in occurrences.iter().zip(own).filter(|p| !*p.1) {
                        termed[root_of[o.variant as usize] as usize] = true;
                    }
                    termed
                },
                || groups(&root_of),
            )
        },
    );
    let holds = |set: &[u32], a: u32| set.binary_search(&a).is_ok();
    // A line holds a fragment in its own voice unless its nested quotes
    // hold it.
    let says = |short: u32, long: u32| {
        quoted_words
            .get(&long)
            .is_none_or(|w| align::coverage(variants.at(short as usize).seq(), w.seq()) < cfg.contain)
    };
    // A fragment with words the line lacks, credited to a person who
    // cannot be the line's, is another person's words that resemble it
    // ("Hillary Clinton is a joke" / "Hillary Clinton is a more hawkish
    // person"), not a cut of it. A whole cut stays one whoever it is
    // credited to: a partial quote's credit is often misread.
    // A common phrase the line holds only with words between ("Time will
    // tell" in "Time will shortly tell") is no whole cut: said apart by
    // another person, it is theirs.
    let in_one_run = |short: u32, long: u32| {
        let (s, l) = (&variants.at(short as usize).words, &variants.at(long as usize).words);
        // The first word tested alone: a call to compare the run at every
        // place was a tenth of the links' judging at 1M articles (issue 16).
        !s.is_empty() && l.windows(s.len()).any(|w| w[0] == s[0] && w == &s[..])
    };
    // A phrase shorter than a line, credited by name (where it is said)
    // to persons none of whom can be among the line's speakers (resolved
    // ones too), in articles none of which names the line's speakers, is
    // their own use of the phrase (a lawyer's "badge of honor" is not cut
    // from another man's line that holds it), even when held whole: an
    // article that quotes a cut names whose line it is, if only by
    // crediting it, or another of its quotes, to them. Only a credit named
    // where the phrase is said counts on its side: "he" is resolved
    // wrongly too often to split a cut from its line (a resolved credit
    // cost real cuts on the held-out families, BENCHMARKS.md). A phrase
    // an article states as a whole utterance is another matter: "So,
    // who?" she asked, "My hope," he said, are the words of whoever said
    // them, resolved credits too, not cuts of a longer line someone else
    // said; a reporter who cuts a line quotes it in part, within a
    // sentence of their own (every such join read on PolNeAR outside the
    // test part was wrong, BENCHMARKS.md). And a term no one is said to
    // have said, set in marks by the writer alone ("Real Time", "safety
    // check", "Never Trump"), is a cut of a line only in an article that
    // names the line's speaker ("2nd Amendment people" beside Trump), or,
    // for a line credited to no one by name, in an article that quotes the
    // line. A phrase quoted in part counts its credits by a name and by a
    // pronoun resolved to one too ("global strategy" of Fred Kagan, via
    // "he", is not cut from Ben Carson's "They have a global strategy,"),
    // but not a description bound to a name by its role ("the spokesman"):
    // the guard that no article of the phrase names the line's speaker is
    // what keeps a misresolved "he" from splitting a real cut (issue 13;
    // every such split read on PolNeAR outside the test part was right,
    // BENCHMARKS.md). And a phrase credited to someone is cut from a line
    // credited to no one by name ("…," the bespectacled diplomat said)
    // only beside it or where an article of the line names the phrase's
    // speaker: an article that quotes a person's line names that person,
    // if only in a title or another credit; "top priority" of Hillary
    // Clinton is not the UN chief's line.
    let foreign = |short: u32, group: u32| {
        let mine = &persons[short as usize];
        let use_ = phrase_use[short as usize];
        let said_by: &[NameKeys] = match use_ {
            PhraseUse::Stated => &speakers[short as usize],
            PhraseUse::Term => &[],
            PhraseUse::Other => quoted_by.get(&short).map_or(&[], |k| &k[..]),
        };
        if variants.at(short as usize).keys.len() >= cfg.common
            || (mine.is_empty() && said_by.is_empty() && use_ != PhraseUse::Term)
        {
            return false;
        }
        let Some(line) = group_names.of(group) else {
            let arts = articles_of.get(group as usize);
            let beside_the_line = || {
                variants
                    .at(short as usize)
                    .occurrences
                    .iter()
                    .any(|&o| holds(arts, occurrences[o as usize].article))
            };
            if use_ == PhraseUse::Term {
                return !beside_the_line();
            }
            let credits = || mine.iter().map(|&p| &people[p as usize]).chain(said_by);
            let names_the_phrases_speaker = || {
                arts.iter()
                    .any(|&a| credits().any(|k| k.last().is_some_and(|key| named.names(a as usize, key))))
            };
            return !beside_the_line() && !names_the_phrases_speaker();
        };
        let in_line = |x: &NameKeys| {
            [x.first(), x.last()]
                .into_iter()
                .flatten()
                .any(|key| named_by(line, key).any(|y| crate::provenance::names::same_keys(x, y)))
        };
        let may_be_one = mine.iter().any(|&p| in_line(&people[p as usize])) || said_by.iter().any(in_line);
        let names_the_line = || {
            variants.at(short as usize).occurrences.iter().any(|&o| {
                named
                    .keys(occurrences[o as usize].article as usize)
                    .any(|k| named_by(line, k).any(|y| y.last().is_some_and(|l| l == k)))
            })
        };
        !may_be_one && !names_the_line()
    };
    // A phrase the line holds only in part (a word of it is not in the
    // line: "the beginning of the end" in "the beginning of the real
    // Republican primary", "for the next few years" in "for the next four
    // or eight years"), credited to someone where it is said (a name or
    // not: "the foundation"), is that someone's phrase that resembles the
    // cut of a line a named speaker said, unless they are that speaker,
    // or an article quotes it beside the line (a cut may drift in
    // translation, "a risk for the bay" / "a risk to the bay": where the
    // phrase or the line is credited to no one, nothing says otherwise); a reporter who cuts a line keeps its words (on the
    // real families every short cut but one elision is held whole, issue
    // 13). `speakers` (resolved ones too) count here: this can only keep
    // a phrase apart.
    let speaks_the_line = |short: u32, group: u32| {
        group_names.of(group).is_some_and(|line| {
            speakers[short as usize].iter().any(|x| {
                [x.first(), x.last()]
                    .into_iter()
                    .flatten()
                    .any(|key| named_by(line, key).any(|y| crate::provenance::names::same_keys(x, y)))
            })
        })
    };
    let beside_the_line = |short: u32, group: u32| {
        let arts = articles_of.get(group as usize);
        variants
            .at(short as usize)
            .occurrences
            .iter()
            .any(|&o| holds(arts, occurrences[o as usize].article))
    };
    // Each containment link is judged (in parallel: aligning a fragment
    // against a line's own words, and reading the articles of a frequent
    // phrase, add up), then gathered in link order. A line that holds the
    // fragment in its own voice is kept as a holder even where credits
    // stop the fragment joining it: it still shows the phrase to be said
    // by many (see the tie below).
    // Each fragment group's holders, by group, then link: a link's
    // number and two flags, where a map of a vector a group of (fragment,
    // line, coverage, flag), and a set of the pairs held by chance, were
    // some 0.2 GiB at 1M articles (issue 16).
    // The links are taken by fragment and the line's group, (fragment,
    // line's group, link), since all that is asked of a link but its
    // coverage, its line's length and whether the line holds the
    // fragment in one run is asked of those two: asked once for them,
    // not once a link (a line's drifted copies are one group, a fragment
    // held by each is a link each; issue 16). Then each entry is made
    // (fragment's group, link, flags) in place.
    let mut held: Vec<(u32, u32, u32)> = links
        .par_iter()
        .map(|e| &e.weight)
        .enumerate()
        .filter(|(_, l)| l.kind == LinkKind::Containment)
        .filter_map(|(i, l)| {
            let group = root_of[l.long as usize];
            (root_of[l.short as usize] != group && says(l.short, l.long)).then_some((l.short, group, i as u32))
        })
        .collect();
    held.par_sort_unstable();
    held.par_chunk_by_mut(|a, b| (a.0, a.1) == (b.0, b.1)).for_each(|run| {
        let (short, group) = (run[0].0, run[0].1);
        let phrase = variants.word_count(short as usize) < cfg.common;
        let foreign = foreign(short, group);
        let apart_from_line = std::cell::OnceCell::new();
        // So is a phrase held by a shorter phrase, not a line
        // ("fraudulent scheme" in another article's "massive eight-year
        // fraudulent scheme", "talking points" in "Clinton talking
        // points"): two short phrases meet by chance more often than one
        // is cut from the other. Such a holder is no parent, but still
        // counts toward the tie among holders below, as it did when it
        // was one.
        // (Unless it speaks the line or is quoted beside it.)
        let not_the_lines = std::cell::OnceCell::new();
        let line_named = group_names.of(group).is_some();
        for entry in run.iter_mut() {
            let l = &links[entry.2 as usize].weight;
            let (long, coverage) = (l.long, l.score);
            let whole = coverage >= 1.0 && (!phrase || in_one_run(short, long));
            let may = !foreign
                && (whole
                    || !*apart_from_line
                        .get_or_init(|| apart(&persons[short as usize], group_persons.get(group as usize), people)));
            let in_a_phrase = variants.word_count(long as usize) < cfg.common;
            let chance = may
                && phrase
                && ((coverage < 1.0 && credited_to_someone[short as usize] && line_named) || in_a_phrase)
                && *not_the_lines.get_or_init(|| !speaks_the_line(short, group) && !beside_the_line(short, group));
            let join = may && !chance;
            *entry = (
                root_of[short as usize],
                entry.2,
                u32::from(join) | u32::from(chance) << 1,
            );
        }
    });
    // Made in place: the same 12 bytes an entry.
    let mut judged: Vec<Judged> = held
        .into_iter()
        .map(|(root, link, flags)| Judged {
            root,
            link,
            join: flags & 1 != 0,
            chance: flags & 2 != 0,
        })
        .collect();
    judged.par_sort_unstable_by_key(|j| (j.root, j.link));
    // A fragment's place in a line: (fragment, line, coverage, may join).
    let cut_of = |j: &Judged| {
        let l = &links[j.link as usize].weight;
        (l.short, l.long, l.score, j.join)
    };
    let mut longest: Vec<u32> = vec![0; n];
    for (v, &root) in root_of.iter().enumerate() {
        let e = &mut longest[root as usize];
        *e = (*e).max(variants.total(v));
    }
    // The groups some line may take, longest first: (longest, root, where
    // its holders start and end in `judged`).
    let mut order: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut start = 0;
    for group in judged.chunk_by(|a, b| a.root == b.root) {
        let end = start + group.len() as u32;
        if group.iter().any(|j| j.join) {
            order.push((longest[group[0].root as usize], group[0].root, start, end));
        }
        start = end;
    }
    drop(longest);
    order.sort_unstable_by(|a, b| b.cmp(a));
    let aligned = |short: u32, long: u32| {
        let words = |v: u32| {
            let v = &variants.at(v as usize);
            Seq {
                keys: v.words,
                weights: v.weights,
                total: v.total,
            }
        };
        align::coverage(words(short), words(long)) >= cfg.contain
    };
    let one_speaker = |a: u32, b: u32| {
        let (sa, sb) = (&speakers[a as usize], &speakers[b as usize]);
        sa.iter()
            .any(|x| sb.iter().any(|y| crate::provenance::names::same_keys(x, y)))
    };
    // The articles of each group a fragment joins or may join, as sets
    // made when first asked for; a group never asked for has those it
    // had before any fragment joined.
    let mut members: FxHashMap<u32, BTreeSet<u32>> = FxHashMap::default();
    for (_, root, start, end) in order {
        // The families the fragment may join, best claim first; none
        // where they tie (common speech).
        let pairs = &judged[start as usize..end as usize];
        // Whether a line holds the fragment's exact words, aligned once
        // a pair: the claims are weighed up to three times a fragment
        // group (the alignments were a fifth of this loop, on the
        // families step's one thread, issue 16).
        let known = std::cell::RefCell::new(FxHashMap::<(u32, u32), bool>::default());
        let exact = |short: u32, long: u32| {
            if let Some(&e) = known.borrow().get(&(short, long)) {
                return e;
            }
            let e = aligned(short, long);
            known.borrow_mut().insert((short, long), e);
            e
        };
        if pairs.iter().any(|p| p.chance)
            && common_speech(&rank_claims(
                pairs.iter().filter(|p| p.join || p.chance).map(cut_of),
                &mut uf,
                variants,
                &exact,
                &one_speaker,
            ))
        {
            continue;
        }
        let ranked = rank_claims(
            pairs.iter().filter(|p| p.join).map(cut_of),
            &mut uf,
            variants,
            &exact,
            &one_speaker,
        );
        let Some(&(parent, best)) = ranked.first() else {
            continue;
        };
        if common_speech(&ranked) {
            continue;
        }
        // Lines the fragment may not join count toward the tie too: a
        // phrase inside three persons' lines stays apart when credits keep
        // it from two of them, rather than falling to the one left
        // (issue 13). Unless the one left is the fragment's own speaker's
        // line, or its article quotes the fragment beside it: others'
        // lines tell nothing against a person's cut of their own words.
        let me = uf.find(root);
        for r in [me, parent] {
            members
                .entry(r)
                .or_insert_with(|| articles_of.get(r as usize).iter().copied().collect());
        }
        let beside = || !members[&me].is_disjoint(&members[&parent]);
        if !best.speaker
            && pairs.iter().any(|p| !p.join)
            && !beside()
            && common_speech(&rank_claims(
                pairs.iter().map(cut_of),
                &mut uf,
                variants,
                &exact,
                &one_speaker,
            ))
        {
            continue;
        }
        if me == parent {
            continue;
        }
        // A phrase repeated beside the line is a phrase of its own where
        // it also lives as a term (headlined, in scare marks); quoted in
        // part only, it is the line's cut, however its uses group by
        // credit (issue 13). A cut of a line's length is the line's,
        // beside it or not: articles open with a sentence of a statement
        // and quote it whole further down, and a re-run of such an article
        // repeats both.
        let g = own_articles.get(root as usize);
        let p = &members[&parent];
        let phrase = variants.at(root as usize).keys.len() < cfg.common;
        if phrase && termed[root as usize] && g.len() > 1 && 2 * g.iter().filter(|a| p.contains(a)).count() > g.len() {
            continue;
        }
        uf.union(me, parent);
        // The smaller set is poured into the larger: a line that gathers
        // thousands of fragments one at a time is not copied once each.
        let mut joined = members.remove(&me).unwrap_or_default();
        let mut other = members.remove(&parent).unwrap_or_default();
        if joined.len() < other.len() {
            std::mem::swap(&mut joined, &mut other);
        }
        joined.extend(other);
        members.insert(uf.find(me), joined);
    }
    // Dense family ids in order of the first variant of each family.
    let mut ids = vec![u32::MAX; n];
    let mut next = 0;
    (0..n as u32)
        .map(|v| {
            let id = &mut ids[uf.find(v) as usize];
            if *id == u32::MAX {
                *id = next;
                next += 1;
            }
            *id
        })
        .collect()
}

/// The persons credited anywhere in each group of `by_group` (a group's
/// variants, by root): a copy of the line credited to no one by name
/// still belongs to the line's person. A set: only whether two groups'
/// persons can be one is asked ([`families_of`]).
fn persons_by_group(n: usize, by_group: &Flat, persons: &[Vec<u32>]) -> Flat {
    Flat::grouped(
        n,
        (0..n as u32).flat_map(|root| {
            let mut one: Vec<u32> = Vec::new();
            for &v in by_group.get(root as usize) {
                one.extend_from_slice(&persons[v as usize]);
            }
            one.sort_unstable();
            one.dedup();
            one.into_iter().map(move |p| (root, p))
        }),
        false,
    )
}

/// The named speakers of each group of `by_group`, resolved ones
/// included, by their first and their last name key:
/// [`crate::provenance::names::same_keys`] can only hold for names that
/// share one of them, so a group of many speakers is searched, not
/// scanned ([`families_of`]).
fn names_by_group<'a>(n: usize, by_group: &Flat, speakers: &'a Speakers) -> GroupNames<'a> {
    GroupNames::new(n, |root, out| {
        let mut keys: Vec<&NameKeys> = by_group
            .get(root as usize)
            .iter()
            .flat_map(|&v| speakers[v as usize].iter())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            let (first, last) = (k.first(), k.last());
            for key in [first, last.filter(|_| first != last)].into_iter().flatten() {
                out.push((key.as_str(), k));
            }
        }
    })
}

/// A containment link between two groups, judged ([`families_of`]): the
/// fragment's group, the link's number, whether the fragment may join
/// the line, and whether the line holds it by chance (then it may not).
#[derive(Clone, Copy)]
struct Judged {
    root: u32,
    link: u32,
    join: bool,
    chance: bool,
}

/// How articles use a phrase shorter than a line (under
/// [`LinkConfig::common`] words), which decides whose credit can keep it
/// from a line that holds it (see [`families_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PhraseUse {
    /// Some article states it as a whole utterance, credited to a speaker.
    Stated,
    /// No article uses it in its own voice: every occurrence is a term
    /// in marks no one is said to have said (a scare quote), a headline,
    /// or words quoted inside another quote.
    Term,
    /// Quoted in part, or a line.
    Other,
}

/// Parent families beyond which a fragment no parent holds the most of
/// is common speech rather than a cut.
const MAX_TIED_PARENTS: usize = 2;

/// Each family that holds a fragment, with its claim on it, best first:
/// the occurrences whose exact words it holds, then those it holds by
/// stem, then whether it names the fragment's speaker, its best coverage
/// and its length. Exact words are compared only where families
/// disagree.
fn rank_claims(
    pairs: impl Iterator<Item = (u32, u32, f64, bool)> + Clone,
    uf: &mut UnionFind<u32>,
    variants: &Variants,
    exact: &impl Fn(u32, u32) -> bool,
    one_speaker: &impl Fn(u32, u32) -> bool,
) -> Vec<(u32, Claim)> {
    let mut fams: Vec<u32> = pairs.clone().map(|(_, long, _, _)| uf.find(long)).collect();
    fams.sort_unstable();
    fams.dedup();
    let contested = fams.len() > 1;
    let mut claims: FxHashMap<u32, Claim> = FxHashMap::default();
    // Each (family, fragment, line) held: a sorted list, one run a
    // (family, fragment) pair (a map of them was made for every fragment
    // group, on the families step's one core; issue 16), whose exact
    // words are asked of its lines only until one holds them.
    let mut held: Vec<(u32, u32, u32)> = Vec::new();
    for (short, long, score, _) in pairs {
        let fam = uf.find(long);
        held.push((fam, short, long));
        let c = claims.entry(fam).or_default();
        c.speaker = c.speaker || one_speaker(short, long);
        c.score = c.score.max(score);
        c.total = c.total.max(variants.total(long as usize));
    }
    held.sort_unstable();
    for run in held.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (fam, short) = (run[0].0, run[0].1);
        let is_exact = contested && run.iter().any(|h| exact(short, h.2));
        let n = variants.at(short as usize).occurrences.len() as u32;
        let c = claims.get_mut(&fam).expect("a claim per parent family");
        if is_exact {
            c.exact += n;
        } else {
            c.stem += n;
        }
    }
    let mut ranked: Vec<(u32, Claim)> = claims.into_iter().collect();
    ranked.sort_by(|(fa, a), (fb, b)| b.cmp_claim(a).then(fa.cmp(fb)));
    ranked
}

/// A fragment held by more than [`MAX_TIED_PARENTS`] families, none of
/// which holds most of its occurrences, is common speech.
fn common_speech(ranked: &[(u32, Claim)]) -> bool {
    let Some((_, best)) = ranked.first() else {
        return false;
    };
    let support = |c: &Claim| if best.exact > 0 { c.exact } else { c.stem };
    let all: u32 = ranked.iter().map(|(_, c)| support(c)).sum();
    ranked.len() > MAX_TIED_PARENTS && 2 * support(best) <= all
}

/// One parent family's claim on a fragment group (see [`families_of`]).
#[derive(Debug, Clone, Copy, Default)]
struct Claim {
    exact: u32,
    stem: u32,
    speaker: bool,
    score: f64,
    total: u32,
}

impl Claim {
    fn cmp_claim(&self, other: &Claim) -> std::cmp::Ordering {
        (self.exact, self.stem, self.speaker)
            .cmp(&(other.exact, other.stem, other.speaker))
            .then(self.score.total_cmp(&other.score))
            .then(self.total.cmp(&other.total))
    }
}

/// A family: every variant and occurrence of one line, a view of
/// [`Families`].
#[derive(Debug, Clone, Copy)]
pub struct Family<'a> {
    /// Variant ids, ascending.
    pub variants: &'a [u32],
    /// Occurrence ids, ascending (input order).
    pub occurrences: &'a [u32],
    /// Families whose quotes contain a fragment that is this family.
    pub inside: &'a [u32],
    /// Families that are fragments of this one.
    pub contains: &'a [u32],
}

/// Every family's lists, one flat table a kind of list: four vectors a
/// family and their allocations were some 0.2 GiB at 1M articles (1.17 M
/// families), held from the link to the end of an `add` (issue 16).
#[derive(Debug, Clone, Default)]
pub struct Families {
    count: usize,
    variants: Flat,
    occurrences: Flat,
    inside: Flat,
    contains: Flat,
}

impl Families {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Family `f`.
    pub fn get(&self, f: usize) -> Family<'_> {
        Family {
            variants: self.variants.get(f),
            occurrences: self.occurrences.get(f),
            inside: self.inside.get(f),
            contains: self.contains.get(f),
        }
    }

    /// Each family, by number.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Family<'_>> + '_ {
        (0..self.count).map(|f| self.get(f))
    }

    /// Each family, by number, in parallel.
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = Family<'_>> + '_ {
        (0..self.count).into_par_iter().map(move |f| self.get(f))
    }
}

/// The families of [`families_of`]: each variant and occurrence taken
/// in order, so each family's lists come ascending.
pub(super) fn collect_families<'a>(
    occurrences: &[Occurrence],
    links: impl Iterator<Item = &'a Link>,
    family_of_variant: &[u32],
) -> Families {
    let count = family_of_variant.iter().map(|&f| f + 1).max().unwrap_or(0) as usize;
    let by_variant = Flat::grouped(
        count,
        family_of_variant.iter().enumerate().map(|(v, &f)| (f, v as u32)),
        false,
    );
    let by_occurrence = Flat::grouped(
        count,
        occurrences
            .iter()
            .enumerate()
            .map(|(o, oc)| (family_of_variant[oc.variant as usize], o as u32)),
        false,
    );
    // The families' containment pairs, sorted: each family's lists come
    // ascending.
    let mut inside: Vec<(u32, u32)> = links
        .filter(|l| l.kind == LinkKind::Containment)
        .map(|l| (family_of_variant[l.short as usize], family_of_variant[l.long as usize]))
        .filter(|(fs, fl)| fs != fl)
        .collect();
    inside.par_sort_unstable();
    inside.dedup();
    Families {
        count,
        variants: by_variant,
        occurrences: by_occurrence,
        contains: Flat::grouped(count, inside.iter().map(|&(fs, fl)| (fl, fs)), false),
        inside: Flat::grouped(count, inside.iter().copied(), false),
    }
}

/// The named speakers of each group (resolved ones included), by their
/// first and their last name key: one list sorted by group and key, each
/// group's part found by its root and searched by halves. A map of maps,
/// two allocations or more a group, was much of the families step's
/// memory at 1M articles (issue 16).
struct GroupNames<'a> {
    /// Whether each root's group has a named speaker.
    named: Vec<bool>,
    /// Where each root's names start in `names`; one past the last root
    /// where they end.
    starts: Vec<u32>,
    /// (key, speaker), by group, then key.
    names: Vec<(&'a str, &'a NameKeys)>,
}

impl<'a> GroupNames<'a> {
    /// Of groups `0..n`: `names(root, out)` pushes group `root`'s
    /// (key, speaker) pairs to `out`, in any order (a group has a named
    /// speaker where it pushes any).
    fn new(n: usize, names: impl Fn(u32, &mut Vec<(&'a str, &'a NameKeys)>)) -> GroupNames<'a> {
        // Counted first, then made at their length: grown by doubling, the
        // list was up to twice itself at the families step's top (issue 16).
        let mut one = Vec::new();
        let total: usize = (0..n as u32)
            .map(|root| {
                one.clear();
                names(root, &mut one);
                one.len()
            })
            .sum();
        let mut named = vec![false; n];
        let mut starts = Vec::with_capacity(n + 1);
        let mut all: Vec<(&'a str, &'a NameKeys)> = Vec::with_capacity(total);
        starts.push(0u32);
        for (root, named) in named.iter_mut().enumerate() {
            let from = all.len();
            names(root as u32, &mut all);
            *named = all.len() > from;
            all[from..].sort_by(|a, b| a.0.cmp(b.0));
            starts.push(all.len() as u32);
        }
        GroupNames {
            named,
            starts,
            names: all,
        }
    }

    /// Group `root`'s named speakers by key, where it has any.
    fn of(&self, root: u32) -> Option<&[(&'a str, &'a NameKeys)]> {
        let r = root as usize;
        self.named[r].then(|| &self.names[self.starts[r] as usize..self.starts[r + 1] as usize])
    }
}

/// The speakers of a group's `line` ([`GroupNames::of`]) that have `key`
/// as their first or last name key.
fn named_by<'b>(line: &'b [(&'b str, &'b NameKeys)], key: &'b str) -> impl Iterator<Item = &'b NameKeys> + 'b {
    let from = line.partition_point(|e| e.0 < key);
    line[from..].iter().take_while(move |e| e.0 == key).map(|e| e.1)
}

#[cfg(test)]
mod tests {
    use crate::extract::Kind;
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig, LinkKind, Occurrence};

    #[test]
    fn issue16_each_groups_named_speakers_are_its_own() {
        use super::{named_by, GroupNames, NameKeys};
        let ana: NameKeys = vec!["ana".into(), "ruiz".into()];
        let tom: NameKeys = vec!["tom".into(), "berg".into()];
        let lists: [Vec<&NameKeys>; 4] = [vec![], vec![&tom, &ana], vec![], vec![&tom]];
        let groups = GroupNames::new(4, |root, out| {
            for &k in &lists[root as usize] {
                out.extend(k.iter().map(|key| (key.as_str(), k)));
            }
        });
        assert!(groups.of(0).is_none());
        assert!(groups.of(2).is_none(), "no names, after a group with some");
        let one = groups.of(1).unwrap();
        assert_eq!(
            one.iter().map(|e| e.0).collect::<Vec<_>>(),
            ["ana", "berg", "ruiz", "tom"]
        );
        assert_eq!(named_by(one, "ruiz").collect::<Vec<_>>(), [&ana]);
        assert_eq!(named_by(groups.of(3).unwrap(), "berg").collect::<Vec<_>>(), [&tom]);
        assert_eq!(named_by(groups.of(3).unwrap(), "ruiz").count(), 0);
    }

    #[test]
    fn issue16_the_families_table_lists_each_familys_own_ascending() {
        use super::collect_families;
        use crate::link::Link;
        let occ = |article: u32, variant: u32| Occurrence {
            article,
            quote: 0,
            segment: 0,
            variant,
            nested: false,
        };
        // Variants 0 and 2 are family 0, 1 is family 1, 3 family 2.
        let family_of_variant = [0, 1, 0, 2];
        let occurrences = [occ(0, 2), occ(0, 1), occ(1, 0), occ(2, 3), occ(2, 2)];
        let contain = |short, long| Link {
            short,
            long,
            kind: LinkKind::Containment,
            score: 1.0,
        };
        let links = [
            contain(3, 2),
            contain(1, 0),
            contain(3, 0),
            contain(1, 2),
            contain(2, 0),
        ];
        let f = collect_families(&occurrences, links.iter(), &family_of_variant);
        assert_eq!(f.len(), 3);
        let lists = |i: usize| {
            let g = f.get(i);
            (g.variants, g.occurrences, g.inside, g.contains)
        };
        assert_eq!(lists(0), (&[0, 2][..], &[0, 2, 4][..], &[][..], &[1, 2][..]));
        assert_eq!(lists(1), (&[1][..], &[1][..], &[0][..], &[][..]));
        assert_eq!(lists(2), (&[3][..], &[3][..], &[0][..], &[][..]));
        assert_eq!(f.iter().map(|g| g.occurrences.len()).sum::<usize>(), occurrences.len());
    }

    #[test]
    fn a_one_off_fragment_joins_its_parent_family() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &["until every barrel of oil has been pumped out"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)]]);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Containment);
    }

    #[test]
    fn a_phrase_repeated_beside_its_parent_and_headlined_is_its_own_family_inside_it() {
        let mut headlined = article("b", &[SPILL, "every barrel of oil", "Every Barrel Of Oil"]);
        headlined.quotes[2].kind = Kind::Headline;
        let arts = [article("a", &[SPILL, "every barrel of oil"]), headlined];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(
            family_sets(&l),
            vec![vec![(0, 0), (1, 0)], vec![(0, 1), (1, 1), (1, 2)]]
        );
        assert_eq!(l.families.get(1).inside, vec![0]);
        assert_eq!(l.families.get(0).contains, vec![1]);
    }

    #[test]
    fn issue13_a_phrase_only_quoted_in_part_beside_its_line_is_the_lines_cut() {
        // A credit corrected from a wrong name put all of such a phrase's
        // uses in one group; kept apart as "repeated beside the line", it
        // left its line's family on the held-out real families.
        let partial = |id: &str| {
            let mut a = article(id, &[SPILL, "every barrel of oil"]);
            a.quotes[1].kind = Kind::Partial;
            a
        };
        let arts = [partial("a"), partial("b"), article("c", &["every barrel of oil"])];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]]);
    }

    #[test]
    fn issue13_a_cut_of_a_lines_length_repeated_beside_the_line_joins_it() {
        // An article opens with one sentence of a statement and quotes it
        // whole further down; a re-run of it repeats both.
        let cut = "every barrel of oil has been pumped out of the bay";
        let arts = [
            article("a", &[cut, SPILL]),
            article("b", &[cut, SPILL]),
            article("c", &[SPILL]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]]);
    }

    #[test]
    fn cut_copies_in_several_articles_join_the_line() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &["every barrel of oil has been pumped out"]),
            article("c", &["every barrel of oil has been pumped out"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0), (2, 0)]]);
    }

    const CARELESS: &str = "They were extremely careless in their handling of very sensitive information";
    const BILL: &str = "We introduced a bill so that extreme carelessness rather than gross negligence is the standard";

    #[test]
    fn issue13_a_fragment_joins_the_line_that_holds_its_exact_words() {
        // "extremely careless" is quoted on its own in many articles; its
        // stem also occurs in another line ("extreme carelessness").
        let mut arts = vec![article("a", &[CARELESS]), article("b", &[BILL])];
        for i in 0..5 {
            arts.push(article(&format!("c{i}"), &["extremely careless"]));
        }
        arts.push(article("d", &["extreme carelessness"]));
        let l = link(&arts, &LinkConfig::default());
        let fam =
            |a: usize| l.family_of_occurrence(l.occurrences.iter().position(|o| o.article == a as u32).unwrap() as u32);
        for a in 2..7 {
            assert_eq!(fam(a), fam(0), "article {a}");
        }
        assert_ne!(fam(1), fam(0));
    }

    #[test]
    fn issue13_a_phrase_inside_the_lines_of_many_families_is_common_speech() {
        let arts = [
            article("a", &["We must call it radical Islam and we must defeat it"]),
            article(
                "b",
                &["The senator refused to say radical Islam on television last night"],
            ),
            article("c", &["Nobody in this room is afraid of the words radical Islam"]),
            article("d", &["radical Islam"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 4, "nothing chains the three lines");
        let phrase = l.family_of_occurrence(3) as usize;
        assert_eq!(l.families.get(phrase).occurrences.len(), 1);
        assert_eq!(l.families.get(phrase).inside.len(), 3);
    }

    #[test]
    fn issue13_a_phrase_inside_many_lines_stays_common_speech_where_credits_keep_it_from_some() {
        // Three persons' lines hold "a fair wind"; Ada Birch says it in
        // part in an article titled with Tom Berg's name, so credits keep
        // it from Ana Ruiz's and Lea Park's lines but not from his.
        let lines = [
            (
                "We will need a fair wind and a calm sea to bring the boats home",
                "Ana Ruiz",
            ),
            (
                "With a fair wind the new ferry could reach the island by noon",
                "Tom Berg",
            ),
            (
                "Nobody on this coast has ever sailed without hoping for a fair wind",
                "Lea Park",
            ),
        ];
        let phrase = |who: &str, title: &str| {
            let mut a = named(article("p", &["a fair wind"]), who);
            a.quotes[0].kind = Kind::Partial;
            a.title = Some(title.into());
            a
        };
        let mut arts: Vec<_> = lines
            .iter()
            .enumerate()
            .map(|(i, (line, who))| named(article(&format!("l{i}"), &[line]), who))
            .collect();
        arts.push(phrase("Ada Birch", "Birch and Berg on the harbour"));
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 4, "not left to the one line it may join");
        assert_eq!(l.families.get(family_of(&l, 3, 0) as usize).inside.len(), 3);
        // His own words, it is cut from his line: others' lines say
        // nothing against that.
        arts[3] = phrase("Tom Berg", "Berg on the harbour");
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 3, 0), family_of(&l, 1, 0));
        // So is one quoted beside the line, in the line's own article.
        let mut beside = named(article("l1", &[lines[1].0]), lines[1].1);
        beside.quotes.extend(phrase("Ada Birch", "Birch and Berg").quotes);
        arts[1] = beside;
        arts.pop();
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 1), family_of(&l, 1, 0));
    }

    #[test]
    fn issue13_a_line_that_quotes_a_fragment_in_its_own_marks_is_not_its_parent() {
        let line = "Although the harbour people, maybe they can stop it, I do not know";
        let quoting = "Your careless remark about ‘harbour people’ was heard in every town on the coast";
        let other = "The harbour people have a great spirit and they are very united this year";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &["harbour people"]), "Ana Ruiz"),
            named(article("c", &[quoting]), "Lea Park"),
            named(article("d", &[other]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        // The nested quote is an occurrence of its own, credited to no one.
        let nested: Vec<&Occurrence> = l.occurrences.iter().filter(|o| o.nested).collect();
        assert_eq!(nested.len(), 1);
        assert_eq!((nested[0].article, nested[0].quote, nested[0].segment), (2, 0, 1));
        assert_eq!(l.variant_text(nested[0].variant), "harbour people");
        // Without the quoting line as a third parent, the fragment is no
        // common speech: it joins the line of the speaker it is credited to.
        let fragment = family_of(&l, 1, 0);
        assert_eq!(fragment, family_of(&l, 0, 0));
        let n = l.occurrences.iter().position(|o| o.nested).unwrap() as u32;
        assert_eq!(l.family_of_occurrence(n), fragment, "the nested quote joins it too");
        assert_ne!(family_of(&l, 2, 0), fragment, "the quoting line stays apart");
        assert_ne!(family_of(&l, 3, 0), fragment);
    }

    #[test]
    fn issue13_a_cut_that_runs_past_the_lines_nested_quote_is_cut_from_it() {
        // The speaker quotes herself in passing; a copy drops her marks
        // and keeps the words around them: most of the cut is the line's
        // own voice, so the line is its parent.
        let line = "Perhaps I can, by talking plainly to the fishermen, tell them, ‘Look, this is not what we want.’ \
                    We have to do all we can to mend the harbour wall before the winter storms";
        let cut = "Perhaps I can, by talking plainly to the fishermen, tell them, look, this is not what we want";
        let arts = [article("a", &[line]), article("b", &[cut])];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_words_like_a_line_credited_to_someone_else_are_not_cut_from_it() {
        let line = "I think the new harbour plan is a real success for the fishermen of this town and for all the families who work on its busy quays";
        let like = "the new harbour plan is a disaster for the fishermen of this town";
        let cut = "the new harbour plan is a real success";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[like]), "Tom Berg"),
            named(article("c", &[cut]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(
            l.link_between(1, 0).map(|k| k.kind),
            Some(LinkKind::Containment),
            "close enough to be a fragment by its words"
        );
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0));
        // A whole cut stays with its line whoever it is credited to.
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_common_phrase_the_line_holds_only_with_words_between_is_not_cut_from_it() {
        let line = "It is very disappointing and I will have to do my best. Time will shortly tell if I can play";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            article("b", &[line]),
            named(article("c", &["Time will tell"]), "Tom Berg"),
            named(article("d", &["Time will tell"]), "Ada Birch"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "said apart by another person");
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 3, 0));
        // Held in one run, it is a cut whoever it is credited to, in an
        // article that names the line's speaker.
        let mut cut = named(article("c", &["Time will shortly tell"]), "Tom Berg");
        cut.title = Some("Berg answers Ruiz".into());
        let arts = [named(article("a", &[line]), "Ana Ruiz"), cut];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_phrase_another_person_says_is_not_cut_from_a_line_whose_speaker_goes_unnamed() {
        let line =
            "This was one of the finest moments of my forty years at sea and it is a badge of honour I will wear";
        let phrase = "a badge of honour";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Ana Ruiz"),
            named(article("c", &[phrase]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "Tom Berg's own phrase");
        // Where the article names the line's speaker (here by crediting
        // her with another quote), the phrase is words cut from her line,
        // misread as his.
        let mut cut = named(article("c", &[phrase]), "Tom Berg");
        cut.quotes
            .extend(named(article("x", &["We sail at dawn"]), "Ana Ruiz").quotes);
        let arts = [arts[0].clone(), arts[1].clone(), cut];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        // A phrase quoted in part and credited by "he", resolved to a
        // name, in an article that names no speaker of the line, is that
        // person's too (issue 13): the article gives no sign that the
        // pronoun stands for the line's speaker.
        let mut he = article("c", &[phrase]);
        he.quotes[0].kind = Kind::Partial;
        he.quotes[0].speaker = Some("he".into());
        he.quotes[0].speaker_canonical = Some("Tom Berg".into());
        he.quotes[0].cue = Some("said".into());
        let l = link(&[arts[0].clone(), arts[1].clone(), he.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "his own phrase");
        // Where that article names the line's speaker, "he" may be her
        // words misread: a cut.
        let mut beside_her = he.clone();
        beside_her
            .quotes
            .extend(named(article("x", &["We sail at dawn"]), "Ana Ruiz").quotes);
        let l = link(&[arts[0].clone(), arts[1].clone(), beside_her], &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        // A description resolved to a name ("the skipper" bound to Tom
        // Berg by its role) keeps nothing apart: a cut, as a phrase
        // credited to no one is.
        let mut skipper = he.clone();
        skipper.quotes[0].speaker = Some("the skipper".into());
        let mut nobody = he;
        nobody.quotes[0].speaker = None;
        nobody.quotes[0].speaker_canonical = None;
        for cut in [skipper, nobody] {
            let l = link(&[arts[0].clone(), arts[1].clone(), cut], &LinkConfig::default());
            assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        }
        // Stated as a whole utterance ("A badge of honour," he said), it
        // is his own words, resolved credit or not (issue 13).
        let mut stated = article("c", &[phrase]);
        stated.quotes[0].speaker = Some("he".into());
        stated.quotes[0].speaker_canonical = Some("Tom Berg".into());
        stated.quotes[0].cue = Some("said".into());
        stated.quotes[0].kind = Kind::Statement;
        let arts = [arts[0].clone(), arts[1].clone(), stated];
        let l = link(&arts, &LinkConfig::default());
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "his own utterance");
        // `common: 0` turns the rule off with the rest of common speech.
        let arts = [
            arts[0].clone(),
            arts[1].clone(),
            named(article("c", &[phrase]), "Tom Berg"),
        ];
        let off = LinkConfig {
            common: 0,
            ..LinkConfig::default()
        };
        let l = link(&arts, &off);
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_phrase_of_a_named_person_is_cut_from_a_line_credited_to_no_one_only_where_the_line_names_them() {
        // The line is credited to a description no one resolved ("the
        // old skipper said"); a phrase in it credited to Tom Berg, in
        // articles about other things, is his own.
        let line = "From the first day I made the harbour wall my top concern, whatever the council said";
        let mut phrase = named(article("c", &["top concern"]), "Tom Berg");
        phrase.quotes[0].kind = Kind::Partial;
        let unnamed = || said_by(article("a", &[line]), "the old skipper");
        let l = link(&[unnamed(), phrase.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0), "his own phrase");
        // Where the line's article names him (here in its title), the
        // line may be his: a cut.
        let mut titled = unnamed();
        titled.title = Some("Berg looks back".into());
        let l = link(&[titled, phrase.clone()], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
        // So is a phrase the line's own article quotes beside it.
        let mut beside = unnamed();
        beside.quotes.extend(phrase.quotes.clone());
        let l = link(&[beside], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 1), family_of(&l, 0, 0));
        // And a phrase credited to no one stays a cut.
        let l = link(&[unnamed(), article("c", &["top concern"])], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_term_in_scare_quotes_is_cut_from_a_line_only_beside_its_speakers_name() {
        let line = "We set up the harbour watch to keep the boats safe through the long winter nights";
        let term = |id: &str| {
            let mut a = article(id, &["harbour watch"]);
            a.quotes[0].kind = Kind::Scare;
            a
        };
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Ana Ruiz"),
            term("c"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "the writer's own term");
        // Nor is it cut from a line that no one is named for, but in an
        // article that quotes the line.
        let l = link(
            &[article("a", &[line]), article("b", &[line]), term("c")],
            &LinkConfig::default(),
        );
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        let mut with_line = term("c");
        with_line.quotes.extend(article("x", &[line]).quotes);
        let l = link(&[article("a", &[line]), with_line], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
        // Beside a quote credited to the line's speaker, it is her words.
        let mut beside = term("c");
        beside
            .quotes
            .extend(named(article("x", &["We sail at dawn"]), "Ana Ruiz").quotes);
        let arts = [arts[0].clone(), arts[1].clone(), beside];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_phrase_of_someone_the_line_holds_only_in_part_is_cut_from_it_only_beside_it_or_of_its_speaker() {
        // "the beginning of the end" is not in the line: "end" is not.
        let line = "I think the new harbour plan is the beginning of the real recovery for the fishermen of this town";
        let phrase = "the beginning of the end";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            said_by(article("b", &[phrase]), "the harbour board"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert!(l.links_of(1).any(|k| k.kind == LinkKind::Containment && k.score < 1.0));
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0), "another's phrase");
        // Credited to no one, it may be a cut drifted in translation.
        let l = link(&[arts[0].clone(), article("b", &[phrase])], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "credited to no one");
        let mut beside = said_by(article("b", &[phrase]), "the harbour board");
        beside.quotes.extend(article("x", &[line]).quotes);
        let l = link(&[arts[0].clone(), beside], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "beside the line");
        let hers = [arts[0].clone(), named(article("b", &[phrase]), "Ana Ruiz")];
        let l = link(&hers, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "the line's speaker");
    }

    #[test]
    fn issue13_a_phrase_held_by_another_phrase_is_cut_from_it_only_beside_it_or_of_its_speaker() {
        let long = "a massive eight-year harbour fraud scheme";
        let short = "harbour fraud scheme";
        let arts = [article("a", &[long]), article("b", &[short])];
        let l = link(&arts, &LinkConfig::default());
        assert!(l.links_of(1).any(|k| k.kind == LinkKind::Containment));
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0), "two phrases met by chance");
        let one = [
            named(article("a", &[long]), "Ana Ruiz"),
            named(article("b", &[short]), "Ana Ruiz"),
        ];
        let l = link(&one, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "one speaker");
    }

    #[test]
    fn issue13_a_headline_or_words_quoted_inside_a_quote_are_cut_from_a_line_only_where_its_speaker_is_named() {
        let line = "The new harbour plan puts this town at the cutting edge of green fishing for years to come";
        let headline = |id: &str| {
            let mut a = article(id, &["Cutting edge of green fishing"]);
            a.quotes[0].kind = Kind::Headline;
            a
        };
        let arts = [named(article("a", &[line]), "Ana Ruiz"), headline("b")];
        let l = link(&arts, &LinkConfig::default());
        assert!(l.links_of(1).any(|k| k.kind == LinkKind::Containment));
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0), "the writer's words");
        let mut naming = headline("b");
        naming.title = Some("Ruiz on the harbour".into());
        let l = link(&[arts[0].clone(), naming], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "an article that names her");
    }
}
