namespace Fracture.Dicom;

/// <summary>Recognises DICOM Part 10 files from their bytes: a 128-byte preamble followed by "DICM".</summary>
/// <remarks>Bare data sets without the preamble (old ACR-NEMA files) are not recognised; uploads and PACS exports carry it.</remarks>
public static class DicomSniffer
{
    public const int PreambleBytes = 128;

    public static bool IsDicom(ReadOnlySpan<byte> data) =>
        data.Length >= PreambleBytes + 4 && data.Slice(PreambleBytes, 4).SequenceEqual("DICM"u8);
}
