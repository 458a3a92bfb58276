//! Families' reports as `families.report` keeps them: packed
//! ([`pack_report`]) without what the store's columns and tables hold, or
//! what the report's occurrences say again, and without the family's id
//! in its variants' ids ([`strip_ranks`]); read back ([`Inflater`],
//! [`Unpacked::fill`], [`restore_ranks`]); and older stores' reports
//! rewritten as this schema keeps them ([`repack_reports`],
//! [`widen_reports`]).

use std::io::Read;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::compress::Zlib;
use super::open::{format_error, json_error, sql_error};
use super::schema::VERSION;
use crate::error::Result;
use crate::link;
use crate::provenance::{Counted, Credit, FamilyReport, OccurrenceReport, VariantReport};

/// What `families.report` keeps of a family's report (schema 5): what
/// no column or table of the store holds. Its id, key, canonical line,
/// articles, speaker, first appearance, tie and flag are `families`
/// columns; its copy edges and citations their tables; its fragment
/// relations `fragments`, by key; and its variants are named without
/// its id (`v3` for `F12.v3`: see [`strip_ranks`]). So no family is
/// named by its rank, which an `add` shifts for most families, and a
/// family an `add` leaves alone keeps its report byte for byte.
///
/// Schema 10: each occurrence carries what printing it needs (outlet,
/// date, kind, speakers: [`PackedOccurrence`]), so that reading a report
/// looks up no row; and what the report can say again from its
/// occurrences is left out when it would say just that (`undated`,
/// `speakers`, each variant's `occurrences`, an occurrence's `text` equal
/// to its variant's: [`Unpacked::fill`] puts them back), which pays for
/// most of those bytes.
#[derive(Serialize)]
struct Packed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    undated: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speakers: Option<&'a [Counted]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    misattribution: &'a [Credit],
    occurrences: Vec<PackedOccurrence<'a>>,
    variants: Vec<PackedVariant<'a>>,
}

/// An occurrence as a report keeps it (schema 10): its id, variant and
/// text (left out when it is its variant's), and `at`: its outlet, date,
/// kind and speaker, then its speaker's canonical name when that is not
/// the speaker as written. Its article, quote and segment are read from
/// its id (`ARTICLE#Q`, `ARTICLE#Q.S`), or given as `place` when the id
/// does not say them (a nested quote's, `ARTICLE#Q.nK`).
#[derive(Serialize)]
struct PackedOccurrence<'a> {
    id: &'a str,
    variant: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    at: Vec<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<(&'a str, usize, usize)>,
}

/// A variant as a report keeps it: as `families.json` has it, but for
/// its occurrences, left out when they are those of the report's that
/// are of this variant, in id order (always so for a report a build
/// writes; kept otherwise).
#[derive(Serialize)]
struct PackedVariant<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    occurrences: Option<&'a [String]>,
    parent: &'a Option<String>,
    link: &'a Option<link::LinkKind>,
    similarity: Option<f64>,
    #[serde(flatten)]
    audit: &'a crate::provenance::drift::Audit,
}

/// The kind of an occurrence that is a quote nested in another.
const NESTED: &str = "nested";

/// The article, quote and segment an occurrence id says (`ARTICLE#Q`,
/// `ARTICLE#Q.S`); none for a nested quote's (`ARTICLE#Q.nK`, whose
/// segment counts from the quote's segments).
fn place_in_id(id: &str) -> Option<(&str, usize, usize)> {
    let (article, rest) = id.rsplit_once('#')?;
    let (q, s) = match rest.split_once('.') {
        Some((q, s)) => (q, s.parse().ok()?),
        None => (rest, 0),
    };
    Some((article, q.parse().ok()?, s))
}

/// The ids of the undated occurrences, in report order: what a report's
/// `undated` is unless a date was given that could not be read.
fn undated_of(occurrences: &[OccurrenceReport]) -> Vec<String> {
    occurrences
        .iter()
        .filter(|o| o.published.is_none())
        .map(|o| o.id.clone())
        .collect()
}

