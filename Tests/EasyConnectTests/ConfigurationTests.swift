import XCTest
@testable import EasyConnect

/// Configuration request and object JSON: what we send, what we accept, and
/// hostile documents.
final class ConfigurationTests: XCTestCase {
    private func text(_ octets: [UInt8]) -> String { String(decoding: octets, as: UTF8.self) }
    private func octets(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: - Configuration request

    func testRequestEncodesAndParses() throws {
        let request = try ConfigurationRequest(name: "kitchen \"sensor\"")
        XCTAssertEqual(text(request.encoded()), #"{"name":"kitchen \"sensor\"","wi-fi_tech":"infra","netRole":"sta"}"#)
        XCTAssertEqual(try ConfigurationRequest(parsing: request.encoded()), request)
        // What wpa_supplicant sends, with members we ignore.
        let supplicant = #"{"name":"Test","wi-fi_tech":"infra","netRole":"ap","bandSupport":[81,115],"x":{"y":null}}"#
        let parsed = try ConfigurationRequest(parsing: octets(supplicant))
        XCTAssertEqual(parsed.networkRole, .accessPoint)
        XCTAssertEqual(parsed.name, "Test")
    }

    func testRequestRefusals() {
        for document in [#"{"name":"a","wi-fi_tech":"mesh","netRole":"sta"}"#,
                         #"{"name":"a","wi-fi_tech":"infra","netRole":"boss"}"#,
                         #"{"name":"a","netRole":"sta"}"#,
                         #"{"wi-fi_tech":"infra","netRole":"sta"}"#,
                         #"{"name":"","wi-fi_tech":"infra","netRole":"sta"}"#,
                         #"{"name":5,"wi-fi_tech":"infra","netRole":"sta"}"#,
                         #"["name"]"#] {
            XCTAssertThrowsError(try ConfigurationRequest(parsing: octets(document)), document)
        }
    }

    // MARK: - Configuration object

    func testObjectSendsPassOrPSKHex() throws {
        let withPass = try ConfigurationObject(ssid: "home", credential: .passphrase("secret passphrase"))
        XCTAssertEqual(text(withPass.encoded()),
                       #"{"wi-fi_tech":"infra","discovery":{"ssid":"home"},"cred":{"akm":"psk","pass":"secret passphrase"}}"#)
        let psk = [UInt8](0..<32)
        let withPSK = try ConfigurationObject(ssid: "home", credential: .psk(psk), akms: ["psk"])
        XCTAssertEqual(text(withPSK.encoded()),
                       #"{"wi-fi_tech":"infra","discovery":{"ssid":"home"},"cred":{"akm":"psk","psk_hex":""#
                        + psk.hex + #""}}"#)
        for object in [withPass, withPSK] { XCTAssertEqual(try ConfigurationObject(parsing: object.encoded()), object) }
    }

    func testObjectEscapesEverything() throws {
        let ssid = "a\"b\\c\u{1}d\u{7f}é😀"
        let object = try ConfigurationObject(ssid: ssid, credential: .passphrase("p\"\\ss/word"),
                                             akms: ["psk", "sae"])
        let json = text(object.encoded())
        XCTAssertTrue(json.contains(#""ssid":"a\"b\\c\u0001d\u007fé😀""#), json)
        XCTAssertTrue(json.contains(#""akm":"psk+sae""#), json)
        XCTAssertEqual(try ConfigurationObject(parsing: object.encoded()), object)
    }

    func testObjectAcceptsWhatPeersSend() throws {
        let hostapd = #"{"wi-fi_tech":"infra","discovery":{"ssid":"test"},"cred":{"akm":"dpp+psk+sae","pass":"secret passphrase","signedConnector":"eyJ0.x.y","csign":{"kty":"EC","crv":"P-256"}},"extra":[1,2.5e3,true,false,null]}"#
        let fromHostapd = try ConfigurationObject(parsing: octets(hostapd))
        XCTAssertEqual(fromHostapd.akms, ["dpp", "psk", "sae"])
        XCTAssertEqual(fromHostapd.credential, .passphrase("secret passphrase"))

        let pskHex = String(repeating: "ab", count: 32)
        for member in ["psk_hex", "psk"] {
            let document = #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk","\#(member)":"\#(pskHex)"}}"#
            XCTAssertEqual(try ConfigurationObject(parsing: octets(document)).credential,
                           .psk([UInt8](repeating: 0xab, count: 32)), member)
        }
        let escaped = #"{"wi-fi_tech":"infra","discovery":{"ssid":"caf\u00e9 \ud83d\ude00"},"cred":{"akm":"psk","pass":"12345678"}}"#
        XCTAssertEqual(try ConfigurationObject(parsing: octets(escaped)).ssid, "café 😀")
    }

    func testObjectRefusals() {
        let pass = #""pass":"secret passphrase""#
        for document in [
            #"{"discovery":{"ssid":"n"},"cred":{"akm":"psk",\#(pass)}}"#,                       // no wi-fi_tech
            #"{"wi-fi_tech":"infra","cred":{"akm":"psk",\#(pass)}}"#,                            // no discovery
            #"{"wi-fi_tech":"infra","discovery":{"ssid":""},"cred":{"akm":"psk",\#(pass)}}"#,    // empty SSID
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"\#(String(repeating: "x", count: 33))"},"cred":{"akm":"psk",\#(pass)}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"dpp","signedConnector":"a.b.c"}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk"}}"#,           // no credential
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk","pass":"short"}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk","psk_hex":"abcd"}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"sae","psk_hex":"\#(String(repeating: "00", count: 32))"}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk++sae",\#(pass)}}"#,
            #"{"wi-fi_tech":"infra","discovery":{"ssid":"n"},"cred":{"akm":"psk",\#(pass),"pass":"other passphrase"}}"#,
        ] {
            XCTAssertThrowsError(try ConfigurationObject(parsing: octets(document)), document)
        }
    }

    // MARK: - Hostile JSON

    func testHostileJSONIsRefused() {
        let documents: [[UInt8]] = [
            [], octets(" "), octets("{"), octets("{}x"), octets("{,}"), octets(#"{"a":1,}"#), octets("[1,]"),
            octets(#"{"a" 1}"#), octets(#"{a:1}"#), octets("{'a':1}"), octets("01"), octets("-"), octets("1."),
            octets("1e"), octets("+1"), octets("NaN"), octets("tru"), octets("nul"), octets(#""\x""#),
            octets(#""\u12""#), octets(#""\ud800""#), octets(#""\udc00x""#), octets(#""\ud800\u0041""#),
            octets("\"a\u{1}b\""), octets("\"abc"), [0x22, 0xff, 0x22], [0x22, 0xc3, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22],
            octets("/*c*/{}"), octets(#"{"a":1}{"b":2}"#),
            octets(String(repeating: "[", count: 100_000)),
            octets(String(repeating: "[", count: 17) + String(repeating: "]", count: 17)),
            octets("[\"" + String(repeating: "x", count: 70_000) + "\"]"),
        ]
        for document in documents {
            XCTAssertThrowsError(try JSONReader.parse(document), text(Array(document.prefix(40)))) {
                guard case .invalidJSON = $0 as? EasyConnectError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertNoThrow(try JSONReader.parse(octets(String(repeating: "[", count: 16) + String(repeating: "]", count: 16))))
    }

    /// The depth limit counts arrays and objects only: a value inside the
    /// 16th container is accepted, a 17th container is not, whatever it
    /// holds (found by the `json` fuzz target: a scalar counted as a level).
    func testDepthLimitCountsContainersOnly() {
        func nested(_ count: Int, around inner: String) -> [UInt8] {
            octets(String(repeating: "[", count: count) + inner + String(repeating: "]", count: count))
        }
        for inner in ["1", #""s""#, "null", "{}", "[]", #"{"a":true}"#] {
            let limit = JSONReader.maximumDepth - (inner.hasPrefix("{") || inner.hasPrefix("[") ? 1 : 0)
            XCTAssertNoThrow(try JSONReader.parse(nested(limit, around: inner)), inner)
            XCTAssertThrowsError(try JSONReader.parse(nested(limit + 1, around: inner)), inner)
        }
    }

    func testWhitespaceNumbersAndEscapes() {
        XCTAssertEqual(try JSONReader.parse(octets(#" {"a" : [ -0.5e+3 , "\/" ] } "#)),
                       .object(["a": .array([.number("-0.5e+3"), .string("/")])]))
    }

    func testEveryTruncationOfAnObjectIsRefused() throws {
        let document = try ConfigurationObject(ssid: "x\"y", credential: .passphrase("12345678")).encoded()
        for length in 0..<document.count {
            XCTAssertThrowsError(try ConfigurationObject(parsing: document.prefix(length)), "cut at \(length)")
        }
    }
}
