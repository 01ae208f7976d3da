import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for webhook tests: it accepts connections on a thread
/// of its own, reads each request whole, and answers from a script, one reply a request.
public final class LocalHTTPServer: Sendable {
  /// How the server answers one request.
  public enum Reply: Sendable {
    /// A response with this status and an empty body.
    case status(Int)
    /// No response for this many seconds, then the connection is closed.
    case stall(Double)
  }

  /// One request as received.
  public struct Request: Sendable {
    public var method: String
    public var path: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data
  }

  public let port: UInt16
  private let socket: Int32
  private let script: Mutex<[Reply]>
  private let received = Mutex<[Request]>([])

  /// Starts listening on a free port; replies follow `script`, then 200 once it runs out.
  public init(script: [Reply]) throws {
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound, listen(fd, 16) == 0 else {
      close(fd)
      throw POSIXError(.EADDRINUSE)
    }
    socket = fd
    port = UInt16(bigEndian: address.sin_port)
    self.script = Mutex(script)
    let thread = Thread { [self] in serve() }
    thread.start()
  }

  /// A port on 127.0.0.1 that nothing listens on: connecting to it is refused.
  public static func closedPort() throws -> UInt16 {
    let server = try LocalHTTPServer(script: [])
    let port = server.port
    server.stop()
    return port
  }

  /// The requests received so far.
  public var requests: [Request] { received.withLock { $0 } }

  /// Stops accepting connections.
  public func stop() {
    shutdown(socket, Int32(SHUT_RDWR))
    close(socket)
  }

  private func serve() {
    while true {
      let client = accept(socket, nil, nil)
      guard client >= 0 else { return }
      guard let request = Self.read(client) else {
        close(client)
        continue
      }
      received.withLock { $0.append(request) }
      let reply = script.withLock { $0.isEmpty ? Reply.status(200) : $0.removeFirst() }
      switch reply {
      case .status(let code):
        let text = "HTTP/1.1 \(code) Scripted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
      case .stall(let seconds):
        Thread.sleep(forTimeInterval: seconds)
      }
      close(client)
    }
  }

  /// Reads the head and a Content-Length body; nil for a connection closed before that.
  private static func read(_ client: Int32) -> Request? {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    var headEnd: Range<Data.Index>?
    while headEnd == nil {
      let n = recv(client, &buffer, buffer.count, 0)
      guard n > 0 else { return nil }
      data.append(contentsOf: buffer[0..<n])
      headEnd = data.range(of: Data("\r\n\r\n".utf8))
    }
    let head = String(decoding: data[..<headEnd!.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let start = head[0].split(separator: " ")
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    var body = Data(data[headEnd!.upperBound...])
    while body.count < length {
      let n = recv(client, &buffer, buffer.count, 0)
      guard n > 0 else { return nil }
      body.append(contentsOf: buffer[0..<n])
    }
    return Request(
      method: start.first.map(String.init) ?? "", path: start.dropFirst().first.map(String.init) ?? "", headers: headers,
      body: body)
  }
}
