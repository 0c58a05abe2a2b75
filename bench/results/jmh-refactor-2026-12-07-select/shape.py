#!/usr/bin/env python3
"""The shape of the hot code at the end of a fork, from -XX:LogCompilation: start at the last C2 (OSR) compile of
the JMH stub, list each call on the hot path that C2 did not inline (count at least FRAC of the hottest call in that
compile), and follow it into the callee's last compile that was not made not entrant.
usage: shape.py LOG [FRAC]  -> prints the tree, and a last line 'SIG: ...' with the not-inlined edges"""
import re, sys, html
log = sys.argv[1]; frac = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
A = lambda l: {k: html.unescape(v) for k, v in re.findall(r"(\w+)='([^']*)'", l)}
tasks = {}; cur = None; nms = {}; dead = set()
with open(log, errors='replace') as f:
    for line in f:
        if line.startswith('<task '):
            a = A(line); cur = [a, [line.strip()]]
        elif cur is not None:
            cur[1].append(line.strip())
            if line.startswith('</task>'):
                a = cur[0]
                if any(l.startswith("<task_done success='1'") for l in cur[1][-3:]):
                    tasks.setdefault(a['method'], []).append(cur)
                cur = None
        elif line.startswith('<nmethod '):
            a = A(line); nms[a['compile_id']] = a
        elif line.startswith('<make_not_entrant'):
            dead.add(A(line)['compile_id'])
def short(m):
    p = m.split(' '); return p[0].split('.')[-1] + '::' + p[1]
def tree(lines):
    klass, meth = {}, {}; depth = 0; bci = None; pending = None; out = []
    for l in lines:
        if l.startswith('<klass '): a = A(l); klass[a['id']] = a['name']
        elif l.startswith('<method '): a = A(l); meth[a['id']] = a
        elif l.startswith('<bc '): bci = A(l).get('bci')
        elif l.startswith('<call '): pending = A(l); pending['bci'] = bci
        elif (l.startswith('<inline_fail ') or l.startswith('<inline_success ')) and pending:
            m = meth[pending['method']]
            full = klass[m['holder']].replace('/', '.') + ' ' + m['name'] + ' ' + m.get('signature', '')
            out.append((depth, l.startswith('<inline_success'), full, m.get('bytes'), int(float(pending.get('count', 0))), A(l)['reason'], pending['bci'], m.get('signature')))
            pending = None
        elif l.startswith('<parse ') : depth += 1
        elif l.startswith('</parse>'): depth -= 1
    return out
def method_key(holder_name, sigid=None):
    for k in tasks:
        if k.startswith(holder_name + ' '): return k
    return None
def current(key, osr):
    """Last compile of the method (any level) that is not made not entrant; prefer C2."""
    lst = [t for t in tasks.get(key, []) if (t[0].get('compile_kind') == 'osr') == osr]
    live = [t for t in lst if t[0]['compile_id'] not in dead]
    c2 = [t for t in live if t[0].get('level', '4') == '4']
    return (c2 or live or [None])[-1]
WATCH = sys.argv[3] if len(sys.argv) > 3 else r'[Rr]eshuffle |reapAndReshuffle'
sig = []; seen = set()
def walk(key, indent, osr=False):
    t = current(key, osr)
    if t is None:
        print(f"{'  '*indent}{short(key)}: NO LIVE COMPILE (interpreted)"); sig.append(f"{short(key)}=interp"); return
    a = t[0]; nm = nms.get(a['compile_id'], {})
    lvl = a.get('level', '4')
    print(f"{'  '*indent}[{a['compile_id']}{' osr' if osr else ''}] L{lvl} {short(key)} size={nm.get('size')} stamp={nm.get('stamp')}")
    if lvl != '4':
        sig.append(f"{short(key)}=L{lvl}"); return
    tr = tree(t[1])
    if not tr: return
    for depth, ok, full, nb, cnt, reason, bci, _ in tr:
        if re.search(WATCH, full):
            sig.append(f"{short(full)}{'+' if ok else '-'}in:{short(key)}")
    top = max(x[4] for x in tr)
    for depth, ok, full, nb, cnt, reason, bci, _ in tr:
        if ok or cnt < frac * top: continue
        name = full.split(' ')[0] + ' ' + full.split(' ')[1]
        print(f"{'  '*indent}  call d{depth} @{bci} {short(full)} ({nb} B) cnt={cnt}: {reason}")
        sig.append(f"{short(key)}>{short(full)}")
        ck = method_key(name)
        if ck and ck not in seen:
            seen.add(ck); walk(ck, indent + 2)
root = [k for k in tasks if 'probeTickAndAck_avgt_jmhStub' in k][0]
walk(root, 0, True)
print('SIG: ' + ' '.join(sig))
