-- Schema version 5 (PRAGMA user_version = 5): reports that an `add`
-- need not rewrite when other families are renumbered (issue 16).
--
-- A family's id (`F12`) is its rank, which shifts whenever the corpus
-- grows; its key (`families.key`) does not. So `families.report` no
-- longer names a family by id, and keeps only what no column holds:
-- `occurrences`, `variants`, `speakers`, `undated` and, when flagged,
-- `misattribution`, with its variants named `v3` for `F12.v3` (in
-- `variants[].id`, `variants[].parent` and `occurrences[].variant`).
-- Its id, canonical line, articles, speaker, first appearance, tie and
-- flag are the row's columns; which families a fragment is cut from is
-- this table, by key, in place of the report's `inside` and `contains`.
-- `store::Store` puts it all back on reading (`inside` the parents' ids,
-- `contains` the fragments', each in rank order), so the exports are
-- what they were. `store::migrate` rewrites an older store's reports
-- after this.
--
-- Both columns are `families.key`s (declared without REFERENCES: a key
-- is a unique index, not the primary key, and SQLite refuses to alter
-- `families` under such a reference).
CREATE TABLE fragments (
    fragment TEXT NOT NULL,
    parent   TEXT NOT NULL,
    PRIMARY KEY (fragment, parent)
) WITHOUT ROWID;
CREATE INDEX fragments_parent ON fragments (parent);
