import Testing

@testable import Importers

@Suite("Finding a record by its path")
struct JSONReaderLocateTests {
  static let document = """
    {"Users": [
      {"Name": "a", "Arn": "x"},
      {"Name": "b",
       "Tags": {"team": "ops"}}],
     "odd": 1}
    """

  func position(_ path: String) -> (Int, Int)? {
    Array(Self.document.utf8).withUnsafeBufferPointer { JSONReader.position(of: path, in: $0) }.map { ($0.line, $0.column) }
  }

  @Test("paths split into keys and elements; a description names the root")
  func steps() {
    #expect(JSONReader.steps(of: "Users[1].Tags.team") == [.key("Users"), .element(1), .key("Tags"), .key("team")])
    #expect(JSONReader.steps(of: "[0].name") == [.element(0), .key("name")])
    #expect(JSONReader.steps(of: "the document") == [])
    #expect(JSONReader.steps(of: "Users[x]") == nil)
  }

  @Test("a path finds where its value starts; a missing field, the record that lacks it")
  func positions() throws {
    #expect(try #require(position("Users[1].Tags.team")) == (4, 21))
    #expect(try #require(position("Users[0].Arn")) == (2, 24))
    #expect(try #require(position("Users[1].Arn")) == (3, 3))
    #expect(try #require(position("the document")) == (1, 1))
    #expect(try #require(position("odd")) == (5, 9))
    #expect(position("Missing.deeper") == nil)
  }
}
