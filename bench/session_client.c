/* The Session API client the sessions benchmark times: plain libdbus, blocking
 * calls, so the figures are the daemon's and the bus', not a scripting
 * language's.  Driven by bench/sessions.py.
 *
 *   session_client ADDRESS DAEMON_PID BUS_PID N [SERVICE_PATH]
 *
 * Phases, each timed per call: Peer.Ping (the floor), CreateSession and the
 * arrival of its first Update, then (with SERVICE_PATH) Service.Connect and
 * the time until every session has had an Update, then DestroySession.  It
 * prints "ready" on stderr after the creations and again after the fan-out,
 * and waits for a line on stdin each time, so the caller can read the
 * daemon's memory with N sessions alive, idle and then connected.  Results are
 * one JSON object on stdout.  The CPU time per call of the daemon and of the
 * bus (dbus-daemon routes every message, so it is part of every latency) comes
 * from /proc/PID/task/<tid>/schedstat. */
#include <dbus/dbus.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PINGS 500

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static unsigned long long cpu_ns(int pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *dir = opendir(path);
    unsigned long long total = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        char file[320];
        snprintf(file, sizeof file, "/proc/%d/task/%s/schedstat", pid, entry->d_name);
        FILE *f = fopen(file, "r");
        unsigned long long ns = 0;
        if (f && fscanf(f, "%llu", &ns) == 1) total += ns;
        if (f) fclose(f);
    }
    if (dir) closedir(dir);
    return total;
}

/* The CPU time so far of the daemon and of the bus. */
struct cpu { unsigned long long daemon, bus; };
static int daemon_pid, bus_pid;

static struct cpu cpu_now(void) {
    return (struct cpu){cpu_ns(daemon_pid), cpu_ns(bus_pid)};
}

