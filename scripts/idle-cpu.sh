#!/usr/bin/env bash
# Idle cost of every node of a 3-node Bully and a 3-node Raft cluster at default settings:
# CPU (utime + stime from /proc over 30 s) and resident memory. Run after
# `swift build -c release`; uses ports 8101-8103 and 8201-8203; stops every node it starts.
set -u
bin="$(cd "$(dirname "$0")/.." && pwd)/.build/release/election-node"
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
dir=$(mktemp -d)
declare -A pid
trap 'for p in "${pid[@]}"; do kill -INT "$p" 2>/dev/null; done; wait; rm -rf "$dir"' EXIT
for alg in bully raft; do
    base=$([ $alg = bully ] && echo 8100 || echo 8200)
    nodes="1:$((base + 1)),2:$((base + 2)),3:$((base + 3))"
    for i in 1 2 3; do
        extra=(); [ $alg = raft ] && extra=(--data-dir "$dir/$i")
        "$bin" --algorithm $alg --id $i --nodes "$nodes" "${extra[@]}" > "$dir/$alg$i.log" 2>&1 &
        pid[$alg$i]=$!
    done
done
sleep 3
declare -A before
for k in "${!pid[@]}"; do before[$k]=$(awk '{print $14 + $15}' /proc/${pid[$k]}/stat); done
sleep 30
hz=$(getconf CLK_TCK)
for k in $(printf '%s\n' "${!pid[@]}" | sort); do
    p=${pid[$k]}
    after=$(awk '{print $14 + $15}' /proc/$p/stat)
    role=$(grep -h "role is now" "$dir/$k.log" | tail -1 | sed 's/.*role is now //; s/ (.*//')
    printf "%-6s %-9s cpu %5.2f%% of a core over 30 s, resident %s kB\n" "$k" "${role:-follower}" \
        "$(echo "($after - ${before[$k]}) * 100 / $hz / 30" | bc -l)" "$(awk '/VmRSS/ {print $2}' /proc/$p/status)"
done
