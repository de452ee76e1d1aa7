using System.Buffers.Binary;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>What reaches the model: letterboxed or cropped RGB planes in 0..1; and images that come as files or bytes.</summary>
public sealed class PreprocessingTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "wrist"];

    private readonly TempFolder _folder = new();

    [Fact]
    public void A_grey_image_is_letterboxed_into_three_equal_planes_of_values_in_0_to_1()
    {
        // 4x2 into 8x8: r = 2, content 8x4, top pad round(2 - 0.1) = 2: rows 0-1 and 6-7 are padding (114).
        var preprocessor = new InputPreprocessor(Metadata(ResizeMode.Letterbox, pad: 114), 8, 8);
        var slot = new float[preprocessor.PlaneLength];

        var geometry = preprocessor.Fill(slot, TestImages.Solid(4, 2, 51, PixelFormat.Gray8));

        Assert.Equal(3 * 64, slot.Length);
        for (var plane = 0; plane < 3; plane++)
        {
            for (var y = 0; y < 8; y++)
            {
                var expected = y is >= 2 and < 6 ? 51 / 255f : 114 / 255f;
                Assert.All(slot.AsSpan((plane * 64) + (y * 8), 8).ToArray(), v => Assert.Equal(expected, v, 1e-6f));
            }
        }

        Assert.Equal((2.0, 0.0, 2.0), (geometry.Letterbox!.Scale, geometry.Letterbox.PadX, geometry.Letterbox.PadY));
    }

    [Fact]
    public void Grey_and_its_rgb_replica_give_the_same_tensor_and_the_pad_comes_from_the_metadata()
    {
        var preprocessor = new InputPreprocessor(Metadata(ResizeMode.Letterbox, pad: 0), 16, 16);
        var grey = new DecodedImage(5, 3, PixelFormat.Gray8, [.. Enumerable.Range(0, 15).Select(i => (byte)(i * 17))]);
        var (fromGrey, fromRgb) = (new float[preprocessor.PlaneLength], new float[preprocessor.PlaneLength]);

        preprocessor.Fill(fromGrey, grey);
        preprocessor.Fill(fromRgb, grey.ToFormat(PixelFormat.Rgb24));

        Assert.Equal(fromGrey, fromRgb);
        Assert.Equal(0f, fromGrey[0]); // top-left is padding: 5x3 -> 16x10 content, 3 rows of pad above
        Assert.Contains(fromGrey, v => v > 0.9f);
    }

    [Fact]
    public void A_centre_cropped_input_has_no_coordinate_mapping()
    {
        var preprocessor = new InputPreprocessor(Metadata(ResizeMode.CenterCrop, pad: 114), 8, 8);

        var geometry = preprocessor.Fill(new float[preprocessor.PlaneLength], TestImages.Solid(20, 10, 200));

        Assert.Null(geometry.Letterbox);
        Assert.Equal((20, 10), (geometry.FileWidth, geometry.FileHeight));
        Assert.Throws<InvalidOperationException>(() => geometry.ToFile(new PixelBox(0, 0, 1, 1)));
    }

    [Fact]
    public void Files_bytes_and_streams_predict_as_the_decoded_image_does()
    {
        using var predictor = OpenDetector();
        var path = TestImages.Fixtures()[1];

        var decoded = predictor.Predict(ImageDecoder.Decode(path));
        using var stream = File.OpenRead(path);

        BatchAndConcurrencyTests.AssertSame([decoded, decoded, decoded], [predictor.Predict(path), predictor.Predict(File.ReadAllBytes(path)), predictor.Predict(stream)]);
        Assert.Equal((354, 512), (decoded.Width, decoded.Height)); // image1_358: its JPEG frame header says 354 wide, 512 high
    }

    [Fact]
    public void Exif_orientation_is_applied_before_letterboxing()
    {
        // A 200x100 JPEG tagged "rotate 90 degrees clockwise" is a 100x200 picture. Letterbox: r = 0.32, content
        // 32x64, left pad round(16 - 0.1) = 16; anchor 0's input box (8, 24)-(24, 40) maps to x (8 - 16) / 0.32 = -25,
        // clipped to 0, to (24 - 16) / 0.32 = 25, and y 24 / 0.32 = 75 to 40 / 0.32 = 125.
        using var predictor = OpenDetector();
        var path = _folder.File("rotated.jpg");
        File.WriteAllBytes(path, WithOrientation(ImageEncoder.EncodeJpeg(TestImages.Solid(200, 100, 90)), 6));

        var prediction = predictor.Predict(path);

        Assert.Equal((100, 200), (prediction.Width, prediction.Height));
        var box = Assert.Single(prediction.Findings).Box;
        Assert.Equal(0, box.X1, 1e-9);
        Assert.Equal(25, box.X2, 1e-9);
        Assert.Equal(75, box.Y1, 1e-9);
        Assert.Equal(125, box.Y2, 1e-9);
    }

    [Fact]
    public void An_image_that_cannot_be_decoded_says_so()
    {
        using var predictor = OpenDetector();
        var path = _folder.File("broken.jpg");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3]);

        var fromFile = Assert.Throws<ImageDecodeException>(() => predictor.Predict(path));
        Assert.Contains("broken.jpg", fromFile.Message, StringComparison.Ordinal);
        Assert.Throws<ImageDecodeException>(() => predictor.Predict("not an image"u8.ToArray()));
    }

    public void Dispose() => _folder.Dispose();

    private static ModelMetadata Metadata(ResizeMode resize, byte pad) => new()
    {
        Task = ModelTask.Classify,
        Names = Names,
        InputHeight = 8,
        InputWidth = 8,
        Resize = resize,
        PadValue = pad,
    };

    /// <summary>Inserts a little-endian EXIF block holding only an orientation tag after the JPEG's start marker.</summary>
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        var exif = new byte[4 + 6 + 8 + 2 + 12 + 4];
        var span = exif.AsSpan();
        (span[0], span[1]) = (0xFF, 0xE1);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)(exif.Length - 2));
        "Exif\0\0II*\0"u8.CopyTo(span[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], 8); // first directory right after the TIFF header
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 1); // one entry
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 3); // SHORT
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], orientation);
        return [.. jpeg.AsSpan(0, 2), .. exif, .. jpeg.AsSpan(2)];
    }

    private IPredictor OpenDetector() => TestModels.Open(
        _folder, TestModels.Detect(64, [[16, 32, 16, 16, 0.9f, 0.05f]], TestModels.Ultralytics("detect", Names, 64, 64)), "detect.onnx");
}
