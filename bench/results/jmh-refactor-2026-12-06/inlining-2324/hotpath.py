#!/usr/bin/env python3
"""From a -XX:LogCompilation file: start at the last C2 compile of the JMH stub, list every call on the hot
path that C2 did not inline (with reason), and follow each into the last C2 compile of that callee.
usage: hotpath.py LOG [min_count_fraction]"""
import re, sys, html
log = sys.argv[1]; frac = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
attr_re = re.compile(r"(\w+)='([^']*)'")
A = lambda l: {k: html.unescape(v) for k, v in attr_re.findall(l)}
tasks = {}  # method name -> list of (cid, kind, lines)
cur = None
deopts = []
with open(log, errors='replace') as f:
    for line in f:
        if line.startswith('<task '):
            a = A(line); cur = (a['compile_id'], a.get('compile_kind', ''), a.get('level', '4'), a['method'], [line.strip()])
        elif cur is not None:
            cur[4].append(line.strip())
            if line.startswith('</task>'):
                ok = any(l.startswith("<task_done success='1'") for l in cur[4][-3:])
                if cur[2] == '4' and ok:
                    tasks.setdefault(cur[3], []).append(cur)
                cur = None
        elif line.startswith('<make_not_entrant') or line.startswith('<uncommon_trap thread'):
            deopts.append(line.strip())
def short(m):
    parts = m.split(' ')
    return parts[0].split('.')[-1] + '::' + parts[1]
def tree(lines):
    klass, meth = {}, {}
    depth = 0; bci = None; pending = None; out = []; path = []
    for l in lines:
        if l.startswith('<klass '):
            a = A(l); klass[a['id']] = a['name']
        elif l.startswith('<method '):
            a = A(l); meth[a['id']] = a
        elif l.startswith('<bc '):
            bci = A(l).get('bci')
        elif l.startswith('<call '):
            pending = A(l); pending['bci'] = bci
        elif (l.startswith('<inline_fail ') or l.startswith('<inline_success ')) and pending:
            m = meth[pending['method']]
            full = klass[m['holder']] + ' ' + m['name']
            out.append((depth, l.startswith('<inline_success'), full, m.get('bytes'), int(float(pending.get('count', 0))), A(l)['reason'], pending['bci']))
        elif l.startswith('<parse ') and not l.startswith('<parse_done'):
            depth += 1
        elif l.startswith('</parse>'):
            depth -= 1
        elif l.startswith('<task_done'):
            out.append(('done', A(l)))
    return out
def last(mname, osr_ok=False):
    for key, lst in tasks.items():
        if key.startswith(mname + ' ') or key == mname:
            c = [t for t in lst if (t[1] == 'osr') == osr_ok] or lst
            return c[-1]
    return None
root = None
for key in tasks:
    if key.endswith('probeTickAndAck_avgt_jmhStub (Lorg/openjdk/jmh/runner/InfraControl;Lorg/openjdk/jmh/results/RawResults;Lorg/openjdk/jmh/infra/Blackhole;Lio/starling/bench/protocol/jmh_generated/ProbeTickBenchmark_jmhType;Lorg/openjdk/jmh/infra/Blackhole;)V') or 'probeTickAndAck_avgt_jmhStub' in key:
        root = key
seen = set()
def walk(key, indent, basecount, kind_osr):
    t = [x for x in tasks[key] if (x[1] == 'osr') == kind_osr] or tasks[key]
    t = t[-1]
    tr = tree(t[4])
    done = [x for x in tr if x[0] == 'done'][0][1]
    print(f"{'    '*indent}[{t[0]}{' osr' if t[1]=='osr' else ''}] {short(key)} nmsize={done.get('nmsize')} inlined_bytes={done.get('inlined_bytes')}")
    rootcnt = None
    for d in tr:
        if d[0] == 'done': continue
        depth, ok, full, nbytes, cnt, reason, bci = d
        if rootcnt is None: rootcnt = max(cnt, 1)
        if not ok and cnt >= frac * rootcnt:
            print(f"{'    '*indent}  NOT INLINED d{depth} @{bci} {short(full)} ({nbytes} B) cnt={cnt}: {reason}")
            ck = [k for k in tasks if k.startswith(full + ' ')]
            if ck and ck[0] not in seen:
                seen.add(ck[0]); walk(ck[0], indent + 1, cnt, False)
walk(root, 0, None, True)
