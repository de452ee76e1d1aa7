using Fracture.Core.Imaging;
using Fracture.Server.Inputs;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// The real DICOM decoder, with every file treated as 4 frames of its size for the pixel limit, as the worker counts
/// a multi-frame file (it decodes all frames to read the first): makes a multi-frame upload without writing one.
/// </summary>
internal sealed class FourFrameDicomDecoder : IDicomDecoder
{
    private readonly GdcmDicomDecoder _inner = new();

    public bool IsDicom(ReadOnlySpan<byte> data) => _inner.IsDicom(data);

    public DecodedImage Decode(byte[] data, long maxPixels, CancellationToken cancellationToken)
    {
        var image = _inner.Decode(data, long.MaxValue, cancellationToken);
        var pixels = 4L * image.Width * image.Height;
        return pixels <= maxPixels
            ? image
            : throw new ImageDecodeException(ImageDecodeError.TooLarge, $"4 frames of {image.Width}x{image.Height} exceed the {maxPixels} pixel limit");
    }
}
