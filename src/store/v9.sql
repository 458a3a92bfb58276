-- Schema version 9 (PRAGMA user_version = 9): a heavy key's index row
-- says what the rest of its variant weighs, so that `origin` turns most
-- lighter candidates down before reading their words; and how many
-- variants hold each key (issue 16).
--
-- `shingles.rest`, on each `kind` 1 row: the weight of the variant's
-- keys that are not among its `kind` 1 keys (by the 32 bits a row keeps
-- of each key's hash). A query finds a variant as heavy as itself or
-- lighter under every `kind` 1 key the two share, so it can share at
-- most the query's weight of those keys plus `rest`; one that this
-- leaves under the thresholds is dropped unread. NULL on `kind` 0 rows,
-- and on the rows of a store written before version 9 (such a
-- candidate's words are read, as before: the same answers, found more
-- slowly, until the store is built again; an `add` writes `rest` on the
-- rows of the variants it adds).
ALTER TABLE shingles ADD COLUMN rest INTEGER;

-- `key_counts`: how many variants hold each key (its `kind` 0 rows, by
-- the 32 bits a row keeps of the hash), kept by every `build` and `add`.
-- `origin` counts a query key's heavier variants only up to a few
-- hundred and orders the keys past that by this count, instead of
-- walking up to 20,000 rows of each.
CREATE TABLE key_counts (
    hash     INTEGER PRIMARY KEY,
    variants INTEGER NOT NULL
);
INSERT INTO key_counts (hash, variants)
SELECT hash, count(*) FROM shingles WHERE kind = 0 GROUP BY hash;
