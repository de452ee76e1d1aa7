using System.Buffers.Binary;
using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Imaging;

/// <summary>
/// Files far larger than any X-ray (sparse, so the disk stays free) are judged from their header before they are read
/// whole: junk named .png and an image over the pixel limit each cost about a megabyte of memory, not the file's size.
/// </summary>
public sealed class LargeFileTests : IDisposable
{
    private const long Size = 1_500_000_000;
    private const long MemoryBound = 16L << 20;
    private readonly string _folder = Directory.CreateTempSubdirectory("fracture-large-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Junk_of_a_gigabyte_and_a_half_is_not_an_image_without_being_read_whole()
    {
        var path = Sparse("junk.png", "this is a log file, not a picture"u8.ToArray(), Size);

        var (error, allocated) = Decode(path);

        Assert.Equal(ImageDecodeError.NotAnImage, error.Error);
        Assert.True(allocated < MemoryBound, $"allocated {allocated / 1e6:F0} MB");
    }

    [Theory]
    [InlineData("bad-segment.jpg")]
    [InlineData("bad-crc.png")]
    public void A_corrupt_header_is_refused_without_reading_the_file_whole(string name)
    {
        // Before, a corrupt header in the first megabyte was taken for one running past it, and the file was read whole.
        byte[] start = name.EndsWith(".jpg", StringComparison.Ordinal)
            ? [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00]
            : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 10, 0, 0, 0, 10, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        var path = Sparse(name, start, Size);

        var (error, allocated) = Decode(path);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var info = Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(path));
        var infoAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((ImageDecodeError.Corrupt, ImageDecodeError.Corrupt), (error.Error, info.Error));
        Assert.True(allocated < MemoryBound && infoAllocated < MemoryBound, $"allocated {allocated / 1e6:F0} MB decoding, {infoAllocated / 1e6:F0} MB reading the header");
    }

    [Fact]
    public void A_bmp_over_the_pixel_limit_is_refused_from_its_header()
    {
        // 20000 x 20000 x 24 bit: 400 MP against the 100 MP default, 1.2 GB of pixel rows.
        const int side = 20000;
        const int rowSize = side * 3;
        var header = new byte[54];
        header[0] = (byte)'B';
        header[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(2), 54 + (rowSize * side));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(18), side);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(22), side);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(34), rowSize * side);
        var path = Sparse("huge.bmp", header, 54L + ((long)rowSize * side));

        var (error, allocated) = Decode(path);

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.True(allocated < MemoryBound, $"allocated {allocated / 1e6:F0} MB");
    }

    private static (ImageDecodeException Error, long Allocated) Decode(string path)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path));
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private string Sparse(string name, byte[] start, long length)
    {
        var path = Path.Combine(_folder, name);
        using var file = new FileStream(path, FileMode.CreateNew);
        file.Write(start);
        file.SetLength(length);
        return path;
    }
}
