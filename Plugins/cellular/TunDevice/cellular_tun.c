#include "cellular_tun.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int cellular_tun_open(const char *name)
{
    if (name == NULL || strlen(name) >= IFNAMSIZ)
        return -EINVAL;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int err = -errno;
        close(fd);
        return err;
    }
    return fd;
}

static int set_address(int sock, const char *name, unsigned long request, struct in_addr value)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    sin->sin_family = AF_INET;
    sin->sin_addr = value;
    return ioctl(sock, request, &ifr) < 0 ? -errno : 0;
}

int cellular_tun_configure(const char *name, const char *address, int prefix_length, int up)
{
    if (name == NULL || strlen(name) >= IFNAMSIZ || prefix_length < 0 || prefix_length > 32)
        return -EINVAL;
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -errno;
    int err = 0;
    if (up && address != NULL) {
        struct in_addr addr, mask;
        if (inet_pton(AF_INET, address, &addr) != 1) {
            close(sock);
            return -EINVAL;
        }
        mask.s_addr = prefix_length == 0 ? 0 : htonl(0xffffffffu << (32 - prefix_length));
        err = set_address(sock, name, SIOCSIFADDR, addr);
        if (err == 0)
            err = set_address(sock, name, SIOCSIFNETMASK, mask);
    }
    if (err == 0) {
        struct ifreq ifr;
        memset(&ifr, 0, sizeof ifr);
        strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
        if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
            err = -errno;
        } else {
            if (up)
                ifr.ifr_flags |= IFF_UP;
            else
                ifr.ifr_flags &= ~IFF_UP;
            if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
                err = -errno;
        }
    }
    close(sock);
    return err;
}
