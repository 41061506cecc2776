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
    /// For an on|off switch, its value-less spelling that turns it off (`--no-pre-vote`);
    /// `nil` for every other flag.
    public let negation: FlagNegation?
    /// For a flag that takes one of a few words (`oneOf`: `eager`, `lazy`), those words,
    /// so that a caller can go through them (the bench's `--every-combination`); `nil` for
    /// a flag that takes a number, and for a switch (its `negation` says what it takes).
    public let choices: [String]?
    private let read: @Sendable (String, inout Settings) throws(FlagValueError) -> Void
    private let write: @Sendable (Settings) -> String

    /// A flag with its own reading and writing. `write` MUST give text that `read` turns
    /// back into the same settings.
    public init(_ name: String, placeholder: String, help: String, cost: String, negation: FlagNegation? = nil,
                choices: [String]? = nil,
                read: @escaping @Sendable (String, inout Settings) throws(FlagValueError) -> Void,
                write: @escaping @Sendable (Settings) -> String) {
        self.name = name
        self.placeholder = placeholder
        self.help = help
        self.cost = cost
        self.negation = negation
        self.choices = choices
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

    /// A switch for `option` (a noun: `PreVote`), written `--pre-vote on` or `--pre-vote off`,
    /// and also `--no-pre-vote` alone, which means `off`: the spelling a user reaches for
    /// when the option is on by default. `--help` lists the switch once, under the spelling
    /// that changes its default.
    public static func onOff(_ name: String, _ setting: WritableKeyPath<Settings, Bool> & Sendable, option: String,
                             help: String, cost: String) -> AlgorithmFlag {
        precondition(name.hasPrefix("--"), "a flag is spelt --name")
        let negation = FlagNegation(name: "--no-" + name.dropFirst(2), option: option)
        return AlgorithmFlag(name, placeholder: "on|off", help: help, cost: cost, negation: negation,
                      read: { text, settings throws(FlagValueError) in
                          settings[keyPath: setting] = try FlagValue.onOff(text, flag: name)
                      },
                      write: { settings in settings[keyPath: setting] ? "on" : "off" })
    }

    /// One of the cases of `Value`, by its raw value (`--mode eager|lazy`): the
    /// placeholder lists them, and any other word is refused naming them all.
    public static func oneOf<Value: CaseIterable & RawRepresentable & Sendable>(
        _ name: String, _ setting: WritableKeyPath<Settings, Value> & Sendable, help: String, cost: String
    ) -> AlgorithmFlag where Value.RawValue == String {
        let choices = Value.allCases.map(\.rawValue)
        return AlgorithmFlag(name, placeholder: choices.joined(separator: "|"), help: help, cost: cost,
                             choices: choices,
                             read: { text, settings throws(FlagValueError) in
                                 guard let value = Value(rawValue: text) else {
                                     throw .badValue(flag: name, value: text, expected: FlagValue.choice(choices))
                                 }
                                 settings[keyPath: setting] = value
                             },
                             write: { settings in settings[keyPath: setting].rawValue })
    }
}
