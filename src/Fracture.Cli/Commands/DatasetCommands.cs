using System.CommandLine;

namespace Fracture.Cli.Commands;

/// <summary>`fracture dataset ...`: check a YOLO dataset and make leakage-free splits.</summary>
internal static class DatasetCommands
{
    public static Command Create()
    {
        var dataset = new Command("dataset", "Inspect and split YOLO-format X-ray datasets.");
        return dataset;
    }
}
