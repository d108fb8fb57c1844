import Foundation

/// One folder per test process for everything these tests write, removed when the process
/// exits, so that running the tests does not fill the temporary directory. A test that crashes
/// the process leaves it behind; its name says which process made it.
let testScratch: String = {
    let dir = NSTemporaryDirectory() + "newsfold-io-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: testScratch) }
    return dir
}()

/// A fresh folder for one test, inside ``testScratch``.
func temporaryFolder() throws -> String {
    let dir = scratchPath("folder")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A path inside ``testScratch`` that nothing uses yet (nothing is created there).
func scratchPath(_ prefix: String, suffix: String = "") -> String {
    testScratch + "/" + prefix + "-" + UUID().uuidString + suffix
}
