#!/usr/bin/env bash
# Idle cost of Starling's idle presets and of hashicorp/memberlist, back to back; see bench/results/idle.md.
#   flock /work/measure.lock bench/idle/measure-idle.sh > idle.txt
# Each run: start, WARM s of warm-up (JIT, convergence), then CPU of the whole process over SECS s from /proc.
set -euo pipefail
cd "$(dirname "$0")/../.."
WARM=${WARM:-45}; SECS=${SECS:-60}; ML=${ML:-/tmp/memberlist-idle}
run_starling() { # nodes idle port
    ./starling node --bind 127.0.0.1:$3 --nodes $1 --idle $2 --duration-s $((WARM + SECS + 5)) \
        --status-interval-ms 5000 > /tmp/idle-run-$3.log 2>&1 &
    sleep "$WARM"; pid=$(bench/idle/javapid.sh "127.0.0.1:$3")
    echo "== starling node --nodes $1 --idle $2 (pid $pid) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    bench/idle/cpu-of.sh "$pid" "$SECS"
    grep '^t=' /tmp/idle-run-$3.log | tail -1
    wait; echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run_memberlist() { # nodes port
    "$ML" -nodes $1 -base-port $2 -duration $((WARM + SECS + 5))s > /tmp/idle-ml-$2.log 2>&1 & pid=$!
    sleep "$WARM"
    echo "== memberlist $1 members (pid $pid) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    bench/idle/cpu-of.sh "$pid" "$SECS"
    tail -1 /tmp/idle-ml-$2.log
    wait; echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "commit $(git rev-parse --short HEAD) $(date -u +%FT%TZ) $(nproc) vCPU"
run_starling 1 sleep 17201
run_starling 1 backoff 17202
run_starling 100 sleep 17203
run_starling 100 backoff 17204
[ -x "$ML" ] && run_memberlist 100 17400
[ -x "$ML" ] && run_memberlist 1 17600
