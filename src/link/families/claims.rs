//! The fourth step of the families: each fragment group joins the family
//! of the line it was cut from, longest groups first, where its parent
//! families' claims on it ([`Claim`]) do not tie (common speech).

use std::collections::BTreeSet;

use petgraph::graph::Edge;
use petgraph::unionfind::UnionFind;
use rustc_hash::FxHashMap;

use super::groups::Groups;
use super::judge::Judged;
use crate::link::align::{self, Seq};
use crate::link::credits::Speakers;
use crate::link::{Link, LinkConfig, Variants};

/// Joins each fragment group to its parent family in `uf`, by the judged
/// containment links (see [`families_of`](super::families_of)).
pub(super) fn join_fragments(
    variants: &Variants,
    links: &[Edge<Link>],
    judged: &[Judged],
    speakers: &Speakers,
    groups: &Groups<'_>,
    uf: &mut UnionFind<u32>,
    cfg: &LinkConfig,
) {
    let n = variants.len();
    let Groups {
        root_of,
        articles_of,
        own_articles,
        termed,
        ..
    } = groups;
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
                uf,
                variants,
                &exact,
                &one_speaker,
            ))
        {
            continue;
        }
        let ranked = rank_claims(
            pairs.iter().filter(|p| p.join).map(cut_of),
            uf,
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
                uf,
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

/// One parent family's claim on a fragment group (see [`families_of`](super::families_of)).
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

#[cfg(test)]
mod tests {
    use crate::extract::Kind;
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig};

    const CARELESS: &str = "They were extremely careless in their handling of very sensitive information";
    const BILL: &str = "We introduced a bill so that extreme carelessness rather than gross negligence is the standard";

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
}
