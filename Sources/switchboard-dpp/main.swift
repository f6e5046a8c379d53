import DPPTool
import Glibc

// Everything lives in DPPTool, where the tests reach it.
exit(SwitchboardDPP.main(arguments: Array(CommandLine.arguments.dropFirst())))
