namespace Fracture.Core.Tests.Datasets;

/// <summary>A fact that needs the full shared dataset; skipped (not passed) where ../shared is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!File.Exists(TestData.SharedYaml))
        {
            Skip = $"needs the shared dataset at {TestData.SharedYaml}";
        }
    }
}
