using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using Fracture.Tests.Tools;

namespace Fracture.Core.Tests.Imaging;

/// <summary>
/// Cross-check against real libtiff: tiffcp (Debian's libtiff-tools, installed when missing) rewrites an uncompressed
/// file with its own compressors, predictor, tiling, planar layout and byte order, its directory after the pixels; the
/// decoder must read back the very samples the uncompressed file holds.
/// </summary>
public class TiffLibtiffTests
{
    private static readonly string Tiffcp = DebianTools.Require("tiffcp", "libtiff-tools");

    public static TheoryData<string, int, int, int> Conversions()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var compression in new[] { "none", "lzw", "lzw:2", "zip", "zip:2", "packbits" })
        {
            foreach (var (bits, spp, photometric) in new[] { (16, 1, 1), (8, 1, 1), (8, 3, 2), (1, 1, 0) })
            {
                if (compression.EndsWith(":2", StringComparison.Ordinal) && bits == 1)
                {
                    continue; // libtiff refuses the predictor below 8 bits too
                }

                data.Add(compression, bits, spp, photometric);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Files_written_by_libtiff_decode_to_the_same_samples(string compression, int bits, int spp, int photometric)
    {
        using var folder = new TempFolder();
        var samples = TiffDecodeTests.Ramp(67 * 45 * spp, (1 << bits) - 1);
        var source = folder.File("source.tif");
        File.WriteAllBytes(source, TestTiffWriter.Write(new TestTiff(67, 45, bits, spp, photometric) { BigEndian = bits == 8 }, samples));
        var expected = ImageDecoder.Decode16(source).Pixels;
        var expectedRgb = ImageDecoder.Decode(source).Pixels;

        // tiffcp makes planes only from 8-bit samples, and only with more than one sample a pixel.
        var third = spp > 1 ? new[] { "-p", "separate", "-r", "5" } : ["-r", "1"];
        foreach (var layout in new[] { ["-r", "7"], ["-t", "-w", "32", "-l", "16", "-B"], third })
        {
            var output = folder.File($"libtiff-{string.Join("", layout)}.tif");
            DebianTools.Run(Tiffcp, ["-c", compression, .. layout, source, output]);

            Assert.Equal(expected, ImageDecoder.Decode16(output).Pixels);
            Assert.Equal(expectedRgb, ImageDecoder.Decode(output).Pixels);
        }
    }
}
