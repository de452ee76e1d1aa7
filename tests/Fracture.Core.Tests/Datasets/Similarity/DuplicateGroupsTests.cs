using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Tests.Datasets.Similarity;

public sealed class DuplicateGroupsTests
{
    [Fact]
    public void Links_join_transitively_and_ids_follow_first_appearance()
    {
        var groups = DuplicateGroups.Build(6, [(4, 1), (1, 3), (5, 5)]);

        Assert.Equal([0, 1, 2, 1, 1, 3], groups);
    }

    [Fact]
    public void No_links_leave_every_item_alone() =>
        Assert.Equal([0, 1, 2], DuplicateGroups.Build(3, []));

    [Theory]
    [InlineData("image1_108_png.rf.0123abcd.jpg", "image1_108_png")]
    [InlineData("/a/b/distal-humeral-fractures-2-_JPEG.rf.39ba.jpg", "distal-humeral-fractures-2-_JPEG")]
    [InlineData("plain.jpg", null)]
    [InlineData(".rf.starts-with-marker.jpg", null)]
    public void Roboflow_stem_is_the_part_before_rf(string name, string? stem) =>
        Assert.Equal(stem, RoboflowNames.Stem(name));
}
