-- Families an add touched (plan32, session 32): run on the grown store with the base attached:
--   sed 's#BASE#/path/to/base.qg#' benches/add_reach.sql | sqlite3 grown.qg
ATTACH 'file:BASE?mode=ro' AS b;
CREATE TEMP TABLE go AS SELECT o.id id, o.article art, f.key k FROM main.occurrences o JOIN main.families f ON f.num=o.family;
CREATE TEMP TABLE bo AS SELECT o.id id, o.article art, f.key k FROM b.occurrences o JOIN b.families f ON f.num=o.family;
CREATE INDEX bo_id ON bo(id);
CREATE TEMP TABLE j AS SELECT go.id id, go.art art, go.k gk, bo.k bk FROM go LEFT JOIN bo ON bo.id=go.id;
CREATE TEMP TABLE gk AS SELECT gk k, count(*) n, sum(bk IS NULL) nnew, sum(bk=gk) ncommon, count(DISTINCT bk) nbk FROM j GROUP BY gk;
CREATE TEMP TABLE bk AS SELECT k, count(*) n FROM bo GROUP BY k;
SELECT 'grown families', count(*) FROM gk;
SELECT 'base families', count(*) FROM bk;
CREATE TEMP TABLE same AS SELECT gk.k FROM gk JOIN bk ON bk.k=gk.k WHERE gk.n=bk.n AND gk.ncommon=gk.n;
SELECT 'membership unchanged', count(*) FROM same;
SELECT 'grown fams with only new occs', count(*) FROM gk WHERE nnew=n;
SELECT 'grown fams changed, holding old occs', count(*) FROM gk WHERE nnew<n AND k NOT IN (SELECT k FROM same);
SELECT 'of which only gained new occs (old part = one base family whole)', count(*) FROM gk JOIN bk ON bk.k=gk.k WHERE gk.nnew>0 AND gk.ncommon=bk.n AND gk.nbk=1 AND gk.ncommon+gk.nnew=gk.n;
SELECT 'base families not kept whole (membership changed or gone)', count(*) FROM bk WHERE k NOT IN (SELECT k FROM same);
-- traced again: same key, inputs or report differ
CREATE TEMP TABLE rewr AS SELECT f.key k FROM main.families f JOIN b.families g ON g.key=f.key WHERE f.inputs IS NOT g.inputs OR f.report IS NOT g.report;
SELECT 'same key, report/inputs differ', count(*) FROM rewr;
SELECT 'same key & membership, report/inputs differ', count(*) FROM rewr WHERE k IN (SELECT k FROM same);
CREATE TEMP TABLE touched AS SELECT k FROM gk WHERE k NOT IN (SELECT k FROM same) UNION SELECT k FROM rewr;
SELECT 'grown families touched (membership or report)', count(*) FROM touched;
SELECT 'old articles held by touched families', count(DISTINCT art) FROM j WHERE gk IN (SELECT k FROM touched) AND bk IS NOT NULL;
SELECT 'old occurrences in touched families', count(*) FROM j WHERE gk IN (SELECT k FROM touched) AND bk IS NOT NULL;
SELECT 'old articles held by membership-changed families', count(DISTINCT art) FROM j WHERE gk NOT IN (SELECT k FROM same) AND bk IS NOT NULL;
SELECT 'old occs in membership-changed families', count(*) FROM j WHERE gk NOT IN (SELECT k FROM same) AND bk IS NOT NULL;
SELECT 'largest touched family (occs)', max(n) FROM gk WHERE k IN (SELECT k FROM touched);
