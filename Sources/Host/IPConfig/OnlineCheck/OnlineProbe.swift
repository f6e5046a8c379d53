import Glibc
import Logging
import MainLoop
import OnlineCheckWire

/// One online-check attempt through one link: look the URL's host up
/// through the service's name servers (unless it is an address), connect,
/// send a GET and judge the response head.  Everything runs on the loop;
/// the attempt ends with exactly one outcome, or none when cancelled.
@MainActor
final class OnlineProbe {
    enum Outcome: Equatable {
        case online
        case offline(String)
    }

    struct Target {
        let link: String
        /// AF_INET and/or AF_INET6: the families the service has an address
        /// in.  Names are looked up in the first (IPv4 when it has both).
        let families: [Int32]
        let nameservers: [String]
    }

    private let settings: OnlineCheckSettings
    private let target: Target
    private let loop: EventLoop
    private var socket: LinkSocket?
    private var watch: EventLoop.SourceID?
    private var deadline: EventLoop.SourceID?
    private var received: [UInt8] = []
    private var completion: ((Outcome) -> Void)?

    init(settings: OnlineCheckSettings, target: Target, loop: EventLoop) {
        self.settings = settings
        self.target = target
        self.loop = loop
    }

    func start(completion: @escaping (Outcome) -> Void) {
        self.completion = completion
        deadline = loop.addTimer(delayMilliseconds: settings.attemptTimeoutMilliseconds, intervalMilliseconds: 0) {
            [weak self] _ in
            self?.deadline = nil
            self?.finish(.offline("no answer within \(self?.settings.attemptTimeoutMilliseconds ?? 0) ms"))
        }
        switch settings.url.host {
        case .ipv4(let address), .ipv6(let address): connect(to: address)
        case .name(let name): lookUp(name)
        }
    }

    func cancel() {
        completion = nil
        tearDown()
    }

    // MARK: name lookup

    private func lookUp(_ name: String) {
        guard let server = target.nameservers.first(where: { LinkSocket.family(of: $0) != nil }) else {
            return finish(.offline("no name server to look up \(name)"))
        }
        let type: DNSAddressQuery.RecordType = target.families.first == AF_INET ? .a : .aaaa
        let id = UInt16.random(in: .min ... .max)
        do {
            let socket = try LinkSocket(family: LinkSocket.family(of: server)!, type: Int32(SOCK_DGRAM.rawValue),
                                        link: target.link)
            try socket.connect(to: server, port: 53)
            try socket.send(DNSAddressQuery.encode(id: id, name: name, type: type))
            self.socket = socket
        } catch {
            return finish(.offline("name lookup: \(error)"))
        }
        watch = loop.watch(fd: socket!.fd, readable: true, writable: false) { [weak self] _, _ in
            self?.readAnswer(id: id, type: type, name: name)
        }
    }

    private func readAnswer(id: UInt16, type: DNSAddressQuery.RecordType, name: String) {
        guard let socket else { return }
        do {
            guard let datagram = try socket.receive(max: 1500) else { return }
            let addresses = try DNSAddressQuery.addresses(in: datagram, id: id, type: type)
            guard let address = addresses.first else { return finish(.offline("\(name) has no address")) }
            unwatch()
            self.socket = nil
            connect(to: address)
        } catch DNSAddressQuery.ParseError.notOurAnswer {
            return  // a stray or late datagram: keep waiting
        } catch {
            finish(.offline("name lookup of \(name): \(error)"))
        }
    }

    // MARK: HTTP

    private func connect(to address: String) {
        guard let family = LinkSocket.family(of: address) else { return finish(.offline("bad address \(address)")) }
        guard target.families.contains(family) else {
            return finish(.offline("the service has no IPv\(family == AF_INET ? 4 : 6) address for \(address)"))
        }
        do {
            let socket = try LinkSocket(family: family, type: Int32(SOCK_STREAM.rawValue), link: target.link)
            socket.letRequestCarryHandshakeACK()
            try socket.connect(to: address, port: settings.url.port)
            self.socket = socket
        } catch {
            return finish(.offline("\(error)"))
        }
        watch = loop.watch(fd: socket!.fd, readable: false, writable: true) { [weak self] _, _ in self?.connected() }
    }

    private func connected() {
        guard let socket else { return }
        unwatch()
        let error = socket.connectError()
        guard error == 0 else { return finish(.offline("connect: \(String(cString: strerror(error)))")) }
        let request = "GET \(settings.url.path) HTTP/1.1\r\nHost: \(settings.url.authority)\r\n"
            + "User-Agent: switchboard\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        do { try socket.send(Array(request.utf8)) } catch { return finish(.offline("\(error)")) }
        watch = loop.watch(fd: socket.fd, readable: true, writable: false) { [weak self] _, _ in self?.readResponse() }
    }

    private func readResponse() {
        guard let socket else { return }
        do {
            guard let bytes = try socket.receive() else { return }
            guard !bytes.isEmpty else { return finish(.offline("the server closed the connection before answering")) }
            received += bytes
            guard let head = try HTTPResponseHead.parse(received) else { return }
            finish(judge(head))
        } catch {
            finish(.offline("bad response: \(error)"))
        }
    }

    private func judge(_ head: HTTPResponseHead) -> Outcome {
        guard head.status == settings.expectedStatus else { return .offline("status \(head.status)") }
        if let header = settings.expectedHeader, head.value(of: header.name) != header.value {
            return .offline("no '\(header.name): \(header.value)' header")
        }
        return .online
    }

    // MARK: ending

    /// Reports first and closes the socket once the loop is idle, after the
    /// D-Bus writes the outcome caused: closing a TCP socket sends its FIN,
    /// work that need not delay `online` (on one CPU, it would).
    private func finish(_ outcome: Outcome) {
        let completion = self.completion
        self.completion = nil
        let socket = self.socket
        tearDown()
        completion?(outcome)
        if let socket { MainLoop.shared.whenIdle { withExtendedLifetime(socket) {} } }
    }

    private func unwatch() {
        if let watch { loop.removeWatch(watch) }
        watch = nil
    }

    private func tearDown() {
        unwatch()
        socket = nil
        if let deadline { loop.removeTimer(deadline) }
        deadline = nil
    }
}
