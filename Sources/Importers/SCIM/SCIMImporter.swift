import AccessGraph

/// Reads SCIM 2.0 resources: a User or Group, a ListResponse of them, or a BulkRequest's
/// operations. Users are `scim:<id>` humans (inactive ones disabled, the primary or first
/// email, the enterprise manager as `owner`), groups `scim:<id>` with `MemberOf` edges from
/// their members and from users' own `groups`. Resource type and schema listings are skipped.
enum SCIMImporter: DocumentImporter {
  static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
  static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
  static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    var resources: [JSONValue]
    if let list = root["Resources"]?.arrayValue {
      resources = list
    } else if let operations = root["Operations"]?.arrayValue {
      resources = operations.compactMap { $0["data"] }
    } else {
      resources = [root]
    }
    var sink = GraphSink(file: file)
    let here = SourceLocation(file: file)
    for resource in resources {
      let schemas = IAMPolicy.strings(resource["schemas"])
      let type = resource["meta"]?["resourceType"]?.stringValue
      // Without an id a resource (a bulk POST) cannot be referred to; use its bulkId-less name.
      guard let id = resource["id"]?.stringValue ?? resource["userName"]?.stringValue ?? resource["displayName"]?.stringValue
      else { continue }
      let isGroup = schemas.contains(groupSchema) || type == "Group" || resource["members"] != nil
      let isUser = !isGroup && (schemas.contains(userSchema) || type == "User" || resource["userName"] != nil)
      if isUser {
        var properties = Properties([
          ("name", .string(resource["userName"]?.stringValue ?? resource["displayName"]?.stringValue ?? id))
        ])
        let emails = resource["emails"]?.arrayValue ?? []
        if let email = (emails.first { $0["primary"]?.boolValue == true } ?? emails.first)?["value"]?.stringValue {
          properties["email"] = .string(email)
        } else if let userName = resource["userName"]?.stringValue, userName.contains("@") {
          properties["email"] = .string(userName)
        }
        if resource["active"]?.boolValue == false { properties["disabled"] = .bool(true) }
        if let manager = resource[enterprise]?["manager"]?["value"]?.stringValue {
          properties["owner"] = .string("scim:\(manager)")
        }
        sink.node("scim:\(id)", ["SCIM_User", BuiltInKind.human], properties, at: here)
        for group in resource["groups"]?.arrayValue ?? [] {
          guard let value = group["value"]?.stringValue else { continue }
          sink.reference("scim:\(value)", ["SCIM_Group", BuiltInKind.group], at: here)
          sink.edge(BuiltInKind.memberOf, "scim:\(id)", "scim:\(value)", at: here)
        }
      } else if isGroup {
        sink.node(
          "scim:\(id)", ["SCIM_Group", BuiltInKind.group],
          Properties([("name", .string(resource["displayName"]?.stringValue ?? id))]),
          at: here)
        for member in resource["members"]?.arrayValue ?? [] {
          guard let value = member["value"]?.stringValue else { continue }
          let kinds =
            member["type"]?.stringValue == "Group" ? ["SCIM_Group", BuiltInKind.group] : ["SCIM_User", BuiltInKind.human]
          sink.reference("scim:\(value)", kinds, at: here)
          sink.edge(BuiltInKind.memberOf, "scim:\(value)", "scim:\(id)", at: here)
        }
      }
    }
    return try sink.emit(into: &builder)
  }
}

extension SCIMImporter: FormatClaim {
  static let format = InputFormat.scim
  static let displayName = "SCIM"

  static func claim(_ document: DocumentShape) -> Claim? {
    document.hasAny(["schemas", "Resources"]) ? .sure : nil
  }
}
