using System.ComponentModel;
using System.Diagnostics;

namespace Fracture.Training.Export;

/// <summary>The commit a model was exported from, for its metadata: `git rev-parse HEAD`, or null without git or a repository.</summary>
public static class GitCommit
{
    public static string? TryRead(string workingDirectory)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("rev-parse");
        start.ArgumentList.Add("HEAD");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return null;
            }

            var commit = output.GetAwaiter().GetResult().Trim();
            return process.ExitCode == 0 && commit.Length >= 40 && commit.All(Uri.IsHexDigit) ? commit : null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
