using Fracture.Core.Imaging;
using Fracture.Dicom;

namespace Fracture.Server.Inputs;

/// <summary>The server's DICOM decoder: <see cref="DicomDecoder"/> (GDCM in a worker process, so a malformed upload cannot take the server down).</summary>
public sealed class GdcmDicomDecoder : IDicomDecoder
{
    public bool IsDicom(ReadOnlySpan<byte> data) => DicomSniffer.IsDicom(data);

    public DecodedImage Decode(byte[] data, long maxPixels, CancellationToken cancellationToken) =>
        DicomDecoder.Decode(data, maxPixels, cancellationToken);
}
