#ifndef SWITCHBOARD_CLTDL_SHIM_H
#define SWITCHBOARD_CLTDL_SHIM_H
#include <ltdl.h>
#endif
