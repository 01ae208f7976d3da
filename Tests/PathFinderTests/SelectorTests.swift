import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing

@Suite("Selectors")
struct SelectorTests {
  static let view = TraversalView(
    graph: try! Sketch.graph(
      """
      arn:aws:iam::1:role/x: Role
      bot: Agent domain=support disabled=true
      bot2: Okta_Agent,Agent domain=iam
      svc-a: ServiceAccount tags=prod|ops
      db: Resource sensitivity=high
      """))

  func ids(_ text: String) throws -> [String] { try Selector.select(text, in: Self.view).map(Self.view.graph.id(of:)) }

  @Test("exact ids win, even with colons; terms are and-ed; properties compare by JSON text")
  func selects() throws {
    #expect(try ids("arn:aws:iam::1:role/x") == ["arn:aws:iam::1:role/x"])
    #expect(try ids("kind:Agent") == ["bot", "bot2"])
    #expect(try ids("kind:Agent,domain:support") == ["bot"])
    #expect(try ids("category:service") == ["svc-a"])
    #expect(try ids("disabled:true") == ["bot"])
    #expect(try ids("id:svc-*") == ["svc-a"])
    #expect(try ids("tags:ops") == ["svc-a"])
    #expect(try ids("kind:Okta_*") == ["bot2"])
    #expect(try ids("sensitivity:low").isEmpty)
  }

  @Test("text that is neither an id nor key:value terms is an error that says so")
  func rejects() {
    #expect(throws: SelectorError.unknownID("nobody")) { try Selector.select("nobody", in: Self.view) }
    let typo = #expect(throws: SelectorError.unknownID("bott", nearest: ["bot", "bot2"])) {
      try Selector.select("bott", in: Self.view)
    }
    #expect(typo?.description == "no node has the id 'bott'; did you mean bot, bot2?")
    #expect(throws: SelectorError.self) { try Selector("kind:Agent,oops") }
  }

  @Test("a compiled selector picks an exact id first, and text without ':' or ',' is a plain id")
  func compiled() throws {
    let arn = try Selector("arn:aws:iam::1:role/x")
    #expect(!arn.isPlainID && arn.select(in: Self.view).map(Self.view.graph.id(of:)) == ["arn:aws:iam::1:role/x"])
    let db = try Selector("db")
    #expect(db.isPlainID && db.select(in: Self.view).map(Self.view.graph.id(of:)) == ["db"])
    #expect(try Selector("nobody").select(in: Self.view).isEmpty)
    #expect(try Selector("kind:Agent").select(in: Self.view).map(Self.view.graph.id(of:)) == ["bot", "bot2"])
    #expect(throws: SelectorError.malformed("bot,db", term: "bot")) { try Selector("bot,db") }
    #expect(throws: SelectorError.empty(" ")) { try Selector(" ") }
  }
}
