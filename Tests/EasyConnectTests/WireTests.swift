import XCTest
@testable import EasyConnect

/// The Wire layer: the reference frames of `dpp_auth_frames` rebuilt byte for
/// byte from the vectors' inputs and parsed back; hostile attribute lists; GAS
/// frames; DPP over TCP framing.
final class WireTests: XCTestCase {
    // MARK: - Reference frames

    /// hostap's attribute order, as the vectors' note says: Request = R-hash,
    /// [I-hash], PI, version, {I-nonce, I-caps}k1; Response = status, R-hash,
    /// [I-hash], PR, version, {R-nonce, I-nonce, R-caps, {R-auth}ke}k2;
    /// Confirm = status, R-hash, [I-hash], {I-auth}ke.
    func testReferenceFramesRebuiltByteForByte() throws {
        let vectors = try Vectors.load()
        XCTAssertEqual(vectors.dpp_auth_frames.count, 2)
        for frames in vectors.dpp_auth_frames {
            let vector = try XCTUnwrap(vectors.dpp_auth.first { $0.id == frames.for })
            let keys = try DerivedAuthKeys(vector)
            let rHash = try BootstrappingKeyHash.keyHash(der: keys.bR.publicKey.subjectPublicKeyInfo())
            let iHash = try keys.bI.map { try BootstrappingKeyHash.keyHash(der: $0.publicKey.subjectPublicKeyInfo()) }
            // The responder-only vector still names the initiator's hash in
            // its Request (the initiator has a key; the responder did not
            // know it), so take it from the frame itself.
            let requestHashes = try FrameParser.parseDPP(fromHeader: [UInt8](hex: frames.auth_request)).attributes
            let requestIHash = try requestHashes.required(.initiatorBootstrappingKeyHash, length: 32)
            if let iHash { XCTAssertEqual(iHash, requestIHash, frames.id) }

            let request = try build(.authenticationRequest, clear: [
                Attribute(.responderBootstrappingKeyHash, rHash),
                Attribute(.initiatorBootstrappingKeyHash, requestIHash),
                Attribute(.initiatorProtocolKey, try keys.pI.publicKey.xy),
                Attribute(.protocolVersion, octet: 2),
            ], wrapped: [
                Attribute(.initiatorNonce, keys.initiatorNonce),
                Attribute(.initiatorCapabilities, [UInt8](hex: frames.i_capabilities)),
            ], key: keys.k1)
            XCTAssertEqual(request.hex, frames.auth_request, frames.id)

            let rAuth = try wrap([Attribute(.responderAuthenticatingTag, keys.rAuth)], key: keys.ke, aad: [])
            var responseClear = [Attribute(.status, octet: 0), Attribute(.responderBootstrappingKeyHash, rHash)]
            if let iHash { responseClear.append(Attribute(.initiatorBootstrappingKeyHash, iHash)) }
            responseClear += [Attribute(.responderProtocolKey, try keys.pR.publicKey.xy),
                              Attribute(.protocolVersion, octet: 2)]
            let response = try build(.authenticationResponse, clear: responseClear, wrapped: [
                Attribute(.responderNonce, keys.responderNonce),
                Attribute(.initiatorNonce, keys.initiatorNonce),
                Attribute(.responderCapabilities, [UInt8](hex: frames.r_capabilities)),
                Attribute(.wrappedData, rAuth),
            ], key: keys.k2)
            XCTAssertEqual(response.hex, frames.auth_response, frames.id)

            var confirmClear = [Attribute(.status, octet: 0), Attribute(.responderBootstrappingKeyHash, rHash)]
            if let iHash { confirmClear.append(Attribute(.initiatorBootstrappingKeyHash, iHash)) }
            let confirm = try build(.authenticationConfirm, clear: confirmClear,
                                    wrapped: [Attribute(.initiatorAuthenticatingTag, keys.iAuth)], key: keys.ke)
            XCTAssertEqual(confirm.hex, frames.auth_confirm, frames.id)

            // Parsed back and serialised again: the same octets.
            for frame in [request, response, confirm] {
                let parsed = try FrameParser.parseDPP(fromHeader: frame)
                let again = try FrameSerializer.serialize(.dpp(parsed))
                XCTAssertEqual(Array(again.dropFirst(2)), frame, frames.id)
            }
        }
    }

