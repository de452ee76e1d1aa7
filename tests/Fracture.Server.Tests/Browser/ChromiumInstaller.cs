using System.Diagnostics;

namespace Fracture.Server.Tests.Browser;

/// <summary>
/// Debian's chromium for the browser tests: used where it is, installed with apt-get when missing (Playwright's own
/// browser download is never used: the machines have no internet beyond the package mirrors).
/// </summary>
internal static class ChromiumInstaller
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>The chromium executable, installing the Debian package first when it is missing.</summary>
    public static Task<string> EnsureAsync() => Installed.Value;

    private static async Task<string> InstallAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return ExecutablePath;
        }

        await RunAsync("apt-get", "update");
        await RunAsync("apt-get", "install -y --no-install-recommends chromium");
        return File.Exists(ExecutablePath)
            ? ExecutablePath
            : throw new InvalidOperationException($"apt-get installed chromium but {ExecutablePath} is still missing");
    }

    private static async Task RunAsync(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{program} {arguments}' failed with exit code {process.ExitCode} (chromium is needed for the browser tests; run it as root): {await error}{await output}");
        }
    }
}
