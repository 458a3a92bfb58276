-- Schema version 3 (PRAGMA user_version = 3): stable family keys and
-- their aliases (issue 16). A family's `id` (F12) is its rank in
-- families.json and shifts when an `add` brings copies; its `key` is the
-- occurrence id of its anchor, its first appearance (earliest dated
-- occurrence, ties and all-undated families by article id, quote and
-- segment), a function of its members alone, so that a build and a store
-- grown by adds in any order give it the same key. An `add` that merges
-- two families or brings an earlier copy turns the key it replaces into
-- an alias that still resolves.
--
-- On an older store, the key is read from what it holds: the first
-- occurrence of `first_appearance` (provenance sorts it as it sorts the
-- anchor), or for a family with nothing dated the least occurrence by
-- article id, quote and segment (`store::family_key` is the same rule
-- over a report; a unit test checks that the two agree).

ALTER TABLE families ADD COLUMN key TEXT;
UPDATE families SET key = coalesce(
    json_extract(first_appearance, '$[0]'),
    (SELECT o.id FROM occurrences o JOIN articles a ON a.seq = o.article
     WHERE o.family = families.id
     ORDER BY a.id, o.quote, o.segment LIMIT 1)
);
CREATE UNIQUE INDEX families_key ON families (key);

-- Each variant's key bag (`store::index::bag`), so that `origin` turns
-- down most candidates of a line of common words before it parses their
-- words. NULL in a store written before version 3: such a variant is
-- compared as before.
ALTER TABLE variants ADD COLUMN bag BLOB;

CREATE TABLE family_aliases (
    alias      TEXT PRIMARY KEY,
    family_key TEXT NOT NULL,
    since_add  INTEGER NOT NULL,
    why        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX family_aliases_family ON family_aliases (family_key);
