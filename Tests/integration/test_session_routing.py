"""Sessions on the ethernet bearer with a cellular modem beside it: failover
on carrier loss, return when the cable is back, and SourceIPRule's routing
table and rule following the session."""
import subprocess

from daemon_support import wait_until
from ethernet_support import dnsmasq, ip, peer, peer_processes, wired  # noqa: F401 (fixtures)
from sessions_support import Client, bearers

CONFIG = """[General]
OnlineCheckURL=http://10.99.0.1:8080/
OnlineCheckHeader=
[cellular]
Modems=1
Tun=yes
Interface=wwan
ConnectLatencyMs=0
"""
FIRST_TABLE = 0x5B00


def table(netns, number):
    return subprocess.run(["ip", "-n", netns, "route", "show", "table", str(number)],
                          capture_output=True, text=True).stdout


def source_rules(netns):
    return [line for line in ip(netns, "rule", "show").splitlines() if line.startswith("9000:")]


def online_wired_and_cellular(wired, dnsmasq, peer_processes, bus):
    net = wired(CONFIG, plugins=("ethernet", "cellular"))
    peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 200)
    dnsmasq("--dhcp-range=10.99.0.50,10.99.0.150,255.255.255.0,2m", "--dhcp-option=option:router,10.99.0.1")
    net.start()
    assert wait_until(lambda: net.state() == "online", timeout=15), net.daemon.log()
    return net, Client(bus)


def test_carrier_loss_fails_over_to_cellular_and_the_cable_wins_back(wired, dnsmasq, peer_processes, bus):
    net, client = online_wired_and_cellular(wired, dnsmasq, peer_processes, bus)
    session = client.create({"AllowedBearers": bearers("ethernet", "cellular"), "ConnectionType": "internet"})
    session.proxy.Connect()
    session.notifier.wait_for("Bearer", "ethernet")
    session.notifier.wait_for("State", "online")

    ip(net.peer, "link", "set", "peer0", "down")
    session.notifier.wait_for("Bearer", "cellular", timeout=5)
    session.notifier.wait_for("State", "online")
    assert session.notifier.current()["Interface"] == "wwan0"

    ip(net.peer, "link", "set", "peer0", "up")
    session.notifier.wait_for("Bearer", "ethernet", timeout=15)
    session.notifier.wait_for("State", "online")
    assert session.notifier.current()["Interface"] == "eth0"


def test_without_a_fallback_carrier_loss_disconnects_the_session(wired, dnsmasq, peer_processes, bus):
    net, client = online_wired_and_cellular(wired, dnsmasq, peer_processes, bus)
    session = client.create({"AllowedBearers": bearers("ethernet")})
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")
    ip(net.peer, "link", "set", "peer0", "down")
    session.notifier.wait_for("State", "disconnected", timeout=5)
    ip(net.peer, "link", "set", "peer0", "up")
    session.notifier.wait_for("State", "online", timeout=15)


def test_source_ip_rule_follows_the_session_and_goes_with_it(wired, dnsmasq, peer_processes, bus):
    net, client = online_wired_and_cellular(wired, dnsmasq, peer_processes, bus)
    plain = client.create({"AllowedBearers": bearers("ethernet")}, notifier_path="/plain")
    session = client.create({"AllowedBearers": bearers("ethernet", "cellular"), "SourceIPRule": True})
    session.proxy.Connect()
    session.notifier.wait_for("Bearer", "ethernet")
    plain.notifier.wait_for("State", "online")
    address = str(session.notifier.current()["IPv4"]["Address"])
    assert wait_until(lambda: source_rules(net.netns) == [f"9000:\tfrom {address} lookup {FIRST_TABLE}"]), \
        ip(net.netns, "rule", "show") + net.daemon.log()
    assert "default via 10.99.0.1 dev eth0" in table(net.netns, FIRST_TABLE)
    # The kernel really routes by it: traffic from the session's address uses the session's table.
    assert f"table {FIRST_TABLE}" in ip(net.netns, "route", "get", "192.0.2.200", "from", address)

    ip(net.peer, "link", "set", "peer0", "down")
    session.notifier.wait_for("Bearer", "cellular", timeout=5)
    assert wait_until(lambda: source_rules(net.netns) == [f"9000:\tfrom 192.0.2.10 lookup {FIRST_TABLE}"]), \
        ip(net.netns, "rule", "show")
    assert "default via 192.0.2.1 dev wwan0" in table(net.netns, FIRST_TABLE)

    session.change("SourceIPRule", False)
    assert wait_until(lambda: source_rules(net.netns) == []), ip(net.netns, "rule", "show")
    session.change("SourceIPRule", True)
    assert wait_until(lambda: len(source_rules(net.netns)) == 1)

    client.manager.DestroySession(session.path)
    assert wait_until(lambda: source_rules(net.netns) == []), ip(net.netns, "rule", "show")
    assert table(net.netns, FIRST_TABLE).strip() == ""
