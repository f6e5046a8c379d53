/*
 * faulty.c: one source, many broken (or minimal) plugins for the loader tests.
 *
 * Build one variant per FAULT, naming the file after PLUGIN_NAME:
 *   gcc -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror \
 *       -I Sources/PluginABI/include -DFAULT=BAD_MAGIC \
 *       -DPLUGIN_NAME='"faulty-bad-magic"' -o faulty-bad-magic.so faulty.c
 * FAULT takes a name below or its number.
 */
#define OK               0 /* valid plugin: logs "faulty ok init", registers nothing */
#define BAD_MAGIC        1 /* descriptor magic is wrong                 -> refused */
#define OTHER_MAJOR      2 /* descriptor says ABI 2.0                   -> refused */
#define NEWER_MINOR      3 /* descriptor says ABI 1.(SB_ABI_MINOR+1)    -> refused */
#define SMALL_DESCRIPTOR 4 /* descriptor struct_size is 24              -> refused */
#define NO_ENTRY         5 /* exports only a differently named function -> refused */
#define INIT_FAILS       6 /* plugin_init logs "faulty init failing", returns -EIO */
#define NAME_MISMATCH    7 /* descriptor name is not PLUGIN_NAME        -> refused */
#define BAD_OPS_MAGIC    8 /* bearer_ops magic is wrong                 -> refused */

#ifndef FAULT
#define FAULT OK
#endif
#ifndef PLUGIN_NAME
#define PLUGIN_NAME "faulty"
#endif

#include <errno.h>
#include <stddef.h>

#include <switchboard/plugin.h>

/* Header fields of the descriptor, bent by FAULT. */
#if FAULT == BAD_MAGIC
#define DESCRIPTOR_MAGIC 0x46554e4bu /* "FUNK" */
#else
#define DESCRIPTOR_MAGIC SB_MAGIC_PLUGIN_DESCRIPTOR
#endif

#if FAULT == OTHER_MAJOR
#define DESCRIPTOR_MAJOR 2
#define DESCRIPTOR_MINOR 0
#elif FAULT == NEWER_MINOR
#define DESCRIPTOR_MAJOR SB_ABI_MAJOR
#define DESCRIPTOR_MINOR (SB_ABI_MINOR + 1)
#else
#define DESCRIPTOR_MAJOR SB_ABI_MAJOR
#define DESCRIPTOR_MINOR SB_ABI_MINOR
#endif

#if FAULT == SMALL_DESCRIPTOR
#define DESCRIPTOR_SIZE 24u
#else
#define DESCRIPTOR_SIZE ((uint32_t)sizeof(sb_plugin_descriptor))
#endif

#if FAULT == NAME_MISMATCH
/* Still a valid name, so the loader reports the mismatch, not the syntax. */
#define DESCRIPTOR_NAME PLUGIN_NAME "x"
#else
#define DESCRIPTOR_NAME PLUGIN_NAME
#endif

#if FAULT == BAD_OPS_MAGIC
#define OPS_MAGIC SB_MAGIC_DEVICE_INFO /* a real magic, of the wrong struct */
#else
#define OPS_MAGIC SB_MAGIC_BEARER_OPS
#endif

static int faulty_init(const sb_host_api *host, void **ctx)
{
    *ctx = NULL;
#if FAULT == INIT_FAILS
    host->log(host->host, SB_LOG_ERROR, "faulty init failing");
    return -EIO;
#else
    host->log(host->host, SB_LOG_INFO, "faulty ok init");
    return 0;
#endif
}

static void faulty_exit(void *ctx)
{
    (void)ctx;
}

/* Every op NULL: the host answers -EOPNOTSUPP for them. */
static const sb_bearer_ops faulty_ops = {
    .header = { OPS_MAGIC, SB_ABI_MAJOR, SB_ABI_MINOR, (uint32_t)sizeof(sb_bearer_ops), 0u },
};

static const sb_plugin_descriptor faulty_descriptor = {
    .header = { DESCRIPTOR_MAGIC, DESCRIPTOR_MAJOR, DESCRIPTOR_MINOR, DESCRIPTOR_SIZE, 0u },
    .name = DESCRIPTOR_NAME,
    .version = "0.0.1",
    .description = "Loader test plugin",
    .kind = SB_PLUGIN_KIND_BEARER,
    .plugin_init = faulty_init,
    .plugin_exit = faulty_exit,
    .bearer_ops = &faulty_ops,
};

#if FAULT == NO_ENTRY
/* Looks like a plugin, but under the wrong symbol name. */
SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry_v0(void);
SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry_v0(void)
{
    return &faulty_descriptor;
}
#else
SB_PLUGIN_DEFINE_ENTRY(faulty_descriptor)
#endif
