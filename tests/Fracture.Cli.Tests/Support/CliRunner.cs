using System.Diagnostics;

namespace Fracture.Cli.Tests.Support;

/// <summary>
/// Runs the real `fracture` command line as a child process (`dotnet fracture.dll ...`), the build output that the
/// project reference copies next to the test assembly, and captures its exit code, stdout and stderr.
/// </summary>
internal static class CliRunner
{
    // A guard against a hung child, not a speed check: the test classes run in parallel, and on a busy 2-core machine
    // one tiny training run took over 2 minutes (a clean-clone run of the suite beside a training run).
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static string FractureDll { get; } = Path.Combine(AppContext.BaseDirectory, "fracture.dll");

    /// <summary>Runs `fracture` with <paramref name="args"/> in the repository root.</summary>
    public static CliResult Run(params string[] args) => RunIn(RepoPaths.RepoRoot, args);

    public static CliResult RunIn(string workingDirectory, params string[] args) => RunWith(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs `fracture` in the repository root with <paramref name="environment"/> added to the process's environment.</summary>
    public static CliResult RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => RunWith(RepoPaths.RepoRoot, environment, args);

    /// <summary>
    /// Runs `fracture` in <paramref name="workingDirectory"/> unable to read what file permissions forbid: as root (CI
    /// and this machine), under setpriv without the two capabilities that let root pass them.
    /// </summary>
    public static CliResult RunBoundByPermissions(string workingDirectory, params string[] args) =>
        Environment.IsPrivilegedProcess
            ? RunWith(workingDirectory, new Dictionary<string, string>(), args, ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all"])
            : RunWith(workingDirectory, new Dictionary<string, string>(), args);

    private static CliResult RunWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args, string[]? wrapper = null)
    {
        if (!File.Exists(FractureDll))
        {
            throw new InvalidOperationException($"fracture.dll not found at {FractureDll}; the test project must reference src/Fracture.Cli");
        }

        var start = new ProcessStartInfo(wrapper is null ? DotnetHost() : wrapper[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in wrapper?[1..] ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        if (wrapper is not null)
        {
            start.ArgumentList.Add(DotnetHost());
        }

        start.ArgumentList.Add(FractureDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Plain text: no colours or cursor movement from Spectre in what the tests read.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fracture {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    // The host that runs the tests (the dotnet CLI sets DOTNET_HOST_PATH for its children), else dotnet on PATH.
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
