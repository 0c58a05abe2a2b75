#!/bin/bash
# Second batch, same as timing.sh (rounds 4 and 5); skipped when the lock comes too late to report.
cd /tmp/jmh-jars
[ $(date -u +%H%M) -ge 0058 ] && [ $(date -u +%H) = 00 ] && { echo "too late $(date -u)" > logs/timing2.skipped; exit 0; }
uptime > logs/timing2.uptime
for r in 4 5; do
  for j in old new fix; do ./runlog2.sh T$j$r $j.jar 2; uptime >> logs/timing2.uptime; done
done
