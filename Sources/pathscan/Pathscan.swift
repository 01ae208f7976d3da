import ArgumentParser
import Foundation

/// The `pathscan` command: finds hidden privilege paths in access graphs.
@main
struct Pathscan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pathscan",
    abstract: "Find hidden privilege paths through humans, agents, service accounts, grants and credentials.",
    discussion: """
      Inputs are exports in the formats 'scan --help' lists (OpenGraph, AWS IAM, Entra, Okta, \
      GCP, Kubernetes, GitHub, SCIM, BloodHound collectors, MCP and A2A configurations, YAML \
      inventories), folders of them, or .zip archives; several load together into one graph. \
      Edges point in the direction of control: A -> B means A can obtain, use or act upon \
      what B is or holds.

      SELECTOR is a node id (exact match wins) or key:value terms joined by ',' (all must \
      hold): kind:Agent, category:service, domain:support, sensitivity:high, id:svc-*.

      Exit status: 0 ok, 1 usage or input error, 3 new findings at or above the threshold, 4 new \
      findings whose webhook delivery failed.
      """,
    version: "0.1.0",
    subcommands: [
      Scan.self, Reach.self, Paths.self, WhatIf.self, Render.self, Report.self, Snapshot.self, Diff.self, Accept.self,
      Accepted.self, RevokeAcceptance.self, ChokePointsCommand.self, Merge.self, Kinds.self, Convert.self, Compile.self,
    ])

  /// Parses and runs a command, mapping every usage error to exit status 1 as docs/design.md's
  /// contract says (ArgumentParser would use 64).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let status = exitStatus(for: error)
      let message = fullMessage(for: error)
      if status == 0 {
        Console.out(message)
      } else if !message.isEmpty {
        Console.error(message)
      }
      Foundation.exit(status)
    }
  }

  /// The exit status for an error: 0 for help and version, 3 for alerting findings, 1 for
  /// every usage or input error.
  static func exitStatus(for error: Error) -> Int32 {
    if let exit = error as? ExitCode { return exit.rawValue }
    let code = exitCode(for: error)
    return code == .success ? 0 : 1
  }
}
