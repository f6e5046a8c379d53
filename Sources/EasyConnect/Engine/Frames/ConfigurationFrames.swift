/// The frames of DPP Configuration, after authentication, all under ke:
///
///     GAS Initial Request:  {E-nonce, configuration request JSON}ke
///                           (no associated data)
///     GAS Initial Response: status, {E-nonce, configuration object...}ke
///                           (one associated data component: the status
///                           attribute as sent)
///     Configuration Result: {status, E-nonce}ke, associated data
///                           [DPP header, ""] (a zero-length component)
enum ConfigurationFrames {
    static func request(dialogToken: UInt8, enrolleeNonce: [UInt8], request: ConfigurationRequest,
                        ke: SecretBytes) throws -> [UInt8] {
        let wrapped = try WrappedData.seal([
            Attribute(.enrolleeNonce, enrolleeNonce),
            Attribute(.configurationRequestObject, request.encoded()),
        ], key: ke, associatedData: [])
        let query = try AttributeSerializer.serialize([wrapped])
        return try FrameSerializer.serialize(.gasInitialRequest(GASInitialRequest(dialogToken: dialogToken,
                                                                                  query: query)))
    }

    /// The wrapped attributes of a Configuration Request.
    static func openRequest(_ request: GASInitialRequest, ke: SecretBytes) throws -> AttributeList {
        let query = try AttributeParser.parse(request.query)
        return try WrappedData.open(query.required(.wrappedData), key: ke, associatedData: [])
    }

    /// A Configuration Response: the objects when `status` is OK, none
    /// otherwise.
    static func response(dialogToken: UInt8, status: DPPStatus, enrolleeNonce: [UInt8],
                         objects: [ConfigurationObject], ke: SecretBytes) throws -> [UInt8] {
        let clear = try AttributeSerializer.serialize([Attribute(.status, octet: status.rawValue)])
        let wrapped = try WrappedData.seal([Attribute(.enrolleeNonce, enrolleeNonce)]
            + objects.map { Attribute(.configurationObject, $0.encoded()) }, key: ke, associatedData: [clear])
        let query = clear + (try AttributeSerializer.serialize([wrapped]))
        return try FrameSerializer.serialize(.gasInitialResponse(GASInitialResponse(dialogToken: dialogToken,
                                                                                    query: query)))
    }

    /// The clear status and the wrapped attributes of a Configuration Response.
    static func openResponse(_ response: GASInitialResponse,
                             ke: SecretBytes) throws -> (status: DPPStatus, wrapped: AttributeList) {
        guard response.statusCode == 0 else {
            throw EasyConnectError.protocolViolation(.gasStatus(response.statusCode))
        }
        guard response.comebackDelay == 0 else { throw EasyConnectError.protocolViolation(.gasComebackUnsupported) }
        let query = try AttributeParser.parse(response.query)
        let status = try query.requiredStatus()
        let wrapped = try WrappedData.open(query.required(.wrappedData), key: ke,
                                           associatedData: [query.octetsBeforeWrappedData])
        return (status, wrapped)
    }

    static func result(status: DPPStatus, enrolleeNonce: [UInt8], ke: SecretBytes) throws -> [UInt8] {
        try WrappedData.frame(.configurationResult, clear: [], wrapping: [
            Attribute(.status, octet: status.rawValue),
            Attribute(.enrolleeNonce, enrolleeNonce),
        ], key: ke)
    }
}
