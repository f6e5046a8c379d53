/* The online-check endpoint of bench/wifi_connect.py: what the lab's
 * Tests/integration/http_endpoint.py answers (200 with the X-ConnMan-Status
 * header), in C.  In the VM every process shares the one vCPU, so the CPU an
 * endpoint spends on a request is taken from the connect being timed; the
 * Python one spent about 4 ms per check under TCG (perf), work that a real
 * endpoint does on another machine.
 *
 *   online_endpoint ADDRESS PORT
 *
 * It prints "ready" once listening, then serves one connection at a time:
 * it reads the request head (up to a blank line, 16 KiB, 5 s), answers and
 * closes.  It prints nothing per request: a reader of its output would wake. */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n"
                             "X-ConnMan-Status: online\r\n\r\n";

/* Reads until the blank line that ends the head; 0 if it came, -1 otherwise. */
static int read_head(int fd) {
    char head[16384];
    size_t used = 0;
    while (used < sizeof head - 1) {
        ssize_t got = recv(fd, head + used, sizeof head - 1 - used, 0);
        if (got <= 0) return -1;
        used += (size_t)got;
        head[used] = '\0';
        if (strstr(head, "\r\n\r\n")) return 0;
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ADDRESS PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
        return 2;
    }
    int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (server < 0 || bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 16) != 0) {
        perror("listen");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        int client = accept4(server, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) continue;
        /* A client that never finishes its request must not stall the next one. */
        struct timeval limit = {.tv_sec = 5};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        if (read_head(client) == 0) send(client, answer, sizeof answer - 1, MSG_NOSIGNAL);
        close(client);
    }
}
