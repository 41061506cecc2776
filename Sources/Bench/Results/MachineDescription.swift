import Foundation

/// The machine a run used, so numbers from different machines are not compared blindly.
/// No host name or user name is recorded.
///
/// JSON: `{"os":"Ubuntu 24.04.1 LTS","architecture":"x86_64","cpu_count":2,"memory_gb":7.8,"note":null}`.
struct MachineDescription: Codable, Hashable, Sendable {
    var os: String
    var architecture: String
    var cpuCount: Int
    var memoryGB: Double
    /// Anything else that matters ("shared with other jobs", "laptop on battery").
    var note: String?

    init(os: String, architecture: String, cpuCount: Int, memoryGB: Double,
                note: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.cpuCount = cpuCount
        self.memoryGB = memoryGB
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case os, architecture
        case cpuCount = "cpu_count"
        case memoryGB = "memory_gb"
        case note
    }

    /// This machine, as Foundation describes it.
    static func current(note: String? = nil) -> MachineDescription {
        let info = ProcessInfo.processInfo
        let gigabytes = Double(info.physicalMemory) / 1_073_741_824
        return MachineDescription(
            os: info.operatingSystemVersionString, architecture: currentArchitecture,
            cpuCount: info.activeProcessorCount, memoryGB: (gigabytes * 10).rounded() / 10,
            note: note)
    }

    private static var currentArchitecture: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }

    /// `Ubuntu 24.04 LTS, x86_64, 2 CPUs, 7.8 GB`.
    var summary: String {
        "\(os), \(architecture), \(cpuCount) CPU\(cpuCount == 1 ? "" : "s"), "
            + "\(ReportNumber.plain(memoryGB)) GB" + (note.map { " (\($0))" } ?? "")
    }
}
