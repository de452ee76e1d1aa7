namespace Fracture.Core.Imaging;

/// <summary>
/// A single-channel 16-bit image (row-major), for callers that want the raw dynamic range of 16-bit X-rays.
/// 8-bit sources are widened exactly (v * 257) so 255 maps to 65535.
/// </summary>
public sealed record Gray16Image(int Width, int Height, ushort[] Pixels)
{
    /// <summary>True when the file ended early; missing rows are zero.</summary>
    public bool Truncated { get; init; }
}
