#!/usr/bin/env python3
"""Benchmark: D-Bus method-call latency through switchboardd and its idle memory.

Starts a private dbus-daemon and the daemon under test (release build unless
SWITCHBOARD_BIN_DIR says otherwise), then times N calls of
net.connman.Manager.GetProperties and org.freedesktop.DBus.Properties.GetAll
from a python-dbus client, and reads the daemon's RSS from /proc.
Traffic stays on a unix socket in a temporary directory.

    make bench            # or: SWITCHBOARD_BIN_DIR=... /usr/bin/python3 bench/dbus_roundtrip.py [N]
"""
import os
import statistics
import subprocess
import sys
import time

import dbus

from private_bus import private_bus

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(function, count):
    samples = []
    for _ in range(count):
        start = time.perf_counter_ns()
        function()
        samples.append((time.perf_counter_ns() - start) / 1000.0)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main():
    bin_dir = os.environ["SWITCHBOARD_BIN_DIR"]
    with private_bus() as (address, work, _):
        empty = os.path.join(work, "plugins")
        os.mkdir(empty)
        daemon = subprocess.Popen([os.path.join(bin_dir, "switchboardd"), "--bus", address, "--config", "/nonexistent",
                                   "--plugin-dir", empty], stderr=subprocess.DEVNULL)
        try:
            client = dbus.bus.BusConnection(address)
            deadline = time.monotonic() + 10
            while not client.name_has_owner("net.connman"):
                if time.monotonic() > deadline:
                    raise SystemExit("switchboardd did not start")
                time.sleep(0.01)
            idle = rss_kib(daemon.pid)
            manager = dbus.Interface(client.get_object("net.connman", "/", introspect=False), "net.connman.Manager")
            props = dbus.Interface(client.get_object("net.switchboard", "/net/switchboard", introspect=False),
                                   "org.freedesktop.DBus.Properties")
            peer = dbus.Interface(client.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus", introspect=False),
                                  "org.freedesktop.DBus.Peer")
            timed(manager.GetProperties, 200)  # warm-up
            bare = timed(peer.Ping, N)
            cpu_before = cpu_seconds(daemon.pid)
            get_properties = timed(manager.GetProperties, N)
            cpu_per_call = (cpu_seconds(daemon.pid) - cpu_before) / N * 1e6
            get_all = timed(lambda: props.GetAll("net.switchboard.Daemon"), N)
            after = rss_kib(daemon.pid)
            print(f"calls per case: {N}")
            print(f"bus round trip (Ping to dbus-daemon): median {bare[0]:.1f} us, p99 {bare[1]:.1f} us")
            print(f"net.connman.Manager.GetProperties:     median {get_properties[0]:.1f} us, p99 {get_properties[1]:.1f} us")
            print(f"  daemon CPU per GetProperties call:   {cpu_per_call:.1f} us")
            print(f"Properties.GetAll (net.switchboard):   median {get_all[0]:.1f} us, p99 {get_all[1]:.1f} us")
            print(f"switchboardd RSS: idle {idle} KiB, after {3 * N + 200} calls {after} KiB")
        finally:
            daemon.terminate()
            daemon.wait(timeout=10)


if __name__ == "__main__":
    main()
