namespace Fracture.Core.Tests.Support;

/// <summary>
/// A fact that is skipped, with a message saying where it looked, when the bone-fracture dataset is not on this
/// machine (xunit 2 has no runtime skip, so the decision is made when the attribute is read).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresDatasetFactAttribute : FactAttribute
{
    public RequiresDatasetFactAttribute(string subfolder)
    {
        var folder = Path.Combine(RepoPaths.BoneFractureDataset, subfolder);
        if (!Directory.Exists(folder))
        {
            Skip = $"dataset folder {folder} not found; skipping the real-data test";
        }
    }
}
