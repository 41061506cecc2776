#!/usr/bin/env python3
"""Measure live failover of a 3-node cluster from the nodes' own event timestamps.

Usage (after `swift build -c release`):
    python3 scripts/fast-failover.py --algorithm raft --fault kill --trials 20 -- \
        --pre-vote on --check-quorum on --leader-lease on --hand-over on --fast-detect on

Everything after `--` is passed to every node. The script starts three election-nodes on
ports the OS hands out (127.0.0.1), with `--log-format json`, their logs and data
directories in a temporary directory. Then, trial after trial on the same cluster:

1. wait until all three name one leader for `--settle-ms` (status queries);
2. wait a random part of a heartbeat interval, read the clock and kill -9 the leader
   (`--fault kill`) or send it SIGTERM / SIGINT (`--fault term|int`);
3. read the survivors' JSON event lines: the failover is the first moment at or after the
   fault when every survivor names the same leader and that leader is a survivor in the
   leader role, minus the fault time. Both times come from the same wall clock on the same
   machine, so nothing is polled into the figure. This is election-bench's definition
   (Sources/Bench/Live/FailoverMeasurement.swift, LeadershipTimeline.firstAgreement);
4. for a SIGTERM / SIGINT, check that the old leader exited with status 0;
5. restart the old leader with the same flags and go on.

It prints each trial and then p50 / p90 / p99 / max. This is a measurement aid for working
on the node; the figures to publish come from election-bench. Every process it starts is
stopped by PID at the end, also on failure or Ctrl-C. Python 3 standard library only.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from loopback_nodes import free_ports, status  # noqa: E402 (after the path is set)
DEFAULT_HEARTBEAT_MS = {"bully": 50, "raft": 75}
FAULT_SIGNALS = {"kill": signal.SIGKILL, "term": signal.SIGTERM, "int": signal.SIGINT}


def now_ms():
    return time.time() * 1000.0  # CLOCK_REALTIME, the clock of the nodes' `ts` fields


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))  # ceil without math
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Cluster:
    """Three nodes, each run's stdout in a file of its own, every process tracked by PID."""

    def __init__(self, binary, algorithm, flags, scratch):
        self.binary, self.algorithm, self.flags, self.scratch = binary, algorithm, flags, scratch
        self.ports = free_ports(3)
        self.ids = [1, 2, 3]
        self.nodes_arg = ",".join(f"{i}:{p}" for i, p in zip(self.ids, self.ports))
        self.processes = {}  # id -> Popen of the current run
        self.log_paths = {}  # id -> log file of the current run
        self.runs = {i: 0 for i in self.ids}

    def start(self, node):
        self.runs[node] += 1
        path = os.path.join(self.scratch, f"node-{node}.run-{self.runs[node]}.jsonl")
        command = [self.binary, "--algorithm", self.algorithm, "--id", str(node),
                   "--port", str(self.ports[node - 1]), "--nodes", self.nodes_arg,
                   "--log-format", "json"]
        if self.algorithm == "raft":
            command += ["--data-dir", os.path.join(self.scratch, f"data-{node}")]
        command += self.flags
        with open(path, "wb") as out:
            self.processes[node] = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                                    stdin=subprocess.DEVNULL)
        self.log_paths[node] = path

    def port(self, node):
        return self.ports[node - 1]

    def events(self, node):
        """The JSON event lines of `node`'s current run (text lines are skipped)."""
        result = []
        try:
            with open(self.log_paths[node], "rb") as f:
                for line in f:
                    if line.startswith(b"{") and line.endswith(b"\n"):
                        try:
                            result.append(json.loads(line))
                        except ValueError:
                            pass
        except OSError:
            pass
        return result

    def wait_for_stable_leader(self, settle_ms, timeout_s=10.0):
        deadline = time.time() + timeout_s
        agreed_since, agreed_on = None, None
        while time.time() < deadline:
            seen = [status(self.port(i), timeout=0.2) for i in self.ids]
            leaders = {s.get("leader") for s in seen if s}
            if all(seen) and len(leaders) == 1 and None not in leaders:
                leader = leaders.pop()
                if leader != agreed_on:
                    agreed_since, agreed_on = time.time(), leader
                elif (time.time() - agreed_since) * 1000 >= settle_ms:
                    return leader
            else:
                agreed_since, agreed_on = None, None
            time.sleep(0.01)
        exits = {i: p.poll() for i, p in self.processes.items()}
        raise RuntimeError(f"no stable leader within {timeout_s:.0f} s (exit statuses {exits})")

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
        for process in self.processes.values():
            process.wait()


def belief_after(state, event):
    """A node's (role, leader) after one of its events (only `role` and `leader` fields
    change it, as in NodeLogEvent.changesBelief)."""
    role, leader = state
    if "role" in event:
        role = event["role"]
    if "leader" in event:
        leader = event["leader"]
    return role, leader


