#!/usr/bin/env python3
"""One line per fork: tag, cpu ns/op (mean of measured iterations), wall ns/op, cpu share, per-iteration cpu ns/op, shape signature."""
import glob, os, re, subprocess, sys, json
HERE = __import__('os').path.dirname(__import__('os').path.abspath(__file__))
d = sys.argv[1]; frac = sys.argv[2] if len(sys.argv) > 2 else '0.02'
rows = []
for js in sorted(glob.glob(f'{d}/*.json')):
    tag = os.path.basename(js)[:-5]
    try: j = json.load(open(js))[0]
    except Exception: continue
    wall = j['primaryMetric']['score']
    sm = j['secondaryMetrics']
    cpu = sm['cpu.ns/op']['score']; share = sm['cpu.share']['score']
    its = [x for x in sm['cpu.ns/op']['rawData'][0]]
    s = subprocess.run(['python3', HERE + '/shape.py', js[:-5] + '.log', frac], capture_output=True, text=True).stdout
    sig = s.strip().split('\n')[-1].replace('SIG: ', '').replace('ProbeTickBenchmark_probeTickAndAck_jmhTest::probeTickAndAck_avgt_jmhStub', 'stub')
    sig = re.sub(r'\b(\w+)::', '', sig)
    med = sorted(its)[len(its)//2]
    rows.append((tag.split("-")[0], med, f"{tag:9s} med {med:6.1f} cpu {cpu:6.1f} wall {wall:6.1f} share {share:4.2f} its {' '.join(f'{x:.0f}' for x in its)} | {sig}"))
for r in sorted(rows, key=lambda r: (r[0], r[1])): print(r[2])
