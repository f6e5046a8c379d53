#ifndef SWITCHBOARD_CNETLINK_ROUTE_SHIM_H
#define SWITCHBOARD_CNETLINK_ROUTE_SHIM_H
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#endif
