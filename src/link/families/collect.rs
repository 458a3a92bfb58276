//! The families gathered ([`collect_families`]): one flat table of every
//! family's variants, occurrences and containment ([`Families`]).

use rayon::prelude::*;

use crate::link::index::Flat;
use crate::link::{Link, LinkKind, Occurrence};

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

/// The families of [`families_of`](super::families_of): each variant and occurrence taken
/// in order, so each family's lists come ascending.
pub(in crate::link) fn collect_families<'a>(
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

#[cfg(test)]
mod tests {
    use crate::link::{LinkKind, Occurrence};

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
}
