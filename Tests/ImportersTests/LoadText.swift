import AccessGraph
import Importers

/// Imports `text` as a file called `name` without `--strict`, for tests of what is skipped.
func loadLeniently(_ text: String, named name: String) throws -> (graph: AccessGraph, report: BuildReport) {
  var builder = GraphBuilder()
  _ = try InputLoader().loadDocument(Array(text.utf8), named: name, into: &builder)
  return try builder.build()
}
