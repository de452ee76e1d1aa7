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

    /// <summary>
    /// Single-thread decode timing over the whole validation set; reported, not asserted (machines vary). Run with
    /// FRACTURE_BENCHMARKS=1 dotnet test tests/Fracture.Core.Tests -c Release --filter Validation_set_decode_timing --logger "console;verbosity=detailed".
    /// </summary>
    [RequiresDatasetFact("valid/images", benchmark: true)]
    public void Validation_set_decode_timing()
    {
        var files = ValidImages();
        var bytes = files.Select(File.ReadAllBytes).ToArray(); // time decoding, not disk
        Array.ForEach(bytes, b => Letterbox.Apply(ImageDecoder.Decode(b, new DecodeOptions(MaxSide: 320)), 64, 64)); // warm up (tiered JIT)

        var skia = Time(() => Array.ForEach(bytes, b => SkiaSharp.SKBitmap.Decode(b).Dispose()));
        var full = Time(() => Array.ForEach(bytes, b => ImageDecoder.Decode(b)));
        var gray = Time(() => Array.ForEach(bytes, b => ImageDecoder.Decode(b, new DecodeOptions(PixelFormat.Gray8))));
        var small = Time(() => Array.ForEach(bytes, b => ImageDecoder.Decode(b, new DecodeOptions(MaxSide: 320))));
        var letterboxed = Time(() => Array.ForEach(bytes, b => Letterbox.Apply(ImageDecoder.Decode(b, new DecodeOptions(MaxSide: 640)), 640, 640)));

        output.WriteLine($"{files.Length} images, {bytes.Average(b => b.Length) / 1024:F0} KiB average, single thread:");
        output.WriteLine($"  SKBitmap.Decode (reference, BGRA): {skia / files.Length:F2} ms/image");
        output.WriteLine($"  Decode Rgb24 full size:    {full / files.Length:F2} ms/image");
        output.WriteLine($"  Decode Gray8 full size:    {gray / files.Length:F2} ms/image");
        output.WriteLine($"  Decode Rgb24 MaxSide 320:  {small / files.Length:F2} ms/image");
        output.WriteLine($"  Decode MaxSide 640 + Letterbox 640: {letterboxed / files.Length:F2} ms/image");
        Assert.True(full > 0);
    }

    /// <summary>Best of three passes: the least disturbed by other work on the machine.</summary>
    private static double Time(Action action)
    {
        var best = double.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
