/* Sockets of the DHCPv4 client's adapter: what Swift cannot say simply
 * (sockaddr_ll, a classic BPF program, PACKET_AUXDATA control messages). */
#ifndef SWITCHBOARD_PACKET_SOCKET_H
#define SWITCHBOARD_PACKET_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* An AF_PACKET datagram socket on one link that receives only unfragmented
 * IPv4/UDP packets to port 68, with PACKET_AUXDATA on; non-blocking and
 * close-on-exec.  Returns the fd, or -errno. */
int sb_dhcp_packet_open(int ifindex);

/* Reads one packet into buf (the IPv4 header first).  *status receives
 * PACKET_AUXDATA's tp_status (0 without it).  Returns the packet's length
 * (truncated packets are reported as -EMSGSIZE), or -errno (-EAGAIN when
 * there is nothing to read). */
ssize_t sb_dhcp_packet_receive(int fd, uint8_t *buf, size_t len, uint32_t *status);

/* Sends an IPv4 packet to the link-layer broadcast address of ifindex.
 * Returns 0 or -errno. */
int sb_dhcp_packet_broadcast(int fd, int ifindex, const uint8_t *packet, size_t len);

/* A UDP socket on port 68 bound to the link named ifname (SO_BINDTODEVICE),
 * for the unicast REQUEST and RELEASE of a client that has an address.
 * Non-blocking and close-on-exec.  Returns the fd, or -errno. */
int sb_dhcp_udp_open(const char *ifname);

/* Sends payload to server (IPv4, network byte order) port 67. Returns 0 or -errno. */
int sb_dhcp_udp_send(int fd, uint32_t server, const uint8_t *payload, size_t len);

/* An AF_PACKET datagram socket on one link receiving ARP packets, for
 * address conflict detection (RFC 5227).  Non-blocking, close-on-exec.
 * Returns the fd, or -errno. */
int sb_arp_open(int ifindex);

/* Broadcasts an ARP probe for target (IPv4, network byte order) from mac
 * (6 octets) with sender address 0.0.0.0.  Returns 0 or -errno. */
int sb_arp_probe(int fd, int ifindex, const uint8_t *mac, uint32_t target);

#endif
