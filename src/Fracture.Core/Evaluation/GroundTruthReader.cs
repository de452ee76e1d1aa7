using Fracture.Core.Datasets;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;

namespace Fracture.Core.Evaluation;

/// <summary>
/// Turns a dataset split into pixel-space ground truth for scoring: boxes (and the polygons of polygon labels) in
/// pixels of the image as displayed (EXIF orientation applied, as every predictor sees it), classes through the
/// profile when one is given. Images with a rejected label row are left out (<see cref="DatasetSplit.Usable"/>): their
/// objects are unknown, and scoring them as negatives would count right answers as false positives.
/// </summary>
public static class GroundTruthReader
{
    public static IReadOnlyList<ImageGroundTruth> Read(DatasetSplit split, DatasetProfile? profile)
    {
        split.RequireDistinctFileNames();
        var items = split.Usable;
        var result = new ImageGroundTruth[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var item = items[i];
            var instances = profile is null ? item.Labels.Instances : profile.Apply(item.Labels.Instances);
            if (instances.Count == 0)
            {
                result[i] = new ImageGroundTruth(item.FileName, []);
                return;
            }

            var info = ImageDecoder.ReadInfo(item.ImagePath);
            result[i] = new ImageGroundTruth(
                item.FileName,
                [.. instances.Select(x => GroundTruthBox.FromLabel(x, info.Width, info.Height))]);
        });
        return result;
    }
}
