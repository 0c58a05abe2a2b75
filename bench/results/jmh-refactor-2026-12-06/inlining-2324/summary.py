#!/usr/bin/env python3
"""One line per fork: tag, per-iteration ns/op, C2 traps in starling code (where), and the shape of the hot path."""
import glob, os, re, subprocess, sys
for tag in sys.argv[1:]:
    txt = open(f'/tmp/jmh-jars/logs/{tag}.txt').read()
    forks = re.split(r'# Fork: \d+ of \d+', txt)[1:]
    logs = sorted(glob.glob(f'/tmp/jmh-jars/logs/{tag}-pid*.log'), key=os.path.getmtime)
    for f, l in zip(forks, logs):
        its = [float(x) for x in re.findall(r'^Iteration +\d+: +([\d.]+) ns/op', f, re.M)]
        tr = subprocess.run(['python3', '/tmp/jmh-jars/traps.py', l], capture_output=True, text=True).stdout
        traps = [x for x in tr.split('\n') if 'SeededRandom' in x or ('engine' in x and 'unstable' in x)]
        hp = subprocess.run(['python3', '/tmp/jmh-jars/hotpath.py', l], capture_output=True, text=True).stdout
        calls = [re.sub(r'.*NOT INLINED d\d+ @\d+ ', '', x).split(' (')[0] for x in hp.split('\n') if 'NOT INLINED' in x]
        where = ','.join(re.sub(r'.*in \[\d+\] ', '', t).split(' ')[-1] for t in traps)
        print(f"{tag:6s} mean {sum(its)/len(its):7.1f} its {' '.join(f'{x:.0f}' for x in its)} | traps: {where or '-'} | calls: {' '.join(calls)}")
