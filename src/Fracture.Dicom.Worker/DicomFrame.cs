namespace Fracture.Dicom.Worker;

/// <summary>
/// The first frame's samples as GDCM decoded them (little-endian, BitsAllocated 8 or 16, interleaved), with the
/// pixel description needed to turn them into display values.
/// </summary>
/// <param name="Photometric">Photometric Interpretation as written in the file, trimmed ("MONOCHROME2", "RGB", ...).</param>
/// <param name="Compressed">True when the pixel data was encapsulated (JPEG, JPEG-LS, JPEG 2000, RLE).</param>
internal sealed record DicomFrame(
    int Width,
    int Height,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool IsSigned,
    string Photometric,
    int PlanarConfiguration,
    bool Compressed,
    byte[] Samples,
    DisplaySettings Display)
{
    public int PixelCount => Width * Height;

    /// <summary>
    /// The stored value of sample <paramref name="index"/> as an offset-binary index into [0, 2^BitsStored): bits
    /// outside BitsStored/HighBit cleared, signed values shifted up by 2^(BitsStored-1) so the index is never negative.
    /// </summary>
    public int StoredIndex(int index)
    {
        int raw = BitsAllocated == 8 ? Samples[index] : Samples[2 * index] | (Samples[(2 * index) + 1] << 8);
        var value = (raw >> (HighBit + 1 - BitsStored)) & ((1 << BitsStored) - 1);
        return IsSigned ? value ^ (1 << (BitsStored - 1)) : value;
    }

    /// <summary>The stored (signed or unsigned) value an index from <see cref="StoredIndex"/> stands for.</summary>
    public int StoredValue(int storedIndex) => IsSigned ? storedIndex - (1 << (BitsStored - 1)) : storedIndex;
}
