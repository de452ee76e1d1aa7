using System.Globalization;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>One run of the worker process: decode the input's first frame and write the result (see <see cref="WorkerProtocol"/>).</summary>
internal static class DicomWorker
{
    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 4
            || !long.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var maxPixels) || maxPixels < 1
            || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
        {
            error.WriteLine("usage: Fracture.Dicom.Worker INPUT.dcm OUTPUT MAX_PIXELS TIME_LIMIT_SECONDS");
            return WorkerProtocol.UsageError;
        }

        // The caller enforces the limit too; this keeps an orphaned worker from running on.
        using var watchdog = new Timer(_ => Environment.Exit(WorkerProtocol.TimedOut), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
        try
        {
            var image = FrameRenderer.Render(GdcmFrameReader.Read(Undeflated(args[0], maxPixels), maxPixels));
            using var output = new FileStream(args[1], FileMode.CreateNew, FileAccess.Write);
            WorkerProtocol.WriteResult(output, image);
            return WorkerProtocol.Success;
        }
        catch (ImageDecodeException e)
        {
            error.WriteLine(e.Message.ReplaceLineEndings(" "));
            return WorkerProtocol.ExitCodeFor(e.Error);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            error.WriteLine($"GDCM could not be loaded ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); install it: sudo apt-get install libgdcm-cil");
            return WorkerProtocol.GdcmMissing;
        }
    }

    /// <summary>The file GDCM is to read: the input, or for a deflated input its inflated copy beside it (GDCM never inflates).</summary>
    private static string Undeflated(string input, long maxPixels)
    {
        var file = File.ReadAllBytes(input);
        if (!DeflatedDataSet.IsDeflated(file))
        {
            return input;
        }

        // Beside the input: in the caller's private folder, deleted with it.
        var inflated = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, "inflated.dcm");
        using var output = new FileStream(inflated, FileMode.CreateNew, FileAccess.Write);
        DeflatedDataSet.Inflate(file, output, DeflatedDataSet.InflatedLimit(maxPixels));
        return inflated;
    }
}
