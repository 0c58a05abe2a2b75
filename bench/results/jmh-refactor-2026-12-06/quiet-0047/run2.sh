#!/bin/bash
cd /work/meas/jmh-quiet
echo -10 > /proc/$$/autogroup 2>/dev/null
uptime > load2.txt
for r in 5 6 7; do
  for j in b179538 fix 4ed5f62; do
    java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false -jar $j.jar ProbeTickBenchmark -f 2 -wi 5 -i 5 -rf json -rff r$r-$j.json > r$r-$j.txt 2>&1
    uptime >> load2.txt
  done
done
