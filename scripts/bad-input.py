#!/usr/bin/env python3
"""Send every kind of bad input we know of to a live 3-node cluster, then check that every
node is still up and that leader and term did not move.

Usage (after `swift build -c release`):
    python3 scripts/bad-input.py [--algorithm bully|raft] [--node .build/release/election-node]

It starts its own nodes on ports the OS hands out (127.0.0.1), with data directories in a
temporary directory, and stops them by PID at the end, also on failure. Python 3 standard
library only. Exit status 0 when every node survived with leader and term unchanged.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from loopback_nodes import free_ports, status  # noqa: E402 (after the path is set)


def send(port, payload, read_timeout=5.0):
    """Sends `payload` on a fresh connection and returns what came back before the node
    closed it (or before `read_timeout`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        try:
            s.sendall(payload)
        except OSError:
            pass  # the node may close early (a 4 MiB line): its reply is still readable
        reply = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        except OSError:
            pass
        return reply


def nested(depth):
    return b"[" * depth + b"]" * depth + b"\n"


# (name, bytes to send). Every one of these must get an error (or nothing) back, and
# change nothing in the cluster.
GARBAGE = [
    ("not JSON", b"hello\n"),
    ("JSON array", b"[1,2,3]\n"),
    ("JSON string", b'"status"\n'),
    ("JSON number", b"42\n"),
    ("object without type", b'{"from":1}\n'),
    ("unknown type", b'{"type":"reboot","from":1}\n'),
    ("type of the wrong kind", b'{"type":7,"from":1}\n'),
    ("non-member sender", b'{"type":"coordinator","from":99,"epoch":1000}\n'),
    ("non-member Raft vote request",
     b'{"type":"request_vote","from":99,"term":1000,"last_log_index":0,"last_log_term":0}\n'),
    ("negative sender", b'{"type":"election","from":-1}\n'),
    ("huge number", b'{"type":"heartbeat","from":1,"epoch":1e400}\n'),
    ("deep nesting (32,000 levels)", nested(32000)),
    ("deep nesting in a message",
     b'{"type":"heartbeat","from":1,"epoch":' + b'{"a":' * 9000 + b"1" + b"}" * 9000 + b"}\n"),
    ("invalid UTF-8", b'{"type":"status\xff\xfe"}\n'),
    ("NUL bytes", b"\x00" * 64 + b"\n"),
    ("4 MiB line", b"x" * (4 * 1024 * 1024) + b"\n"),
    ("only blank lines", b"\n\n\r\n\n"),
    ("unknown HTTP method", b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    ("HTTP head over the limit", b"GET / HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n"),
    ("HTTP path that is not a page", b"GET /../../etc/passwd HTTP/1.1\r\n\r\n"),
    ("unfinished HTTP request", b"GET / HTTP/1.1\r\nHost: x\r\n"),
    ("silence", b""),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--algorithm", choices=["bully", "raft"], default="bully")
    parser.add_argument("--node", default=os.path.join(HERE, "..", ".build", "release", "election-node"))
    args = parser.parse_args()
    if not os.access(args.node, os.X_OK):
        sys.exit(f"bad-input.py: no election-node at {args.node}; run `swift build -c release` first")

    ports = free_ports(3)
    nodes = ",".join(f"{i + 1}:{p}" for i, p in enumerate(ports))
    scratch = tempfile.mkdtemp(prefix="bad-input-")
    processes = []
    try:
        for i, port in enumerate(ports):
            command = [args.node, "--algorithm", args.algorithm, "--id", str(i + 1),
                       "--port", str(port), "--nodes", nodes]
            if args.algorithm == "raft":  # Bully keeps nothing on disk
                command += ["--data-dir", os.path.join(scratch, f"node-{i + 1}")]
            processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL))
        deadline = time.time() + 10
        while time.time() < deadline:
            seen = [status(p) for p in ports]
            leaders = {s["leader"] for s in seen if s}
            if all(seen) and len(leaders) == 1 and None not in leaders:
                break
            time.sleep(0.05)
        else:
            exits = [p.poll() for p in processes]
            sys.exit(f"bad-input.py: the cluster did not agree on a leader within 10 s "
                     f"(exit statuses: {exits})")
        before = [(s["leader"], s["term"]) for s in (status(p) for p in ports)]
        leader_port = ports[before[0][0] - 1]
        follower_port = next(p for p in ports if p != leader_port)
        print(f"{args.algorithm}: 3 nodes, leader {before[0][0]} (term {before[0][1]}); "
              f"sending {len(GARBAGE)} kinds of bad input to the leader and to a follower")
        for name, payload in GARBAGE:
            for port in (leader_port, follower_port):
                reply = send(port, payload)
                first = reply.split(b"\n", 1)[0][:100].decode("utf-8", "replace")
            print(f"  {name:30} -> {first or '(closed, nothing said)'}")
        time.sleep(1)  # a few heartbeats: a disturbed cluster would show it by now
        after = [status(p) for p in ports]
        alive = [s is not None for s in after]
        moved = [s and (s["leader"], s["term"]) != b for s, b in zip(after, before)]
        exits = [p.poll() for p in processes]
        print(f"after: {sum(alive)} of 3 nodes answer; leader and term moved on "
              f"{sum(bool(m) for m in moved)}; exited: {[e for e in exits if e is not None]}")
        ok = all(alive) and not any(moved) and all(e is None for e in exits)
        print("result: " + ("every node up, leader and term unchanged" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            p.wait()
        subprocess.run(["rm", "-rf", scratch])


if __name__ == "__main__":
    sys.exit(main())
