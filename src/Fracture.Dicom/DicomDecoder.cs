using Fracture.Core.Imaging;
using Fracture.Dicom.Worker;

namespace Fracture.Dicom;

/// <summary>
/// Decodes the first frame of a DICOM file to 8-bit pixels as a viewer would show it: rescale slope/intercept,
/// signed or unsigned 8-16-bit samples, the VOI LUT if present, else the first window centre/width, else the
/// min-max of the frame; MONOCHROME1 inverted. Grey images come back <see cref="PixelFormat.Gray8"/>, colour ones
/// <see cref="PixelFormat.Rgb24"/>. Compressed transfer syntaxes are whatever GDCM reads (JPEG baseline and
/// lossless, JPEG-LS, JPEG 2000, RLE); a deflated file is inflated by the worker itself (DeflatedDataSet): GDCM can
/// spin on a cut one until the time limit.
/// <para>GDCM runs in a separate process (Fracture.Dicom.Worker) because it aborts or corrupts its heap on some
/// malformed files; here such a file is just an <see cref="ImageDecodeException"/>. The bytes go to a temporary
/// folder with a random name (never any name a client gave), readable by this user only and deleted afterwards. Each call starts a process: a
/// 512x406 16-bit file took 0.3-0.45 s and 46 MB in all on a busy 2-core machine.</para>
/// <para>Errors are <see cref="ImageDecodeException"/>s whose message starts with the file name (or "image data"):
/// <see cref="ImageDecodeError.NotAnImage"/> without the DICM marker, <see cref="ImageDecodeError.UnsupportedFormat"/>
/// for DICOM objects without pixel data or with pixel encodings not handled, <see cref="ImageDecodeError.TooLarge"/>
/// over the pixel limit (checked from the header, before decompression) or a deflated data set inflating past what
/// the limit allows, <see cref="ImageDecodeError.Truncated"/> for a file that ends inside its pixel data or its
/// deflated data set, <see cref="ImageDecodeError.Corrupt"/> for
/// anything GDCM cannot read or stops on, or a decode past <see cref="TimeLimit"/>. The worker caps its own memory
/// from the pixel limit (WorkerMemoryCap): a compressed stream that declares more pixels than the header fails
/// there, Corrupt; a file whose reading needs more than the cap is TooLarge.</para>
/// </summary>
public static class DicomDecoder
{
    /// <summary>How long one file may take to decode before its worker is stopped.</summary>
    public static TimeSpan TimeLimit { get; } = TimeSpan.FromSeconds(60);

    public static DecodedImage Decode(byte[] data, long maxPixels) => Decode(data, maxPixels, null, CancellationToken.None);

    /// <summary>As <see cref="Decode(byte[], long)"/>; cancelling stops the worker and throws <see cref="OperationCanceledException"/>.</summary>
    public static DecodedImage Decode(byte[] data, long maxPixels, CancellationToken cancellationToken) =>
        Decode(data, maxPixels, null, cancellationToken);

    /// <summary>Reads and decodes a file; error messages start with its name.</summary>
    public static DecodedImage Decode(string path, long maxPixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), maxPixels, path, cancellationToken);
    }

    private static DecodedImage Decode(byte[] data, long maxPixels, string? path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (data.Length == 0)
        {
            throw Fail(ImageDecodeError.Empty, path, "empty file (0 bytes)");
        }

        if (!DicomSniffer.IsDicom(data))
        {
            throw Fail(ImageDecodeError.NotAnImage, path, "not a DICOM file (no 'DICM' marker after the 128-byte preamble)");
        }

        if (!DicomSniffer.HasFileMetaInformation(data))
        {
            throw Fail(ImageDecodeError.Corrupt, path, "DICOM file meta information missing (no group 0002 element with an explicit VR after the 'DICM' marker)");
        }

        // One private folder per call (owner-only: the bytes may be a patient's image): the input, the worker's
        // result, and the temporary files GDCM's fallback JPEG decoder leaves behind when it fails all go with it.
        var folder = Directory.CreateTempSubdirectory("fracture-dicom-").FullName; // random name, mode 700 on Unix
        try
        {
            string input = Path.Combine(folder, "input.dcm"), output = Path.Combine(folder, "result.bin");
            File.WriteAllBytes(input, data);
            var outcome = WorkerProcess.Run(WorkerProtocol.Arguments(input, output, maxPixels, TimeLimit), folder, TimeLimit, cancellationToken);
            return Result(outcome, output, maxPixels, path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static DecodedImage Result(WorkerOutcome outcome, string output, long maxPixels, string? path) =>
        outcome.ExitCode == WorkerProtocol.Success
            ? WorkerProtocol.ReadResult(File.ReadAllBytes(output), maxPixels)
                ?? throw new InvalidOperationException("the DICOM worker wrote a result this version cannot read")
            : throw Failure(outcome, path);

    /// <summary>The error a worker that did not succeed stands for: the file's fault, the machine's, or a bug.</summary>
    internal static Exception Failure(WorkerOutcome outcome, string? path) => outcome.ExitCode switch
    {
        null or WorkerProtocol.TimedOut => Fail(ImageDecodeError.Corrupt, path, $"DICOM decoding did not finish within {TimeLimit.TotalSeconds:0} s"),
        WorkerProtocol.GdcmMissing => new DicomUnavailableException($"DICOM cannot be read on this machine: {outcome.Message}"),
        WorkerProtocol.UsageError => new InvalidOperationException($"the DICOM worker failed: {outcome.Message}"),
        { } code when WorkerProtocol.ErrorFor(code) is { } error => Fail(error, path, outcome.Message),
        _ => Fail(ImageDecodeError.Corrupt, path, "DICOM data could not be decoded (the decoder stopped on malformed data)"),
    };

    private static ImageDecodeException Fail(ImageDecodeError error, string? path, string detail) =>
        new(error, $"{(path is null ? "image data" : Path.GetFileName(path))}: {detail}", path);
}
