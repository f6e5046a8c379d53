#ifndef SWITCHBOARD_CNL80211_SHIM_H
#define SWITCHBOARD_CNL80211_SHIM_H
/* The kernel's nl80211 numbers (commands, attributes, enums) only: no
 * library, so the pure message code stays free of libnl. */
#include <linux/nl80211.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#endif
