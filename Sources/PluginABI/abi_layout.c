/* Compiles the ABI header (and so its layout asserts) in every build.  The
 * host imports the header through this target; nothing here is linked into
 * plugins, which need the header alone. */
#include "switchboard/plugin.h"
