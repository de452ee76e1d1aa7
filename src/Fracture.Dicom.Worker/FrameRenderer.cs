using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>Turns a decoded frame into 8-bit display pixels: grey frames through <see cref="GrayscaleRenderer"/>, colour kept as RGB.</summary>
internal static class FrameRenderer
{
    public static DecodedImage Render(DicomFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.SamplesPerPixel == 1 ? GrayscaleRenderer.Render(frame) : ColorRenderer.Render(frame);
    }
}
