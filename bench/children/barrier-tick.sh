#!/usr/bin/env bash
# A benchmark child for the scale workload: prints `count` lines of `bytes`
# bytes (the text of ../lib/lines.mjs), one every ~10 ms, then waits until all
# `procs` children are done printing (so the first exit, which makes
# Foreman-style managers stop everyone, cuts nobody short). The pauses are
# bash's `read -t` on a FIFO nobody writes to: no `sleep` forked per line.
# Usage: bash barrier-tick.sh id count bytes fifo barrierDir procs
id=$1 count=$2 bytes=$3 barrier=$5 procs=$6
exec 3<>"$4"
alpha=abcdefghijklmnopqrstuvwxyz
alpha=$alpha$alpha$alpha$alpha
for ((seq = 0; seq < count; seq++)); do
  head="Q$id:$seq:"
  printf '%s%s\n' "$head" "${alpha:$(((seq * 7 + id) % 26)):$((bytes - 1 - ${#head}))}"
  read -r -t 0.01 -u 3
done
: >"$barrier/done.$id"
shopt -s nullglob
done=("$barrier"/done.*)
while ((${#done[@]} < procs)); do
  read -r -t 0.02 -u 3
  done=("$barrier"/done.*)
done
