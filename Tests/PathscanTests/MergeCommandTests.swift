import Foundation
import Importers
import TestSupport
import Testing

@Suite("pathscan scan --shard and merge")
struct MergeCommandTests {
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  /// The unsharded scan's JSON and the merge of `n` parts' JSON, both as written to files.
  func both(_ input: String, parts n: Int, in folder: TemporaryDirectory) throws -> (whole: String, merged: String) {
    let whole = folder.path("whole.json")
    #expect(CommandRunner.run(["scan", input, "--format", "json", "-o", whole] + at).status == 0)
    var parts: [String] = []
    for i in 1...n {
      let part = folder.path("part-\(i).json")
      #expect(CommandRunner.run(["scan", input, "--shard", "\(i)/\(n)", "--format", "json", "-o", part] + at).status == 0)
      parts.append(part)
    }
    let merged = folder.path("merged.json")
    let out = CommandRunner.run(["merge"] + parts.reversed() + ["-o", merged])
    #expect(out.status == 0, "\(out.err)")
    return (try String(contentsOfFile: whole, encoding: .utf8), try String(contentsOfFile: merged, encoding: .utf8))
  }

  @Test("the bundled example in three parts merges into exactly the unsharded JSON; each finding is in one part")
  func example() throws {
    let folder = try TemporaryDirectory()
    let (whole, merged) = try both(CommandRunner.example, parts: 3, in: folder)
    #expect(merged == whole)
    var ids: [String] = []
    for i in 1...3 {
      let part = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path("part-\(i).json"))))
      ids += ((part as! [String: Any])["findings"] as! [[String: Any]]).map { $0["id"] as! String }
    }
    #expect(ids.count == 32 && Set(ids).count == 32)
  }

  @Test("on random graphs, any number of parts merges into exactly the unsharded JSON")
  func randomGraphs() throws {
    var rng = SeededRandom(seed: 0x5EA4D)
    let kinds = ["Human", "Agent", "ServiceAccount", "Group", "Role", "Application", "Credential", "Resource"]
    let edges = ["MemberOf", "HasCredential", "AuthenticatesAs", "CanInvoke", "CanRead", "CanAct", "CanAdmin", "HasRole"]
    var compared = 0
    for round in 0..<12 {
      let n = Int.random(in: 5...14, using: &rng)
      var lines = (0..<n).map { i in
        "n\(i): \(kinds.randomElement(using: &rng)!)" + (Bool.random(using: &rng) ? " sensitivity=critical" : "")
          + (Bool.random(using: &rng) ? " domain=\(["support", "iam"].randomElement(using: &rng)!)" : "")
      }
      for _ in 0..<(2 * n) {
        lines.append(
          "n\(Int.random(in: 0..<n, using: &rng)) -\(edges.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))")
      }
      let folder = try TemporaryDirectory()
      let input = folder.path("g.json")
      try OpenGraphWriter.json(for: try Sketch.graph(lines.joined(separator: "\n"))).write(
        toFile: input, atomically: true, encoding: .utf8)
      let (whole, merged) = try both(input, parts: 1 + round % 4, in: folder)
      #expect(merged == whole, "round \(round)")
      compared += whole.components(separatedBy: "\"rule\" : ").count - 1
    }
    #expect(compared > 30)
  }

  @Test("a missing part, a part given twice and an unsharded scan are refused, naming the file")
  func refused() throws {
    let folder = try TemporaryDirectory()
    for i in 1...2 {
      _ = CommandRunner.run(
        ["scan", CommandRunner.example, "--shard", "\(i)/2", "--format", "json", "-o", folder.path("p\(i).json")] + at)
    }
    _ = CommandRunner.run(["scan", CommandRunner.example, "--format", "json", "-o", folder.path("whole.json")] + at)
    let missing = CommandRunner.run(["merge", folder.path("p1.json")])
    #expect(missing.status == 1 && missing.err.contains("parts missing: 2/2"))
    let twice = CommandRunner.run(["merge", folder.path("p1.json"), folder.path("p1.json")])
    #expect(twice.status == 1 && twice.err.contains("part 1 again"))
    let whole = CommandRunner.run(["merge", folder.path("p1.json"), folder.path("whole.json")])
    #expect(whole.status == 1 && whole.err.contains("whole.json: not a part of a sharded scan"))
    let text = try folder.write("x.json", Data("{\"findings\": 3}".utf8))
    let bad = CommandRunner.run(["merge", text])
    #expect(bad.status == 1 && bad.err.contains("x.json: not the JSON of 'pathscan scan'"))
    let db = CommandRunner.run(["scan", CommandRunner.example, "--shard", "1/2", "--db", folder.path("s.db")])
    #expect(db.status == 1 && db.err.contains("--shard scans a part of the graph"))
    #expect(CommandRunner.run(["scan", CommandRunner.example, "--shard", "3/2"]).status == 1)
  }
}
