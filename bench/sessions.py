#!/usr/bin/env python3
"""Benchmark: the Session API of switchboardd, and of Debian's connmand when installed.

For each daemon, on a private dbus-daemon (connmand inside a network namespace
of its own, so it touches no real interface), bench/session_client.c (plain
libdbus, so a scripting client's own cost does not swamp the daemon's) times:
  - start-up time until net.connman is owned
  - CreateSession latency and call-to-first-Update latency (median, p99)
  - DestroySession latency (median, p99)
  - the floor under those: a Peer.Ping round trip to the same daemon (client,
    dbus-daemon and wake-ups, but no daemon work), the latency above that
    floor, and the CPU time per call of the daemon and of the bus (from /proc
    schedstat; every message passes through dbus-daemon)
  - RSS idle and per 1,000 live sessions
  - (switchboardd only) Update fan-out: time from Connect on a cellular service
    until every session has had its Update, and the CPU time of daemon and bus
  - the bound on this bus: the same calls answered by bench/prebuilt_responder.c,
    which sends replies and Updates built in advance (one recv and one sendmsg
    per call), so what is left is client and bus: its ratio to connmand is what
    a daemon that did no work at all would get here

The daemons run ROUNDS times (default 3), alternating, and each figure is the
median over the rounds: on a 2-core machine one run is at the mercy of whatever
else is scheduled.

    make bench          # builds the client and the responder; or, with them built:
    SWITCHBOARD_BIN_DIR=.build/release /usr/bin/python3 bench/sessions.py [N]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import dbus

from private_bus import private_bus

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SERVICE = "/net/connman/service/cellular_00101000000001_context1"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def measure(name, command, address, bus_pid, client, fanout=False):
    observer = dbus.bus.BusConnection(address)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address))
    while not observer.name_has_owner("net.connman"):
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        time.sleep(0.001)
    startup_ms = (time.perf_counter() - start) * 1000
    time.sleep(0.3)
    pid = process.pid  # `ip netns exec` execs the daemon, so the pid stays
    idle = rss_kib(pid)
    runner = subprocess.Popen([client, address, str(pid), str(bus_pid), str(N)] + ([SERVICE] if fanout else []),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    loaded = []  # with N sessions: just created, then after the fan-out (connected where a bearer is)
    for _ in range(2):
        if runner.stderr.readline().strip() != "ready":
            raise SystemExit(f"session_client against {name} failed: {runner.stderr.read()}")
        loaded.append(rss_kib(pid))
        runner.stdin.write("go\n")
        runner.stdin.flush()
    output, errors = runner.communicate(timeout=120)
    if runner.returncode != 0:
        raise SystemExit(f"session_client against {name} failed: {errors}")
    result = json.loads(output)
    result.update(startup_ms=startup_ms, rss_idle_kib=idle, rss_per_1000_kib=(loaded[0] - idle) * 1000 / N)
    if fanout:
        result["rss_per_1000_connected_kib"] = (loaded[1] - idle) * 1000 / N
    process.terminate()
    process.wait(timeout=10)
    return result


def combine(rounds):
    """The median over rounds of every figure (pairs element-wise)."""
    def median(values):
        if isinstance(values[0], tuple):
            return tuple(statistics.median(v) for v in zip(*values))
        return statistics.median(values)
    return {key: median([r[key] for r in rounds]) for key in rounds[0]}


def print_result(name, r, calls_only=False):
    floor = r["ping"][0]
    print(f"{name}:")
    if not calls_only:
        print(f"  start-up until net.connman is owned: {r['startup_ms']:.0f} ms")
    print(f"  Ping (the floor: client + bus):  median {floor:.0f} us, p99 {r['ping'][1]:.0f} us; "
          f"CPU per call: daemon {r['ping_cpu_us']:.0f} us, bus {r['ping_bus_cpu_us']:.0f} us")
    print(f"  CreateSession:            median {r['create'][0]:.0f} us, p99 {r['create'][1]:.0f} us; "
          f"{r['create'][0] - floor:.0f} us above the floor; "
          f"CPU per call: daemon {r['create_cpu_us']:.0f} us, bus {r['create_bus_cpu_us']:.0f} us")
    print(f"  call to first Update:     median {r['first_update'][0]:.0f} us, p99 {r['first_update'][1]:.0f} us; "
          f"{r['first_update'][0] - floor:.0f} us above the floor")
    print(f"  DestroySession:           median {r['destroy'][0]:.0f} us, p99 {r['destroy'][1]:.0f} us; "
          f"CPU per call: daemon {r['destroy_cpu_us']:.0f} us, bus {r['destroy_bus_cpu_us']:.0f} us")
    if calls_only:
        return
    print(f"  RSS idle {r['rss_idle_kib']:.0f} KiB; per 1,000 sessions {r['rss_per_1000_kib']:.0f} KiB "
          f"({r['rss_per_1000_kib'] * 1.024 / 1000:.2f} kB per session)")
    if "rss_per_1000_connected_kib" in r:
        print(f"  RSS per 1,000 sessions once connected {r['rss_per_1000_connected_kib']:.0f} KiB "
              f"({r['rss_per_1000_connected_kib'] * 1.024 / 1000:.2f} kB per session)")
    if "fanout_ms" in r:
        print(f"  Update fan-out to {N} sessions: {r['fanout_ms']:.1f} ms "
              f"(CPU: daemon {r['fanout_cpu_ms']:.1f} ms, bus {r['fanout_bus_cpu_ms']:.1f} ms)")


def print_ratios(ours, theirs, bound):
    print("ratios (switchboardd / connmand, lower is better):")
    for key in ("create", "first_update", "destroy"):
        print(f"  {key} median: {ours[key][0] / theirs[key][0]:.2f}")
    for key in ("create", "first_update"):
        above = (ours[key][0] - ours["ping"][0]) / (theirs[key][0] - theirs["ping"][0])
        print(f"  {key} above the floor: {above:.2f}")
    for key in ("ping_cpu_us", "create_cpu_us", "destroy_cpu_us", "ping_bus_cpu_us", "create_bus_cpu_us",
                "destroy_bus_cpu_us"):
        print(f"  {key.replace('_us', '')} per call: {ours[key] / theirs[key]:.2f}")
    print(f"  start-up: {ours['startup_ms'] / theirs['startup_ms']:.2f}")
    print(f"  RSS idle: {ours['rss_idle_kib'] / theirs['rss_idle_kib']:.2f}")
    if bound:
        print("the bound on this bus: a daemon that does no work (prebuilt_responder / connmand):")
        for key in ("create", "first_update"):
            print(f"  {key} median: {bound[key][0] / theirs[key][0]:.2f}")


def main():
    bin_dir = os.environ["SWITCHBOARD_BIN_DIR"]
    client = os.environ.get("SESSION_CLIENT", os.path.join(bin_dir, "..", "bench", "session_client"))
    responder = os.path.join(os.path.dirname(client), "prebuilt_responder")
    connmand = shutil.which("connmand") or ("/usr/sbin/connmand" if os.path.exists("/usr/sbin/connmand") else None)
    side_by_side = connmand and os.geteuid() == 0
    with private_bus() as (address, work, bus_pid):
        plugins = os.path.join(work, "plugins")
        os.mkdir(plugins)
        shutil.copy(os.path.join(bin_dir, "libcellular.so"), os.path.join(plugins, "cellular.so"))
        config = os.path.join(work, "main.conf")
        with open(config, "w") as f:
            f.write("[cellular]\nModems=1\nConnectLatencyMs=0\n")
        ns = f"sbbench{os.getpid()}"
        if side_by_side:
            subprocess.run(["ip", "netns", "add", ns], check=True)
        ours, theirs, bound = [], [], []
        try:
            for _ in range(ROUNDS):
                ours.append(measure("switchboardd", [os.path.join(bin_dir, "switchboardd"), "--bus", address,
                                                     "--config", config, "--plugin-dir", plugins],
                                    address, bus_pid, client, fanout=True))
                if side_by_side:
                    theirs.append(measure("connmand", ["ip", "netns", "exec", ns, connmand, "-n", "-r"], address, bus_pid,
                                          client))
                if os.path.exists(responder):
                    bound.append(measure("prebuilt_responder", [responder, address, str(N)], address, bus_pid, client))
        finally:
            if side_by_side:
                subprocess.run(["ip", "netns", "delete", ns])
        print(f"sessions per case: {N}; rounds: {ROUNDS} (figures are medians over the rounds)")
        print_result("switchboardd", combine(ours))
        if bound:
            print_result("prebuilt_responder (the bound: every reply and Update built in advance, "
                         "one recv and one sendmsg per call)", combine(bound), calls_only=True)
        if side_by_side:
            print_result("connmand (same bus, own network namespace)", combine(theirs))
            print_ratios(combine(ours), combine(theirs), combine(bound) if bound else None)
        else:
            print("connmand not installed (or not root): no side-by-side figures; "
                  "shared/notes/session-api.md has ConnMan's (CreateSession 0.31 ms, first Update 0.83 ms, "
                  "~8 MB RSS, ~2.5 kB per session)")


if __name__ == "__main__":
    main()
