/// One command-line flag of an algorithm: how `--help` shows it and how it reads into and
/// out of the algorithm's settings.
///
/// The default `--help` shows is the flag's value in the algorithm's `defaultSettings`, so
/// defaults are decided once, in the settings type.
public struct AlgorithmFlag<Settings>: Sendable {
    /// `--heartbeat-ms`.
    public let name: String
    /// What the value looks like in `--help`: `N`, `T|MIN-MAX`, `on|off`.
    public let placeholder: String
    /// What the flag sets, as one sentence.
    public let help: String
    /// What a lower or higher value costs, as one sentence: the trade-off to weigh.
    public let cost: String
    private let read: @Sendable (String, inout Settings) throws(FlagValueError) -> Void
    private let write: @Sendable (Settings) -> String

    /// A flag with its own reading and writing. `write` MUST give text that `read` turns
    /// back into the same settings.
    public init(_ name: String, placeholder: String, help: String, cost: String,
                read: @escaping @Sendable (String, inout Settings) throws(FlagValueError) -> Void,
                write: @escaping @Sendable (Settings) -> String) {
        self.name = name
        self.placeholder = placeholder
        self.help = help
        self.cost = cost
        self.read = read
        self.write = write
    }

    /// Sets what this flag sets from its value `text`.
    public func apply(_ text: String, to settings: inout Settings) throws(FlagValueError) {
        try read(text, &settings)
    }

    /// This flag's value for `settings`, as the command line writes it.
    public func value(in settings: Settings) -> String { write(settings) }
}

extension AlgorithmFlag {
    /// A duration in whole milliseconds (`N`), from 1 ms to an hour.
    public static func milliseconds(_ name: String, _ setting: WritableKeyPath<Settings, Duration> & Sendable,
                                    help: String, cost: String) -> AlgorithmFlag {
        AlgorithmFlag(name, placeholder: "N", help: help, cost: cost,
                      read: { text, settings throws(FlagValueError) in
                          settings[keyPath: setting] = try FlagValue.milliseconds(text, flag: name)
                      },
                      write: { settings in FlagValue.text(settings[keyPath: setting]) })
    }

    /// A switch written `on` or `off`.
    public static func onOff(_ name: String, _ setting: WritableKeyPath<Settings, Bool> & Sendable,
                             help: String, cost: String) -> AlgorithmFlag {
        AlgorithmFlag(name, placeholder: "on|off", help: help, cost: cost,
                      read: { text, settings throws(FlagValueError) in
                          settings[keyPath: setting] = try FlagValue.onOff(text, flag: name)
                      },
                      write: { settings in settings[keyPath: setting] ? "on" : "off" })
    }
}
