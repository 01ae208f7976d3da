import Foundation
import Importers
import TestSupport
import Testing

@Suite("Format detection")
struct InputFormatTests {
  func load(_ text: String, name: String = "input.json") throws -> InputLoader.Result {
    let dir = try TemporaryDirectory()
    return try InputLoader().load([try dir.write(name, Data(text.utf8))])
  }

  func failure(_ text: String) -> String {
    do {
      _ = try load(text)
      return "loaded"
    } catch {
      return "\(error)"
    }
  }

  @Test("a document two formats are sure of is refused, naming both and the option that settles it")
  func ambiguous() {
    #expect(
      failure(#"{"bindings": [], "UserDetailList": []}"#).hasSuffix(
        "JSON with top-level keys UserDetailList, bindings could be AWS IAM (with SCPs, resource policies, inventories) or GCP IAM; give --input-format (aws-iam, gcp-iam) to say which"
      ))
  }

  @Test("claims that overlap by a key are settled by the key only one format has")
  func overlaps() throws {
    // Okta's custom roles and GitHub's paged roles both list `roles`, as GCP's role lists do.
    #expect(try load(#"{"roles": [], "_links": {}}"#).sources.map(\.format) == [.okta])
    #expect(try load(#"{"total_count": 0, "roles": []}"#).sources.map(\.format) == [.github])
    #expect(try load(#"{"roles": []}"#).sources.map(\.format) == [.gcpIAM])
    // A GitHub App lists `permissions`, which Okta's roles have too.
    #expect(try load(#"{"node_id": "A_1", "permissions": {}}"#).sources.map(\.format) == [.github])
  }

  @Test("a list is the MCP registry's only when no format is sure of its first element")
  func fallback() throws {
    #expect(try load(#"[{"name": "io.example/docs", "version": "1.0.0"}]"#).sources.map(\.format) == [.mcpRegistry])
    #expect(try load(#"[{"node_id": "R_1", "name": "repo"}]"#).sources.map(\.format) == [.github])
  }
}
