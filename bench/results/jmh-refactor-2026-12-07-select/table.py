#!/usr/bin/env python3
"""From dqsel.py's lines: per run, per jar and select-compile class, forks, median and range of the per-fork medians
of cpu.ns/op. usage: dqsel.py RUN... | table.py"""
import sys, statistics as st, collections
g = collections.defaultdict(list)
for l in sys.stdin:
    r = l.split()
    if len(r) < 4: continue
    run, tag, med = r[0], r[1], float(r[3])
    jar = tag.rsplit('-', 1)[0]
    if ':loop' in l: cls = 'inner loop compiled'
    elif ':trap' in l: cls = 'inner loop a trap'
    elif 'select branches 22:' in l and ' 43:' in l: cls = 'walk and inner loop compiled (drain profiled), walk not entered'
    elif 'select branches 22:' in l: cls = 'walk a trap (never entered in the profile)'
    else: cls = '?'
    g[(run, jar, cls)].append(med)
print('| run | jar | DisseminationQueue.select in the hot compile | forks | median cpu ns/op | range |')
print('| --- | --- | --- | ---: | ---: | --- |')
for k in sorted(g):
    v = sorted(g[k])
    print(f'| {k[0]} | {k[1]} | {k[2]} | {len(v)} | {st.median(v):.1f} | {v[0]:.0f} to {v[-1]:.0f} |')
