#ifndef SWITCHBOARD_CNETLINK_ROUTE_SHIM_H
#define SWITCHBOARD_CNETLINK_ROUTE_SHIM_H
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

/* Flags and constants Swift sees as macros of other types, re-exported. */
static const unsigned int SB_IFF_UP = IFF_UP;
static const unsigned int SB_IFF_LOWER_UP = IFF_LOWER_UP;
static const unsigned int SB_IFF_LOOPBACK = IFF_LOOPBACK;
static const unsigned int SB_ARPHRD_ETHER = ARPHRD_ETHER;
#endif
