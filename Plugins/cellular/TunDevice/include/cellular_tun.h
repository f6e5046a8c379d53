/* TUN interfaces for the simulated modems: the ioctls Swift cannot call
 * (ioctl is variadic).  Each returns 0 or -errno. */
#ifndef SWITCHBOARD_CELLULAR_TUN_H
#define SWITCHBOARD_CELLULAR_TUN_H

/* Creates (or attaches to) TUN interface `name`; returns its fd or -errno. */
int cellular_tun_open(const char *name);
/* Sets the IPv4 address and prefix of `name` and brings it up (up != 0) or
 * down.  `address` may be NULL when bringing it down. */
int cellular_tun_configure(const char *name, const char *address, int prefix_length, int up);

#endif
