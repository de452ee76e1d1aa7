using System.Diagnostics;

namespace Fracture.Tests.Tools;

/// <summary>
/// Command-line tools from Debian packages that some tests run (dcmtk's img2dcm, libtiff's tiffcp): installed with apt-get when
/// missing, after one `apt-get update` per test run; as root, else through `sudo -n`.
/// </summary>
internal static class DebianTools
{
    private static readonly Lock Gate = new();
    private static bool _updated;

    /// <summary>The tool's path, installing <paramref name="package"/> first when the tool is not on PATH.</summary>
    public static string Require(string tool, string package)
    {
        lock (Gate)
        {
            if (Find(tool) is { } found)
            {
                return found;
            }

            if (!_updated)
            {
                AsRoot("apt-get", "update", "-qq");
                _updated = true;
            }

            AsRoot("apt-get", "install", "-y", "-qq", package);
            return Find(tool) ?? throw new InvalidOperationException($"installed {package} but {tool} is still not on PATH");
        }
    }

    /// <summary>Runs a program and returns its standard output; a non-zero exit fails with its standard error.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result.Trim()}");
    }

    private static void AsRoot(string program, params string[] arguments)
    {
        if (Environment.UserName == "root")
        {
            Run(program, arguments);
        }
        else
        {
            Run("sudo", ["-n", program, .. arguments]);
        }
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
