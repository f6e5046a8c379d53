#ifndef SWITCHBOARD_CNETLINK_GENL_SHIM_H
#define SWITCHBOARD_CNETLINK_GENL_SHIM_H
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#endif
