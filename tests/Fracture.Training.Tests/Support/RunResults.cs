using System.Globalization;

namespace Fracture.Training.Tests.Support;

/// <summary>Reads a run's results.csv as one dictionary per epoch (column name to value).</summary>
internal static class RunResults
{
    public static List<Dictionary<string, double>> Read(string run)
    {
        var lines = File.ReadAllLines(Path.Combine(run, "results.csv"));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(','), (h, v) => (h, v))
            .ToDictionary(t => t.h, t => double.Parse(t.v, CultureInfo.InvariantCulture)))];
    }
}
