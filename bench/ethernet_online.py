"""Benchmark: time from carrier up to a session's `online`, switchboardd
against Debian's connmand, each alone in an identical two-namespace lab
(demo/lab.py: a veth "cable", dnsmasq for DHCPv4 and RAs, an online-check
endpoint that answers like ConnMan's).

For each round and daemon: start the daemon with the cable unplugged, open a
session (AllowedBearers ethernet, ConnectionType internet), plug the cable in
and time until the session's Update says State=online.  Both daemons check
the same URL.  Run twice:

  default offload  the veth as created: dnsmasq's replies reach the client
                   with their UDP checksum left to offload (not filled in)
  tx offload off   `ethtool -K peer0 tx off` on the server side, so checksums
                   are complete (ConnMan's DHCP client needs this to get a lease)

Prints medians over ROUNDS (default 5); a daemon that is not online within
TIMEOUT seconds (default 30) counts as a failure for that round."""
import os
import shutil
import subprocess
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "demo"))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Tests", "integration"))
from glib_wait import wait_until  # noqa: E402
from lab import CHECK_URL, Lab  # noqa: E402
from private_bus import private_bus  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5"))
TIMEOUT = float(os.environ.get("TIMEOUT", "30"))
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)


class Notifier(dbus.service.Object):
    def __init__(self, connection):
        super().__init__(connection, "/bench")
        self.online_at = None

    @dbus.service.method("net.connman.Notification", in_signature="a{sv}")
    def Update(self, settings):
        if self.online_at is None and settings.get("State") == "online":
            self.online_at = time.monotonic()

    @dbus.service.method("net.connman.Notification")
    def Release(self):
        pass


def daemon_command(kind, lab, bin_dir, connmand):
    if kind == "switchboardd":
        plugins = os.path.join(lab.work, "plugins")
        os.makedirs(plugins)
        shutil.copy(os.path.join(bin_dir, "libethernet.so"), os.path.join(plugins, "ethernet.so"))
        config = os.path.join(lab.work, "main.conf")
        with open(config, "w") as f:
            f.write(f"[General]\nOnlineCheckURL={CHECK_URL}\n")
        return [os.path.join(bin_dir, "switchboardd"), "--config", config, "--plugin-dir", plugins,
                "--state-dir", os.path.join(lab.work, "state")], True
    config = os.path.join(lab.work, "connman.conf")
    with open(config, "w") as f:
        f.write(f"[General]\nEnableOnlineCheck=true\nOnlineCheckIPv4URL={CHECK_URL}\n"
                "OnlineCheckIPv6URL=http://[fd00:77::1]:8080/online/status.html\n")
    return [connmand, "-n", "-r", "-c", config, "-i", "eth0"], False


def one_run(kind, offload, bin_dir, connmand):
    """Seconds from carrier up to the session's online, or None."""
    lab = Lab(f"sbeth{os.getpid() % 10000}")
    try:
        if not offload:
            subprocess.run(["ip", "netns", "exec", lab.peer, "ethtool", "-K", "peer0", "tx", "off"],
                           check=True, capture_output=True)
        lab.start_peers()
        with private_bus() as (address, _, _):
            command, ours = daemon_command(kind, lab, bin_dir, connmand)
            if ours:
                command += ["--bus", address]
            env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address)
            daemon = lab.spawn(lab.ns, command, f"{kind}.log", env=env)
            client = dbus.bus.BusConnection(address)
            if not wait_until(lambda: client.name_has_owner("net.connman"), 10, poll=0.0005):
                raise SystemExit(f"{kind} did not start:\n{lab.log(kind + '.log')}")
            time.sleep(0.5)  # let it settle on the unplugged link
            notifier = Notifier(client)
            manager = dbus.Interface(client.get_object("net.connman", "/"), "net.connman.Manager")
            manager.CreateSession(dbus.Dictionary({"AllowedBearers": dbus.Array(["ethernet"], signature="s"),
                                                   "ConnectionType": "internet"}, signature="sv"),
                                  dbus.ObjectPath("/bench"))
            wait_until(lambda: False, 0.2)
            plugged = time.monotonic()
            lab.carrier(True)
            wait_until(lambda: notifier.online_at is not None, TIMEOUT, poll=0.0005)
            daemon.terminate()
            daemon.wait(timeout=10)
            client.close()
            return None if notifier.online_at is None else notifier.online_at - plugged
    finally:
        lab.close()


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None


def describe(times):
    done = [t for t in times if t is not None]
    text = f"{median(done) * 1000:8.1f} ms" if done else "       never"
    return f"{text}  (online in {len(done)}/{len(times)} rounds within {TIMEOUT:.0f} s)"


def main():
    if os.geteuid() != 0:
        raise SystemExit("bench/ethernet_online.py needs root (network namespaces)")
    bin_dir = os.environ["SWITCHBOARD_BIN_DIR"]
    connmand = shutil.which("connmand") or ("/usr/sbin/connmand" if os.path.exists("/usr/sbin/connmand") else None)
    kinds = ["switchboardd"] + (["connmand"] if connmand else [])
    print(f"carrier up -> session online; medians over {ROUNDS} rounds")
    for offload in (True, False):
        results = {kind: [] for kind in kinds}
        for _ in range(ROUNDS):
            for kind in kinds:  # alternating, so drift hits both alike
                results[kind].append(one_run(kind, offload, bin_dir, connmand))
        print(f"  {'default offload' if offload else 'tx offload off'}:")
        for kind in kinds:
            print(f"    {kind:13s} {describe(results[kind])}")
        ours, theirs = (median([t for t in results[k] if t is not None]) for k in ("switchboardd", "connmand")) \
            if connmand else (None, None)
        if ours and theirs:
            print(f"    ratio switchboardd / connmand: {ours / theirs:.2f} (target <= 0.5)")
    if not connmand:
        print("connmand not installed: no side-by-side figures")


if __name__ == "__main__":
    main()
