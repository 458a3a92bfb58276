-- Schema version 12 (PRAGMA user_version = 12): the key index packed,
-- up to 128 variants a row (issue 16).
--
-- Until version 11 `shingles` held a row per variant under each key
-- (`kind`, `hash`, `total`, `variant`, `rest`): tens of millions at 1M
-- articles, most of the bytes of the index its rows' keys and headers,
-- and a B-tree insert each, 15-18% of the CPU of `build --db`'s store
-- thread. From version 12 `postings` holds a key's variants
-- (`store::index::Posting`: weight, variant, and on a `kind` 1 posting
-- what the variant's other keys weigh) in rows of up to 128, sorted by
-- weight then variant; a row's key is the kind, the hash and its last
-- posting's weight and variant, so that the rows of a key that can hold
-- a weight over or under a bound are a range of the table, and the
-- other postings are packed in `packed` as varints
-- (`store::index::pack`). An `add` rewrites the rows its new variants
-- fall in, cutting one that grows past 128 in two.
--
-- `key_counts` stays as it was. `store::migrate` packs the rows of
-- `shingles` into the new table after this script (`pack_postings`),
-- and drops it.
CREATE TABLE postings (
    kind    INTEGER NOT NULL,
    hash    INTEGER NOT NULL,
    total   INTEGER NOT NULL,
    variant INTEGER NOT NULL,
    packed  BLOB NOT NULL,
    PRIMARY KEY (kind, hash, total, variant)
) WITHOUT ROWID;
