//! The corpus kept in one SQLite file (`--db`): articles and their texts,
//! quotes, families with their reports, variants, occurrences, copy
//! edges, citations, speakers, and the key index that answers `origin`
//! without reading the articles again. The schema ([`SCHEMA`], documented
//! in the README) is meant to be queried from sqlite3, Python or
//! Datasette as well.
//!
//! `build --db` writes a store whole into a temporary file beside it and
//! renames it into place once committed; `add` updates it in place in
//! one transaction ([`Update`]). Either way a run that fails or is
//! killed leaves the store it found. Versions are `PRAGMA user_version`; an
//! older store is upgraded through [`MIGRATIONS`] on opening, a newer
//! one refused. [`Store::open_read_only`] (for `serve`) never writes:
//! it refuses an older store instead of upgrading it.
//!
//! A family's id (`F12`) is its rank and shifts as the corpus grows; its
//! *key* ([`family_key`]: the occurrence id of its first appearance)
//! depends on its members alone, and an `add` that merges families or
//! brings an earlier copy keeps the key it replaced as an alias
//! (`family_aliases`), so that a link to a family keeps working. A
//! stored report names no family by its id (schema 5: `report.rs`), so
//! that renumbering leaves the reports of untouched families as they
//! were; the ids are put back on reading.
//!
//! This file only declares and re-exports. `open.rs`: the [`Store`]
//! handle and its errors; `schema.rs`: the schema and its migrations;
//! `compress.rs`: texts' and reports' zlib; `report.rs`: reports as
//! `families.report` keeps them; `articles.rs`, `families.rs`: reading
//! articles and quotes, and families; `origin.rs`: `origin` over the key
//! index (`index.rs`); `links.rs`: the `links` table; `browse.rs`:
//! `serve`'s reads; `write/`: a whole store written ([`Writer`]), and
//! the rows a build and an `add` write alike; `update/`: an `add`
//! written in place ([`Update`]).

mod articles;
mod browse;
mod compress;
mod families;
pub mod index;
mod links;
mod open;
mod origin;
mod report;
mod schema;
mod update;
mod write;

pub use browse::{ArticleView, Counts, FamilyRow, OutletEdge, OutletRow, QuoteView};
pub use families::{family_key, Alias, Resolved};
pub use links::{link_rows, unpack_links, StoredLink, LINK_BLOCK};
pub use open::Store;
pub use schema::{MIGRATIONS, SCHEMA, VERSION};
pub use update::reads::LinkReads;
pub use update::unchanged::{stored_by_occurrence, unchanged_families};
pub use update::{HeldInputs, Update};
pub use write::families::PackedFamily;
pub use write::variants::{linked_rows, LinkedRows};
pub use write::{Finished, Writer};
