"""Read speeds of a store (plan32, session 32): random variants by id against a scan. Usage: add_reach_reads.py STORE"""
import sqlite3, random, sys, time
c = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
n = c.execute("select max(id) from variants").fetchone()[0]
random.seed(1)
ids = sorted(random.sample(range(n+1), min(588686, (n+1)//4)))
t=time.time(); c0=time.process_time()
tot=0
for i in ids:
    r = c.execute("select words from variants where id=?", (i,)).fetchone()
    if r: tot += len(r[0])
print(str(len(ids)) + " variants by id (sorted ids): %.1f s wall, %.1f s CPU, %d bytes" % (time.time()-t, time.process_time()-c0, tot))
t=time.time(); c0=time.process_time()
tot=0
for (w,) in c.execute("select words from variants"):
    tot += len(w)
print("scan of variants: %.1f s wall, %.1f s CPU, %d bytes" % (time.time()-t, time.process_time()-c0, tot))
t=time.time(); c0=time.process_time()
k=0
for (b,p) in c.execute("select block, pairs from links"):
    k += len(p)
print("scan of links: %.1f s wall, %.1f s CPU, %d bytes" % (time.time()-t, time.process_time()-c0, k))
