import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

/// A seeded fuzz campaign over the committed fixtures: every mutated input must load or fail
/// with an error that names its file, quickly. A crash, a hang or an abort fails the run.
@Suite("Fuzzing the importers")
struct FuzzTests {
  /// One small real sample of every format.
  static let seeds = [
    "bloodhound-opengraph/openhound_sample_graph.json", "aws-iam/moto_authz_details.json",
    "gcp-iam/synthetic_project_iam_policy_v3.json", "entra-graph/scubagear_MockServicePrincipals.json",
    "okta/openhound-okta_users.json", "scim/scim2-models_rfc7643-8.4-group.json", "bloodhound-legacy/bhce_v6_groups_excerpt.json",
    "github/openhound-github_org.json", "k8s-rbac/rbac-tool_whocan_secret-reader.yaml",
    "mcp-agent-config/synthetic/codex_config.toml", "mcp-agent-config/synthetic/claude_desktop_config.json",
    "mcp-agent-config/a2a_agent-card_full.json", "hand-made/inventory.yaml",
  ]

  static func mutate(_ bytes: [UInt8], using rng: inout SeededRandom) -> [UInt8] {
    guard !bytes.isEmpty else { return bytes }
    var b = bytes
    switch Int.random(in: 0..<7, using: &rng) {
    case 0:  // truncate
      b = Array(b.prefix(Int.random(in: 0..<b.count, using: &rng)))
    case 1:  // flip a few bytes
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
      }
    case 2:  // splice a piece of itself elsewhere
      let from = Int.random(in: 0..<b.count, using: &rng)
      let piece = b[from..<min(b.count, from + Int.random(in: 1...200, using: &rng))]
      b.insert(contentsOf: piece, at: Int.random(in: 0...b.count, using: &rng))
    case 3:  // swap a string for a number, an object or null
      if let quote = b.indices.filter({ b[$0] == UInt8(ascii: "\"") }).randomElement(using: &rng) {
        let replacement = ["12345", "{}", "null", "[[]]", "true"].randomElement(using: &rng)!
        b.replaceSubrange(quote..<min(b.count, quote + 1), with: Array(replacement.utf8))
      }
    case 4:  // deep nesting
      let depth = Int.random(in: 1_000...50_000, using: &rng)
      b = Array(repeating: UInt8(ascii: "["), count: depth) + b
    case 5:  // a NUL or an invalid UTF-8 byte
      b.insert([0x00, 0xFF, 0xC3].randomElement(using: &rng)!, at: Int.random(in: 0...b.count, using: &rng))
    default:  // delete a range
      let start = Int.random(in: 0..<b.count, using: &rng)
      b.removeSubrange(start..<min(b.count, start + Int.random(in: 1...64, using: &rng)))
    }
    return b
  }

  @Test("mutated fixtures load or fail naming their file", arguments: 0..<4)
  func campaign(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0xF022 + batch)
    let started = Date()
    var failures = 0
    var runs = 0
    for seed in Self.seeds {
      let original = try Fixtures.bytes(seed)
      let name = (seed as NSString).lastPathComponent
      for _ in 0..<100 {
        let input = Self.mutate(original, using: &rng)
        runs += 1
        var builder = GraphBuilder()
        do {
          _ = try InputLoader().loadDocument(input, named: name, into: &builder)
          _ = try builder.build()
        } catch let error as ImportError {
          failures += 1
          #expect(error.file == name)
          #expect("\(error)".hasPrefix(name), "\(error)")
        } catch {
          failures += 1
          #expect("\(error)".contains(name), "\(seed): \(error)")
        }
      }
    }
    #expect(runs == Self.seeds.count * 100)
    // Most mutations break the input; a campaign where nothing failed mutated nothing.
    #expect(failures > runs / 4)
    #expect(Date().timeIntervalSince(started) < 60)
  }
}
