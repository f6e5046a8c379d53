import EasyConnect

/// `gas`: GAS frames as DPP Configuration uses them.  An input is a GAS frame
/// body after its action code (dialog token onwards), read as an Initial
/// Request, an Initial Response and as the two Comeback frames (which this
/// engine does not speak: they must be refused as such, never misread).  The
/// frames then go to the sessions waiting for GAS frames (a configurator
/// waiting for the Configuration Request, an enrollee waiting for the
/// Response), which must never succeed on them.
enum GASFuzz {
    static let target = FuzzTarget(name: "gas", summary: "GAS Initial Request/Response and Comeback frames, sessions",
                                   run: run)

    static let initialRequest: UInt8 = 0x0a
    static let initialResponse: UInt8 = 0x0b
    static let comebackActions: [UInt8] = [0x0c, 0x0d]

    static func run(_ bytes: [UInt8]) {
        for action in [initialRequest, initialResponse] {
            let frame = [0x04, action] + bytes
            FrameChecks.actionFrame(frame)
            for fixture in DPPSessionFuzz.gasFixtures { SessionChecks.check(fixture, with: frame) }
        }
        for action in comebackActions {
            let frame = [0x04, action] + bytes
            do {
                _ = try FrameParser.parse(frame)
                require(false, "a GAS Comeback frame parsed")
            } catch {
                require(error as? EasyConnectError == .malformedFrame(.unsupportedAction(action)),
                        "a GAS Comeback frame is refused as an unsupported action")
            }
        }
    }
}
