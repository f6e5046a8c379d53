"""`make demo`: switchboardd's main job in one command, on a lab of its own.

A cable (veth) to a network with a DHCP server, router advertisements and an
online-check endpoint; a simulated cellular modem beside it; Debian's
connmanctl, unchanged, holding a session that prefers the cable.  The script
plugs the cable in, pulls it out and plugs it back, while connmanctl prints
the session's Updates.  Everything runs in two network namespaces and on a
private bus, and is removed at the end.

Usage (root): demo.py BIN_DIR   (where switchboardd and the plugins were built)"""
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
from lab import CHECK_URL, Lab  # noqa: E402
from private_bus import private_bus  # noqa: E402

CONFIG = f"""[General]
OnlineCheckURL={CHECK_URL}
[cellular]
Modems=1
Tun=yes
Interface=wwan
Operator=Demo Mobile
"""


def say(text):
    print(f"\n\033[1m==> {text}\033[0m", flush=True)


class Connmanctl:
    """connmanctl's interactive shell; its output is echoed as it comes."""

    def __init__(self, bus_address):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus_address)
        self.shell = subprocess.Popen(["connmanctl"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.output = []
        threading.Thread(target=self._echo, daemon=True).start()

    def _echo(self):
        for line in self.shell.stdout:
            line = line.replace("connmanctl> ", "").replace("\x1b[K", "").rstrip()
            if line.strip():
                self.output.append(line)
                print(f"    connmanctl | {line}", flush=True)

    def send(self, command):
        print(f"    connmanctl > {command}", flush=True)
        self.shell.stdin.write(command + "\n")
        self.shell.stdin.flush()

    def mark(self):
        """Where the output stands now; `wait_for` looks only after a mark."""
        return len(self.output)

    def wait_for(self, text, since, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.output[since:]):
                return True
            time.sleep(0.05)
        print(f"    (no '{text}' within {timeout} s)")
        return False

    def close(self):
        if self.shell.poll() is None:
            self.send("quit")
            try:
                self.shell.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.shell.kill()


def main():
    if os.geteuid() != 0:
        sys.exit("make demo needs root (it creates network namespaces)")
    bin_dir = sys.argv[1]
    lab = Lab("sbdemo")
    shell = None
    try:
        plugins = os.path.join(lab.work, "plugins")
        os.makedirs(plugins)
        for name in ("ethernet", "cellular"):
            os.symlink(os.path.join(bin_dir, f"lib{name}.so"), os.path.join(plugins, f"{name}.so"))
        config = os.path.join(lab.work, "main.conf")
        with open(config, "w") as f:
            f.write(CONFIG)
        lab.start_peers()
        with private_bus() as (address, _):
            say("switchboardd with the ethernet and cellular plugins, in namespace sbdemo, cable unplugged")
            daemon = lab.spawn(lab.ns, [os.path.join(bin_dir, "switchboardd"), "--bus", address, "--config", config,
                               "--plugin-dir", plugins, "--state-dir", os.path.join(lab.work, "state")],
                      "switchboardd.log")
            time.sleep(1.0)
            shell = Connmanctl(address)
            say("a session that prefers the cable, then the modem")
            for command, answer in [("session on", "created"),
                                    ("session config bearers ethernet cellular", "AllowedBearers"),
                                    ("session connect", "State = online")]:
                since = shell.mark()
                shell.send(command)
                shell.wait_for(answer, since)

            for step, up, bearer in [("plugging the cable in: carrier, DHCP, router advertisement, online check",
                                      True, "ethernet"),
                                     ("pulling the cable out: the session fails over to the modem", False, "cellular"),
                                     ("plugging it back in: the session returns to the cable", True, "ethernet")]:
                say(step)
                since = shell.mark()
                lab.carrier(up)
                shell.wait_for(f"Bearer = {bearer}", since)
                shell.wait_for("State = online", since)
                if up:  # SLAAC's address comes a little later (duplicate address detection)
                    shell.wait_for("IPv6 = [ Address=fd00:77::", since, timeout=10)

            say("ending the session")
            since = shell.mark()
            shell.send("session off")
            shell.wait_for("ended", since)
            shell.close()
            say("switchboardd's log")
            daemon.terminate()
            daemon.wait(timeout=10)
            print("    " + lab.log("switchboardd.log").rstrip().replace("\n", "\n    "))
    finally:
        if shell:
            shell.close()
        lab.close()
        say("cleaned up: namespaces, bus and processes are gone")


if __name__ == "__main__":
    main()
