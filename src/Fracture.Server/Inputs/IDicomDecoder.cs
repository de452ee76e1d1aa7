using Fracture.Core.Imaging;

namespace Fracture.Server.Inputs;

/// <summary>
/// DICOM support as the server sees it: recognise a DICOM file from its bytes and decode it to 8-bit pixels
/// (windowed, MONOCHROME1 inverted). The server registers <see cref="GdcmDicomDecoder"/> unless another is
/// registered first (tests replace it).
/// </summary>
public interface IDicomDecoder
{
    /// <summary>True when the bytes are a DICOM Part 10 file (128-byte preamble, then "DICM").</summary>
    bool IsDicom(ReadOnlySpan<byte> data);

    /// <summary>Decodes the first frame to 8-bit grey or RGB.</summary>
    /// <exception cref="ImageDecodeException">The file is unreadable, has no pixel data, or exceeds <paramref name="maxPixels"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the decode is stopped).</exception>
    DecodedImage Decode(byte[] data, long maxPixels, CancellationToken cancellationToken);
}
