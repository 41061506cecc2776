import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Well-formedness checks for the tests: SVG through Foundation's XML parser, HTML (which
/// is not XML: `<!DOCTYPE html>`, void elements) through a small tag-balance check.
enum XMLCheck {
    /// `nil` when `text` is well-formed XML, otherwise the parser's complaint.
    static func xmlProblem(_ text: String) -> String? {
        let parser = XMLParser(data: Data(text.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        if parser.parse() { return nil }
        return "\(parser.parserError.map { "\($0)" } ?? "parse failed") at line \(parser.lineNumber)"
    }

    /// Elements in document order, for counting.
    static func elementNames(_ text: String) -> [String] {
        let parser = XMLParser(data: Data(text.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.names
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var names: [String] = []
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            names.append(elementName)
        }
    }

    /// `nil` when every HTML tag that must be closed is closed in order.
    static func htmlTagProblem(_ html: String) -> String? {
        let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "wbr"]
        var stack: [String] = []
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            guard let close = html[open...].firstIndex(of: ">") else { return "unclosed '<'" }
            let tag = html[html.index(after: open)..<close]
            index = html.index(after: close)
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            let selfClosing = tag.hasSuffix("/")
            let isEnd = tag.hasPrefix("/")
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
            if isEnd {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else if !selfClosing && !voidElements.contains(name) {
                stack.append(name)
            }
        }
        return stack.isEmpty ? nil : "unclosed: \(stack)"
    }
}
