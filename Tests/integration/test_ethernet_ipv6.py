"""IPv6 from router advertisements across a disconnect on the ethernet bearer,
against a router on the far end of the cable that advertises a prefix only
when solicited (ra_responder.py), and dnsmasq for DHCPv4."""
import subprocess

from daemon_support import configured_ipv6, wait_until
from ethernet_support import dnsmasq, ip, peer, peer_processes, wired  # noqa: F401 (fixtures)

DHCP_OPTIONS = ("--dhcp-range=10.99.0.50,10.99.0.150,255.255.255.0,2m",)


def sysctl(net, key):
    return int(subprocess.run(["ip", "netns", "exec", net.netns, "cat", f"/proc/sys/net/ipv6/conf/eth0/{key}"],
                              check=True, capture_output=True, text=True).stdout)


def ipv6(net):
    """The service's IPv6 once it has both an address and a gateway."""
    return configured_ipv6(net.properties()["IPv6"])


def solicitations(router):
    return sum(line.startswith("RS ") for line in router.lines)


def test_a_disconnect_takes_out_what_advertisements_made_and_a_connect_solicits_them_again(
        wired, dnsmasq, peer_processes):
    net = wired()
    ip(net.peer, "addr", "add", "fd00:99::1/64", "dev", "peer0", "nodad")
    dnsmasq(*DHCP_OPTIONS)
    router = peer_processes(net.peer, "ra_responder.py", "peer0", "fd00:99::/64")
    net.start()
    assert wait_until(lambda: ipv6(net), timeout=15), net.daemon.log() + "\n".join(router.lines)
    slaac = str(ipv6(net)["Address"])
    assert slaac.startswith("fd00:99::")
    # An address of the user's own in the advertised prefix: not the routers' to take.
    ip(net.netns, "addr", "add", "fd00:99::abcd/64", "dev", "eth0", "nodad")
    link_local = [line.split()[1] for line in ip(net.netns, "-6", "addr", "show", "dev", "eth0").splitlines()
                  if "scope link" in line]
    assert link_local

    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle", timeout=5), net.daemon.log()
    addresses = ip(net.netns, "-6", "addr", "show", "dev", "eth0")
    routes = ip(net.netns, "-6", "route", "show", "dev", "eth0")
    assert slaac not in addresses, addresses
    assert "fd00:99::abcd/64" in addresses and "fd00:99::/64" in routes, \
        "the user's address and its prefix route stay\n" + addresses + routes
    assert "default" not in routes, routes
    assert [line.split()[1] for line in addresses.splitlines() if "scope link" in line] == link_local, \
        "IPv6 stays on: the link-local address is kept\n" + addresses
    assert (sysctl(net, "disable_ipv6"), sysctl(net, "accept_ra")) == (0, 0)
    assert dict(net.properties()["IPv6"]) == {}

    # The routers are asked at once: without a solicitation the next
    # unsolicited advertisement could be minutes away (this router sends
    # none, and this kernel, whose carrier stayed up, solicits nothing).
    ip(net.netns, "addr", "del", "fd00:99::abcd/64", "dev", "eth0")
    before = solicitations(router)
    net.service().Connect(timeout=15)
    assert wait_until(lambda: ipv6(net), timeout=8), net.daemon.log() + "\n".join(router.lines)
    assert solicitations(router) > before, router.lines
    assert str(ipv6(net)["Address"]) in ip(net.netns, "-6", "addr", "show", "dev", "eth0")
    assert "default via fe80::" in ip(net.netns, "-6", "route", "show", "dev", "eth0")


def test_an_address_added_by_hand_between_connects_is_the_services(wired, dnsmasq):
    # No router: the disconnect leaves the link with nothing from one, which
    # lets the next connect skip reading the link.  An address the user adds
    # meanwhile (the kernel tells the daemon before this Connect reaches it)
    # makes it read the link after all.
    net = wired()
    dnsmasq(*DHCP_OPTIONS)
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log()
    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle", timeout=5), net.daemon.log()
    assert dict(net.properties()["IPv6"]) == {}

    ip(net.netns, "addr", "add", "fd00:77::5/64", "dev", "eth0", "nodad")
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=5), net.daemon.log()
    assert wait_until(lambda: net.properties()["IPv6"].get("Address") == "fd00:77::5", timeout=3), \
        dict(net.properties()["IPv6"])
