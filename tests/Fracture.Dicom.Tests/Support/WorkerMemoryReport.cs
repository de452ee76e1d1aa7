using System.Diagnostics;
using System.Globalization;
using Fracture.Dicom.Worker;

namespace Fracture.Dicom.Tests.Support;

/// <summary>What a worker run with its memory report said: exit code, the report's figures (bytes; no peaks when it was killed) and the reason line.</summary>
internal sealed record WorkerMemoryReport(int ExitCode, long Limit, long Budget, long? Peak, long? ResidentPeak, string Reason)
{
    /// <summary>Runs the worker on a file, as <see cref="DicomDecoder"/> would but with the memory report on (its own environment, not this process's).</summary>
    public static WorkerMemoryReport Run(string input, long maxPixels)
    {
        var folder = Path.GetDirectoryName(input)!;
        var start = new ProcessStartInfo(WorkerProcess.HostPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in (string[])["exec", WorkerProcess.WorkerPath, .. WorkerProtocol.Arguments(input, Path.Combine(folder, $"{Guid.NewGuid():N}.bin"), maxPixels, DicomDecoder.TimeLimit)])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[DicomWorker.MemoryReportVariable] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["TMPDIR"] = folder;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the DICOM worker");
        var output = process.StandardOutput.ReadToEndAsync();
        var lines = process.StandardError.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        process.WaitForExit();
        output.Wait();

        // "memory: limit L budget B" at start; "memory: peak P hwm H" at the end of a run not cut short; the reason last.
        var memory = string.Join(' ', lines.Where(l => l.StartsWith("memory: ", StringComparison.Ordinal))).Split(' ');
        long? Field(string name) => Array.IndexOf(memory, name) is var at and >= 0 ? long.Parse(memory[at + 1], CultureInfo.InvariantCulture) : null;
        var limit = Field("limit") ?? throw new InvalidOperationException($"the worker wrote no memory report (exit {process.ExitCode}): {string.Join(" | ", lines)}");
        var reason = lines[^1].StartsWith("memory: ", StringComparison.Ordinal) ? "" : lines[^1];
        return new WorkerMemoryReport(process.ExitCode, limit, Field("budget")!.Value, Field("peak"), Field("hwm"), reason);
    }

    /// <summary>Runs <paramref name="run"/> on <paramref name="file"/> written to input.dcm in a folder of its own, deleted after.</summary>
    public static T InFolder<T>(byte[] file, Func<string, T> run)
    {
        var folder = Directory.CreateTempSubdirectory("fracture-dicom-test-").FullName;
        try
        {
            var path = Path.Combine(folder, "input.dcm");
            File.WriteAllBytes(path, file);
            return run(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The address space the process had when it set the cap.</summary>
    public long StartSize => Limit - Budget;
}
