"""The forks of a run-forks.sh output folder: for each JSON, the median of its measured cpu.ns/op iterations, the
path of its compile log, and shape.py's walk of that log's hot path (shared by dqsel.py and budget.py)."""
import glob, json, os, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def forks(folder):
    for js in sorted(glob.glob(f'{folder}/*.json')):
        try:
            j = json.load(open(js))[0]
        except Exception:
            continue
        its = j['secondaryMetrics']['cpu.ns/op']['rawData'][0]
        log = js[:-5] + '.log'
        hot = subprocess.run(['python3', HERE + '/shape.py', log, '0.02'], capture_output=True, text=True).stdout
        yield js, sorted(its)[len(its) // 2], log, hot
