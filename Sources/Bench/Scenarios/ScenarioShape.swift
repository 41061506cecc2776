/// One series' changes to a scenario's usual shape (`ScenarioParameters`): which variants
/// of the scenario run, and the flapping storm's rhythm. `nil` keeps the usual. The default
/// run uses it to run, say, only the SIGINT failover, or a 30 s storm with a 1 s period.
struct ScenarioShape: Hashable, Sendable {
    var failoverFaults: [LiveFault]?
    var slowFactors: [Double]?
    var flappingNodes: [ScenarioParameters.FlappingNode]?
    var flappingPeriod: Duration?
    var flappingCycles: Int?
    /// slow-highest: how long each trial watches after the kill.
    var slowObservation: Duration?

    init(failoverFaults: [LiveFault]? = nil, slowFactors: [Double]? = nil, slowObservation: Duration? = nil,
         flappingNodes: [ScenarioParameters.FlappingNode]? = nil, flappingPeriod: Duration? = nil,
         flappingCycles: Int? = nil) {
        self.failoverFaults = failoverFaults
        self.slowFactors = slowFactors
        self.slowObservation = slowObservation
        self.flappingNodes = flappingNodes
        self.flappingPeriod = flappingPeriod
        self.flappingCycles = flappingCycles
    }

    /// `plan` with this shape's changes.
    func applied(to plan: ScenarioVariants) -> ScenarioVariants {
        var shaped = plan
        if let failoverFaults { shaped.failoverFaults = failoverFaults }
        if let slowFactors { shaped.slowFactors = slowFactors }
        if let slowObservation { shaped.slowObservation = slowObservation }
        if let flappingNodes { shaped.flappingNodes = flappingNodes }
        if let flappingPeriod { shaped.flappingPeriod = flappingPeriod }
        if let flappingCycles { shaped.flappingCycles = flappingCycles }
        return shaped
    }
}
