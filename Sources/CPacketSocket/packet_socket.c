#include "packet_socket.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DHCP_CLIENT_PORT 68
#define DHCP_SERVER_PORT 67

/* Accept IPv4 UDP, first fragment only, destination port 68.  The packet
 * starts at the IPv4 header (SOCK_DGRAM strips the link layer). */
static struct sock_filter dhcp_client_filter[] = {
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),                        /* A = protocol */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 6),
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6),                        /* A = flags, fragment offset */
    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 4, 0),           /* a later fragment: drop */
    BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),                       /* X = header length */
    BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),                        /* A = UDP destination port */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, DHCP_CLIENT_PORT, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, 0x40000),                           /* keep (up to 256 KiB) */
    BPF_STMT(BPF_RET | BPF_K, 0),                                 /* drop */
};

/* Binds a packet socket to one link and EtherType; closes it on failure. */
static int bind_to_link(int fd, int ifindex, uint16_t ethertype) {
    struct sockaddr_ll address = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ethertype),
        .sll_ifindex = ifindex,
    };
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

/* Sends a frame's payload to the link-layer broadcast address. */
static int send_broadcast(int fd, int ifindex, uint16_t ethertype, const void *payload, size_t len) {
    struct sockaddr_ll address = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ethertype),
        .sll_ifindex = ifindex,
        .sll_halen = ETH_ALEN,
    };
    memset(address.sll_addr, 0xff, ETH_ALEN);
    if (sendto(fd, payload, len, 0, (struct sockaddr *)&address, sizeof address) < 0) return -errno;
    return 0;
}

int sb_dhcp_packet_open(int ifindex) {
    /* Protocol 0 receives nothing until bind, so no packet can slip in
     * before the filter is attached. */
    int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    struct sock_fprog program = {
        .len = sizeof dhcp_client_filter / sizeof dhcp_client_filter[0],
        .filter = dhcp_client_filter,
    };
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) < 0 ||
        setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &on, sizeof on) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return bind_to_link(fd, ifindex, ETH_P_IP);
}

ssize_t sb_dhcp_packet_receive(int fd, uint8_t *buf, size_t len, uint32_t *status) {
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } control;
    struct iovec vector = { .iov_base = buf, .iov_len = len };
    struct msghdr message = {
        .msg_iov = &vector,
        .msg_iovlen = 1,
        .msg_control = &control,
        .msg_controllen = sizeof control,
    };
    *status = 0;
    ssize_t received = recvmsg(fd, &message, MSG_DONTWAIT);
    if (received < 0) return -errno;
    if (message.msg_flags & MSG_TRUNC) return -EMSGSIZE;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA &&
            c->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
            struct tpacket_auxdata auxdata;
            memcpy(&auxdata, CMSG_DATA(c), sizeof auxdata);
            *status = auxdata.tp_status;
        }
    }
    return received;
}

int sb_dhcp_packet_broadcast(int fd, int ifindex, const uint8_t *packet, size_t len) {
    return send_broadcast(fd, ifindex, ETH_P_IP, packet, len);
}

int sb_dhcp_udp_open(const char *ifname) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int on = 1;
    struct sockaddr_in address = {
        .sin_family = AF_INET,
        .sin_port = htons(DHCP_CLIENT_PORT),
        .sin_addr.s_addr = htonl(INADDR_ANY),
    };
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0 ||
        bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int sb_dhcp_udp_send(int fd, uint32_t server, const uint8_t *payload, size_t len) {
    struct sockaddr_in address = {
        .sin_family = AF_INET,
        .sin_port = htons(DHCP_SERVER_PORT),
        .sin_addr.s_addr = server,
    };
    if (sendto(fd, payload, len, 0, (struct sockaddr *)&address, sizeof address) < 0) return -errno;
    return 0;
}

int sb_arp_open(int ifindex) {
    int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    return bind_to_link(fd, ifindex, ETH_P_ARP);
}

int sb_arp_probe(int fd, int ifindex, const uint8_t *mac, uint32_t target) {
    /* RFC 826 over Ethernet: hardware 1, protocol IPv4, lengths 6 and 4, request. */
    uint8_t packet[28] = { 0, 1, 8, 0, 6, 4, 0, ARPOP_REQUEST };
    memcpy(packet + 8, mac, 6);            /* sender hardware address */
    memset(packet + 14, 0, 4);             /* sender protocol address: a probe claims nothing */
    memset(packet + 18, 0, 6);             /* target hardware address: unknown */
    memcpy(packet + 24, &target, 4);       /* target protocol address */
    return send_broadcast(fd, ifindex, ETH_P_ARP, packet, sizeof packet);
}