    /// The vectors start at the OUI: drop the category and action octets.
    private func build(_ type: FrameType, clear: [Attribute], wrapped: [Attribute], key: SecretBytes) throws -> [UInt8] {
        Array(try WrappedData.frame(type, clear: clear, wrapping: wrapped, key: key).dropFirst(2))
    }

    private func wrap(_ attributes: [Attribute], key: SecretBytes, aad: [[UInt8]]) throws -> [UInt8] {
        try WrappedData.seal(attributes, key: key, associatedData: aad).value
    }

    // MARK: - Hostile attribute lists

    private func referenceRequest() throws -> [UInt8] {
        [UInt8](hex: try Vectors.load().dpp_auth_frames[0].auth_request)
    }

    func testEveryTruncationFailsOrLosesWrappedData() throws {
        let frame = try referenceRequest()
        for length in 0..<frame.count {
            // A cut on an attribute boundary is a valid, shorter list; it
            // can never still hold the Wrapped Data (always last).
            if let parsed = try? FrameParser.parseDPP(fromHeader: frame.prefix(length)) {
                XCTAssertNil(parsed.attributes.wrappedData, "cut at \(length)")
            }
        }
    }

    func testHugeLengthIsTruncation() {
        let list: [UInt8] = [0x05, 0x10, 0xff, 0xff, 1, 2, 3]
        XCTAssertThrowsError(try AttributeParser.parse(list)) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.truncatedAttribute))
        }
        XCTAssertThrowsError(try AttributeParser.parse([0x05, 0x10, 0x01])) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.truncatedAttribute))
        }
    }

    func testDuplicatesAndOrder() throws {
        let nonce = Attribute(.initiatorNonce, [1, 2])
        let wrapped = Attribute(.wrappedData, [9])
        XCTAssertThrowsError(try AttributeParser.parse(try AttributeSerializer.serialize([nonce, nonce]))) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.duplicateAttribute(.initiatorNonce)))
        }
        XCTAssertThrowsError(try AttributeParser.parse(try AttributeSerializer.serialize([wrapped, nonce]))) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.attributeAfterWrappedData))
        }
        let objects = [Attribute(.configurationObject, [1]), Attribute(.configurationObject, [2])]
        XCTAssertEqual(try AttributeParser.parse(try AttributeSerializer.serialize(objects)).values(.configurationObject),
                       [[1], [2]])
        // Unknown attributes are kept (and skipped by callers), not refused.
        let unknown = try AttributeParser.parse([0x77, 0x20, 0x00, 0x00])
        XCTAssertEqual(unknown.attributes, [Attribute(AttributeID(rawValue: 0x2077), [])])
    }

    func testMissingAndMisSizedAttributes() throws {
        let list = try AttributeParser.parse(try AttributeSerializer.serialize([Attribute(.status, [0, 0])]))
        XCTAssertThrowsError(try list.required(.initiatorNonce)) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.missingAttribute(.initiatorNonce)))
        }
        XCTAssertThrowsError(try list.requiredStatus()) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.invalidAttributeLength(.status, 2)))
        }
        let unknownStatus = try AttributeParser.parse(try AttributeSerializer.serialize([Attribute(.status, [200])]))
        XCTAssertThrowsError(try unknownStatus.requiredStatus())
    }

    func testHeaders() throws {
        let frame = try referenceRequest()
        XCTAssertNoThrow(try FrameParser.parse([0x04, 0x09] + frame))
        XCTAssertThrowsError(try FrameParser.parse([0x7f, 0x09] + frame))
        XCTAssertThrowsError(try FrameParser.parse([0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x02, 0x00]))  // suite 2
        XCTAssertThrowsError(try FrameParser.parse([0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x63])) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.unknownFrameType(0x63)))
        }
        XCTAssertThrowsError(try FrameParser.parse([0x04, 0x0c, 0x01]))  // GAS comeback: not spoken
        for length in 0..<8 { XCTAssertThrowsError(try FrameParser.parse(([0x04, 0x09] + frame).prefix(length))) }
    }

    // MARK: - GAS

    func testGASRoundTripsAndAdvertisementProtocol() throws {
        let request = GASInitialRequest(dialogToken: 7, query: [1, 2, 3])
        let requestOctets = try FrameSerializer.serialize(.gasInitialRequest(request))
        XCTAssertEqual(requestOctets.hex, "040a07" + "6c087fdd05506f9a1a01" + "0300" + "010203")
        guard case .gasInitialRequest(let parsedRequest) = try FrameParser.parse(requestOctets) else {
            return XCTFail("not a GAS request")
        }
        XCTAssertEqual(parsedRequest, request)

        let response = GASInitialResponse(dialogToken: 7, statusCode: 0, comebackDelay: 0, query: [4, 5])
        let responseOctets = try FrameSerializer.serialize(.gasInitialResponse(response))
        XCTAssertEqual(responseOctets.hex, "040b07" + "0000" + "0000" + "6c087fdd05506f9a1a01" + "0200" + "0405")
        guard case .gasInitialResponse(let parsedResponse) = try FrameParser.parse(responseOctets) else {
            return XCTFail("not a GAS response")
        }
        XCTAssertEqual(parsedResponse, response)

        // The query response info octet: 00 and 7f accepted, others refused.
        var zero = requestOctets
        zero[5] = 0x00
        XCTAssertNoThrow(try FrameParser.parse(zero))
        var other = requestOctets
        other[5] = 0x10
        XCTAssertThrowsError(try FrameParser.parse(other)) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.notDPPAdvertisementProtocol))
        }
        var anqp = requestOctets
        anqp[8] = 0x00
        XCTAssertThrowsError(try FrameParser.parse(anqp))
        // Query length disagreeing with the octets present.
        XCTAssertThrowsError(try FrameParser.parse(requestOctets + [0])) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.trailingOctets))
        }
        XCTAssertThrowsError(try FrameParser.parse(requestOctets.dropLast())) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.truncatedFrame))
        }
    }

    // MARK: - DPP over TCP

    func testTCPFramingEncodesWithoutCategory() throws {
        let frame = [0x04, 0x09] + (try referenceRequest())
        let message = try TCPFraming.encode(actionFrame: frame)
        XCTAssertEqual(Array(message.prefix(5)), [0, 0, 0, UInt8(frame.count - 1), 0x09])
        XCTAssertEqual(Array(message.dropFirst(4)), Array(frame.dropFirst()))
        XCTAssertThrowsError(try TCPFraming.encode(actionFrame: [0x05, 0x09]))
    }

    func testTCPDecoderReassemblesAnyChunking() throws {
        let first = [0x04, 0x09] + (try referenceRequest())
        let second = try FrameSerializer.serialize(.gasInitialRequest(GASInitialRequest(dialogToken: 1, query: [7])))
        let stream = try TCPFraming.encode(actionFrame: first) + (try TCPFraming.encode(actionFrame: second))
        for chunk in [1, 3, 7, stream.count] {
            var decoder = TCPFraming.Decoder()
            var frames: [[UInt8]] = []
            for start in stride(from: 0, to: stream.count, by: chunk) {
                decoder.append(stream[start..<min(start + chunk, stream.count)])
                while let frame = try decoder.nextFrame() { frames.append(frame) }
            }
            XCTAssertEqual(frames, [first, second], "chunks of \(chunk)")
            XCTAssertEqual(decoder.bufferedCount, 0)
        }
    }

    func testTCPDecoderRefusesZeroAndHugeLengths() {
        var zero = TCPFraming.Decoder()
        zero.append([0, 0, 0, 0])
        XCTAssertThrowsError(try zero.nextFrame()) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.emptyMessage))
        }
        var huge = TCPFraming.Decoder()
        huge.append([0xff, 0xff, 0xff, 0xff, 0x09])
        XCTAssertThrowsError(try huge.nextFrame()) {
            XCTAssertEqual($0 as? EasyConnectError, .malformedFrame(.messageTooLong(0xffff_ffff)))
        }
        var partial = TCPFraming.Decoder()
        partial.append([0, 0, 0])
        XCTAssertNil(try partial.nextFrame())
    }
}
