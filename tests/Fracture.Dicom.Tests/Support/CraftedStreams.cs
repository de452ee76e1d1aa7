using System.Buffers.Binary;
using TS = gdcm.TransferSyntax.TSType;

namespace Fracture.Dicom.Tests.Support;

/// <summary>
/// Compressed streams whose own header declares a size of their maker's choosing, wrapped in a DICOM file whose
/// header says otherwise: what an attacker sends to make a codec allocate past the pixel limit.
/// </summary>
internal static class CraftedStreams
{
    // Tag, "OB", two reserved bytes, undefined length: the start of encapsulated pixel data.
    private static readonly byte[] EncapsulatedHeader = [0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>A grey DICOM file of <paramref name="size"/> x <paramref name="size"/> (16 or 8 bits allocated) in <paramref name="syntax"/> whose one fragment is <paramref name="stream"/>.</summary>
    public static byte[] InDicom(int size, TS syntax, byte[] stream, int bitsAllocated = 16)
    {
        var header = bitsAllocated == 16 ? TestDicom.Gray16(size, size, new int[size * size]) : TestDicom.Gray8(size, size, new int[size * size]);
        return WithFragment(DicomTestWriter.Bytes(header with { TransferSyntax = syntax }), stream);
    }

    /// <summary>An encapsulated DICOM file with its fragments replaced by <paramref name="stream"/> alone.</summary>
    public static byte[] WithFragment(byte[] file, byte[] stream)
    {
        var header = file.AsSpan().LastIndexOf(EncapsulatedHeader);
        var fragment = stream.Length % 2 == 0 ? stream : [.. stream, 0];
        using var output = new MemoryStream();
        output.Write(file, 0, header + EncapsulatedHeader.Length);
        Item(output, 0xE000, []); // empty basic offset table
        Item(output, 0xE000, fragment);
        Item(output, 0xE0DD, []); // sequence delimiter
        return output.ToArray();
    }

    /// <summary>The first fragment after the basic offset table of an encapsulated file (no more than one frame).</summary>
    public static byte[] FirstFragment(byte[] file)
    {
        var table = file.AsSpan().LastIndexOf(EncapsulatedHeader) + EncapsulatedHeader.Length;
        var fragment = table + 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(table + 4));
        return file[(fragment + 8)..(fragment + 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(fragment + 4)))];
    }

    /// <summary>
    /// A lossless JPEG 2000 codestream of <paramref name="components"/> unsigned components, one tile, no wavelet levels
    /// and empty packets: OpenJPEG decodes it to zeros, allocating 4 bytes a sample of the declared size first.
    /// </summary>
    public static byte[] Jpeg2000(int width, int height, int components = 1, int precision = 16)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0x4F]); // SOC
        // SIZ: capabilities, image and tile size and offsets, the components' precision, none subsampled.
        byte[] each = [.. Enumerable.Range(0, components).SelectMany(_ => new byte[] { (byte)(precision - 1), 1, 1 })];
        Segment(output, 0x51, [.. U16(0), .. U32(width), .. U32(height), .. U32(0), .. U32(0), .. U32(width), .. U32(height), .. U32(0), .. U32(0), .. U16(components), .. each]);
        // COD: default precincts, LRCP order, one layer, no colour transform; no decomposition, 64x64 code blocks, reversible 5-3.
        Segment(output, 0x52, [0, 0, .. U16(1), 0, 0, 4, 4, 0, 1]);
        Segment(output, 0x5C, [0x40, 17 << 3]); // QCD: no quantisation, two guard bits, one sub-band
        byte[] packets = new byte[64]; // each zero byte an empty packet
        output.Write([0xFF, 0x90, .. U16(10), .. U16(0), .. U32(12 + 2 + packets.Length), 0, 1]); // SOT: tile 0, its length, part 0 of 1
        output.Write([0xFF, 0x93]); // SOD
        output.Write(packets);
        output.Write([0xFF, 0xD9]); // EOC
        return output.ToArray();
    }

    /// <summary>A JPEG-LS stream (SOF55, SOS, no scan data worth the name); several components are sample-interleaved.</summary>
    public static byte[] JpegLs(int width, int height, int components = 1, int precision = 16) => Jpeg(0xF7, width, height, components, precision);

    /// <summary>
    /// A JPEG stream whose frame header is <paramref name="startOfFrame"/> (0xC0 baseline, 0xC3 lossless, 0xF7
    /// JPEG-LS), after an APP0 segment, then one scan of all components holding zeros.
    /// </summary>
    public static byte[] Jpeg(byte startOfFrame, int width, int height, int components = 1, int precision = 8)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]); // SOI
        Segment(output, 0xE0, [.. "JFIF"u8, 0, 1, 1, 0, .. U16(1), .. U16(1), 0, 0]); // APP0, to be stepped over
        byte[] each = [.. Enumerable.Range(1, components).SelectMany(c => new byte[] { (byte)c, 0x11, 0 })];
        Segment(output, startOfFrame, [(byte)precision, .. U16(height), .. U16(width), (byte)components, .. each]);
        // SOS: the components with table 0; then JPEG's spectral selection 0-63 or JPEG-LS's NEAR 0, interleave.
        byte[] scan = [.. Enumerable.Range(1, components).SelectMany(c => new byte[] { (byte)c, 0 })];
        byte[] tail = startOfFrame == 0xF7 ? [0, (byte)(components > 1 ? 2 : 0), 0] : startOfFrame == 0xC3 ? [1, 0, 0] : [0, 63, 0];
        Segment(output, 0xDA, [(byte)components, .. scan, .. tail]);
        output.Write(new byte[64]);
        output.Write([0xFF, 0xD9]); // EOI
        return output.ToArray();
    }

    /// <summary>A JP2 file around <paramref name="codestream"/> (signature, file type, header with ihdr and colr, codestream box).</summary>
    public static byte[] Jp2(byte[] codestream, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0, 0, 0, 0x0C, .. "jP  "u8, 0x0D, 0x0A, 0x87, 0x0A]);
        Box(output, "ftyp"u8, [.. "jp2 "u8, 0, 0, 0, 0, .. "jp2 "u8]);
        using var header = new MemoryStream();
        Box(header, "ihdr"u8, [.. U32(height), .. U32(width), .. U16(1), 15, 7, 0, 0]); // one 16-bit component, wavelet
        Box(header, "colr"u8, [1, 0, 0, .. U32(17)]); // enumerated colour space: greyscale
        Box(output, "jp2h"u8, header.ToArray());
        Box(output, "jp2c"u8, codestream);
        return output.ToArray();
    }

    private static void Box(MemoryStream output, ReadOnlySpan<byte> type, byte[] contents)
    {
        output.Write(U32(8 + contents.Length));
        output.Write(type);
        output.Write(contents);
    }

    private static void Segment(MemoryStream output, byte marker, byte[] body) => output.Write([0xFF, marker, .. U16(body.Length + 2), .. body]);

    private static void Item(MemoryStream output, ushort element, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        output.Write(header);
        output.Write(value);
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] U32(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
