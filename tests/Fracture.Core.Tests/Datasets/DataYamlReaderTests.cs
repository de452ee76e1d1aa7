using Fracture.Core.Datasets;

namespace Fracture.Core.Tests.Datasets;

public sealed class DataYamlReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-yaml-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Shipped_fixture_yaml_resolves_dot_dot_paths_by_the_ultralytics_rule()
    {
        var yaml = DataYamlReader.Read(Path.Combine(TestData.FixtureRoot, "data.yaml"));

        Assert.Equal(7, yaml.Names.Count);
        Assert.Equal("humerus", yaml.Names[4]);
        var train = yaml.GetSplit("train");
        Assert.Equal(Path.Combine(TestData.FixtureRoot, "train", "images"), train.Resolved.Single());
        Assert.Contains("Ultralytics rule", train.Note, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(TestData.FixtureRoot, "valid", "images"), yaml.GetSplit("valid").Resolved.Single());
    }

    [Fact]
    public void Names_as_a_map_and_a_path_key_are_read()
    {
        Directory.CreateDirectory(Path.Combine(_root, "ds", "imgs", "tr"));
        Directory.CreateDirectory(Path.Combine(_root, "ds", "imgs", "va"));
        var path = Write("data.yaml", "path: ds\ntrain: imgs/tr\nval: imgs/va\nnames:\n  0: cat\n  1: dog\n");

        var yaml = DataYamlReader.Read(path);

        Assert.Equal(["cat", "dog"], yaml.Names);
        Assert.Equal(Path.Combine(_root, "ds"), yaml.Root);
        Assert.Equal(Path.Combine(_root, "ds", "imgs", "tr"), yaml.GetSplit("train").Resolved.Single());
        Assert.False(yaml.Splits.ContainsKey("test"));
        Assert.Throws<DatasetException>(() => yaml.GetSplit("test"));
    }

    [Theory]
    [InlineData("train: .\nnc: 2\nnames: [a]\n", "nc is 2 but names has 1")]
    [InlineData("train: .\nnames:\n  0: a\n  2: b\n", "without gaps")]
    [InlineData("names: [a]\n", "neither 'train' nor 'val'")]
    [InlineData("train: .\nnames: [a\n", "not valid YAML")]
    [InlineData("train: [a\nnames: {", "not valid YAML")]
    [InlineData("- just\n- a list\n", "expected a YAML mapping")]
    [InlineData("train: [{a: b}]\nnames: [a]\n", "must list paths")]
    [InlineData("path: [x]\ntrain: .\nnames: [a]\n", "'path' must be a folder path")]
    public void Bad_yaml_gives_a_clear_dataset_error(string text, string expected)
    {
        var error = Assert.Throws<DatasetException>(() => DataYamlReader.Read(Write("bad.yaml", text)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test: \"\"")]
    [InlineData("test: ''")]
    [InlineData("test: \"  \"")]
    [InlineData("test:")]
    [InlineData("test: ~")]
    [InlineData("test: Null")]
    [InlineData("test: NULL")]
    public void An_empty_or_null_split_value_declares_no_split(string testLine)
    {
        Directory.CreateDirectory(Path.Combine(_root, "tr"));
        var yaml = DataYamlReader.Read(Write("data.yaml", $"train: tr\n{testLine}\nnames: [a]\n"));

        Assert.False(yaml.Splits.ContainsKey("test"));
        Assert.Empty(yaml.MissingSplits);
        var error = Assert.Throws<DatasetException>(() => yaml.GetSplit("test"));
        Assert.Contains("declares no 'test' split", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test: nowhere", "test path 'nowhere' does not exist")]
    [InlineData("test: [tr, nowhere]", "test paths do not exist: ")]
    public void A_declared_split_whose_folder_is_missing_fails_only_when_asked_for(string testLine, string expected)
    {
        Directory.CreateDirectory(Path.Combine(_root, "tr"));
        var yaml = DataYamlReader.Read(Write("data.yaml", $"train: tr\nval: tr\n{testLine}\nnames: [a]\n"));

        Assert.Equal(["train", "val"], yaml.Splits.Keys);
        Assert.Equal(["test"], yaml.MissingSplits.Keys);
        var error = Assert.Throws<DatasetException>(() => yaml.GetSplit("test"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "nowhere"), error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, Assert.Throws<DatasetException>(() => YoloDataset.ReadSplit(yaml, "test")).Message);
        Assert.Empty(YoloDataset.ReadSplit(yaml, "val").Items);
    }

    [Fact]
    public void A_missing_train_folder_fails_when_train_is_asked_for()
    {
        Directory.CreateDirectory(Path.Combine(_root, "v"));
        var yaml = DataYamlReader.Read(Write("data.yaml", "train: nowhere\nval: v\nnames: [a]\n"));

        Assert.Equal(["val"], yaml.Splits.Keys);
        var error = Assert.Throws<DatasetException>(() => yaml.GetSplit("train"));
        Assert.Contains("train path 'nowhere' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_none_of_whose_declared_splits_exists_is_refused_when_read_with_each_reason()
    {
        var error = Assert.Throws<DatasetException>(() => DataYamlReader.Read(Write("data.yaml", "train: nowhere\nval: nowhere2\nnames: [a]\n")));

        Assert.StartsWith("none of the splits declared in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("train path 'nowhere' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("val path 'nowhere2' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_key_is_read_as_val_when_val_is_not_given()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tr"));
        Directory.CreateDirectory(Path.Combine(_root, "va"));
        Directory.CreateDirectory(Path.Combine(_root, "other"));

        var aliased = DataYamlReader.Read(Write("a.yaml", "train: tr\nvalidation: va\nnames: [a]\n"));
        var both = DataYamlReader.Read(Write("b.yaml", "train: tr\nval: other\nvalidation: va\nnames: [a]\n"));

        Assert.Equal(Path.Combine(_root, "va"), Assert.Single(aliased.GetSplit("val").Resolved));
        Assert.Equal(Path.Combine(_root, "other"), Assert.Single(both.GetSplit("val").Resolved));
    }

    [Fact]
    public void Missing_yaml_is_a_dataset_error() =>
        Assert.Throws<DatasetException>(() => DataYamlReader.Read(Path.Combine(_root, "absent.yaml")));

    [Fact]
    public void Split_aliases_normalise()
    {
        Assert.Equal("val", SplitNames.Normalize("valid"));
        Assert.Equal("val", SplitNames.Normalize("VAL"));
        Assert.Equal("test", SplitNames.Normalize("test"));
        Assert.Throws<DatasetException>(() => SplitNames.Normalize("holdout"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }
}
