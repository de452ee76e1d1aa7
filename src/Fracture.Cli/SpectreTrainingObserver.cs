using System.Globalization;
using Fracture.Core;
using Fracture.Training.Engine;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>
/// Shows training on the console: one progress line per epoch with loss, images/s and ETA (redrawn in place on a
/// terminal, printed every tenth of an epoch when output goes to a log), and a line of metrics after each epoch.
/// Also shows the preparation (image caching) the same way.
/// </summary>
internal sealed class SpectreTrainingObserver : ITrainingObserver, IProgress<WorkProgress>
{
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly Lock _gate = new();
    private int _lastTenth = -1;
    private string? _stage;

    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            var tenth = value.Done * 10 / Math.Max(1, value.Total);
            if (value.Stage != _stage)
            {
                _stage = value.Stage;
                _lastTenth = -1;
            }

            if (_interactive)
            {
                Console.Write($"\r{value.Stage} {value.Done}/{value.Total}   ");
                if (value.Done == value.Total)
                {
                    Console.WriteLine();
                }
            }
            else if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                Console.WriteLine($"{value.Stage} {value.Done}/{value.Total}");
            }
        }
    }

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
