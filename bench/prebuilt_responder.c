/* The lower bound under the sessions benchmark: a stand-in for a daemon that
 * owns net.connman and answers Peer.Ping, CreateSession and DestroySession as
 * cheaply as anything on this bus could.  It uses libdbus only to connect and
 * take the name; after that it reads the socket itself, and every reply and
 * first Update is marshalled in advance, so a call costs it one recv and one
 * sendmsg (the reply and the Update together) and a few stores of serials.
 * What is left of a call's latency is the client's and dbus-daemon's.
 * Driven by bench/sessions.py, which times it with bench/session_client.c.
 *
 *   prebuilt_responder ADDRESS N
 *
 * The i-th CreateSession from a client is answered with a pre-built session
 * path and an Update to "/bench/n<i>", the notifier session_client passes; a
 * call with another notifier ends the program with an error.  The Update
 * carries the eleven settings of switchboardd's first Update. */
#include <dbus/dbus.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

struct wire { char *data; int length; };

static void die(const char *what) {
    fprintf(stderr, "prebuilt_responder: %s\n", what);
    exit(1);
}

static void append_entry(DBusMessageIter *dict, const char *key, const char *signature, int type, const void *value) {
    DBusMessageIter entry, variant, array;
    dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &entry);
    dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key);
    dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, signature, &variant);
    if (signature[0] == 'a') {  /* "as" with one element, or an empty "a{sv}" */
        dbus_message_iter_open_container(&variant, DBUS_TYPE_ARRAY, signature + 1, &array);
        if (value) dbus_message_iter_append_basic(&array, type, value);
        dbus_message_iter_close_container(&variant, &array);
    } else {
        dbus_message_iter_append_basic(&variant, type, value);
    }
    dbus_message_iter_close_container(&entry, &variant);
    dbus_message_iter_close_container(dict, &entry);
}

static struct wire marshal(DBusMessage *message) {
    struct wire wire;
    dbus_message_set_serial(message, 1);
    if (!dbus_message_marshal(message, &wire.data, &wire.length)) die("out of memory");
    dbus_message_unref(message);
    return wire;
}

static DBusMessage *reply_to(const char *client) {
    DBusMessage *reply = dbus_message_new(DBUS_MESSAGE_TYPE_METHOD_RETURN);
    dbus_message_set_reply_serial(reply, 1);
    dbus_message_set_destination(reply, client);
    return reply;
}

static struct wire first_update(const char *client, const char *notifier) {
    DBusMessage *update = dbus_message_new_method_call(client, notifier, "net.connman.Notification", "Update");
    dbus_message_set_no_reply(update, TRUE);
    DBusMessageIter args, dict;
    const char *any = "*", *empty = "", *type = "any", *state = "disconnected";
    dbus_bool_t no = FALSE;
    dbus_message_iter_init_append(update, &args);
    dbus_message_iter_open_container(&args, DBUS_TYPE_ARRAY, "{sv}", &dict);
    append_entry(&dict, "AllowedBearers", "as", DBUS_TYPE_STRING, &any);
    append_entry(&dict, "AllowedInterface", "s", DBUS_TYPE_STRING, &empty);
    append_entry(&dict, "Bearer", "s", DBUS_TYPE_STRING, &empty);
    append_entry(&dict, "ConnectionType", "s", DBUS_TYPE_STRING, &type);
    append_entry(&dict, "ContextIdentifier", "s", DBUS_TYPE_STRING, &empty);
    append_entry(&dict, "IPv4", "a{sv}", 0, NULL);
    append_entry(&dict, "IPv6", "a{sv}", 0, NULL);
    append_entry(&dict, "Interface", "s", DBUS_TYPE_STRING, &empty);
    append_entry(&dict, "Name", "s", DBUS_TYPE_STRING, &empty);
    append_entry(&dict, "SourceIPRule", "b", DBUS_TYPE_BOOLEAN, &no);
    append_entry(&dict, "State", "s", DBUS_TYPE_STRING, &state);
    dbus_message_iter_close_container(&args, &dict);
    return marshal(update);
}

/* One client's messages, built when it first calls. */
static struct wire *replies, *updates, empty_reply;
static char client[256];
static int sessions, created;

static void prepare(const char *sender) {
    for (int i = 0; client[0] && i < sessions; i++) {
        dbus_free(replies[i].data);
        dbus_free(updates[i].data);
    }
    if (client[0]) dbus_free(empty_reply.data);
    snprintf(client, sizeof client, "%s", sender);
    for (int i = 0; i < sessions; i++) {
        char notifier[64], path[96];
        snprintf(notifier, sizeof notifier, "/bench/n%d", i);
        snprintf(path, sizeof path, "/sessions/bench/n%d", i);
        DBusMessage *reply = reply_to(client);
        const char *value = path;
        dbus_message_append_args(reply, DBUS_TYPE_OBJECT_PATH, &value, DBUS_TYPE_INVALID);
        replies[i] = marshal(reply);
        updates[i] = first_update(client, notifier);
    }
    empty_reply = marshal(reply_to(client));
    created = 0;
}

/* Gives a pre-built message a serial of its own (bytes 8-11) and, when it is a
 * reply, the serial of the call it answers: its first header field, as built above. */
static uint32_t next_serial = 1;
static void stamp(struct wire *wire, uint32_t reply_serial) {
    uint32_t serial = ++next_serial;
    memcpy(wire->data + 8, &serial, 4);
    if (wire->data[1] == DBUS_MESSAGE_TYPE_METHOD_RETURN) {
        /* fields start at 16: code 5, signature "u", padding to 20, the value */
        if (wire->data[16] != 5) die("unexpected header layout");
        memcpy(wire->data + 20, &reply_serial, 4);
    }
}

