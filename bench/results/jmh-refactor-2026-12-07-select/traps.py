#!/usr/bin/env python3
"""Runtime uncommon traps of C2 code in a LogCompilation file: time, reason, action, innermost frame, compiled method."""
import re, sys, html
for f in sys.argv[1:]:
    cm = {}
    lines = open(f, errors='replace').read().split('\n')
    for l in lines:
        if l.startswith('<task ') or l.startswith('<nmethod '):
            a = dict(re.findall(r"(\w+)='([^']*)'", l))
            if 'compile_id' in a and 'method' in a:
                cm[a['compile_id']] = html.unescape(a['method']).split(' (')[0].replace('io.starling.', '')
    out = []
    for i, l in enumerate(lines):
        if l.startswith('<uncommon_trap thread') and "compiler='c2'" in l:
            a = dict(re.findall(r"(\w+)='([^']*)'", l))
            j = re.search(r"bci='(\d+)' method='([^']*)'", lines[i + 1])
            inner = f"{j.group(2).split(' (')[0].replace('io.starling.','')}@{j.group(1)}" if j else '?'
            out.append(f"  t={a.get('stamp')} {a.get('reason')}/{a.get('action')} at {inner} in [{a.get('compile_id')}] {cm.get(a.get('compile_id'),'?')}")
    print(f"{f.split('/')[-1]}: {len(out)} C2 traps")
    print('\n'.join(out))
