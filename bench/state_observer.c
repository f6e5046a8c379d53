/* The client bench/wifi_connect.py times each connect with: it calls a
 * method and notes when a state property takes each value, until it takes
 * the one waited for.  Plain libdbus and one process for all the rounds, so
 * that on the VM's one vCPU the observer takes little from the daemons it
 * times (the Python client took milliseconds per signal, and our daemon's
 * connect has more state changes to watch than iwd's).
 *
 *   state_observer ADDRESS DESTINATION CALL_PATH CALL_INTERFACE METHOD
 *                  STYLE WATCH_PATH WATCH_INTERFACE PROPERTY UNTIL TIMEOUT_MS
 *
 * STYLE "connman": the WATCH_INTERFACE's PropertyChanged(name, value) signal
 * (net.connman.Service); "properties": org.freedesktop.DBus.Properties'
 * PropertiesChanged for WATCH_INTERFACE (net.connman.iwd.Station).  Both are
 * matched on arg0, so no other signal reaches it.  It connects, prints
 * "armed", then for each line on stdin times one call: it prints "call <t>",
 * "<value> <t>" for each value seen (t in CLOCK_MONOTONIC seconds) and
 * "end <status>": 0 once UNTIL was seen, 1 when the call failed (the error
 * on stderr), 2 on timeout.  Between rounds it sleeps in read(2) on stdin,
 * so the signals of the disconnect that the caller does then wake nobody;
 * they are dropped before the next call. */
#include <dbus/dbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The string inside a variant iterator, or NULL. */
static const char *variant_string(DBusMessageIter *variant) {
    DBusMessageIter inner;
    if (dbus_message_iter_get_arg_type(variant) != DBUS_TYPE_VARIANT) return NULL;
    dbus_message_iter_recurse(variant, &inner);
    if (dbus_message_iter_get_arg_type(&inner) != DBUS_TYPE_STRING) return NULL;
    const char *value;
    dbus_message_iter_get_basic(&inner, &value);
    return value;
}

/* ConnMan's PropertyChanged(s name, v value). */
static const char *connman_value(DBusMessage *message, const char *property) {
    DBusMessageIter args;
    const char *name;
    if (!dbus_message_iter_init(message, &args) || dbus_message_iter_get_arg_type(&args) != DBUS_TYPE_STRING) return NULL;
    dbus_message_iter_get_basic(&args, &name);
    if (strcmp(name, property) != 0 || !dbus_message_iter_next(&args)) return NULL;
    return variant_string(&args);
}

/* PropertiesChanged(s interface, a{sv} changed, as invalidated). */
static const char *properties_value(DBusMessage *message, const char *property) {
    DBusMessageIter args, changed, entry;
    if (!dbus_message_iter_init(message, &args) || !dbus_message_iter_next(&args) ||
        dbus_message_iter_get_arg_type(&args) != DBUS_TYPE_ARRAY) return NULL;
    for (dbus_message_iter_recurse(&args, &changed); dbus_message_iter_get_arg_type(&changed) == DBUS_TYPE_DICT_ENTRY;
         dbus_message_iter_next(&changed)) {
        const char *name;
        dbus_message_iter_recurse(&changed, &entry);
        if (dbus_message_iter_get_arg_type(&entry) != DBUS_TYPE_STRING) return NULL;  /* not a{sv} */
        dbus_message_iter_get_basic(&entry, &name);
        if (strcmp(name, property) == 0 && dbus_message_iter_next(&entry)) return variant_string(&entry);
    }
    return NULL;
}

/* One timed call; its status as "end" reports it. */
static int timed_call(DBusConnection *bus, char **argv, double timeout) {
    const char *destination = argv[2], *call_path = argv[3], *call_interface = argv[4], *method = argv[5],
               *watch_path = argv[7], *property = argv[9], *until = argv[10];
    int connman = strcmp(argv[6], "connman") == 0;
    DBusMessage *message;
    while (dbus_connection_read_write(bus, 0) && (message = dbus_connection_pop_message(bus)))
        dbus_message_unref(message);  /* what came since the last round */

    DBusMessage *call = dbus_message_new_method_call(destination, call_path, call_interface, method);
    dbus_uint32_t serial = 0;
    double start = now();
    if (!call || !dbus_connection_send(bus, call, &serial)) {
        fprintf(stderr, "cannot send %s.%s\n", call_interface, method);
        return 1;
    }
    dbus_message_unref(call);
    dbus_connection_flush(bus);
    printf("call %.6f\n", start);

    int status = 2;
    while (status == 2) {
        double left = start + timeout - now();
        if (left <= 0 || !dbus_connection_read_write(bus, (int)(left * 1000) + 1)) break;
        while (status == 2 && (message = dbus_connection_pop_message(bus))) {
            double when = now();
            int type = dbus_message_get_type(message);
            if (type == DBUS_MESSAGE_TYPE_ERROR && dbus_message_get_reply_serial(message) == serial) {
                const char *text = "";
                dbus_message_get_args(message, NULL, DBUS_TYPE_STRING, &text, DBUS_TYPE_INVALID);
                fprintf(stderr, "%s.%s failed: %s: %s\n", call_interface, method, dbus_message_get_error_name(message), text);
                status = 1;
            } else if (type == DBUS_MESSAGE_TYPE_SIGNAL && dbus_message_has_path(message, watch_path)) {
                const char *value = connman ? connman_value(message, property) : properties_value(message, property);
                if (value) {
                    printf("%s %.6f\n", value, when);
                    if (strcmp(value, until) == 0) status = 0;
                }
            }
            dbus_message_unref(message);
        }
    }
    if (status == 2) fprintf(stderr, "no %s %s within %.0f ms\n", property, until, timeout * 1000);
    return status;
}

int main(int argc, char **argv) {
    if (argc != 12) {
        fprintf(stderr, "usage: %s ADDRESS DESTINATION CALL_PATH CALL_INTERFACE METHOD "
                        "STYLE WATCH_PATH WATCH_INTERFACE PROPERTY UNTIL TIMEOUT_MS\n", argv[0]);
        return 64;
    }
    const char *address = argv[1], *watch_path = argv[7], *watch_interface = argv[8], *property = argv[9];
    double timeout = atof(argv[11]) / 1000;

    DBusError error;
    dbus_error_init(&error);
    DBusConnection *bus = dbus_connection_open_private(address, &error);
    if (!bus || !dbus_bus_register(bus, &error)) {
        fprintf(stderr, "cannot connect to %s: %s\n", address, error.message);
        return 1;
    }
    char rule[1024];
    if (strcmp(argv[6], "connman") == 0)
        snprintf(rule, sizeof rule, "type='signal',path='%s',interface='%s',member='PropertyChanged',arg0='%s'",
                 watch_path, watch_interface, property);
    else
        snprintf(rule, sizeof rule, "type='signal',path='%s',interface='org.freedesktop.DBus.Properties',"
                 "member='PropertiesChanged',arg0='%s'", watch_path, watch_interface);
    dbus_bus_add_match(bus, rule, &error);
    if (dbus_error_is_set(&error)) {
        fprintf(stderr, "cannot add the match %s: %s\n", rule, error.message);
        return 1;
    }
    printf("armed\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        printf("end %d\n", timed_call(bus, argv, timeout));
        fflush(stdout);
    }
    dbus_connection_close(bus);
    dbus_connection_unref(bus);
    return 0;
}
