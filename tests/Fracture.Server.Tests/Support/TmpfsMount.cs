using System.Diagnostics;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// A small tmpfs mounted on a fresh temp folder, unmounted on dispose: a disk that really fills up (ENOSPC from the
/// kernel, not a simulated exception). Needs root with the right to mount, as the project's test machines have.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why mounting is impossible here, or null when it works (checked once, by mounting and unmounting).</summary>
    public static string? Unavailable { get; } = Probe();

    public static TmpfsMount Create(int kilobytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fracture-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs on {path} failed ({code}): {output}");
        }

        return new TmpfsMount(path);
    }

    /// <summary>Writes a file until the disk refuses more; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler.bin");
        var block = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }

        return filler;
    }

    public void Dispose()
    {
        // Lazy: a pooled SQLite connection still holding a file must not keep the mount.
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left as an empty folder in the temp folder.
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts are Linux only";
        }

        try
        {
            using var mount = Create(64);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
