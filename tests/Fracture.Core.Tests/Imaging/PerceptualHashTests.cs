using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public class PerceptualHashTests
{
    private static readonly DecodedImage Scene = TestImages.Blobs(320, 240, 1);

    private static DecodedImage Transform(DecodedImage image, ExifOrientation orientation)
    {
        var pixels = OrientationTransform.Apply(image.Pixels, image.Width, image.Height, image.Channels, orientation, out var w, out var h);
        return new DecodedImage(w, h, image.Format, pixels);
    }

    [Fact]
    public void Distance_counts_differing_bits()
    {
        Assert.Equal(0, PerceptualHash.Distance(0xDEADBEEF, 0xDEADBEEF));
        Assert.Equal(64, PerceptualHash.Distance(0, ulong.MaxValue));
        Assert.Equal(3, PerceptualHash.Distance(0b1011, 0b0000));
    }

    [Fact]
    public void Hash_is_deterministic_and_ignores_the_pixel_format()
    {
        var hash = PerceptualHash.Compute(Scene);

        Assert.Equal(hash, PerceptualHash.Compute(Scene));
        Assert.Equal(hash, PerceptualHash.Compute(Scene.ToFormat(PixelFormat.Gray8)));
        Assert.NotEqual(0UL, hash);
        Assert.InRange(PerceptualHash.Distance(hash, 0), 28, 36); // median split: about half the bits set
    }

    [Fact]
    public void Reencoding_at_lower_jpeg_quality_barely_changes_the_hash()
    {
        // Grain gives the JPEG encoder something to destroy.
        var random = new Random(9);
        var grainy = new DecodedImage(Scene.Width, Scene.Height, Scene.Format, Scene.Pixels.Select(p => (byte)Math.Clamp(p + random.Next(-30, 31), 0, 255)).ToArray());
        var good = ImageDecoder.Decode(ImageEncoder.EncodeJpeg(grainy, 95));
        var poor = ImageDecoder.Decode(ImageEncoder.EncodeJpeg(grainy, 15));

        Assert.True(TestImages.MeanAbsDifference(good.Pixels, poor.Pixels) > 5); // the copies really differ

        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(good), PerceptualHash.Compute(poor)) <= 6);
    }

    [Fact]
    public void Brightening_slightly_barely_changes_the_hash()
    {
        var brighter = new DecodedImage(Scene.Width, Scene.Height, Scene.Format, Scene.Pixels.Select(p => (byte)Math.Min(255, p + 12)).ToArray());

        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(Scene), PerceptualHash.Compute(brighter)) <= 6);
    }

    [Fact]
    public void Downscaled_copy_matches()
    {
        var small = ImageResizer.Resize(Scene, 160, 120);

        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(Scene), PerceptualHash.Compute(small)) <= 4);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Unrelated_images_are_far_apart(int otherSeed)
    {
        var other = TestImages.Blobs(320, 240, otherSeed);

        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(Scene), PerceptualHash.Compute(other)) >= 20);
    }

    [Fact]
    public void Gradient_and_blobs_are_far_apart()
    {
        Assert.True(PerceptualHash.Distance(PerceptualHash.Compute(Scene), PerceptualHash.Compute(TestImages.Gradient(320, 240))) >= 20);
    }

    [Fact]
    public void Mirrored_copy_matches_the_mirrored_dihedral_hash()
    {
        var mirrored = Transform(Scene, ExifOrientation.TopRight);

        var dihedral = PerceptualHash.ComputeDihedral(Scene);
        var hash = PerceptualHash.Compute(mirrored);

        Assert.True(PerceptualHash.Distance(hash, dihedral[1]) <= 1);
        Assert.True(PerceptualHash.Distance(hash, PerceptualHash.Compute(Scene)) >= 10); // a flip is not a near-duplicate by itself
    }

    [Theory]
    [InlineData(ExifOrientation.TopLeft)]
    [InlineData(ExifOrientation.TopRight)]
    [InlineData(ExifOrientation.BottomRight)]
    [InlineData(ExifOrientation.BottomLeft)]
    [InlineData(ExifOrientation.LeftTop)]
    [InlineData(ExifOrientation.RightTop)]
    [InlineData(ExifOrientation.RightBottom)]
    [InlineData(ExifOrientation.LeftBottom)]
    public void Each_dihedral_hash_is_the_hash_of_that_transform(ExifOrientation orientation)
    {
        var dihedral = PerceptualHash.ComputeDihedral(Scene);

        var hash = PerceptualHash.Compute(Transform(Scene, orientation));

        Assert.True(PerceptualHash.Distance(hash, dihedral[(int)orientation - 1]) <= 1);
    }

    [Fact]
    public void Dihedral_identity_is_the_plain_hash()
    {
        Assert.Equal(PerceptualHash.Compute(Scene), PerceptualHash.ComputeDihedral(Scene)[0]);
        Assert.Equal(8, PerceptualHash.ComputeDihedral(Scene).Distinct().Count());
    }
}
