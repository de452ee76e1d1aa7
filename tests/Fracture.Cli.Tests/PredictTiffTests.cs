using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Cli.Tests.Support;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture predict` on TIFF inputs: taken from folders by their .tif/.tiff extension, decoded like the same pixels as PNG.</summary>
public sealed class PredictTiffTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_16_bit_tiff_gets_the_same_findings_as_the_same_pixels_as_a_16_bit_png()
    {
        // A fixture X-ray spread over 12 bits, as detector exports hold it; LZW with the predictor, as they are often written.
        var jpeg = Path.Combine(RepoPaths.FixtureRoot, "test", "images", "image1_1741_png.rf.abfab4411413ca60310f9787db4d8d83.jpg");
        var grey = ImageDecoder.Decode(jpeg, new DecodeOptions(PixelFormat.Gray8));
        var samples = grey.Pixels.Select((v, i) => (ushort)((v * 16) + (i * 7 % 16))).ToArray();
        Directory.CreateDirectory(_temp.File("in"));
        File.WriteAllBytes(_temp.File("in/scan.tif"), TestTiffWriter.Write(new TestTiff(grey.Width, grey.Height, Bits: 16) { Compression = 5, Predictor = 2, RowsPerStrip = 16 }, samples));
        File.WriteAllBytes(_temp.File("in/scan.png"), TestPngWriter.Write(grey.Width, grey.Height, 16, 0, samples));
        File.WriteAllBytes(_temp.File("in/scan2.TIFF"), TestTiffWriter.Write(new TestTiff(grey.Width, grey.Height, Bits: 16) { Compression = 8, BigEndian = true, Tile = (64, 64) }, samples));

        var model = Path.Combine(RepoPaths.RepoRoot, "models", "fracture-detector.onnx");
        var result = CliRunner.Run("predict", "--model", model, "--source", _temp.File("in"), "--conf", "0.01", "--json", _temp.File("p.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 images predicted", result.StdOut, StringComparison.Ordinal);
        var rows = JsonNode.Parse(File.ReadAllText(_temp.File("p.json")))!.AsArray();
        string FindingsOf(string name) => JsonSerializer.Serialize(rows
            .Where(r => Path.GetFileName(r!["image"]!.GetValue<string>()) == name)
            .Select(r =>
            {
                var row = r!.DeepClone().AsObject();
                row.Remove("image");
                return row;
            }));
        Assert.NotEqual("[]", FindingsOf("scan.png"));
        Assert.Equal(FindingsOf("scan.png"), FindingsOf("scan.tif"));
        Assert.Equal(FindingsOf("scan.png"), FindingsOf("scan2.TIFF"));
    }
}
