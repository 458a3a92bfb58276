//! Grouping linked variants into families: the drift and overlap links
//! joined (common phrases said apart kept apart), then each fragment's
//! parent families' claims on it weighed, and the families gathered with
//! what each holds and is held in.
//!
//! The steps, one file each: `join` (drifted copies), `groups` (what
//! each group holds before fragments join), `judge` (each containment
//! link), `claims` (fragments joining their lines) and `collect` (the
//! families gathered).

mod claims;
mod collect;
mod groups;
mod join;
mod judge;

use petgraph::graph::Edge;
use petgraph::unionfind::UnionFind;

use super::uses::Uses;
use super::{Link, LinkConfig, Occurrence, Variants};
pub(super) use collect::collect_families;
pub use collect::{Families, Family};

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
    let n = variants.len();
    let mut uf = join::join_copies(variants, links, uses.credited, uses.people, cfg);
    let groups = groups::Groups::gather(&uf, n, occurrences, uses.own, uses.persons, uses.speakers);
    let judged = judge::judge(variants, occurrences, links, uses, &groups, cfg);
    claims::join_fragments(variants, links, &judged, uses.speakers, &groups, &mut uf, cfg);
    dense_ids(&uf, n)
}

/// Dense family ids in order of the first variant of each family.
fn dense_ids(uf: &UnionFind<u32>, n: usize) -> Vec<u32> {
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

#[cfg(test)]
mod tests {
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig, LinkKind};

    #[test]
    fn dense_ids_number_the_families_in_order_of_their_first_variant() {
        let mut uf = super::UnionFind::<u32>::new(5);
        uf.union(4, 1);
        uf.union(3, 0);
        assert_eq!(super::dense_ids(&uf, 5), vec![0, 1, 2, 0, 1]);
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
    fn cut_copies_in_several_articles_join_the_line() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &["every barrel of oil has been pumped out"]),
            article("c", &["every barrel of oil has been pumped out"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0), (2, 0)]]);
    }
}
