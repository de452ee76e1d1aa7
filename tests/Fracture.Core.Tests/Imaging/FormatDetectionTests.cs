using System.Text;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Imaging;

public class FormatDetectionTests
{
    private static readonly DecodedImage Sample = TestImages.Gradient(40, 30);

    public static TheoryData<string, ImageFileFormat> EncodedSamples() => new()
    {
        { "jpeg", ImageFileFormat.Jpeg },
        { "png", ImageFileFormat.Png },
        { "bmp", ImageFileFormat.Bmp },
        { "webp", ImageFileFormat.Webp },
        { "tiff", ImageFileFormat.Tiff },
    };

    private static byte[] Encode(string kind) => kind switch
    {
        "jpeg" => TestImages.EncodeWithSkia(Sample, SKEncodedImageFormat.Jpeg),
        "png" => TestImages.EncodeWithSkia(Sample, SKEncodedImageFormat.Png),
        "webp" => TestImages.EncodeWithSkia(Sample, SKEncodedImageFormat.Webp, 100),
        "tiff" => TestTiffWriter.Write(new TestTiff(40, 30, SamplesPerPixel: 3, Photometric: 2), [.. Sample.Pixels.Select(v => (ushort)v)]),
        _ => TestImages.Bmp24(Sample),
    };

    [Theory]
    [MemberData(nameof(EncodedSamples))]
    public void Format_comes_from_the_bytes_not_the_extension(string kind, ImageFileFormat expected)
    {
        using var folder = new TempFolder();
        var misnamed = folder.File("scan.txt");
        File.WriteAllBytes(misnamed, Encode(kind));

        var info = ImageDecoder.ReadInfo(misnamed);
        var image = ImageDecoder.Decode(misnamed);

        Assert.Equal(expected, info.Format);
        Assert.Equal((40, 30), (info.Width, info.Height));
        Assert.Equal((40, 30), (image.Width, image.Height));
    }

    [Fact]
    public void Empty_file_is_reported_as_empty()
    {
        using var folder = new TempFolder();
        var path = folder.File("empty.jpg");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path));

        Assert.Equal(ImageDecodeError.Empty, error.Error);
        Assert.Equal(path, error.Path);
        Assert.Equal("empty.jpg: empty file (0 bytes)", error.Message);
        Assert.Equal(ImageDecodeError.Empty, Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(path)).Error);
    }

    [Fact]
    public void Text_with_an_image_extension_is_not_an_image()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Encoding.UTF8.GetBytes("hello, this is not a picture\n")));

        Assert.Equal(ImageDecodeError.NotAnImage, error.Error);
        Assert.Equal("image data: not a JPEG, PNG, BMP, WebP or TIFF image (looks like text)", error.Message);
        Assert.Null(error.Path);
    }

    [Fact]
    public void Zip_archive_is_not_an_image()
    {
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("a.txt");
        }

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(zip.ToArray()));

        Assert.Equal(ImageDecodeError.NotAnImage, error.Error);
        Assert.Contains("ZIP archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_not_an_image()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x13; // keep clear of every magic number

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes));

        Assert.Equal(ImageDecodeError.NotAnImage, error.Error);
        Assert.Contains("starts with 13", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF")]
    [InlineData("GIF87a\x01\x00\x01\x00\x80\x00\x00", "GIF")]
    [InlineData("\0\0\0\x0CjP  \r\n\x87\n", "JPEG 2000")]
    [InlineData("\0\0\0\x18" + "ftypheic\0\0\0\0", "HEIF")]
    [InlineData("\0\0\0\x18" + "ftypavif\0\0\0\0", "AVIF")]
    public void Recognised_but_unsupported_formats_say_which(string header, string name)
    {
        var bytes = Encoding.Latin1.GetBytes(header + new string('\0', 64));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, error.Error);
        Assert.Equal($"image data: {name} images are not supported (use JPEG, PNG, BMP, WebP or TIFF)", error.Message);
    }

    [Fact]
    public void Dicom_is_recognised_by_its_preamble()
    {
        var bytes = new byte[256];
        "DICM"u8.CopyTo(bytes.AsSpan(128));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(bytes));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, error.Error);
        Assert.StartsWith("image data: DICOM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_jpeg_is_unsupported()
    {
        var jpeg = TestImages.EncodeWithSkia(Sample, SKEncodedImageFormat.Jpeg);
        var sof = IndexOfMarker(jpeg, 0xC0);
        jpeg[sof + 4] = 12; // precision byte of the frame header

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, error.Error);
        Assert.Contains("12-bit JPEG", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jpeg", 1)]
    [InlineData("jpeg", 10)]
    [InlineData("png", 6)]
    [InlineData("png", 20)]
    [InlineData("webp", 16)]
    [InlineData("bmp", 12)]
    public void A_file_cut_inside_its_header_is_truncated(string kind, int keep)
    {
        var bytes = Encode(kind)[..keep];

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
    }

    [Fact]
    public void Png_header_with_a_bad_crc_is_corrupt()
    {
        var png = TestImages.EncodeWithSkia(Sample, SKEncodedImageFormat.Png);
        png[17] ^= 0x01; // width byte inside IHDR, CRC now wrong

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_throws_file_not_found()
    {
        using var folder = new TempFolder();

        Assert.Throws<FileNotFoundException>(() => ImageDecoder.Decode(folder.File("missing.png")));
    }

    internal static int IndexOfMarker(byte[] jpeg, byte marker)
    {
        for (var i = 2; i < jpeg.Length - 1; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"marker FF{marker:X2} not found");
    }
}
