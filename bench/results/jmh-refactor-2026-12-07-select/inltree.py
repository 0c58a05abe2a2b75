#!/usr/bin/env python3
"""Print the C2 inlining tree of one compile task from a -XX:LogCompilation file.
usage: inltree.py LOG COMPILE_ID [--all]  (prints: depth, bci, method, bytes, count, inline decision, receiver profile)"""
import re, sys, html
log, cid = sys.argv[1], sys.argv[2]
attr_re = re.compile(r"(\w+)='([^']*)'")
def attrs(line):
    return {k: html.unescape(v) for k, v in attr_re.findall(line)}
lines = []
with open(log, errors='replace') as f:
    on = False
    for line in f:
        if not on and line.startswith("<task ") and f"compile_id='{cid}'" in line and 'compile_kind' not in line or (not on and line.startswith("<task ") and f"compile_id='{cid}'" in line):
            on = True
        if on:
            lines.append(line.strip())
            if line.startswith("</task>"):
                break
klass, meth, types = {}, {}, {}
depth = 0
pending = None  # last call
bci = None
out = []
def mname(mid):
    m = meth.get(mid)
    if not m: return mid
    return f"{klass.get(m['holder'], m['holder']).split('.')[-1]}::{m['name']} ({m.get('bytes','?')} bytes)"
for l in lines:
    if l.startswith('<task '):
        a = attrs(l); out.append(f"task {a.get('compile_id')} {a.get('compile_kind','')} {a.get('method')} level={a.get('level','4')}")
    elif l.startswith('<klass '):
        a = attrs(l); klass[a['id']] = a['name']
    elif l.startswith('<method '):
        a = attrs(l); meth[a['id']] = a
    elif l.startswith('<bc '):
        bci = attrs(l).get('bci')
    elif l.startswith('<call '):
        a = attrs(l); pending = a
        pending['bci'] = bci
    elif l.startswith('<inline_fail ') or l.startswith('<inline_success '):
        a = attrs(l)
        if pending is not None:
            prof = ''
            if 'receiver' in pending:
                prof = f" recv={klass.get(pending['receiver'],'?').split('.')[-1]}:{pending.get('receiver_count')}"
                if 'receiver2' in pending:
                    prof += f" recv2={klass.get(pending['receiver2'],'?').split('.')[-1]}:{pending.get('receiver2_count')}"
            virt = ' virtual' if pending.get('virtual') == '1' else ''
            ok = 'OK ' if l.startswith('<inline_success') else 'NO '
            out.append(f"{'  '*depth}{ok}@{pending['bci']} {mname(pending['method'])} cnt={pending.get('count')}{virt}{prof} :: {a.get('reason')}")
    elif l.startswith('<parse ') and not l.startswith('<parse_done'):
        depth += 1
    elif l.startswith('</parse>'):
        depth -= 1
    elif l.startswith('<late_inline') or l.startswith('<intrinsic'):
        out.append(f"{'  '*depth}   {l}")
    elif l.startswith('<failure') or l.startswith('<task_done'):
        out.append(l)
print('\n'.join(out))
