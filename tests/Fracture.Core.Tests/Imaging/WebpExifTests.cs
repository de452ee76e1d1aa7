using System.Buffers.Binary;
using System.Text;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Imaging;

/// <summary>
/// WebP keeps its EXIF chunk after the image data, so a header read from a file's first megabyte does not see the
/// orientation of a larger file: reading the size from a file must agree with decoding it.
/// </summary>
public sealed class WebpExifTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fracture-webp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_rotated_webp_larger_than_the_header_prefix_reads_its_orientation_from_the_file()
    {
        // Noise does not compress: 700 x 500 lossless is well over a megabyte.
        var noise = TestImages.Solid(700, 500, PixelFormat.Rgb24, 0);
        new Random(7).NextBytes(noise.Pixels);
        var bytes = WithExifOrientation(TestImages.EncodeWithSkia(noise, SKEncodedImageFormat.Webp, 100), 700, 500, orientation: 6);
        Assert.True(bytes.Length > 1 << 20, $"{bytes.Length} bytes");
        var path = Path.Combine(_folder, "rotated.webp");
        File.WriteAllBytes(path, bytes);

        var fromFile = ImageDecoder.ReadInfo(path);
        var decoded = ImageDecoder.Decode(path);

        Assert.Equal(ImageDecoder.ReadInfo(bytes), fromFile);
        Assert.Equal((500, 700), (fromFile.Width, fromFile.Height));
        Assert.Equal((decoded.Width, decoded.Height), (fromFile.Width, fromFile.Height));
    }

    /// <summary>The simple-format WebP <paramref name="webp"/> rewrapped as extended (VP8X) with an EXIF chunk last.</summary>
    private static byte[] WithExifOrientation(byte[] webp, int width, int height, int orientation)
    {
        Assert.Equal("WEBP", Encoding.ASCII.GetString(webp, 8, 4));
        var image = webp[12..]; // the VP8/VP8L chunk, header included

        var vp8x = new byte[10];
        vp8x[0] = 0x08; // EXIF present
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);

        // Little-endian TIFF: one IFD entry, Orientation (0x0112), SHORT, count 1.
        var exif = new byte[26];
        "II"u8.CopyTo(exif);
        BinaryPrimitives.WriteUInt16LittleEndian(exif.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(exif.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(exif.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(exif.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16LittleEndian(exif.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(exif.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(exif.AsSpan(18), (ushort)orientation);

        using var output = new MemoryStream();
        output.Write("RIFF"u8);
        output.Write(new byte[4]);
        output.Write("WEBP"u8);
        Chunk(output, "VP8X", vp8x);
        output.Write(image);
        Chunk(output, "EXIF", exif);
        var file = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        return file;
    }

    private static void Chunk(Stream output, string fourCc, byte[] payload)
    {
        output.Write(Encoding.ASCII.GetBytes(fourCc));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)payload.Length);
        output.Write(size);
        output.Write(payload);
        if (payload.Length % 2 == 1)
        {
            output.WriteByte(0);
        }
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
