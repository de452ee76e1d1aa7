using System.Globalization;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>One run of the worker process: decode the input's first frame and write the result (see <see cref="WorkerProtocol"/>).</summary>
internal static class DicomWorker
{
    /// <summary>
    /// Set to 1, the worker writes "memory: limit L budget B" to stderr once the cap is set (L 0 when none was), and
    /// "memory: peak P hwm H" (VmPeak, VmHWM) before its reason when it ends on its own; in bytes, for tests and measurements.
    /// </summary>
    public const string MemoryReportVariable = "FRACTURE_DICOM_WORKER_MEMORY_REPORT";

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

        // Before anything large is read: the cap is the process's size now plus what the pixel limit allows.
        var limit = WorkerMemoryCap.Apply(maxPixels);
        var report = Environment.GetEnvironmentVariable(MemoryReportVariable) == "1";
        if (report)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: limit {limit ?? 0} budget {WorkerMemoryCap.Budget(maxPixels)}"));
        }

        // The caller enforces the limit too; this keeps an orphaned worker from running on.
        using var watchdog = new Timer(_ => Environment.Exit(WorkerProtocol.TimedOut), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
        var (code, reason) = Decode(args[0], args[1], maxPixels, limit is not null);
        if (report)
        {
            // Before the reason, which must stay the last line.
            error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"memory: peak {WorkerMemoryCap.ProcStatus("VmPeak") ?? 0} hwm {WorkerMemoryCap.ProcStatus("VmHWM") ?? 0}"));
        }

        if (reason is not null)
        {
            error.WriteLine(reason.ReplaceLineEndings(" "));
        }

        return code;
    }

    private static (int Code, string? Reason) Decode(string input, string outputPath, long maxPixels, bool memoryCapped)
    {
        try
        {
            var image = FrameRenderer.Render(GdcmFrameReader.Read(Undeflated(input, maxPixels), maxPixels, memoryCapped));
            using var output = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write);
            WorkerProtocol.WriteResult(output, image);
            return (WorkerProtocol.Success, null);
        }
        catch (ImageDecodeException e)
        {
            return (WorkerProtocol.ExitCodeFor(e.Error), e.Message);
        }
        catch (OutOfMemoryException)
        {
            // The cap (WorkerMemoryCap): the file needs more memory than an image under the limit may take.
            return (WorkerProtocol.ExitCodeFor(ImageDecodeError.TooLarge),
                $"DICOM data needs more memory to decode than the {maxPixels / 1e6:0.###} MP limit allows ({WorkerMemoryCap.Budget(maxPixels) / 1e6:F0} MB)");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return (WorkerProtocol.GdcmMissing, $"GDCM could not be loaded ({e.GetType().Name}: {e.Message}); install it: sudo apt-get install libgdcm-cil");
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
