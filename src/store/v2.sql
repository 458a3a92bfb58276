-- Schema version 2 (PRAGMA user_version = 2): who copies whom, outlet by
-- outlet, kept beside the copy edges it is folded from (outlets.sql
-- fills it), for `serve`'s outlets page.

CREATE TABLE outlets (
    name     TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    gave     INTEGER NOT NULL,
    took     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE outlet_edges (
    source TEXT NOT NULL,
    copy   TEXT NOT NULL,
    lines  INTEGER NOT NULL,
    PRIMARY KEY (source, copy)
) WITHOUT ROWID;
CREATE INDEX outlet_edges_copy ON outlet_edges (copy, lines);
CREATE INDEX outlet_edges_lines ON outlet_edges (lines);
