import Dispatch
import Synchronization

/// Maps work items over every core, keeping results in input order.
enum Parallel {
  /// `transform` applied to each item, run concurrently on all cores.
  /// - Complexity: O(n) calls to `transform`, spread over the cores.
  static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let results = Mutex<[R?]>([R?](repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
      let value = transform(items[i])
      results.withLock { $0[i] = value }
    }
    return results.withLock { $0.map { $0! } }
  }
}
