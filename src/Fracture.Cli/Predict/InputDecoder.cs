using Fracture.Core.Imaging;
using Fracture.Dicom;

namespace Fracture.Cli.Predict;

/// <summary>
/// Decodes one predict input by what its bytes are: DICOM (preamble + "DICM") through Fracture.Dicom, every other
/// format through <see cref="ImageDecoder"/>. DICOM comes back in the pixel format the options ask for; its pixel
/// limit is the options' one. A blank image (<see cref="BlankImage"/>) is refused like an undecodable one. Messages
/// start with the file name either way.
/// </summary>
internal static class InputDecoder
{
    public static DecodedImage Decode(string path, DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BlankImage.Require(IsDicom(path)
            ? DicomDecoder.Decode(path, options.MaxPixels).ToFormat(options.Format)
            : ImageDecoder.Decode(path, options));
    }

    private static bool IsDicom(string path)
    {
        Span<byte> head = stackalloc byte[DicomSniffer.PreambleBytes + 4];
        using var file = File.OpenRead(path);
        return DicomSniffer.IsDicom(head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
    }
}
