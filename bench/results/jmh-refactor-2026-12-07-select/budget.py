#!/usr/bin/env python3
"""Per fork: the live C2 compile of BenchNode.probeCycle (or of the stub, if it inlined probeCycle): its inlined
bytecodes, code size, and the calls it left out for the compile's budget (NodeCountInliningCutoff, size >
DesiredMethodLimit)."""
import os, re, subprocess, sys
from forks import HERE, forks
INLTREE = os.path.join(HERE, '..', 'jmh-refactor-2026-12-06', 'inlining-2324', 'inltree.py')
for d in sys.argv[1:]:
  for js, med, log, s in forks(d):
    out = []
    for cid, name in re.findall(r'\[(\d+)(?: osr)?\] L4 (\S+)', s):
        if 'probeCycle' not in name and 'jmhStub' not in name: continue
        t = subprocess.run(['python3', INLTREE, log, cid], capture_output=True, text=True).stdout
        done = re.search(r"nmsize='(\d+)'.*inlined_bytes='(\d+)'", t)
        cut = sorted(set(re.sub(r'.*NO @\d+ (\S+) .*', r'\1', l) for l in t.split('\n') if 'NodeCountInliningCutoff' in l or 'DesiredMethodLimit' in l))
        if done and int(done.group(2)) > 1000:
            out.append(f"{name.split('::')[-1]} code={done.group(1)} inlined={done.group(2)} budget-cut={','.join(cut) or '-'}")
    print(f"{os.path.basename(d)} {os.path.basename(js)[:-5]:9s} med {med:6.1f}  {' | '.join(out)}")
