-- Schema version 7 (PRAGMA user_version = 7): a store at most 3x its
-- input (issue 16).
--
-- A report's occurrences keep only their `id`, `variant` and `text`
-- (and `"nested": true` for a quote nested in its quote): the article,
-- quote, segment, outlet, date, kind and speakers each occurrence's
-- rows hold (`occurrences`, `articles`, `quotes`) are read from them
-- when a report is read (`store::Store::report`). `store::migrate`
-- rewrites the reports of an older store after this.
--
-- Two indexes that no query of quotegraph's or of the README's reads
-- are dropped: occurrences by family and copy edges by copy. (The
-- README's queries look copy edges up by family, and occurrences by id
-- or article.)
DROP INDEX IF EXISTS occurrences_family;
DROP INDEX IF EXISTS copy_edges_copy;
