-- Schema version 13 (PRAGMA user_version = 13): the links the linker
-- found, with their kind and score, so that an `add` aligns again only
-- the pairs that can have changed (issue 16).
--
-- `links`: the links between variants that a comparison found (drift,
-- containment or overlap, before the overlaps a stock run crowds are
-- dropped), 64 variant numbers a row: row `block` holds the links whose
-- smaller variant number `a` has `a / 64 = block`. Its BLOB lists, for
-- each such `a` in ascending order, `a - 64 * block` and the number of
-- its partners, then for each partner (ascending, each above `a`) its
-- difference from the number before (from `a` for the first), one byte
-- `2 * kind + (a is the shorter side)` (kind 1 containment, 2 drift, 3
-- overlap) and the score's eight bytes (the IEEE 754 double's bits, least
-- significant byte first: a family's inputs hash them, so they are kept
-- exact). Every number but the score is a LEB128 varint (7 bits a byte,
-- low bits first, the high bit set on every byte but the last). A block
-- with no link has no row.
-- `build --db` and every `add` keep it whole; `meta.links` = 'kept' says
-- so. A store migrated from an older version has no row and no
-- `meta.links` until its first `add`, which aligns every candidate pair,
-- as before, and fills the table.
CREATE TABLE links (
    block INTEGER PRIMARY KEY,
    pairs BLOB NOT NULL
);
