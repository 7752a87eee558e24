import Console
import Foundation

// A crash must not leave decrypted case data in a core file.
var noCoreDumps = rlimit(rlim_cur: 0, rlim_max: 0)
setrlimit(Int32(RLIMIT_CORE.rawValue), &noCoreDumps)

exit(await CommandRunner.main(Array(CommandLine.arguments.dropFirst())))
