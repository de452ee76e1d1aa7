using Fracture.Training.Engine;

namespace Fracture.Training.Tests.Plots;

public sealed class PlotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-plots-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Curves_and_confusion_matrix_are_written_as_png_with_text()
    {
        Assert.True(PlotFonts.Ensure(), "no font file found: install fonts-dejavu-core");
        RunPlots.WriteCurves(_root, [
            new EpochRecord(1, new Dictionary<string, double> { ["loss"] = 2, ["val_loss"] = 1.8, ["auc"] = 0.6 }, 0.001, 10),
            new EpochRecord(2, new Dictionary<string, double> { ["loss"] = 1.5, ["val_loss"] = 1.6, ["auc"] = 0.7 }, 0.001, 10),
        ]);
        ConfusionPlot.Write(Path.Combine(_root, "confusion.png"), ["no fracture", "elbow"], new[,] { { 5, 1 }, { 2, 7 } });

        foreach (var name in new[] { "loss.png", "metrics.png", "confusion.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_root, name));
            Assert.Equal(0x89, bytes[0]); // PNG signature
            Assert.Equal((byte)'P', bytes[1]);
        }

        Assert.Empty(Directory.GetFiles(_root, "*.tmp.png"));
    }
}
