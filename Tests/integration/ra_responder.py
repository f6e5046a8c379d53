"""A router that advertises only when asked, for tests of router
solicitations: dnsmasq also advertises unsolicited (often, in its first
minute), so a host could get its prefix without ever asking.  Run inside the
peer namespace:  ra_responder.py IFNAME PREFIX/64

It answers each router solicitation on IFNAME with an advertisement to all
nodes: a default router (lifetime 1800 s) and PREFIX, on-link and for
autoconfiguration (lifetimes 600 s).  It prints "ready" once listening, then
"RS <source>" per solicitation."""
import ipaddress
import socket
import struct
import sys

ROUTER_SOLICITATION, ROUTER_ADVERTISEMENT = 133, 134


def advertisement(prefix):
    # Hop limit 64, no flags, router lifetime, reachable time and retransmit timer unspecified.
    message = struct.pack("!BBHBBHII", ROUTER_ADVERTISEMENT, 0, 0, 64, 0, 1800, 0, 0)
    # Prefix information: length 4 (x 8 octets), on-link and autonomous, valid and preferred lifetimes.
    return message + struct.pack("!BBBBIII", 3, 4, prefix.prefixlen, 0xC0, 600, 600, 0) + prefix.network_address.packed


def main():
    interface, prefix = sys.argv[1], ipaddress.IPv6Network(sys.argv[2])
    index = socket.if_nametoindex(interface)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                    socket.inet_pton(socket.AF_INET6, "ff02::2") + struct.pack("@I", index))
    # RFC 4861 §6.1.2: a host drops an advertisement whose hop limit is not 255.
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    answer = advertisement(prefix)
    print("ready", flush=True)
    while True:
        message, (source, *_) = sock.recvfrom(2048)
        if len(message) >= 8 and message[0] == ROUTER_SOLICITATION and message[1] == 0:
            print(f"RS {source}", flush=True)
            sock.sendto(answer, ("ff02::1", 0, 0, index))


if __name__ == "__main__":
    main()
