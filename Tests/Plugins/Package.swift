// swift-tools-version:6.1
import PackageDescription

// Test-only plugins for Switchboard's host and integration tests.
//
// This is a package of its own, not targets of the root package: plugins are
// loaded at run time and must never be linked into the daemon or its tests.
// It uses the ABI the way a vendor's SwiftPM package would, through the root
// package's SwitchboardPluginABI product (the C target PluginABI).
//
// Build only the plugin products, so a root package that is mid-edit does not
// get in the way:
//     swift build --product sbtest-probe-c --product sbtest-probe-swift --product sbtest-wifi \
//         --product sbtest-provision
// SwiftPM names the files libsbtest-probe-c.so and libsbtest-probe-swift.so;
// the host accepts libNAME.so as well as NAME.so.
let package = Package(
    name: "SwitchboardTestPlugins",
    products: [
        .library(name: "sbtest-probe-c", type: .dynamic, targets: ["ProbeC"]),
        .library(name: "sbtest-probe-swift", type: .dynamic, targets: ["ProbeSwift"]),
        .library(name: "sbtest-wifi", type: .dynamic, targets: ["WifiSim"]),
        .library(name: "sbtest-provision", type: .dynamic, targets: ["ProvisionSim"]),
    ],
    dependencies: [
        .package(name: "Switchboard", path: "../.."),
    ],
    targets: [
        // A bearer plugin in C whose connect completes later (SB_PENDING).
        .target(
            name: "ProbeC",
            dependencies: [.product(name: "SwitchboardPluginABI", package: "Switchboard")],
            // No public headers: nothing links against a plugin.  SwiftPM wants
            // an existing directory here, and the target's own one has no .h.
            publicHeadersPath: ".",
            cSettings: [.unsafeFlags(["-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"])]),
        // A Wi-Fi bearer in C without a radio: secrets, errors, scanning (ABI 1.2).
        .target(
            name: "WifiSim",
            dependencies: [.product(name: "SwitchboardPluginABI", package: "Switchboard")],
            publicHeadersPath: ".",
            cSettings: [.unsafeFlags(["-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"])],
            // PBKDF2 for the WPA key, as a real plugin derives it.
            linkerSettings: [.linkedLibrary("crypto")]),
        // A provisioning plugin in C without a protocol: sessions end as configured (ABI 1.3).
        .target(
            name: "ProvisionSim",
            dependencies: [.product(name: "SwitchboardPluginABI", package: "Switchboard")],
            publicHeadersPath: ".",
            cSettings: [.unsafeFlags(["-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"])]),
        // A bearer plugin in Swift whose connect completes at once.
        .target(
            name: "ProbeSwift",
            dependencies: [.product(name: "SwitchboardPluginABI", package: "Switchboard")],
            // A Swift image must never be unloaded: the runtime keeps pointers
            // into it (metadata, conformances) for the life of the process.
            linkerSettings: [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "nodelete"])]),
    ]
)
