import Foundation

// Writes a deterministic synthetic enterprise access graph as BloodHound OpenGraph JSON.
//
//   generate-graph [--scale S] [--seed N] -o FILE
//
// At scale 1: about 20k humans, 2k agents, 10k service accounts, 5k nested groups (heavy-tailed
// sizes, some cycles), 1k roles, 50k resources (a few percent sensitive), OAuth grants from
// humans to agents and apps with scopes, agent-to-agent invocations, credentials held by agents
// and service accounts, and secret stores that contain credentials: about 100k nodes and 360k
// edges. Every count scales linearly.

struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

struct Options {
  var scale = 1.0
  var seed: UInt64 = 42
  var output = "graph.json"

  init(_ arguments: [String]) {
    var i = 1
    while i < arguments.count {
      let value = i + 1 < arguments.count ? arguments[i + 1] : ""
      switch arguments[i] {
      case "--scale": scale = Double(value) ?? scale
      case "--seed": seed = UInt64(value) ?? seed
      case "-o", "--output": output = value
      default:
        FileHandle.standardError.write(Data("usage: generate-graph [--scale S] [--seed N] -o FILE\n".utf8))
        exit(1)
      }
      i += 2
    }
  }
}

/// Buffers text and writes it out in large blocks.
final class Writer {
  let handle: FileHandle
  var buffer: [UInt8] = []
  private(set) var nodes = 0
  private(set) var edges = 0
  private var firstEdge = true

  init(path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    handle = FileHandle(forWritingAtPath: path)!
    buffer.reserveCapacity(1 << 22)
  }

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count > 1 << 22 { flush() }
  }

  func flush() {
    handle.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }

  func node(_ id: String, _ kind: String, _ properties: String) {
    write(nodes == 0 ? "\n" : ",\n")
    write("{\"id\":\"\(id)\",\"kinds\":[\"\(kind)\"],\"properties\":{\(properties)}}")
    nodes += 1
  }

  func edge(_ kind: String, _ start: String, _ end: String, _ properties: String = "") {
    write(firstEdge ? "\n" : ",\n")
    firstEdge = false
    write("{\"kind\":\"\(kind)\",\"start\":{\"value\":\"\(start)\"},\"end\":{\"value\":\"\(end)\"}")
    if !properties.isEmpty { write(",\"properties\":{\(properties)}") }
    write("}")
    edges += 1
  }
}

let options = Options(CommandLine.arguments)
var rng = SplitMix64(state: options.seed)
@MainActor func count(_ base: Int) -> Int { max(1, Int((Double(base) * options.scale).rounded())) }
@MainActor func pick(_ n: Int) -> Int { Int.random(in: 0..<n, using: &rng) }
/// A heavy-tailed pick: low indexes are chosen far more often (big groups, popular resources).
@MainActor func skewed(_ n: Int) -> Int { min(n - 1, Int(Double(n) * pow(Double.random(in: 0..<1, using: &rng), 3))) }
@MainActor func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

let domains = ["support", "iam", "secops", "finance", "engineering", "sales"]
// A bigger organisation has more departments, not bigger ones: six a unit of scale, so an
// identity's reach stays about the same size as the graph grows.
let departments = max(domains.count, Int((Double(domains.count) * options.scale).rounded()))
/// The business domain of department `d`: the six functions repeat, numbered after the first six.
func domainName(_ d: Int) -> String { d < domains.count ? domains[d] : "\(domains[d % domains.count])-\(d / domains.count)" }
let humans = count(20_000)
let agents = count(2_000)
let services = count(10_000)
let groups = count(5_000)
let roles = count(1_000)
let resources = count(50_000)
let apps = count(500)
let vaults = count(500)
let agentKeys = agents
let serviceKeys = count(10_000)

let out = Writer(path: options.output)
out.write("{\"metadata\":{\"source_kind\":\"pathscan-generator\"},\"graph\":{\"nodes\":[")
for i in 0..<humans {
  var props = "\"name\":\"Human \(i)\",\"domain\":\"\(domainName(i % departments))\",\"email\":\"user\(i)@example.com\""
  if chance(0.01) { props += ",\"disabled\":true" }
  out.node("h\(i)", "Human", props)
}
for i in 0..<agents {
  var props = "\"name\":\"Agent \(i)\",\"domain\":\"\(domainName(i % departments))\""
  if chance(0.7) { props += ",\"owner\":\"h\(pick(humans))\"" }
  out.node("a\(i)", "Agent", props)
}
for i in 0..<services {
  var props = "\"name\":\"svc-\(i)\",\"domain\":\"\(domainName(i % departments))\""
  if chance(0.6) { props += ",\"owner\":\"h\(pick(humans))\"" }
  out.node("s\(i)", "ServiceAccount", props)
}
for i in 0..<groups { out.node("g\(i)", "Group", "\"name\":\"Group \(i)\",\"domain\":\"\(domainName(i % departments))\"") }
for i in 0..<roles { out.node("r\(i)", "Role", "\"name\":\"Role \(i)\",\"domain\":\"\(domainName(i % departments))\"") }
for i in 0..<apps { out.node("app\(i)", "Application", "\"name\":\"App \(i)\"") }
for i in 0..<resources {
  let sensitivity = chance(0.03) ? (chance(0.3) ? "critical" : "high") : (chance(0.5) ? "medium" : "low")
  out.node(
    "res\(i)", "Resource",
    "\"name\":\"Resource \(i)\",\"domain\":\"\(domainName(i % departments))\",\"sensitivity\":\"\(sensitivity)\"")
}
for i in 0..<vaults {
  out.node("vault\(i)", "Resource", "\"name\":\"Vault \(i)\",\"domain\":\"secops\",\"sensitivity\":\"high\"")
}
for i in 0..<(agentKeys + serviceKeys) {
  var props =
    "\"name\":\"key \(i)\",\"fingerprint\":\"sha256:\(String(UInt32.random(in: 0...UInt32.max, using: &rng), radix: 16))\""
  if chance(0.1) { props += ",\"expires\":\"2027-0\(1 + pick(9))-15T00:00:00Z\"" }
  out.node("k\(i)", "Credential", props)
}
out.write("\n],\"edges\":[")

