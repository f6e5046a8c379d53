internal import CDBus
import Glibc

/// Several outgoing messages in one write.  libdbus writes every message with a sendmsg of
/// its own, and each write that wakes the bus costs the daemon more than building the
/// message (measured: a CreateSession's reply and first Update were two writes and two
/// wake-ups of the bus; an Update fan-out to 1,000 sessions was 1,000).  Messages sent
/// inside `sendTogether` are kept and written with as few sendmsg calls as the socket takes.
///
/// The stream's order is what matters: a coalesced write only happens while libdbus has
/// nothing queued (so nothing of its own is half written), and everything that makes libdbus
/// write by itself (`call`, match rules, `requestName`, `flush`) first writes what is kept.
/// Whatever the socket does not take at once goes to libdbus's queue in order.
extension DBusConnection {
    /// When true, every message sent is kept and written, with the others of the same loop
    /// turn, once the loop is idle (`MainLoop.whenIdle`), in the order sent: a daemon's work
    /// between two network frames (a DHCP DISCOVER and its OFFER) is not interrupted by one
    /// write, and one wake-up of the bus, per signal.  A message that libdbus sends itself
    /// (a call expecting a reply) still writes the kept ones first.
    public var writesWhenIdle: Bool {
        get { holdsWritesUntilIdle }
        set {
            holdsWritesUntilIdle = newValue
            if !newValue, coalesced != nil { writeCoalesced() }
        }
    }

    /// Runs `body`; messages it sends (replies, signals, no-reply calls) are written together
    /// when it returns.  Nested calls join the outermost one.
    public func sendTogether<R>(_ body: () -> R) -> R {
        guard coalesced == nil else { return body() }
        coalesced = []
        defer { writeCoalesced(stopping: true) }
        return body()
    }

    /// Writes what `sendTogether` has kept so far; called before libdbus writes on its own.
    func writeCoalesced(stopping: Bool = false) {
        guard let messages = coalesced else { return }
        coalesced = stopping ? nil : []
        guard !messages.isEmpty, !isClosed else { return }
        var socket: Int32 = -1
        if messages.count == 1 || dbus_connection_has_messages_to_send(raw) != 0
            || dbus_connection_get_socket(raw, &socket) == 0 || socket < 0 {
            for message in messages { dbus_connection_send(raw, message.raw, nil) }
            return
        }
        var next = 0
        while next < messages.count {
            let batch = Array(messages[next..<min(messages.count, next + Self.messagesPerWrite)])
            switch write(batch, to: socket) {
            case .all:
                next += batch.count
            case .some(let taken):
                // The socket is full: the rest waits in libdbus's queue, in order.
                for message in messages[(next + taken)...] { dbus_connection_send(raw, message.raw, nil) }
                return
            case .failed:
                return  // the connection is going down; libdbus reports it as it reads
            }
        }
    }

    /// Messages per sendmsg: a few kilobytes of Updates, enough to make the
    /// wake-ups of the bus rare, small enough not to hold much memory.
    static let messagesPerWrite = 32

    private enum WriteOutcome {
        case all
        /// The first `n` messages went out whole; the rest did not go out at all.
        case some(Int)
        case failed
    }

    /// One sendmsg for `messages`.  A message the socket took only part of is finished with
    /// blocking writes (a stream cannot be left mid-message for libdbus to continue).
    private func write(_ messages: [Message], to socket: Int32) -> WriteOutcome {
        var buffers: [(UnsafeMutablePointer<CChar>, Int)] = []
        buffers.reserveCapacity(messages.count)
        defer { for (data, _) in buffers { dbus_free(data) } }
        for message in messages {
            // libdbus numbers what it sends itself; these never expect a reply, so a serial
            // of our own range only has to be non-zero.
            if dbus_message_get_serial(message.raw) == 0 { dbus_message_set_serial(message.raw, nextSerial()) }
            var data: UnsafeMutablePointer<CChar>?
            var length: Int32 = 0
            guard dbus_message_marshal(message.raw, &data, &length) != 0, let data else {
                // Out of memory: what is marshalled goes first, then the rest through libdbus.
                return writeAll(buffers, messages: messages, socket: socket, fallbackFrom: buffers.count)
            }
            buffers.append((data, Int(length)))
        }
        return writeAll(buffers, messages: messages, socket: socket, fallbackFrom: messages.count)
    }

    private func writeAll(_ buffers: [(UnsafeMutablePointer<CChar>, Int)], messages: [Message], socket: Int32,
                          fallbackFrom marshalled: Int) -> WriteOutcome {
        var vectors = buffers.map { iovec(iov_base: UnsafeMutableRawPointer($0.0), iov_len: $0.1) }
        let total = buffers.reduce(0) { $0 + $1.1 }
        let sent = vectors.withUnsafeMutableBufferPointer { iov -> Int in
            var header = msghdr()
            header.msg_iov = iov.baseAddress
            header.msg_iovlen = iov.count
            return sendmsg(socket, &header, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        if sent < 0 {
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return .failed }
            return .some(0)
        }
        guard sent < total else {
            return marshalled == messages.count ? .all : .some(marshalled)
        }
        // Find the message the write stopped in; finish it if it was started.
        var offset = 0
        for (index, (data, length)) in buffers.enumerated() {
            if sent < offset + length {
                guard sent > offset else { return .some(index) }
                return finish(data + (sent - offset), length - (sent - offset), socket) ? .some(index + 1) : .failed
            }
            offset += length
        }
        return .some(buffers.count)
    }

    /// Blocking writes of a message's tail; on failure the stream is unusable, so the
    /// socket is shut down and libdbus reports the disconnection as usual.
    private func finish(_ data: UnsafeMutablePointer<CChar>, _ count: Int, _ socket: Int32) -> Bool {
        var pointer = data
        var left = count
        while left > 0 {
            let written = Glibc.send(socket, pointer, left, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            if written > 0 {
                pointer += written
                left -= written
                continue
            }
            if written < 0, errno == EINTR { continue }
            var waiting = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            guard written < 0, errno == EAGAIN || errno == EWOULDBLOCK, poll(&waiting, 1, 25_000) > 0 else {
                shutdown(socket, Int32(SHUT_RDWR))
                return false
            }
        }
        return true
    }

    private func nextSerial() -> UInt32 {
        coalescedSerial = coalescedSerial == UInt32.max ? Self.firstCoalescedSerial : coalescedSerial + 1
        return coalescedSerial
    }

    /// Far from libdbus's own counter, which starts at 1.
    static let firstCoalescedSerial: UInt32 = 0x8000_0000
}
