import Foundation
import QResyncTool

// Everything lives in QResyncTool; this file only hands over the arguments and the exit code.
exit(QResyncCommandLine.run(Array(CommandLine.arguments.dropFirst())))
