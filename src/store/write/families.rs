//! Families' rows and copy edges ([`PackedFamily`], packed where the
//! family was traced and written by the store's one thread), and every
//! family's rank (`family_ranks`).

use std::path::Path;

use rusqlite::Connection;

use super::insert::insert_many;
use crate::error::Result;
use crate::provenance::{Citation, FamilyReport};
use crate::store::compress::Zlib;
use crate::store::family_key;
use crate::store::report::{pack_report, strip_ranks};

/// A family's row and copy edges made ready to insert: its report
/// packed ([`pack_report`]), its first appearance and evidence as JSON;
/// with its fragment relations and citations, which are written later.
/// Inserted by [`insert_families`]. An `add` has it made where the
/// family was traced ([`PackedFamily::traced`]), so that the store's one
/// thread only writes it.
pub struct PackedFamily {
    pub(super) id: String,
    pub(in crate::store) key: String,
    canonical: String,
    articles: i64,
    speaker: Option<String>,
    first: String,
    tie: bool,
    possible_misattribution: bool,
    variants: i64,
    report: Vec<u8>,
    inputs: i64,
    edges: Vec<(crate::provenance::CopyEdge, String, String)>,
    pub(in crate::store) inside: Vec<String>,
    pub(in crate::store) citations: Vec<Citation>,
    /// The pairs of outlets its copy edges go between, read from its
    /// report where it could be ([`super::outlets::report_outlet_lines`]): made
    /// by [`PackedFamily::traced`] only.
    pub(in crate::store) lines: Option<rustc_hash::FxHashSet<(String, String)>>,
    /// Its report's articles and their outlets, by article id
    /// ([`super::outlets::report_outlets`]): where the outlets of the copy edges it
    /// replaces are looked up first. Made by [`PackedFamily::traced`] only.
    pub(in crate::store) outlets: Vec<(String, String)>,
}

impl PackedFamily {
    /// `fam` packed for [`crate::store::Update::family`], with its outlet
    /// lines, on the calling thread (a trace's: each of its threads keeps
    /// a compressor). Pure: what the store's one thread is handed is
    /// made beside it while it writes the family before (issue 16).
    pub fn traced(fam: FamilyReport, inputs: u64) -> PackedFamily {
        thread_local! {
            static REPORTS: std::cell::RefCell<Zlib> = std::cell::RefCell::new(Zlib::reports());
        }
        let outlets = super::outlets::report_outlets(&fam);
        let lines = super::outlets::report_outlet_lines(&fam, &outlets);
        let mut packed = REPORTS.with_borrow_mut(|zlib| PackedFamily::owned(zlib, fam, inputs));
        packed.lines = lines;
        packed.outlets = outlets;
        packed
    }

    /// `fam` packed and taken apart: what a build hands the store's
    /// thread is not needed after, so its edges, citations and names are
    /// moved, not copied, and its variants' ids are left shortened.
    pub(super) fn owned(zlib: &mut Zlib, mut fam: FamilyReport, inputs: u64) -> PackedFamily {
        strip_ranks(&mut fam);
        let report = pack_report(zlib, &fam);
        let key = family_key(&fam).to_string();
        let (id, canonical, speaker) = (
            std::mem::take(&mut fam.id),
            std::mem::take(&mut fam.canonical),
            fam.speaker.take(),
        );
        let (edges, inside, citations) = (
            std::mem::take(&mut fam.copy_edges),
            std::mem::take(&mut fam.inside),
            std::mem::take(&mut fam.citations),
        );
        PackedFamily::with(report, key, id, canonical, speaker, &fam, inputs).edges(edges, inside, citations)
    }

    fn with(
        report: Vec<u8>,
        key: String,
        id: String,
        canonical: String,
        speaker: Option<String>,
        fam: &FamilyReport,
        inputs: u64,
    ) -> PackedFamily {
        PackedFamily {
            id,
            key,
            canonical,
            articles: fam.articles as i64,
            speaker,
            first: serde_json::to_string(&fam.first_appearance).expect("ids serialize"),
            tie: fam.tie,
            possible_misattribution: fam.possible_misattribution,
            variants: fam.variants.len() as i64,
            report,
            inputs: inputs as i64,
            edges: Vec::new(),
            inside: Vec::new(),
            citations: Vec::new(),
            lines: None,
            outlets: Vec::new(),
        }
    }

