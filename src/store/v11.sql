-- Schema version 11 (PRAGMA user_version = 11): a family's rank apart
-- from its row, so that an `add` that renumbers families does not
-- rewrite every family's row (issue 16).
--
-- Until version 10 `families.rank` and `families.id` (`F12`, which is
-- `'F' || (rank + 1)`) were columns of the row that holds the family's
-- report. An `add` shifts the rank of nearly every family (families
-- are ranked by articles, then first appearance), and each `UPDATE` of
-- the two columns rewrote the whole row with its report: 1.1M rows at
-- 1M articles, every page of `families` written twice (journal and
-- store). From version 11 the ranks are a table of their own,
-- `family_ranks` (a rank and the family's number, a dozen bytes a row),
-- which an `add` writes again whole, and `id` is not stored: it is
-- `'F' || (rank + 1)`. The view `ranked_families` puts the two back
-- beside the row's columns.
DROP INDEX IF EXISTS families_rank;
DROP INDEX IF EXISTS families_id;

CREATE TABLE family_ranks (
    rank INTEGER PRIMARY KEY,
    num  INTEGER NOT NULL REFERENCES families (num)
);
INSERT INTO family_ranks (rank, num) SELECT rank, num FROM families ORDER BY rank;
CREATE INDEX family_ranks_num ON family_ranks (num);

CREATE TABLE families11 (
    num                     INTEGER PRIMARY KEY,
    canonical               TEXT NOT NULL,
    articles                INTEGER NOT NULL,
    speaker                 TEXT,
    first_appearance        TEXT NOT NULL,
    tie                     INTEGER NOT NULL,
    possible_misattribution INTEGER NOT NULL,
    variants                INTEGER NOT NULL,
    report                  BLOB NOT NULL,
    key                     TEXT,
    inputs                  INTEGER
);
INSERT INTO families11 (num, canonical, articles, speaker, first_appearance, tie,
                        possible_misattribution, variants, report, key, inputs)
SELECT num, canonical, articles, speaker, first_appearance, tie,
       possible_misattribution, variants, report, key, inputs
FROM families ORDER BY num;
DROP TABLE families;
ALTER TABLE families11 RENAME TO families;
CREATE UNIQUE INDEX families_key ON families (key);

CREATE VIEW ranked_families AS
SELECT f.num AS num, r.rank AS rank, 'F' || (r.rank + 1) AS id, f.canonical AS canonical,
       f.articles AS articles, f.speaker AS speaker, f.first_appearance AS first_appearance,
       f.tie AS tie, f.possible_misattribution AS possible_misattribution, f.variants AS variants,
       f.report AS report, f.key AS key, f.inputs AS inputs
FROM family_ranks r JOIN families f ON f.num = r.num;
