import Glibc
import Logging
import PluginABI

/// The C functions behind `sb_host_api`.  Each one finds its plugin from the
/// `sb_host *`, refuses calls from a foreign thread (except log and post),
/// and turns the plugin's C records into model calls.
enum HostAPITable {
    static func make(for handle: OpaquePointer) -> sb_host_api {
        var table = sb_host_api()
        table.header = ABI.header(SB_MAGIC_HOST_API, sb_host_api.self)
        table.host = handle
        table.log = hostLog
        table.watch_fd = hostWatchFD
        table.unwatch_fd = hostUnwatchFD
        table.add_timer = hostAddTimer
        table.remove_timer = hostRemoveTimer
        table.post = hostPost
        table.config_get = hostConfigGet
        table.device_add = deviceAdd
        table.device_remove = deviceRemove
        table.device_set_powered = deviceSetPowered
        table.service_add = serviceAdd
        table.service_remove = serviceRemove
        table.service_set_state = serviceSetState
        table.service_set_strength = serviceSetStrength
        table.service_set_ipv4 = serviceSetIPv4
        table.service_set_ipv6 = serviceSetIPv6
        table.complete = complete
        table.service_configure_ip = serviceConfigureIP
        table.service_release_ip = serviceReleaseIP
        table.service_request_secret = serviceRequestSecret
        table.service_secret_result = serviceSecretResult
        table.service_set_error = serviceSetError
        table.device_set_scanning = deviceSetScanning
        table.device_frame_received = deviceFrameReceived
        table.service_set_frequency = serviceSetFrequency
        table.device_frame_register = deviceFrameRegister
        table.device_frame_send = deviceFrameSend
        table.device_remain_on_channel = deviceRemainOnChannel
        table.device_cancel_remain_on_channel = deviceCancelRemainOnChannel
        table.request_shared_code = requestSharedCode
        table.provisioning_finished = provisioningFinished
        table.device_set_transmit_frequencies = deviceSetTransmitFrequencies
        return table
    }
}

/// Runs `body` for a loop-only host API call, or logs and returns `refused`
/// when the plugin called from another thread.
func onLoop<A, R>(_ handle: OpaquePointer?, _ function: String, refused: R, _ arguments: A,
                  _ body: @MainActor (PluginInstance, A) -> R) -> R {
    guard let plugin = PluginInstance.from(handle) else { return refused }
    guard EventLoop.isOnLoop else {
        plugin.logger.error("\(function)() called outside the host loop; refused (use post())")
        return refused
    }
    // The C arguments travel boxed so the isolated body captures nothing
    // non-Sendable; being on the loop is what makes handing them over sound.
    let boxed = Unchecked(arguments)
    return runOnLoop { body(plugin, boxed.value) }
}

struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// `MainActor.assumeIsolated` without its Sendable requirement on the result:
/// the host API passes C pointers in and out.  The caller has checked that it
/// runs on the loop, which is what makes this sound.
func runOnLoop<R>(_ body: @MainActor () -> R) -> R {
    precondition(EventLoop.isOnLoop, "host loop code called off the loop")
    return withoutActuallyEscaping(body) { escapable in
        unsafeBitCast(escapable, to: (() -> R).self)()
    }
}

func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?) -> [String] {
    guard var cursor = list else { return [] }
    var result: [String] = []
    while let item = cursor.pointee, result.count < 16 {
        result.append(String(cString: item))
        cursor += 1
    }
    return result
}

/// Runs the body of a host API call and turns what it throws into -errno,
/// logging the reason for the plugin's developer.
@MainActor
func guarded(_ plugin: PluginInstance, _ function: String, _ body: () throws -> Int32) -> Int32 {
    do {
        return try body()
    } catch let violation as ABIViolation {
        plugin.logger.warning("\(function)(): \(violation)")
        return -EINVAL
    } catch let refusal as Registry.Refusal {
        switch refusal {
        case .invalid(let why):
            plugin.logger.warning("\(function)(): \(why)")
            return -EINVAL
        case .exists(let why):
            plugin.logger.warning("\(function)(): \(why)")
            return -EEXIST
        case .notFound:
            return -ENOENT
        case .notOwner:
            plugin.logger.warning("\(function)(): the object belongs to another plugin")
            return -EPERM
        }
    } catch {
        plugin.logger.warning("\(function)(): \(error)")
        return -EINVAL
    }
}

