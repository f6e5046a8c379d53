import Logging

/// The online check of one ready service: probe, and after a failure probe
/// again after a wait that doubles up to the configured maximum.  It stops
/// at the first success (the service is then online) or when cancelled.
@MainActor
final class OnlineCheck {
    private let settings: OnlineCheckSettings
    /// Asked at each attempt: the service's families and name servers change.
    private let target: () -> OnlineProbe.Target?
    private let loop: EventLoop
    private let logger: Logger
    private let label: String
    private var probe: OnlineProbe?
    private var retry: EventLoop.SourceID?
    private var nextWait: UInt64
    private let online: () -> Void

    init(settings: OnlineCheckSettings, target: @escaping () -> OnlineProbe.Target?, label: String, loop: EventLoop, logger: Logger,
         online: @escaping () -> Void) {
        self.settings = settings
        self.target = target
        self.label = label
        self.loop = loop
        self.logger = logger
        self.online = online
        nextWait = settings.firstRetryMilliseconds
    }

    func start() {
        guard let target = target() else { return }
        let probe = OnlineProbe(settings: settings, target: target, loop: loop)
        self.probe = probe
        probe.start { [weak self] outcome in self?.finished(outcome, link: target.link) }
    }

    func cancel() {
        probe?.cancel()
        probe = nil
        if let retry { loop.removeTimer(retry) }
        retry = nil
    }

    private func finished(_ outcome: OnlineProbe.Outcome, link: String) {
        probe = nil
        switch outcome {
        case .online:
            logger.info("\(label): online (\(settings.url.authority) answered through \(link))")
            online()
        case .offline(let reason):
            logger.info("\(label): online check failed: \(reason); next try in \(nextWait) ms")
            retry = loop.addTimer(delayMilliseconds: nextWait, intervalMilliseconds: 0) { [weak self] _ in
                self?.retry = nil
                self?.start()
            }
            nextWait = min(nextWait * 2, settings.maximumRetryMilliseconds)
        }
    }
}