let permissions = ["CanRead", "CanRead", "CanRead", "CanPropose", "CanAct", "CanAct", "CanAdmin"]
@MainActor func permission() -> String { permissions[pick(permissions.count)] }
// Every entity i belongs to department i % departments; picks stay mostly inside one.
@MainActor func inDepartment(_ d: Int, _ n: Int, skew: Bool = true) -> Int {
  let perDepartment = max(1, n / departments)
  let k = skew ? skewed(perDepartment) : pick(perDepartment)
  return min(n - 1, d + departments * k)
}
@MainActor func department(_ home: Int) -> Int { chance(0.9) ? home : pick(departments) }
@MainActor func resource(_ home: Int) -> String {
  chance(0.0005) ? "vault\(pick(vaults))" : "res\(inDepartment(department(home), resources))"
}
let scopeSets = [
  "[\"tickets.read\",\"contacts.read\"]", "[\"User.Read\"]", "[\"Mail.Send\",\"User.Read\"]", "[\"repo\",\"admin:org\"]",
  "[\"files.read\"]", "[\"calendar.write\"]",
]

for h in 0..<humans {
  let home = h % departments
  for _ in 0..<4 { out.edge("MemberOf", "h\(h)", "g\(inDepartment(department(home), groups))") }
  for _ in 0..<2 { out.edge(permission(), "h\(h)", resource(home)) }
  for target in ["a\(inDepartment(department(home), agents))", "app\(skewed(apps))"] {
    // The consented app or agent acts as the human, capped by the scopes.
    out.edge("OAuthGrant", target, "h\(h)", "\"scopes\":\(scopeSets[pick(scopeSets.count)])")
  }
  out.edge("CanInvoke", "h\(h)", "a\(inDepartment(department(home), agents))")
}
for g in 0..<groups {
  // Groups nest into a forest inside each department; a few links cross departments or
  // point back down, which makes cycles.
  let home = g % departments
  if g >= departments && chance(0.6) { out.edge("MemberOf", "g\(g)", "g\(home + departments * pick(g / departments))") }
  if chance(0.01) { out.edge("MemberOf", "g\(g)", "g\(pick(groups))") }
  for _ in 0..<2 { out.edge("HasRole", "g\(g)", "r\(inDepartment(home, roles))") }
}
for r in 0..<roles {
  for _ in 0..<50 {
    let gate = chance(0.05) ? "\"requiresApproval\":true" : ""
    out.edge(permission(), "r\(r)", resource(r % departments), gate)
  }
}
for s in 0..<services {
  let home = s % departments
  out.edge("MemberOf", "s\(s)", "g\(inDepartment(department(home), groups))")
  for _ in 0..<5 { out.edge(permission(), "s\(s)", resource(home)) }
  if chance(0.05) { out.edge("CanAssume", "s\(s)", "r\(inDepartment(department(home), roles))") }
}
for a in 0..<agents {
  let home = a % departments
  if chance(0.4) { out.edge("CanInvoke", "a\(a)", "a\(inDepartment(department(home), agents, skew: false))") }
  out.edge("HasCredential", "a\(a)", "k\(a)")
  if chance(0.3) { out.edge("HasCredential", "a\(a)", "k\(agentKeys + inDepartment(department(home), serviceKeys))") }
  for _ in 0..<5 { out.edge(permission(), "a\(a)", resource(home)) }
  if chance(0.2) { out.edge("MemberOf", "a\(a)", "g\(inDepartment(department(home), groups))") }
}
for k in 0..<agentKeys { out.edge("AuthenticatesAs", "k\(k)", "s\(inDepartment(k % departments, services, skew: false))") }
for k in 0..<serviceKeys {
  out.edge("AuthenticatesAs", "k\(agentKeys + k)", "s\(k % services)")
  out.edge("HasCredential", "s\(k % services)", "k\(agentKeys + k)")
}
for k in 0..<(agentKeys + serviceKeys) { out.edge("Contains", "vault\(pick(vaults))", "k\(k)") }
for a in 0..<agents where chance(0.2) {
  out.edge("Hosts", "res\(inDepartment(a % departments, resources, skew: false))", "a\(a)")
}
for a in 0..<apps { for _ in 0..<10 { out.edge(permission(), "app\(a)", resource(pick(departments))) } }
out.write("\n]}}\n")
out.flush()
FileHandle.standardError.write(Data("wrote \(options.output): \(out.nodes) nodes, \(out.edges) edges\n".utf8))