private let hostLog: @convention(c) (OpaquePointer?, sb_log_level, UnsafePointer<CChar>?) -> Void = { handle, level, message in
    guard let plugin = PluginInstance.from(handle), let message else { return }
    let text = String(cString: message)
    switch level {
    case SB_LOG_ERROR: plugin.logger.error("\(text)")
    case SB_LOG_WARNING: plugin.logger.warning("\(text)")
    case SB_LOG_INFO: plugin.logger.info("\(text)")
    default: plugin.logger.debug("\(text)")
    }
}

private let hostWatchFD: @convention(c) (OpaquePointer?, Int32, UInt32, sb_fd_callback?, UnsafeMutableRawPointer?) -> sb_source_id = {
    handle, fd, events, callback, userData in
    onLoop(handle, "watch_fd", refused: 0, (fd, events, callback, userData)) { plugin, arguments in
        let (fd, events, callback, userData) = arguments
        guard let callback else { return 0 }
        let data = UncheckedPointer(userData)
        let readable = events & UInt32(SB_FD_READABLE.rawValue) != 0
        let writable = events & UInt32(SB_FD_WRITABLE.rawValue) != 0
        guard let id = plugin.host.loop.watch(fd: fd, readable: readable, writable: writable, handler: { r, w in
            let ready = (r ? UInt32(SB_FD_READABLE.rawValue) : 0) | (w ? UInt32(SB_FD_WRITABLE.rawValue) : 0)
            callback(fd, ready, data.pointer)
        }) else { return 0 }
        plugin.sources.insert(id)
        return id
    }
}

private let hostUnwatchFD: @convention(c) (OpaquePointer?, sb_source_id) -> Void = { handle, id in
    onLoop(handle, "unwatch_fd", refused: (), (id)) { plugin, arguments in
        let (id) = arguments
        guard plugin.sources.remove(id) != nil else { return }
        plugin.host.loop.removeWatch(id)
    }
}

private let hostAddTimer: @convention(c) (OpaquePointer?, UInt64, UInt64, sb_timer_callback?, UnsafeMutableRawPointer?) -> sb_source_id = {
    handle, delay, interval, callback, userData in
    onLoop(handle, "add_timer", refused: 0, (delay, interval, callback, userData)) { plugin, arguments in
        let (delay, interval, callback, userData) = arguments
        guard let callback else { return 0 }
        let data = UncheckedPointer(userData)
        let id = plugin.host.loop.addTimer(delayMilliseconds: delay, intervalMilliseconds: interval) { [weak plugin] id in
            if interval == 0 { plugin?.sources.remove(id) }
            callback(data.pointer)
        }
        plugin.sources.insert(id)
        return id
    }
}

private let hostRemoveTimer: @convention(c) (OpaquePointer?, sb_source_id) -> Void = { handle, id in
    onLoop(handle, "remove_timer", refused: (), (id)) { plugin, arguments in
        let (id) = arguments
        guard plugin.sources.remove(id) != nil else { return }
        plugin.host.loop.removeTimer(id)
    }
}

private let hostPost: @convention(c) (OpaquePointer?, sb_post_callback?, UnsafeMutableRawPointer?) -> Int32 = {
    handle, callback, userData in
    guard let plugin = PluginInstance.from(handle), let callback else { return -EINVAL }
    let data = UncheckedPointer(userData)
    // Dropped if the plugin exited (or failed init) before the loop got to it,
    // as the ABI promises: its data may be freed by then.
    EventLoop.post { if plugin.initialized { callback(data.pointer) } }
    return 0
}

private let hostConfigGet: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> UnsafePointer<CChar>? = { handle, key in
    onLoop(handle, "config_get", refused: nil, (key)) { plugin, arguments in
        let (key) = arguments
        guard let key = string(key) else { return nil }
        return plugin.configValue(key)
    }
}
