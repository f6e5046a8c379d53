internal import CNetlinkGenl
import CNL80211
import Glibc

/// One generic-netlink socket for everything nl80211: requests, their
/// replies, the multicast events (config, scan, mlme) and the unicast frames
/// the kernel sends to the socket that owns a connection (EAPOL through the
/// control port, registered management frames).  It never blocks: requests
/// complete through callbacks when their replies are read, on the owner's
/// loop, which watches `fd` and calls `drain()` when it is readable.
///
/// libnl-genl connects the socket and resolves the family and its groups;
/// the messages themselves are built and parsed in Swift (NetlinkAttributes).
public final class NL80211Socket {
    public typealias Completion = (Result<[NL80211Message], NL80211Error>) -> Void

    /// Events: multicast messages and unsolicited unicast ones.
    public var onEvent: ((NL80211Message) -> Void)?
    /// The kernel dropped messages (receive buffer overflow): re-read the state.
    public var onOverflow: (() -> Void)?

    public var fd: Int32 { nl_socket_get_fd(socket) }

    private let socket: OpaquePointer
    private let family: UInt16
    private var sequence: UInt32 = 1
    private var pending: [UInt32: (replies: [NL80211Message], completion: Completion)] = [:]
    /// One buffer for every read: a connect drains the socket dozens of
    /// times, and zeroing 64 KiB each time showed in its profile.
    private var receiveBuffer = [UInt8](repeating: 0, count: 64 * 1024)

    public init(groups: [String] = ["config", "scan", "mlme"]) throws(NL80211Error) {
        guard let socket = nl_socket_alloc() else { throw NL80211Error("nl_socket_alloc", code: ENOMEM) }
        self.socket = socket
        guard genl_connect(socket) == 0 else {
            nl_socket_free(socket)
            throw NL80211Error("connect to generic netlink", code: EIO)
        }
        let family = genl_ctrl_resolve(socket, "nl80211")
        guard family > 0 else {
            nl_socket_free(socket)
            throw NL80211Error("resolve the nl80211 family (no cfg80211 in this kernel?)", code: ENOENT)
        }
        self.family = UInt16(family)
        for group in groups {
            let id = genl_ctrl_resolve_grp(socket, "nl80211", group)
            guard id >= 0, nl_socket_add_membership(socket, id) == 0 else {
                nl_socket_free(socket)
                throw NL80211Error("join nl80211 group \(group)", code: EIO)
            }
        }
        _ = nl_socket_set_nonblocking(socket)
        // Scan dumps of busy bands and event bursts are large.
        _ = nl_socket_set_buffer_size(socket, 4 << 20, 1 << 20)
        var one: Int32 = 1
        // Ask for strict checking so an attribute the kernel does not know is an error, not ignored.
        _ = setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        nl_socket_free(socket)
    }

    /// Sends a request; `completion` gets the replies (a dump's entries, or
    /// none for a plain acknowledgement) or the kernel's error.  It runs from
    /// `drain()`, never inside `send`; a request that cannot be written
    /// completes from the next `drain()` with the write error.
    public func send(_ command: nl80211_commands, dump: Bool = false, _ attributes: NetlinkAttributeWriter = .init(),
                     completion: @escaping Completion) {
        let seq = nextSequence()
        let flags = UInt16(NLM_F_REQUEST) | (dump ? UInt16(NLM_F_DUMP) : UInt16(NLM_F_ACK))
        let message = Self.encode(family: family, command: command, flags: flags, sequence: seq,
                                  attributes: attributes.bytes)
        let written = message.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if written != message.count {
            let code = written < 0 ? errno : EIO
            failed.append((completion, NL80211Error("send \(command.name)", code: code)))
            return
        }
        pending[seq] = ([], completion)
    }

    private var failed: [(Completion, NL80211Error)] = []

    /// Reads everything queued.  Returns when the socket would block.
    public func drain() {
        let failures = failed
        failed.removeAll()
        for (completion, error) in failures { completion(.failure(error)) }
        while true {
            let count = receiveBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 {
                if errno == ENOBUFS {
                    // Replies may be among what was dropped: fail the requests rather than wait forever.
                    let lost = pending
                    pending.removeAll()
                    for request in lost.values { request.completion(.failure(NL80211Error("nl80211 reply lost", code: ENOBUFS))) }
                    onOverflow?()
                    continue
                }
                return  // EAGAIN, or an error that the next readable event retries
            }
            if count == 0 { return }
            // Messages are slices of what they were read in: a copy of just
            // this datagram, so that one kept (a scan result) holds no more
            // memory than its own, and the buffer stays ours to reuse.
            handle(Array(receiveBuffer[0..<count])[...])
        }
    }

    private func handle(_ datagram: ArraySlice<UInt8>) {
        for entry in NetlinkDatagram.messages(datagram) {
            handleMessage(type: entry.type, sequence: entry.sequence, entry.bytes)
        }
    }

    private func handleMessage(type: UInt16, sequence seq: UInt32, _ bytes: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        switch Int32(type) {
        case NLMSG_ERROR:
            // An acknowledgement (error 0) or a failure; either ends the request.
            let code = bytes.count >= 20 ? Int32(bitPattern: NetlinkDatagram.word(bytes, start + 16)) : -EIO
            guard let request = pending.removeValue(forKey: seq) else { return }
            request.completion(code == 0 ? .success(request.replies) : .failure(NL80211Error("nl80211 request", code: code)))
        case NLMSG_DONE:
            guard let request = pending.removeValue(forKey: seq) else { return }
            request.completion(.success(request.replies))
        case Int32(family):
            guard let message = NL80211Message(netlinkMessage: bytes) else { return }
            if seq != 0, pending[seq] != nil {
                pending[seq]!.replies.append(message)
            } else {
                onEvent?(message)
            }
        default:
            break
        }
    }

    private func nextSequence() -> UInt32 {
        sequence = sequence == UInt32.max ? 1 : sequence + 1
        return sequence
    }

    static func encode(family: UInt16, command: nl80211_commands, flags: UInt16, sequence: UInt32,
                       attributes: [UInt8]) -> [UInt8] {
        let length = UInt32(16 + 4 + attributes.count)
        var bytes = NetlinkAttributeWriter.littleEndian(length)
        bytes += NetlinkAttributeWriter.littleEndian(family)
        bytes += NetlinkAttributeWriter.littleEndian(flags)
        bytes += NetlinkAttributeWriter.littleEndian(sequence)
        bytes += NetlinkAttributeWriter.littleEndian(UInt32(0))  // port: the kernel fills in ours
        bytes += [UInt8(truncatingIfNeeded: command.rawValue), 1, 0, 0]  // genlmsghdr: cmd, version 1
        return bytes + attributes
    }
}

extension nl80211_commands {
    var name: String { "nl80211 command \(rawValue)" }
}
