using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Checking;
using Fracture.Core.Evaluation;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Evaluation;

/// <summary>
/// An image whose label file has a rejected row (bad class id, malformed, degenerate) is not a negative: its objects
/// are unknown. Ultralytics skips such an image as corrupt; so do scoring and the check's negative count. Rows a class
/// profile drops on purpose are not rejections: that image stays a negative.
/// </summary>
public sealed class RejectedLabelRowsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_image_whose_only_row_has_a_bad_class_id_is_excluded_and_counted_not_a_negative()
    {
        var split = ReadSplit();

        var bad = split.Items.Single(i => i.FileName == "bad.png");
        Assert.True(bad.HasRejectedRows);
        Assert.False(bad.IsNegative);
        Assert.Equal(1, bad.Labels.RejectedRows);
        Assert.Equal(["bad.png", "mixed.png"], split.Excluded.Select(i => i.FileName));
        Assert.Equal(["dropped.png", "neg.png", "ok.png"], split.Usable.Select(i => i.FileName));
        Assert.True(split.Items.Single(i => i.FileName == "neg.png").IsNegative);
    }

    [Fact]
    public void Ground_truth_leaves_them_out_and_keeps_profile_dropped_images_as_negatives()
    {
        var split = ReadSplit();
        var profile = new DatasetProfile("keep-a", null, ["a"], new Dictionary<int, string?> { [0] = "a", [1] = null, [2] = null, [3] = null, [4] = null, [5] = null });

        var truth = GroundTruthReader.Read(split, profile);

        Assert.Equal(["dropped.png", "neg.png", "ok.png"], truth.Select(t => t.Image));
        Assert.Empty(truth.Single(t => t.Image == "dropped.png").Boxes);
        Assert.Single(truth.Single(t => t.Image == "ok.png").Boxes);
    }

    [Fact]
    public void Dataset_check_counts_them_apart_from_negatives()
    {
        var yaml = DataYamlReader.Read(WriteDataset());

        var report = Assert.Single(DatasetChecker.Check(yaml, null, new CheckOptions(DecodeImages: false)).Splits);

        Assert.Equal(5, report.Images);
        Assert.Equal(2, report.ExcludedImages);
        Assert.Equal(1, report.Negatives); // neg.png; bad.png is neither a negative nor non-empty
        Assert.Equal(3, report.NonEmpty); // ok.png, mixed.png (its good row), dropped.png (no profile)
        Assert.Equal(2, report.IssueCounts[LabelIssueKind.BadClassId]);
    }

    [Fact]
    public void Dataset_check_counts_instances_of_the_images_used_only()
    {
        var yaml = DataYamlReader.Read(WriteDataset());

        var report = Assert.Single(DatasetChecker.Check(yaml, null, new CheckOptions(DecodeImages: false)).Splits);

        // mixed.png's good row is on an excluded image: training and scoring never see it, so it is not counted.
        Assert.Equal(2, report.Instances); // ok.png (a), dropped.png (f)
        Assert.Equal(1, report.InstancesPerClass["a"]);
        Assert.Equal(1, report.InstancesPerClass["f"]);
        Assert.Equal(1, report.ExcludedInstances);
    }

    private DatasetSplit ReadSplit() => YoloDataset.ReadSplit(DataYamlReader.Read(WriteDataset()), "train");

    /// <summary>nc 6 (classes 0..5): bad.png's only row has class 6; mixed.png has a good row and a bad one.</summary>
    private string WriteDataset()
    {
        var images = Directory.CreateDirectory(_temp.File("train/images")).FullName;
        var labels = Directory.CreateDirectory(_temp.File("train/labels")).FullName;
        var png = TestImages.EncodeWithSkia(TestImages.Gradient(20, 10), SKEncodedImageFormat.Png);
        foreach (var name in new[] { "bad", "mixed", "ok", "neg", "dropped" })
        {
            File.WriteAllBytes(Path.Combine(images, $"{name}.png"), png);
        }

        File.WriteAllText(Path.Combine(labels, "bad.txt"), "6 0.5 0.5 0.1 0.1\n");
        File.WriteAllText(Path.Combine(labels, "mixed.txt"), "0 0.5 0.5 0.2 0.2\n6 0.1 0.1 0.1 0.1\n");
        File.WriteAllText(Path.Combine(labels, "ok.txt"), "0 0.5 0.5 0.2 0.2\n");
        File.WriteAllText(Path.Combine(labels, "dropped.txt"), "5 0.5 0.5 0.1 0.1\n");
        var yaml = _temp.File("data.yaml");
        File.WriteAllText(yaml, "train: train/images\nnames: [a, b, c, d, e, f]\n");
        return yaml;
    }
}
