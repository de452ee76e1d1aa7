using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public class ImageEncoderTests
{
    [Fact]
    public void Saved_png_round_trips_exactly()
    {
        using var folder = new TempFolder();
        var path = folder.File("out/annotated.png");
        var rgb = TestImages.Gradient(31, 17);
        var gray = rgb.ToFormat(PixelFormat.Gray8);

        ImageEncoder.SavePng(rgb, path);
        var readRgb = ImageDecoder.Decode(path);
        ImageEncoder.SavePng(gray, path); // overwrite
        var readGray = ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(rgb.Pixels, readRgb.Pixels);
        Assert.Equal(gray.Pixels, readGray.Pixels);
        Assert.True(ImageDecoder.ReadInfo(path).IsGrayscale);
        Assert.Equal(["annotated.png"], Directory.GetFiles(Path.Combine(folder.Path, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public void Failed_save_leaves_the_old_file_and_no_temp_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("keep.png");
        File.WriteAllBytes(path, [1, 2, 3]);
        Directory.CreateDirectory(folder.File("keep.png.dir"));

        // A folder in the way of the destination makes the final move fail.
        Assert.ThrowsAny<IOException>(() => ImageEncoder.SavePng(TestImages.Gradient(4, 4), folder.File("keep.png.dir")));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["keep.png"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Jpeg_encoding_is_close_and_quality_is_checked()
    {
        var image = TestImages.Blobs(64, 48, 2);

        var jpeg = ImageEncoder.EncodeJpeg(image, 90);
        var back = ImageDecoder.Decode(jpeg);

        Assert.Equal(ImageFileFormat.Jpeg, ImageDecoder.ReadInfo(jpeg).Format);
        Assert.True(TestImages.MeanAbsDifference(image.Pixels, back.Pixels) < 2.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.EncodeJpeg(image, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.EncodeJpeg(image, 101));
    }
}
