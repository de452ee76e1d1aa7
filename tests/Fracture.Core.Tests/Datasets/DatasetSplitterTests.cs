using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Splitting;

namespace Fracture.Core.Tests.Datasets;

public sealed class DatasetSplitterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-split-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Copies_of_one_image_under_other_names_land_in_one_split()
    {
        // Two splits, each holding byte-identical copies of the same X-ray under unrelated names.
        var yaml = CopyFixtureWithPlantedDuplicates();

        var plan = DatasetSplitter.Plan(DataYamlReader.Read(yaml), DatasetProfile.Load(TestData.Profile), new SplitOptions(GroupByStem: false));

        var copies = plan.Assignments.Where(a => Path.GetFileName(a.ImagePath).StartsWith("copy-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Equal(copies[0].Group, copies[1].Group);
        Assert.Equal(copies[0].Split, copies[1].Split);
        Assert.Equal(17, plan.Assignments.Count);
        Assert.Empty(plan.Unreadable);
    }

    [Fact]
    public void Written_split_is_a_readable_dataset_with_every_image_once()
    {
        var plan = DatasetSplitter.Plan(DataYamlReader.Read(TestData.FixtureYaml), null, new SplitOptions(0.6, 0.2, 0.2, Seed: 3));
        var yamlPath = SplitWriter.Write(plan, DataYamlReader.Read(TestData.FixtureYaml), Path.Combine(_root, "out"));

        var written = DataYamlReader.Read(yamlPath);
        var items = SplitNames.All.SelectMany(s => YoloDataset.ReadSplit(written, s).Items).ToList();

        Assert.Equal(15, items.Count);
        Assert.Equal(15, items.Select(i => i.ImagePath).Distinct().Count());
        Assert.Equal(13, items.Sum(i => i.Labels.Instances.Count)); // 10 train + 2 valid + 1 test
        Assert.Equal(7, written.Names.Count);
        Assert.True(File.Exists(Path.Combine(_root, "out", "groups.csv")));
        // Groups never straddle splits.
        Assert.All(plan.Assignments.GroupBy(a => a.Group), g => Assert.Single(g.Select(a => a.Split).Distinct()));
    }

    [Fact]
    public void An_image_that_two_splits_both_name_is_pooled_once()
    {
        // train lists valid's folder too: its 3 images were pooled twice and written twice into train.txt (16 lines, 13 images).
        var source = Directory.CreateDirectory(Path.Combine(_root, "overlap")).FullName;
        File.WriteAllText(
            Path.Combine(source, "data.yaml"),
            $"path: {TestData.FixtureRoot}\ntrain: [train/images, valid/images]\nval: valid/images\nnames: [a, b, c, d, e, f, g]\n");
        var yaml = DataYamlReader.Read(Path.Combine(source, "data.yaml"));

        var plan = DatasetSplitter.Plan(yaml, null, new SplitOptions(0.6, 0.2, 0.2, Seed: 3));
        SplitWriter.Write(plan, yaml, Path.Combine(_root, "out"));

        Assert.Equal(13, plan.Assignments.Count);
        var lines = SplitNames.All.SelectMany(s => File.ReadAllLines(Path.Combine(_root, "out", $"{s}.txt"))).Where(l => l.Length > 0).ToList();
        Assert.Equal(13, lines.Distinct().Count());
        Assert.Equal(13, lines.Count);
        Assert.All(plan.Assignments.Where(a => a.ImagePath.Contains("/valid/", StringComparison.Ordinal)), a => Assert.Equal(SplitNames.Train, a.OriginalSplit));
    }

    [Fact]
    public void A_split_is_never_written_over_the_source_or_files_an_earlier_split_did_not_write_but_replaces_its_own()
    {
        var source = Path.Combine(_root, "source");
        Directory.CreateDirectory(source);
        var yamlText = $"path: {TestData.FixtureRoot}\ntrain: train/images\nval: valid/images\ntest: test/images\nnames: [a, b, c, d, e, f, g]\n";
        File.WriteAllText(Path.Combine(source, "data.yaml"), yamlText);
        var yaml = DataYamlReader.Read(Path.Combine(source, "data.yaml"));
        var plan = DatasetSplitter.Plan(yaml, null, new SplitOptions(0.6, 0.2, 0.2, Seed: 3));
        var lists = Path.Combine(_root, "lists");
        Directory.CreateDirectory(lists);
        File.WriteAllText(Path.Combine(lists, "train.txt"), "a user's own list\n");

        Assert.Contains("holds the source data.yaml", Assert.Throws<DatasetException>(() => SplitWriter.Write(plan, yaml, source)).Message, StringComparison.Ordinal);
        Assert.Contains("already holds train.txt", Assert.Throws<DatasetException>(() => SplitWriter.Write(plan, yaml, lists)).Message, StringComparison.Ordinal);
        Assert.Equal(yamlText, File.ReadAllText(Path.Combine(source, "data.yaml")));
        Assert.Equal(["data.yaml"], Directory.GetFiles(source).Select(Path.GetFileName));
        Assert.Equal("a user's own list\n", File.ReadAllText(Path.Combine(lists, "train.txt")));

        var output = Path.Combine(_root, "out");
        SplitWriter.Write(plan, yaml, output);
        var again = SplitWriter.Write(DatasetSplitter.Plan(yaml, null, new SplitOptions(0.6, 0.2, 0.2, Seed: 4)), yaml, output);
        Assert.Contains("seed 4", File.ReadAllText(again), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewrite_that_fails_part_way_leaves_no_dataset_mixing_two_splits_and_can_be_run_again()
    {
        var yaml = DataYamlReader.Read(TestData.FixtureYaml);
        var output = Path.Combine(_root, "out");
        SplitWriter.Write(DatasetSplitter.Plan(yaml, null, new SplitOptions(0.6, 0.2, 0.2, Seed: 3)), yaml, output);
        var reseeded = DatasetSplitter.Plan(yaml, null, new SplitOptions(0.6, 0.2, 0.2, Seed: 4));
        // val.txt cannot be replaced (a folder in its place, as a full disk would fail the write).
        File.Delete(Path.Combine(output, "val.txt"));
        Directory.CreateDirectory(Path.Combine(output, "val.txt"));

        Assert.ThrowsAny<IOException>(() => SplitWriter.Write(reseeded, yaml, output));

        // The seed-3 data.yaml must not stand over seed-4 lists: no data.yaml, so nothing trains on the mix.
        Assert.False(File.Exists(Path.Combine(output, "data.yaml")));
        Directory.Delete(Path.Combine(output, "val.txt"));
        var again = SplitWriter.Write(reseeded, yaml, output);
        Assert.Contains("seed 4", File.ReadAllText(again), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_the_same_split()
    {
        var yaml = DataYamlReader.Read(TestData.FixtureYaml);
        var a = DatasetSplitter.Plan(yaml, null, new SplitOptions(Seed: 5)).Assignments.Select(x => x.Split);
        var b = DatasetSplitter.Plan(yaml, null, new SplitOptions(Seed: 5)).Assignments.Select(x => x.Split);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Small_classes_do_not_all_spill_into_val()
    {
        // 15 fixture images at 0.8/0.1/0.1: each split should get close to its share, not val 5 and test 1.
        var plan = DatasetSplitter.Plan(DataYamlReader.Read(TestData.FixtureYaml), DatasetProfile.Load(TestData.Profile), new SplitOptions());

        var val = plan.In("val").Count();
        var test = plan.In("test").Count();
        Assert.InRange(val, 1, 3);
        Assert.InRange(test, 1, 3);
    }

    [Theory]
    [InlineData(0.8, 0.1, 0.2)]
    [InlineData(0, 0.5, 0.5)]
    [InlineData(0.9, -0.1, 0.2)]
    [InlineData(1, 0, 0)]
    [InlineData(0.9, 0, 0.1)]
    [InlineData(double.NaN, 0.5, 0.5)]
    [InlineData(0.5, double.NaN, 0.5)]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    public void Fractions_must_sum_to_one_with_a_train_and_a_val_share(double train, double val, double test) =>
        Assert.Throws<DatasetException>(() => new SplitOptions(train, val, test).Validate());

    [Fact]
    public void A_test_share_of_0_is_allowed() => new SplitOptions(0.9, 0.1, 0).Validate();

    private string CopyFixtureWithPlantedDuplicates()
    {
        foreach (var file in Directory.GetFiles(TestData.FixtureRoot, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_root, "ds", Path.GetRelativePath(TestData.FixtureRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var source = Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "image2_49*").Single();
        File.Copy(source, Path.Combine(_root, "ds", "train", "images", "copy-a.jpg"));
        File.Copy(source, Path.Combine(_root, "ds", "valid", "images", "copy-b.jpg"));
        return Path.Combine(_root, "ds", "data.yaml");
    }
}
