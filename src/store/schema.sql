-- quotegraph store, schema version 1 (PRAGMA user_version = 1).
-- Documented table by table in the README ("The store"). Ids that the
-- outputs print (article ids, occurrence ids ARTICLE#Q or ARTICLE#Q.S,
-- family ids F12) are kept as they print, so that a query joins on what
-- a person reads in families.json.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    title       TEXT,
    outlet      TEXT,
    published   TEXT,
    author      TEXT,
    url         TEXT,
    language    TEXT NOT NULL,
    text        TEXT NOT NULL,
    diagnostics TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles (outlet, published);

CREATE TABLE quotes (
    article           INTEGER NOT NULL REFERENCES articles (seq),
    idx               INTEGER NOT NULL,
    text              TEXT NOT NULL,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    segments          TEXT NOT NULL,
    kind              TEXT NOT NULL,
    speaker           TEXT,
    speaker_canonical TEXT,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    cue               TEXT,
    conduit           TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

CREATE TABLE families (
    rank                    INTEGER PRIMARY KEY,
    id                      TEXT NOT NULL UNIQUE,
    canonical               TEXT NOT NULL,
    articles                INTEGER NOT NULL,
    speaker                 TEXT,
    first_appearance        TEXT NOT NULL,
    tie                     INTEGER NOT NULL,
    possible_misattribution INTEGER NOT NULL,
    variants                INTEGER NOT NULL,
    report                  BLOB NOT NULL
);

CREATE TABLE variants (
    id     INTEGER PRIMARY KEY,
    family TEXT NOT NULL REFERENCES families (id),
    words  TEXT NOT NULL
);

CREATE TABLE occurrences (
    id      TEXT PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (seq),
    quote   INTEGER NOT NULL,
    segment INTEGER NOT NULL,
    variant INTEGER NOT NULL REFERENCES variants (id),
    family  TEXT NOT NULL REFERENCES families (id)
) WITHOUT ROWID;
CREATE INDEX occurrences_family ON occurrences (family);
CREATE INDEX occurrences_article ON occurrences (article, quote, segment);

CREATE TABLE copy_edges (
    family         TEXT NOT NULL REFERENCES families (id),
    source         TEXT NOT NULL REFERENCES occurrences (id),
    copy           TEXT NOT NULL REFERENCES occurrences (id),
    source_article TEXT NOT NULL,
    copy_article   TEXT NOT NULL,
    kind           TEXT NOT NULL,
    similarity     REAL NOT NULL,
    confidence     REAL NOT NULL,
    evidence       TEXT NOT NULL
);
CREATE INDEX copy_edges_family ON copy_edges (family);
CREATE INDEX copy_edges_copy ON copy_edges (copy);

CREATE TABLE citations (
    family     TEXT NOT NULL REFERENCES families (id),
    occurrence TEXT NOT NULL REFERENCES occurrences (id),
    article    TEXT NOT NULL,
    source     TEXT NOT NULL REFERENCES sources (id),
    cue        TEXT NOT NULL
);
CREATE INDEX citations_family ON citations (family);

CREATE TABLE sources (
    id        TEXT PRIMARY KEY,
    rank      INTEGER NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    citations INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE speakers (
    rank   INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    quotes INTEGER NOT NULL
);

CREATE TABLE speaker_spellings (
    spelling TEXT PRIMARY KEY,
    speaker  INTEGER NOT NULL REFERENCES speakers (rank)
) WITHOUT ROWID;

CREATE TABLE shingles (
    kind    INTEGER NOT NULL,
    hash    INTEGER NOT NULL,
    total   INTEGER NOT NULL,
    variant INTEGER NOT NULL REFERENCES variants (id),
    PRIMARY KEY (kind, hash, total, variant)
) WITHOUT ROWID;
