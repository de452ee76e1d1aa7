using Fracture.Core.Imaging;
using Fracture.Training.Data;
using Fracture.Training.Tests.Support;

namespace Fracture.Training.Tests.Data;

/// <summary>Images that cannot be read, decoded or decoded whole are left out with their reasons; the rest are cached in order.</summary>
public sealed class ImageCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Unreadable_missing_and_corrupt_files_are_left_out_and_the_others_kept()
    {
        var good = TestPaths.FirstFixtureImage;
        var folder = _temp.File("a-folder.jpg");
        Directory.CreateDirectory(folder); // reading it fails as a file the user may not read does
        var missing = _temp.File("gone.jpg");
        var corrupt = _temp.File("text.jpg");
        File.WriteAllText(corrupt, "not an image");

        var cache = ImageCache.Load([good, folder, missing, corrupt, good], 64, PixelFormat.Rgb24);

        Assert.Equal([0, 4], cache.Kept);
        Assert.Equal(2, cache.Count);
        Assert.Equal(3, cache.Failed.Count);
        Assert.StartsWith($"{folder}: cannot be read: ", cache.Failed[0], StringComparison.Ordinal);
        Assert.StartsWith($"{missing}: cannot be read: ", cache.Failed[1], StringComparison.Ordinal);
        Assert.StartsWith($"{corrupt}: ", cache.Failed[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_ends_early_is_left_out_not_trained_on_with_black_rows()
    {
        var whole = File.ReadAllBytes(TestPaths.FirstFixtureImage);
        var cut = _temp.File("cut.jpg");
        File.WriteAllBytes(cut, whole[..(whole.Length * 2 / 5)]);

        var cache = ImageCache.Load([cut, TestPaths.FirstFixtureImage], 64, PixelFormat.Gray8);

        Assert.Equal([1], cache.Kept);
        var failure = Assert.Single(cache.Failed);
        Assert.StartsWith($"{cut}: ", failure, StringComparison.Ordinal);
        Assert.Contains("end", failure, StringComparison.OrdinalIgnoreCase);
    }
}
