using System.Net;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>TIFF uploads: recognised from their bytes, predicted like the same pixels as PNG, stored as sent and shown as PNG.</summary>
public sealed class TiffUploadTests : ServerTestBase
{
    [Fact]
    public async Task A_16_bit_tiff_upload_gets_the_same_prediction_as_the_same_pixels_as_a_16_bit_png()
    {
        // The fixture X-ray spread over 12 bits, as detector exports hold it.
        var grey = ImageDecoder.Decode(TestPaths.DicomSource, new DecodeOptions(PixelFormat.Gray8));
        var samples = grey.Pixels.Select((v, i) => (ushort)((v * 16) + (i * 7 % 16))).ToArray();
        var tiff = TestTiffWriter.Write(new TestTiff(grey.Width, grey.Height, Bits: 16) { Compression = 5, Predictor = 2, RowsPerStrip = 16 }, samples);
        var png = TestPngWriter.Write(grey.Width, grey.Height, 16, 0, samples);

        var fromTiff = await PostAsync(tiff, "scan.tif");
        var fromPng = await PostAsync(png, "scan.png");

        Assert.Equal(("tiff", grey.Width, grey.Height), (fromTiff.Image.Format, fromTiff.Image.Width, fromTiff.Image.Height));
        Assert.True(File.Exists(Path.Combine(DataDirectory, "images", fromTiff.Image.Sha256[..2], fromTiff.Image.Sha256 + ".tif")));
        Assert.Equal(Findings.Json(fromPng.Findings), Findings.Json(fromTiff.Findings));
        Assert.Equal(fromPng.Classification!.FractureProbability, fromTiff.Classification!.FractureProbability);
        Assert.Equal(fromPng.Verdict.FractureSuspected, fromTiff.Verdict.FractureSuspected);

        // The page shows the stored TIFF as the PNG of its windowed pixels, the same as the PNG upload's.
        using var tiffImage = await Uploads.GetAsync(Client, fromTiff.Links.Image);
        using var pngImage = await Uploads.GetAsync(Client, fromPng.Links.Image);
        Assert.Equal("image/png", tiffImage.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await pngImage.Content.ReadAsByteArrayAsync(), await tiffImage.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(7, "Undecodable image", "tiff: TIFF JPEG compression (7) is not supported (only none, LZW, Deflate and PackBits)")]
    [InlineData(-1, "Undecodable image", "tiff: TIFF data ends before the image is complete")]
    public async Task An_unsupported_or_cut_off_tiff_is_refused_with_422_naming_why(int compression, string title, string detail)
    {
        var spec = new TestTiff(64, 48) { Tags = compression > 0 ? new() { [259] = (3, [(uint)compression]) } : [] };
        var tiff = TestTiffWriter.Write(spec, [.. Enumerable.Range(0, 64 * 48).Select(i => (ushort)(i % 251))]);

        using var response = await Uploads.PostAsync(Client, compression > 0 ? tiff : tiff[..^100], "scan.tif");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, problem, StringComparison.Ordinal);
        Assert.Contains(detail, problem, StringComparison.Ordinal);
    }

    private async Task<Prediction> PostAsync(byte[] data, string name)
    {
        using var response = await Uploads.PostAsync(Client, data, name, conf: "0.01");
        return await Uploads.ReadPredictionAsync(response);
    }
}
