import Testing

/// The layers hold only if the imports say so. docs/architecture.md writes down which module
/// may import which; these tests read that table and every import line under `Sources`, so a
/// shortcut across a layer (the core reaching for Foundation, the simulator for the live
/// runtime) fails here, naming the file and line, instead of being found in review.
@Suite struct ModuleBoundaryTests {
    /// Modules that would let the core do I/O or read a clock. The core must stay free of them
    /// whatever the table says, so loosening the document alone cannot let them in.
    static let platformModules: Set<String> = ["Foundation", "Dispatch", "Glibc", "Darwin"]

    @Test func everyModuleInTheTableHasSourceFiles() throws {
        let table = try ModuleTable.load()
        #expect(table.modules.count >= 6, "\(ModuleTable.document) lists only \(table.modules)")
        for module in table.modules {
            let files = try table.files(of: module)
            #expect(!files.isEmpty,
                    "\(module.name): no Swift files in \(module.folder), so its imports go unchecked")
        }
    }

    @Test func everySourceFileBelongsToAModuleInTheTable() throws {
        let table = try ModuleTable.load()
        let files = try ModuleTable.allSourceFiles()
        #expect(!files.isEmpty, "no Swift files found under Sources")
        for file in files where table.module(ofFile: file) == nil {
            Issue.record("\(file) is in no module of \(ModuleTable.document); add its module's row")
        }
    }

    @Test func everyImportIsOneTheTableAllows() throws {
        let table = try ModuleTable.load()
        var checked = 0
        for module in table.modules {
            for file in try table.files(of: module) {
                for found in try ModuleTable.imports(of: file) {
                    checked += 1
                    guard found.module != module.name, !module.mayImport.contains(found.module)
                    else { continue }
                    let allowed = module.mayImport.sorted().joined(separator: ", ")
                    Issue.record("""
                        \(found.file):\(found.line) imports \(found.module), which \
                        \(ModuleTable.document) does not allow in \(module.name) \
                        (it may import: \(allowed.isEmpty ? "nothing" : allowed))
                        """)
                }
            }
        }
        #expect(checked > 0, "no import lines found at all: the scan read nothing")
    }

    @Test func theCoreImportsNoPlatformModule() throws {
        let table = try ModuleTable.load()
        let core = try #require(table.modules.first { $0.name == "Election" },
                                "\(ModuleTable.document) has no row for the core, Election")
        let loosened = core.mayImport.intersection(Self.platformModules)
        #expect(loosened.isEmpty, "\(ModuleTable.document) lets the core import \(loosened.sorted())")
        for file in try table.files(of: core) {
            for found in try ModuleTable.imports(of: file) where Self.platformModules.contains(found.module) {
                Issue.record("\(found.file):\(found.line) imports \(found.module) into the core")
            }
        }
    }
}
