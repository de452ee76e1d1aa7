namespace Fracture.Dicom.Tests.Support;

/// <summary>What a test DICOM file holds. Samples are little-endian, interleaved, frame after frame.</summary>
internal sealed record TestDicom(int Width, int Height, byte[] Samples)
{
    public int Frames { get; init; } = 1;

    public int SamplesPerPixel { get; init; } = 1;

    public int BitsAllocated { get; init; } = 8;

    public int BitsStored { get; init; } = 8;

    public bool Signed { get; init; }

    public string Photometric { get; init; } = "MONOCHROME2";

    public int PlanarConfiguration { get; init; }

    public gdcm.TransferSyntax.TSType TransferSyntax { get; init; } = gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian;

    /// <summary>Extra group-0028/2050 attributes and the SOP Class UID (0008,0016) as text, e.g. (0x0028, 0x1050) = "2048\\40".</summary>
    public IReadOnlyDictionary<(ushort Group, ushort Element), string> Text { get; init; } =
        new Dictionary<(ushort Group, ushort Element), string>();

    /// <summary>A VOI LUT: descriptor (entries, first mapped, bits) and 16-bit entries.</summary>
    public (ushort[] Descriptor, ushort[] Entries)? VoiLut { get; init; }

    /// <summary>A grey image from 16-bit values.</summary>
    public static TestDicom Gray16(int width, int height, IEnumerable<int> values, int bitsStored = 16, bool signed = false) =>
        new(width, height, values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8) }).ToArray())
        {
            BitsAllocated = 16,
            BitsStored = bitsStored,
            Signed = signed,
        };

    /// <summary>A grey image from 8-bit values.</summary>
    public static TestDicom Gray8(int width, int height, IEnumerable<int> values) =>
        new(width, height, values.Select(v => (byte)v).ToArray());

    public TestDicom With(ushort group, ushort element, string value) =>
        this with { Text = new Dictionary<(ushort Group, ushort Element), string>(Text) { [(group, element)] = value } };
}
