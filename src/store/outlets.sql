-- Fills `outlets` and `outlet_edges` from the copy edges and articles
-- already in the store: what `outlets.dot` draws, folded in SQL so that
-- a store's outlet page reads a few rows instead of every copy edge.
-- Run by migration 2 on an older store and by every store written.
-- A pair of outlets counts a line (a family) once, however many copies
-- of it went between them; an outlet re-running its own line is left
-- out (provenance::outlets::OutletGraph counts the same way).
DELETE FROM outlet_edges;
DELETE FROM outlets;
INSERT INTO outlet_edges (source, copy, lines)
SELECT s, c, count(*) FROM (
    SELECT DISTINCT e.family,
           coalesce(sa.outlet, 'unknown outlet') AS s,
           coalesce(ca.outlet, 'unknown outlet') AS c
    FROM copy_edges e
    JOIN articles sa ON sa.id = e.source_article
    JOIN articles ca ON ca.id = e.copy_article
)
WHERE s <> c
GROUP BY s, c;
INSERT INTO outlets (name, articles, gave, took)
SELECT o, n,
       coalesce((SELECT sum(lines) FROM outlet_edges WHERE source = o), 0),
       coalesce((SELECT sum(lines) FROM outlet_edges WHERE copy = o), 0)
FROM (SELECT coalesce(outlet, 'unknown outlet') AS o, count(*) AS n FROM articles GROUP BY 1);
