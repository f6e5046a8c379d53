"""DHCPv4 and IPv6 router advertisements on the ethernet bearer, against
Debian's dnsmasq on the far end of a veth pair left at its default offload
settings (received UDP checksums not filled in)."""
import os

import pytest

from conftest import wait_until
from ethernet_support import Dnsmasq, ip, peer, wired  # noqa: F401 (fixtures)

DHCP_OPTIONS = ("--dhcp-range=10.99.0.50,10.99.0.150,255.255.255.0,2m",
                "--dhcp-option=option:router,10.99.0.1",
                "--dhcp-option=option:dns-server,10.99.0.53,10.99.0.54",
                "--dhcp-option=option:domain-name,lab.test")


@pytest.fixture
def dnsmasq(peer, workdir):
    servers = []

    def start(*options):
        server = Dnsmasq(peer, workdir, *options)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()


def leases(workdir):
    """dnsmasq's lease file: {mac: address}."""
    try:
        with open(os.path.join(workdir, "dnsmasq.leases")) as f:
            return {line.split()[1]: line.split()[2] for line in f if line.strip()}
    except FileNotFoundError:
        return {}


def test_dhcp_lease_and_router_advertisement_configure_the_service(wired, dnsmasq, workdir):
    net = wired()
    ip(net.peer, "addr", "add", "fd00:99::1/64", "dev", "peer0", "nodad")
    server = dnsmasq(*DHCP_OPTIONS, "--enable-ra", "--dhcp-range=fd00:99::,ra-only,64,2m")
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log() + server.log()
    mac = ip(net.netns, "-br", "link", "show", "dev", "eth0").split()[2]
    assert wait_until(lambda: mac in leases(workdir)), server.log()
    leased = leases(workdir)[mac]

    props = net.properties()
    ipv4 = props["IPv4"]
    assert (ipv4["Method"], ipv4["Address"], ipv4["Netmask"], ipv4["Gateway"]) == \
        ("dhcp", leased, "255.255.255.0", "10.99.0.1")
    assert list(props["Nameservers"])[:2] == ["10.99.0.53", "10.99.0.54"]
    assert list(props["Domains"]) == ["lab.test"]
    assert f"inet {leased}/24" in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert "default via 10.99.0.1 dev eth0" in ip(net.netns, "-4", "route", "show", "default")
    assert "metric 100" in ip(net.netns, "-4", "route", "show", "default")

    def ipv6():
        settings = net.properties()["IPv6"]
        return settings if "Address" in settings and "Gateway" in settings else None
    assert wait_until(ipv6, timeout=15), net.daemon.log() + server.log()
    settings = ipv6()
    assert str(settings["Address"]).startswith("fd00:99::") and int(settings["PrefixLength"]) == 64
    assert str(settings["Gateway"]).startswith("fe80::")
    assert str(settings["Address"]) in ip(net.netns, "-6", "addr", "show", "dev", "eth0")
