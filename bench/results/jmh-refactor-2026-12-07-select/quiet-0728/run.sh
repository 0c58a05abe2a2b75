#!/usr/bin/env bash
# interleaved quiet JMH: ProbeTick 10 rounds x 3 jars, then Merge and Piggyback one fork per jar x 2 rounds
O=${1:-quiet-0728}; mkdir -p $O
J="old:old.jar main:main.jar fix:fix.jar"
run() { java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dsbe.enable.precedence.checks=false -jar "$@"; }
for i in $(seq 1 10); do for s in $J; do t=${s%%:*}; j=${s#*:}; uptime >> $O/load.txt
  run $j ProbeTickBenchmark -f 1 -wi 5 -i 5 -rf json -rff $O/probe-$t-$i.json > $O/probe-$t-$i.txt 2>&1; done; done
for i in 1 2; do for s in $J; do t=${s%%:*}; j=${s#*:}; uptime >> $O/load.txt
  run $j 'MergeBenchmark|PiggybackBenchmark' -f 1 -wi 5 -i 5 -rf json -rff $O/mp-$t-$i.json > $O/mp-$t-$i.txt 2>&1; done; done
uptime >> $O/load.txt
