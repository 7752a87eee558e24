import Console
import Foundation

CrashGuard.install()
exit(await CommandRunner.main(Array(CommandLine.arguments.dropFirst())))
