-- Schema version 8 (PRAGMA user_version = 8): numbers given once, so
-- that an `add` updates the store in place (issue 16).
--
-- Until version 7, the numbers that tie rows together were places that
-- every new article can shift: `articles.seq` the article's place in id
-- order, `variants.id` the linker's variant number in article order,
-- the family columns of `variants`, `occurrences`, `copy_edges` and
-- `citations` the family's id (`F12`, its rank), and `citations.source`
-- the source's id (`S3`, numbered over every citation). From version 8
-- each is a number given once, when the row first enters the store (a
-- build gives them in order; an `add` gives the next free one), and
-- kept by every later `add`:
--
-- - `articles.seq`, held by `quotes.article` and `occurrences.article`
--   (the meaning changes, not the table: a build numbers in id order,
--   an add numbers its new articles after the others);
-- - `variants.id`, held by `shingles.variant` and `occurrences.variant`;
-- - `families.num` (new, the row's key), held by the `family` columns,
--   which become integers; `rank` (the place in `families.json`) and
--   `id` (`F12`) become plain indexed columns, rewritten by an `add`
--   for the families it renumbers;
-- - `sources.num` (new), held by `citations.source`; `sources.id`
--   (`S3`) and `rank` are columns that an `add` rewrites.
--
-- The migration gives each family and source its rank as its number.
CREATE TABLE families8 (
    num                     INTEGER PRIMARY KEY,
    rank                    INTEGER NOT NULL,
    id                      TEXT NOT NULL,
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
INSERT INTO families8 (num, rank, id, canonical, articles, speaker, first_appearance, tie,
                       possible_misattribution, variants, report, key, inputs)
SELECT rank, rank, id, canonical, articles, speaker, first_appearance, tie,
       possible_misattribution, variants, report, key, inputs
FROM families ORDER BY rank;

CREATE TABLE variants8 (
    id     INTEGER PRIMARY KEY,
    family INTEGER NOT NULL REFERENCES families (num),
    words  TEXT NOT NULL
);
INSERT INTO variants8 (id, family, words)
SELECT v.id, f.rank, v.words FROM variants v JOIN families f ON f.id = v.family ORDER BY v.id;

CREATE TABLE occurrences8 (
    id      TEXT PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (seq),
    quote   INTEGER NOT NULL,
    segment INTEGER NOT NULL,
    variant INTEGER NOT NULL REFERENCES variants (id),
    family  INTEGER NOT NULL REFERENCES families (num)
) WITHOUT ROWID;
INSERT INTO occurrences8 (id, article, quote, segment, variant, family)
SELECT o.id, o.article, o.quote, o.segment, o.variant, f.rank
FROM occurrences o JOIN families f ON f.id = o.family ORDER BY o.id;

-- Copy edges and citations keep their order (a report lists them in
-- rowid order).
CREATE TABLE copy_edges8 (
    family         INTEGER NOT NULL REFERENCES families (num),
    source         TEXT NOT NULL REFERENCES occurrences (id),
    copy           TEXT NOT NULL REFERENCES occurrences (id),
    source_article TEXT NOT NULL,
    copy_article   TEXT NOT NULL,
    kind           TEXT NOT NULL,
    similarity     REAL NOT NULL,
    confidence     REAL NOT NULL,
    evidence       TEXT NOT NULL
);
INSERT INTO copy_edges8 (family, source, copy, source_article, copy_article, kind, similarity, confidence, evidence)
SELECT f.rank, e.source, e.copy, e.source_article, e.copy_article, e.kind, e.similarity, e.confidence, e.evidence
FROM copy_edges e JOIN families f ON f.id = e.family ORDER BY e.rowid;

CREATE TABLE sources8 (
    num       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL,
    rank      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    citations INTEGER NOT NULL
);
INSERT INTO sources8 (num, id, rank, name, citations)
SELECT rank, id, rank, name, citations FROM sources ORDER BY rank;

CREATE TABLE citations8 (
    family     INTEGER NOT NULL REFERENCES families (num),
    occurrence TEXT NOT NULL REFERENCES occurrences (id),
    article    TEXT NOT NULL,
    source     INTEGER NOT NULL REFERENCES sources (num),
    cue        TEXT NOT NULL
);
INSERT INTO citations8 (family, occurrence, article, source, cue)
SELECT f.rank, c.occurrence, c.article, s.rank, c.cue
FROM citations c JOIN families f ON f.id = c.family JOIN sources s ON s.id = c.source ORDER BY c.rowid;

DROP TABLE citations;
DROP TABLE copy_edges;
DROP TABLE occurrences;
DROP TABLE variants;
DROP TABLE families;
DROP TABLE sources;
ALTER TABLE families8 RENAME TO families;
ALTER TABLE variants8 RENAME TO variants;
ALTER TABLE occurrences8 RENAME TO occurrences;
ALTER TABLE copy_edges8 RENAME TO copy_edges;
ALTER TABLE sources8 RENAME TO sources;
ALTER TABLE citations8 RENAME TO citations;
CREATE INDEX families_rank ON families (rank);
CREATE INDEX families_id ON families (id);
CREATE UNIQUE INDEX families_key ON families (key);
CREATE INDEX occurrences_article ON occurrences (article, quote, segment);
CREATE INDEX copy_edges_family ON copy_edges (family);
CREATE INDEX citations_family ON citations (family);
