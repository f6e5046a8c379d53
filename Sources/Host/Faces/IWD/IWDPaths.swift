import DBus
import Hexadecimal

/// iwd's object paths for the model: `/net/connman/iwd/<adapter>` per radio
/// (the number of a "phyN" name, like iwd's wiphy index), `<adapter>/<device>`
/// per Wi-Fi device (its ifindex, like iwd), `<device>/<hex SSID>_<type>` per
/// network, and `/net/connman/iwd/<hex SSID>_<type>` per known network.
/// Numbers are handed out once and kept for the daemon's life.
@MainActor
final class IWDPaths {
    private var adapterNumbers: [String: Int] = [:]
    private var devicePaths: [Device.ID: ObjectPath] = [:]
    private var networkPaths: [Service.ID: ObjectPath] = [:]

    /// A device's adapter: the radio it named, else a radio of its own.
    static func adapterName(of device: Device) -> String {
        device.adapter ?? "radio-\(device.id)"
    }

    func adapter(named name: String) -> ObjectPath {
        if let number = adapterNumbers[name] { return IWD.root.appending(String(number))! }
        let used = Set(adapterNumbers.values)
        let wanted = name.hasPrefix("phy") ? Int(name.dropFirst(3)) : nil
        let number = wanted.flatMap { used.contains($0) ? nil : $0 } ?? (used.union([-1]).max()! + 1)
        adapterNumbers[name] = number
        return IWD.root.appending(String(number))!
    }

    func device(_ device: Device) -> ObjectPath {
        if let path = devicePaths[device.id] { return path }
        let adapter = adapter(named: Self.adapterName(of: device))
        let taken = Set(devicePaths.values)
        var number = device.ifindex > 0 ? Int(device.ifindex) : 1
        while taken.contains(adapter.appending(String(number))!) { number += 1 }
        let path = adapter.appending(String(number))!
        devicePaths[device.id] = path
        return path
    }

    func devicePath(of id: Device.ID) -> ObjectPath? { devicePaths[id] }

    func network(_ service: Service, on device: Device) -> ObjectPath {
        if let path = networkPaths[service.id] { return path }
        let base = Hex.encode(service.name.utf8) + "_" + IWD.networkType(service.security)
        let devicePath = self.device(device)
        var path = devicePath.appending(base)!
        if networkPaths.values.contains(path) { path = devicePath.appending(base + "_\(service.id)")! }
        networkPaths[service.id] = path
        return path
    }

    func networkPath(of id: Service.ID) -> ObjectPath? { networkPaths[id] }

    func forget(service id: Service.ID) { networkPaths[id] = nil }
    func forget(device id: Device.ID) { devicePaths[id] = nil }

    static func knownNetwork(_ key: KnownNetworks.Key) -> ObjectPath {
        IWD.root.appending(Hex.encode(key.ssid.utf8) + "_" + key.type.rawValue)!
    }
}