def failover(cluster, survivors, fault_ms):
    """(failover ms, new leader, elections started by survivors after the fault), or None
    when the survivors' events do not (yet) show an agreed leader."""
    beliefs = {n: ("follower", None) for n in survivors}
    later = []
    elections = 0
    for node in survivors:
        for event in cluster.events(node):
            if event.get("ts", 0) < fault_ms:
                beliefs[node] = belief_after(beliefs[node], event)
            else:
                later.append((event["ts"], node, event))
                if event.get("event") == "election_started":
                    elections += 1
    later.sort(key=lambda entry: entry[0])

    def agreed():
        named = {beliefs[n][1] for n in survivors}
        if len(named) != 1:
            return None
        leader = named.pop()
        if leader in beliefs and beliefs[leader][0] == "leader":
            return leader
        return None

    leader = agreed()
    if leader is not None:
        return 0.0, leader, elections
    index = 0
    while index < len(later):
        ts = later[index][0]
        while index < len(later) and later[index][0] == ts:  # one instant, all its events
            _, node, event = later[index]
            beliefs[node] = belief_after(beliefs[node], event)
            index += 1
        leader = agreed()
        if leader is not None:
            return ts - fault_ms, leader, elections
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--algorithm", choices=["bully", "raft"], default="raft")
    parser.add_argument("--fault", choices=sorted(FAULT_SIGNALS), default="kill")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--settle-ms", type=float, default=250)
    parser.add_argument("--seed", type=int, default=None, help="for where each fault lands")
    parser.add_argument("--node", default=os.path.join(HERE, "..", ".build", "release", "election-node"))
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory and print it")
    parser.add_argument("--scratch-in", default=None,
                        help="where to make the directory for logs and data (default: the system's "
                             "temporary directory; /dev/shm shows the failover without disk flushes)")
    parser.add_argument("node_flags", nargs=argparse.REMAINDER, help="-- then flags for every node")
    args = parser.parse_args()
    flags = args.node_flags[1:] if args.node_flags[:1] == ["--"] else args.node_flags
    if not os.access(args.node, os.X_OK):
        sys.exit(f"fast-failover.py: no election-node at {args.node}; run `swift build -c release` first")
    heartbeat_ms = DEFAULT_HEARTBEAT_MS[args.algorithm]
    if "--heartbeat-ms" in flags:
        heartbeat_ms = float(flags[flags.index("--heartbeat-ms") + 1])
    chooser = random.Random(args.seed)

    scratch = tempfile.mkdtemp(prefix="fast-failover-", dir=args.scratch_in)
    cluster = Cluster(args.node, args.algorithm, flags, scratch)
    results, problems = [], []
    # A Ctrl-C of this script must still stop the nodes: let it raise in the main thread.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        for node in cluster.ids:
            cluster.start(node)
        print(f"{args.algorithm}, 3 nodes, fault {args.fault}, flags: {' '.join(flags) or '(defaults)'}")
        for trial in range(1, args.trials + 1):
            leader = cluster.wait_for_stable_leader(args.settle_ms)
            survivors = [n for n in cluster.ids if n != leader]
            time.sleep(chooser.uniform(0, heartbeat_ms) / 1000.0)
            process = cluster.processes[leader]
            fault_ms = now_ms()
            os.kill(process.pid, FAULT_SIGNALS[args.fault])
            exit_note = ""
            if args.fault != "kill":
                try:
                    code = process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    process.kill()
                    code = process.wait()
                    problems.append(f"trial {trial}: node {leader} did not exit within 3 s of the signal")
                exit_note = f", old leader exited {code}"
                if code != 0:
                    problems.append(f"trial {trial}: node {leader} exited {code} after the signal")
            else:
                process.wait()
            deadline = time.time() + 5
            measured = None
            while measured is None and time.time() < deadline:
                measured = failover(cluster, survivors, fault_ms)
                if measured is None:
                    time.sleep(0.005)
            if measured is None:
                problems.append(f"trial {trial}: no agreed leader within 5 s of the fault")
                print(f"  trial {trial:3}: node {leader} down, no agreement within 5 s{exit_note}")
            else:
                ms, new_leader, elections = measured
                results.append(ms)
                print(f"  trial {trial:3}: node {leader} down at {fault_ms:.2f} -> node {new_leader} "
                      f"agreed after {ms:7.2f} ms ({elections} election_started){exit_note}")
            cluster.start(leader)
        values = sorted(results)
        if values:
            print(f"failover ms over {len(values)} trials: p50 {percentile(values, 0.5):.2f}  "
                  f"p90 {percentile(values, 0.9):.2f}  p99 {percentile(values, 0.99):.2f}  "
                  f"max {values[-1]:.2f}  min {values[0]:.2f}")
        for problem in problems:
            print("problem: " + problem)
        return 0 if values and not problems else 1
    finally:
        cluster.stop_all()
        if args.keep:
            print(f"logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
