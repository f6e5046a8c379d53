import Foundation
import XCTest
@testable import Host

final class IniFileTests: XCTestCase {
    func testSectionsKeysAndComments() {
        let ini = IniFile(file: "main.conf", text: """
            # comment
            [General]
            EnablePlugins = eth*, wifi
            ; another comment

            [ethernet]
            Interfaces=eth0
            Interfaces=eth1
            """)
        XCTAssertEqual(ini.diagnostics, [])
        XCTAssertEqual(ini.section("General")?.value("EnablePlugins"), "eth*, wifi")
        XCTAssertEqual(ini.section("ethernet")?.value("Interfaces"), "eth1", "a later line overrides an earlier one")
        XCTAssertEqual(ini.section("ethernet")?.line, 6)
    }

    func testMalformedLinesAreReportedWithFileAndLine() {
        let ini = IniFile(file: "/etc/switchboard/main.conf", text: "orphan=1\n[General\nnot a pair\n[ok]\n=value\nKey=Value")
        XCTAssertEqual(ini.diagnostics.map(\.description), [
            "/etc/switchboard/main.conf:1: key 'orphan' outside of any section",
            "/etc/switchboard/main.conf:2: malformed section header '[General'",
            "/etc/switchboard/main.conf:3: expected 'Key=Value', found 'not a pair'",
            "/etc/switchboard/main.conf:5: missing key before '='",
        ])
        XCTAssertEqual(ini.section("ok")?.value("Key"), "Value", "parsing goes on after bad lines")
    }

    func testBinaryGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<256, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = IniFile(file: "fuzz", text: String(decoding: bytes, as: UTF8.self))
        }
    }
}

final class MainConfigTests: XCTestCase {
    func testGeneralKeysAndPluginSections() {
        let config = MainConfig(file: "m.conf", text: """
            [General]
            EnablePlugins=ethernet, wifi ,
            DisablePlugins=sbtest-*
            PluginDir=/opt/plugins
            Colour=blue
            [cellular]
            Modems=2
            """)
        XCTAssertEqual(config.enablePlugins, ["ethernet", "wifi"])
        XCTAssertEqual(config.disablePlugins, ["sbtest-*"])
        XCTAssertEqual(config.pluginDirectory, "/opt/plugins")
        XCTAssertEqual(config.pluginSections["cellular"]?.value("Modems"), "2")
        XCTAssertEqual(config.warnings.map(\.description), ["m.conf:5: unknown key 'Colour' in [General]; ignored"])
    }

    func testTrueFalseKeys() {
        XCTAssertFalse(MainConfig().releaseLeaseOnDisconnect, "a disconnect keeps the lease unless told otherwise")
        let config = MainConfig(file: "m.conf", text: """
            [General]
            ReleaseLeaseOnDisconnect=true
            EnableIWDInterface=sometimes
            """)
        XCTAssertTrue(config.releaseLeaseOnDisconnect)
        XCTAssertTrue(config.iwdInterface, "a value that is not true or false leaves the default")
        XCTAssertEqual(config.warnings.map(\.description), ["m.conf:3: EnableIWDInterface must be true or false; ignored"])
    }

    func testMissingFileMeansDefaults() {
        let config = MainConfig.load(path: "/nonexistent/switchboard/main.conf")
        XCTAssertEqual(config.enablePlugins, [])
        XCTAssertEqual(config.warnings, [])
    }

    func testInvalidUTF8IsAWarningNotACrash() throws {
        let path = NSTemporaryDirectory() + "sb-bad-\(getpid()).conf"
        try Data([0x5b, 0xff, 0xfe, 0x5d]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = MainConfig.load(path: path)
        XCTAssertEqual(config.warnings.map(\.description), ["\(path):0: not valid UTF-8; using defaults"])
    }
}

final class PluginFilterTests: XCTestCase {
    func testGlobsSelectExactlyTheExpectedPlugins() {
        let names = ["ethernet", "wifi", "cellular", "dpp", "pkex", "sbtest-probe-c"]
        func selected(_ filter: PluginFilter) -> [String] { names.filter(filter.selects) }

        XCTAssertEqual(selected(PluginFilter()), names)
        XCTAssertEqual(selected(PluginFilter(enable: ["e*", "wifi"])), ["ethernet", "wifi"])
        XCTAssertEqual(selected(PluginFilter(disable: ["*p*"])), ["ethernet", "wifi", "cellular"])
        XCTAssertEqual(selected(PluginFilter(enable: ["[dp]*"], disable: ["pkex"])), ["dpp"])
        XCTAssertEqual(selected(PluginFilter(enable: ["?ifi"])), ["wifi"])
        XCTAssertEqual(selected(PluginFilter(enable: ["nothing"])), [])
    }

    func testCommandLineReplacesConfigListByList() {
        let config = MainConfig(file: "m", text: "[General]\nEnablePlugins=wifi\nDisablePlugins=dpp\n")
        let both = PluginFilter(commandLineEnable: ["eth*"], commandLineDisable: [], config: config)
        XCTAssertEqual(both, PluginFilter(enable: ["eth*"], disable: ["dpp"]))
        let none = PluginFilter(commandLineEnable: [], commandLineDisable: [], config: config)
        XCTAssertEqual(none, PluginFilter(enable: ["wifi"], disable: ["dpp"]))
    }

    func testPluginFileNames() {
        XCTAssertEqual(PluginDiscovery.pluginName(forFile: "ethernet.so"), "ethernet")
        XCTAssertEqual(PluginDiscovery.pluginName(forFile: "libethernet.so"), "ethernet")
        XCTAssertNil(PluginDiscovery.pluginName(forFile: "ethernet.so.1"))
        XCTAssertNil(PluginDiscovery.pluginName(forFile: "README"))
        XCTAssertNil(PluginDiscovery.pluginName(forFile: "lib.so"))
    }

    func testPluginDirectoryAndFiles() throws {
        XCTAssertEqual(PluginDiscovery.parent(of: "/usr/sbin/switchboardd"), "/usr/sbin")
        XCTAssertEqual(PluginDiscovery.parent(of: "/switchboardd"), "/")
        XCTAssertEqual(PluginDiscovery.parent(of: "switchboardd"), ".")
        let root = NSTemporaryDirectory() + "prefix-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let executable = root + "/sbin/switchboardd"
        XCTAssertEqual(PluginDiscovery.defaultDirectory(executable: executable), root + "/sbin", "a build tree")
        let installed = root + "/lib/switchboard/plugins"
        try FileManager.default.createDirectory(atPath: installed, withIntermediateDirectories: true)
        XCTAssertEqual(PluginDiscovery.defaultDirectory(executable: executable), installed)

        for file in ["libwifi.so", "wifi.so", "README", "libethernet.so"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: installed + "/" + file, contents: Data()))
        }
        // NAME.so, the installed layout, wins over libNAME.so.
        XCTAssertEqual(try PluginDiscovery.candidates(in: installed), [
            .init(name: "ethernet", path: installed + "/libethernet.so"),
            .init(name: "wifi", path: installed + "/wifi.so"),
        ])
        XCTAssertThrowsError(try PluginDiscovery.candidates(in: root + "/missing"))
    }
}
