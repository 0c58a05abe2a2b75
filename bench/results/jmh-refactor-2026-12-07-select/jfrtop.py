#!/usr/bin/env python3
"""Execution samples of the JMH worker in the last 5 s of a JFR recording: share of samples per top frame
(method and line), and per top method. usage: jfrtop.py FILE.jfr [N] [line|method]"""
import subprocess, sys, re, collections, datetime
f = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 15; mode = sys.argv[3] if len(sys.argv) > 3 else 'line'
out = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '1', f], capture_output=True, text=True).stdout
samples = []
for ev in out.split('jdk.ExecutionSample {')[1:]:
    if 'jmh-worker' not in ev: continue
    t = re.search(r'startTime = (\S+)', ev).group(1)
    m = re.search(r'stackTrace = \[\s*\n\s*(.*?)\n', ev)
    top = m.group(1).strip() if m else '?'
    h, mi, s = t.split(':'); ts = int(h) * 3600 + int(mi) * 60 + float(s)
    samples.append((ts, top))
if not samples: print('no samples'); sys.exit()
end = max(s[0] for s in samples)
sel = [s[1] for s in samples if s[0] >= end - 5.0]
def key(top):
    top = re.sub(r'\(.*?\)', '', top).replace('io.starling.', '').replace('org.agrona.', '')
    return top if mode == 'line' else top.split(' line:')[0]
c = collections.Counter(key(x) for x in sel)
print(f"{f.split('/')[-1]}: {len(sel)} samples")
for k, v in c.most_common(n):
    print(f"  {100.0 * v / len(sel):5.1f}%  {k}")
