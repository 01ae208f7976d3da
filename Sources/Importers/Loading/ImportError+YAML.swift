import YAMLDocuments
import Yams

extension ImportError {
  /// What `parse` makes of `text` once its aliases are weighed, with the YAML library's and
  /// the guard's failures as import errors at their positions.
  static func parsingYAML<T>(_ text: String, file: String, _ parse: () throws -> T) throws -> T {
    do {
      try YAMLGuard.check(text, file: file)
      return try parse()
    } catch let error as YamlError {
      throw ImportError.syntax(file: file, line: error.line, column: error.column, message: error.summary)
    } catch let error as YAMLDocumentError {
      guard case .aliasBomb(_, let line, let column, let alias, let limit) = error else { throw error }
      throw ImportError.invalid(
        file: file, line: line, column: column, path: "*\(alias)", message: YAMLDocumentError.aliasBombMessage(limit: limit))
    }
  }
}
