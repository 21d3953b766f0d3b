import ArgumentParser
import FairHACCore
import FairHACIO

extension Linkage: ExpressibleByArgument {}
extension Metric: ExpressibleByArgument {}
extension HierarchicalClustering.Form: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}
extension FeatureScaling: ExpressibleByArgument {}
extension BundledDataset: ExpressibleByArgument {}

/// What the input file holds; never guessed from its shape.
enum InputKind: String, CaseIterable, ExpressibleByArgument {
    case features, distances
}
