#!/usr/bin/python3
"""Benchmark: DPP over the air, from starting provisioning to the enrollee on
the network, switchboardd against hostapd + wpa_supplicant, in one VM run
with simulated radios.

    make bench-provisioning     # or, with a build at hand:
    SWITCHBOARD_BIN_DIR=$(swift build -c release --show-bin-path) /usr/bin/python3 bench/provisioning_air.py

Run from the host, it boots the project's VM (Tests/vm/vm_run.py, 3 radios)
and runs itself inside, with the lab of Tests/wifi: hostapd on radio 1 (its
own namespace, WPA2-PSK "sb-dpp" on channel 6, DHCP, DNS and the online-check
endpoint), switchboardd (wifi + dpp plugins, its own private bus) on wlan0,
wpa_supplicant (dpp_config_processing=2) on wlan2 in a namespace of its own.  ROUNDS times (default 5)
each, alternating ours and the reference:

  enrollee      ours: StartEnrollee(), hostapd (AP + configurator) is given
                the URI and runs DPP_AUTH_INIT -> the service "ready" (its
                DHCP lease in) and "online".
                reference: wpa_supplicant DPP_LISTEN, hostapd likewise ->
                wpa_supplicant connected, then a DHCP lease (busybox udhcpc
                started at once on connect), the reference's "ready".
  configurator  the enrollee is wpa_supplicant listening on channel 6 with a
                fresh URI; ours: switchboardd (connected to the AP)
                ConfigureEnrollee(uri); reference: hostapd DPP_AUTH_INIT with
                that URI -> wpa_supplicant connected.

Times from the first call to the state, in ms; medians at the end, and the
ratio ours / reference.  Under TCG single rounds vary: read the medians.
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ROUNDS = int(os.environ.get("ROUNDS", "5"))
TIMEOUT = 40.0


def run_in_vm():
    bin_dir = os.environ.get("SWITCHBOARD_BIN_DIR")
    if not bin_dir or not os.path.exists(os.path.join(bin_dir, "switchboardd")):
        raise SystemExit("set SWITCHBOARD_BIN_DIR to the directory of a switchboardd build (swift build --show-bin-path)")
    command = [sys.executable, os.path.join(REPO, "Tests", "vm", "vm_run.py"), "--radios", "3",
               "--timeout", str(120 + ROUNDS * 4 * TIMEOUT), "--cwd", REPO,
               "--env", f"SWITCHBOARD_BIN_DIR={os.path.abspath(bin_dir)}", "--env", f"ROUNDS={ROUNDS}",
               "--", "/usr/bin/python3", os.path.abspath(__file__)]
    return subprocess.run(command).returncode


if os.environ.get("SWITCHBOARD_VM") != "1":
    sys.exit(run_in_vm())

# In the VM from here on.
sys.path[:0] = [os.path.join(REPO, "Tests", "wifi"), os.path.join(REPO, "Tests", "integration")]
from access_point import BSS, AccessPoint  # noqa: E402
from commands import run  # noqa: E402
from daemon_support import Daemon, PrivateBus, wait_until  # noqa: E402
from hostap import hexed  # noqa: E402
from radios import discover  # noqa: E402
from station import Supplicant, dhcp_lease  # noqa: E402
from wifi_daemon import WifiDaemon, identifier, provisioning  # noqa: E402

NETWORK = BSS("sb-dpp", passphrase="dpp over the air")
FREQUENCY = 2437
SERVICE = identifier(NETWORK.ssid, "psk")
REFERENCE_NETNS = "sbbench-reference"


def ms(start, end):
    return (end - start) * 1000


class Ours:
    """switchboardd on wlan0 with the wifi and dpp plugins."""

    def __init__(self, work, ap):
        os.makedirs(work)
        self.bus = PrivateBus(work)
        self.wifi = WifiDaemon(lambda args, config: Daemon(os.environ["SWITCHBOARD_BIN_DIR"], self.bus, work, args,
                                                           config),
                               os.environ["SWITCHBOARD_BIN_DIR"], work, frequency=FREQUENCY,
                               online_url=ap.online_url, plugins=("wifi", "dpp"))
        self.dpp, _ = provisioning(self.wifi, "net.connman.iwd.DeviceProvisioning")

    def state_times(self, start, *states):
        """When the service reached each of `states` (polled every 10 ms)."""
        found = {}
        deadline = start + TIMEOUT
        while len(found) < len(states):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {states} within {TIMEOUT:.0f} s: {self.wifi.services().get(SERVICE)}")
            state = str(self.wifi.services().get(SERVICE, {}).get("State", ""))
            now = time.monotonic()
            for wanted in states:
                if wanted not in found and (state == wanted or wanted == "ready" and state == "online"):
                    found[wanted] = now
            time.sleep(0.01)
        return [found[state] for state in states]

    def forget(self):
        """Removes the network (disconnecting) so the next round starts from scratch."""
        self.wifi.service(SERVICE).Remove()
        if not wait_until(lambda: str(self.wifi.services().get(SERVICE, {}).get("State", "idle")) == "idle", 10):
            raise AssertionError(f"still connected after Remove(): {self.wifi.services().get(SERVICE)}")

    def stop(self):
        self.wifi.daemon.stop()
        self.bus.stop()


def authorize(hostapd, configurator, uri):
    peer = hostapd.number(f"DPP_QR_CODE {uri}")
    hostapd.ok(f"DPP_AUTH_INIT peer={peer} configurator={configurator} conf=sta-psk "
               f"ssid={hexed(NETWORK.ssid)} pass={hexed(NETWORK.passphrase)}")


def enrollee_listening(supplicant, radio):
    supplicant.events.clear()
    bootstrap = supplicant.number(f"DPP_BOOTSTRAP_GEN type=qrcode chan=81/6 mac={radio.address.replace(':', '')}")
    uri = supplicant.request(f"DPP_BOOTSTRAP_GET_URI {bootstrap}")
    supplicant.ok(f"DPP_LISTEN {FREQUENCY}")
    return uri


def connected(supplicant):
    supplicant.wait_connected(timeout=TIMEOUT)
    return time.monotonic()


def reset(supplicant, radio):
    for command in ("DPP_STOP_LISTEN", "REMOVE_NETWORK all", "DPP_BOOTSTRAP_REMOVE *"):
        supplicant.request(command)
    if not wait_until(lambda: supplicant.status().get("wpa_state") in ("DISCONNECTED", "INACTIVE", "SCANNING"), 10):
        raise AssertionError(f"wpa_supplicant still connected: {supplicant.status()}")
    supplicant.settle(0.3)  # events of this round still queued must not end the next one's wait


def main():
    work = "/tmp/sbbench-provisioning"
    run("rm", "-rf", work)
    os.makedirs(work)
    radios = discover()
    ap = AccessPoint(radios[1], [NETWORK], work, channel=6)
    ours = supplicant = None
    results = {key: [] for key in ("ours enrollee ready", "ours enrollee online", "ref enrollee connected",
                                   "ref enrollee lease", "ours configurator", "ref configurator")}
    try:
        hostapd = ap.controls[0]
        configurator = hostapd.number("DPP_CONFIGURATOR_ADD")
        ours = Ours(os.path.join(work, "ours"), ap)
        # In a namespace of its own: in ours, the kernel would answer ARP for our address on its interface too.
        run("ip", "netns", "add", REFERENCE_NETNS)
        radios[2].move_to(REFERENCE_NETNS)
        supplicant = Supplicant(radios[2].interface, work, [], netns=REFERENCE_NETNS, frequencies=(FREQUENCY,),
                                extra=("dpp_config_processing=2",))
        for index in range(ROUNDS):
            start = time.monotonic()
            authorize(hostapd, configurator, str(ours.dpp.StartEnrollee()))
            ready, online = ours.state_times(start, "ready", "online")
            results["ours enrollee ready"].append(ms(start, ready))
            results["ours enrollee online"].append(ms(start, online))
            if index < ROUNDS - 1:
                ours.forget()

            uri = enrollee_listening(supplicant, radios[2])
            start = time.monotonic()
            authorize(hostapd, configurator, uri)
            results["ref enrollee connected"].append(ms(start, connected(supplicant)))
            dhcp_lease(radios[2].interface, work, netns=REFERENCE_NETNS, timeout=TIMEOUT)
            results["ref enrollee lease"].append(ms(start, time.monotonic()))
            reset(supplicant, radios[2])
            print(f"enrollee round {index + 1}: " + ", ".join(f"{key} {values[-1]:.0f}"
                                                            for key, values in results.items() if values), flush=True)
        # The daemon stays connected after its last enrollee round: now it configures.
        for index in range(ROUNDS):
            uri = enrollee_listening(supplicant, radios[2])
            start = time.monotonic()
            ours.dpp.ConfigureEnrollee(uri)
            results["ours configurator"].append(ms(start, connected(supplicant)))
            reset(supplicant, radios[2])

            uri = enrollee_listening(supplicant, radios[2])
            start = time.monotonic()
            authorize(hostapd, configurator, uri)
            results["ref configurator"].append(ms(start, connected(supplicant)))
            reset(supplicant, radios[2])
            print(f"configurator round {index + 1}: ours {results['ours configurator'][-1]:.0f}, "
                  f"ref {results['ref configurator'][-1]:.0f}", flush=True)
    except BaseException:
        if ours is not None:
            print("switchboardd's log:\n" + ours.wifi.daemon.log()[-6000:])
        raise
    finally:
        for thing in (supplicant, ours, ap):
            if thing is not None:
                thing.stop()
    median = {key: statistics.median(values) for key, values in results.items()}
    print(f"\nmedians over {ROUNDS} rounds (ms):")
    for key, value in median.items():
        print(f"  {key:24} {value:7.0f}")
    print(f"enrollee: ours ready / reference connected+lease = "
          f"{median['ours enrollee ready'] / median['ref enrollee lease']:.2f}; "
          f"ours online / reference connected+lease = "
          f"{median['ours enrollee online'] / median['ref enrollee lease']:.2f}")
    print(f"configurator: ours / reference = {median['ours configurator'] / median['ref configurator']:.2f}")


main()
