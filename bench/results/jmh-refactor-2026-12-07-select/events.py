#!/usr/bin/env python3
"""Time line of a LogCompilation file for starling/jmh methods: nmethods (level, size), make_not_entrant, traps."""
import re, sys, html
A = lambda l: {k: html.unescape(v) for k, v in re.findall(r"(\w+)='([^']*)'", l)}
cm = {}
pat = sys.argv[2] if len(sys.argv) > 2 else 'starling'
for l in open(sys.argv[1], errors='replace'):
    if l.startswith('<nmethod '):
        a = A(l)
        m = a.get('method', '')
        cm[a['compile_id']] = m
        if pat in m:
            print(f"{a.get('stamp')} NM  [{a['compile_id']}{' osr' if a.get('compile_kind')=='osr' else ''}] L{a.get('level', '?')} {m.split(' (')[0].replace('io.starling.','')} size={a.get('size')} insts={a.get('insts_bytes')} addr={a.get('address')}")
    elif l.startswith('<make_not_entrant'):
        a = A(l)
        m = cm.get(a['compile_id'], '?')
        if pat in m:
            print(f"{a.get('stamp')} NOT_ENTRANT [{a['compile_id']}] L{a.get('level','?')} {m.split(' (')[0].replace('io.starling.','')}{' zombie' if a.get('zombie') else ''}")
    elif l.startswith('<uncommon_trap thread'):
        a = A(l)
        m = cm.get(a.get('compile_id'), '?')
        print(f"{a.get('stamp')} TRAP [{a.get('compile_id')}] {a.get('reason')}/{a.get('action')} {m.split(' (')[0].replace('io.starling.','')}")