    fn edges(
        mut self,
        edges: Vec<crate::provenance::CopyEdge>,
        inside: Vec<String>,
        citations: Vec<Citation>,
    ) -> PackedFamily {
        self.edges = edges
            .into_iter()
            .map(|c| {
                let kind = serde_json::to_value(c.kind).expect("kinds serialize");
                let kind = kind.as_str().unwrap_or_default().to_string();
                let evidence = serde_json::to_string(&c.evidence).expect("evidence serializes");
                (c, kind, evidence)
            })
            .collect();
        self.inside = inside;
        self.citations = citations;
        self
    }
}

/// A family's row (in place of any of its `num`) and its copy edges;
/// its citations are the caller's to write once sources are numbered.
pub(in crate::store) fn write_family(conn: &Connection, path: &Path, num: i64, fam: PackedFamily) -> Result<()> {
    insert_families(conn, path, &[(num, fam)])
}

/// Every family's rank: `nums[rank]` is the number of the family of that
/// rank (`family_ranks`, schema 11), written whole into an empty table.
pub(in crate::store) fn write_ranks(conn: &Connection, path: &Path, nums: &[i64]) -> Result<()> {
    let rows: Vec<(i64, i64)> = nums.iter().enumerate().map(|(rank, &num)| (rank as i64, num)).collect();
    insert_many(
        conn,
        path,
        "INSERT INTO family_ranks (rank, num)",
        2,
        &rows,
        |st, at, (rank, num)| {
            st.raw_bind_parameter(at, rank)?;
            st.raw_bind_parameter(at + 1, num)
        },
    )
}

/// Families' rows (each `(num, family)`, in place of any of its `num`)
/// and their copy edges, from what [`PackedFamily`] made of them: many
/// rows a statement ([`insert_many`]), the families' first. Their ranks
/// are [`write_ranks`]'.
pub(super) fn insert_families(conn: &Connection, path: &Path, families: &[(i64, PackedFamily)]) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT OR REPLACE INTO families (num, canonical, articles, speaker, first_appearance, tie, \
         possible_misattribution, variants, report, key, inputs)",
        11,
        families,
        |st, at, (num, fam)| {
            st.raw_bind_parameter(at, num)?;
            st.raw_bind_parameter(at + 1, &fam.canonical)?;
            st.raw_bind_parameter(at + 2, fam.articles)?;
            st.raw_bind_parameter(at + 3, &fam.speaker)?;
            st.raw_bind_parameter(at + 4, &fam.first)?;
            st.raw_bind_parameter(at + 5, fam.tie)?;
            st.raw_bind_parameter(at + 6, fam.possible_misattribution)?;
            st.raw_bind_parameter(at + 7, fam.variants)?;
            st.raw_bind_parameter(at + 8, &fam.report)?;
            st.raw_bind_parameter(at + 9, &fam.key)?;
            st.raw_bind_parameter(at + 10, fam.inputs)
        },
    )?;
    let edges: Vec<(i64, &(crate::provenance::CopyEdge, String, String))> = families
        .iter()
        .flat_map(|(num, fam)| fam.edges.iter().map(move |e| (*num, e)))
        .collect();
    insert_many(
        conn,
        path,
        "INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
         confidence, evidence)",
        9,
        &edges,
        |st, at, (num, (c, kind, evidence))| {
            st.raw_bind_parameter(at, num)?;
            st.raw_bind_parameter(at + 1, &c.from)?;
            st.raw_bind_parameter(at + 2, &c.to)?;
            st.raw_bind_parameter(at + 3, &c.from_article)?;
            st.raw_bind_parameter(at + 4, &c.to_article)?;
            st.raw_bind_parameter(at + 5, kind)?;
            st.raw_bind_parameter(at + 6, c.similarity)?;
            st.raw_bind_parameter(at + 7, c.confidence)?;
            st.raw_bind_parameter(at + 8, evidence)
        },
    )
}
