using Fracture.Core.Imaging;
using Fracture.Server.Errors;

namespace Fracture.Server.Inputs;

/// <summary>
/// The DICOM decoder of a server built without DICOM support: it recognises DICOM files so the client hears why
/// one is refused (415 "DICOM support not installed") instead of "not an image".
/// </summary>
public sealed class DicomNotInstalled : IDicomDecoder
{
    private const int PreambleBytes = 128;

    public bool IsDicom(ReadOnlySpan<byte> data) =>
        data.Length >= PreambleBytes + 4 && data.Slice(PreambleBytes, 4).SequenceEqual("DICM"u8);

    public DecodedImage Decode(byte[] data, long maxPixels) =>
        throw new RequestProblemException(
            StatusCodes.Status415UnsupportedMediaType, "DICOM support not installed", "this server was built without DICOM decoding; upload a JPEG or PNG");
}
