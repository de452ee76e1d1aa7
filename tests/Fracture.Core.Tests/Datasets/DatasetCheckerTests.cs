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
        var images = WriteWholeCutAndTextImages();
        var before = Directory.GetFiles(images).ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

        var report = DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions());

        var split = Assert.Single(report.Splits);
        Assert.Equal(3, split.Images);
        Assert.Equal("text.jpg", Assert.Single(split.Corrupt).Image);
        Assert.Equal("cut.jpg", Assert.Single(split.Truncated).Image);
        Assert.Equal(1, split.Negatives); // training leaves the other two out; they are no negatives it learns from
        Assert.Equal(2, split.UndecodedImages);
        Assert.All(before, kv => Assert.Equal(kv.Value, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(kv.Key)))));
    }

    [Fact]
    public void Counts_are_what_training_sees_an_image_that_does_not_decode_whole_being_left_out()
    {
        // Training's image cache leaves out a corrupt or truncated file, as Ultralytics counts it corrupt and not as a
        // background; the check counted it as a negative and its boxes among the instances training would learn.
        var images = WriteWholeCutAndTextImages();
        var labels = Directory.CreateDirectory(Path.Combine(_root, "train", "labels")).FullName;
        File.WriteAllText(Path.Combine(images, "empty.jpg"), string.Empty);
        File.WriteAllText(Path.Combine(labels, "whole.txt"), "0 0.5 0.5 0.2 0.2\n");
        File.WriteAllText(Path.Combine(labels, "cut.txt"), "0 0.5 0.5 0.2 0.2\n0 0.2 0.2 0.1 0.1\n");
        File.WriteAllText(Path.Combine(labels, "text.txt"), "0 0.5 0.5 0.2 0.2\n");

        var split = Assert.Single(DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions()).Splits);

        Assert.Equal(4, split.Images);
        Assert.Equal(3, split.UndecodedImages);
        Assert.Equal(0, split.Negatives);
        Assert.Equal(1, split.Instances);
        Assert.Equal(1, split.InstancesPerClass["x"]);
        Assert.Equal(3, split.ExcludedInstances);
        Assert.Equal(0, split.ExcludedImages);
    }

    [Fact]
    public void Problems_in_subfolders_are_named_by_their_path_in_the_split_not_a_file_name_two_folders_share()
    {
        // Patient folders commonly hold the same file names: "img1.jpg: empty file" did not say which one.
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images", "p1")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "train", "images", "p2"));
        var labels = Directory.CreateDirectory(Path.Combine(_root, "train", "labels", "p2")).FullName;
        File.Copy(Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "*.jpg").Order().First(), Path.Combine(images, "img1.jpg"));
        File.WriteAllText(Path.Combine(_root, "train", "images", "p2", "img1.jpg"), string.Empty);
        File.WriteAllText(Path.Combine(labels, "img1.txt"), "0 0.5 0.5 0.2\n");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");

        var split = Assert.Single(DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions()).Splits);

        var image = Assert.Single(split.Corrupt);
        Assert.Equal(("p2/img1.jpg", "empty file (0 bytes)"), (image.Image, image.Message));
        Assert.Equal("p2/img1.txt", Assert.Single(split.IssueExamples).LabelFile);
    }

    [Fact]
    public void An_image_that_cannot_be_read_is_reported_as_a_problem_of_its_own_and_the_rest_checked()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var source = Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "*.jpg").Order().First();
        File.Copy(source, Path.Combine(images, "whole.jpg"));
        File.CreateSymbolicLink(Path.Combine(images, "dangling.jpg"), Path.Combine(_root, "nowhere.jpg"));
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");

        var report = DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions());

        var split = Assert.Single(report.Splits);
        Assert.Equal(2, split.Images);
        var problem = Assert.Single(split.Corrupt);
        Assert.Equal(("dangling.jpg", "Unreadable"), (problem.Image, problem.Kind));
        Assert.StartsWith("cannot be read: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Box_sizes_are_measured_per_class_in_pixels_of_each_image()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(_root, "train", "labels")).FullName;
        File.WriteAllBytes(Path.Combine(images, "wide.png"), TestImages.EncodeWithSkia(TestImages.Gradient(400, 200), SkiaSharp.SKEncodedImageFormat.Png));
        File.WriteAllBytes(Path.Combine(images, "tall.png"), TestImages.EncodeWithSkia(TestImages.Gradient(100, 200), SkiaSharp.SKEncodedImageFormat.Png));
        File.WriteAllText(Path.Combine(images, "broken.png"), "not a picture");

        // Class 0: a 200 × 40 px box on the wide image and a 50 × 50 px one on the tall image.
        // Class 1: a square polygon of 10 × 10 px; its box is its extent. The broken image's box is neither counted nor
        // measured: training leaves that image out.
        File.WriteAllText(Path.Combine(labels, "wide.txt"), "0 0.5 0.5 0.5 0.2\n1 0.1 0.1 0.125 0.1 0.125 0.15 0.1 0.15\n");
        File.WriteAllText(Path.Combine(labels, "tall.txt"), "0 0.5 0.5 0.5 0.25\n");
        File.WriteAllText(Path.Combine(labels, "broken.txt"), "1 0.5 0.5 0.5 0.5\n");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [a, b]\n");

        var split = Assert.Single(DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions()).Splits);

        var a = split.BoxSizesPerClass["a"];
        Assert.Equal(2, a.Count);
        Assert.Equal(((Math.Sqrt(8000) / 400) + 0.25) / 2, a.Median, 9); // 89.44 / 400 and 50 / 200
        var b = split.BoxSizesPerClass["b"];
        Assert.Equal(1, split.InstancesPerClass["b"]);
        Assert.Equal(1, split.ExcludedInstances);
        Assert.Equal(1, b.Count);
        Assert.Equal(10.0 / 400, b.Median, 9);
        Assert.Equal(1, b.SmallShare);
    }

    [Fact]
    public void Box_sizes_are_unknown_without_decoding_images()
    {
        var report = DatasetChecker.Check(DataYamlReader.Read(TestData.FixtureYaml), null, new CheckOptions(DecodeImages: false));

        Assert.All(report.Splits.SelectMany(s => s.BoxSizesPerClass.Values), size => Assert.Equal(BoxSizeSummary.Empty, size));
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
        Assert.True(train.GetProperty("boxSizesPerClass").GetProperty("humerus").GetProperty("median").GetDouble() > 0);
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

    /// <summary>train/images with a whole fixture JPEG, its first half (cut.jpg) and text named text.jpg; data.yaml for it.</summary>
    private string WriteWholeCutAndTextImages()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var source = Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "*.jpg").Order().First();
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(Path.Combine(images, "whole.jpg"), bytes);
        File.WriteAllBytes(Path.Combine(images, "cut.jpg"), bytes[..(bytes.Length / 2)]);
        File.WriteAllText(Path.Combine(images, "text.jpg"), "this is not a picture");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");
        return images;
    }
}
