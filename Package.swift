// swift-tools-version:6.1
import PackageDescription

// Plugins are dynamic libraries loaded at run time: never make a target that
// links into the host or the tests depend on a plugin target.  Swift plugins
// link with -z nodelete (a Swift image must never be unmapped); the test-only
// plugins live in their own package under Tests/Plugins.
let swiftPluginLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "-z", "-Xlinker", "nodelete"]),
]

let package = Package(
    name: "Switchboard",
    products: [
        .executable(name: "switchboardd", targets: ["switchboardd"]),
        .executable(name: "switchboard-dpp", targets: ["switchboard-dpp"]),
        // Product plugins, installed as PREFIX/lib/switchboard/plugins/NAME.so.
        .library(name: "cellular", type: .dynamic, targets: ["CellularPlugin"]),
        .library(name: "ethernet", type: .dynamic, targets: ["EthernetPlugin"]),
        .library(name: "wifi", type: .dynamic, targets: ["WifiPlugin"]),
        .library(name: "dpp", type: .dynamic, targets: ["DPPPlugin"]),
        .library(name: "pkex", type: .dynamic, targets: ["PKEXPlugin"]),
        // The plugin ABI for vendors writing plugins in Swift with SwiftPM.
        .library(name: "SwitchboardPluginABI", targets: ["PluginABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CDBus", path: "Sources/CDBus", pkgConfig: "dbus-1",
                       providers: [.apt(["libdbus-1-dev"])]),
        .systemLibrary(name: "CNetlinkRoute", path: "Sources/CNetlinkRoute", pkgConfig: "libnl-route-3.0",
                       providers: [.apt(["libnl-route-3-dev"])]),
        .systemLibrary(name: "CNetlinkGenl", path: "Sources/CNetlinkGenl", pkgConfig: "libnl-genl-3.0",
                       providers: [.apt(["libnl-genl-3-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLTDL", path: "Sources/CLTDL", providers: [.apt(["libltdl-dev"])]),
        .systemLibrary(name: "CLinuxLoop", path: "Sources/CLinuxLoop"),
        // The kernel's nl80211 numbers (header only, no library).
        .systemLibrary(name: "CNL80211", path: "Sources/CNL80211"),
        // The DHCPv4 client's packet and UDP sockets (sockaddr_ll, BPF, PACKET_AUXDATA).
        .target(name: "CPacketSocket", path: "Sources/CPacketSocket"),

        // The one event loop: epoll and the main dispatch queue on the main thread.
        .target(name: "MainLoop", dependencies: ["CLinuxLoop"], path: "Sources/MainLoop"),

        // The plugin ABI: one C header, installed as <switchboard/plugin.h>.
        .target(name: "PluginABI", path: "Sources/PluginABI"),

        // rtnetlink through libnl-route: links, addresses, routes, rules and their events.
        .target(name: "Netlink", dependencies: ["CNetlinkRoute"], path: "Sources/Netlink"),

        // nl80211: messages built and parsed in Swift, one non-blocking socket through libnl-genl.
        .target(name: "NL80211", dependencies: ["CNetlinkGenl", "CNL80211"], path: "Sources/NL80211"),

        // Our small D-Bus layer over libdbus.
        .target(name: "DBus", dependencies: ["CDBus", "MainLoop"], path: "Sources/DBus"),

        // Session arbitration: a pure state machine (no D-Bus, no plugins).
        .target(name: "SessionArbitration", path: "Sources/SessionArbitration"),

        // Hexadecimal text, shared by the engines and the host.
        .target(name: "Hexadecimal", path: "Sources/Hexadecimal"),

        // Wi-Fi Easy Connect (DPP) and PKEX: a pure engine (no I/O) on OpenSSL 3.
        .target(name: "EasyConnect", dependencies: ["COpenSSL", "Hexadecimal"], path: "Sources/EasyConnect"),

        // DPP over TCP (port 8908): sockets and the drive of an EasyConnect session over one connection.
        .target(name: "EasyConnectTCP", dependencies: ["EasyConnect"], path: "Sources/EasyConnectTCP"),

        // switchboard-dpp: provisioning over IP with the EasyConnect engine (commands in a library, for tests).
        .target(name: "DPPTool", dependencies: [
                    "EasyConnect", "EasyConnectTCP",
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ], path: "Sources/DPPTool"),
        .executableTarget(name: "switchboard-dpp", dependencies: ["DPPTool"], path: "Sources/switchboard-dpp"),

        // DHCPv4 client: wire format (BOOTP/DHCP, IPv4/UDP) and a pure engine (no I/O, no clock).
        .target(name: "DHCP", path: "Sources/DHCP"),

        // The online check's wire formats: its http:// URL, the DNS question and answer, the HTTP response head.
        .target(name: "OnlineCheckWire", dependencies: ["DHCP"], path: "Sources/OnlineCheckWire"),

        // WPA2-Personal: EAPOL-Key, RSNE and IE wire formats and the supplicant's 4-way and group key handshakes (pure engine).
        .target(name: "WPA", dependencies: ["COpenSSL", "Hexadecimal"], path: "Sources/WPA"),

        // The host: model, plugin loader, event loop, configuration, D-Bus faces.
        .target(
            name: "Host",
            dependencies: [
                "DBus", "MainLoop", "Netlink", "PluginABI", "CLTDL", "SessionArbitration", "DHCP", "OnlineCheckWire", "CPacketSocket",
                "Hexadecimal",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Host"),

        // The daemon: command line and start-up only.
        .executableTarget(
            name: "switchboardd",
            dependencies: [
                "Host", "MainLoop",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/switchboardd"),

        // The host API table with a Swift face, for plugins written in Swift.
        .target(name: "PluginKit", dependencies: ["PluginABI"], path: "Sources/PluginKit"),

        // What the provisioning plugins share: engine sessions driven on the host loop, over TCP or the air.
        .target(name: "ProvisioningKit", dependencies: ["PluginKit", "EasyConnect", "EasyConnectTCP", "Hexadecimal"],
                path: "Sources/ProvisioningKit"),

        // Provisioning plugins.
        .target(name: "DPPPlugin", dependencies: ["PluginKit", "ProvisioningKit", "EasyConnect", "EasyConnectTCP", "Hexadecimal"],
                path: "Plugins/dpp", linkerSettings: swiftPluginLinkerSettings),
        .target(name: "PKEXPlugin", dependencies: ["PluginKit", "ProvisioningKit", "EasyConnect"],
                path: "Plugins/pkex", linkerSettings: swiftPluginLinkerSettings),

        // Bearer plugins.
        .target(name: "CellularTun", path: "Plugins/cellular/TunDevice"),
        .target(name: "CellularPlugin", dependencies: ["PluginKit", "CellularTun"], path: "Plugins/cellular/Modem",
                linkerSettings: swiftPluginLinkerSettings),
        .target(name: "EthernetPlugin", dependencies: ["PluginKit", "Netlink"], path: "Plugins/ethernet",
                linkerSettings: swiftPluginLinkerSettings),
        .target(name: "WifiPlugin", dependencies: ["PluginKit", "Netlink", "NL80211", "CNL80211", "WPA", "Hexadecimal"], path: "Plugins/wifi",
                linkerSettings: swiftPluginLinkerSettings),

        // A test-only WPA authenticator (builds messages 1 and 3, checks 2 and 4), for WPATests and the eapol fuzz target.
        .target(name: "WPATestSupport", dependencies: ["WPA"], path: "Tests/WPATestSupport"),

        // The fuzz targets (DHCP; EasyConnect's URI, frame, GAS, JSON and
        // session checks; nl80211 messages; WPA's EAPOL-Key handshake and
        // element parsers; the online check's DNS answer, HTTP head and URL) in one executable, picked with --target=NAME: a
        // replay tool in normal builds, a libFuzzer binary when built as
        // Tests/Fuzz/README.md says.
        .executableTarget(name: "switchboard-fuzz",
                          dependencies: ["DHCP", "EasyConnect", "NL80211", "CNL80211", "WPA", "WPATestSupport",
                                         "OnlineCheckWire"],
                          path: "Tests/Fuzz/Targets"),

        .testTarget(name: "MainLoopTests", dependencies: ["MainLoop"], path: "Tests/MainLoopTests"),
        .testTarget(name: "DBusTests", dependencies: ["DBus"], path: "Tests/DBusTests"),
        .testTarget(name: "SessionArbitrationTests", dependencies: ["SessionArbitration"],
                    path: "Tests/SessionArbitrationTests"),
        .testTarget(name: "EasyConnectTests", dependencies: ["EasyConnect"], path: "Tests/EasyConnectTests"),
        .testTarget(name: "EasyConnectTCPTests", dependencies: ["EasyConnectTCP", "EasyConnect"],
                    path: "Tests/EasyConnectTCPTests"),
        .testTarget(name: "DPPToolTests", dependencies: ["DPPTool", "EasyConnect", "EasyConnectTCP"],
                    path: "Tests/DPPToolTests"),
        .testTarget(name: "DHCPTests", dependencies: ["DHCP"], path: "Tests/DHCPTests"),
        .testTarget(name: "OnlineCheckWireTests", dependencies: ["OnlineCheckWire"], path: "Tests/OnlineCheckWireTests"),
        .testTarget(name: "NL80211Tests", dependencies: ["NL80211", "CNL80211"], path: "Tests/NL80211Tests"),
        .testTarget(name: "WPATests", dependencies: ["WPA", "WPATestSupport"], path: "Tests/WPATests"),
        .testTarget(name: "HostTests", dependencies: ["Host", "DBus", "Netlink"], path: "Tests/HostTests"),
        .testTarget(name: "PluginKitTests", dependencies: ["PluginKit"], path: "Tests/PluginKitTests"),
        .testTarget(name: "ProvisioningKitTests", dependencies: ["ProvisioningKit", "PluginKit", "EasyConnect"],
                    path: "Tests/ProvisioningKitTests"),
    ]
)
