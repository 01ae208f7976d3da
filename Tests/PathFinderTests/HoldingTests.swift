import AccessGraph
import PathFinder
import Testing

@Suite("The tier-transfer kernel")
struct HoldingTests {
  /// Every live rule: each traversed class, every cap (none, read … admin) and, for pivots,
  /// every requirement.
  static let rules: [EdgeRule] = EdgeClass.allCases.filter(\.isTraversable).flatMap { edgeClass in
    let caps: [Tier?] = [nil] + Tier.allCases
    let needs: [Tier?] = edgeClass == .pivot ? [nil] + Tier.allCases : [nil]
    return caps.flatMap { cap in needs.map { EdgeRule(edgeClass, tier: cap, requiresTier: $0) } }
  }

  static let holdings: [Holding] = (1...4).flatMap { level in
    [true, false].map { Holding(level: UInt8(level), identity: $0) }
  }

  @Test("the rule in words: permissions need an identity and give a target, pivots reset the cap, the rest cap")
  func inWords() {
    let admin = Holding.source
    let read = Holding(level: 1, identity: true)
    #expect(admin.step(over: EdgeRule(.permission, tier: .act)) == Holding(level: 3, identity: false))
    #expect(Holding(level: 3, identity: false).step(over: EdgeRule(.permission)) == nil)
    #expect(Holding(level: 3, identity: false).step(over: EdgeRule(.inherit)) == nil)
    #expect(read.step(over: EdgeRule(.pivot, tier: .admin, requiresTier: .read)) == .source)
    #expect(read.step(over: EdgeRule(.pivot, requiresTier: .act)) == nil)
    #expect(
      Holding(level: 3, identity: false).step(over: EdgeRule(.pivot, tier: .propose, requiresTier: .act))
        == Holding(level: 2, identity: true))
    #expect(admin.step(over: EdgeRule(.inherit, tier: .read)) == read)
    #expect(read.step(over: EdgeRule(.control)) == read)
  }

  @Test("on every rule and holding, the step is the rule as docs/semantics.md words it")
  func everyRule() {
    for rule in Self.rules {
      let cap = rule.tier?.rawValue ?? 4
      for h in Self.holdings {
        let expected: Holding? =
          switch rule.edgeClass {
          case .permission: h.isIdentity ? Holding(level: min(h.level, cap), identity: false) : nil
          case .pivot: h.level >= (rule.requiresTier?.rawValue ?? 1) ? Holding(level: cap, identity: true) : nil
          default: h.isIdentity ? Holding(level: min(h.level, cap), identity: true) : nil
          }
        #expect(h.step(over: rule) == expected, "\(rule.edgeClass) cap \(cap) from \(h.level) \(h.isIdentity)")
        let next = Holding.step(identity: h.isIdentity ? h.level : 0, any: h.level, over: rule)
        #expect(next.level == expected?.level ?? 0)
      }
      #expect(Holding.step(identity: 0, any: 0, over: rule).level == 0)
    }
  }

  @Test("the bit-parallel form gives each source what the single-state form gives it")
  func masksAgree() {
    func masks(_ level: UInt8, _ on: Bool, bit: UInt64) -> Holding.Masks {
      guard on else { return (0, 0, 0, 0) }
      return (level >= 1 ? bit : 0, level >= 2 ? bit : 0, level >= 3 ? bit : 0, level >= 4 ? bit : 0)
    }
    func highest(_ m: Holding.Masks, cap: Int, bit: UInt64) -> UInt8 {
      let levels = [m.0, m.1, m.2, m.3].prefix(cap)
      return UInt8(levels.lastIndex { $0 & bit != 0 }.map { $0 + 1 } ?? 0)
    }
    for rule in Self.rules {
      // Two sources at once, in different bits, each holding the tail its own way.
      for a in Self.holdings {
        for b in Self.holdings {
          let identity = or(masks(a.level, a.isIdentity, bit: 1), masks(b.level, b.isIdentity, bit: 2))
          let held = or(masks(a.level, true, bit: 1), masks(b.level, true, bit: 2))
          let step = Holding.step(identity: identity, held: held, over: rule)
          for (h, bit) in [(a, UInt64(1)), (b, UInt64(2))] {
            let level = highest(step.bits, cap: step.cap, bit: bit)
            let expected = h.step(over: rule)
            #expect(level == expected?.level ?? 0)
            if let expected { #expect(step.asIdentity == expected.isIdentity) }
          }
        }
      }
    }
  }

  @Test("stepping back gives exactly the tail holdings whose step suffices at the head")
  func reverseAgrees() {
    for rule in Self.rules {
      for needIdentity in UInt8(1)...Holding.never {
        for needTarget in needIdentity...Holding.never {
          let back = Holding.stepBack(identity: needIdentity, target: needTarget, over: rule)
          for h in Self.holdings {
            let suffices = h.step(over: rule).map { $0.level >= ($0.isIdentity ? needIdentity : needTarget) } ?? false
            let meets = h.level >= (h.isIdentity ? back.identity : back.target)
            #expect(suffices == meets, "\(rule) \(h) needs \(needIdentity)/\(needTarget)")
          }
        }
      }
    }
  }

  @Test("the predecessors of the head holdings that suffice are the tail holdings stepping back allows")
  func predecessorsAgree() {
    for rule in Self.rules {
      for needIdentity in UInt8(1)...Holding.never {
        for needTarget in needIdentity...Holding.never {
          let heads = Self.holdings.filter { $0.level >= ($0.isIdentity ? needIdentity : needTarget) }
          let tails = Holding.predecessors(of: heads.reduce(0) { $0 | 1 << $1.rawValue }, over: rule)
          let back = Holding.stepBack(identity: needIdentity, target: needTarget, over: rule)
          for h in Self.holdings {
            let meets = h.level >= (h.isIdentity ? back.identity : back.target)
            #expect((tails & 1 << h.rawValue != 0) == meets, "\(rule) \(h) needs \(needIdentity)/\(needTarget)")
          }
        }
      }
    }
    // In words: a permission capped at act gives act as a target from an identity at act or admin.
    let act = Holding(level: 3, identity: false)
    let tails = Holding.predecessors(of: 1 << act.rawValue, over: EdgeRule(.permission, tier: .act))
    #expect(tails == 1 << Holding(level: 3, identity: true).rawValue | 1 << Holding.source.rawValue)
  }

  func or(_ a: Holding.Masks, _ b: Holding.Masks) -> Holding.Masks { (a.0 | b.0, a.1 | b.1, a.2 | b.2, a.3 | b.3) }
}
