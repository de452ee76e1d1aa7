using System.Diagnostics;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using Xunit.Abstractions;

namespace Fracture.Core.Tests.Imaging;

/// <summary>Real X-rays from ../shared/data/bone-fracture; skipped with a message when the dataset is absent.</summary>
public class DatasetSmokeTests(ITestOutputHelper output)
{
    private static string[] ValidImages() =>
        Directory.GetFiles(Path.Combine(RepoPaths.BoneFractureDataset, "valid", "images")).Order(StringComparer.Ordinal).ToArray();

    [RequiresDatasetFact("valid/images")]
    public void Every_25th_validation_image_decodes_to_a_sane_size()
    {
        var sample = ValidImages().Where((_, i) => i % 25 == 0).ToArray();
        Assert.NotEmpty(sample);

        foreach (var path in sample)
        {
            var info = ImageDecoder.ReadInfo(path);
            var image = ImageDecoder.Decode(path);
            var small = ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8, MaxSide: 320));

            Assert.InRange(image.Width, 32, 8192);
            Assert.InRange(image.Height, 32, 8192);
            Assert.Equal((info.Width, info.Height), (image.Width, image.Height));
            Assert.Equal(image.Width * image.Height * 3, image.Pixels.Length);
            Assert.False(image.Truncated, path);
            Assert.InRange(image.Pixels.Average(p => (double)p), 5, 250); // neither blank nor saturated
            Assert.Equal(320, Math.Max(small.Width, small.Height));
            Assert.Equal((image.Width, image.Height), (small.SourceWidth, small.SourceHeight));
        }

        output.WriteLine($"decoded {sample.Length} images from {RepoPaths.BoneFractureDataset}");
    }
}