/* A string header field's value, or NULL; `fields` is the header fields array.
 * Offsets from its start (byte 16, a multiple of 8) keep the wire's alignment. */
static const char *field(const char *fields, uint32_t length, int wanted) {
    uint32_t at = 0;
    while (at + 4 <= length) {
        int code = fields[at];
        uint32_t signature_length = (unsigned char)fields[at + 1];
        char type = fields[at + 2];
        uint32_t value = (at + 3 + signature_length + 3) & ~3u;
        if (signature_length != 1) return NULL;
        if (type == 's' || type == 'o') {
            uint32_t string_length;
            if (value + 4 > length) return NULL;
            memcpy(&string_length, fields + value, 4);
            if (string_length > length || value + 4 + string_length >= length) return NULL;
            if (code == wanted) return fields + value + 4;
            at = value + 4 + string_length + 1;
        } else if (type == 'u') {
            at = value + 4;
        } else if (type == 'g') {
            if (at + 4 >= length) return NULL;
            at = at + 4 + (unsigned char)fields[at + 4] + 2;
        } else {
            return NULL;
        }
        at = (at + 7) & ~7u;
    }
    return NULL;
}

static void send_wires(int socket, struct wire *first, struct wire *second) {
    struct iovec vectors[2] = {{first->data, first->length}, {second ? second->data : NULL, second ? second->length : 0}};
    struct msghdr header = {.msg_iov = vectors, .msg_iovlen = second ? 2 : 1};
    if (sendmsg(socket, &header, MSG_NOSIGNAL) != first->length + (second ? second->length : 0)) die("short write");
}

/* Whether a CreateSession's arguments (a{sv}, o) name `notifier`; `body` is 8-aligned. */
static int names_notifier(const char *body, uint32_t length, const char *notifier) {
    uint32_t settings, path_length;
    if (length < 8) return 0;
    memcpy(&settings, body, 4);
    uint32_t at = 8 + settings;  /* dict entries start 8-aligned, right after the length */
    at = (at + 3) & ~3u;
    if (settings > length || at + 4 > length) return 0;
    memcpy(&path_length, body + at, 4);
    if (path_length > length || at + 4 + path_length >= length) return 0;
    return strlen(notifier) == path_length && memcmp(body + at + 4, notifier, path_length) == 0;
}

static void answer(int socket, const char *message, uint32_t fields_length, uint32_t body_length) {
    const char *fields = message + 16;
    const char *member = field(fields, fields_length, DBUS_HEADER_FIELD_MEMBER);
    const char *sender = field(fields, fields_length, DBUS_HEADER_FIELD_SENDER);
    uint32_t serial;
    memcpy(&serial, message + 8, 4);
    if (message[1] != DBUS_MESSAGE_TYPE_METHOD_CALL || !member || !sender) return;
    if (strcmp(sender, client) != 0) prepare(sender);
    if (strcmp(member, "CreateSession") == 0) {
        if (created == sessions) die("more sessions than N");
        int i = created++;
        char notifier[64];
        snprintf(notifier, sizeof notifier, "/bench/n%d", i);
        if (!names_notifier(message + ((16 + fields_length + 7) & ~7u), body_length, notifier))
            die("a CreateSession whose notifier is not the next /bench/n<i>");
        stamp(&replies[i], serial);
        stamp(&updates[i], 0);
        send_wires(socket, &replies[i], &updates[i]);
    } else if (strcmp(member, "Ping") == 0 || strcmp(member, "DestroySession") == 0) {
        stamp(&empty_reply, serial);
        send_wires(socket, &empty_reply, NULL);
    }
}

int main(int argc, char **argv) {
    if (argc != 3 || (sessions = atoi(argv[2])) < 1) {
        fprintf(stderr, "usage: prebuilt_responder ADDRESS N\n");
        return 2;
    }
    replies = calloc(sessions, sizeof *replies);
    updates = calloc(sessions, sizeof *updates);
    DBusError error;
    dbus_error_init(&error);
    DBusConnection *bus = dbus_connection_open_private(argv[1], &error);
    if (!bus || !dbus_bus_register(bus, &error)) die(error.message ? error.message : "connect");
    if (dbus_bus_request_name(bus, "net.connman", DBUS_NAME_FLAG_DO_NOT_QUEUE, &error) != DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER)
        die("net.connman is taken");
    dbus_connection_flush(bus);
    /* From here the socket is read here, not by libdbus: drop what libdbus has read (the
     * bus' NameAcquired signals); the bus writes whole messages, so it has read no part of
     * one, and a client calls only once the name is owned. */
    DBusMessage *pending;
    while ((pending = dbus_connection_pop_message(bus))) dbus_message_unref(pending);
    int socket;
    if (!dbus_connection_get_socket(bus, &socket)) die("no socket");
    fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) & ~O_NONBLOCK);

    static char buffer[1 << 16];
    size_t have = 0;
    for (;;) {
        ssize_t got = recv(socket, buffer + have, sizeof buffer - have, 0);
        if (got <= 0) return 0;
        have += got;
        for (;;) {
            uint32_t body_length, fields_length;
            if (have < 16) break;
            if (buffer[0] != 'l') die("big-endian message");
            memcpy(&body_length, buffer + 4, 4);
            memcpy(&fields_length, buffer + 12, 4);
            if (fields_length > sizeof buffer || body_length > sizeof buffer) die("message too large");
            size_t total = ((16 + (size_t)fields_length + 7) & ~(size_t)7) + body_length;
            if (total > sizeof buffer) die("message too large");
            if (have < total) break;
            answer(socket, buffer, fields_length, body_length);
            memmove(buffer, buffer + total, have - total);
            have -= total;
        }
    }
}
