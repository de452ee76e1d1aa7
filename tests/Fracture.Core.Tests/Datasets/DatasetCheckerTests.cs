using System.Security.Cryptography;
using System.Text.Json;
using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Checking;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Datasets;

public sealed class DatasetCheckerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-check-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Fixture_raw_counts_match_its_label_files()
    {
        var report = DatasetChecker.Check(DataYamlReader.Read(TestData.FixtureYaml), null, new CheckOptions());

        var train = report.Splits.Single(s => s.Split == "train");
        Assert.Equal(10, train.Images);
        Assert.Equal(10, train.LabelFiles);
        Assert.Equal(8, train.NonEmpty);
        Assert.Equal(2, train.EmptyLabelFiles);
        Assert.Equal(10, train.Instances);
        Assert.Equal(10, train.PolygonRows);
        Assert.Equal(0, train.BoxRows);
        Assert.Equal(1, train.InstancesPerClass["humerus fracture"]); // the raw (swapped) name of id 3
        Assert.Equal(2, train.InstancesPerClass["humerus"]);
        Assert.Equal(3, train.InstancesPerClass["wrist positive"]);
        Assert.Empty(train.Corrupt);
        Assert.Empty(train.Truncated);
        Assert.Equal(["train", "val", "test"], report.Splits.Select(s => s.Split));
        Assert.Equal(3, report.Splits[1].Images);
        Assert.NotNull(report.Leakage);
        Assert.Empty(report.Leakage!.CrossSplitPairs);
    }

    [Fact]
    public void Profile_drops_the_bone_outline_and_renames_classes()
    {
        var report = DatasetChecker.Check(
            DataYamlReader.Read(TestData.FixtureYaml), DatasetProfile.Load(TestData.Profile), new CheckOptions(DecodeImages: false));

        var train = report.Splits[0];
        Assert.Equal("bone-fracture-v4", report.Profile);
        Assert.Equal(9, train.Instances);
        Assert.Equal(1, train.DroppedByProfile);
        Assert.Equal(2, train.InstancesPerClass["humerus fracture"]);
        Assert.False(train.InstancesPerClass.ContainsKey("humerus"));
        Assert.Equal(0, train.Sizes.MaxLongSide); // images were not decoded
    }

    [Fact]
    public void Corrupt_and_truncated_images_are_reported_and_never_rewritten()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var source = Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "*.jpg").Order().First();
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(Path.Combine(images, "whole.jpg"), bytes);
        File.WriteAllBytes(Path.Combine(images, "cut.jpg"), bytes[..(bytes.Length / 2)]);
        File.WriteAllText(Path.Combine(images, "text.jpg"), "this is not a picture");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");
        var before = Directory.GetFiles(images).ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

        var report = DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions());

        var split = Assert.Single(report.Splits);
        Assert.Equal(3, split.Images);
        Assert.Equal("text.jpg", Assert.Single(split.Corrupt).Image);
        Assert.Equal("cut.jpg", Assert.Single(split.Truncated).Image);
        Assert.Equal(3, split.Negatives);
        Assert.All(before, kv => Assert.Equal(kv.Value, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(kv.Key)))));
    }

    [Fact]
    public void Json_report_has_the_documented_keys_per_split()
    {
        var report = DatasetChecker.Check(DataYamlReader.Read(TestData.FixtureYaml), null, new CheckOptions());
        var path = Path.Combine(_root, "report.json");

        DatasetCheckJson.Write(report, path);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var train = json.RootElement.GetProperty("splits").GetProperty("train");
        Assert.Equal(10, train.GetProperty("images").GetInt32());
        Assert.Equal(10, train.GetProperty("labelFiles").GetInt32());
        Assert.Equal(8, train.GetProperty("nonEmpty").GetInt32());
        Assert.Equal(10, train.GetProperty("instances").GetInt32());
        Assert.Equal(2, train.GetProperty("instancesPerClass").GetProperty("humerus").GetInt32());
        Assert.Equal(0, train.GetProperty("corrupt").GetArrayLength());
        Assert.True(train.GetProperty("leakage").TryGetProperty("imagesWithCopyIn", out _));
        Assert.True(json.RootElement.GetProperty("leakage").TryGetProperty("crossSplitPairs", out _));
    }

    [RequiresDatasetFact("train/images")]
    public void Shipped_dataset_raw_counts_are_the_published_ones()
    {
        var report = DatasetChecker.Check(DataYamlReader.Read(TestData.SharedYaml), null, new CheckOptions(DecodeImages: false));

        Assert.Equal([3631, 348, 169], report.Splits.Select(s => s.Images));
        Assert.Equal([2088, 204, 96], report.Splits.Select(s => s.Instances));
        Assert.Equal([1804, 173, 83], report.Splits.Select(s => s.NonEmpty));
        Assert.Equal(3, report.Splits[0].InstancesPerClass["humerus fracture"]);
        Assert.Equal(311, report.Splits[0].InstancesPerClass["humerus"]);
    }
}
