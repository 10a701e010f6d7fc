import IMAPWire

// Replaced by the response-parser fuzz entry point (see README, development section).
@main
enum FuzzParser {
    static func main() {}
}
