import AccessGraph

/// Reads BloodHound collector JSON (the `meta`/`data` envelope): SharpHound v5/v6 users,
/// groups, computers and domains, and AzureHound's federated identity credentials.
///
/// Active Directory objects are `ad:<object id>`; group members and a user's primary group
/// become `MemberOf`; ACEs granting control (GenericAll, GenericWrite, WriteDacl, WriteOwner,
/// Owns, ForceChangePassword, AddMember, AddSelf, AllExtendedRights, AddKeyCredentialLink)
/// become `CanManage` from the trustee, with the right as `technique`. Trustees not defined in
/// the file are added as bare nodes of their type. An AzureHound federated identity credential
/// (an external issuer and subject that can sign in as an application) authenticates as
/// `entra-app:<appId>`, which correlation on `appId` ties to the Entra application.
enum CollectorJSONImporter: DocumentImporter {
  static let controlRights: Set<String> = [
    "GenericAll", "GenericWrite", "WriteDacl", "WriteOwner", "Owns", "ForceChangePassword", "AddMember", "AddSelf",
    "AllExtendedRights", "AddKeyCredentialLink", "WriteSPN", "AddAllowedToAct",
  ]

  static func kinds(forType type: String) -> [String] {
    switch type.lowercased() {
    case "user", "users": ["AD_User", BuiltInKind.human]
    case "group", "groups": ["AD_Group", BuiltInKind.group]
    case "computer", "computers": ["AD_Computer", BuiltInKind.resource]
    case "domain", "domains": ["AD_Domain", BuiltInKind.resource]
    default: ["AD_Object", BuiltInKind.resource]
    }
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    guard let type = root["meta"]?["type"]?.stringValue, let records = root["data"]?.arrayValue else {
      throw ImportError.invalid(
        file: file, line: nil, column: nil, path: "meta", message: "collector JSON needs meta.type and a data array")
    }
    var sink = GraphSink(file: file)
    if type == "azure" {
      for record in records where record["kind"]?.stringValue == "AZFederatedIdentityCredential" {
        guard let appID = record["data"]?["appId"]?.stringValue else { continue }
        let app = "entra-app:\(appID)"
        sink.node(app, ["Entra_Application", BuiltInKind.application], Properties([("appId", .string(appID))]))
        for entry in record["data"]?["fics"]?.arrayValue ?? [] {
          guard let fic = entry["fic"], let issuer = fic["issuer"]?.stringValue, let subject = fic["subject"]?.stringValue else {
            continue
          }
          let id = "entra-federated:\(appID)#\(issuer)#\(subject)"
          sink.node(
            id, ["Entra_FederatedIdentity", BuiltInKind.application],
            Properties([
              ("name", .string(fic["name"]?.stringValue ?? subject)), ("issuer", .string(issuer)), ("subject", .string(subject)),
            ]))
          sink.edge(BuiltInKind.authenticatesAs, id, app, Properties([("technique", .string("federated identity credential"))]))
        }
      }
      return try sink.emit(into: &builder)
    }
    for record in records {
      guard let objectID = record["ObjectIdentifier"]?.stringValue else { continue }
      let id = "ad:\(objectID)"
      let props = record["Properties"]
      var properties = Properties([("name", .string(props?["name"]?.stringValue ?? objectID))])
      if let domain = props?["domain"]?.stringValue { properties["ad_domain"] = .string(domain) }
      if let email = props?["email"]?.stringValue { properties["email"] = .string(email) }
      if props?["enabled"]?.boolValue == false { properties["disabled"] = .bool(true) }
      // AdminSDHolder protects exactly the tier-zero accounts and groups.
      if props?["admincount"]?.boolValue == true { properties["sensitivity"] = .string("critical") }
      sink.node(id, kinds(forType: type), properties)
      for member in record["Members"]?.arrayValue ?? [] {
        guard let memberID = member["ObjectIdentifier"]?.stringValue else { continue }
        sink.node("ad:\(memberID)", kinds(forType: member["ObjectType"]?.stringValue ?? ""))
        sink.edge(BuiltInKind.memberOf, "ad:\(memberID)", id)
      }
      if let primary = record["PrimaryGroupSID"]?.stringValue {
        sink.node("ad:\(primary)", kinds(forType: "group"))
        sink.edge(BuiltInKind.memberOf, id, "ad:\(primary)", Properties([("technique", .string("primary group"))]))
      }
      // Several control rights of one trustee make one edge that lists them all.
      var rights: [(trustee: String, type: String, rights: [String])] = []
      for ace in record["Aces"]?.arrayValue ?? [] {
        guard let right = ace["RightName"]?.stringValue, controlRights.contains(right),
          let trustee = ace["PrincipalSID"]?.stringValue,
          trustee != objectID
        else { continue }
        if let i = rights.firstIndex(where: { $0.trustee == trustee }) {
          if !rights[i].rights.contains(right) { rights[i].rights.append(right) }
        } else {
          rights.append((trustee, ace["PrincipalType"]?.stringValue ?? "", [right]))
        }
      }
      for (trustee, trusteeType, granted) in rights {
        sink.node("ad:\(trustee)", kinds(forType: trusteeType))
        let technique: PropertyValue = granted.count == 1 ? .string(granted[0]) : .array(granted.map { .string($0) })
        sink.edge(BuiltInKind.canManage, "ad:\(trustee)", id, Properties([("technique", technique)]))
      }
    }
    return try sink.emit(into: &builder)
  }
}

extension CollectorJSONImporter: FormatClaim {
  static let format = InputFormat.bloodhoundCollector
  static let displayName = "BloodHound collector (SharpHound, AzureHound)"

  static func claim(_ document: DocumentShape) -> Claim? {
    document.has("data") && document.has("meta") ? .sure : nil
  }
}
