using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Checking;

namespace Fracture.Core.Tests.Datasets;

public sealed class YoloDatasetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-ds-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Fixture_train_split_has_its_images_labels_and_negatives()
    {
        var split = YoloDataset.ReadSplit(DataYamlReader.Read(TestData.FixtureYaml), "train");

        Assert.Equal(10, split.Items.Count);
        Assert.All(split.Items, i => Assert.NotNull(i.LabelPath));
        Assert.Equal(2, split.Items.Count(i => i.IsNegative));
        Assert.Equal(10, split.Items.Sum(i => i.Labels.Instances.Count));
        Assert.Empty(split.OrphanLabels);
    }

    [Fact]
    public void Label_path_swaps_the_last_images_folder()
    {
        Assert.Equal("/d/images/x/labels/a.txt", YoloDataset.LabelPathFor("/d/images/x/images/a.jpg"));
        Assert.Equal("/d/flat/a.txt", YoloDataset.LabelPathFor("/d/flat/a.png"));
    }

    [Fact]
    public void Images_without_label_files_are_negatives_and_stray_labels_are_orphans()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(_root, "train", "labels")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), [1]);
        File.WriteAllBytes(Path.Combine(images, "b.png"), [1]);
        File.WriteAllText(Path.Combine(images, "notes.txt"), "not an image");
        File.WriteAllText(Path.Combine(labels, "a.txt"), "0 0.5 0.5 0.1 0.1\n");
        File.WriteAllText(Path.Combine(labels, "ghost.txt"), "0 0.5 0.5 0.1 0.1\n");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");

        var split = YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train");

        Assert.Equal(["a.jpg", "b.png"], split.Items.Select(i => i.FileName));
        Assert.Null(split.Items[1].LabelPath);
        Assert.True(split.Items[1].IsNegative);
        Assert.Equal(Path.Combine(labels, "ghost.txt"), Assert.Single(split.OrphanLabels));
    }

    [Fact]
    public void A_list_file_names_images_relative_to_itself()
    {
        var images = Directory.CreateDirectory(Path.Combine(_root, "pool", "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), [1]);
        File.WriteAllText(Path.Combine(_root, "train.txt"), "# my list\npool/images/a.jpg\n");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train.txt\nnames: [x]\n");

        var split = YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train");

        Assert.Equal(Path.Combine(images, "a.jpg"), Assert.Single(split.Items).ImagePath);

        // Labels of images listed by other splits' lists are not orphans of this one.
        Directory.CreateDirectory(Path.Combine(_root, "pool", "labels"));
        File.WriteAllText(Path.Combine(_root, "pool", "labels", "other.txt"), "0 0.5 0.5 0.1 0.1\n");
        Assert.Empty(YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train").OrphanLabels);

    }

    [Fact]
    public void A_list_keeps_a_missing_image_for_the_check_to_report_and_passes_over_lines_that_name_no_image()
    {
        // Ultralytics lists only image extensions from a list file and reports a missing image as corrupt, going on;
        // here a missing one stopped check, split and training alike, and a listed label file was read as an image.
        var images = Directory.CreateDirectory(Path.Combine(_root, "pool", "images")).FullName;
        var labels = Directory.CreateDirectory(Path.Combine(_root, "pool", "labels")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), [1]);
        File.WriteAllText(Path.Combine(labels, "a.txt"), "0 0.5 0.5 0.1 0.1\n");
        File.WriteAllText(Path.Combine(_root, "train.txt"), "pool/images/a.jpg\npool/images/missing.JPG\npool/labels/a.txt\npool/images/notes\n");
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train.txt\nnames: [x]\n");

        var split = YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train");

        Assert.Equal([Path.Combine(images, "a.jpg"), Path.Combine(images, "missing.JPG")], split.Items.Select(i => i.ImagePath));
        var report = DatasetChecker.Check(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), null, new CheckOptions(FindLeakage: false));
        var missing = report.Splits.Single().Corrupt.Single(p => p.Image.Contains("missing", StringComparison.Ordinal));
        Assert.Equal("Unreadable", missing.Kind);
    }

    [Fact]
    public void A_folder_reached_by_its_own_path_and_by_a_link_is_named_by_its_own_path_whose_labels_sit_beside_it()
    {
        // Each folder is walked once; which of its two paths named it followed the order the file system lists them
        // in, and through the link its labels (labels/link0/...) are not found: a fracture read as a negative. Eight
        // pairs, as one pair's order is a coin toss on a hashed directory.
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var expected = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var real = Directory.CreateDirectory(Path.Combine(images, $"real{i}")).FullName;
            File.WriteAllBytes(Path.Combine(real, $"x{i}.jpg"), [1]);
            Directory.CreateDirectory(Path.Combine(_root, "train", "labels", $"real{i}"));
            File.WriteAllText(Path.Combine(_root, "train", "labels", $"real{i}", $"x{i}.txt"), "0 0.5 0.5 0.1 0.1\n");
            Directory.CreateSymbolicLink(Path.Combine(images, $"link{i}"), real);
            expected.Add(Path.Combine(real, $"x{i}.jpg"));
        }

        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");

        var split = YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train");

        Assert.Equal(expected.Order(StringComparer.Ordinal), split.Items.Select(i => i.ImagePath));
        Assert.All(split.Items, i => Assert.Single(i.Labels.Instances));
    }

    [Fact]
    public void A_link_back_up_the_image_tree_is_followed_once_and_hidden_files_are_skipped()
    {
        // A loop used to be walked until the path grew too long: 10 real images read as 574 (564 "negatives").
        var images = Directory.CreateDirectory(Path.Combine(_root, "train", "images")).FullName;
        var sub = Directory.CreateDirectory(Path.Combine(images, "sub")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.jpg"), [1]);
        File.WriteAllBytes(Path.Combine(sub, "b.jpg"), [1]);
        Directory.CreateSymbolicLink(Path.Combine(sub, "loop"), images);

        // Elsewhere, linked in: followed, as a user links a folder of images into a split.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        File.WriteAllBytes(Path.Combine(elsewhere, "c.jpg"), [1]);
        Directory.CreateSymbolicLink(Path.Combine(images, "linked"), elsewhere);

        // macOS leaves "._a.jpg" (AppleDouble metadata) in archives it makes; Ultralytics' glob skips hidden names.
        File.WriteAllBytes(Path.Combine(images, "._a.jpg"), [0, 5, 22, 7]);
        Directory.CreateDirectory(Path.Combine(images, ".thumbnails"));
        File.WriteAllBytes(Path.Combine(images, ".thumbnails", "a.jpg"), [1]);
        File.WriteAllText(Path.Combine(_root, "data.yaml"), "train: train/images\nnames: [x]\n");

        var split = YoloDataset.ReadSplit(DataYamlReader.Read(Path.Combine(_root, "data.yaml")), "train");

        Assert.Equal(
            [Path.Combine(images, "a.jpg"), Path.Combine(images, "linked", "c.jpg"), Path.Combine(sub, "b.jpg")],
            split.Items.Select(i => i.ImagePath));
    }
}
