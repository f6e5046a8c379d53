import Dispatch
import Glibc
import Host
import MainLoop
import Logging

// Parse first: --help and --version exit here, before any side effect.
let command = Command.parseOrExit()

ConsoleLogHandler.bootstrap()
if command.options.debug { LogThreshold.shared.current = .debug }

let daemon = Daemon()
guard daemon.start(command.options.daemonOptions()) else { exit(1) }
MainLoop.shared.run()