/// The speakers the occurrences credit, by the name each goes by, most
/// credited first (on equal counts the one met first): what a report's
/// `speakers` is (`provenance::family`) unless told otherwise.
fn speakers_of(occurrences: &[OccurrenceReport]) -> Vec<Counted> {
    Counted::tally(
        occurrences
            .iter()
            .filter_map(|o| o.speaker_canonical.as_deref().or(o.speaker.as_deref())),
    )
}

/// Each variant's occurrences (by variant id), in id order: what a
/// report's `variants[].occurrences` is.
fn occurrences_by_variant(occurrences: &[OccurrenceReport]) -> std::collections::HashMap<&str, Vec<&str>> {
    let mut by: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for o in occurrences {
        by.entry(o.variant.as_str()).or_default().push(&o.id);
    }
    for ids in by.values_mut() {
        ids.sort_unstable();
    }
    by
}

/// A family's report as `families.report` keeps it ([`Packed`]; the
/// caller has taken its variants' ids out: [`strip_ranks`]), as JSON
/// compressed with zlib, which takes it to a fifth; Python's zlib reads
/// it (README, "The schema").
pub(super) fn pack_report(zlib: &mut Zlib, fam: &FamilyReport) -> Vec<u8> {
    let occs = &fam.occurrences;
    let counted = speakers_of(occs);
    let same_speakers = counted.len() == fam.speakers.len()
        && counted
            .iter()
            .zip(&fam.speakers)
            .all(|(a, b)| a.name == b.name && a.count == b.count);
    let by_variant = occurrences_by_variant(occs);
    let text_of: std::collections::HashMap<&str, &str> =
        fam.variants.iter().map(|v| (v.id.as_str(), v.text.as_str())).collect();
    let packed = Packed {
        undated: (undated_of(occs) != fam.undated).then_some(&fam.undated[..]),
        speakers: (!same_speakers).then_some(&fam.speakers[..]),
        misattribution: &fam.misattribution,
        occurrences: occs
            .iter()
            .map(|o| {
                let mut at = vec![
                    o.outlet.as_deref(),
                    o.published.as_deref(),
                    Some(o.kind.as_str()),
                    o.speaker.as_deref(),
                ];
                if o.speaker_canonical != o.speaker {
                    at.push(o.speaker_canonical.as_deref());
                }
                let place = (o.article.as_str(), o.quote, o.segment);
                PackedOccurrence {
                    id: &o.id,
                    variant: &o.variant,
                    text: (text_of.get(o.variant.as_str()) != Some(&o.text.as_str())).then_some(o.text.as_str()),
                    at,
                    place: (place_in_id(&o.id) != Some(place)).then_some(place),
                }
            })
            .collect(),
        variants: fam
            .variants
            .iter()
            .map(|v| {
                let derived = by_variant.get(v.id.as_str()).map_or(&[][..], Vec::as_slice);
                PackedVariant {
                    id: &v.id,
                    text: &v.text,
                    occurrences: (derived != v.occurrences.iter().map(String::as_str).collect::<Vec<_>>())
                        .then_some(&v.occurrences[..]),
                    parent: &v.parent,
                    link: &v.link,
                    similarity: v.similarity,
                    audit: &v.audit,
                }
            })
            .collect(),
    };
    compress_packed(zlib, &packed)
}

/// [`Packed`] as JSON, compressed whole.
fn compress_packed(zlib: &mut Zlib, packed: &Packed<'_>) -> Vec<u8> {
    let json = serde_json::to_vec(packed).expect("reports serialize");
    zlib.compress(&json)
}

