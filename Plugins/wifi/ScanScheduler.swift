import Glibc
import NL80211
import PluginKit

/// main.conf `[wifi]` scan keys.
struct ScanSettings {
    /// `ScanFrequencies=2412,2437`: only these channels (MHz); all when unset.
    var frequencies: [UInt32] = []
    /// `BackgroundScanInterval=` seconds between scans while disconnected,
    /// doubling after each up to `BackgroundScanMaxInterval=`.
    var interval: UInt64 = 10
    var maxInterval: UInt64 = 300

    init(host: HostAPI) {
        frequencies = (host.config("ScanFrequencies") ?? "").split(separator: ",").compactMap {
            UInt32($0.filter { !$0.isWhitespace })
        }
        if let value = host.config("BackgroundScanInterval").flatMap(UInt64.init), value > 0 { interval = value }
        if let value = host.config("BackgroundScanMaxInterval").flatMap(UInt64.init), value >= interval { maxInterval = value }
    }
}

/// When a station scans: at once for a user's Scan(), periodically (with
/// growing intervals) while disconnected, never in the middle of connecting.
/// Results are read when the kernel says a scan finished, whoever asked.
final class ScanScheduler {
    weak var station: WifiStation?
    private let host: HostAPI
    private let settings: ScanSettings
    private var waiting: [sb_request_id] = []
    private lazy var timer = HostTimer(host: host) { [weak self] in
        if let self, !scanning { trigger() }
    }
    private var nextInterval: UInt64
    private var background = false
    private(set) var scanning = false

    init(host: HostAPI, settings: ScanSettings) {
        self.host = host
        self.settings = settings
        nextInterval = settings.interval
    }

    /// A user asked (Technology.Scan, Station.Scan): completes when results are in.
    func requested(_ request: sb_request_id) {
        waiting.append(request)
        if !scanning { trigger() }
    }

    func disconnected() {
        background = true
        nextInterval = settings.interval
        if !scanning { trigger() }
    }

    func connecting() {
        background = false
        cancelTimer()
    }

    func stop() {
        background = false
        cancelTimer()
        finish(-ECANCELED)
    }

    private func trigger() {
        guard let station else { return }
        cancelTimer()
        station.send(.triggerScan(interface: station.ifindex, frequencies: settings.frequencies, ssids: [])) { [weak self] result in
            guard let self, case .failure(let error) = result else { return }
            // EBUSY: the kernel is already scanning (or connecting); its results serve us too.
            if error.code != EBUSY {
                station.log(SB_LOG_WARNING, "cannot scan: \(error)")
                finish(-error.code)
            }
            scheduleNext()
        }
    }

    func kernelStarted() {
        scanning = true
        station?.scanStateChanged(true)
    }

    func kernelFinished(aborted: Bool) {
        guard let station else { return }
        guard !aborted else {
            scanning = false
            station.scanStateChanged(false)
            finish(-ECANCELED)
            scheduleNext()
            return
        }
        station.send(.scanResults(interface: station.ifindex)) { [weak self] result in
            guard let self, let station = self.station else { return }
            scanning = false
            switch result {
            case .success(let messages):
                station.scanResults(messages.compactMap(BSS.init))
                finish(0)
            case .failure(let error):
                station.log(SB_LOG_WARNING, "cannot read scan results: \(error)")
                finish(-error.code)
            }
            station.scanStateChanged(false)
            scheduleNext()
        }
    }

    private func finish(_ code: Int32) {
        let requests = waiting
        waiting.removeAll()
        for request in requests { host.complete(request, code) }
    }

    private func scheduleNext() {
        guard background, !timer.isArmed else { return }
        let delay = nextInterval
        nextInterval = min(nextInterval * 2, settings.maxInterval)
        timer.arm(milliseconds: delay * 1000)
    }

    private func cancelTimer() {
        timer.cancel()
    }
}
