using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Datasets;

/// <summary>Paths to the repo's fixture dataset and (when present) the full shared dataset.</summary>
internal static class TestData
{
    public static string RepoRoot => RepoPaths.RepoRoot;

    public static string FixtureRoot => Path.Combine(RepoRoot, "fixtures", "bone-fracture-mini");

    public static string FixtureYaml => Path.Combine(FixtureRoot, "data.yaml");

    public static string Profile => Path.Combine(RepoRoot, "profiles", "bone-fracture-v4.json");

    /// <summary>../shared/data/bone-fracture beside the repo; tests that need it are skipped when it is absent.</summary>
    public static string SharedYaml => Path.Combine(RepoPaths.BoneFractureDataset, "data.yaml");
}
