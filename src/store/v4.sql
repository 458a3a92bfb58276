-- Schema version 4 (PRAGMA user_version = 4): a smaller store (issue 16:
-- at most 3x its input). Each text is kept once, compressed.
--
-- `articles.text` is the article's text compressed with zlib, as the
-- SQLite archive format keeps a file: `size` is its length in bytes, and
-- a text that zlib would not shrink is kept as it is (then
-- `length(text) = size`). The sqlite3 shell reads it with its built-in
-- `sqlar_uncompress(text, size)`; Python with `zlib.decompress` (see the
-- README). This migration leaves an older store's texts as they are
-- (valid: their length is their size); `store::migrate` compresses them
-- after it.
ALTER TABLE articles ADD COLUMN size INTEGER;
UPDATE articles SET size = length(CAST(text AS BLOB)), text = CAST(text AS BLOB);

-- A quote's text is `articles.text` from `start` to `end` (bytes): the
-- view gives it, where `sqlar_uncompress` is known (the sqlite3 shell;
-- in Python, register it: README, "The schema").
ALTER TABLE quotes DROP COLUMN text;
CREATE VIEW quote_texts AS
SELECT q.article, q.idx,
       CAST(substr(sqlar_uncompress(a.text, a.size), q.start + 1, q.end - q.start) AS TEXT) AS text
FROM quotes q JOIN articles a ON a.seq = q.article;

-- Index rows keep 32 bits of a key's hash (`store::index::stored`): 4
-- bytes a row fewer; two keys that meet there only add a candidate for
-- the alignment to turn down, as in the key bags.
CREATE TABLE shingles32 (
    kind    INTEGER NOT NULL,
    hash    INTEGER NOT NULL,
    total   INTEGER NOT NULL,
    variant INTEGER NOT NULL REFERENCES variants (id),
    PRIMARY KEY (kind, hash, total, variant)
) WITHOUT ROWID;
INSERT OR IGNORE INTO shingles32 (kind, hash, total, variant)
SELECT kind,
       (hash & 4294967295) - CASE WHEN hash & 2147483648 THEN 4294967296 ELSE 0 END,
       total, variant
FROM shingles ORDER BY 1, 2, 3, 4;
DROP TABLE shingles;
ALTER TABLE shingles32 RENAME TO shingles;

-- A variant's words are kept separated by spaces (a word never holds
-- one) instead of as a JSON array, and its key bag is gone: `origin`
-- reads a candidate's keys from its words as cheaply (`store::index::
-- folded_words`).
UPDATE variants SET words = coalesce(
    (SELECT group_concat(value, ' ' ORDER BY key) FROM json_each(variants.words)), '');
ALTER TABLE variants DROP COLUMN bag;
