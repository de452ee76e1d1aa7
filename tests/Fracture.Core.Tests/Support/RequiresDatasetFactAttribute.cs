namespace Fracture.Core.Tests.Support;

/// <summary>
/// A fact that is skipped, with a message saying where it looked, when the bone-fracture dataset is not on this
/// machine (xunit 2 has no runtime skip, so the decision is made when the attribute is read). Timing runs
/// (<c>benchmark: true</c>) also need FRACTURE_BENCHMARKS=1, since they are slow and only meaningful in Release.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresDatasetFactAttribute : FactAttribute
{
    public const string BenchmarkVariable = "FRACTURE_BENCHMARKS";

    public RequiresDatasetFactAttribute(string subfolder, bool benchmark = false)
    {
        var folder = Path.Combine(RepoPaths.BoneFractureDataset, subfolder);
        if (!Directory.Exists(folder))
        {
            Skip = $"dataset folder {folder} not found; skipping the real-data test";
        }
        else if (benchmark && Environment.GetEnvironmentVariable(BenchmarkVariable) != "1")
        {
            Skip = $"timing run; set {BenchmarkVariable}=1 (and use -c Release) to run it";
        }
    }
}
