"""DPP over TCP: one full DPP Authentication + Configuration (P-256, the
configurator initiates, passphrase network) over loopback, a switchboard-dpp
pair against a hostapd (configurator) -> wpa_supplicant (enrollee) pair, in
one run, alternating, inside a network namespace of its own (hostap's
controller binds 0.0.0.0:8908).

Wall time: switchboard-dpp, from starting the configurator process to both
processes' exit, with the enrollee already listening (so it includes one
process start-up, also given on its own as `--version`); hostap, from
DPP_AUTH_INIT to both DPP-CONF-SENT and DPP-CONF-RECEIVED.  CPU time
(user + system) of both sides: our processes' rusage from wait4 (whole
processes, so each includes its start-up), the daemons' from
/proc/PID/schedstat around each exchange.  Medians over
ROUNDS (default 20).

    SWITCHBOARD_BIN_DIR=... python3 bench/dpp.py      (as root; make bench-dpp)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "integration"))
from hostap import Hostap, hexed  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "20"))
OUR_PORT = 8909  # 8908 is wpa_supplicant's controller


def cpu_ms(rusage):
    return (rusage.ru_utime + rusage.ru_stime) * 1000


def run_reaped(command, **kwargs):
    """Starts `command`; returns a function that waits for it and gives (exit code, CPU ms)."""
    process = subprocess.Popen(command, **kwargs)

    def reap():
        _, status, rusage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        return process.returncode, cpu_ms(rusage)
    return reap


def wait_listening(port):
    while not subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout.strip():
        time.sleep(0.005)


def schedstat_ms(pid):
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0]) / 1e6


class OurPair:
    def __init__(self, binary, work):
        self.binary = binary
        self.key = os.path.join(work, "enrollee.key")
        self.uri = subprocess.run([binary, "key", "generate", "--out", self.key], check=True,
                                  capture_output=True, text=True).stdout.strip()

    def round(self):
        enrollee = run_reaped([self.binary, "enrollee", "--listen", str(OUR_PORT), "--key", self.key],
                              stdout=subprocess.DEVNULL)
        wait_listening(OUR_PORT)
        started = time.perf_counter()
        configurator = run_reaped([self.binary, "configurator", "--peer-uri", self.uri, "--connect",
                                   f"127.0.0.1:{OUR_PORT}", "--ssid", "bench", "--passphrase", "bench pass"],
                                  stdout=subprocess.DEVNULL)
        configurator_code, configurator_cpu = configurator()
        enrollee_code, enrollee_cpu = enrollee()
        wall = (time.perf_counter() - started) * 1000
        assert (configurator_code, enrollee_code) == (0, 0), "switchboard-dpp exchange failed"
        return wall, configurator_cpu, enrollee_cpu

    def startup(self):
        started = time.perf_counter()
        _, cpu = run_reaped([self.binary, "--version"], stdout=subprocess.DEVNULL)()
        return (time.perf_counter() - started) * 1000, cpu


class HostapPair:
    def __init__(self, work):
        self.enrollee = Hostap("wpa_supplicant", None, work, debug=False)
        self.configurator = Hostap("hostapd", None, work, debug=False)
        uri = self.enrollee.uri(self.enrollee.bootstrap_gen())
        self.enrollee.ok("DPP_CONTROLLER_START tcp_port=8908 role=enrollee")
        self.peer = self.configurator.add_peer_uri(uri)
        self.configurator_id = self.configurator.configurator_add()

    def round(self):
        for daemon in (self.enrollee, self.configurator):
            daemon.events = []
        before = [schedstat_ms(d.process.pid) for d in (self.configurator, self.enrollee)]
        started = time.perf_counter()
        self.configurator.ok(f"DPP_AUTH_INIT peer={self.peer} tcp_addr=127.0.0.1 neg_freq=2437 role=configurator "
                             f"conf=sta-psk ssid={hexed('bench')} pass={hexed('bench pass')} "
                             f"configurator={self.configurator_id}")
        self.enrollee.wait_event("DPP-CONF-RECEIVED")
        self.configurator.wait_event("DPP-CONF-SENT")
        wall = (time.perf_counter() - started) * 1000
        after = [schedstat_ms(d.process.pid) for d in (self.configurator, self.enrollee)]
        return wall, after[0] - before[0], after[1] - before[1]

    def stop(self):
        self.enrollee.stop()
        self.configurator.stop()


def main():
    binary = os.path.join(os.environ["SWITCHBOARD_BIN_DIR"], "switchboard-dpp")
    with tempfile.TemporaryDirectory(prefix="switchboard-bench-dpp-") as work:
        ours, theirs = OurPair(binary, work), HostapPair(work)
        try:
            results = {"ours": [], "theirs": [], "startup": []}
            for _ in range(ROUNDS):
                results["ours"].append(ours.round())
                results["theirs"].append(theirs.round())
                results["startup"].append(ours.startup())
        finally:
            theirs.stop()

    def medians(rows):
        return [statistics.median(column) for column in zip(*rows)]

    print(f"DPP over TCP on loopback: P-256, configurator initiates, passphrase; medians of {ROUNDS} rounds")
    print(f"{'pair':44} {'wall ms':>8} {'CPU ms configurator':>20} {'CPU ms enrollee':>16}")
    wall, configurator, enrollee = medians(results["ours"])
    print(f"{'switchboard-dpp -> switchboard-dpp':44} {wall:8.2f} {configurator:20.2f} {enrollee:16.2f}")
    wall, cpu = medians(results["startup"])
    print(f"{'  (one switchboard-dpp start-up, --version)':44} {wall:8.2f} {cpu:20.2f}")
    wall, configurator, enrollee = medians(results["theirs"])
    print(f"{'hostapd -> wpa_supplicant (daemons running)':44} {wall:8.2f} {configurator:20.2f} {enrollee:16.2f}")
    print("switchboard-dpp figures are whole processes: each includes one start-up (the --version row).")


def in_private_namespace():
    """Re-runs this script inside a fresh network namespace with lo up; returns its exit code."""
    name = f"sbbench-dpp-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        return subprocess.run(["ip", "netns", "exec", name, sys.executable, *sys.argv],
                              env={**os.environ, "DPP_BENCH_IN_NETNS": "1"}).returncode
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False)


if __name__ == "__main__":
    if os.environ.get("DPP_BENCH_IN_NETNS"):
        main()
    else:
        sys.exit(in_private_namespace())
