#!/usr/bin/env bash
# Idle cost of every node of a 3-node Bully and a 3-node Raft cluster at default settings:
# CPU over a window (default 30 s; pass another number of seconds as the first argument) and
# resident memory. CPU is the nanoseconds on a CPU from /proc/PID/task/*/schedstat (exact),
# and utime + stime from /proc/PID/stat (in clock ticks, as `time` and `top` count it).
# Run after `swift build -c release` (or set ELECTION_NODE to another binary); uses ports 8101-8103 and 8201-8203; stops every node
# it starts.
set -u
seconds=${1:-30}
bin=${ELECTION_NODE:-"$(cd "$(dirname "$0")/.." && pwd)/.build/release/election-node"}
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
ticks() { awk '{print $14 + $15}' /proc/$1/stat; }
oncpu() { cat /proc/$1/task/*/schedstat | awk '{sum += $1} END {print sum}'; }
declare -A ticks_before oncpu_before
for k in "${!pid[@]}"; do ticks_before[$k]=$(ticks ${pid[$k]}); oncpu_before[$k]=$(oncpu ${pid[$k]}); done
sleep "$seconds"
hz=$(getconf CLK_TCK)
echo "node   role      cpu (schedstat)  cpu (ticks)  resident"
for k in $(printf '%s\n' "${!pid[@]}" | sort); do
    p=${pid[$k]}
    role=$(grep -h "role is now" "$dir/$k.log" | tail -1 | sed 's/.*role is now //; s/ (.*//')
    printf "%-6s %-9s %14.2f%%  %10.2f%%  %s kB\n" "$k" "${role:-follower}" \
        "$(echo "($(oncpu $p) - ${oncpu_before[$k]}) / 10000000 / $seconds" | bc -l)" \
        "$(echo "($(ticks $p) - ${ticks_before[$k]}) * 100 / $hz / $seconds" | bc -l)" \
        "$(awk '/VmRSS/ {print $2}' /proc/$p/status)"
done
echo "over $seconds s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
