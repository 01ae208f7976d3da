import Foundation
import Yams

/// One YAML file read as a tree, with errors that carry the file, line and column of the node
/// at fault. Aliases are weighed by `YAMLGuard` before the library expands them.
public struct YAMLDocument {
  public let file: String
  /// What the file is, as errors name it ("rules file").
  public let document: String
  /// The root node, or nil for an empty file.
  public let root: Node?

  /// Reads and parses `path`.
  /// - Throws: `YAMLDocumentError` when the file is unreadable, not text, not YAML, or an
  ///   alias bomb.
  /// - Complexity: O(n) in the file's size.
  public init(contentsOf path: String, document: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw YAMLDocumentError.unreadable(file: path, document: document)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw YAMLDocumentError.notText(file: path, document: document)
    }
    try self.init(text, file: path, document: document)
  }

  /// Parses `text` as the contents of `file`.
  /// - Throws: `YAMLDocumentError.syntax` or `.aliasBomb`.
  /// - Complexity: O(n) in the text.
  public init(_ text: String, file: String, document: String) throws {
    self.file = file
    self.document = document
    try YAMLGuard.check(text, file: file)
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw YAMLDocumentError.syntax(file: file, error)
    }
  }

  /// An error at `node`'s position.
  public func error(_ node: Node, _ message: String) -> YAMLDocumentError {
    .invalid(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
  }

  /// `node` as a non-empty string.
  public func string(_ node: Node, _ what: String) throws -> String {
    guard let s = node.scalar?.string, !s.isEmpty else { throw error(node, "\(what) must be a non-empty string") }
    return s
  }

  /// `node` as a list.
  public func sequence(_ node: Node, _ what: String) throws -> [Node] {
    guard let items = node.sequence else { throw error(node, "\(what) must be a list") }
    return Array(items)
  }

  /// `node` as a mapping.
  public func mapping(_ node: Node, _ message: String) throws -> Node.Mapping {
    guard let map = node.mapping else { throw error(node, message) }
    return map
  }
}
