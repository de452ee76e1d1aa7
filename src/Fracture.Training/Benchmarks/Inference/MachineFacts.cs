using System.Reflection;
using System.Runtime.InteropServices;
using Fracture.Inference;
using TorchSharp;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>The machine and software a benchmark ran on, so figures from different machines are not mixed up.</summary>
/// <param name="CpuModel">The "model name" of /proc/cpuinfo ("unknown" where there is none).</param>
/// <param name="Cores">Logical processors this process may use.</param>
/// <param name="Threads">Intra-op threads each engine was given.</param>
/// <param name="LoadAverage">1, 5 and 15 minute load averages at the start (/proc/loadavg): other work distorts the figures.</param>
/// <param name="Preload">LD_PRELOAD (the memory allocator libtorch used: ./fracture preloads tcmalloc); empty when unset.</param>
public sealed record MachineFacts(
    string CpuModel,
    int Cores,
    int Threads,
    string LoadAverage,
    string OnnxRuntimeVersion,
    string TorchSharpVersion,
    string LibTorchVersion,
    string Runtime,
    string OperatingSystem,
    string Preload)
{
    public static MachineFacts Collect(int threads) => new(
        CpuModelFrom(ReadOrEmpty("/proc/cpuinfo")),
        Environment.ProcessorCount,
        threads,
        string.Join(' ', ReadOrEmpty("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)),
        Predictor.RuntimeVersion,
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown",
        torch.__version__,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        Environment.GetEnvironmentVariable("LD_PRELOAD") ?? string.Empty);

    /// <summary>The first "model name" of a /proc/cpuinfo text, or "unknown".</summary>
    public static string CpuModelFrom(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "model name")
            {
                var value = line[(colon + 1)..].Trim();
                return value.Length > 0 ? value : "unknown";
            }
        }

        return "unknown";
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