/// [`Packed`], read back; or a report of an older schema (read by
/// [`widen_reports`] only): occurrences of schema 7 to 9 (id, variant,
/// text, `nested`), or whole before them (whose `kind` says nested).
#[derive(Deserialize)]
pub(super) struct Unpacked {
    #[serde(default)]
    undated: Option<Vec<String>>,
    #[serde(default)]
    speakers: Option<Vec<Counted>>,
    #[serde(default)]
    misattribution: Vec<Credit>,
    occurrences: Vec<UnpackedOccurrence>,
    variants: Vec<VariantReport>,
}

/// [`PackedOccurrence`], read back.
#[derive(Deserialize)]
struct UnpackedOccurrence {
    id: String,
    variant: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    at: Option<Vec<Option<String>>>,
    #[serde(default)]
    place: Option<(String, usize, usize)>,
    #[serde(default)]
    nested: bool,
    #[serde(default)]
    kind: Option<String>,
}

impl UnpackedOccurrence {
    /// Is it a quote nested in its quote (a report before schema 10)?
    fn nested(&self) -> bool {
        self.nested || self.kind.as_deref() == Some(NESTED)
    }
}

impl Unpacked {
    /// Puts the report's parts into `fam`: its occurrences whole, and what
    /// [`pack_report`] left out said again from them.
    pub(super) fn fill(self, path: &Path, fam: &mut FamilyReport) -> Result<()> {
        let text_of: std::collections::HashMap<&str, &str> =
            self.variants.iter().map(|v| (v.id.as_str(), v.text.as_str())).collect();
        let mut occurrences = Vec::with_capacity(self.occurrences.len());
        for o in self.occurrences {
            let not_ours = || {
                format_error(
                    path,
                    format!("families.report: occurrence {} is not schema {VERSION}'s", o.id),
                )
            };
            let Some(at) = o.at else {
                return Err(not_ours());
            };
            let mut at = at.into_iter();
            let (outlet, published, kind, speaker) = (at.next(), at.next(), at.next(), at.next());
            let (Some(outlet), Some(published), Some(Some(kind)), Some(speaker)) = (outlet, published, kind, speaker)
            else {
                return Err(not_ours());
            };
            let speaker_canonical = at.next().unwrap_or_else(|| speaker.clone());
            let (article, quote, segment) = match o.place {
                Some(p) => p,
                None => place_in_id(&o.id)
                    .map(|(a, q, s)| (a.to_string(), q, s))
                    .ok_or_else(not_ours)?,
            };
            let text = match o.text {
                Some(t) => t,
                None => text_of.get(o.variant.as_str()).ok_or_else(not_ours)?.to_string(),
            };
            occurrences.push(OccurrenceReport {
                id: o.id,
                article,
                quote,
                segment,
                outlet,
                published,
                kind,
                speaker,
                speaker_canonical,
                variant: o.variant,
                text,
            });
        }
        let mut variants = self.variants;
        {
            let by_variant = occurrences_by_variant(&occurrences);
            for v in variants.iter_mut().filter(|v| v.occurrences.is_empty()) {
                if let Some(ids) = by_variant.get(v.id.as_str()) {
                    v.occurrences = ids.iter().map(|s| s.to_string()).collect();
                }
            }
        }
        fam.undated = self.undated.unwrap_or_else(|| undated_of(&occurrences));
        fam.speakers = self.speakers.unwrap_or_else(|| speakers_of(&occurrences));
        fam.misattribution = self.misattribution;
        fam.occurrences = occurrences;
        fam.variants = variants;
        Ok(())
    }
}

/// A report as `families.report` keeps it, inflated and parsed.
fn unpack_report(path: &Path, z: &[u8]) -> Result<Unpacked> {
    Inflater::default().report(path, z)
}

/// Inflates reports with one decoder and one buffer, for a command that
/// reads many (`origin` reads every family a line matches, hundreds on
/// a line of common words): a decoder set up anew allocates and zeroes
/// its window, and a buffer grown anew for a big report is fresh memory
/// the kernel zeroes page by page (together a tenth of such an `origin`).
pub(super) struct Inflater {
    decoder: flate2::bufread::ZlibDecoder<std::io::Cursor<Vec<u8>>>,
    json: Vec<u8>,
}

