import XCTest
@testable import EasyConnect

/// DPP Authentication key derivation against every `dpp_auth` vector, from
/// the private keys, computed from both sides; then the reference frames of
/// `dpp_auth_frames` unwrapped with the derived keys.
final class AuthenticationKeyScheduleTests: XCTestCase {
    func testEveryVector() throws {
        let vectors = try Vectors.load().dpp_auth
        XCTAssertEqual(vectors.count, 3)
        for vector in vectors {
            for key in ["k1", "k2", "ke", "m_x", "n_x", "r_auth", "i_auth", "r_boot_der"] {
                XCTAssertNotNil(vector.value(key), "\(vector.id) lacks \(key)")
            }
            _ = try DerivedAuthKeys(vector)
        }
    }

    /// Request {I-nonce, I-caps}k1, Response {R-nonce, I-nonce, R-caps,
    /// {R-auth}ke}k2, Confirm {I-auth}ke; outer AAD = [header, attributes
    /// before Wrapped Data], the inner R-auth wrap has no AAD.
    func testReferenceFramesUnwrap() throws {
        let vectors = try Vectors.load()
        for frames in vectors.dpp_auth_frames {
            let vector = try XCTUnwrap(vectors.dpp_auth.first { $0.id == frames.for })
            let keys = try DerivedAuthKeys(vector)

            let request = try FrameParser.parseDPP(fromHeader: [UInt8](hex: frames.auth_request))
            let requestPlain = try AttributeParser.parse(try AESSIV(key: keys.k1).open(
                request.attributes.required(.wrappedData), associatedData: request.associatedData).unprotectedCopy())
            XCTAssertEqual(requestPlain.value(.initiatorNonce), keys.initiatorNonce, frames.id)

            let response = try FrameParser.parseDPP(fromHeader: [UInt8](hex: frames.auth_response))
            let responsePlain = try AttributeParser.parse(try AESSIV(key: keys.k2).open(
                response.attributes.required(.wrappedData), associatedData: response.associatedData).unprotectedCopy())
            let inner = try responsePlain.required(.wrappedData)
            let rAuthAttributes = try AttributeParser.parse(try AESSIV(key: keys.ke).open(inner, associatedData: [])
                .unprotectedCopy())
            XCTAssertEqual(rAuthAttributes.value(.responderAuthenticatingTag), keys.rAuth, frames.id)
            XCTAssertEqual(responsePlain.value(.responderNonce), keys.responderNonce, frames.id)

            let confirm = try FrameParser.parseDPP(fromHeader: [UInt8](hex: frames.auth_confirm))
            let confirmPlain = try AttributeParser.parse(try AESSIV(key: keys.ke).open(
                confirm.attributes.required(.wrappedData), associatedData: confirm.associatedData).unprotectedCopy())
            XCTAssertEqual(confirmPlain.value(.initiatorAuthenticatingTag), keys.iAuth, frames.id)

            // Wrong key or dropped AAD component: clean failure.
            XCTAssertThrowsError(try AESSIV(key: keys.k2).open(request.attributes.required(.wrappedData),
                                                               associatedData: request.associatedData))
            XCTAssertThrowsError(try AESSIV(key: keys.ke).open(confirm.attributes.required(.wrappedData),
                                                               associatedData: [confirm.header]))
        }
    }

    func testWrongLengthsAreRefused() throws {
        let schedule = AuthenticationKeySchedule(curve: .p256)
        let shortX = SecretBytes([UInt8](repeating: 1, count: 31))
        XCTAssertThrowsError(try schedule.firstIntermediateKey(mx: shortX))
        let x = SecretBytes([UInt8](repeating: 1, count: 32))
        XCTAssertThrowsError(try schedule.bindingKey(initiatorNonce: [UInt8](repeating: 0, count: 24),
                                                     responderNonce: [UInt8](repeating: 0, count: 16),
                                                     mx: x, nx: x, lx: nil))
    }
}
