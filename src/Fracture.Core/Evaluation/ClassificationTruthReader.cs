using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Splitting;

namespace Fracture.Core.Evaluation;

/// <summary>
/// A split's image-level classes as the classifier is trained on them (<see cref="DatasetSplitter.ImageLabel"/>: the
/// class of the largest fracture after the profile, shifted by one; 0 for none). Images with a rejected label row
/// are left out, as <see cref="GroundTruthReader"/> leaves them out: their class is unknown.
/// </summary>
public static class ClassificationTruthReader
{
    /// <exception cref="DatasetException">Two images of the split share a file name, which answers could not tell apart.</exception>
    public static IReadOnlyList<LabelledImage> Read(DatasetSplit split, DatasetProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(split);
        split.RequireDistinctFileNames();
        return [.. split.Usable.Select(item => new LabelledImage(item.FileName, DatasetSplitter.ImageLabel(item, profile) + 1))];
    }
}