impl Default for Inflater {
    fn default() -> Inflater {
        Inflater {
            decoder: flate2::bufread::ZlibDecoder::new(std::io::Cursor::new(Vec::new())),
            json: Vec::new(),
        }
    }
}

impl Inflater {
    /// The report `z` ([`pack_report`]), inflated and parsed.
    pub(super) fn report(&mut self, path: &Path, z: &[u8]) -> Result<Unpacked> {
        let mut input = self.decoder.reset(std::io::Cursor::new(Vec::new())).into_inner();
        input.clear();
        input.extend_from_slice(z);
        self.decoder.reset(std::io::Cursor::new(input));
        self.json.clear();
        self.decoder
            .read_to_end(&mut self.json)
            .map_err(|e| format_error(path, format!("families.report is not zlib: {e}")))?;
        serde_json::from_slice(&self.json).map_err(|e| json_error(path, "families.report", e))
    }
}

/// Rewrites the reports of a store of schema 5 to 9 as schema 10 keeps
/// them ([`pack_report`]): each occurrence's outlet, date, kind and
/// speakers read from its rows, once. A report that already carries them
/// is left as it is.
pub(super) fn widen_reports(conn: &Connection, path: &Path) -> Result<()> {
    let e = sql_error(path);
    let mut zlib = Zlib::reports();
    let mut st = conn.prepare("SELECT num, report FROM families").map_err(&e)?;
    let mut update = conn
        .prepare("UPDATE families SET report = ?2 WHERE num = ?1")
        .map_err(&e)?;
    let mut row = conn
        .prepare(
            "SELECT a.id, o.quote, o.segment, a.outlet, a.published, q.kind, q.speaker, q.speaker_canonical \
             FROM occurrences o JOIN articles a ON a.seq = o.article \
             JOIN quotes q ON q.article = o.article AND q.idx = o.quote WHERE o.id = ?1",
        )
        .map_err(&e)?;
    let mut rows = st.query([]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let num: i64 = r.get(0).map_err(&e)?;
        let old = unpack_report(path, r.get_ref(1).map_err(&e)?.as_bytes().map_err(|x| e(x.into()))?)?;
        // A report already as schema 10 keeps it is left as it is.
        if old.occurrences.iter().all(|o| o.at.is_some()) {
            continue;
        }
        let mut occurrences = Vec::with_capacity(old.occurrences.len());
        for o in old.occurrences {
            let nested = o.nested();
            let whole = row
                .query_row([&o.id], |r| {
                    Ok(OccurrenceReport {
                        id: String::new(),
                        article: r.get(0)?,
                        quote: r.get::<_, i64>(1)? as usize,
                        segment: r.get::<_, i64>(2)? as usize,
                        outlet: r.get(3)?,
                        published: r.get(4)?,
                        kind: if nested { NESTED.to_string() } else { r.get(5)? },
                        speaker: if nested { None } else { r.get(6)? },
                        speaker_canonical: if nested { None } else { r.get(7)? },
                        variant: String::new(),
                        text: String::new(),
                    })
                })
                .optional()
                .map_err(&e)?
                .ok_or_else(|| format_error(path, format!("a report names occurrence {}, which is not there", o.id)))?;
            occurrences.push(OccurrenceReport {
                id: o.id,
                variant: o.variant,
                text: o.text.unwrap_or_default(),
                ..whole
            });
        }
        // Only what `pack_report` reads matters here.
        let fam = FamilyReport {
            id: String::new(),
            canonical: String::new(),
            articles: 0,
            first_appearance: Vec::new(),
            tie: false,
            undated: old.undated.unwrap_or_default(),
            speaker: None,
            speakers: old.speakers.unwrap_or_default(),
            possible_misattribution: false,
            misattribution: old.misattribution,
            inside: Vec::new(),
            contains: Vec::new(),
            occurrences,
            variants: old.variants,
            copy_edges: Vec::new(),
            citations: Vec::new(),
        };
        update.execute(params![num, pack_report(&mut zlib, &fam)]).map_err(&e)?;
    }
    Ok(())
}

