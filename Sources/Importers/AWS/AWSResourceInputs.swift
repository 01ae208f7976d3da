import AccessGraph

/// What AWS exports beside the authorization dump tell its evaluation: service control
/// policies, resource policies, and the instances and functions that run as roles. Each
/// file is optional and recognised by content; the loader reads them all before any dump.
public struct AWSResourceInputs: Sendable {
  /// Statements of every SCP given. They are taken to apply to every account of the dump,
  /// as the exports do not say which OU each account sits in.
  var controlPolicies: [IAMStatement] = []
  /// Resource policies, each with the resource it is attached to when the export names it.
  var resourcePolicies: [(resource: String?, policy: IAMPolicy)] = []
  /// Running instances by the instance profile they run with; nil when no inventory was given.
  var instances: [String: [String]]?
  /// Lambda functions by the role they run as; nil when no function list was given.
  var functions: [String: [String]]?

  public init() {}

  /// Reads one export into the inputs; returns how many policies, instances or functions it held.
  mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> Int {
    let root = try JSONReader.document(bytes, file: file)
    var count = 0
    if let policy = root["Policy"], case .object = policy {
      // `aws organizations describe-policy`: the SCP's document is a JSON string in Content.
      guard let content = policy["Content"] else {
        throw ImportError.invalid(
          file: file, line: nil, column: nil, path: "Policy.Content", message: "an Organizations policy needs its Content")
      }
      let type = policy["PolicySummary"]?["Type"]?.stringValue ?? "SERVICE_CONTROL_POLICY"
      guard type == "SERVICE_CONTROL_POLICY" else { return 0 }
      let name = policy["PolicySummary"]?["Name"]?.stringValue ?? "SCP"
      controlPolicies += try IAMPolicy.parse(content, name: "SCP \(name)", file: file, path: "Policy.Content").statements
      count += 1
    }
    // get-bucket-policy, get-key-policy, lambda get-policy: `{"Policy": "<document>"}`;
    // secretsmanager get-resource-policy: `ResourcePolicy` beside the secret's `ARN`;
    // sns get-topic-attributes and sqs get-queue-attributes: `Attributes.Policy`.
    let documents: [(JSONValue?, String?, String)] = [
      (root["Policy"].flatMap { if case .string = $0 { $0 } else { nil } }, nil, "Policy"),
      (root["ResourcePolicy"], root["ARN"]?.stringValue, "ResourcePolicy"),
      (
        root["Attributes"]?["Policy"],
        root["Attributes"]?["TopicArn"]?.stringValue ?? root["Attributes"]?["QueueArn"]?.stringValue,
        "Attributes.Policy"
      ),
    ]
    for case (let document?, let resource, let path) in documents {
      resourcePolicies.append(
        (resource, try IAMPolicy.parse(document, name: "resource policy in \(file)", file: file, path: path)))
      count += 1
    }
    if let reservations = root["Reservations"]?.arrayValue {
      var byProfile = instances ?? [:]
      for reservation in reservations {
        for instance in reservation["Instances"]?.arrayValue ?? [] {
          guard let id = instance["InstanceId"]?.stringValue, let profile = instance["IamInstanceProfile"]?["Arn"]?.stringValue,
            !["terminated", "shutting-down"].contains(instance["State"]?["Name"]?.stringValue ?? "")
          else { continue }
          byProfile[profile, default: []].append(id)
          count += 1
        }
      }
      instances = byProfile
    }
    if let list = root["Functions"]?.arrayValue {
      var byRole = functions ?? [:]
      for function in list {
        guard let name = function["FunctionName"]?.stringValue, let role = function["Role"]?.stringValue else { continue }
        byRole[role, default: []].append(name)
        count += 1
      }
      functions = byRole
    }
    return count
  }
}

extension AWSResourceInputs: FormatClaim {
  static let format = InputFormat.awsResources
  static let displayName = "AWS SCPs, resource policies and inventories"
  static let isListedApart = false

  static func claim(_ document: DocumentShape) -> Claim? {
    document.hasAny(["Policy", "ResourcePolicy", "Reservations", "Functions"])
      || document.has("Attributes") && !document.has("UserDetailList") ? .sure : nil
  }
}
