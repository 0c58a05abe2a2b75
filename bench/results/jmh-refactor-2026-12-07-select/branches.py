#!/usr/bin/env python3
"""Branch decisions in one C2 compile task: for every <branch> and parse-time <uncommon_trap>, the method being
parsed, the bci and the probability C2 used (or the trap reason). usage: branches.py LOG COMPILE_ID"""
import re, sys, html
log, cid = sys.argv[1], sys.argv[2]
A = lambda l: {k: html.unescape(v) for k, v in re.findall(r"(\w+)='([^']*)'", l)}
on = False; meth = {}; klass = {}; stack = []; bci = None
for line in open(log, errors='replace'):
    if not on:
        if line.startswith('<task ') and f"compile_id='{cid}'" in line: on = True
        continue
    l = line.strip()
    if l.startswith('</task>'): break
    if l.startswith('<klass '): a = A(l); klass[a['id']] = a['name'].split('/')[-1]
    elif l.startswith('<method '): a = A(l); meth[a['id']] = klass.get(a['holder'], '?') + '::' + a['name']
    elif l.startswith('<parse ') : stack.append(meth.get(A(l)['method'], '?'))
    elif l.startswith('</parse>'): stack.pop()
    elif l.startswith('<bc '): bci = A(l).get('bci')
    elif l.startswith('<branch '):
        a = A(l)
        print(f"{stack[-1] if stack else '?'} @{bci} branch prob={a.get('prob')} taken={a.get('taken')} not_taken={a.get('not_taken')}")
    elif l.startswith('<uncommon_trap ') and 'reason' in l:
        a = A(l)
        print(f"{stack[-1] if stack else '?'} @{a.get('bci')} TRAP {a.get('reason')} {a.get('action')}")
