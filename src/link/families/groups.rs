//! The second step of the families: what is gathered by group before
//! any fragment joins ([`Groups`]): each group's articles, its persons
//! and its named speakers.

use petgraph::unionfind::UnionFind;
use rayon::prelude::*;

use crate::link::credits::{NameKeys, Speakers};
use crate::link::index::Flat;
use crate::link::Occurrence;

/// What is gathered by group (by root, each variant's group as the drift
/// and overlap links made it), before any fragment joins.
pub(super) struct Groups<'a> {
    /// Each variant's group.
    pub(super) root_of: Vec<u32>,
    /// The articles of each group, sorted.
    pub(super) articles_of: Flat,
    /// Those that use it in their own voice.
    pub(super) own_articles: Flat,
    /// Groups some article uses as a term: a headline, a scare quote,
    /// words quoted inside another quote.
    pub(super) termed: Vec<bool>,
    /// The persons credited anywhere in each group ([`persons_by_group`]).
    pub(super) persons: Flat,
    /// The named speakers of each group ([`names_by_group`]).
    pub(super) names: GroupNames<'a>,
}

impl<'a> Groups<'a> {
    /// The groups of `uf` among `n` variants; `own` says, per occurrence,
    /// whether its article uses the line in its own voice.
    pub(super) fn gather(
        uf: &UnionFind<u32>,
        n: usize,
        occurrences: &[Occurrence],
        own: &[bool],
        persons: &[Vec<u32>],
        speakers: &'a Speakers,
    ) -> Groups<'a> {
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
        Groups {
            root_of,
            articles_of,
            own_articles,
            termed,
            persons: group_persons,
            names: group_names,
        }
    }

    /// Whether an article of `group` holds an occurrence of `short`.
    pub(super) fn beside(
        &self,
        variants: &crate::link::Variants,
        occurrences: &[Occurrence],
        short: u32,
        group: u32,
    ) -> bool {
        let arts = self.articles_of.get(group as usize);
        variants
            .at(short as usize)
            .occurrences
            .iter()
            .any(|&o| arts.binary_search(&occurrences[o as usize].article).is_ok())
    }
}

/// The persons credited anywhere in each group of `by_group` (a group's
/// variants, by root): a copy of the line credited to no one by name
/// still belongs to the line's person. A set: only whether two groups'
/// persons can be one is asked ([`families_of`](super::families_of)).
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
/// scanned ([`families_of`](super::families_of)).
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

/// The named speakers of each group (resolved ones included), by their
/// first and their last name key: one list sorted by group and key, each
/// group's part found by its root and searched by halves. A map of maps,
/// two allocations or more a group, was much of the families step's
/// memory at 1M articles (issue 16).
pub(super) struct GroupNames<'a> {
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
    pub(super) fn of(&self, root: u32) -> Option<&[(&'a str, &'a NameKeys)]> {
        let r = root as usize;
        self.named[r].then(|| &self.names[self.starts[r] as usize..self.starts[r + 1] as usize])
    }
}

/// The speakers of a group's `line` ([`GroupNames::of`]) that have `key`
/// as their first or last name key.
pub(super) fn named_by<'b>(
    line: &'b [(&'b str, &'b NameKeys)],
    key: &'b str,
) -> impl Iterator<Item = &'b NameKeys> + 'b {
    let from = line.partition_point(|e| e.0 < key);
    line[from..].iter().take_while(move |e| e.0 == key).map(|e| e.1)
}

#[cfg(test)]
mod tests {

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
}