/* Prints "NAME_cpu_us" and "NAME_bus_cpu_us": each one's CPU time per call since `start`. */
static void print_cpu(const char *name, struct cpu start, int calls) {
    struct cpu end = cpu_now();
    printf("\"%s_cpu_us\": %.1f, \"%s_bus_cpu_us\": %.1f, ", name, (end.daemon - start.daemon) / 1e3 / calls,
           name, (end.bus - start.bus) / 1e3 / calls);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints "name": [median, p99] and sorts the samples in place. */
static void print_stats(const char *name, double *samples, int n) {
    qsort(samples, n, sizeof *samples, compare);
    int p99 = (int)(n * 0.99) - 1;
    printf("\"%s\": [%.1f, %.1f], ", name, samples[n / 2], samples[p99 < 0 ? 0 : p99]);
}

static void die(const char *what, DBusError *error) {
    fprintf(stderr, "session_client: %s: %s\n", what, error && dbus_error_is_set(error) ? error->message : "failed");
    exit(1);
}

static DBusMessage *call(DBusConnection *bus, DBusMessage *message) {
    DBusError error;
    dbus_error_init(&error);
    DBusMessage *reply = dbus_connection_send_with_reply_and_block(bus, message, 10000, &error);
    dbus_message_unref(message);
    if (!reply) die("call", &error);
    return reply;
}

/* Reads messages until an Update arrives for `notifier` (any notifier when
 * NULL; then *index gets the number in its "/bench/nINDEX" path); returns its
 * arrival time.  Other messages are dropped. */
static double wait_update(DBusConnection *bus, const char *notifier, int *index) {
    for (;;) {
        DBusMessage *message;
        while ((message = dbus_connection_pop_message(bus))) {
            const char *path = dbus_message_get_path(message);
            int match = dbus_message_is_method_call(message, "net.connman.Notification", "Update") && path &&
                        (notifier ? strcmp(path, notifier) == 0 : sscanf(path, "/bench/n%d", index) == 1);
            dbus_message_unref(message);
            if (match) return now_us();
        }
        if (!dbus_connection_read_write(bus, 10000)) die("connection closed", NULL);
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: session_client ADDRESS DAEMON_PID BUS_PID N [SERVICE_PATH]\n");
        return 2;
    }
    daemon_pid = atoi(argv[2]);
    bus_pid = atoi(argv[3]);
    int n = atoi(argv[4]);
    const char *service = argc > 5 ? argv[5] : NULL;
    if (n < 1) return 2;
    DBusError error;
    dbus_error_init(&error);
    DBusConnection *bus = dbus_connection_open_private(argv[1], &error);
    if (!bus || !dbus_bus_register(bus, &error)) die("connect", &error);

    double *samples = calloc(n > PINGS ? n : PINGS, sizeof *samples);
    double *updates = calloc(n, sizeof *updates);
    char (*paths)[128] = calloc(n, sizeof *paths);
    printf("{");

    /* One untimed call first: whatever a daemon does once per client (prebuilt_responder
     * builds its messages) is not counted as the cost of a call. */
    dbus_message_unref(call(bus, dbus_message_new_method_call("net.connman", "/", "org.freedesktop.DBus.Peer", "Ping")));
    struct cpu cpu = cpu_now();
    for (int i = 0; i < PINGS; i++) {
        double start = now_us();
        dbus_message_unref(call(bus, dbus_message_new_method_call("net.connman", "/", "org.freedesktop.DBus.Peer", "Ping")));
        samples[i] = now_us() - start;
    }
    print_cpu("ping", cpu, PINGS);
    print_stats("ping", samples, PINGS);

    cpu = cpu_now();
    for (int i = 0; i < n; i++) {
        char notifier[64];
        snprintf(notifier, sizeof notifier, "/bench/n%d", i);
        DBusMessage *create = dbus_message_new_method_call("net.connman", "/", "net.connman.Manager", "CreateSession");
        DBusMessageIter args, dict;
        const char *path = notifier;
        dbus_message_iter_init_append(create, &args);
        dbus_message_iter_open_container(&args, DBUS_TYPE_ARRAY, "{sv}", &dict);
        dbus_message_iter_close_container(&args, &dict);
        dbus_message_iter_append_basic(&args, DBUS_TYPE_OBJECT_PATH, &path);
        double start = now_us();
        DBusMessage *reply = call(bus, create);
        samples[i] = now_us() - start;
        const char *session = NULL;
        if (!dbus_message_get_args(reply, &error, DBUS_TYPE_OBJECT_PATH, &session, DBUS_TYPE_INVALID)) die("CreateSession", &error);
        snprintf(paths[i], sizeof paths[i], "%s", session);
        dbus_message_unref(reply);
        updates[i] = wait_update(bus, notifier, NULL) - start;
    }
    print_cpu("create", cpu, n);
    print_stats("create", samples, n);
    print_stats("first_update", updates, n);
    char line[16];
    fprintf(stderr, "ready\n");
    if (!fgets(line, sizeof line, stdin)) return 1;

    if (service) {
        DBusMessage *connect = dbus_message_new_method_call("net.connman", service, "net.connman.Service", "Connect");
        dbus_message_set_no_reply(connect, TRUE);
        cpu = cpu_now();
        double start = now_us(), last = start;
        dbus_connection_send(bus, connect, NULL);
        dbus_message_unref(connect);
        char *seen = calloc(n, 1);
        for (int count = 0; count < n;) {
            int index = -1;
            double at = wait_update(bus, NULL, &index);
            if (index >= 0 && index < n && !seen[index]) {
                seen[index] = 1;
                count++;
                last = at;
            }
        }
        free(seen);
        struct cpu end = cpu_now();
        printf("\"fanout_ms\": %.2f, \"fanout_cpu_ms\": %.2f, \"fanout_bus_cpu_ms\": %.2f, ", (last - start) / 1e3,
               (end.daemon - cpu.daemon) / 1e6, (end.bus - cpu.bus) / 1e6);
    }
    fprintf(stderr, "ready\n");
    if (!fgets(line, sizeof line, stdin)) return 1;

    cpu = cpu_now();
    for (int i = 0; i < n; i++) {
        DBusMessage *destroy = dbus_message_new_method_call("net.connman", "/", "net.connman.Manager", "DestroySession");
        const char *path = paths[i];
        dbus_message_append_args(destroy, DBUS_TYPE_OBJECT_PATH, &path, DBUS_TYPE_INVALID);
        double start = now_us();
        dbus_message_unref(call(bus, destroy));
        samples[i] = now_us() - start;
    }
    print_cpu("destroy", cpu, n);
    print_stats("destroy", samples, n);
    printf("\"sessions\": %d}\n", n);
    dbus_connection_close(bus);
    dbus_connection_unref(bus);
    return 0;
}
