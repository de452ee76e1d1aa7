using System.Globalization;
using Fracture.Training.Engine;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>
/// Shows training on the console: one progress line per epoch with loss, images/s and ETA (redrawn in place on a
/// terminal, printed every tenth of an epoch when output goes to a log), and a line of metrics after each epoch.
/// </summary>
internal sealed class SpectreTrainingObserver : ITrainingObserver
{
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _lastTenth = -1;

    public void OnMessage(string message) => AnsiConsole.MarkupLine(Markup.Escape(message));

    public void OnEpochStart(int epoch, int epochs, int batches) => _lastTenth = -1;

    public void OnBatch(BatchProgress p)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {p.Epoch} {p.Batch}/{p.Batches} loss {p.MeanLoss:0.0000} {p.ImagesPerSecond:0.0} img/s ETA {p.EpochRemaining:mm\\:ss}");
        if (_interactive)
        {
            Console.Write($"\r{line}   ");
            return;
        }

        var tenth = p.Batch * 10 / Math.Max(1, p.Batches);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            Console.WriteLine(line);
        }
    }

    public void OnEpochEnd(EpochRecord record, bool isBest)
    {
        if (_interactive)
        {
            Console.WriteLine();
        }

        var values = string.Join("  ", record.Values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.000}")));
        AnsiConsole.MarkupLine($"[bold]epoch {record.Epoch}[/] {Markup.Escape(values)}  {record.Seconds:0}s{(isBest ? " [green]best[/]" : string.Empty)}");
    }
}
