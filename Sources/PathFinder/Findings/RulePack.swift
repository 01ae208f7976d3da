/// The built-in rules, each mapped to the framework items it evidences.
///
/// Framework references: OWASP Non-Human Identities Top 10 (2025), OWASP Top 10 for Agentic
/// Applications (2026), CSA MAESTRO layers, NIST CSF 2.0 subcategories.
public enum RulePack {
  /// Where sensitive things are, unless a rules file says otherwise: resources, and the
  /// identities importers mark as tier zero (an account-admin role, a cluster-admin binding).
  public static let sensitive = Selector(known: "sensitivity:high|critical")

  public static let builtIn: [Rule] = [
    Rule(
      id: "agent-chain-escalation", title: "Agent reaches a tier it lacks by invoking other agents", severity: .high,
      check: .agentChainEscalation(to: sensitive, minTier: .act),
      frameworks: [
        "OWASP ASI03:2026 Identity and Privilege Abuse", "OWASP ASI07:2026 Insecure Inter-Agent Communication",
        "OWASP ASI08:2026 Cascading Failures", "CSA MAESTRO L7 Agent Ecosystem", "NIST CSF 2.0 PR.AA-05",
      ],
      remediation: "Scope what the invoked agent may do on behalf of other agents, or require approval for the invocation.",
      lowerTier: .propose),
    Rule(
      id: "nhi-standing-privilege", title: "Agent or application holds standing act/admin on a sensitive resource",
      severity: .high,
      check: .reach(
        .init(
          from: Selector(known: "category:agent|application"), to: sensitive, minTier: .act, require: .init(standing: true))),
      frameworks: [
        "OWASP NHI5:2025 Overprivileged NHI", "OWASP NHI7:2025 Long-Lived Secrets",
        "OWASP ASI03:2026 Identity and Privilege Abuse", "CSA MAESTRO L6 Security and Compliance", "NIST CSF 2.0 PR.AA-05",
      ],
      remediation: "Replace the standing grant with just-in-time access that expires, or gate it behind approval."),
    Rule(
      id: "service-standing-admin", title: "Service account holds standing admin on a critical resource", severity: .high,
      check: .reach(
        .init(
          from: Selector(known: "category:service,!vendor_managed:true"), to: Selector(known: "sensitivity:critical"),
          minTier: .admin,
          require: .init(standing: true))),
      frameworks: [
        "OWASP NHI5:2025 Overprivileged NHI", "OWASP NHI7:2025 Long-Lived Secrets", "CSA MAESTRO L6 Security and Compliance",
        "NIST CSF 2.0 PR.AA-05",
      ],
      remediation: "Narrow the service account to the actions its workload needs, or make the admin grant just-in-time."),
    Rule(
      id: "support-to-iam-secops", title: "Support identity reaches IAM or security operations", severity: .high,
      check: .reach(
        .init(
          from: Selector(known: "domain:support,category:human|agent|service|application"),
          to: Selector(known: "category:resource,domain:iam|secops"),
          minTier: .act, require: .init(crossDomain: true))),
      frameworks: [
        "OWASP ASI03:2026 Identity and Privilege Abuse", "OWASP NHI5:2025 Overprivileged NHI",
        "CSA MAESTRO L6 Security and Compliance",
        "NIST CSF 2.0 PR.AA-05", "NIST CSF 2.0 PR.IR-01",
      ],
      remediation: "Break the chain where it crosses domains: remove the membership, credential or invocation that links them."),
    Rule(
      id: "confused-deputy", title: "Human reaches through an agent what they cannot reach themselves", severity: .high,
      check: .confusedDeputy(to: sensitive, minTier: .act),
      frameworks: [
        "OWASP ASI09:2026 Human-Agent Trust Exploitation", "OWASP ASI02:2026 Tool Misuse and Exploitation",
        "OWASP ASI01:2026 Agent Goal Hijack", "CSA MAESTRO L3 Agent Frameworks", "NIST CSF 2.0 PR.AA-05",
      ],
      remediation: "Make the agent act with the invoking user's privileges (delegation), not its own, or narrow its tools.",
      lowerTier: .propose),
    Rule(
      id: "read-grant-pivot", title: "Read-only grant leads to act or admin through a pivot", severity: .high,
      check: .readCapPivot(to: sensitive, minTier: .act),
      frameworks: [
        "OWASP NHI2:2025 Secret Leakage", "OWASP NHI5:2025 Overprivileged NHI", "OWASP ASI03:2026 Identity and Privilege Abuse",
        "CSA MAESTRO L2 Data Operations", "NIST CSF 2.0 PR.DS-01",
      ],
      remediation: "Move the secret or workload out of what the read-only grant can see, or stop storing secrets there."),
    Rule(
      id: "unowned-nhi-critical", title: "Unowned non-human identity reaches a critical resource", severity: .medium,
      check: .reach(
        .init(
          from: Selector(known: "category:agent|service|application,!owner:*,!vendor_managed:true"),
          to: Selector(known: "sensitivity:critical"), minTier: .act)
      ),
      frameworks: [
        "OWASP NHI1:2025 Improper Offboarding", "OWASP ASI10:2026 Rogue Agents", "CSA MAESTRO L6 Security and Compliance",
        "NIST CSF 2.0 GV.RR-02", "NIST CSF 2.0 ID.AM-08",
      ],
      remediation: "Assign an accountable owner, or disable the identity if nobody claims it."),
    Rule(
      id: "tier-zero-path", title: "Identity reaches a tier-zero asset through a chain of grants", severity: .high,
      check: .reach(
        .init(
          from: Selector(known: "category:human|agent|service|application,!vendor_managed:true"),
          to: Selector(known: "sensitivity:critical"), minTier: .admin,
          require: .init(indirect: true))),
      frameworks: [
        "OWASP NHI5:2025 Overprivileged NHI", "OWASP ASI03:2026 Identity and Privilege Abuse",
        "CSA MAESTRO L6 Security and Compliance", "NIST CSF 2.0 PR.AA-05",
      ],
      remediation: "Cut the chain at its weakest link: the nested membership, credential or control edge that leads to tier zero."
    ),
    Rule(
      id: "disabled-owner-paths", title: "Disabled human, or an identity they own, still carries paths", severity: .medium,
      check: .disabledOwnerPaths(to: sensitive, minTier: .read),
      frameworks: [
        "OWASP NHI1:2025 Improper Offboarding", "OWASP NHI10:2025 Human Use of NHI", "CSA MAESTRO L6 Security and Compliance",
        "NIST CSF 2.0 PR.AA-01",
      ],
      remediation: "Finish offboarding: remove the grants and re-own or retire the identities the person owned."),
    Rule(
      id: "shared-nhi", title: "Credential or service account shared by several agents", severity: .medium,
      check: .sharedNonHuman(minAgents: 2),
      frameworks: [
        "OWASP NHI9:2025 NHI Reuse", "OWASP ASI03:2026 Identity and Privilege Abuse",
        "CSA MAESTRO L4 Deployment and Infrastructure",
        "NIST CSF 2.0 PR.AA-01",
      ],
      remediation: "Give each agent its own credential and service identity so access can be scoped and revoked per agent."),
  ]
}