/// Takes the family's id (`F12.`) out of its variants' ids (`v3` is
/// kept: a variant is always its own family's), in `variants[].id`,
/// `variants[].parent` and `occurrences[].variant`: the id is a rank,
/// which an `add` shifts. [`restore_ranks`] puts it back.
pub(super) fn strip_ranks(fam: &mut FamilyReport) {
    let cut = fam.id.len() + 1;
    let id = fam.id.as_str();
    let own = |s: &mut String| {
        debug_assert!(s.len() > cut && s.starts_with(id) && s.as_bytes()[id.len()] == b'.');
        s.replace_range(..cut, "");
    };
    for v in &mut fam.variants {
        own(&mut v.id);
        v.parent.as_mut().map(own);
    }
    for o in &mut fam.occurrences {
        own(&mut o.variant);
    }
}

/// Puts back what [`strip_ranks`] took: the family's id before each
/// variant id.
pub(super) fn restore_ranks(fam: &mut FamilyReport) {
    let id = fam.id.as_str();
    let own = |s: &mut String| {
        s.insert(0, '.');
        s.insert_str(0, id);
    };
    for v in &mut fam.variants {
        own(&mut v.id);
        v.parent.as_mut().map(own);
    }
    for o in &mut fam.occurrences {
        own(&mut o.variant);
    }
}

