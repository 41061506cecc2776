"""Helpers shared by the scripts that start election-nodes on 127.0.0.1 (standard library
only): ports the OS hands out, and a node's answer to a status query."""
import json
import socket


def free_ports(count):
    """`count` distinct ports that were free a moment ago (bound together, then released)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def status(port, timeout=2.0):
    """The node's status object, or None when it does not answer a status line in time."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b'{"type":"status"}\n')
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            return json.loads(data)
    except (OSError, ValueError):
        return None
