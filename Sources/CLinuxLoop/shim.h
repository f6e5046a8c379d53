#ifndef SWITCHBOARD_CLINUXLOOP_SHIM_H
#define SWITCHBOARD_CLINUXLOOP_SHIM_H
/* What the main loop needs that Glibc's Swift module does not import. */
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

/* libdispatch's hooks for a run loop that drains the main queue on the main
 * thread (the way CoreFoundation's run loop does on Linux).  Exported by
 * libdispatch.so; the handle is a non-blocking eventfd on Linux. */
int _dispatch_get_main_queue_handle_4CF(void);
void _dispatch_main_queue_callback_4CF(void *msg);

/* Asked on every host API call a plugin makes: two system calls once per
 * thread, then a thread-local read. */
static inline int sb_is_main_thread(void) {
    static __thread int main_thread = -1;
    if (main_thread < 0) main_thread = syscall(SYS_gettid) == getpid();
    return main_thread;
}
#endif
