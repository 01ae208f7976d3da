/// The input formats pathscan reads. `auto` picks by content, never by file name.
public enum InputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
  case auto
  case opengraph

  public var description: String { rawValue }
}
