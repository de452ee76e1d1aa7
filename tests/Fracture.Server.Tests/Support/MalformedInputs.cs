using Fracture.Core.Imaging;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// Seeded bodies that no server may accept: truncated JPEGs and PNGs, headers broken where the format has no room
/// for doubt (a JPEG marker overwritten, a PNG header whose CRC fails), sizes past the pixel limit, random bytes,
/// text and DICOM look-alikes. The same seed gives the same bodies, so a failure can be replayed.
/// </summary>
internal sealed class MalformedInputs
{
    private readonly byte[][] _jpegs;
    private readonly byte[][] _pngs;

    public MalformedInputs(int count)
    {
        _jpegs = [.. TestPaths.FixtureImages.Take(count).Select(File.ReadAllBytes)];
        _pngs = [.. _jpegs.Select(j => ImageEncoder.EncodePng(ImageDecoder.Decode(j, new DecodeOptions(PixelFormat.Gray8))))];
    }

    /// <summary>Body number <paramref name="index"/> of the run with <paramref name="seed"/>, and what kind it is.</summary>
    public (string Kind, byte[] Body) Make(int seed, int index)
    {
        // Not HashCode.Combine: it is salted per process, and a failing body must be replayable.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var jpeg = _jpegs[random.Next(_jpegs.Length)];
        var png = _pngs[random.Next(_pngs.Length)];
        return (index % 8) switch
        {
            // Cut anywhere before the end marker (the last two bytes of a JPEG, the 12-byte IEND chunk of a PNG).
            0 => ("truncated jpeg", jpeg[..random.Next(1, jpeg.Length - 2)]),
            1 => ("truncated png", png[..random.Next(1, png.Length - 12)]),
            2 => ("jpeg without its first marker", WithByte(jpeg, 2, (byte)random.Next(0, 0xFF))),
            3 => ("png with a broken header", WithByte(png, random.Next(16, 29), null, random)),
            4 => ("jpeg claiming 3.6 gigapixels", WithHugeFrame(jpeg)),
            5 => ("random bytes", RandomBytes(random, random.Next(1, 64 * 1024))),
            6 => ("jpeg start then garbage", [0xFF, 0xD8, 0xFF, .. RandomBytes(random, random.Next(0, 4096))]),
            _ => ("dicom look-alike", [.. new byte[128], .. "DICM"u8, .. RandomBytes(random, random.Next(0, 2048))]),
        };
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A copy with byte <paramref name="at"/> set to <paramref name="value"/>, or flipped to some other value.</summary>
    private static byte[] WithByte(byte[] source, int at, byte? value, Random? random = null)
    {
        var copy = (byte[])source.Clone();
        copy[at] = value ?? (byte)(copy[at] ^ random!.Next(1, 256));
        return copy;
    }

    private static byte[] WithHugeFrame(byte[] jpeg)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 2; i + 8 < copy.Length; i++)
        {
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC2)
            {
                copy[i + 5] = copy[i + 6] = copy[i + 7] = copy[i + 8] = 0xEA;
                return copy;
            }
        }

        throw new InvalidOperationException("fixture JPEG has no SOF0/SOF2 marker");
    }
}
