"""A small network lab for the demo and the ethernet benchmark: two network
namespaces joined by a veth pair left at its default offload settings.

  NAME        eth0: where a connection daemon runs
  NAME-peer   peer0 on a bridge br0 (10.77.0.1/24, fd00:77::1/64) with
              Debian's dnsmasq serving DHCPv4 and router advertisements, and
              an HTTP endpoint that answers like ConnMan's online-check URL

Everything stays inside the two namespaces; `close()` removes them."""
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HTTP_ENDPOINT = os.path.join(REPO, "Tests", "integration", "http_endpoint.py")
PEER_ADDRESS = "10.77.0.1"
CHECK_URL = f"http://{PEER_ADDRESS}:8080/online/status.html"


def run(*command):
    subprocess.run(command, check=True, capture_output=True)


class Lab:
    def __init__(self, name):
        self.ns = name
        self.peer = f"{name}-peer"
        self.work = tempfile.mkdtemp(prefix=f"{name}-")
        self.processes = []
        for ns in (self.ns, self.peer):
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True)  # a leftover of an interrupted run
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "link", "add", "eth0", "netns", self.ns, "type", "veth", "peer", "name", "peer0", "netns", self.peer)
        # The far side is a switch: a bridge that stays up (a second, always-up
        # veth pair anchors its carrier) with the servers on it.  Plugging the
        # cable is peer0 joining it, as on a real switch port: the servers see
        # no interface change of their own.
        run("ip", "-n", self.peer, "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0")
        run("ip", "-n", self.peer, "link", "add", "anchor0", "type", "veth", "peer", "name", "anchor1")
        for port in ("peer0", "anchor0"):
            run("ip", "-n", self.peer, "link", "set", port, "master", "br0")
        for link in ("anchor0", "anchor1", "br0"):
            run("ip", "-n", self.peer, "link", "set", link, "up")
        run("ip", "-n", self.peer, "addr", "add", f"{PEER_ADDRESS}/24", "dev", "br0")
        run("ip", "-n", self.peer, "addr", "add", "fd00:77::1/64", "dev", "br0", "nodad")
        self.carrier(False)

    def carrier(self, up):
        """The cable: the peer's end up or down is carrier on or off at eth0."""
        run("ip", "-n", self.peer, "link", "set", "peer0", "up" if up else "down")

    def spawn(self, ns, command, log_name, env=None):
        log = open(os.path.join(self.work, log_name), "w")
        process = subprocess.Popen(["ip", "netns", "exec", ns, *command], stdout=log, stderr=subprocess.STDOUT,
                                   env=env)
        self.processes.append(process)
        return process

    def start_peers(self):
        """dnsmasq (DHCPv4, RAs) and the online-check endpoint on the peer side."""
        self.spawn(self.peer, ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
                               "--interface=br0", "--bind-interfaces", "--pid-file=",
                               f"--dhcp-leasefile={os.path.join(self.work, 'leases')}",
                               "--dhcp-range=10.77.0.50,10.77.0.150,255.255.255.0,1h",
                               f"--dhcp-option=option:router,{PEER_ADDRESS}",
                               f"--dhcp-option=option:dns-server,{PEER_ADDRESS}",
                               "--enable-ra", "--dhcp-range=fd00:77::,ra-only,64,1h",
                               # No ping before offering a new address: that 3 s
                               # wait would be most of any client's time here.
                               "--no-ping",
                               "--log-dhcp", f"--log-facility={os.path.join(self.work, 'dnsmasq.log')}"], "dnsmasq.out")
        self.spawn(self.peer, [sys.executable, HTTP_ENDPOINT, PEER_ADDRESS, "8080", "200", "X-ConnMan-Status: online"],
                   "http.log")

    def log(self, name):
        with open(os.path.join(self.work, name)) as f:
            return f.read()

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for ns in (self.ns, self.peer):
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)
