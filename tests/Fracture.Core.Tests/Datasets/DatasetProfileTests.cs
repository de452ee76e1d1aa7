using Fracture.Core.Datasets;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Datasets;

public sealed class DatasetProfileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-profile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Shipped_profile_drops_id_3_and_reads_id_4_as_humerus_fracture()
    {
        var profile = DatasetProfile.Load(TestData.Profile);
        var yaml = DataYamlReader.Read(TestData.FixtureYaml);
        profile.Validate(yaml.Names);

        Assert.Equal(6, profile.Classes.Count);
        Assert.Null(profile.TargetOf(3));
        Assert.Equal("humerus fracture", profile.Classes[profile.TargetOf(4)!.Value]);
        Assert.Equal("wrist fracture", profile.Classes[profile.TargetOf(6)!.Value]);
        Assert.Equal(0, profile.TargetOf(0));
    }

    [Fact]
    public void Apply_renumbers_merges_and_drops()
    {
        var path = Write("""{"classes": ["a", "b"], "map": {"0": "b", "1": null, "2": "b", "3": "a"}}""");
        var profile = DatasetProfile.Load(path);
        var box = new NormalizedBox(0.5, 0.5, 0.1, 0.1);
        LabelInstance[] instances = [new(0, box, null), new(1, box, null), new(2, box, null), new(3, box, null)];

        var mapped = profile.Apply(instances);

        Assert.Equal([1, 1, 0], mapped.Select(i => i.ClassId));
    }

    [Theory]
    [InlineData("""{"classes": ["a"], "map": {"0": "zzz"}}""", "not in 'classes'")]
    [InlineData("""{"classes": ["a"], "map": {"x": "a"}}""", "not a source class id")]
    [InlineData("""{"classes": ["a", "a"], "map": {"0": "a"}}""", "lists a name twice")]
    [InlineData("""{"map": {"0": "a"}}""", "needs 'classes'")]
    [InlineData("""{"classes": ["a"], "map": """, "not a valid profile")]
    public void Bad_profiles_are_refused_with_a_reason(string json, string expected)
    {
        var error = Assert.Throws<DatasetException>(() => DatasetProfile.Load(Write(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_misses_a_source_class_is_refused_against_the_dataset()
    {
        var profile = DatasetProfile.Load(Write("""{"classes": ["a"], "map": {"0": "a"}}"""));
        var error = Assert.Throws<DatasetException>(() => profile.Validate(["x", "y"]));
        Assert.Contains("does not map source class ids 1", error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_root, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
