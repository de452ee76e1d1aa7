using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Fracture.Dicom.Worker;

namespace Fracture.Dicom;

/// <summary>
/// Starts Fracture.Dicom.Worker on the runtime this process runs on (through its dotnet host) and waits for it,
/// stopping it when the time limit passes or the caller cancels.
/// </summary>
internal static class WorkerProcess
{
    private static readonly Lazy<string> Host = new(FindHost);

    /// <summary>The worker's assembly, copied next to every program that references Fracture.Dicom.</summary>
    public static string WorkerPath
    {
        get
        {
            var location = typeof(WorkerProtocol).Assembly.Location;
            return string.IsNullOrEmpty(location) ? Path.Combine(AppContext.BaseDirectory, "Fracture.Dicom.Worker.dll") : location;
        }
    }

    /// <summary>The dotnet host the worker runs on (see <see cref="FindHost"/>).</summary>
    public static string HostPath => Host.Value;

    /// <param name="folder">The worker's working and temporary folder (TMPDIR), which the caller deletes.</param>
    public static WorkerOutcome Run(IReadOnlyList<string> arguments, string folder, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var worker = WorkerPath;
        if (!File.Exists(worker))
        {
            throw new DicomUnavailableException($"DICOM cannot be read on this machine: the DICOM worker {worker} is missing; building Fracture.Dicom puts it next to the program");
        }

        var start = new ProcessStartInfo(Host.Value)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A worker that GDCM crashes on hostile input should not leave a dump file behind each time; and a host's
        // server GC setting would only cost the short-lived worker memory.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["TMPDIR"] = folder;
        using var process = StartProcess(start);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None); // drained, never used
        bool exited;
        using (cancellationToken.Register(() => Stop(process)))
        {
            exited = process.WaitForExit(timeLimit);
            if (!exited)
            {
                Stop(process);
            }

            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        Task.WaitAll(error, output);
        // The worker's reason is its last line; codecs may have written warnings before it.
        var lastLine = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return new WorkerOutcome(exited ? process.ExitCode : null, lastLine.Length > 500 ? lastLine[..500] : lastLine);
    }

    private static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new DicomUnavailableException($"DICOM cannot be read on this machine: could not start the DICOM worker with {start.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new DicomUnavailableException($"DICOM cannot be read on this machine: could not start the DICOM worker with {start.FileName}: {e.Message}", e);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// The dotnet host: this process itself when it runs as "dotnet", else the one above the shared framework this
    /// process uses (root/shared/Microsoft.NETCore.App/version/), else "dotnet" from PATH.
    /// </summary>
    private static string FindHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == executable)
        {
            return self;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = Path.Combine(root, executable);
        return File.Exists(beside) ? beside : executable;
    }
}
