using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Colour frames to interleaved 8-bit RGB. RGB (and JPEG 2000's YBR_RCT/YBR_ICT, which the codec returns as RGB)
/// is copied; YBR_FULL is converted with the PS3.3 C.7.6.3.1.2 equations, and so is YBR_FULL_422 when it was
/// JPEG-compressed (GDCM returns it upsampled but still in YCbCr). Samples wider than 8 bits are scaled down.
/// </summary>
internal static class ColorRenderer
{
    public static DecodedImage Render(DicomFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Photometric == "YBR_FULL_422" && !frame.Compressed)
        {
            // Uncompressed 4:2:2 stores two luma samples per chroma pair; GDCM does not upsample it.
            throw new ImageDecodeException(ImageDecodeError.UnsupportedFormat, "uncompressed YBR_FULL_422 DICOM is not supported");
        }

        var count = frame.PixelCount;
        var rgb = new byte[count * 3];
        var maxStored = (1 << frame.BitsStored) - 1;
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                // Planar configuration 1 stores all reds, then all greens, then all blues.
                var sample = frame.PlanarConfiguration == 1 ? (c * count) + i : (i * 3) + c;
                var value = frame.StoredIndex(sample);
                rgb[(i * 3) + c] = frame.BitsStored == 8 ? (byte)value : (byte)(((value * 255) + (maxStored / 2)) / maxStored);
            }
        }

        if (frame.Photometric is "YBR_FULL" or "YBR_FULL_422")
        {
            YbrToRgb(rgb);
        }

        return new DecodedImage(frame.Width, frame.Height, PixelFormat.Rgb24, rgb);
    }

    private static void YbrToRgb(Span<byte> pixels)
    {
        for (var i = 0; i < pixels.Length; i += 3)
        {
            double y = pixels[i], cb = pixels[i + 1] - 128.0, cr = pixels[i + 2] - 128.0;
            pixels[i] = Clamp(y + (1.402 * cr));
            pixels[i + 1] = Clamp(y - (0.344136 * cb) - (0.714136 * cr));
            pixels[i + 2] = Clamp(y + (1.772 * cb));
        }
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
