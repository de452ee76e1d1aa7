namespace Fracture.Core.Datasets.Checking;

/// <summary>The whole result of `fracture dataset check`.</summary>
/// <param name="Profile">The profile's name, or null when labels were read raw.</param>
/// <param name="ClassNames">Class names the counts use (after the profile, if any).</param>
public sealed record DatasetCheckReport(
    string YamlPath,
    string? Profile,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<SplitCheckReport> Splits,
    LeakageReport? Leakage,
    double Seconds);
