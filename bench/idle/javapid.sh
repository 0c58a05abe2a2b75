#!/usr/bin/env bash
# The pid of the java process whose command line contains $1 (e.g. "--bind 127.0.0.1:17101").
for p in $(pgrep -f -- "$1"); do [ "$(cat /proc/$p/comm 2>/dev/null)" = java ] && echo "$p" && exit 0; done; exit 1
