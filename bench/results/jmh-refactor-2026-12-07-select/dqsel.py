#!/usr/bin/env python3
"""Per fork (old and main bytecode; for other builds see the branch list): for each live C2 compile on the hot path (shape.py walk), how DisseminationQueue::select's inner loop
(bci 17, 'e != NIL') was compiled: 'trap' (never taken in the profile: the loop over entries is an uncommon trap)
or 'loop' (compiled in)."""
import os, re, subprocess, sys
from forks import HERE, forks
for d in sys.argv[1:]:
  for js, med, log, s in forks(d):
    res = []
    for cid, name in re.findall(r'\[(\d+)(?: osr)?\] L4 (\S+)', s):
        b = subprocess.run(['python3', HERE + '/branches.py', log, cid], capture_output=True, text=True).stdout
        probs = []
        for l in b.split('\n'):
            if 'DisseminationQueue::select @17 branch' in l:
                res.append(f"{name.split('::')[-1]}:{'trap' if 'never' in l else 'loop'}")
            if 'DisseminationQueue::select @' in l and ' branch ' in l:
                bci = l.split('@')[1].split()[0]; pr = l.split('prob=')[1].split()[0]
                if f"{bci}:{pr}" not in probs: probs.append(f"{bci}:{pr}")
        if probs: res.append(f"[{name.split('::')[-1]} select branches {' '.join(probs)}]")
    print(f"{os.path.basename(d)} {os.path.basename(js)[:-5]:9s} med {med:6.1f}  {' '.join(res) or '-'}")
