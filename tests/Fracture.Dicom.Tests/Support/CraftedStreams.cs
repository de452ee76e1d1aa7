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

    /// <summary>A 16-bit grey DICOM file of <paramref name="size"/> x <paramref name="size"/> in <paramref name="syntax"/> whose one fragment is <paramref name="stream"/>.</summary>
    public static byte[] InDicom(int size, TS syntax, byte[] stream)
    {
        var file = DicomTestWriter.Bytes(TestDicom.Gray16(size, size, new int[size * size]) with { TransferSyntax = syntax });
        var header = file.AsSpan().LastIndexOf(EncapsulatedHeader);
        var fragment = stream.Length % 2 == 0 ? stream : [.. stream, 0];
        using var output = new MemoryStream();
        output.Write(file, 0, header + EncapsulatedHeader.Length);
        Item(output, 0xE000, []); // empty basic offset table
        Item(output, 0xE000, fragment);
        Item(output, 0xE0DD, []); // sequence delimiter
        return output.ToArray();
    }

    /// <summary>
    /// A lossless JPEG 2000 codestream of one 16-bit component, one tile, no wavelet levels and empty packets: OpenJPEG
    /// decodes it to zeros, allocating 4 bytes a sample of the declared size first.
    /// </summary>
    public static byte[] Jpeg2000(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0x4F]); // SOC
        // SIZ: capabilities, image and tile size and offsets, one component of 16 unsigned bits, not subsampled.
        Segment(output, 0x51, [.. U16(0), .. U32(width), .. U32(height), .. U32(0), .. U32(0), .. U32(width), .. U32(height), .. U32(0), .. U32(0), .. U16(1), 15, 1, 1]);
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

    /// <summary>A JPEG-LS stream of one 16-bit component (SOF55, SOS, no scan data worth the name).</summary>
    public static byte[] JpegLs(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]); // SOI
        Segment(output, 0xF7, [16, .. U16(height), .. U16(width), 1, 1, 0x11, 0]); // SOF55: precision, size, component 1
        Segment(output, 0xDA, [1, 1, 0, 0, 0, 0]); // SOS: component 1, no mapping table, lossless, not interleaved
        output.Write(new byte[64]);
        output.Write([0xFF, 0xD9]); // EOI
        return output.ToArray();
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
