#!/usr/bin/env python3
"""Benchmark: the Session API of switchboardd, and of Debian's connmand when installed.

For each daemon, on a private dbus-daemon (connmand inside a network namespace
of its own, so it touches no real interface):
  - start-up time until net.connman is owned
  - CreateSession latency and call-to-first-Update latency (median, p99)
  - DestroySession latency (median, p99)
  - RSS idle and per 1,000 live sessions
  - (switchboardd only) Update fan-out: time from a service state change to the
    1,000th session's Update arriving at the client (cellular plugin)

    make bench          # or: SWITCHBOARD_BIN_DIR=... /usr/bin/python3 bench/sessions.py [N]
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
from gi.repository import GLib

from private_bus import private_bus

dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CONTEXT = GLib.MainContext.default()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def pump_until(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        CONTEXT.iteration(True)


class Client:
    """Counts Update calls to any notifier path with one message filter (cheap per message)."""

    def __init__(self, address):
        self.bus = dbus.bus.BusConnection(address)
        self.updates = {}
        self.last_update = 0.0
        self.bus.add_message_filter(self.filter)
        self.manager = dbus.Interface(self.bus.get_object("net.connman", "/", introspect=False), "net.connman.Manager")

    def filter(self, bus, message):
        if isinstance(message, dbus.lowlevel.MethodCallMessage) and message.get_member() == "Update":
            path = message.get_path()
            self.updates[path] = self.updates.get(path, 0) + 1
            self.last_update = time.perf_counter()
            return dbus.lowlevel.HANDLER_RESULT_HANDLED
        return dbus.lowlevel.HANDLER_RESULT_NOT_YET_HANDLED

    def create(self, index):
        notifier = f"/bench/n{index}"
        start = time.perf_counter()
        path = self.manager.CreateSession(dbus.Dictionary({}, signature="sv"), dbus.ObjectPath(notifier))
        replied = time.perf_counter()
        pump_until(lambda: self.updates.get(notifier, 0) >= 1)
        return path, (replied - start) * 1e6, (self.last_update - start) * 1e6


def stats(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.99) - 1)]


def measure(name, command, address, wait_name="net.connman", fanout=None):
    observer = dbus.bus.BusConnection(address)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address))
    while not observer.name_has_owner(wait_name):
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        time.sleep(0.001)
    startup_ms = (time.perf_counter() - start) * 1000
    time.sleep(0.3)
    pid = process.pid  # `ip netns exec` execs the daemon, so the pid stays
    idle = rss_kib(pid)
    client = Client(address)
    create, first_update, paths = [], [], []
    for i in range(N):
        path, c, u = client.create(i)
        paths.append(path)
        create.append(c)
        first_update.append(u)
    loaded = rss_kib(pid)
    result = {"startup_ms": startup_ms, "create": stats(create), "first_update": stats(first_update),
              "rss_idle_kib": idle, "rss_per_1000_kib": (loaded - idle) * 1000 / N}
    if fanout:
        result["fanout_ms"] = fanout(client)
    destroy = []
    for path in paths:
        t = time.perf_counter()
        client.manager.DestroySession(path)
        destroy.append((time.perf_counter() - t) * 1e6)
    result["destroy"] = stats(destroy)
    process.terminate()
    process.wait(timeout=10)
    return result


def switchboard_fanout(client):
    """Time from Connect on the modem until every session has its Update saying so."""
    service = dbus.Interface(client.bus.get_object("net.connman", "/net/connman/service/cellular_00101000000001_context1",
                                                   introspect=False), "net.connman.Service")
    before = {path: count for path, count in client.updates.items()}
    start = time.perf_counter()
    service.Connect(reply_handler=lambda: None, error_handler=lambda e: None)
    pump_until(lambda: sum(1 for p, c in client.updates.items() if c > before.get(p, 0)) >= N)
    return (client.last_update - start) * 1000


def print_result(name, r):
    print(f"{name}:")
    print(f"  start-up until net.connman is owned: {r['startup_ms']:.0f} ms")
    print(f"  CreateSession:            median {r['create'][0]:.0f} us, p99 {r['create'][1]:.0f} us")
    print(f"  call to first Update:     median {r['first_update'][0]:.0f} us, p99 {r['first_update'][1]:.0f} us")
    print(f"  DestroySession:           median {r['destroy'][0]:.0f} us, p99 {r['destroy'][1]:.0f} us")
    print(f"  RSS idle {r['rss_idle_kib']} KiB; per 1,000 sessions {r['rss_per_1000_kib']:.0f} KiB "
          f"({r['rss_per_1000_kib'] * 1.024 / 1000:.2f} kB per session)")
    if "fanout_ms" in r:
        print(f"  Update fan-out to {N} sessions: {r['fanout_ms']:.1f} ms")


def main():
    bin_dir = os.environ["SWITCHBOARD_BIN_DIR"]
    with private_bus() as (address, work):
        plugins = os.path.join(work, "plugins")
        os.mkdir(plugins)
        shutil.copy(os.path.join(bin_dir, "libcellular.so"), os.path.join(plugins, "cellular.so"))
        config = os.path.join(work, "main.conf")
        with open(config, "w") as f:
            f.write("[cellular]\nModems=1\nConnectLatencyMs=0\n")
        ours = measure("switchboardd", [os.path.join(bin_dir, "switchboardd"), "--bus", address, "--config", config,
                                        "--plugin-dir", plugins], address, fanout=switchboard_fanout)
        print(f"sessions per case: {N}")
        print_result("switchboardd", ours)
        connmand = shutil.which("connmand") or ("/usr/sbin/connmand" if os.path.exists("/usr/sbin/connmand") else None)
        if connmand and os.geteuid() == 0:
            ns = f"sbbench{os.getpid()}"
            subprocess.run(["ip", "netns", "add", ns], check=True)
            try:
                theirs = measure("connmand", ["ip", "netns", "exec", ns, connmand, "-n", "-r"], address)
            finally:
                subprocess.run(["ip", "netns", "delete", ns])
            print_result("connmand (same bus, own network namespace)", theirs)
            print("ratios (switchboardd / connmand, lower is better):")
            for key in ("create", "first_update", "destroy"):
                print(f"  {key} median: {ours[key][0] / theirs[key][0]:.2f}")
            print(f"  start-up: {ours['startup_ms'] / theirs['startup_ms']:.2f}")
            print(f"  RSS idle: {ours['rss_idle_kib'] / theirs['rss_idle_kib']:.2f}")
        else:
            print("connmand not installed (or not root): no side-by-side figures; "
                  "shared/notes/session-api.md has ConnMan's (CreateSession 0.31 ms, first Update 0.83 ms, "
                  "~8 MB RSS, ~2.5 kB per session)")


if __name__ == "__main__":
    main()
