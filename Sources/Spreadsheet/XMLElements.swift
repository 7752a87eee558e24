import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A forgiving SAX walk over an XML part: calls `start` for each element with its local
/// name (prefix dropped) and attributes, `text` for the characters inside, `end` at its end.
final class XMLElements: NSObject, XMLParserDelegate {
    var start: (String, [String: String]) -> Void = { _, _ in }
    var text: (String) -> Void = { _ in }
    var end: (String) -> Void = { _ in }

    /// Walks `data`; false when it is not well-formed XML.
    func walk(_ data: Data) -> Bool {
        // From a stream, parsed in chunks: given as one piece, a part of tens of megabytes on
        // one line (as sheets are written) is refused by libxml2 at its end.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = self
        parser.shouldResolveExternalEntities = false  // no entity can reach outside the file
        return parser.parse()
    }

    static func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        start(Self.local(name), attributes)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        end(Self.local(name))
    }
}