/// Rewrites an older store's reports, whole reports, as schema 5 keeps
/// them ([`Packed`]), and moves their fragment relations into
/// `fragments`, by key (migration 5).
pub(super) fn repack_reports(conn: &Connection, path: &Path) -> Result<()> {
    let e = sql_error(path);
    let key_of: std::collections::HashMap<String, String> = conn
        .prepare("SELECT id, key FROM ranked_families")
        .map_err(&e)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(&e)?
        .collect::<rusqlite::Result<_>>()
        .map_err(&e)?;
    let key = |id: &str| {
        key_of
            .get(id)
            .ok_or_else(|| format_error(path, format!("a report names family {id}, which is not there")))
    };
    let mut zlib = Zlib::reports();
    let mut st = conn.prepare("SELECT num, report FROM families").map_err(&e)?;
    let mut update = conn
        .prepare("UPDATE families SET report = ?2 WHERE num = ?1")
        .map_err(&e)?;
    let mut fragment = conn
        .prepare("INSERT OR IGNORE INTO fragments (fragment, parent) VALUES (?1, ?2)")
        .map_err(&e)?;
    let mut rows = st.query([]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let num: i64 = r.get(0).map_err(&e)?;
        let mut json = Vec::new();
        flate2::read::ZlibDecoder::new(r.get_ref(1).map_err(&e)?.as_bytes().map_err(|x| e(x.into()))?)
            .read_to_end(&mut json)
            .map_err(|err| format_error(path, format!("families.report is not zlib: {err}")))?;
        let mut fam: FamilyReport =
            serde_json::from_slice(&json).map_err(|err| json_error(path, "families.report", err))?;
        // `contains` is the other side of the fragments' `inside`.
        for parent in &fam.inside {
            fragment.execute([key(&fam.id)?, key(parent)?]).map_err(&e)?;
        }
        strip_ranks(&mut fam);
        update.execute(params![num, pack_report(&mut zlib, &fam)]).map_err(&e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn occurrence(
        id: &str,
        variant: &str,
        text: &str,
        published: Option<&str>,
        speaker: Option<&str>,
    ) -> OccurrenceReport {
        let (article, quote, segment) = place_in_id(id).unwrap_or(("a4", 2, 3));
        OccurrenceReport {
            id: id.into(),
            article: article.into(),
            quote,
            segment,
            outlet: Some("Gazette".into()),
            published: published.map(String::from),
            kind: "statement".into(),
            speaker: speaker.map(String::from),
            speaker_canonical: speaker.map(String::from),
            variant: variant.into(),
            text: text.into(),
        }
    }

    fn variant(id: &str, text: &str, occurrences: &[&str]) -> VariantReport {
        VariantReport {
            id: id.into(),
            text: text.into(),
            occurrences: occurrences.iter().map(|s| s.to_string()).collect(),
            parent: None,
            link: None,
            similarity: None,
            audit: Default::default(),
        }
    }

    /// The report a store reads back: `fam`'s parts through
    /// [`pack_report`] and [`Unpacked::fill`], as JSON.
    fn round_trip(fam: &FamilyReport) -> String {
        let mut zlib = Zlib::reports();
        let z = pack_report(&mut zlib, fam);
        let mut back = fam.outline();
        unpack_report(Path::new("x.qg"), &z)
            .unwrap()
            .fill(Path::new("x.qg"), &mut back)
            .unwrap();
        back.first_appearance = fam.first_appearance.clone();
        back.inside = fam.inside.clone();
        back.contains = fam.contains.clone();
        serde_json::to_string(&back).unwrap()
    }

    #[test]
    fn issue16_a_report_packed_without_what_its_occurrences_say_reads_back_whole() {
        let mut o = vec![
            occurrence("a1#0", "v1", "We will win.", Some("2024-03-01T10:00"), Some("Ann Lee")),
            occurrence("a2#1.1", "v2", "we will win", Some("2024-03-02"), Some("Lee")),
            occurrence("a#3#0", "v1", "We will win.", None, Some("Ann Lee")),
            occurrence("a4#2.n0", "v1", "We will win!", None, None),
        ];
        o[1].speaker_canonical = Some("Ann Lee".into());
        o[2].speaker_canonical = None;
        o[3].kind = NESTED.into();
        let fam = FamilyReport {
            id: "F1".into(),
            canonical: "We will win.".into(),
            articles: 4,
            first_appearance: vec!["a1#0".into()],
            tie: false,
            undated: vec!["a#3#0".into(), "a4#2.n0".into()],
            speaker: Some("Ann Lee".into()),
            speakers: vec![Counted {
                name: "Ann Lee".into(),
                count: 3,
            }],
            possible_misattribution: false,
            misattribution: Vec::new(),
            inside: Vec::new(),
            contains: Vec::new(),
            occurrences: o,
            variants: vec![
                variant("v1", "We will win.", &["a#3#0", "a1#0", "a4#2.n0"]),
                variant("v2", "we will win", &["a2#1.1"]),
            ],
            copy_edges: Vec::new(),
            citations: Vec::new(),
        };
        let whole = serde_json::to_string(&fam).unwrap();
        // Everything said again from the occurrences, or kept where it
        // says something else.
        assert_eq!(round_trip(&fam), whole);
        let mut z = Zlib::reports();
        let mut json = String::new();
        flate2::read::ZlibDecoder::new(&pack_report(&mut z, &fam)[..])
            .read_to_string(&mut json)
            .unwrap();
        assert!(!json.contains("undated") && !json.contains("speakers"), "{json}");
        assert!(
            json.contains("\"place\":[\"a4\",2,3]") && json.matches("\"place\"").count() == 1,
            "{json}"
        );
        assert_eq!(json.matches("\"text\"").count(), 2 + 1, "{json}");

        // Each left out and derived, or kept when it differs.
        let mut other = fam.clone();
        other.speakers.pop();
        other.undated = vec!["a4#2.n0".into()];
        other.variants[0].occurrences.reverse();
        other.occurrences[1].speaker_canonical = Some("Lee".into());
        assert_eq!(round_trip(&other), serde_json::to_string(&other).unwrap());
    }
}
