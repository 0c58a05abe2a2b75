#!/bin/bash
cd /work/meas/bisect
echo -10 > /proc/$$/autogroup
( while true; do /work/pause-helpers.sh STOP > /dev/null; sleep 3; done ) &
pauser=$!
trap 'kill $pauser; /work/pause-helpers.sh CONT > /dev/null' EXIT
uptime > load-c2.txt
for r in 1 2 3; do
  for j in b179538 487f6e4; do
    java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false -Djmh.ignoreLock=true -jar $j.jar 'ProbeTickBenchmark|MergeBenchmark|PiggybackBenchmark' -f 1 -wi 5 -i 5 -jvmArgsAppend "-XX:-TieredCompilation -Xbatch" -rf json -rff c2-r$r-$j.json > c2-r$r-$j.txt 2>&1
  done
  uptime >> load-c2.txt
done
