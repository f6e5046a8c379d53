import CNL80211
import Glibc
import NL80211
import PluginKit

/// Management frames for provisioning plugins (ABI 1.2 frame ops) over
/// nl80211: REGISTER_FRAME for what to receive, FRAME to send (completed by
/// its TX status), REMAIN_ON_CHANNEL to listen.  The kernel names each
/// transmission and listen by a cookie, which maps back to the request.
final class FrameTransport {
    private let host: HostAPI
    private var transmissions: [UInt64: sb_request_id] = [:]
    private var listens: [UInt64: sb_request_id] = [:]
    /// Per interface, the listens the kernel has not ended yet (one under
    /// way, one queued behind it when a listener renews before the end).
    private var currentListens: [Int32: Set<UInt64>] = [:]
    /// Outcomes that arrived before the command's reply named their cookie:
    /// the kernel announces a listen that joins one already under way (and
    /// may report a transmission) while still handling the command, so
    /// the event precedes the reply on the socket.  A few at most.
    private var early: [(cookie: UInt64, status: Int32)] = []

    init(host: HostAPI) {
        self.host = host
    }

    func register(_ station: WifiStation, type: UInt16, match: [UInt8]) -> Int32 {
        station.send(.registerFrame(interface: station.ifindex, type: type, match: match)) { result in
            if case .failure(let error) = result { station.log(SB_LOG_WARNING, "cannot register for frames: \(error)") }
        }
        return 0
    }

    func send(_ station: WifiStation, frequency: UInt32, wait: UInt32, frame: [UInt8], request: sb_request_id) -> Int32 {
        station.send(.frame(interface: station.ifindex, frequency: frequency, wait: wait, frame: frame)) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let replies):
                guard let cookie = replies.first?.attributes.u64(NL80211_ATTR_COOKIE) else {
                    host.complete(request, 0)  // no TX status will come (no-ack frames)
                    return
                }
                if let status = takeEarly(cookie) { return host.complete(request, status) }
                transmissions[cookie] = request
            case .failure(let error):
                host.complete(request, -error.code)
            }
        }
        return Int32(SB_PENDING)
    }

    func remainOnChannel(_ station: WifiStation, frequency: UInt32, duration: UInt32, request: sb_request_id) -> Int32 {
        station.send(.remainOnChannel(interface: station.ifindex, frequency: frequency, duration: duration)) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let replies):
                guard let cookie = replies.first?.attributes.u64(NL80211_ATTR_COOKIE) else {
                    host.complete(request, -EIO)
                    return
                }
                currentListens[station.ifindex, default: []].insert(cookie)
                if let status = takeEarly(cookie) { return host.complete(request, status) }
                listens[cookie] = request
            case .failure(let error):
                host.complete(request, -error.code)
            }
        }
        return Int32(SB_PENDING)
    }

    /// Ends every listen of the station: the one under way and any queued.
    func cancelRemainOnChannel(_ station: WifiStation) -> Int32 {
        guard let cookies = currentListens.removeValue(forKey: station.ifindex), !cookies.isEmpty else { return -ENOENT }
        for cookie in cookies {
            station.send(.cancelRemainOnChannel(interface: station.ifindex, cookie: cookie)) { _ in }
        }
        return 0
    }

    /// TX status and listen events (the others are the station's).
    func handle(_ message: NL80211Message, station: WifiStation) {
        let attributes = message.attributes
        guard let cookie = attributes.u64(NL80211_ATTR_COOKIE) else { return }
        if message.is(NL80211_CMD_FRAME_TX_STATUS) {
            let status = attributes.has(NL80211_ATTR_ACK) ? 0 : -EIO
            if let request = transmissions.removeValue(forKey: cookie) { host.complete(request, status) } else { keepEarly(cookie, status) }
        } else if message.is(NL80211_CMD_REMAIN_ON_CHANNEL) {
            if let request = listens.removeValue(forKey: cookie) { host.complete(request, 0) } else { keepEarly(cookie, 0) }
        } else if message.is(NL80211_CMD_CANCEL_REMAIN_ON_CHANNEL) {
            if let request = listens.removeValue(forKey: cookie) { host.complete(request, -ECANCELED) }
            currentListens[station.ifindex]?.remove(cookie)
        }
    }

    private func keepEarly(_ cookie: UInt64, _ status: Int32) {
        // Another program's cookies (a listen of iw's) come here too: keep only the newest few.
        if early.count == 8 { early.removeFirst() }
        early.append((cookie, status))
    }

    private func takeEarly(_ cookie: UInt64) -> Int32? {
        guard let index = early.firstIndex(where: { $0.cookie == cookie }) else { return nil }
        return early.remove(at: index).status
    }
}
